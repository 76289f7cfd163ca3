package sim

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The one setter of parameters. Scenario files, sweeps, calibrations and the
// web form all change a parameter through SetParam (a typed value, as YAML
// decodes it) or SetParamText (text typed into a form); both follow the
// paths of ParamValues and neither validates ranges: call Validate, or use
// SetParams, which sets several values and validates the result once.

// Limits on what one call may create, so a form cannot grow a parameter set
// without bound.
const (
	maxParamRows = 100
	maxParamText = 500
	maxListWord  = 64
)

// SetParams sets the values at keys on a copy of p, validates it, and only
// then stores it in p: on error p is unchanged. Errors are *ParamError.
func SetParams(p *Params, keys []string, values []any) error {
	if len(keys) != len(values) {
		return fmt.Errorf("set: %d keys for %d values", len(keys), len(values))
	}
	q := p.Clone()
	for k, key := range keys {
		if err := SetParam(&q, key, values[k]); err != nil {
			return err
		}
	}
	if err := q.Validate(); err != nil {
		return err
	}
	*p = q
	return nil
}

// Clone returns a deep copy of p: changing a map or list of the copy leaves
// p unchanged.
func (p Params) Clone() Params {
	q := p
	cloneMaps(reflect.ValueOf(&q).Elem())
	return q
}

func cloneMaps(v reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				cloneMaps(v.Field(i))
			}
		}
	case reflect.Map:
		if v.IsNil() {
			return
		}
		m := reflect.MakeMapWithSize(v.Type(), v.Len())
		iter := v.MapRange()
		for iter.Next() {
			m.SetMapIndex(iter.Key(), iter.Value())
		}
		v.Set(m)
	case reflect.Slice:
		if v.IsNil() {
			return
		}
		s := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		reflect.Copy(s, v)
		v.Set(s)
	}
}

// SetParam stores value (a number, bool, text, month, list or list of rows,
// as a YAML decoder or a Go caller gives it) at path. Text is read as
// SetParamText reads it.
func SetParam(p *Params, path string, value any) error {
	if s, ok := value.(string); ok {
		return SetParamText(p, path, s)
	}
	return setAt(p, path, func(v reflect.Value) error {
		var n yaml.Node
		if err := n.Encode(value); err != nil {
			return err
		}
		return decodeInto(v, &n)
	})
}

// SetParamText parses text as the value at path: a number, a whole number,
// yes/no (true, on, yes, 1 / false, off, no, 0), a month YYYY-MM, text, or a
// comma-separated list of words.
func SetParamText(p *Params, path, text string) error {
	return setAt(p, path, func(v reflect.Value) error { return setLeafText(v, text) })
}

// setAt walks path from p, copying maps and lists on the way so that p
// shares nothing it changes, and calls set on the value found.
func setAt(p *Params, path string, set func(reflect.Value) error) error {
	v := reflect.ValueOf(p).Elem()
	parts := strings.Split(path, ".")
	for i, part := range parts {
		name, idx, err := splitIndex(part)
		if err != nil {
			return &ParamError{Key: path, Msg: err.Error()}
		}
		switch v.Kind() {
		case reflect.Struct:
			f, ok := fieldByKey(v, name)
			if !ok || (v.Type() == monthType) {
				return &ParamError{Key: path, Msg: unknownParam(strings.Join(parts[:i+1], "."))}
			}
			v = f
		case reflect.Map:
			if i != len(parts)-1 || idx >= 0 || v.Type().Elem().Kind() != reflect.Float64 {
				return &ParamError{Key: path, Msg: "no such parameter"}
			}
			x := reflect.New(v.Type().Elem()).Elem()
			if old := v.MapIndex(reflect.ValueOf(name)); old.IsValid() {
				x.Set(old)
			}
			if err := set(x); err != nil {
				return &ParamError{Key: path, Msg: err.Error()}
			}
			m := reflect.MakeMapWithSize(v.Type(), v.Len()+1)
			iter := v.MapRange()
			for iter.Next() {
				m.SetMapIndex(iter.Key(), iter.Value())
			}
			m.SetMapIndex(reflect.ValueOf(name), x)
			v.Set(m)
			return nil
		default:
			return &ParamError{Key: path, Msg: fmt.Sprintf("%s is not a group of parameters", strings.Join(parts[:i], "."))}
		}
		if idx >= 0 {
			switch {
			case v.Kind() == reflect.Array:
				if idx >= v.Len() {
					return &ParamError{Key: path, Msg: fmt.Sprintf("index %d is beyond the end (%d entries)", idx, v.Len())}
				}
				v = v.Index(idx)
			case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Struct:
				if idx > v.Len() || idx >= maxParamRows {
					return &ParamError{Key: path, Msg: fmt.Sprintf("row %d is beyond the end of the list (%d rows)", idx, v.Len())}
				}
				cp := reflect.MakeSlice(v.Type(), v.Len(), v.Len()+1)
				reflect.Copy(cp, v)
				if idx == v.Len() {
					cp = reflect.Append(cp, reflect.Zero(v.Type().Elem()))
				}
				v.Set(cp)
				v = v.Index(idx)
			default:
				return &ParamError{Key: path, Msg: "no such parameter"}
			}
		}
	}
	if v.Kind() == reflect.Struct && v.Type() != monthType {
		return &ParamError{Key: path, Msg: "is a group of parameters, not a value"}
	}
	if err := set(v); err != nil {
		return &ParamError{Key: path, Msg: err.Error()}
	}
	return nil
}

// unknownParam names the nearest declared parameters of a mistyped path.
func unknownParam(path string) string {
	var near []string
	for _, s := range ParamSpecs() {
		if editDistance(s.Path, path) <= 3 {
			near = append(near, s.Path)
		}
	}
	msg := "no such parameter"
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		msg = fmt.Sprintf("no such parameter %q in %s", path[i+1:], path[:i])
	}
	if len(near) > 0 {
		msg += " (did you mean " + strings.Join(near, ", ") + "?)"
	}
	return msg
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func decodeInto(v reflect.Value, n *yaml.Node) error {
	tmp := reflect.New(v.Type())
	tmp.Elem().Set(v)
	if err := n.Decode(tmp.Interface()); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) && len(te.Errors) > 0 {
			return fmt.Errorf("want a %s: %s", kindOfType(v.Type()), strings.TrimPrefix(te.Errors[0], "line 0: "))
		}
		return fmt.Errorf("want a %s: %v", kindOfType(v.Type()), err)
	}
	if v.Kind() == reflect.Float64 {
		if x := tmp.Elem().Float(); math.IsNaN(x) || math.IsInf(x, 0) {
			return errors.New("must be a finite number")
		}
	}
	v.Set(tmp.Elem())
	return nil
}

func kindOfType(t reflect.Type) string {
	switch {
	case t == monthType:
		return "month (YYYY-MM)"
	case t.Kind() == reflect.Float64:
		return "number"
	case t.Kind() == reflect.Int:
		return "whole number"
	case t.Kind() == reflect.Bool:
		return "true or false"
	case t.Kind() == reflect.String:
		return "text"
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.String:
		return "list of words"
	}
	return "list of rows"
}

func setLeafText(v reflect.Value, text string) error {
	text = strings.TrimSpace(text)
	switch {
	case v.Type() == monthType:
		m, err := ParseMonth(text)
		if err != nil {
			return err
		}
		v.SetInt(int64(m))
	case v.Kind() == reflect.Float64:
		x, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return fmt.Errorf("%q is not a number", clipText(text))
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("%q is not a finite number", clipText(text))
		}
		v.SetFloat(x)
	case v.Kind() == reflect.Int:
		n, err := strconv.ParseInt(text, 10, 32)
		if err != nil {
			return fmt.Errorf("%q is not a whole number", clipText(text))
		}
		v.SetInt(n)
	case v.Kind() == reflect.Bool:
		switch strings.ToLower(text) {
		case "true", "on", "yes", "1":
			v.SetBool(true)
		case "false", "off", "no", "0":
			v.SetBool(false)
		default:
			return fmt.Errorf("%q is not yes or no", clipText(text))
		}
	case v.Kind() == reflect.String:
		if len(text) > maxParamText {
			return fmt.Errorf("longer than %d characters", maxParamText)
		}
		v.SetString(text)
	case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.String:
		var words []string
		for w := range strings.SplitSeq(text, ",") {
			if w = strings.TrimSpace(w); w != "" {
				if len(w) > maxListWord {
					return fmt.Errorf("%q is longer than %d characters", clipText(w), maxListWord)
				}
				words = append(words, w)
			}
		}
		if len(words) > maxParamRows {
			return fmt.Errorf("more than %d entries", maxParamRows)
		}
		v.Set(reflect.ValueOf(words))
	default:
		// Lists of rows are set row field by row field, or as a whole
		// through SetParam with a decoded list.
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(text), &n); err != nil || len(n.Content) == 0 {
			return fmt.Errorf("want a %s", kindOfType(v.Type()))
		}
		return decodeInto(v, n.Content[0])
	}
	return nil
}

// clipText shortens user text quoted in messages.
func clipText(s string) string {
	r := []rune(s)
	if len(r) <= 40 {
		return s
	}
	return string(r[:40]) + "…"
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
