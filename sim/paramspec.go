package sim

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Every parameter is declared once, as a field of Params with struct tags:
//
//	yaml   the key in scenario files (the dotted path joins the keys)
//	unit   the unit ("share", "1/year", "USD bn")
//	range  the values allowed, as an interval: "[0,1]", "(0,)", "[1,1200]";
//	       for maps and arrays it applies to every entry
//	enum   the words allowed for a text parameter, "hpm|wealth"
//	doc    what the parameter means
//	src    where its value comes from
//	basis  what kind of source that is (see Basis)
//
// Validate, the parameter tables of docs/model.md, the web form's hints, the
// one setter (SetParam, SetParamText) and sweep and calibration ranges all
// read these tags through ParamSpecs and ParamValues; rules that tie several
// parameters together are the named functions of crossRules.

// ParamKind is how a parameter's value is written.
type ParamKind int

const (
	KindFloat ParamKind = iota // a real number
	KindInt                    // a whole number
	KindBool                   // true or false
	KindMonth                  // a calendar month, YYYY-MM
	KindText                   // free text or one word of an enum
	KindList                   // a list of words
	KindSteps                  // a list of rows (the export-control schedule)
)

func (k ParamKind) String() string {
	switch k {
	case KindFloat:
		return "number"
	case KindInt:
		return "whole number"
	case KindBool:
		return "yes/no"
	case KindMonth:
		return "month"
	case KindText:
		return "text"
	case KindList:
		return "list"
	case KindSteps:
		return "rows"
	}
	return fmt.Sprintf("ParamKind(%d)", int(k))
}

// Basis says what kind of source a parameter's value has. An economist
// reading a result wants to know which numbers are measured and which are
// somebody's choice.
type Basis string

const (
	BasisData       Basis = "data"       // a shipped data row or an official statistic
	BasisLiterature Basis = "literature" // a published estimate
	BasisEstimated  Basis = "estimated"  // estimated on the observed path by `bubblelab calibrate`
	BasisAssumption Basis = "assumption" // a stated choice with a rationale; varied in sweeps
	BasisDesign     Basis = "design"     // a modelling convention, not a behavioural claim
	BasisScenario   Basis = "scenario"   // set by a scenario (a switch, a shock, a policy)
)

var knownBases = []Basis{BasisData, BasisLiterature, BasisEstimated, BasisAssumption, BasisDesign, BasisScenario}

// Range is an interval of allowed values; a side without a bound is open-ended.
type Range struct {
	Min, Max         float64
	HasMin, HasMax   bool
	MinOpen, MaxOpen bool // the bound itself is excluded
}

// ParseRange reads an interval written "[0,1]", "(0,)", "[1,1200]" or "[0,1)".
func ParseRange(s string) (Range, error) {
	var r Range
	s = strings.TrimSpace(s)
	if len(s) < 3 || !strings.ContainsRune("[(", rune(s[0])) || !strings.ContainsRune("])", rune(s[len(s)-1])) {
		return r, fmt.Errorf("range %q: want [a,b], (a,b), [a,) ...", s)
	}
	lo, hi, ok := strings.Cut(s[1:len(s)-1], ",")
	if !ok {
		return r, fmt.Errorf("range %q: no comma", s)
	}
	r.MinOpen, r.MaxOpen = s[0] == '(', s[len(s)-1] == ')'
	var err error
	if lo = strings.TrimSpace(lo); lo != "" {
		if r.Min, err = strconv.ParseFloat(lo, 64); err != nil {
			return r, fmt.Errorf("range %q: %w", s, err)
		}
		r.HasMin = true
	}
	if hi = strings.TrimSpace(hi); hi != "" {
		if r.Max, err = strconv.ParseFloat(hi, 64); err != nil {
			return r, fmt.Errorf("range %q: %w", s, err)
		}
		r.HasMax = true
	}
	// An open end has no bound to exclude.
	r.MinOpen = r.MinOpen && r.HasMin
	r.MaxOpen = r.MaxOpen && r.HasMax
	if r.HasMin && r.HasMax && r.Min > r.Max {
		return r, fmt.Errorf("range %q: empty", s)
	}
	return r, nil
}

// parseMonthRange reads an interval of months, "[1990-01,2100-01]".
func parseMonthRange(s string) (Range, error) {
	s = strings.TrimSpace(s)
	if len(s) < 3 {
		return Range{}, fmt.Errorf("range %q: want [YYYY-MM,YYYY-MM]", s)
	}
	lo, hi, ok := strings.Cut(s[1:len(s)-1], ",")
	if !ok {
		return Range{}, fmt.Errorf("range %q: no comma", s)
	}
	num := func(t string) (string, error) {
		if t = strings.TrimSpace(t); t == "" {
			return "", nil
		}
		m, err := ParseMonth(t)
		if err != nil {
			return "", err
		}
		return strconv.Itoa(int(m)), nil
	}
	a, err := num(lo)
	if err != nil {
		return Range{}, err
	}
	b, err := num(hi)
	if err != nil {
		return Range{}, err
	}
	return ParseRange(s[:1] + a + "," + b + s[len(s)-1:])
}

// Contains reports whether x lies in the range (a NaN never does).
func (r Range) Contains(x float64) bool {
	if math.IsNaN(x) {
		return false
	}
	if r.HasMin && (x < r.Min || r.MinOpen && x == r.Min) {
		return false
	}
	if r.HasMax && (x > r.Max || r.MaxOpen && x == r.Max) {
		return false
	}
	return true
}

func fmtBound(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// String writes the range for people: "0 to 1", "above 0", "at least 1".
func (r Range) String() string {
	lo, hi := fmtBound(r.Min), fmtBound(r.Max)
	switch {
	case r.HasMin && r.HasMax && !r.MinOpen && !r.MaxOpen:
		return lo + " to " + hi
	case r.HasMin && r.HasMax:
		return fmt.Sprintf("in %s%s, %s%s", map[bool]string{true: "(", false: "["}[r.MinOpen], lo, hi, map[bool]string{true: ")", false: "]"}[r.MaxOpen])
	case r.HasMin && r.MinOpen:
		return "above " + lo
	case r.HasMin:
		return "at least " + lo
	case r.HasMax && r.MaxOpen:
		return "below " + hi
	case r.HasMax:
		return "at most " + hi
	}
	return ""
}

// violation says why v is outside the range, in the words people expect
// ("must be between 0 and 1", "must be positive").
func (r Range) violation(v string) string {
	lo, hi := fmtBound(r.Min), fmtBound(r.Max)
	switch {
	case r.HasMin && r.HasMax && !r.MinOpen && !r.MaxOpen:
		return fmt.Sprintf("%s must be between %s and %s", v, lo, hi)
	case r.HasMin && r.Min == 0 && r.MinOpen && !r.HasMax:
		return v + " must be positive"
	case r.HasMin && r.Min == 0 && !r.HasMax:
		return v + " must not be negative"
	}
	return fmt.Sprintf("%s must be %s", v, r.String())
}

// ParamSpec is the declaration of one parameter, read from its tags.
type ParamSpec struct {
	// Path is the dotted YAML path; a map's entries are Path.KEY, an
	// array's elements and a list's rows Path[i].
	Path string
	// Group is the top-level key ("demand"); empty for name, start, months.
	Group  string
	Kind   ParamKind
	Unit   string
	Doc    string
	Source string
	Basis  Basis
	// Range bounds a number (every entry of a map or array); the zero Range
	// allows every finite value.
	Range Range
	// Enum lists the words a text parameter may take (empty: any text).
	Enum []string
	// Map and Array are set for map-valued parameters (one entry per key) and
	// fixed-size arrays (one entry per index).
	Map, Array bool
	// Rows describes the fields of each row of a KindSteps parameter.
	Rows []ParamSpec
}

var monthType = reflect.TypeFor[Month]()

// ParamSpecs lists every parameter of Params in declaration order.
func ParamSpecs() []ParamSpec {
	specs, err := specsOf(reflect.TypeFor[Params](), "", "")
	if err != nil {
		// The tags are part of the program: a malformed one is a bug that
		// the tests of this package catch.
		panic(err)
	}
	return specs
}

// ParamSpecOf returns the declaration of the parameter at path (a map entry
// or list row path is resolved to its parameter).
func ParamSpecOf(path string) (ParamSpec, bool) {
	decl := declaredPath(path)
	for _, s := range ParamSpecs() {
		if s.Path == decl {
			return s, true
		}
		if s.Kind == KindSteps && strings.HasPrefix(decl, s.Path+".") {
			for _, r := range s.Rows {
				if s.Path+"."+r.Path == decl {
					return r, true
				}
			}
		}
	}
	return ParamSpec{}, false
}

// declaredPath strips list indices ("a.b[2].c" -> "a.b.c") and map keys
// are left to the caller's prefix match.
func declaredPath(path string) string {
	var b strings.Builder
	for i := 0; i < len(path); i++ {
		if path[i] == '[' {
			for i < len(path) && path[i] != ']' {
				i++
			}
			continue
		}
		b.WriteByte(path[i])
	}
	d := b.String()
	// A map entry: the longest declared prefix that is a map.
	for _, s := range ParamSpecs() {
		if s.Map && strings.HasPrefix(d, s.Path+".") {
			return s.Path
		}
	}
	return d
}

func specsOf(t reflect.Type, prefix, group string) ([]ParamSpec, error) {
	var out []ParamSpec
	for i := range t.NumField() {
		sf := t.Field(i)
		key := yamlKey(sf)
		if key == "" {
			continue
		}
		path := key
		if prefix != "" {
			path = prefix + "." + key
		}
		ft := sf.Type
		if ft.Kind() == reflect.Struct && ft != monthType {
			g := group
			if prefix == "" {
				g = key
			}
			sub, err := specsOf(ft, path, g)
			if err != nil {
				return nil, err
			}
			out = append(out, sub...)
			continue
		}
		s := ParamSpec{Path: path, Group: group, Unit: sf.Tag.Get("unit"), Doc: sf.Tag.Get("doc"),
			Source: sf.Tag.Get("src"), Basis: Basis(sf.Tag.Get("basis"))}
		if s.Basis != "" && !slices.Contains(knownBases, s.Basis) {
			return nil, fmt.Errorf("param %s: unknown basis %q", path, s.Basis)
		}
		if r := sf.Tag.Get("range"); r != "" {
			parse := ParseRange
			if ft == monthType {
				parse = parseMonthRange
			}
			rg, err := parse(r)
			if err != nil {
				return nil, fmt.Errorf("param %s: %w", path, err)
			}
			s.Range = rg
		}
		if e := sf.Tag.Get("enum"); e != "" {
			s.Enum = strings.Split(e, "|")
		}
		switch {
		case ft == monthType:
			s.Kind = KindMonth
		case ft.Kind() == reflect.Float64:
			s.Kind = KindFloat
		case ft.Kind() == reflect.Int:
			s.Kind = KindInt
		case ft.Kind() == reflect.Bool:
			s.Kind = KindBool
		case ft.Kind() == reflect.String:
			s.Kind = KindText
		case ft.Kind() == reflect.Map && ft.Key().Kind() == reflect.String && ft.Elem().Kind() == reflect.Float64:
			s.Kind, s.Map = KindFloat, true
		case ft.Kind() == reflect.Array && ft.Elem().Kind() == reflect.Float64:
			s.Kind, s.Array = KindFloat, true
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.String:
			s.Kind = KindList
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
			s.Kind = KindSteps
			rows, err := specsOf(ft.Elem(), "", "")
			if err != nil {
				return nil, fmt.Errorf("param %s: %w", path, err)
			}
			for k := range rows {
				rows[k].Group = group
			}
			s.Rows = rows
		default:
			return nil, fmt.Errorf("param %s: unsupported type %s", path, ft)
		}
		out = append(out, s)
	}
	return out, nil
}

func yamlKey(sf reflect.StructField) string {
	if !sf.IsExported() {
		return ""
	}
	name, _, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
	if name == "-" {
		return ""
	}
	return name
}

// ParamValue is one value of a parameter set: a scalar, one entry of a map,
// one element of an array, one field of a list row.
type ParamValue struct {
	Path string // "compute.chip_vendor_shares.Nvidia", "export_controls.schedule[1].from"
	Spec ParamSpec
	// Value is the value written as SetParamText reads it.
	Value string
	// Row is the row index of a field of a list of rows, -1 otherwise.
	Row int
	v   reflect.Value
}

// ParamValues lists every value of p in declaration order; map entries in
// key order, rows and array elements in index order.
func ParamValues(p Params) []ParamValue {
	var out []ParamValue
	v := reflect.ValueOf(p)
	for _, s := range ParamSpecs() {
		fv := fieldAt(v, s.Path)
		switch {
		case s.Map:
			keys := make([]string, 0, fv.Len())
			for _, k := range fv.MapKeys() {
				keys = append(keys, k.String())
			}
			slices.Sort(keys)
			for _, k := range keys {
				e := fv.MapIndex(reflect.ValueOf(k))
				out = append(out, ParamValue{Path: s.Path + "." + k, Spec: s, Value: formatValue(e), Row: -1, v: e})
			}
		case s.Array:
			for i := range fv.Len() {
				out = append(out, ParamValue{Path: fmt.Sprintf("%s[%d]", s.Path, i), Spec: s, Value: formatValue(fv.Index(i)), Row: -1, v: fv.Index(i)})
			}
		case s.Kind == KindSteps:
			for i := range fv.Len() {
				row := fv.Index(i)
				for _, r := range s.Rows {
					e := fieldAt(row, r.Path)
					out = append(out, ParamValue{Path: fmt.Sprintf("%s[%d].%s", s.Path, i, r.Path), Spec: r, Value: formatValue(e), Row: i, v: e})
				}
			}
		default:
			out = append(out, ParamValue{Path: s.Path, Spec: s, Value: formatValue(fv), Row: -1, v: fv})
		}
	}
	return out
}

// fieldAt follows a dotted path of YAML keys from a struct value.
func fieldAt(v reflect.Value, path string) reflect.Value {
	for part := range strings.SplitSeq(path, ".") {
		f, ok := fieldByKey(v, part)
		if !ok {
			return reflect.Value{}
		}
		v = f
	}
	return v
}

func fieldByKey(v reflect.Value, key string) (reflect.Value, bool) {
	if v.Kind() != reflect.Struct {
		return reflect.Value{}, false
	}
	t := v.Type()
	for i := range t.NumField() {
		if yamlKey(t.Field(i)) == key {
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}

func formatValue(v reflect.Value) string {
	switch {
	case v.Type() == monthType:
		return Month(v.Int()).String()
	case v.Kind() == reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'g', -1, 64)
	case v.Kind() == reflect.Int:
		return strconv.FormatInt(v.Int(), 10)
	case v.Kind() == reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case v.Kind() == reflect.String:
		return v.String()
	case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.String:
		words := make([]string, v.Len())
		for i := range words {
			words[i] = v.Index(i).String()
		}
		return strings.Join(words, ", ")
	}
	return fmt.Sprint(v.Interface())
}

// checkDeclared returns the first value of p outside its declared range or
// enum, or not finite.
func checkDeclared(p Params) *ParamError {
	for _, pv := range ParamValues(p) {
		s := pv.Spec
		switch s.Kind {
		case KindFloat:
			x := pv.v.Float()
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return &ParamError{Key: pv.Path, Msg: "must be a finite number"}
			}
			if !s.Range.Contains(x) {
				return &ParamError{Key: pv.Path, Msg: s.Range.violation(pv.Value)}
			}
		case KindInt:
			if !s.Range.Contains(float64(pv.v.Int())) {
				return &ParamError{Key: pv.Path, Msg: s.Range.violation(pv.Value)}
			}
		case KindMonth:
			if !s.Range.Contains(float64(pv.v.Int())) {
				return &ParamError{Key: pv.Path, Msg: fmt.Sprintf("%s is outside %s to %s", pv.Value, Month(s.Range.Min), Month(s.Range.Max))}
			}
		case KindText:
			if len(s.Enum) > 0 && !slices.Contains(s.Enum, pv.Value) {
				return &ParamError{Key: pv.Path, Msg: fmt.Sprintf("%q: want %s", pv.Value, strings.Join(s.Enum, " or "))}
			}
		case KindList:
			for i := range pv.v.Len() {
				if strings.TrimSpace(pv.v.Index(i).String()) == "" {
					return &ParamError{Key: pv.Path, Msg: "empty entry"}
				}
			}
		}
	}
	return nil
}
