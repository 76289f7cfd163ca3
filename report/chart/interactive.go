package chart

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Data is a chart's numbers for drawing it again in the browser, where a
// reader can read every series at a date, zoom on time, hide series and
// download the numbers. The report inlines it as JSON beside the SVG,
// which stays as the drawing for print and for browsers without scripts.
//
// All series share X (Unix seconds on a date axis); a series without a
// value at some x has null there.
type Data struct {
	Title string `json:"title"`
	Dates bool   `json:"dates"`
	// XLayout says how the readout writes a date: "year", "month", "day"
	// or "time", the finest the positions need.
	XLayout string       `json:"xLayout,omitempty"`
	X       Positions    `json:"x"`
	XLabel  string       `json:"xLabel,omitempty"`
	YLabel  string       `json:"yLabel,omitempty"`
	Y2Label string       `json:"y2Label,omitempty"`
	XUnit   DataUnit     `json:"xUnit"`
	YUnit   DataUnit     `json:"yUnit"`
	Y2Unit  DataUnit     `json:"y2Unit"`
	LogY    bool         `json:"logY,omitempty"`
	LogY2   bool         `json:"logY2,omitempty"`
	YRange  []float64    `json:"yRange,omitempty"`
	Y2Range []float64    `json:"y2Range,omitempty"`
	YZero   bool         `json:"yZero,omitempty"`
	Series  []DataSeries `json:"series"`
	Bands   []DataBand   `json:"bands,omitempty"`
	Spans   []DataMark   `json:"spans,omitempty"`
	Events  []DataMark   `json:"events,omitempty"`
	// Panels, when set, are small multiples drawn side by side (or one
	// under the other on a narrow screen), their cursors in step; the
	// other fields are then empty but the title.
	Panels []*Data `json:"panels,omitempty"`
}

// DataUnit is a Unit as the browser's formatter reads it.
type DataUnit struct {
	Prefix   string  `json:"p,omitempty"`
	Suffix   string  `json:"s,omitempty"`
	Scale    float64 `json:"k,omitempty"`
	Thousand string  `json:"t,omitempty"`
}

func dataUnit(u Unit) DataUnit {
	return DataUnit{Prefix: u.Prefix, Suffix: u.Suffix, Scale: u.Scale, Thousand: u.Thousand}
}

// DataSeries is one drawn sequence. Y is where it is drawn; Value, when
// set, is what the readout and the download show (a stacked layer is
// drawn at its cumulative height but reads its own amount).
type DataSeries struct {
	Name  string    `json:"name"`
	Color string    `json:"color"`
	Dash  []float64 `json:"dash,omitempty"`
	Right bool      `json:"right,omitempty"`
	// NoLine draws no line (a band's edge); Hidden also leaves the series
	// out of the legend and the download (the lower edge of a stacked
	// layer, which is the layer below's upper edge).
	NoLine bool    `json:"noLine,omitempty"`
	Hidden bool    `json:"hidden,omitempty"`
	Y      Numbers `json:"y"`
	Value  Numbers `json:"value,omitempty"`
}

// DataBand fills between two series (indexes into Series).
type DataBand struct {
	Upper int    `json:"upper"`
	Lower int    `json:"lower"`
	Color string `json:"color"`
}

// DataMark is a shaded span (From to To) or an event (From only).
type DataMark struct {
	Label string  `json:"label"`
	From  float64 `json:"from"`
	To    float64 `json:"to,omitempty"`
}

// Numbers is a sequence of values written to JSON with seven significant
// digits, finer than any chart or readout shows, and null for NaN, which
// JSON cannot represent.
type Numbers []float64

// MarshalJSON writes the numbers, NaN and infinities as null.
func (n Numbers) MarshalJSON() ([]byte, error) { return appendNumbers(n, 7), nil }

// Positions are x positions, written exactly (dates are Unix seconds).
type Positions []float64

// MarshalJSON writes the positions in the shortest form that reads back
// exactly.
func (p Positions) MarshalJSON() ([]byte, error) { return appendNumbers(p, -1), nil }

// appendNumbers writes n as a JSON array: with digits significant digits,
// or (digits < 0) exactly and without an exponent, as dates in seconds
// read best.

func appendNumbers(n []float64, digits int) []byte {
	b := make([]byte, 0, 2+len(n)*8)
	b = append(b, '[')
	for i, v := range n {
		if i > 0 {
			b = append(b, ',')
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			b = append(b, "null"...)
			continue
		}
		if digits < 0 {
			b = strconv.AppendFloat(b, v, 'f', -1, 64)
		} else {
			b = strconv.AppendFloat(b, v, 'g', digits, 64)
		}
	}
	return append(b, ']')
}

// Interactive is implemented by the charts that can be drawn again in the
// browser: line, stacked area and fan charts on a shared x axis. Data
// returns nil, nil for a chart it cannot redraw faithfully.
type Interactive interface {
	Data() (*Data, error)
}

// JSON returns the data as JSON safe to inline in an HTML script element
// (json.Marshal escapes <, > and &).
func (d *Data) JSON() ([]byte, error) {
	b, err := json.Marshal(d)
	if err != nil {
		return nil, fmt.Errorf("chart: data of %q: %w", d.Title, err)
	}
	return b, nil
}

// dashPattern is a stroke's dash pattern as numbers, nil for solid.
func dashPattern(s Stroke) []float64 {
	var out []float64
	for _, f := range strings.Fields(dashArray(s)) {
		v, _ := strconv.ParseFloat(f, 64)
		out = append(out, v)
	}
	return out
}

// unionX merges sorted-or-not x positions into one increasing sequence
// without repeats.
func unionX(all ...[]float64) []float64 {
	var xs []float64
	for _, a := range all {
		xs = append(xs, a...)
	}
	slices.Sort(xs)
	return slices.Compact(xs)
}

// align places ys, given at xs, on the shared positions ux (NaN where the
// series has no point). Repeated x values keep the last point.
func align(ux, xs, ys []float64) []float64 {
	out := make([]float64, len(ux))
	for i := range out {
		out[i] = math.NaN()
	}
	for j, x := range xs {
		if i, ok := slices.BinarySearch(ux, x); ok {
			out[i] = ys[j]
		}
	}
	return out
}

func marks(spans []xSpan, events []xEvent) (s, e []DataMark) {
	for _, sp := range spans {
		s = append(s, DataMark{Label: sp.label, From: sp.from, To: sp.to})
	}
	for _, ev := range events {
		e = append(e, DataMark{Label: ev.label, From: ev.x})
	}
	return s, e
}

// layoutName names the date layout the SVG uses for positions xs.
func layoutName(dates bool, xs []float64) string {
	if !dates {
		return ""
	}
	switch dateLayout(xs) {
	case "2006":
		return "year"
	case "Jan 2006":
		return "month"
	case "2006-01-02":
		return "day"
	}
	return "time"
}

func rangeOf(r Range) []float64 {
	if !r.set() {
		return nil
	}
	return []float64{r.Min, r.Max}
}

// Data returns the line chart's numbers for the browser.
func (c Line) Data() (*Data, error) {
	if _, err := c.plot(); err != nil {
		return nil, err
	}
	dates, _ := axisType(c.Series)
	left := 0
	for _, s := range c.Series {
		if !s.Right {
			left++
		}
	}
	var xss [][]float64
	for _, s := range c.Series {
		xs, _ := s.xs()
		xss = append(xss, xs)
	}
	ux := unionX(xss...)
	d := &Data{Title: c.Title, Dates: dates, X: ux, XLabel: c.XLabel, YLabel: c.YLabel, Y2Label: c.Y2Label,
		XUnit: dataUnit(c.XUnit), YUnit: dataUnit(c.YUnit), Y2Unit: dataUnit(c.Y2Unit),
		LogY: c.LogY, LogY2: c.LogY2, YRange: rangeOf(c.YRange), Y2Range: rangeOf(c.Y2Range), YZero: c.YZero}
	for i, s := range c.Series {
		st := s.Style.resolve(i, false)
		d.Series = append(d.Series, DataSeries{Name: s.Name, Color: st.color, Dash: dashPattern(st.stroke),
			Right: s.Right && left > 0, Y: align(ux, xss[i], s.Y)})
	}
	xs, xe, err := resolveMarks(c.Spans, c.Events, dates)
	if err != nil {
		return nil, err
	}
	d.Spans, d.Events = marks(xs, xe)
	d.XLayout = layoutName(dates, ux)
	return d, nil
}

// Data returns the stacked area chart's numbers for the browser: each
// layer drawn between its lower and upper edge, reading its own amount.
func (c Area) Data() (*Data, error) {
	if _, err := c.plot(); err != nil {
		return nil, err
	}
	dates, _ := axisType(c.Series)
	var xs []float64
	var ys [][]float64
	for _, s := range c.Series {
		xs, _ = s.xs()
		ys = append(ys, s.Y)
	}
	lo, hi := stack(ys, len(xs))
	d := &Data{Title: c.Title, Dates: dates, X: xs, XLabel: c.XLabel, YLabel: c.YLabel,
		XUnit: dataUnit(c.XUnit), YUnit: dataUnit(c.YUnit), YRange: rangeOf(c.YRange), YZero: true}
	for k, s := range c.Series {
		st := s.Style.resolve(k, false)
		d.Series = append(d.Series,
			DataSeries{Name: s.Name, Color: st.color, Y: hi[k], Value: s.Y},
			DataSeries{Name: s.Name + " (lower edge)", Color: st.color, NoLine: true, Hidden: true, Y: lo[k]})
		d.Bands = append(d.Bands, DataBand{Upper: 2 * k, Lower: 2*k + 1, Color: st.color})
	}
	sp, ev, err := resolveMarks(c.Spans, c.Events, dates)
	if err != nil {
		return nil, err
	}
	d.Spans, d.Events = marks(sp, ev)
	d.XLayout = layoutName(dates, xs)
	return d, nil
}

// Data returns the fan chart's numbers for the browser: each band's two
// edges, the median and the lines drawn on top.
func (c Fan) Data() (*Data, error) {
	if _, err := c.plot(); err != nil {
		return nil, err
	}
	dates := c.T != nil
	var xs []float64
	if dates {
		xs = Series{T: c.T}.mustXs()
	} else if c.X != nil {
		xs = c.X
	} else {
		xs = Series{Y: c.Median}.mustXs()
	}
	color := c.Color
	if color == "" {
		color = paletteColor(0)
	}
	d := &Data{Title: c.Title, Dates: dates, X: xs, XLabel: c.XLabel, YLabel: c.YLabel,
		XUnit: dataUnit(c.XUnit), YUnit: dataUnit(c.YUnit), LogY: c.LogY, YRange: rangeOf(c.YRange)}
	for _, b := range c.Bands {
		d.Series = append(d.Series,
			DataSeries{Name: b.Name + " upper", Color: color, NoLine: true, Y: b.Hi},
			DataSeries{Name: b.Name + " lower", Color: color, NoLine: true, Y: b.Lo})
		n := len(d.Series)
		d.Bands = append(d.Bands, DataBand{Upper: n - 2, Lower: n - 1, Color: color})
	}
	if c.Median != nil {
		name := c.MedianName
		if name == "" {
			name = "median"
		}
		d.Series = append(d.Series, DataSeries{Name: name, Color: color, Y: c.Median})
	}
	for i, s := range c.Lines {
		st := s.Style
		if st.Stroke == StrokeAuto {
			st.Stroke = Stroke(2 + i%5) // as the SVG draws it
		}
		rs := st.resolve(i+1, false)
		d.Series = append(d.Series, DataSeries{Name: s.Name, Color: rs.color, Dash: dashPattern(rs.stroke), Y: s.Y})
	}
	sp, ev, err := resolveMarks(c.Spans, c.Events, dates)
	if err != nil {
		return nil, err
	}
	d.Spans, d.Events = marks(sp, ev)
	d.XLayout = layoutName(dates, xs)
	return d, nil
}

// Data returns the grid's panels for the browser, or nil when one of its
// charts cannot be redrawn.
func (g Grid) Data() (*Data, error) {
	d := &Data{Title: g.Title}
	for i, c := range g.Charts {
		ic, ok := c.(Interactive)
		if !ok {
			return nil, nil
		}
		p, err := ic.Data()
		if err != nil {
			return nil, fmt.Errorf("chart: grid panel %d: %w", i, err)
		}
		if p == nil {
			return nil, nil
		}
		d.Panels = append(d.Panels, p)
	}
	return d, nil
}

// mustXs is xs without the date flag.
func (s Series) mustXs() []float64 {
	xs, _ := s.xs()
	return xs
}

// FormatValue writes v in unit u as the charts' tick labels and readouts
// do; the browser's formatter is checked against it.
func FormatValue(v float64, u Unit) string { return formatValue(v, u) }
