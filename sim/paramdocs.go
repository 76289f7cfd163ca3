package sim

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// ParamDoc documents one parameter: its YAML path, unit, default value,
// meaning and source, read from the struct tags of Params.
type ParamDoc struct {
	Key     string
	Unit    string
	Default string
	Doc     string
	Source  string
}

// ParamDocs lists every parameter of Params with its default (from
// DefaultParams), in declaration order. docs/model.md's parameter tables
// are generated from it.
func ParamDocs() []ParamDoc {
	var out []ParamDoc
	var walk func(v reflect.Value, t reflect.Type, prefix string)
	walk = func(v reflect.Value, t reflect.Type, prefix string) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			key := strings.Split(f.Tag.Get("yaml"), ",")[0]
			if key == "" || key == "-" {
				continue
			}
			if prefix != "" {
				key = prefix + "." + key
			}
			fv := v.Field(i)
			if f.Type.Kind() == reflect.Struct && f.Type != reflect.TypeFor[Month]() {
				walk(fv, f.Type, key)
				continue
			}
			out = append(out, ParamDoc{Key: key, Unit: f.Tag.Get("unit"), Default: formatDefault(fv), Doc: f.Tag.Get("doc"), Source: f.Tag.Get("src")})
		}
	}
	p := DefaultParams()
	walk(reflect.ValueOf(p), reflect.TypeOf(p), "")
	return out
}

func formatDefault(v reflect.Value) string {
	switch x := v.Interface().(type) {
	case Month:
		return x.String()
	case []string:
		return strings.Join(x, ", ")
	case map[string]float64:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = fmt.Sprintf("%s %g", k, x[k])
		}
		return strings.Join(parts, "; ")
	case []ControlStep:
		parts := make([]string, len(x))
		for i, s := range x {
			parts[i] = fmt.Sprintf("%s: %g", s.From, s.Stringency)
		}
		return strings.Join(parts, "; ")
	case float64:
		return fmt.Sprintf("%g", x)
	}
	return fmt.Sprint(v.Interface())
}

// ParamTable renders ParamDocs as Markdown tables, one per parameter group.
func ParamTable() string {
	var b strings.Builder
	group := ""
	for _, d := range ParamDocs() {
		g := "run"
		if i := strings.Index(d.Key, "."); i >= 0 {
			g = d.Key[:i]
		}
		if g != group {
			group = g
			fmt.Fprintf(&b, "\n#### `%s`\n\n| parameter | unit | default | meaning | source |\n|---|---|---|---|---|\n", g)
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", d.Key, esc(d.Unit), esc(d.Default), esc(d.Doc), esc(d.Source))
	}
	return b.String()
}

func esc(s string) string { return strings.ReplaceAll(s, "|", "\\|") }
