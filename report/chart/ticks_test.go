package chart

import (
	"math"
	"slices"
	"testing"
	"time"
)

func TestNiceTicks(t *testing.T) {
	tests := []struct {
		lo, hi float64
		n      int
		want   []float64
		step   float64
	}{
		{0, 1, 5, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}, 0.2},
		{0, 100, 5, []float64{0, 20, 40, 60, 80, 100}, 20},
		{17, 83, 6, []float64{0, 20, 40, 60, 80, 100}, 20},
		{-3.2, 7.9, 5, []float64{-5, 0, 5, 10}, 5},
		{-1, -0.5, 5, []float64{-1, -0.9, -0.8, -0.7, -0.6, -0.5}, 0.1},
		{99.5, 100.5, 4, []float64{99.5, 100, 100.5}, 0.5},
		{1e9, 5e9, 4, []float64{1e9, 2e9, 3e9, 4e9, 5e9}, 1e9},
		{0, 1e-7, 5, []float64{0, 2e-8, 4e-8, 6e-8, 8e-8, 1e-7}, 2e-8},
		// Below float resolution multiples of a step cannot be told
		// apart: the ends alone are returned.
		{1e17, 1e17 + 16, 5, []float64{1e17, 1e17 + 16}, 16},
	}
	for _, tt := range tests {
		got, step := niceTicks(tt.lo, tt.hi, tt.n)
		if !approxEqual(got, tt.want) || math.Abs(step-tt.step) > 1e-12*tt.step {
			t.Errorf("niceTicks(%v, %v, %d) = %v step %v, want %v step %v", tt.lo, tt.hi, tt.n, got, step, tt.want, tt.step)
		}
	}
}

func approxEqual(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool {
		return x == y || math.Abs(x-y) <= 1e-12*math.Max(math.Abs(x), math.Abs(y))
	})
}

func TestLogTicks(t *testing.T) {
	tests := []struct {
		lo, hi float64
		n      int
		want   []float64
	}{
		{1, 1000, 8, []float64{1, 10, 100, 1000}},
		{3, 40, 8, []float64{2, 5, 10, 20, 50}},
		{0.5, 0.9, 5, []float64{0.5, 0.6, 0.7, 0.8, 0.9}},
		{120, 480, 6, []float64{100, 200, 300, 400, 500}},
		{95, 70000, 8, []float64{10, 100, 1000, 10000, 100000}},
		// Too many decades for one tick each: every third decade.
		{1e-5, 1e5, 5, []float64{1e-6, 1e-3, 1, 1e3, 1e6}},
	}
	for _, tt := range tests {
		if got := logTicks(tt.lo, tt.hi, tt.n); !approxEqual(got, tt.want) {
			t.Errorf("logTicks(%v, %v, %d) = %v, want %v", tt.lo, tt.hi, tt.n, got, tt.want)
		}
	}
}

func TestDecade(t *testing.T) {
	for _, tt := range []struct {
		v    float64
		want int
	}{{1, 0}, {9.99, 0}, {10, 1}, {1000, 3}, {999.9999, 2}, {0.001, -3}, {0.00099, -4}, {1e300, 300}, {5e-324, -324}} {
		if got := decade(tt.v); got != tt.want {
			t.Errorf("decade(%v) = %d, want %d", tt.v, got, tt.want)
		}
	}
}

func day(y, m, d int) float64 { return timeX(time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)) }

func TestTimeTicks(t *testing.T) {
	tests := []struct {
		name   string
		lo, hi float64
		n      int
		cover  bool
		want   []string
	}{
		{"decade by 2 years", day(2020, 1, 1), day(2030, 1, 1), 6, false,
			[]string{"2020", "2022", "2024", "2026", "2028", "2030"}},
		{"a year by 2 months", day(2024, 1, 1), day(2024, 12, 31), 6, false,
			[]string{"Jan 2024", "Mar 2024", "May 2024", "Jul 2024", "Sep 2024", "Nov 2024"}},
		{"half years", day(2023, 7, 15), day(2026, 2, 1), 6, false,
			[]string{"Jan 2024", "Jul 2024", "Jan 2025", "Jul 2025", "Jan 2026"}},
		{"days", day(2024, 3, 5), day(2024, 3, 15), 6, false,
			[]string{"2024-03-06", "2024-03-08", "2024-03-10", "2024-03-12", "2024-03-14"}},
		{"weeks start on Monday", day(2024, 3, 1), day(2024, 4, 20), 8, false,
			[]string{"2024-03-04", "2024-03-11", "2024-03-18", "2024-03-25", "2024-04-01", "2024-04-08", "2024-04-15"}},
		{"a century", day(1990, 1, 1), day(2090, 1, 1), 6, false,
			[]string{"2000", "2020", "2040", "2060", "2080"}},
		{"hours", day(2024, 1, 1), day(2024, 1, 1) + 10*3600, 6, false,
			[]string{"Jan 1 00:00", "Jan 1 02:00", "Jan 1 04:00", "Jan 1 06:00", "Jan 1 08:00", "Jan 1 10:00"}},
		{"cover for bin edges", day(2023, 7, 15), day(2026, 2, 1), 6, true,
			[]string{"Jul 2023", "Jan 2024", "Jul 2024", "Jan 2025", "Jul 2025", "Jan 2026", "Jul 2026"}},
	}
	for _, tt := range tests {
		ticks, step, ok := timeTicks(tt.lo, tt.hi, tt.n, tt.cover)
		if !ok {
			t.Errorf("%s: no ticks", tt.name)
			continue
		}
		var got []string
		for _, v := range ticks {
			got = append(got, xTime(v).Format(step.layout()))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestDateLayout(t *testing.T) {
	tm := func(s string) float64 {
		v, err := time.Parse("2006-01-02 15:04", s)
		if err != nil {
			t.Fatal(err)
		}
		return timeX(v)
	}
	tests := []struct {
		xs   []float64
		want string
	}{
		{[]float64{tm("2024-01-01 00:00"), tm("2025-01-01 00:00")}, "2006"},
		{[]float64{tm("2024-01-01 00:00"), tm("2024-02-01 00:00")}, "Jan 2006"},
		{[]float64{tm("2024-01-01 00:00"), tm("2024-01-02 00:00")}, "2006-01-02"},
		{[]float64{tm("2024-01-01 00:00"), tm("2024-01-01 12:00")}, "2006-01-02 15:04"},
	}
	for _, tt := range tests {
		if got := dateLayout(tt.xs); got != tt.want {
			t.Errorf("dateLayout(%v) = %q, want %q", tt.xs, got, tt.want)
		}
	}
}

func TestScaleMapping(t *testing.T) {
	tests := []struct {
		name string
		a    axis
		v    float64
		want float64
	}{
		{"linear start", axis{kind: linearAxis, mul: 1, d0: 0, d1: 100, p0: 300, p1: 20}, 0, 300},
		{"linear middle", axis{kind: linearAxis, mul: 1, d0: 0, d1: 100, p0: 300, p1: 20}, 50, 160},
		{"linear end", axis{kind: linearAxis, mul: 1, d0: 0, d1: 100, p0: 300, p1: 20}, 100, 20},
		{"unit scale applies first", axis{kind: linearAxis, mul: 100, d0: 0, d1: 50, p0: 0, p1: 500}, 0.25, 250},
		{"log decade", axis{kind: logAxis, mul: 1, d0: 1, d1: 1000, p0: 0, p1: 300}, 10, 100},
		{"log between", axis{kind: logAxis, mul: 1, d0: 1, d1: 100, p0: 0, p1: 200}, math.Sqrt(10), 50},
		{"extreme domain stays finite", axis{kind: linearAxis, mul: 1, d0: -math.MaxFloat64, d1: math.MaxFloat64, p0: 0, p1: 200}, 0, 100},
		{"degenerate domain maps to the middle", axis{kind: linearAxis, mul: 1, d0: 5, d1: 5, p0: 0, p1: 200}, 5, 100},
		{"category centre", axis{kind: categoryAxis, mul: 1, d0: -0.5, d1: 3.5, p0: 0, p1: 400}, 1, 150},
	}
	for _, tt := range tests {
		if got := tt.a.px(tt.v); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("%s: px(%v) = %v, want %v", tt.name, tt.v, got, tt.want)
		}
	}
}

func TestPadRange(t *testing.T) {
	tests := []struct{ lo, hi, wantLo, wantHi float64 }{
		{0, 0, -1, 1},
		{5, 5, 4.5, 5.5},
		{-2, -2, -2.2, -1.8},
		{1, 3, 1, 3},
	}
	for _, tt := range tests {
		lo, hi := padRange(tt.lo, tt.hi)
		if math.Abs(lo-tt.wantLo) > 1e-12 || math.Abs(hi-tt.wantHi) > 1e-12 {
			t.Errorf("padRange(%v, %v) = %v, %v, want %v, %v", tt.lo, tt.hi, lo, hi, tt.wantLo, tt.wantHi)
		}
	}
	if lo, hi := padRange(math.MaxFloat64, math.MaxFloat64); !(lo < hi) || math.IsInf(hi, 0) {
		t.Errorf("padRange(MaxFloat64) = %v, %v", lo, hi)
	}
}
