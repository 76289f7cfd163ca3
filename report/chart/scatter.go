package chart

import (
	"fmt"
	"io"
	"math"
)

// Scatter plots points of one or more series as markers, each series with
// its own colour and marker shape. Points whose Y is NaN are left out.
type Scatter struct {
	Title   string
	Caption string
	Desc    string
	ID      string
	Width   float64
	Height  float64

	XLabel, YLabel string
	XUnit, YUnit   Unit
	LogX, LogY     bool
	XRange, YRange Range

	Series   []Series
	NoLegend bool
}

// Add appends series to the chart.
func (c *Scatter) Add(s ...Series) { c.Series = append(c.Series, s...) }

// SVG returns the chart as an <svg> element.
func (c Scatter) SVG() ([]byte, error) { return svgBytes(c) }

// WriteSVG writes the chart as an <svg> element.
func (c Scatter) WriteSVG(w io.Writer) error {
	p, err := c.plot()
	if err != nil {
		return err
	}
	return p.write(w)
}

func (c Scatter) size() (float64, float64) {
	return orDefault(c.Width, 720), orDefault(c.Height, 360)
}

func (c Scatter) plot() (*plot, error) {
	dates, err := axisType(c.Series)
	if err != nil {
		return nil, err
	}
	if dates && c.LogX {
		return nil, fmt.Errorf("chart: a date axis cannot be logarithmic")
	}
	if err := checkUnit("x", c.XUnit); err != nil {
		return nil, err
	}
	if err := checkUnit("y", c.YUnit); err != nil {
		return nil, err
	}
	if err := c.XRange.check("x", c.LogX); err != nil {
		return nil, err
	}
	if err := c.YRange.check("y", c.LogY); err != nil {
		return nil, err
	}
	x := &axisSpec{kind: linearAxis, label: c.XLabel, unit: c.XUnit, fixed: c.XRange, nice: true}
	switch {
	case dates:
		x.kind = timeAxis
		x.nice = false
	case c.LogX:
		x.kind = logAxis
	}
	y := &axisSpec{kind: linearAxis, label: c.YLabel, unit: c.YUnit, fixed: c.YRange, nice: true, zeroLine: true}
	if c.LogY {
		y.kind = logAxis
	}
	p := &plot{kind: "Scatter plot", title: c.Title, caption: c.Caption, desc: c.Desc, id: c.ID,
		width: c.Width, height: c.Height, x: x, y: y, noLegend: c.NoLegend}
	type pts struct {
		xs, ys []float64
		style  resolved
	}
	var data []pts
	var allX []float64
	for i, s := range c.Series {
		if err := s.check(i); err != nil {
			return nil, err
		}
		xs, _ := s.xs()
		for j, v := range s.Y {
			if math.IsNaN(v) {
				continue
			}
			if c.LogX && xs[j] <= 0 || c.LogY && v <= 0 {
				return nil, fmt.Errorf("chart: series %d (%q): point %d (%v, %v) cannot be shown on a log scale", i, s.Name, j, xs[j], v)
			}
			x.include(xs[j])
			y.include(v)
		}
		allX = append(allX, xs...)
		st := s.Style.resolve(i, true)
		if st.marker == MarkerNone {
			st.marker = MarkerCircle
		}
		data = append(data, pts{xs, s.Y, st})
		p.legend = append(p.legend, legendEntry{label: s.Name, kind: legendMarker, style: st})
	}
	if dates {
		x.dateLayout = dateLayout(allX)
	}
	p.empty = !y.has
	p.draw = func(w *svgWriter, f *frame) {
		for k, d := range data {
			w.str(`<g>`)
			for j, v := range d.ys {
				if math.IsNaN(v) {
					continue
				}
				tip := pointText(c.Series[k].Name, x, y, d.xs[j], v, labelAt(c.Series[k].Labels, j))
				writeMarker(w, d.style.marker, f.x.px(d.xs[j]), f.y.px(v), markerRadius, d.style.color, tip)
			}
			w.str(`</g>`)
		}
	}
	return p, nil
}
