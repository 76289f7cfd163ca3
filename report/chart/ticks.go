package chart

import (
	"math"
)

// niceTicks returns ticks at multiples of a 1-2-5 step (1, 2 or 5 times a
// power of ten) that cover [lo, hi]: the first tick is at or below lo, the
// last at or above hi, and there are at most n intervals between them.
// It requires finite lo < hi and n >= 1.
//
// Ticks are computed as integer multiples of the step rather than by
// repeated addition, so they do not drift (0.1+0.1+0.1 != 0.3) and every
// label is the shortest decimal for its value.
func niceTicks(lo, hi float64, n int) (ticks []float64, step float64) {
	if n < 1 {
		n = 1
	}
	// Halving first keeps the span finite even for [-MaxFloat64, MaxFloat64].
	half := hi/2 - lo/2
	raw := half / float64(n) * 2
	if !(raw > 0) || math.IsInf(raw, 0) {
		return []float64{lo, hi}, hi - lo
	}
	exp := float64(decade(raw))
	for {
		base := math.Pow(10, exp)
		for _, m := range [...]float64{1, 2, 5, 10} {
			step = m * base
			if step < raw*(1-1e-9) {
				continue
			}
			k0 := math.Floor(lo / step)
			k1 := math.Ceil(hi / step)
			// The divisions may underflow (5e-324/5 is 0), so check that
			// the end ticks really cover the range.
			if k0*step > lo {
				k0--
			}
			if k1*step < hi {
				k1++
			}
			if k1-k0 > float64(n) {
				continue
			}
			// When the step is below the float resolution around lo and hi,
			// multiples of it cannot be told apart; show the ends only.
			ulp := math.Max(ulpOf(lo), ulpOf(hi))
			if step < 4*ulp {
				return []float64{lo, hi}, hi - lo
			}
			for k := k0; k <= k1; k++ {
				t := k * step
				if t == 0 {
					t = 0 // no negative zero
				}
				t = clampFinite(t)
				if len(ticks) > 0 && t <= ticks[len(ticks)-1] {
					continue
				}
				ticks = append(ticks, t)
			}
			if len(ticks) < 2 {
				return []float64{lo, hi}, hi - lo
			}
			return ticks, step
		}
		exp++
	}
}

func ulpOf(v float64) float64 {
	v = math.Abs(v)
	return math.Nextafter(v, math.Inf(1)) - v
}

func clampFinite(v float64) float64 {
	return math.Max(-math.MaxFloat64, math.Min(math.MaxFloat64, v))
}

// padRange widens a degenerate range (a constant series, a single point)
// so that it can be drawn with the value in the middle.
func padRange(lo, hi float64) (float64, float64) {
	if lo < hi {
		return lo, hi
	}
	d := math.Abs(lo) * 0.1
	if d == 0 || d < 1e-300 {
		d = 1
		if lo != 0 {
			d = math.Abs(lo)
		}
	}
	nlo, nhi := clampFinite(lo-d), clampFinite(hi+d)
	if !(nlo < nhi) { // d vanished in rounding
		nlo, nhi = math.Nextafter(lo, math.Inf(-1)), math.Nextafter(hi, math.Inf(1))
	}
	return nlo, nhi
}

// Log axes place ticks at mantissas times powers of ten. Denser mantissa
// sets are tried first so that narrow ranges still get several ticks.
var logMantissas = [...][]float64{
	{1, 2, 3, 4, 5, 6, 7, 8, 9},
	{1, 2, 5},
	{1},
}

// decade returns floor(log10(v)) exactly for positive finite v, correcting
// the rounding of math.Log10 at powers of ten.
func decade(v float64) int {
	e := int(math.Floor(log10(v)))
	if math.Pow10(e+1) <= v {
		e++
	}
	if math.Pow10(e) > v {
		e--
	}
	return e
}

// log10 is math.Log10 made accurate for subnormal numbers, where
// math.Log10 is off by many decades.
func log10(v float64) float64 {
	const smallestNormal = 0x1p-1022
	if v > 0 && v < smallestNormal {
		return math.Log10(v*0x1p64) - 64*math.Log10(2)
	}
	return math.Log10(v)
}

// Smallest and largest decades a log axis tick may use; beyond them powers
// of ten are not representable as normal float64 values.
const (
	minDecade = -307
	maxDecade = 307
)

// logTicks returns ticks for a logarithmic axis covering [lo, hi], with
// 0 < lo < hi, and at most n+1 of them. Ticks are mantissa·10^k for the
// densest mantissa set that fits, or every k-th power of ten for wide
// ranges. The returned ticks cover [lo, hi] except where that would need a
// power of ten beyond ±307, where they are clamped.
func logTicks(lo, hi float64, n int) []float64 {
	if n < 1 {
		n = 1
	}
	e0 := max(decade(lo), minDecade)
	e1 := min(decade(hi), maxDecade)
	for _, set := range logMantissas {
		// The covering ticks: the largest at or below lo and the smallest
		// at or above hi.
		var ticks []float64
		first := -1
		for e := e0; e <= e1+1 && len(ticks)-max(first, 0) <= n+2; e++ {
			p := math.Pow10(e)
			for _, m := range set {
				t := m * p
				if t <= lo {
					first = len(ticks)
				}
				ticks = append(ticks, t)
				if t >= hi {
					break
				}
			}
			if ticks[len(ticks)-1] >= hi {
				break
			}
		}
		if first < 0 {
			first = 0
		}
		ticks = ticks[first:]
		if len(ticks)-1 <= n && ticks[len(ticks)-1] >= hi {
			return ticks
		}
	}
	// Too wide even for one tick per decade: every k-th decade.
	k := (e1 - e0 + 1 + n - 1) / n
	if k < 1 {
		k = 1
	}
	start := floorDiv(e0, k) * k
	var ticks []float64
	for e := start; ; e += k {
		t := math.Pow10(max(minDecade, min(e, maxDecade)))
		if len(ticks) == 0 || t > ticks[len(ticks)-1] {
			ticks = append(ticks, t)
		}
		if t >= hi || e >= maxDecade {
			break
		}
	}
	return ticks
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}
