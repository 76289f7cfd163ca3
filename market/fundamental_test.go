package market

import (
	"math"
	"testing"
)

func TestPresentValueWorkedExamples(t *testing.T) {
	for _, tc := range []struct {
		name string
		got  func() (float64, error)
		want float64
	}{
		// Three payments of 100 at 10%: annuity factor (1 − 1.1⁻³)/0.1 = 2.486852.
		{"annuity", func() (float64, error) { return PresentValue([]float64{100, 100, 100}, 0.10) }, 248.68519909842225},
		// Gordon growth: D_1 = 2, r = 8%, g = 3% gives 2/0.05 = 40.
		{"gordon", func() (float64, error) { return GordonValue(2, 0.08, 0.03) }, 40},
		// One explicit flow then growth at 3% is the same perpetuity: 40.
		{"dcf one flow", func() (float64, error) { return DCFValue([]float64{2}, 0.08, 0.03) }, 40},
		// No flows are worth nothing.
		{"empty", func() (float64, error) { return PresentValue(nil, 0.05) }, 0},
	} {
		got, err := tc.got()
		if err != nil || math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("%s = %v, %v; want %v", tc.name, got, err, tc.want)
		}
	}
}

// Property: explicit cash flows that already grow at g, followed by the
// Gordon terminal value, are the same growing perpetuity for any horizon.
func TestDCFOfGrowingStreamEqualsGordon(t *testing.T) {
	const c1, r, g = 5.0, 0.09, 0.04
	want, err := GordonValue(c1, r, g)
	if err != nil {
		t.Fatal(err)
	}
	for n := 1; n <= 40; n++ {
		flows := make([]float64, n)
		for k := range flows {
			flows[k] = c1 * math.Pow(1+g, float64(k))
		}
		got, err := DCFValue(flows, r, g)
		if err != nil || math.Abs(got-want) > 1e-9*want {
			t.Errorf("n = %d: DCFValue = %v, %v; want %v", n, got, err, want)
		}
	}
}

func TestDCFRejectsBadRates(t *testing.T) {
	if _, err := GordonValue(1, 0.03, 0.03); err == nil {
		t.Error("GordonValue with r = g succeeded")
	}
	if _, err := PresentValue([]float64{1}, -1); err == nil {
		t.Error("PresentValue with r = -1 succeeded")
	}
	if _, err := DCFValue(nil, 0.1, 0); err == nil {
		t.Error("DCFValue without flows succeeded")
	}
	if _, err := DCFValue([]float64{1}, 0.02, 0.05); err == nil {
		t.Error("DCFValue with g > r succeeded")
	}
}
