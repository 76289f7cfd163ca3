package chart

import (
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
)

// Fan is a fan chart: nested quantile bands of many simulated paths (for
// example 5–95% and 25–75%) around a median, against a numeric or date x
// axis. The bands share one hue, inner bands darker, so the chart reads
// the same in greyscale. FanBands computes bands from raw paths.
type Fan struct {
	Title   string
	Caption string
	Desc    string
	ID      string
	Width   float64
	Height  float64

	XLabel, YLabel string
	XUnit, YUnit   Unit // XUnit is ignored on a date axis
	LogY           bool
	YRange         Range

	// X or T are the positions shared by all bands and lines.
	X []float64
	T []time.Time
	// Bands are drawn in order, so list the widest first.
	Bands  []Band
	Median []float64
	// MedianName labels the median; empty means "median".
	MedianName string
	// Lines are drawn on top, such as a realised path or a baseline; their
	// X and T are ignored in favour of the chart's.
	Lines []Series
	// Color is the hue of the bands and median; empty means the first
	// palette colour.
	Color string

	Spans         []Span
	Events        []Event
	NoLegend      bool
	KeepAllPoints bool
}

// Band is the area between a lower and an upper quantile at each x. NaN in
// either bound leaves a gap.
type Band struct {
	Name   string
	Lo, Hi []float64
}

// SVG returns the chart as an <svg> element.
func (c Fan) SVG() ([]byte, error) { return svgBytes(c) }

// WriteSVG writes the chart as an <svg> element.
func (c Fan) WriteSVG(w io.Writer) error {
	p, err := c.plot()
	if err != nil {
		return err
	}
	return p.write(w)
}

func (c Fan) size() (float64, float64) { return orDefault(c.Width, 720), orDefault(c.Height, 360) }

// FanBands computes central quantile bands and the median from sample
// paths, all of the same length: for each coverage c (0 < c < 1) the band
// from quantile (1-c)/2 to (1+c)/2, widest first, named like "5–95%".
// NaN samples are ignored; where a position has no samples at all the
// bands and median are NaN.
func FanBands(paths [][]float64, coverage ...float64) (bands []Band, median []float64, err error) {
	if len(paths) == 0 {
		return nil, nil, fmt.Errorf("chart: FanBands needs at least one path")
	}
	n := len(paths[0])
	for i, p := range paths {
		if len(p) != n {
			return nil, nil, fmt.Errorf("chart: path %d has %d points, path 0 has %d", i, len(p), n)
		}
	}
	cov := slices.Clone(coverage)
	for _, c := range cov {
		if !(c > 0 && c < 1) {
			return nil, nil, fmt.Errorf("chart: coverage %v is not between 0 and 1", c)
		}
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(cov)))
	bands = make([]Band, len(cov))
	for k, c := range cov {
		lo, hi := tail(c, false), tail(c, true)
		bands[k] = Band{Name: percentText(lo) + "\u2013" + percentText(hi) + "%", Lo: make([]float64, n), Hi: make([]float64, n)}
	}
	median = make([]float64, n)
	col := make([]float64, 0, len(paths))
	for i := range n {
		col = col[:0]
		for _, p := range paths {
			if v := p[i]; !math.IsNaN(v) {
				if math.IsInf(v, 0) {
					return nil, nil, fmt.Errorf("chart: a path has %v at position %d", v, i)
				}
				col = append(col, v)
			}
		}
		slices.Sort(col)
		median[i] = quantile(col, 0.5)
		for k, c := range cov {
			bands[k].Lo[i] = quantile(col, tail(c, false))
			bands[k].Hi[i] = quantile(col, tail(c, true))
		}
	}
	return bands, median, nil
}

// tail is the probability at the lower or upper end of a central band of
// the given coverage, rounded so that 0.9 gives exactly 0.05 and 0.95
// rather than 0.04999999999999999.
func tail(coverage float64, upper bool) float64 {
	p := (1 - coverage) / 2
	if upper {
		p = (1 + coverage) / 2
	}
	return math.Round(p*1e12) / 1e12
}

// percentText writes a probability as a percentage without a sign: 0.05
// is "5", 0.025 is "2.5".
func percentText(p float64) string {
	s := compact(p*100, 4)
	return strings.TrimSuffix(s, ".0")
}

func (c Fan) plot() (*plot, error) {
	for _, u := range []Unit{c.XUnit, c.YUnit} {
		if err := checkUnit("axis", u); err != nil {
			return nil, err
		}
	}
	if err := c.YRange.check("y", c.LogY); err != nil {
		return nil, err
	}
	if c.X != nil && c.T != nil {
		return nil, fmt.Errorf("chart: fan chart sets both X and T")
	}
	dates := c.T != nil
	s := Series{X: c.X, T: c.T}
	xs, _ := s.xs()
	n := len(xs)
	for _, v := range xs {
		if !isFinite(v) {
			return nil, fmt.Errorf("chart: fan chart x value %v is not finite", v)
		}
	}
	check := func(what string, vs []float64) error {
		if len(vs) != n {
			return fmt.Errorf("chart: fan chart %s has %d values for %d x positions", what, len(vs), n)
		}
		for i, v := range vs {
			if math.IsInf(v, 0) {
				return fmt.Errorf("chart: fan chart %s: value %d is %v", what, i, v)
			}
			if c.LogY && v <= 0 {
				return fmt.Errorf("chart: fan chart %s: value %d = %v cannot be shown on a log scale", what, i, v)
			}
		}
		return nil
	}
	for k, b := range c.Bands {
		if err := check(fmt.Sprintf("band %d (%q) Lo", k, b.Name), b.Lo); err != nil {
			return nil, err
		}
		if err := check(fmt.Sprintf("band %d (%q) Hi", k, b.Name), b.Hi); err != nil {
			return nil, err
		}
	}
	if c.Median != nil {
		if err := check("median", c.Median); err != nil {
			return nil, err
		}
	}
	for k, l := range c.Lines {
		if err := check(fmt.Sprintf("line %d (%q)", k, l.Name), l.Y); err != nil {
			return nil, err
		}
	}

	x := &axisSpec{kind: linearAxis, label: c.XLabel, unit: c.XUnit}
	if dates {
		x.kind = timeAxis
		x.dateLayout = dateLayout(xs)
	}
	y := &axisSpec{kind: linearAxis, label: c.YLabel, unit: c.YUnit, fixed: c.YRange, nice: true, zeroLine: true}
	if c.LogY {
		y.kind = logAxis
	}
	p := &plot{kind: "Fan chart", title: c.Title, caption: c.Caption, desc: c.Desc, id: c.ID,
		width: c.Width, height: c.Height, x: x, y: y, noLegend: c.NoLegend}

	include := func(vs []float64) {
		for i, v := range vs {
			if !math.IsNaN(v) {
				x.include(xs[i])
				y.include(v)
			}
		}
	}
	for _, b := range c.Bands {
		include(b.Lo)
		include(b.Hi)
	}
	include(c.Median)
	for _, l := range c.Lines {
		include(l.Y)
	}
	p.empty = !y.has

	hue := c.Color
	if hue == "" {
		hue = paletteColor(0)
	}
	hueStyle := resolved{color: hue, stroke: StrokeSolid, marker: MarkerNone, fill: FillSolid}
	// Each band is drawn over the wider ones, so the inner bands come out
	// darker; the legend shows the resulting shade.
	opacity := 0.2
	if len(c.Bands) > 3 {
		opacity = 0.5 / float64(len(c.Bands))
	}
	shown := 0.0
	for _, b := range c.Bands {
		shown = 1 - (1-shown)*(1-opacity)
		p.legend = append(p.legend, legendEntry{label: b.Name, kind: legendBox, style: hueStyle, paint: esc(hue), opacity: shown})
	}
	medianName := c.MedianName
	if medianName == "" {
		medianName = "median"
	}
	if c.Median != nil {
		p.legend = append(p.legend, legendEntry{label: medianName, kind: legendLine, style: hueStyle})
	}
	lines := make([]lineData, len(c.Lines))
	for k, l := range c.Lines {
		// Lines get the palette after the band hue, and never the solid
		// stroke, which the median uses.
		st := l.Style
		if st.Stroke == StrokeAuto {
			st.Stroke = Stroke(2 + k%5)
		}
		lines[k] = lineData{name: l.Name, xs: xs, ys: l.Y, style: st.resolve(k+1, false)}
		p.legend = append(p.legend, legendEntry{label: l.Name, kind: legendLine, style: lines[k].style})
	}
	var err error
	if p.spans, p.events, err = resolveMarks(c.Spans, c.Events, dates); err != nil {
		return nil, err
	}
	keepAll := c.KeepAllPoints
	p.draw = func(w *svgWriter, f *frame) {
		px := make([]float64, n)
		for i := range n {
			px[i] = f.x.px(xs[i])
		}
		decimate := !keepAll && n > int(2*f.area.w) && nondecreasing(xs)
		for _, b := range c.Bands {
			lo := make([]float64, n)
			hi := make([]float64, n)
			for i := range n {
				lo[i], hi[i] = f.y.px(b.Lo[i]), f.y.px(b.Hi[i])
			}
			var d pathBuilder
			for _, r := range runs(n, func(i int) bool { return !math.IsNaN(b.Lo[i]) && !math.IsNaN(b.Hi[i]) }) {
				if decimate {
					r = union(decimateRun(r, px, lo), decimateRun(r, px, hi))
				}
				for _, i := range r {
					d.lineTo(px[i], hi[i])
				}
				for j := len(r) - 1; j >= 0; j-- {
					d.lineTo(px[r[j]], lo[r[j]])
				}
				d.close()
			}
			w.printf(`<path d="%s" fill="%s" fill-opacity="%s" stroke="none">`, d.String(), esc(hue), num(opacity))
			w.title(b.Name)
			w.str(`</path>`)
		}
		if c.Median != nil {
			drawLine(w, f, f.x, f.y, lineData{name: medianName, xs: xs, ys: c.Median, style: hueStyle, noTips: len(c.Bands) > 0}, keepAll)
		}
		for _, l := range lines {
			drawLine(w, f, f.x, f.y, l, keepAll)
		}
		c.writeBandTips(w, f, x, y, xs, px, medianName)
	}
	return p, nil
}

// writeBandTips adds one tooltip per x position (sampled on long series)
// that lists the median and every band, placed on the median or, without
// one, the middle of the innermost band.
func (c Fan) writeBandTips(w *svgWriter, f *frame, xs, ys *axisSpec, xv, px []float64, medianName string) {
	if len(c.Bands) == 0 {
		return
	}
	inner := c.Bands[len(c.Bands)-1]
	var idx []int
	for i := range xv {
		if !math.IsNaN(inner.Lo[i]) && !math.IsNaN(inner.Hi[i]) {
			idx = append(idx, i)
		}
	}
	w.str(`<g fill="transparent">`)
	for _, i := range sample(idx, int(f.area.w/8)) {
		at := (inner.Lo[i] + inner.Hi[i]) / 2
		var b strings.Builder
		b.WriteString(xs.valueText(xv[i]))
		if c.Median != nil && !math.IsNaN(c.Median[i]) {
			at = c.Median[i]
			b.WriteString("\n" + medianName + ": " + ys.valueText(c.Median[i]))
		}
		for k := len(c.Bands) - 1; k >= 0; k-- {
			bd := c.Bands[k]
			fmt.Fprintf(&b, "\n%s: %s to %s", bd.Name, ys.valueText(bd.Lo[i]), ys.valueText(bd.Hi[i]))
		}
		w.printf(`<circle cx="%s" cy="%s" r="5">`, num(px[i]), num(f.y.px(at)))
		w.title(b.String())
		w.str(`</circle>`)
	}
	w.str(`</g>`)
}

// union merges two sorted index lists without duplicates.
func union(a, b []int) []int {
	out := make([]int, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || i < len(a) && a[i] < b[j]:
			out = append(out, a[i])
			i++
		case i == len(a) || b[j] < a[i]:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}
