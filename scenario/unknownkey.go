package scenario

import (
	"reflect"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/bubblelab/bubblelab/inputerr"
)

// unknownKey rewrites yaml's "field X not found in type T" at a line of doc
// into a message a scenario writer can act on: the key's dotted place in
// the file and the keys valid there. It returns nil when msg is not such an
// error or the key cannot be found.
func unknownKey(name string, doc *yaml.Node, line int, msg string) error {
	key := fieldOf(msg)
	if key == "" || line == 0 {
		return nil
	}
	path, ok := keyPath(doc, key, line, nil)
	if !ok {
		return nil
	}
	valid := validKeys(reflect.TypeOf(file{}), path)
	if valid == nil {
		return nil
	}
	where := "at the top level"
	if len(path) > 0 {
		where = "in " + strings.Join(path, ".")
	}
	field := strings.Join(append(append([]string(nil), path...), key), ".")
	return inputerr.New(name, line, field, "unknown key %q %s; valid keys: %s", key, where, strings.Join(valid, ", "))
}

// keyPath finds the mapping key named key on line and returns the keys of
// the mappings that enclose it.
func keyPath(n *yaml.Node, key string, line int, parents []string) ([]string, bool) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Value == key && k.Line == line {
				return parents, true
			}
			if p, ok := keyPath(v, key, line, append(parents, k.Value)); ok {
				return p, true
			}
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			if p, ok := keyPath(c, key, line, parents); ok {
				return p, true
			}
		}
	}
	return nil, false
}

// validKeys lists the yaml keys of the struct reached from t by path, in
// declaration order, or nil when path does not lead to a struct.
func validKeys(t reflect.Type, path []string) []string {
	for _, part := range path {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return nil
		}
		f, ok := fieldByKey(t, part)
		if !ok {
			return nil
		}
		t = f.Type
	}
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	var keys []string
	collectKeys(t, &keys)
	return keys
}

// fieldByKey finds the field of struct t whose yaml key is key, looking
// into inline fields.
func fieldByKey(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		name, inline := yamlName(f)
		if inline {
			if g, ok := fieldByKey(f.Type, key); ok {
				return g, true
			}
			continue
		}
		if name == key {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func collectKeys(t reflect.Type, keys *[]string) {
	for i := range t.NumField() {
		f := t.Field(i)
		name, inline := yamlName(f)
		switch {
		case inline:
			collectKeys(f.Type, keys)
		case name != "" && name != "-" && !slices.Contains(*keys, name):
			*keys = append(*keys, name)
		}
	}
}

// yamlName is a field's yaml key and whether it is inlined.
func yamlName(f reflect.StructField) (string, bool) {
	tag := f.Tag.Get("yaml")
	name, opts, _ := strings.Cut(tag, ",")
	if strings.Contains(","+opts+",", ",inline,") {
		return "", true
	}
	if !f.IsExported() {
		return "", false
	}
	if name == "" {
		name = strings.ToLower(f.Name)
	}
	return name, false
}
