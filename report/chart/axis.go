package chart

import (
	"math"
)

type axisKind int

const (
	linearAxis axisKind = iota
	logAxis
	timeAxis
	categoryAxis
)

// axisSpec is what a chart kind knows about an axis before layout: its
// kind, labelling and the extent of the data drawn against it.
type axisSpec struct {
	kind  axisKind
	label string
	unit  Unit
	// lo and hi are the data extent, in data units, valid when has is set.
	lo, hi float64
	has    bool
	fixed  Range
	// zero extends the axis to include zero, as bars and stacks need.
	zero bool
	// nice extends the axis to the ticks just outside the data, so the
	// plot ends at a labelled value; date axes and the x axis of line
	// charts end at the data instead.
	nice bool
	// zeroLine draws a darker reference line at zero.
	zeroLine bool
	cats     []string
	// padLo and padHi keep this many pixels free beyond the data at the
	// low and high end, for labels drawn past the data such as bar values.
	padLo, padHi float64
	// dateLayout formats x values of date axes in tooltips.
	dateLayout string
}

func (s *axisSpec) include(v float64) {
	if !isFinite(v) {
		return
	}
	if !s.has {
		s.lo, s.hi, s.has = v, v, true
		return
	}
	s.lo = math.Min(s.lo, v)
	s.hi = math.Max(s.hi, v)
}

// valueText writes one value of this axis for a tooltip or description.
func (s *axisSpec) valueText(v float64) string {
	switch s.kind {
	case timeAxis:
		layout := s.dateLayout
		if layout == "" {
			layout = "2006-01-02"
		}
		return xTime(v).Format(layout)
	case categoryAxis:
		if i := int(v); i >= 0 && i < len(s.cats) {
			return s.cats[i]
		}
		return ""
	default:
		return formatValue(v, s.unit)
	}
}

// axis is a laid-out axis: its domain in display units (data times the
// unit's scale), its pixel range and its ticks.
type axis struct {
	spec   *axisSpec
	kind   axisKind
	mul    float64
	d0, d1 float64
	p0, p1 float64
	ticks  []float64
	labels []string
	// stride > 1 labels only every stride-th category when they are too
	// dense to label all.
	stride int
}

// px maps a value in data units to a pixel coordinate.
func (a *axis) px(v float64) float64 { return a.pxDisplay(v * a.mul) }

// pxDisplay maps a value in display units to a pixel coordinate. The
// halving keeps the arithmetic finite for domains near ±MaxFloat64.
func (a *axis) pxDisplay(v float64) float64 {
	lo, hi := a.d0, a.d1
	if a.kind == logAxis {
		lo, hi, v = log10(lo), log10(hi), log10(v)
	}
	den := hi/2 - lo/2
	if den == 0 {
		return (a.p0 + a.p1) / 2
	}
	return a.p0 + (v/2-lo/2)/den*(a.p1-a.p0)
}

// band is the pixel width of one category on a category axis.
func (a *axis) band() float64 {
	n := a.d1 - a.d0
	if n <= 0 {
		return 0
	}
	return math.Abs(a.p1-a.p0) / n
}

// build lays out the axis with at most about n intervals between ticks
// along length pixels. Pixels are assigned by the caller.
func (s *axisSpec) build(n int, length float64) *axis {
	a := &axis{spec: s, kind: s.kind, mul: s.unit.mul(), stride: 1}
	switch s.kind {
	case categoryAxis:
		a.mul = 1
		a.d0, a.d1 = -0.5, float64(len(s.cats))-0.5
		for i, c := range s.cats {
			a.ticks = append(a.ticks, float64(i))
			a.labels = append(a.labels, c)
		}
		return a
	case timeAxis:
		lo, hi := 0.0, float64(secondsPerDay)
		if s.has {
			lo, hi = s.lo, s.hi
		}
		if s.fixed.set() {
			lo, hi = s.fixed.Min, s.fixed.Max
		}
		if lo == hi {
			lo, hi = lo-secondsPerDay/2, hi+secondsPerDay/2
		}
		a.mul = 1
		a.d0, a.d1 = lo, hi
		if ticks, step, ok := timeTicks(lo, hi, n, false); ok {
			a.ticks = ticks
			for _, t := range ticks {
				a.labels = append(a.labels, xTime(t).Format(step.layout()))
			}
			return a
		}
		ticks, step := niceTicks(lo, hi, n)
		a.ticks = inside(ticks, lo, hi)
		a.labels = formatTicks(a.ticks, step, Unit{})
		return a
	}

	lo, hi := 0.0, 1.0
	if s.kind == logAxis {
		lo, hi = 1, 10
	}
	if s.has {
		lo, hi = clampFinite(s.lo*a.mul), clampFinite(s.hi*a.mul)
	}
	if s.zero && s.kind == linearAxis {
		lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	}
	fixed := s.fixed.set()
	if fixed {
		lo, hi = clampFinite(s.fixed.Min*a.mul), clampFinite(s.fixed.Max*a.mul)
	}
	if s.kind == logAxis {
		if lo == hi {
			lo, hi = lo/math.Sqrt(10), hi*math.Sqrt(10)
		}
		// Log ticks are unevenly spaced (2 and 5 crowd towards the next
		// power of ten), so rather than trusting the count, take the
		// densest ticks whose closest pair is still readable.
		var ticks []float64
		dlo, dhi := lo, hi
		for k := ticksFor(length, 24); k >= 1; k-- {
			ticks = logTicks(lo, hi, k)
			dlo, dhi = lo, hi
			if s.nice && !fixed {
				// End at the nearest 1-2-5 values beyond the data rather
				// than at the covering ticks, which may be a decade away.
				dlo = math.Min(lo, math.Max(ticks[0], logNice(lo, false)))
				dhi = math.Max(hi, math.Min(ticks[len(ticks)-1], logNice(hi, true)))
			}
			ticks = inside(ticks, dlo, dhi)
			if minLogGap(ticks, dlo, dhi, length) >= 18 {
				break
			}
		}
		lo, hi = dlo, dhi
		a.d0, a.d1 = lo, hi
		a.ticks = ticks
		a.labels = formatLogTicks(ticks, Unit{Prefix: s.unit.Prefix, Suffix: s.unit.Suffix, Thousand: s.unit.Thousand})
		return a
	}
	lo, hi = padRange(lo, hi)
	if usable := length - s.padLo - s.padHi; !fixed && usable > 10 && (s.padLo > 0 || s.padHi > 0) {
		span := hi/2 - lo/2
		lo, hi = clampFinite(lo-2*span*s.padLo/usable), clampFinite(hi+2*span*s.padHi/usable)
	}
	ticks, step := niceTicks(lo, hi, n)
	if s.nice && !fixed {
		// One more interval sometimes fits the data much more tightly
		// (-1..10 as -2..10 by 2 rather than -5..10 by 5); take it if
		// the ticks stay far enough apart.
		if t2, s2 := niceTicks(lo, hi, n+1); len(t2) > 1 && length/float64(len(t2)-1) >= 24 &&
			(t2[len(t2)-1]/2-t2[0]/2) < 0.85*(ticks[len(ticks)-1]/2-ticks[0]/2) {
			ticks, step = t2, s2
		}
		lo, hi = math.Min(lo, ticks[0]), math.Max(hi, ticks[len(ticks)-1])
	} else {
		ticks = inside(ticks, lo, hi)
	}
	a.d0, a.d1 = lo, hi
	a.ticks = ticks
	a.labels = formatTicks(ticks, step, Unit{Prefix: s.unit.Prefix, Suffix: s.unit.Suffix, Thousand: s.unit.Thousand})
	return a
}

// inside keeps the ticks within [lo, hi], allowing for rounding at the
// ends.
func inside(ticks []float64, lo, hi float64) []float64 {
	tol := (hi/2 - lo/2) * 2e-9
	var out []float64
	for _, t := range ticks {
		if t >= lo-tol && t <= hi+tol {
			out = append(out, t)
		}
	}
	return out
}

// logNice rounds a positive v down (or up) to the nearest 1, 2 or 5 times
// a power of ten.
func logNice(v float64, up bool) float64 {
	e := decade(v)
	p := math.Pow10(e)
	if up {
		for _, m := range [...]float64{1, 2, 5, 10} {
			if m*p >= v {
				return m * p
			}
		}
		return v
	}
	for _, m := range [...]float64{5, 2, 1} {
		if m*p <= v {
			return m * p
		}
	}
	return v
}

// minLogGap is the smallest distance in pixels between neighbouring ticks
// on a log axis of the given length over [lo, hi].
func minLogGap(ticks []float64, lo, hi, length float64) float64 {
	span := log10(hi) - log10(lo)
	gap := math.Inf(1)
	for i := 1; i < len(ticks); i++ {
		gap = math.Min(gap, (log10(ticks[i])-log10(ticks[i-1]))/span*length)
	}
	return gap
}
