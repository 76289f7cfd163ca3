package sim

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// ParamDoc documents one parameter: its YAML path, unit, allowed range,
// baseline value, meaning, source and the kind of that source.
type ParamDoc struct {
	Key     string
	Unit    string
	Range   string
	Default string
	Doc     string
	Source  string
	Basis   Basis
}

// ParamDocs lists every parameter of Params with its baseline value (from
// BaselineParams), in declaration order. docs/model.md's parameter tables
// are generated from it.
func ParamDocs() []ParamDoc {
	p := reflect.ValueOf(BaselineParams())
	var out []ParamDoc
	for _, s := range ParamSpecs() {
		d := ParamDoc{Key: s.Path, Unit: s.Unit, Doc: s.Doc, Source: s.Source, Basis: s.Basis, Default: formatDefault(fieldAt(p, s.Path))}
		switch {
		case s.Kind == KindMonth && s.Range != (Range{}):
			d.Range = Month(s.Range.Min).String() + " to " + Month(s.Range.Max).String()
		case len(s.Enum) > 0:
			d.Range = strings.Join(s.Enum, ", ")
		default:
			d.Range = s.Range.String()
		}
		out = append(out, d)
	}
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
			fmt.Fprintf(&b, "\n#### `%s`\n\n| parameter | unit | range | baseline | meaning | source | basis |\n|---|---|---|---|---|---|---|\n", g)
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s | %s |\n", d.Key, esc(d.Unit), esc(d.Range), esc(d.Default), esc(d.Doc), esc(d.Source), d.Basis)
	}
	return b.String()
}

func esc(s string) string { return strings.ReplaceAll(s, "|", "\\|") }
