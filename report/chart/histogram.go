package chart

import (
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"time"
)

// Histogram shows how values are distributed, as counts (or shares) per
// bin. Values may be numbers or dates (Times), for example the burst dates
// of a sweep's runs.
//
// Bins are chosen automatically at round numbers (or calendar periods for
// dates) unless Edges fixes them. Bin i holds values v with
// Edges[i] <= v < Edges[i+1]; the last bin also holds its upper edge.
// NaN values and values outside explicit Edges are left out and counted
// in the description.
type Histogram struct {
	Title   string
	Caption string
	Desc    string
	ID      string
	Width   float64
	Height  float64

	// Name names the values in tooltips and the legend.
	Name   string
	Values []float64
	// Times are dates to bin instead of Values.
	Times []time.Time
	// Bins is the number of bins to aim for; 0 chooses from the number
	// and spread of the values.
	Bins int
	// Edges, if set, are the bin edges for Values, strictly increasing.
	Edges []float64
	// Share shows each bin's share of all values (in %) instead of counts.
	Share bool

	XLabel, YLabel string
	XUnit          Unit
	Spans          []Span
	Events         []Event
	Style          Style
}

// SVG returns the chart as an <svg> element.
func (c Histogram) SVG() ([]byte, error) { return svgBytes(c) }

// WriteSVG writes the chart as an <svg> element.
func (c Histogram) WriteSVG(w io.Writer) error {
	p, err := c.plot()
	if err != nil {
		return err
	}
	return p.write(w)
}

func (c Histogram) size() (float64, float64) {
	return orDefault(c.Width, 720), orDefault(c.Height, 360)
}

// autoBins picks a bin count from the sample size (Sturges' rule) and,
// when the spread allows, the Freedman–Diaconis rule, which copes better
// with large samples.
func autoBins(sorted []float64) int {
	n := len(sorted)
	k := int(math.Ceil(math.Log2(float64(n)))) + 1
	q1, q3 := quantile(sorted, 0.25), quantile(sorted, 0.75)
	if iqr := q3 - q1; iqr > 0 {
		width := 2 * iqr / math.Cbrt(float64(n))
		if fd := int(math.Ceil((sorted[n-1] - sorted[0]) / width)); fd > k {
			k = fd
		}
	}
	return max(5, min(k, 60))
}

// quantile is the p-quantile of sorted values with linear interpolation
// between order statistics.
func quantile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	h := p * float64(len(sorted)-1)
	i := int(math.Floor(h))
	if i >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (h-float64(i))*(sorted[i+1]-sorted[i])
}

func (c Histogram) plot() (*plot, error) {
	if err := checkUnit("x", c.XUnit); err != nil {
		return nil, err
	}
	if c.Bins < 0 {
		return nil, fmt.Errorf("chart: histogram Bins %d is negative", c.Bins)
	}
	dates := c.Times != nil
	if dates && c.Values != nil {
		return nil, fmt.Errorf("chart: histogram sets both Values and Times")
	}
	if dates && c.Edges != nil {
		return nil, fmt.Errorf("chart: histogram Edges apply to Values, not Times")
	}
	vals := c.Values
	if dates {
		vals = make([]float64, len(c.Times))
		for i, t := range c.Times {
			vals[i] = timeX(t)
		}
	}
	var sorted []float64
	missing := 0
	for i, v := range vals {
		switch {
		case math.IsNaN(v):
			missing++
		case math.IsInf(v, 0):
			return nil, fmt.Errorf("chart: histogram value %d is %v", i, v)
		default:
			sorted = append(sorted, v)
		}
	}
	slices.Sort(sorted)

	edges := c.Edges
	if edges != nil {
		if len(edges) < 2 {
			return nil, fmt.Errorf("chart: histogram needs at least 2 edges, got %d", len(edges))
		}
		for i, e := range edges {
			if !isFinite(e) || i > 0 && e <= edges[i-1] {
				return nil, fmt.Errorf("chart: histogram edges must be finite and strictly increasing (edge %d is %v)", i, e)
			}
		}
	} else if len(sorted) > 0 {
		k := c.Bins
		if k == 0 {
			k = autoBins(sorted)
		}
		lo, hi := padRange(sorted[0], sorted[len(sorted)-1])
		if dates {
			if sorted[0] == sorted[len(sorted)-1] {
				lo, hi = sorted[0]-secondsPerDay/2, sorted[0]+secondsPerDay/2
			}
			var ok bool
			edges, _, ok = timeTicks(lo, hi, k, true)
			if !ok {
				edges, _ = niceTicks(lo, hi, k)
			}
		} else {
			edges, _ = niceTicks(lo, hi, k)
		}
	}

	counts := make([]float64, max(0, len(edges)-1))
	outside := 0
	for _, v := range sorted {
		i := sort.SearchFloat64s(edges, v) // first edge >= v
		switch {
		case i < len(edges) && edges[i] == v && i < len(counts):
			counts[i]++
		case i == len(edges)-1 && edges[i] == v:
			counts[i-1]++
		case i == 0 || i == len(edges):
			outside++
		default:
			counts[i-1]++
		}
	}
	y := &axisSpec{kind: linearAxis, label: c.YLabel, zero: true, nice: true, zeroLine: true}
	if y.label == "" {
		y.label = "Count"
		if c.Share {
			y.label = "Share of values"
		}
	}
	total := float64(len(sorted))
	if c.Share {
		y.unit = Unit{Suffix: "%", Scale: 100}
		if total > 0 {
			for i := range counts {
				counts[i] /= total
			}
		}
	}
	x := &axisSpec{kind: linearAxis, label: c.XLabel, unit: c.XUnit}
	if dates {
		x.kind = timeAxis
		x.dateLayout = dateLayout(edges)
	}
	for _, e := range edges {
		x.include(e)
	}
	for _, n := range counts {
		y.include(n)
	}
	name := c.Name
	st := c.Style
	if st.Fill == FillAuto {
		st.Fill = FillSolid
	}
	style := st.resolve(0, false)
	p := &plot{kind: "Histogram", title: c.Title, caption: c.Caption, desc: c.Desc, id: c.ID,
		width: c.Width, height: c.Height, x: x, y: y}
	p.legend = []legendEntry{{label: name, kind: legendBox, style: style, paint: fillPaint(style, 0)}}
	p.empty = len(sorted) == 0 || len(counts) == 0
	if len(sorted) > 0 && len(counts) > 0 {
		first, last := x.valueText(sorted[0]), x.valueText(sorted[len(sorted)-1])
		if dates {
			layout := dateLayout(sorted)
			first, last = xTime(sorted[0]).Format(layout), xTime(sorted[len(sorted)-1]).Format(layout)
		}
		p.notes = append(p.notes, fmt.Sprintf("%d values from %s to %s in %d bins.", len(sorted), first, last, len(counts)))
	}
	if missing > 0 {
		p.notes = append(p.notes, fmt.Sprintf("%d missing values are not shown.", missing))
	}
	if outside > 0 {
		p.notes = append(p.notes, fmt.Sprintf("%d values outside the bins are not shown.", outside))
	}
	var err error
	if p.spans, p.events, err = resolveMarks(c.Spans, c.Events, dates); err != nil {
		return nil, err
	}
	p.defs = func(w *svgWriter) { fillDefs(w, []resolved{style}) }
	p.draw = func(w *svgWriter, f *frame) {
		w.str(`<g>`)
		for i, n := range counts {
			if n == 0 {
				continue
			}
			x0, x1 := f.x.px(edges[i]), f.x.px(edges[i+1])
			y0, y1 := f.y.px(0), f.y.px(n)
			inset := math.Min(0.5, (x1-x0)/4)
			w.printf(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="%s" stroke-width="1">`,
				num(x0+inset), num(y1), num(x1-x0-2*inset), num(y0-y1), fillPaint(style, 0), esc(style.color))
			closing := ")"
			if i == len(counts)-1 {
				closing = "]"
			}
			tip := fmt.Sprintf("[%s, %s%s: ", x.valueText(edges[i]), x.valueText(edges[i+1]), closing)
			if c.Share {
				tip += formatValue(n, y.unit)
			} else {
				tip += fmt.Sprintf("%d", int(n))
				if total > 0 {
					tip += " (" + formatValue(n/total, Unit{Suffix: "%", Scale: 100}) + ")"
				}
			}
			if name != "" {
				tip = name + "\n" + tip
			}
			w.title(tip)
			w.str(`</rect>`)
		}
		w.str(`</g>`)
	}
	return p, nil
}
