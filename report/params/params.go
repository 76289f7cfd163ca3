package params

import (
	"errors"
	"fmt"
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
	// Bounds are the declared limits of a number (zero: none).
	Bounds Bounds
	// Row is the list row index of a field of a list of structs (the
	// export-control schedule), -1 otherwise.
	Row int
}

// Fields lists every parameter of p in declaration order; map entries are
// in key order and list rows in list order.
func Fields(p sim.Params) []Field {
	vals := sim.ParamValues(p)
	out := make([]Field, 0, len(vals))
	for _, v := range vals {
		out = append(out, Field{Path: v.Path, Group: v.Spec.Group, Kind: kindOf(v.Spec.Kind), Value: v.Value,
			Unit: v.Spec.Unit, Doc: v.Spec.Doc, Source: v.Spec.Source, Bounds: v.Spec.Range, Row: v.Row})
	}
	return out
}

func kindOf(k sim.ParamKind) Kind {
	switch k {
	case sim.KindInt:
		return Int
	case sim.KindBool:
		return Bool
	case sim.KindMonth:
		return Month
	case sim.KindText:
		return Text
	case sim.KindList:
		return List
	}
	return Float
}

// Bounds are the declared limits of a numeric parameter (its `range` tag).
type Bounds = sim.Range

// AllBounds returns the declared bounds of every numeric value of p that
// has any, by path.
func AllBounds(p sim.Params) map[string]Bounds {
	out := map[string]Bounds{}
	for _, f := range Fields(p) {
		if (f.Kind == Float || f.Kind == Int) && f.Bounds != (Bounds{}) {
			out[f.Path] = f.Bounds
		}
	}
	return out
}

// Error is a parameter that could not be set, named by its path.
type Error struct {
	Path string
	Msg  string
}

func (e *Error) Error() string { return e.Path + ": " + e.Msg }

// Set parses text as the value of the parameter at path and stores it in p
// (sim.SetParamText, the model's one setter). Maps and lists are copied
// before they are changed, so p never shares a changed map with the value it
// was copied from. Set does not validate ranges; call p.Validate (or Apply)
// afterwards. An error is an *Error naming the path.
func Set(p *sim.Params, path, text string) error {
	if err := sim.SetParamText(p, path, text); err != nil {
		var pe *sim.ParamError
		if errors.As(err, &pe) {
			return &Error{pe.Key, pe.Msg}
		}
		return &Error{path, err.Error()}
	}
	return nil
}

// maxRows bounds list rows a form may create.
const maxRows = 100

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
		if i := strings.IndexByte(k, '['); i >= 0 && !strings.HasSuffix(k, "]") {
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

// resetList empties the list of rows at path.
func resetList(p *sim.Params, path string) error {
	if s, ok := sim.ParamSpecOf(path); !ok || s.Kind != sim.KindSteps {
		return &Error{path, "no such parameter"}
	}
	if err := sim.SetParam(p, path, []any{}); err != nil {
		return &Error{path, err.Error()}
	}
	return nil
}
