package params

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/bubblelab/bubblelab/sim"
)

// Kind is how a parameter's value is written.
type Kind int

const (
	Float Kind = iota // a real number
	Int               // a whole number
	Bool              // true or false
	Month             // a calendar month, YYYY-MM
	Text              // free text
	List              // a list of words, written comma-separated
)

func (k Kind) String() string {
	switch k {
	case Float:
		return "number"
	case Int:
		return "whole number"
	case Bool:
		return "yes/no"
	case Month:
		return "month"
	case Text:
		return "text"
	case List:
		return "list"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Field is one parameter of a scenario.
type Field struct {
	// Path is the dotted YAML path, as in scenario files and sim.ParamError.
	Path string
	// Group is the top-level YAML key the parameter belongs to ("demand");
	// empty for the scenario's own top-level fields (name, start, months).
	Group string
	Kind  Kind
	// Value is the current value written as Set reads it.
	Value  string
	Unit   string // from the unit tag; may be empty
	Doc    string // from the doc tag
	Source string // from the src tag
	// Row is the list row index of a field of a list of structs (the
	// export-control schedule), -1 otherwise.
	Row int
}

// Fields lists every parameter of p in declaration order; map entries are
// in key order and list rows in list order.
func Fields(p sim.Params) []Field {
	var out []Field
	walk(reflect.ValueOf(p), "", "", tags{}, -1, &out)
	return out
}

type tags struct{ unit, doc, src string }

func walk(v reflect.Value, prefix, group string, t tags, row int, out *[]Field) {
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[sim.Month]() {
			break
		}
		typ := v.Type()
		for i := range typ.NumField() {
			sf := typ.Field(i)
			key := yamlKey(sf)
			if key == "" {
				continue
			}
			path := key
			if prefix != "" {
				path = prefix + "." + key
			}
			g := group
			if prefix == "" && isGroup(sf.Type) {
				g = key
			}
			walk(v.Field(i), path, g, tags{sf.Tag.Get("unit"), sf.Tag.Get("doc"), sf.Tag.Get("src")}, row, out)
		}
		return
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String || v.Type().Elem().Kind() != reflect.Float64 {
			return
		}
		keys := make([]string, 0, v.Len())
		for _, k := range v.MapKeys() {
			keys = append(keys, k.String())
		}
		slices.Sort(keys)
		for _, k := range keys {
			*out = append(*out, Field{Path: prefix + "." + k, Group: group, Kind: Float,
				Value: formatFloat(v.MapIndex(reflect.ValueOf(k)).Float()), Unit: t.unit, Doc: t.doc + " (" + k + ")", Source: t.src, Row: row})
		}
		return
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.String {
			words := make([]string, v.Len())
			for i := range words {
				words[i] = v.Index(i).String()
			}
			*out = append(*out, Field{Path: prefix, Group: group, Kind: List, Value: strings.Join(words, ", "), Unit: t.unit, Doc: t.doc, Source: t.src, Row: row})
			return
		}
		if v.Type().Elem().Kind() == reflect.Struct {
			for i := range v.Len() {
				walk(v.Index(i), fmt.Sprintf("%s[%d]", prefix, i), group, t, i, out)
			}
		}
		return
	}
	f := Field{Path: prefix, Group: group, Unit: t.unit, Doc: t.doc, Source: t.src, Row: row}
	switch {
	case v.Type() == reflect.TypeFor[sim.Month]():
		f.Kind, f.Value = Month, sim.Month(v.Int()).String()
	case v.Kind() == reflect.Float64:
		f.Kind, f.Value = Float, formatFloat(v.Float())
	case v.Kind() == reflect.Int:
		f.Kind, f.Value = Int, strconv.FormatInt(v.Int(), 10)
	case v.Kind() == reflect.Bool:
		f.Kind, f.Value = Bool, strconv.FormatBool(v.Bool())
	case v.Kind() == reflect.String:
		f.Kind, f.Value = Text, v.String()
	default:
		return
	}
	*out = append(*out, f)
}

// isGroup reports whether a top-level field is a group of parameters
// rather than a parameter itself.
func isGroup(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && t != reflect.TypeFor[sim.Month]()
}

func yamlKey(sf reflect.StructField) string {
	if !sf.IsExported() {
		return ""
	}
	tag := sf.Tag.Get("yaml")
	name, _, _ := strings.Cut(tag, ",")
	if name == "-" {
		return ""
	}
	return name
}

func formatFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// Error is a parameter that could not be set, named by its path.
type Error struct {
	Path string
	Msg  string
}

func (e *Error) Error() string { return e.Path + ": " + e.Msg }

// Set parses text as the value of the parameter at path and stores it in p.
// Maps are copied before they are changed, so p never shares a changed map
// with the value it was copied from. Set does not validate ranges; call
// p.Validate (or Apply) afterwards. An error is an *Error naming the path.
func Set(p *sim.Params, path, text string) error {
	v := reflect.ValueOf(p).Elem()
	parts := strings.Split(path, ".")
	for i, part := range parts {
		name, idx, err := splitIndex(part)
		if err != nil {
			return &Error{path, err.Error()}
		}
		switch v.Kind() {
		case reflect.Struct:
			f, ok := fieldByKey(v, name)
			if !ok {
				return &Error{path, "no such parameter"}
			}
			v = f
		case reflect.Map:
			if i != len(parts)-1 || idx >= 0 {
				return &Error{path, "no such parameter"}
			}
			x, err := parseFloat(text)
			if err != nil {
				return &Error{path, err.Error()}
			}
			m := reflect.MakeMapWithSize(v.Type(), v.Len()+1)
			for _, k := range v.MapKeys() {
				m.SetMapIndex(k, v.MapIndex(k))
			}
			m.SetMapIndex(reflect.ValueOf(name), reflect.ValueOf(x))
			v.Set(m)
			return nil
		default:
			return &Error{path, "no such parameter"}
		}
		if idx >= 0 {
			if v.Kind() != reflect.Slice || v.Type().Elem().Kind() != reflect.Struct {
				return &Error{path, "no such parameter"}
			}
			if idx > v.Len() || idx > maxRows {
				return &Error{path, fmt.Sprintf("row %d is beyond the end of the list (%d rows)", idx, v.Len())}
			}
			if idx == v.Len() {
				grown := reflect.Append(v, reflect.Zero(v.Type().Elem()))
				v.Set(grown)
			} else {
				// Copy the slice so that p does not share changed rows.
				cp := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
				reflect.Copy(cp, v)
				v.Set(cp)
			}
			v = v.Index(idx)
		}
	}
	return setLeaf(v, path, text)
}

// maxRows bounds list rows a form may create.
const maxRows = 100

func setLeaf(v reflect.Value, path, text string) error {
	text = strings.TrimSpace(text)
	switch {
	case v.Type() == reflect.TypeFor[sim.Month]():
		m, err := sim.ParseMonth(text)
		if err != nil {
			return &Error{path, err.Error()}
		}
		v.SetInt(int64(m))
	case v.Kind() == reflect.Float64:
		x, err := parseFloat(text)
		if err != nil {
			return &Error{path, err.Error()}
		}
		v.SetFloat(x)
	case v.Kind() == reflect.Int:
		n, err := strconv.ParseInt(text, 10, 32)
		if err != nil {
			return &Error{path, fmt.Sprintf("%q is not a whole number", clip(text))}
		}
		v.SetInt(n)
	case v.Kind() == reflect.Bool:
		switch strings.ToLower(text) {
		case "true", "on", "yes", "1":
			v.SetBool(true)
		case "false", "off", "no", "0":
			v.SetBool(false)
		default:
			return &Error{path, fmt.Sprintf("%q is not yes or no", clip(text))}
		}
	case v.Kind() == reflect.String:
		if len(text) > maxText {
			return &Error{path, fmt.Sprintf("longer than %d characters", maxText)}
		}
		v.SetString(text)
	case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.String:
		var words []string
		for w := range strings.SplitSeq(text, ",") {
			if w = strings.TrimSpace(w); w != "" {
				if len(w) > 64 {
					return &Error{path, fmt.Sprintf("%q is longer than 64 characters", clip(w))}
				}
				words = append(words, w)
			}
		}
		if len(words) > maxRows {
			return &Error{path, fmt.Sprintf("more than %d entries", maxRows)}
		}
		v.Set(reflect.ValueOf(words))
	default:
		return &Error{path, "is a group of parameters, not a value"}
	}
	return nil
}

// maxText bounds free-text parameters (name, description).
const maxText = 500

func parseFloat(text string) (float64, error) {
	x, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a number", clip(text))
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, fmt.Errorf("%q is not a finite number", clip(text))
	}
	return x, nil
}

// clip shortens user text quoted in messages.
func clip(s string) string {
	if len(s) <= 40 {
		return s
	}
	r := []rune(s)
	if len(r) > 40 {
		r = r[:40]
	}
	return string(r) + "…"
}

func splitIndex(part string) (string, int, error) {
	i := strings.IndexByte(part, '[')
	if i < 0 {
		return part, -1, nil
	}
	if !strings.HasSuffix(part, "]") {
		return "", 0, errors.New("malformed list index")
	}
	n, err := strconv.Atoi(part[i+1 : len(part)-1])
	if err != nil || n < 0 {
		return "", 0, errors.New("malformed list index")
	}
	return part[:i], n, nil
}

func fieldByKey(v reflect.Value, key string) (reflect.Value, bool) {
	t := v.Type()
	for i := range t.NumField() {
		if yamlKey(t.Field(i)) == key {
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}

// Apply sets every value of a submitted form on top of base and validates
// the result with sim.Params.Validate. Keys are parameter paths; keys of
// rows of a list of structs ("export_controls.schedule[2].from") replace
// that whole list, in row order, and a row whose fields are all blank is
// dropped, so a form can add and remove rows. Keys are applied in sorted
// order, so the outcome does not depend on the order of the form.
//
// The first problem is returned as an *Error naming the parameter.
func Apply(base sim.Params, values map[string]string) (sim.Params, error) {
	p := base
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	rows := map[string]map[int]map[string]string{} // list path -> row -> field -> text
	for _, k := range keys {
		if i := strings.IndexByte(k, '['); i >= 0 {
			j := strings.IndexByte(k, ']')
			if j < i || j+1 >= len(k) || k[j+1] != '.' {
				return base, &Error{k, "no such parameter"}
			}
			n, err := strconv.Atoi(k[i+1 : j])
			if err != nil || n < 0 || n > maxRows {
				return base, &Error{k, "malformed list index"}
			}
			list := k[:i]
			if rows[list] == nil {
				rows[list] = map[int]map[string]string{}
			}
			if rows[list][n] == nil {
				rows[list][n] = map[string]string{}
			}
			rows[list][n][k[j+2:]] = values[k]
			continue
		}
		if err := Set(&p, k, values[k]); err != nil {
			return base, err
		}
	}
	lists := make([]string, 0, len(rows))
	for l := range rows {
		lists = append(lists, l)
	}
	slices.Sort(lists)
	for _, list := range lists {
		if err := resetList(&p, list); err != nil {
			return base, err
		}
		idx := make([]int, 0, len(rows[list]))
		for n := range rows[list] {
			idx = append(idx, n)
		}
		slices.Sort(idx)
		next := 0
		for _, n := range idx {
			fields := rows[list][n]
			blank := true
			for _, t := range fields {
				if strings.TrimSpace(t) != "" {
					blank = false
				}
			}
			if blank {
				continue
			}
			names := make([]string, 0, len(fields))
			for f := range fields {
				names = append(names, f)
			}
			slices.Sort(names)
			for _, f := range names {
				path := fmt.Sprintf("%s[%d].%s", list, next, f)
				if err := Set(&p, path, fields[f]); err != nil {
					// Name the field as the form did.
					var pe *Error
					if errors.As(err, &pe) {
						pe.Path = fmt.Sprintf("%s[%d].%s", list, n, f)
					}
					return base, err
				}
			}
			next++
		}
	}
	if err := p.Validate(); err != nil {
		var pe *sim.ParamError
		if errors.As(err, &pe) {
			return base, &Error{pe.Key, pe.Msg}
		}
		return base, &Error{"", err.Error()}
	}
	return p, nil
}

// resetList empties the list of structs at path.
func resetList(p *sim.Params, path string) error {
	v := reflect.ValueOf(p).Elem()
	for part := range strings.SplitSeq(path, ".") {
		if v.Kind() != reflect.Struct {
			return &Error{path, "no such parameter"}
		}
		f, ok := fieldByKey(v, part)
		if !ok {
			return &Error{path, "no such parameter"}
		}
		v = f
	}
	if v.Kind() != reflect.Slice || v.Type().Elem().Kind() != reflect.Struct {
		return &Error{path, "no such parameter"}
	}
	v.Set(reflect.MakeSlice(v.Type(), 0, 0))
	return nil
}
