package chart

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"time"
)

// Renderer is implemented by every chart kind in this package.
type Renderer interface {
	// WriteSVG writes the chart as one <svg> element, ready to inline in
	// HTML. It writes nothing if the chart's data are invalid.
	WriteSVG(w io.Writer) error
}

// WriteStandalone writes r as a standalone SVG file: an XML declaration,
// the <svg> element and a final newline.
func WriteStandalone(w io.Writer, r Renderer) error {
	// Render first so that nothing, not even the declaration, is written
	// when the chart is invalid.
	var body bytes.Buffer
	body.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	if err := r.WriteSVG(&body); err != nil {
		return err
	}
	body.WriteByte('\n')
	_, err := w.Write(body.Bytes())
	return err
}

// Series is one named sequence of points. Give either X (numeric axis) or
// T (date axis); with neither, points are numbered 0, 1, 2, ... Y holds the
// values; a NaN leaves a gap, while ±Inf is an error.
type Series struct {
	Name string
	X    []float64
	T    []time.Time
	Y    []float64
	// Labels, if set, adds a per-point text to the tooltips (one per
	// point), such as the scenario a scatter point stands for.
	Labels []string
	// Right plots the series against the second y axis of a line chart.
	Right bool
	Style Style
}

// Span is a shaded interval of the x axis, such as a detected bubble
// episode. Use From and To on numeric axes, Start and End on date axes.
type Span struct {
	Label      string
	From, To   float64
	Start, End time.Time
}

// Event is a labelled vertical marker at one position of the x axis. Use X
// on numeric axes, T on date axes.
type Event struct {
	Label string
	X     float64
	T     time.Time
}

// Range fixes the limits of an axis. The zero Range lets the chart choose
// round limits that include all the data.
type Range struct {
	Min, Max float64
}

func (r Range) set() bool { return r != Range{} }

func (r Range) check(name string, log bool) error {
	if !r.set() {
		return nil
	}
	if !isFinite(r.Min) || !isFinite(r.Max) || r.Min >= r.Max {
		return fmt.Errorf("chart: %s range [%v, %v] must be finite with Min < Max", name, r.Min, r.Max)
	}
	if log && r.Min <= 0 {
		return fmt.Errorf("chart: %s range [%v, %v] must be positive on a log scale", name, r.Min, r.Max)
	}
	return nil
}

// checkUnit rejects unit scales that would turn finite data into nonsense.
func checkUnit(name string, u Unit) error {
	if !isFinite(u.Scale) || u.Scale < 0 {
		return fmt.Errorf("chart: %s unit scale %v must be positive and finite", name, u.Scale)
	}
	return nil
}

// xs returns the series' x values as float64 (Unix seconds for dates) and
// whether they are dates.
func (s Series) xs() ([]float64, bool) {
	switch {
	case s.T != nil:
		out := make([]float64, len(s.T))
		for i, t := range s.T {
			out[i] = timeX(t)
		}
		return out, true
	case s.X != nil:
		return s.X, false
	default:
		out := make([]float64, len(s.Y))
		for i := range out {
			out[i] = float64(i)
		}
		return out, false
	}
}

// check validates one series: matching lengths and no infinities. NaN is
// allowed in Y (a gap) but not in X, where it has no sensible meaning.
func (s Series) check(i int) error {
	name := fmt.Sprintf("series %d (%q)", i, s.Name)
	if s.X != nil && s.T != nil {
		return fmt.Errorf("chart: %s sets both X and T", name)
	}
	if s.X != nil && len(s.X) != len(s.Y) {
		return fmt.Errorf("chart: %s has %d x values and %d y values", name, len(s.X), len(s.Y))
	}
	if s.T != nil && len(s.T) != len(s.Y) {
		return fmt.Errorf("chart: %s has %d dates and %d y values", name, len(s.T), len(s.Y))
	}
	if s.Labels != nil && len(s.Labels) != len(s.Y) {
		return fmt.Errorf("chart: %s has %d labels and %d y values", name, len(s.Labels), len(s.Y))
	}
	for j, v := range s.X {
		if !isFinite(v) {
			return fmt.Errorf("chart: %s: x[%d] is %v", name, j, v)
		}
	}
	for j, v := range s.Y {
		if math.IsInf(v, 0) {
			return fmt.Errorf("chart: %s: y[%d] is %v", name, j, v)
		}
	}
	return nil
}

// axisType tells whether a set of series uses dates, numbers, or mixes
// them, which is an error.
func axisType(series []Series) (dates bool, err error) {
	seenNum, seenDate := false, false
	for _, s := range series {
		if len(s.Y) == 0 {
			continue
		}
		if s.T != nil {
			seenDate = true
		} else {
			seenNum = true
		}
	}
	if seenNum && seenDate {
		return false, fmt.Errorf("chart: series mix dates (T) and numbers (X) on one x axis")
	}
	return seenDate, nil
}

// xSpan and xEvent are Span and Event with their positions resolved to
// the x axis' units.
type xSpan struct {
	label    string
	from, to float64
}

type xEvent struct {
	label string
	x     float64
}

func resolveMarks(spans []Span, events []Event, dates bool) ([]xSpan, []xEvent, error) {
	var xs []xSpan
	for i, s := range spans {
		from, to := s.From, s.To
		if dates {
			if s.Start.IsZero() && s.End.IsZero() {
				return nil, nil, fmt.Errorf("chart: span %d (%q) is on a date axis but sets no Start and End", i, s.Label)
			}
			from, to = timeX(s.Start), timeX(s.End)
		} else if !s.Start.IsZero() || !s.End.IsZero() {
			return nil, nil, fmt.Errorf("chart: span %d (%q) sets dates but the x axis is numeric", i, s.Label)
		}
		if !isFinite(from) || !isFinite(to) {
			return nil, nil, fmt.Errorf("chart: span %d (%q) has a non-finite end", i, s.Label)
		}
		if from > to {
			from, to = to, from
		}
		xs = append(xs, xSpan{s.Label, from, to})
	}
	var xe []xEvent
	for i, e := range events {
		x := e.X
		if dates {
			if e.T.IsZero() {
				return nil, nil, fmt.Errorf("chart: event %d (%q) is on a date axis but sets no T", i, e.Label)
			}
			x = timeX(e.T)
		} else if !e.T.IsZero() {
			return nil, nil, fmt.Errorf("chart: event %d (%q) sets a date but the x axis is numeric", i, e.Label)
		}
		if !isFinite(x) {
			return nil, nil, fmt.Errorf("chart: event %d (%q) is at %v", i, e.Label, x)
		}
		xe = append(xe, xEvent{e.Label, x})
	}
	return xs, xe, nil
}
