package chart

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

func FuzzNiceTicks(f *testing.F) {
	for _, s := range []struct {
		lo, hi float64
		n      int
	}{
		{0, 1, 5}, {-3.2, 7.9, 5}, {1e17, 1e17 + 16, 5}, {-math.MaxFloat64, math.MaxFloat64, 5},
		{0, 5e-324, 3}, {1e-310, 2e-310, 4}, {-1e-9, 1e300, 12}, {0.1, 0.30000000000000004, 2},
	} {
		f.Add(s.lo, s.hi, s.n)
	}
	f.Fuzz(func(t *testing.T, lo, hi float64, n int) {
		if !isFinite(lo) || !isFinite(hi) || !(lo < hi) {
			t.Skip()
		}
		n = 1 + int(uint(n)%20)
		ticks, step := niceTicks(lo, hi, n)
		if len(ticks) < 2 || len(ticks) > n+1 {
			t.Fatalf("niceTicks(%v, %v, %d) gave %d ticks", lo, hi, n, len(ticks))
		}
		if ticks[0] > lo || ticks[len(ticks)-1] < hi {
			t.Fatalf("niceTicks(%v, %v, %d) = %v does not cover the range", lo, hi, n, ticks)
		}
		for i, v := range ticks {
			if !isFinite(v) || i > 0 && v <= ticks[i-1] {
				t.Fatalf("niceTicks(%v, %v, %d) = %v is not finite and strictly increasing", lo, hi, n, ticks)
			}
		}
		labels := formatTicks(ticks, step, Unit{})
		if !distinct(labels) {
			t.Fatalf("labels %q of ticks %v repeat", labels, ticks)
		}
	})
}

func FuzzLogTicks(f *testing.F) {
	f.Add(1.0, 1000.0, 8)
	f.Add(3.0, 40.0, 8)
	f.Add(1e-300, 1e300, 5)
	f.Add(5e-324, math.MaxFloat64, 3)
	f.Add(0.5, 0.50000001, 4)
	f.Fuzz(func(t *testing.T, lo, hi float64, n int) {
		if !isFinite(lo) || !isFinite(hi) || !(0 < lo && lo < hi) {
			t.Skip()
		}
		n = 1 + int(uint(n)%20)
		ticks := logTicks(lo, hi, n)
		if len(ticks) < 1 || len(ticks) > n+2 {
			t.Fatalf("logTicks(%v, %v, %d) gave %d ticks: %v", lo, hi, n, len(ticks), ticks)
		}
		for i, v := range ticks {
			if !(v > 0) || !isFinite(v) || i > 0 && v <= ticks[i-1] {
				t.Fatalf("logTicks(%v, %v, %d) = %v is not positive, finite and strictly increasing", lo, hi, n, ticks)
			}
		}
		// Coverage holds wherever powers of ten are normal numbers.
		if lo >= 1e-300 && hi <= 1e300 && (ticks[0] > lo || ticks[len(ticks)-1] < hi) {
			t.Fatalf("logTicks(%v, %v, %d) = %v does not cover the range", lo, hi, n, ticks)
		}
	})
}

func FuzzTimeTicks(f *testing.F) {
	f.Add(day(2020, 1, 1), day(2030, 1, 1), 6, false)
	f.Add(day(2024, 3, 5), day(2024, 3, 15), 6, true)
	f.Add(0.0, 0.5, 3, false)
	f.Add(-1e11, 1e11, 12, true)
	f.Fuzz(func(t *testing.T, lo, hi float64, n int, cover bool) {
		if !isFinite(lo) || !isFinite(hi) || !(lo < hi) || math.Abs(lo) > 1e11 || math.Abs(hi) > 1e11 {
			t.Skip()
		}
		n = 2 + int(uint(n)%12)
		ticks, step, ok := timeTicks(lo, hi, n, cover)
		if !ok && hi-lo < 2 {
			return // too short for calendar ticks; axes fall back to numbers
		}
		if !ok {
			t.Fatalf("timeTicks(%v, %v, %d, %v) failed", lo, hi, n, cover)
		}
		for i, v := range ticks {
			if i > 0 && v <= ticks[i-1] {
				t.Fatalf("ticks %v not strictly increasing (step %+v)", ticks, step)
			}
		}
		if cover {
			if len(ticks) < 2 || len(ticks)-1 > n || ticks[0] > lo || ticks[len(ticks)-1] < hi {
				t.Fatalf("cover ticks %v for [%v, %v], n=%d (step %+v)", ticks, lo, hi, n, step)
			}
			return
		}
		if len(ticks) > n+1 {
			t.Fatalf("%d ticks for n=%d", len(ticks), n)
		}
		for _, v := range ticks {
			if v < lo || v > hi {
				t.Fatalf("tick %v outside [%v, %v]", v, lo, hi)
			}
		}
	})
}

// FuzzLineChart feeds arbitrary values and text through a whole chart:
// it must either report an error (for infinities) or produce well-formed
// SVG in which the text cannot break out of its element.
func FuzzLineChart(f *testing.F) {
	f.Add(1.0, 2.0, math.NaN(), 4.0, 0.5, "final demand", false)
	f.Add(0.0, 0.0, 0.0, 0.0, 0.0, "<script>alert(1)</script>", false)
	f.Add(1e308, -1e308, 1e-308, 5e-324, 3.0, "a&b \"c\" 'd'", true)
	f.Add(math.Inf(1), 1.0, 2.0, 3.0, 4.0, "\x00\x01\uFFFE", false)
	f.Add(1.0, 2.0, 3.0, 4.0, 5.0, "\xff\xfe", true)
	f.Fuzz(func(t *testing.T, a, b, c, d, x0 float64, name string, logY bool) {
		ys := []float64{a, b, c, d}
		c0 := Line{Title: name, YLabel: name, LogY: logY, Events: []Event{{Label: name, X: 1.5}}}
		c0.Add(Series{Name: name, Y: ys}, Series{Name: "shifted", X: []float64{x0, x0 + 1, x0 + 2, x0 + 3}, Y: ys})
		svg, err := c0.SVG()
		wantErr := !isFinite(x0) || !isFinite(x0+3)
		for _, v := range ys {
			if math.IsInf(v, 0) || logY && v <= 0 {
				wantErr = true
			}
		}
		if err != nil {
			if !wantErr {
				t.Fatalf("unexpected error: %v", err)
			}
			return
		}
		if wantErr {
			t.Fatalf("no error for values %v, x0 %v", ys, x0)
		}
		checkWellFormed(t, svg)
		if bytes.Contains(svg, []byte("<script")) || strings.Contains(string(svg), "\x00") {
			t.Fatalf("unescaped text in %q", svg)
		}
	})
}

// FuzzOtherCharts runs the same values through the bar, stacked area,
// histogram, fan and scatter charts, which must produce well-formed SVG
// for every finite input and an error for infinities.
func FuzzOtherCharts(f *testing.F) {
	f.Add(1.0, -2.0, math.NaN(), 4.0, true, false)
	f.Add(0.0, 0.0, 0.0, 0.0, false, true)
	f.Add(1e308, 1e308, -1e308, 5e-324, true, true)
	f.Add(math.Inf(-1), 1.0, 2.0, 3.0, false, false)
	f.Fuzz(func(t *testing.T, a, b, c, d float64, stacked, horizontal bool) {
		ys := []float64{a, b, c, d}
		inf := false
		for _, v := range ys {
			inf = inf || math.IsInf(v, 0)
		}
		xs := []float64{0, 1, 2, 3}
		lo, hi := make([]float64, 4), make([]float64, 4)
		for i, v := range ys {
			lo[i], hi[i] = v-1, v+1
		}
		charts := []Renderer{
			Bar{Categories: []string{"a", "b"}, Stacked: stacked, Horizontal: horizontal, ShowValues: true,
				Series: []BarSeries{{Name: "x", Values: ys[:2]}, {Name: "y", Values: ys[2:]}}},
			Area{Series: []Series{{Name: "x", X: xs[:2], Y: ys[:2]}, {Name: "y", X: xs[:2], Y: ys[2:]}}},
			Histogram{Values: ys},
			Fan{X: xs, Bands: []Band{{Name: "b", Lo: lo, Hi: hi}}, Median: ys},
			Scatter{Series: []Series{{Name: "x", X: xs, Y: ys}}},
		}
		for i, ch := range charts {
			svg, err := svgBytes(ch)
			if inf {
				// Fan bands of ±Inf data are ±Inf too; every kind must refuse.
				if err == nil {
					t.Fatalf("chart %d accepted %v", i, ys)
				}
				continue
			}
			if err != nil {
				t.Fatalf("chart %d: %v", i, err)
			}
			checkWellFormed(t, svg)
		}
	})
}
