package chart

import (
	"fmt"
	"io"
	"math"
)

// Bar is a bar chart of values by category, with bars of several series
// side by side (grouped) or on top of each other (Stacked), upright or
// Horizontal. Negative values are drawn below (or left of) zero.
//
// Stacked bars follow the same rule as stacked areas: in each category
// positive values pile up from zero and negative values pile down from
// zero, in series order, so a category's bar spans from its total losses
// to its total gains. A NaN value leaves its bar out.
type Bar struct {
	Title   string
	Caption string
	Desc    string
	ID      string
	// Width and Height in pixels; zero means 720 by 360, except that a
	// horizontal chart grows with its number of categories.
	Width, Height float64

	Categories    []string
	Series        []BarSeries
	Stacked       bool
	Horizontal    bool
	CategoryLabel string
	ValueLabel    string
	ValueUnit     Unit
	ValueRange    Range
	// ShowValues writes each bar's value at its end (ignored when
	// Stacked, where the segments are too small for text).
	ShowValues bool
	NoLegend   bool
}

// BarSeries is one named set of bar values, one per category.
type BarSeries struct {
	Name   string
	Values []float64
	Style  Style
}

// Add appends series to the chart.
func (c *Bar) Add(s ...BarSeries) { c.Series = append(c.Series, s...) }

// SVG returns the chart as an <svg> element.
func (c Bar) SVG() ([]byte, error) { return svgBytes(c) }

// WriteSVG writes the chart as an <svg> element.
func (c Bar) WriteSVG(w io.Writer) error {
	p, err := c.plot()
	if err != nil {
		return err
	}
	return p.write(w)
}

func (c Bar) size() (float64, float64) {
	h := c.Height
	if h == 0 {
		h = 360
		if c.Horizontal {
			per := 26.0
			if !c.Stacked && len(c.Series) > 1 {
				per = math.Max(per, 12*float64(len(c.Series))+10)
			}
			h = math.Max(200, 130+per*float64(len(c.Categories)))
		}
	}
	return orDefault(c.Width, 720), h
}

func (c Bar) plot() (*plot, error) {
	if err := checkUnit("value", c.ValueUnit); err != nil {
		return nil, err
	}
	if err := c.ValueRange.check("value", false); err != nil {
		return nil, err
	}
	for i, s := range c.Series {
		if len(s.Values) != len(c.Categories) {
			return nil, fmt.Errorf("chart: bar series %d (%q) has %d values for %d categories", i, s.Name, len(s.Values), len(c.Categories))
		}
		for j, v := range s.Values {
			if math.IsInf(v, 0) {
				return nil, fmt.Errorf("chart: bar series %d (%q): value %d is %v", i, s.Name, j, v)
			}
		}
	}
	cat := &axisSpec{kind: categoryAxis, label: c.CategoryLabel, cats: c.Categories}
	val := &axisSpec{kind: linearAxis, label: c.ValueLabel, unit: c.ValueUnit, fixed: c.ValueRange, zero: true, nice: true, zeroLine: true}
	w, h := c.size()
	p := &plot{kind: "Bar chart", title: c.Title, caption: c.Caption, desc: c.Desc, id: c.ID,
		width: w, height: h, x: cat, y: val, noLegend: c.NoLegend}
	if c.Horizontal {
		p.kind = "Horizontal bar chart"
		p.x, p.y = val, cat
	}
	if c.Stacked {
		p.kind = "Stacked " + lowerFirst(p.kind)
	}

	// Bar ends: base and top of every bar, in data units.
	ns, nc := len(c.Series), len(c.Categories)
	base := make([][]float64, ns)
	end := make([][]float64, ns)
	pos, neg := make([]float64, nc), make([]float64, nc)
	for k, s := range c.Series {
		base[k] = make([]float64, nc)
		end[k] = make([]float64, nc)
		for j, v := range s.Values {
			switch {
			case math.IsNaN(v):
				base[k][j], end[k][j] = math.NaN(), math.NaN()
			case !c.Stacked:
				base[k][j], end[k][j] = 0, v
			case v >= 0:
				base[k][j], end[k][j] = pos[j], pos[j]+v
				pos[j] += v
			default:
				base[k][j], end[k][j] = neg[j], neg[j]+v
				neg[j] += v
			}
			val.include(base[k][j])
			val.include(end[k][j])
		}
	}
	if c.ShowValues && !c.Stacked {
		// Leave room beyond the longest bars for their value labels.
		for _, s := range c.Series {
			for _, v := range s.Values {
				room := tickFont + 6
				if c.Horizontal {
					room = textWidth(formatValue(v, c.ValueUnit), tickFont) + 8
				}
				if v < 0 {
					val.padLo = math.Max(val.padLo, room)
				} else if v > 0 {
					val.padHi = math.Max(val.padHi, room)
				}
			}
		}
	}
	p.empty = !val.has || nc == 0
	styles := make([]resolved, ns)
	for k, s := range c.Series {
		styles[k] = s.Style.resolve(k, false)
		p.legend = append(p.legend, legendEntry{label: s.Name, kind: legendBox, style: styles[k], paint: fillPaint(styles[k], k)})
	}
	p.defs = func(w *svgWriter) { fillDefs(w, styles) }
	p.draw = func(w *svgWriter, f *frame) {
		ca, va := f.x, f.y
		if c.Horizontal {
			ca, va = f.y, f.x
		}
		band := ca.band()
		slot := band * 0.6 // stacked: one bar per category
		if !c.Stacked && ns > 0 {
			slot = band * math.Min(0.8, 0.45+0.1*float64(ns)) / float64(ns)
		}
		for k, s := range c.Series {
			w.str(`<g>`)
			for j := range nc {
				if math.IsNaN(end[k][j]) {
					continue
				}
				center := ca.px(float64(j))
				off := -slot / 2
				if !c.Stacked {
					off = -slot*float64(ns)/2 + slot*float64(k)
				}
				v0, v1 := va.px(base[k][j]), va.px(end[k][j])
				lo, length := math.Min(v0, v1), math.Abs(v1-v0)
				inset := math.Min(0.5, slot/4) // a hairline between neighbouring bars
				bx, by, bw, bh := center+off+inset, lo, slot-2*inset, length
				if c.Horizontal {
					bx, by, bw, bh = lo, center+off+inset, length, slot-2*inset
				}
				w.printf(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="%s" stroke-width="1">`,
					num(bx), num(by), num(bw), num(bh), fillPaint(styles[k], k), esc(styles[k].color))
				tip := c.Categories[j] + ": " + formatValue(s.Values[j], c.ValueUnit)
				if s.Name != "" {
					tip = s.Name + "\n" + tip
				}
				w.title(tip)
				w.str(`</rect>`)
				if c.ShowValues && !c.Stacked {
					writeBarValue(w, c.Horizontal, center+off+slot/2, v1, s.Values[j] < 0, formatValue(s.Values[j], c.ValueUnit))
				}
			}
			w.str(`</g>`)
		}
	}
	return p, nil
}

// writeBarValue writes a value just beyond the end of its bar.
func writeBarValue(w *svgWriter, horizontal bool, across, end float64, negative bool, text string) {
	if horizontal {
		x, anchor := end+4, "start"
		if negative {
			x, anchor = end-4, "end"
		}
		w.printf(`<text x="%s" y="%s" text-anchor="%s" fill="%s">%s</text>`, num(x), num(across+tickFont*0.35), anchor, inkTitle, esc(text))
		return
	}
	y := end - 4
	if negative {
		y = end + tickFont + 2
	}
	w.printf(`<text x="%s" y="%s" text-anchor="middle" fill="%s">%s</text>`, num(across), num(y), inkTitle, esc(text))
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]|0x20) + s[1:]
}
