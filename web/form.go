package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/bubblelab/bubblelab/report/params"
	"github.com/bubblelab/bubblelab/scenario"
	"github.com/bubblelab/bubblelab/sim"
)

// Form fields that are not parameters start with an underscore.
const (
	fieldBase = "_base"
	fieldSeed = "_seed"
)

// maxFormFields bounds the fields of a submission (the full form has about
// 130).
const maxFormFields = 600

// extraScheduleRows are blank rows the form offers for new export-control
// steps.
const extraScheduleRows = 2

type formGroup struct {
	ID, Title string
	Fields    []formField
}

type formField struct {
	ID, Name, Label, Path, Doc, Unit, Hint string
	Type                                   string // number, text, month, checkbox
	Step, Min, Max                         string
	Value                                  string
	Checked                                bool
	Error                                  string
}

// scenarioForm builds the form for p, showing values (a submission) in
// place of p's where given and marking the field named by bad.
func (s *Server) scenarioForm(p sim.Params, values map[string]string, bad *params.Error) []formGroup {
	fields := params.Fields(p)
	// Blank rows for new export-control steps.
	rows := 0
	for _, f := range fields {
		if f.Row >= 0 && strings.HasPrefix(f.Path, "export_controls.schedule[") && strings.HasSuffix(f.Path, ".from") {
			rows++
		}
	}
	for extra := range extraScheduleRows {
		i := rows + extra
		fields = append(fields,
			params.Field{Path: fmt.Sprintf("export_controls.schedule[%d].from", i), Group: "export_controls", Kind: params.Month, Row: i, Doc: "a new step: from this month on (leave blank for none)"},
			params.Field{Path: fmt.Sprintf("export_controls.schedule[%d].stringency", i), Group: "export_controls", Kind: params.Float, Row: i, Doc: "a new step: stringency, 0 open to 1 closed"})
	}
	// A submission may carry rows beyond those: show them too.
	if values != nil {
		known := map[string]bool{}
		for _, f := range fields {
			known[f.Path] = true
		}
		var more []string
		for k := range values {
			if !known[k] && strings.HasPrefix(k, "export_controls.schedule[") {
				more = append(more, k)
			}
		}
		slices.Sort(more)
		for _, k := range more {
			kind := params.Float
			if strings.HasSuffix(k, ".from") {
				kind = params.Month
			}
			fields = append(fields, params.Field{Path: k, Group: "export_controls", Kind: kind, Row: 0})
		}
	}
	var groups []formGroup
	for _, f := range fields {
		title := groupTitle(f.Group)
		if len(groups) == 0 || groups[len(groups)-1].Title != title {
			groups = append(groups, formGroup{ID: "g-" + cmpID(f.Group), Title: title})
		}
		ff := formField{ID: "f-" + cmpID(f.Path), Name: f.Path, Path: f.Path, Label: fieldLabel(f.Path), Doc: f.Doc, Unit: f.Unit, Value: f.Value}
		if v, ok := values[f.Path]; ok {
			ff.Value = v
		}
		switch f.Kind {
		case params.Bool:
			ff.Type = "checkbox"
			ff.Checked = ff.Value == "true" || ff.Value == "on"
		case params.Month:
			ff.Type = "month"
			ff.Hint = "YYYY-MM"
		case params.Float, params.Int:
			ff.Type = "number"
			ff.Step = "any"
			if f.Kind == params.Int {
				ff.Step = "1"
			}
			if b, ok := s.bounds[f.Path]; ok {
				ff.Hint = b.String()
				if b.HasMin {
					ff.Min = strconv.FormatFloat(b.Min, 'g', -1, 64)
				}
				if b.HasMax {
					ff.Max = strconv.FormatFloat(b.Max, 'g', -1, 64)
				}
			}
		default:
			ff.Type = "text"
			if f.Kind == params.List {
				ff.Hint = "comma-separated"
			}
		}
		if bad != nil && bad.Path == f.Path {
			ff.Error = bad.Msg
		}
		g := &groups[len(groups)-1]
		g.Fields = append(g.Fields, ff)
	}
	return groups
}

// cmpID makes a path usable in an id and a URL fragment.
func cmpID(p string) string {
	if p == "" {
		return "scenario"
	}
	return strings.NewReplacer(".", "-", "[", "-", "]", "").Replace(p)
}

func groupTitle(g string) string {
	if g == "" {
		return "Scenario"
	}
	s := strings.ReplaceAll(g, "_", " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

// fieldLabel is the last part of a path in words: "china share",
// "schedule row 2: from".
func fieldLabel(p string) string {
	parts := strings.Split(p, ".")
	last := parts[len(parts)-1]
	if len(parts) >= 2 {
		if i := strings.IndexByte(parts[len(parts)-2], '['); i >= 0 {
			row, _ := strconv.Atoi(strings.TrimSuffix(parts[len(parts)-2][i+1:], "]"))
			return fmt.Sprintf("step %d: %s", row+1, strings.ReplaceAll(last, "_", " "))
		}
	}
	return strings.ReplaceAll(last, "_", " ")
}

// submission is a parsed scenario form.
type submission struct {
	base   string
	seed   uint64
	values map[string]string // parameter path -> text
	params sim.Params
}

// formError is a problem with a submission, named by its field.
type formError struct {
	status int
	field  string
	msg    string
	values map[string]string
	base   string
	perr   *params.Error
}

func (e *formError) Error() string {
	if e.field == "" {
		return e.msg
	}
	return e.field + ": " + e.msg
}

// parseScenarioForm reads and validates a scenario submission.
func (s *Server) parseScenarioForm(w http.ResponseWriter, r *http.Request) (*submission, *formError) {
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxFormBytes)
	if err := r.ParseForm(); err != nil {
		st := bodyError(err)
		msg := "the form could not be read: " + err.Error()
		if st == http.StatusRequestEntityTooLarge {
			msg = fmt.Sprintf("the form is larger than the %d KiB limit", s.cfg.MaxFormBytes>>10)
		}
		return nil, &formError{status: st, msg: msg}
	}
	if len(r.PostForm) > maxFormFields {
		return nil, &formError{status: http.StatusBadRequest, msg: fmt.Sprintf("the form has %d fields; at most %d are accepted", len(r.PostForm), maxFormFields)}
	}
	sub := &submission{base: "baseline", seed: 1, values: map[string]string{}}
	for k, vs := range r.PostForm {
		if len(vs) == 0 || strings.HasPrefix(k, "_") {
			continue
		}
		// A checkbox sends a hidden "false" and, when ticked, "true":
		// the last value wins.
		sub.values[k] = vs[len(vs)-1]
	}
	if b := r.PostForm.Get(fieldBase); b != "" {
		sub.base = b
	}
	if !slices.Contains(scenario.Names(), sub.base) {
		return nil, &formError{status: http.StatusBadRequest, field: "base scenario", msg: fmt.Sprintf("unknown base scenario %q (known: %s)", clip(sub.base), strings.Join(scenario.Names(), ", ")), values: sub.values}
	}
	if t := strings.TrimSpace(r.PostForm.Get(fieldSeed)); t != "" {
		seed, err := strconv.ParseUint(t, 10, 64)
		if err != nil {
			return nil, &formError{status: http.StatusBadRequest, field: "seed", msg: fmt.Sprintf("%q is not a whole number from 0 to 18446744073709551615", clip(t)), values: sub.values, base: sub.base}
		}
		sub.seed = seed
	}
	base, err := scenario.Builtin(sub.base)
	if err != nil {
		return nil, &formError{status: http.StatusInternalServerError, msg: err.Error()}
	}
	p, err := params.Apply(base, sub.values)
	if err != nil {
		pe, _ := err.(*params.Error)
		fe := &formError{status: http.StatusBadRequest, msg: err.Error(), values: sub.values, base: sub.base, perr: pe}
		if pe != nil {
			fe.field, fe.msg = pe.Path, pe.Msg
		}
		return nil, fe
	}
	sub.params = p
	return sub, nil
}

// clip shortens user text quoted in messages.
func clip(s string) string {
	r := []rune(s)
	if len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
