package lppls

import (
	"math"
	"testing"
)

// TestLogPricePeerValues checks the model against the values asserted by the
// Python lppls package's test suite (Boulder-Investment-Technologies/lppls,
// tests/test_lppls.py, test_lppls_function). That implementation evaluates
// the model at |tc−t| + 1e-8, which moves these values by about 1e-11
// relative, far inside the tolerance.
func TestLogPricePeerValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		t    float64
		p    Params
		want float64
	}{
		{
			t:    0,
			p:    Params{Tc: 1300.2412888852296, M: 0.6087189222292106, Omega: 6.344318139503496, A: 3034.166016949172, B: -16.041970137173486, C1: 0.21878280136703082, C2: -0.14789336333436504},
			want: 1762.3196588471408,
		},
		{
			t:    500,
			p:    Params{Tc: 1428.0641475858731, M: 0.3473013071950998, Omega: 6.052643019980449, A: 3910.1099206097356, B: -169.93053270790418, C1: 0.05189394517600043, C2: -0.045820295077658835},
			want: 2086.3299554496016,
		},
	}
	for _, tt := range tests {
		got := tt.p.LogPrice(tt.t)
		if math.Abs(got-tt.want) > 1e-9*math.Abs(tt.want) {
			t.Errorf("LogPrice(%v) = %.16g, want %.16g (peer value)", tt.t, got, tt.want)
		}
	}
}

// TestOscillationsDampingPeerValues uses the cases of the Python lppls test
// suite (tests/test_lppls.py: test_get_oscillations_basic, test_get_damping,
// test__is_O_in_range, test__is_D_in_range).
func TestOscillationsDampingPeerValues(t *testing.T) {
	t.Parallel()
	// ω = 2π, tc = 200, t1 = 0, t2 = 100: O = ln 2.
	if got := (Params{Tc: 200, Omega: 2 * math.Pi}).Oscillations(0, 100); math.Abs(got-math.Ln2) > 1e-15 {
		t.Errorf("Oscillations = %v, want ln 2", got)
	}
	// m = 0.5, ω = 10, B = −100, C = 50: D = 0.5·100/(10·50) = 0.1.
	if got := (Params{M: 0.5, Omega: 10, B: -100, C1: 50}).Damping(); math.Abs(got-0.1) > 1e-15 {
		t.Errorf("Damping = %v, want 0.1", got)
	}
	// tc = 1000, t1 = 0, t2 = 800: O = ω/(2π)·ln 5 is above 2.5 for ω = 9.8
	// and below it for ω = 9.7.
	osc := []struct {
		omega float64
		above bool
	}{{9.8, true}, {9.7, false}}
	for _, c := range osc {
		if got := (Params{Tc: 1000, Omega: c.omega}).Oscillations(0, 800); (got > 2.5) != c.above {
			t.Errorf("ω = %v: O = %v, want above 2.5: %v", c.omega, got, c.above)
		}
	}
	// m = 0.5, ω = 9.8, C = 100: D > 1 for |B| = 3000, D < 1 for |B| = 1000.
	damp := []struct {
		b     float64
		above bool
	}{{3000, true}, {1000, false}}
	for _, c := range damp {
		if got := (Params{M: 0.5, Omega: 9.8, B: c.b, C1: 100}).Damping(); (got > 1) != c.above {
			t.Errorf("B = %v: D = %v, want above 1: %v", c.b, got, c.above)
		}
	}
}

func TestParamsEdgeCases(t *testing.T) {
	t.Parallel()
	p := Params{Tc: 10, M: 0.4, Omega: 7, A: 2, B: -0.3, C1: 0.02, C2: 0.01}
	if got := p.LogPrice(p.Tc); got != p.A {
		t.Errorf("LogPrice(tc) = %v, want A = %v", got, p.A)
	}
	// After tc the model mirrors: it is evaluated at |tc − t|.
	for _, d := range []float64{1e-6, 0.5, 3} {
		if a, b := p.LogPrice(p.Tc-d), p.LogPrice(p.Tc+d); a != b {
			t.Errorf("LogPrice(tc∓%v) = %v, %v; want equal", d, a, b)
		}
	}
	if got := (Params{M: 0.5, Omega: 8, B: -1}).Damping(); !math.IsInf(got, 1) {
		t.Errorf("Damping with C = 0 is %v, want +Inf", got)
	}
	if got := p.Oscillations(0, p.Tc); !math.IsInf(got, 1) {
		t.Errorf("Oscillations with tc = t2 is %v, want +Inf", got)
	}
	if got := p.Oscillations(p.Tc, 20); !math.IsNaN(got) {
		t.Errorf("Oscillations with tc = t1 is %v, want NaN", got)
	}
	if got := p.C(); math.Abs(got-math.Hypot(0.02, 0.01)) > 1e-18 {
		t.Errorf("C = %v", got)
	}
	bubbles := []struct {
		b    float64
		want Bubble
		name string
	}{{-1, Positive, "positive"}, {1, Negative, "negative"}, {0, NoBubble, "none"}}
	for _, c := range bubbles {
		got := Params{B: c.b}.Bubble()
		if got != c.want || got.String() != c.name {
			t.Errorf("B = %v: Bubble() = %v, want %v", c.b, got, c.name)
		}
	}
}
