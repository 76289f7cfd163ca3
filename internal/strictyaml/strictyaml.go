// Package strictyaml decodes a YAML document into Go structs strictly, for
// files a user writes by hand (sweep specs): every key must name a field,
// keys appear once, values have the field's type and lie within the bounds
// declared in struct tags, and anchors, aliases and merge keys are refused.
// Every error is an *inputerr.Error naming the file, the line and the dotted
// field, and a decoded Doc answers the line of any key for the checks the
// caller makes afterwards.
//
// Struct fields are matched by their yaml tag (`yaml:"key"`; `yaml:"-"` or
// no tag: not decoded). Further tags:
//
//	enum:"a|b|c"      a string-kinded field takes one of the listed values
//	range:"[lo,hi]"   a number lies in the interval; ( and ) exclude an end
//	len:"[lo,hi]"     a list has between lo and hi items
//	yaml:",line"      an int field receives the line of the struct's node
//	yaml:",key"       in a list of structs decoded from a mapping (ordered
//	yaml:",value"     pairs), the field receiving each key and each value
//
// Fields whose keys are absent keep the values they had, so defaults are
// set before decoding. A field of type any receives the value as
// yaml.v3 decodes it (numbers, text, booleans, lists, mappings).
package strictyaml

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/bubblelab/bubblelab/inputerr"
)

// Doc is a parsed YAML document.
type Doc struct {
	// File names the document in messages.
	File string
	// What says what the document is ("sweep spec"), in messages.
	What string
	root *yaml.Node // the top node; nil for an empty document
}

// Parse parses b as one YAML document. Syntax errors are located input
// errors.
func Parse(b []byte, file, what string) (*Doc, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		return nil, syntaxError(file, err)
	}
	d := &Doc{File: file, What: what}
	if len(root.Content) > 0 {
		d.root = root.Content[0]
	}
	return d, nil
}

// Empty reports whether the document has no content.
func (d *Doc) Empty() bool { return d.root == nil }

// Decode decodes the document into v, a pointer to a struct.
func (d *Doc) Decode(v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("strictyaml: Decode needs a pointer to a struct, not %T", v)
	}
	if d.root == nil {
		return nil
	}
	if d.root.Kind != yaml.MappingNode {
		return inputerr.New(d.File, d.root.Line, "", "a %s is a mapping of keys to values", d.what())
	}
	return d.decode(d.root, rv.Elem(), "", reflect.StructField{})
}

func (d *Doc) what() string {
	if d.What == "" {
		return "document"
	}
	return d.What
}

func (d *Doc) errf(n *yaml.Node, field, format string, args ...any) error {
	return inputerr.New(d.File, n.Line, field, format, args...)
}

func join(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

// decode decodes n into v; field is the dotted name for messages and f
// the struct field being filled (for its tags).
func (d *Doc) decode(n *yaml.Node, v reflect.Value, field string, f reflect.StructField) error {
	if n.Kind == yaml.AliasNode {
		return d.errf(n, field, "aliases are not supported in a %s", d.what())
	}
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		return d.decode(n, v.Elem(), field, f)
	}
	switch v.Kind() {
	case reflect.Struct:
		return d.structure(n, v, field)
	case reflect.Slice:
		return d.list(n, v, field, f)
	case reflect.Interface:
		return d.anyValue(n, v, field)
	}
	if n.Kind != yaml.ScalarNode {
		return d.errf(n, field, "want a single value")
	}
	if n.Tag == "!!null" {
		return d.errf(n, field, "missing value")
	}
	switch v.Kind() {
	case reflect.String:
		if n.Tag != "!!str" {
			return d.errf(n, field, "%q is not text", n.Value)
		}
		if e := f.Tag.Get("enum"); e != "" {
			allowed := strings.Split(e, "|")
			if !slices.Contains(allowed, n.Value) {
				return d.errf(n, field, "%q: want %s", n.Value, orList(allowed))
			}
		}
		v.SetString(n.Value)
	case reflect.Bool:
		var b bool
		if n.Tag != "!!bool" || n.Decode(&b) != nil {
			return d.errf(n, field, "%q is not true or false", n.Value)
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		var x int64
		if n.Tag != "!!int" || n.Decode(&x) != nil || v.OverflowInt(x) {
			return d.errf(n, field, "%q is not a whole number", n.Value)
		}
		if err := d.inRange(n, field, f, float64(x), strconv.FormatInt(x, 10)); err != nil {
			return err
		}
		v.SetInt(x)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		var x uint64
		if n.Tag != "!!int" || n.Decode(&x) != nil || v.OverflowUint(x) {
			return d.errf(n, field, "%q is not a whole number between 0 and %d", n.Value, ^uint64(0)>>(64-v.Type().Bits()))
		}
		if err := d.inRange(n, field, f, float64(x), strconv.FormatUint(x, 10)); err != nil {
			return err
		}
		v.SetUint(x)
	case reflect.Float32, reflect.Float64:
		var x float64
		if (n.Tag != "!!int" && n.Tag != "!!float") || n.Decode(&x) != nil {
			return d.errf(n, field, "%q is not a number", n.Value)
		}
		if math.IsNaN(x) || math.IsInf(x, 0) || v.OverflowFloat(x) {
			return d.errf(n, field, "%q is not a finite number", n.Value)
		}
		if err := d.inRange(n, field, f, x, strconv.FormatFloat(x, 'g', -1, 64)); err != nil {
			return err
		}
		v.SetFloat(x)
	default:
		return fmt.Errorf("strictyaml: %s: cannot decode into a %s", field, v.Type())
	}
	return nil
}

// structure decodes a mapping into a struct.
func (d *Doc) structure(n *yaml.Node, v reflect.Value, field string) error {
	if n.Kind != yaml.MappingNode {
		return d.errf(n, field, "want a mapping of keys to values")
	}
	t := v.Type()
	fields := map[string]int{}
	var known []string
	for i := range t.NumField() {
		name, opt := tagOf(t.Field(i))
		switch {
		case opt == "line" && name == "":
			v.Field(i).SetInt(int64(n.Line))
		case name != "" && name != "-":
			fields[name] = i
			known = append(known, name)
		}
	}
	return d.pairs(n, field, func(k, val *yaml.Node) error {
		i, ok := fields[k.Value]
		if !ok {
			return d.errf(k, join(field, k.Value), "unknown key %q; known keys: %s", k.Value, strings.Join(known, ", "))
		}
		return d.decode(val, v.Field(i), join(field, k.Value), t.Field(i))
	})
}

// pairs calls fn for every key and value of a mapping, in order, refusing
// keys that are not plain names, merge keys and duplicates.
func (d *Doc) pairs(n *yaml.Node, field string, fn func(k, v *yaml.Node) error) error {
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Value == "<<" {
			return d.errf(k, field, "merge keys (<<) are not supported in a %s", d.what())
		}
		if k.Kind != yaml.ScalarNode || !slices.Contains([]string{"!!str", "!!int", "!!float", "!!bool"}, k.Tag) {
			return d.errf(k, field, "keys must be plain names")
		}
		if seen[k.Value] {
			return d.errf(k, join(field, k.Value), "duplicate key %q", k.Value)
		}
		seen[k.Value] = true
		if err := fn(k, v); err != nil {
			return err
		}
	}
	return nil
}

// list decodes a sequence into a slice, or a mapping into a slice of
// key-value structs.
func (d *Doc) list(n *yaml.Node, v reflect.Value, field string, f reflect.StructField) error {
	et := v.Type().Elem()
	keyField, valField := -1, -1
	if et.Kind() == reflect.Struct {
		for i := range et.NumField() {
			switch name, opt := tagOf(et.Field(i)); {
			case name == "" && opt == "key":
				keyField = i
			case name == "" && opt == "value":
				valField = i
			}
		}
	}
	var count int
	switch {
	case keyField >= 0 && n.Kind == yaml.MappingNode:
		count = len(n.Content) / 2
	case keyField >= 0:
		return d.errf(n, field, "want a mapping of keys to values")
	case n.Kind == yaml.SequenceNode:
		count = len(n.Content)
	default:
		return d.errf(n, field, "want a list")
	}
	if lo, hi, ok := bounds(f.Tag.Get("len")); ok && (float64(count) < lo || float64(count) > hi) {
		return d.errf(n, field, "%d items; want %g to %g", count, lo, hi)
	}
	out := reflect.MakeSlice(v.Type(), 0, count)
	if keyField >= 0 {
		err := d.pairs(n, field, func(k, val *yaml.Node) error {
			e := reflect.New(et).Elem()
			e.Field(keyField).SetString(k.Value)
			for i := range et.NumField() {
				if name, opt := tagOf(et.Field(i)); name == "" && opt == "line" {
					e.Field(i).SetInt(int64(k.Line))
				}
			}
			if valField >= 0 {
				if err := d.decode(val, e.Field(valField), join(field, k.Value), et.Field(valField)); err != nil {
					return err
				}
			}
			out = reflect.Append(out, e)
			return nil
		})
		if err != nil {
			return err
		}
	} else {
		for _, item := range n.Content {
			e := reflect.New(et).Elem()
			if err := d.decode(item, e, field, f); err != nil {
				return err
			}
			out = reflect.Append(out, e)
		}
	}
	v.Set(out)
	return nil
}

// anyValue decodes any YAML value into an interface field.
func (d *Doc) anyValue(n *yaml.Node, v reflect.Value, field string) error {
	if a := findAlias(n); a != nil {
		return d.errf(a, field, "anchors and aliases are not supported in a %s", d.what())
	}
	var x any
	if err := n.Decode(&x); err != nil {
		return d.errf(n, field, "%v", err)
	}
	if x == nil {
		return d.errf(n, field, "missing value")
	}
	if f, ok := x.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
		return d.errf(n, field, "%q is not a finite number", n.Value)
	}
	if !reflect.TypeOf(x).AssignableTo(v.Type()) {
		return d.errf(n, field, "want a %s", v.Type())
	}
	v.Set(reflect.ValueOf(x))
	return nil
}

func findAlias(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return n
	}
	for _, c := range n.Content {
		if a := findAlias(c); a != nil {
			return a
		}
	}
	return nil
}

// inRange checks a number against the field's range tag.
func (d *Doc) inRange(n *yaml.Node, field string, f reflect.StructField, x float64, text string) error {
	r := f.Tag.Get("range")
	lo, hi, ok := bounds(r)
	if !ok {
		return nil
	}
	loOpen, hiOpen := r[0] == '(', r[len(r)-1] == ')'
	if x < lo || x > hi || (loOpen && x == lo) || (hiOpen && x == hi) {
		if !loOpen && !hiOpen {
			return d.errf(n, field, "%s must be between %g and %g", text, lo, hi)
		}
		return d.errf(n, field, "%s must be in %s", text, strings.ReplaceAll(r, ",", ", "))
	}
	return nil
}

var boundsRE = regexp.MustCompile(`^[\[(]([^,]+),([^,\])]+)[\])]$`)

// bounds reads an interval tag "[lo,hi]", "(lo,hi)", "[lo,hi)"...
func bounds(tag string) (lo, hi float64, ok bool) {
	m := boundsRE.FindStringSubmatch(tag)
	if m == nil {
		return 0, 0, false
	}
	lo, err1 := strconv.ParseFloat(m[1], 64)
	hi, err2 := strconv.ParseFloat(m[2], 64)
	if err1 != nil || err2 != nil {
		panic(fmt.Sprintf("strictyaml: bad interval tag %q", tag)) // a programming error
	}
	return lo, hi, true
}

func tagOf(f reflect.StructField) (name, opt string) {
	name, opt, _ = strings.Cut(f.Tag.Get("yaml"), ",")
	return name, opt
}

// orList writes "a, b or c".
func orList(xs []string) string {
	if len(xs) == 1 {
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " or " + xs[len(xs)-1]
}

// Has reports whether the key at a dotted path (e.g. "design.samples" or
// "design.parameters[1].min") is in the document.
func (d *Doc) Has(path string) bool {
	_, exact := d.lookup(path)
	return exact
}

// Line returns the line of the key at a dotted path, or of the nearest
// enclosing key present, or of the document's start.
func (d *Doc) Line(path string) int {
	line, _ := d.lookup(path)
	return line
}

// Errorf returns bad input at the key of path (see Line), with the path
// without list indices as the field.
func (d *Doc) Errorf(path, format string, args ...any) error {
	return inputerr.New(d.File, d.Line(path), indexRE.ReplaceAllString(path, ""), format, args...)
}

var indexRE = regexp.MustCompile(`\[\d+\]`)

func (d *Doc) lookup(path string) (line int, exact bool) {
	if d == nil || d.root == nil {
		return 0, false
	}
	n := d.root
	line = n.Line
	for _, part := range strings.Split(path, ".") {
		idx := -1
		if i := strings.Index(part, "["); i >= 0 && strings.HasSuffix(part, "]") {
			var err error
			if idx, err = strconv.Atoi(part[i+1 : len(part)-1]); err != nil {
				return line, false
			}
			part = part[:i]
		}
		if n.Kind != yaml.MappingNode {
			return line, false
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == part {
				line, next = n.Content[i].Line, n.Content[i+1]
				break
			}
		}
		if next == nil {
			return line, false
		}
		if idx >= 0 {
			if next.Kind != yaml.SequenceNode || idx >= len(next.Content) {
				return line, false
			}
			next = next.Content[idx]
			line = next.Line
		}
		n = next
	}
	return line, true
}

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// syntaxError converts a YAML syntax error into a located input error.
func syntaxError(file string, err error) error {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return inputerr.New(file, n, "", "%s", m[2])
	}
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		return syntaxError(file, errors.New(te.Errors[0]))
	}
	return inputerr.New(file, 0, "", "%s", strings.TrimPrefix(msg, "yaml: "))
}
