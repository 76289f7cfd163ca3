package chart

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

// Line is a multi-series line chart against a numeric or date x axis, with
// an optional second y axis on the right, shaded spans and event markers.
//
// Series with T set put dates on the x axis; series with X set, numbers.
// NaN values in Y break the line. Series with more points than the plot
// has pixel columns are decimated (see KeepAllPoints).
type Line struct {
	Title   string
	Caption string // drawn below the chart and included in the description
	Desc    string // extra alt text for screen readers, not drawn
	// ID prefixes every element id; empty derives one from the content.
	ID            string
	Width, Height float64 // pixels; zero means 720 by 360

	// XLabel, YLabel and Y2Label title the axes; Y2 is the right axis,
	// drawn only when a series has Right set.
	XLabel, YLabel, Y2Label string
	// The units write tick labels and tooltips; XUnit is ignored on a
	// date axis.
	XUnit, YUnit, Y2Unit Unit
	// LogY and LogY2 use logarithmic scales; all values on them must be
	// positive.
	LogY, LogY2     bool
	YRange, Y2Range Range
	// YZero extends the left y axis to include zero.
	YZero bool

	Series []Series
	Spans  []Span
	Events []Event

	NoLegend bool
	// KeepAllPoints turns off decimation, writing every point even when
	// several fall in one pixel column.
	KeepAllPoints bool
}

// Add appends series to the chart.
func (c *Line) Add(s ...Series) { c.Series = append(c.Series, s...) }

// SVG returns the chart as an <svg> element.
func (c Line) SVG() ([]byte, error) { return svgBytes(c) }

// WriteSVG writes the chart as an <svg> element.
func (c Line) WriteSVG(w io.Writer) error {
	p, err := c.plot()
	if err != nil {
		return err
	}
	return p.write(w)
}

func (c Line) size() (float64, float64) { return orDefault(c.Width, 720), orDefault(c.Height, 360) }

func svgBytes(r Renderer) ([]byte, error) {
	var b bytes.Buffer
	if err := r.WriteSVG(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func orDefault(v, d float64) float64 {
	if v == 0 {
		return d
	}
	return v
}

// lineData is one series made ready to draw.
type lineData struct {
	name  string
	xs    []float64
	ys    []float64
	style resolved
	right bool
	// noTips leaves out the point tooltips, for lines whose values another
	// tooltip already gives.
	noTips bool
}

func (c Line) plot() (*plot, error) {
	dates, err := axisType(c.Series)
	if err != nil {
		return nil, err
	}
	for i, s := range c.Series {
		if err := s.check(i); err != nil {
			return nil, err
		}
	}
	for _, u := range []struct {
		name string
		u    Unit
	}{{"x", c.XUnit}, {"y", c.YUnit}, {"right y", c.Y2Unit}} {
		if err := checkUnit(u.name, u.u); err != nil {
			return nil, err
		}
	}
	if err := c.YRange.check("y", c.LogY); err != nil {
		return nil, err
	}
	if err := c.Y2Range.check("right y", c.LogY2); err != nil {
		return nil, err
	}

	x := &axisSpec{kind: linearAxis, label: c.XLabel, unit: c.XUnit}
	if dates {
		x.kind = timeAxis
	}
	y := &axisSpec{kind: linearAxis, label: c.YLabel, unit: c.YUnit, fixed: c.YRange, zero: c.YZero, nice: true, zeroLine: true}
	if c.LogY {
		y.kind = logAxis
	}
	var y2 *axisSpec
	left, right := 0, 0
	for _, s := range c.Series {
		if s.Right {
			right++
		} else {
			left++
		}
	}
	// With every series on the right the left axis would be empty, so
	// they all go on the left axis instead.
	series := c.Series
	if left == 0 && right > 0 {
		series = slices.Clone(series)
		for i := range series {
			series[i].Right = false
		}
		right = 0
	}
	if right > 0 {
		y2 = &axisSpec{kind: linearAxis, label: c.Y2Label, unit: c.Y2Unit, fixed: c.Y2Range, nice: true}
		if c.LogY2 {
			y2.kind = logAxis
		}
	}

	p := &plot{kind: "Line chart", title: c.Title, caption: c.Caption, desc: c.Desc, id: c.ID,
		width: c.Width, height: c.Height, x: x, y: y, y2: y2, noLegend: c.NoLegend}
	var data []lineData
	var allX []float64
	points := 0
	for i, s := range series {
		xs, _ := s.xs()
		ax := y
		if s.Right {
			ax = y2
		}
		for j, v := range s.Y {
			if math.IsNaN(v) {
				continue
			}
			if ax.kind == logAxis && v <= 0 {
				return nil, fmt.Errorf("chart: series %d (%q): y[%d] = %v cannot be shown on a log scale", i, s.Name, j, v)
			}
			x.include(xs[j])
			ax.include(v)
			points++
		}
		allX = append(allX, xs...)
		d := lineData{name: s.Name, xs: xs, ys: s.Y, style: s.Style.resolve(i, false), right: s.Right}
		data = append(data, d)
		label := s.Name
		// A name that already says so is not told twice.
		if s.Right && left > 0 && !strings.Contains(label, "(right axis)") {
			label += " (right axis)"
		}
		p.legend = append(p.legend, legendEntry{label: label, kind: legendLine, style: d.style})
	}
	if dates {
		x.dateLayout = dateLayout(allX)
	}
	p.empty = points == 0
	if p.spans, p.events, err = resolveMarks(c.Spans, c.Events, dates); err != nil {
		return nil, err
	}
	keepAll := c.KeepAllPoints
	p.draw = func(w *svgWriter, f *frame) {
		for _, d := range data {
			ay := f.y
			if d.right {
				ay = f.y2
			}
			drawLine(w, f, f.x, ay, d, keepAll)
		}
	}
	return p, nil
}

// drawLine draws one series: the line itself (broken at NaN), isolated
// points as dots, optional markers and invisible tooltip targets.
func drawLine(w *svgWriter, f *frame, ax, ay *axis, d lineData, keepAll bool) {
	n := len(d.ys)
	px := make([]float64, n)
	py := make([]float64, n)
	for i := range n {
		px[i] = ax.px(d.xs[i])
		py[i] = ay.px(d.ys[i])
	}
	rs := runs(n, func(i int) bool { return !math.IsNaN(d.ys[i]) })
	decimate := !keepAll && n > int(2*f.area.w) && nondecreasing(d.xs)

	var path pathBuilder
	var kept []int // indices drawn, for markers and tooltips
	var dots []int // runs of one point, which a path would not show
	for _, r := range rs {
		if decimate {
			r = decimateRun(r, px, py)
		}
		if len(r) == 1 {
			dots = append(dots, r[0])
		}
		path.moveTo(px[r[0]], py[r[0]])
		for _, i := range r[1:] {
			path.lineTo(px[i], py[i])
		}
		kept = append(kept, r...)
	}
	w.str(`<g>`)
	if s := path.String(); s != "" {
		w.printf(`<path d="%s" fill="none" stroke="%s" stroke-width="2" stroke-linejoin="round"%s>`,
			s, esc(d.style.color), dashAttr(d.style.stroke))
		w.title(d.name)
		w.str(`</path>`)
	}
	for _, i := range dots {
		if d.style.marker == MarkerNone {
			w.printf(`<circle cx="%s" cy="%s" r="2.5" fill="%s"/>`, num(px[i]), num(py[i]), esc(d.style.color))
		}
	}
	if d.style.marker != MarkerNone {
		for _, i := range sample(kept, int(f.area.w/6)) {
			writeMarker(w, d.style.marker, px[i], py[i], markerRadius, d.style.color, "")
		}
	}
	if !d.noTips {
		writeTips(w, f, ax.spec, ay.spec, d.name, d.xs, d.ys, nil, px, py, kept)
	}
	w.str(`</g>`)
}

// writeTips writes invisible circles whose <title> tooltips give the value
// under the pointer. On long series only an even sample of points gets
// one, about one per 8 pixels, to bound the size of the output.
func writeTips(w *svgWriter, f *frame, xs, ys *axisSpec, name string, xv, yv []float64, labels []string, px, py []float64, idx []int) {
	pts := sample(idx, int(f.area.w/8))
	if len(pts) == 0 {
		return
	}
	w.str(`<g fill="transparent">`)
	for _, i := range pts {
		w.printf(`<circle cx="%s" cy="%s" r="4">`, num(px[i]), num(py[i]))
		w.title(pointText(name, xs, ys, xv[i], yv[i], labelAt(labels, i)))
		w.str(`</circle>`)
	}
	w.str(`</g>`)
}

func labelAt(labels []string, i int) string {
	if i < len(labels) {
		return labels[i]
	}
	return ""
}

// pointText is the tooltip of one point: series name, optional point
// label, then "x: y".
func pointText(name string, xs, ys *axisSpec, x, y float64, label string) string {
	s := ""
	if name != "" {
		s = name + "\n"
	}
	if label != "" {
		s += label + "\n"
	}
	return s + xs.valueText(x) + ": " + ys.valueText(y)
}
