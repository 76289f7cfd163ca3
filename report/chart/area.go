package chart

import (
	"fmt"
	"io"
	"math"
	"slices"
)

// Area is a stacked area chart: each series is drawn as a band on top of
// the ones before it, so the top edge shows the total. All series must
// share the same x values (X or T).
//
// Negative values stack separately: at every x, positive values pile up
// upwards from zero and negative values pile down from zero, each in
// series order. A series that changes sign therefore moves from one pile
// to the other. A NaN in any series leaves a gap in the whole stack at
// that x, because the total is unknown there.
type Area struct {
	Title   string
	Caption string
	Desc    string
	ID      string
	Width   float64
	Height  float64

	XLabel, YLabel string
	XUnit, YUnit   Unit // XUnit is ignored on a date axis
	YRange         Range

	Series []Series
	Spans  []Span
	Events []Event

	NoLegend      bool
	KeepAllPoints bool
}

// Add appends series to the chart; the first series is the bottom layer.
func (c *Area) Add(s ...Series) { c.Series = append(c.Series, s...) }

// SVG returns the chart as an <svg> element.
func (c Area) SVG() ([]byte, error) { return svgBytes(c) }

// WriteSVG writes the chart as an <svg> element.
func (c Area) WriteSVG(w io.Writer) error {
	p, err := c.plot()
	if err != nil {
		return err
	}
	return p.write(w)
}

func (c Area) size() (float64, float64) { return orDefault(c.Width, 720), orDefault(c.Height, 360) }

// stack computes the lower and upper edge of every layer at every x with
// the diverging rule described on Area; at an x where any value is NaN all
// edges are NaN.
func stack(ys [][]float64, n int) (lo, hi [][]float64) {
	lo = make([][]float64, len(ys))
	hi = make([][]float64, len(ys))
	for k := range ys {
		lo[k] = make([]float64, n)
		hi[k] = make([]float64, n)
	}
	for i := range n {
		gap := false
		for k := range ys {
			if math.IsNaN(ys[k][i]) {
				gap = true
			}
		}
		pos, neg := 0.0, 0.0
		for k := range ys {
			v := ys[k][i]
			switch {
			case gap:
				lo[k][i], hi[k][i] = math.NaN(), math.NaN()
			case v >= 0:
				lo[k][i], hi[k][i] = pos, pos+v
				pos += v
			default:
				lo[k][i], hi[k][i] = neg+v, neg
				neg += v
			}
		}
	}
	return lo, hi
}

func (c Area) plot() (*plot, error) {
	dates, err := axisType(c.Series)
	if err != nil {
		return nil, err
	}
	if err := checkUnit("x", c.XUnit); err != nil {
		return nil, err
	}
	if err := checkUnit("y", c.YUnit); err != nil {
		return nil, err
	}
	if err := c.YRange.check("y", false); err != nil {
		return nil, err
	}
	var xs []float64
	var ys [][]float64
	for i, s := range c.Series {
		if err := s.check(i); err != nil {
			return nil, err
		}
		sx, _ := s.xs()
		if i == 0 {
			xs = sx
		} else if !slices.Equal(sx, xs) {
			return nil, fmt.Errorf("chart: series %d (%q) of a stacked area chart has different x values from series 0", i, s.Name)
		}
		ys = append(ys, s.Y)
	}
	x := &axisSpec{kind: linearAxis, label: c.XLabel, unit: c.XUnit}
	if dates {
		x.kind = timeAxis
		x.dateLayout = dateLayout(xs)
	}
	y := &axisSpec{kind: linearAxis, label: c.YLabel, unit: c.YUnit, fixed: c.YRange, zero: true, nice: true, zeroLine: true}
	p := &plot{kind: "Stacked area chart", title: c.Title, caption: c.Caption, desc: c.Desc, id: c.ID,
		width: c.Width, height: c.Height, x: x, y: y, noLegend: c.NoLegend}

	n := len(xs)
	lo, hi := stack(ys, n)
	styles := make([]resolved, len(c.Series))
	for k, s := range c.Series {
		styles[k] = s.Style.resolve(k, false)
		p.legend = append(p.legend, legendEntry{label: s.Name, kind: legendBox, style: styles[k], paint: fillPaint(styles[k], k)})
	}
	valid := func(i int) bool { return len(ys) > 0 && !math.IsNaN(lo[0][i]) }
	for i := range n {
		if !valid(i) {
			continue
		}
		x.include(xs[i])
		for k := range ys {
			y.include(lo[k][i])
			y.include(hi[k][i])
		}
	}
	p.empty = !y.has
	if p.spans, p.events, err = resolveMarks(c.Spans, c.Events, dates); err != nil {
		return nil, err
	}
	p.defs = func(w *svgWriter) { fillDefs(w, styles) }
	keepAll := c.KeepAllPoints
	p.draw = func(w *svgWriter, f *frame) {
		px := make([]float64, n)
		for i := range n {
			px[i] = f.x.px(xs[i])
		}
		// The total height guides decimation, so every layer keeps the
		// same x positions and the layers still fit together.
		top := make([]float64, n)
		for i := range n {
			t := 0.0
			for k := range ys {
				t = math.Max(t, hi[k][i])
			}
			top[i] = f.y.px(t)
		}
		rs := runs(n, valid)
		if !keepAll && n > int(2*f.area.w) && nondecreasing(xs) {
			for j, r := range rs {
				rs[j] = decimateRun(r, px, top)
			}
		}
		for k := range ys {
			var fill, edge pathBuilder
			var kept []int
			py := make([]float64, n)
			for _, r := range rs {
				for _, i := range r {
					fill.lineTo(px[i], f.y.px(hi[k][i]))
					edge.lineTo(px[i], f.y.px(hi[k][i]))
					py[i] = f.y.px(hi[k][i])
				}
				for j := len(r) - 1; j >= 0; j-- {
					fill.lineTo(px[r[j]], f.y.px(lo[k][r[j]]))
				}
				fill.close()
				edge.open = false
				kept = append(kept, r...)
			}
			w.str(`<g>`)
			w.printf(`<path d="%s" fill="%s" fill-opacity="0.9" stroke="none">`, fill.String(), fillPaint(styles[k], k))
			w.title(c.Series[k].Name)
			w.str(`</path>`)
			w.printf(`<path d="%s" fill="none" stroke="%s" stroke-width="1.25" stroke-linejoin="round"/>`,
				edge.String(), esc(styles[k].color))
			writeTips(w, f, x, y, c.Series[k].Name, xs, ys[k], c.Series[k].Labels, px, py, kept)
			w.str(`</g>`)
		}
	}
	return p, nil
}
