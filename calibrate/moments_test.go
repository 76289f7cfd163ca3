package calibrate

import (
	"math"
	"testing"
	"time"

	"github.com/bubblelab/bubblelab/sim"
)

// On a path whose log levels are 0, 1, 3, 2, 4 (returns 1, 2, -1, 2) the
// moments can be checked by hand: mean return 1, squared deviations
// 0, 1, 4, 1 (sum 6), so volatility sqrt(6/3) = sqrt 2; lag-1 products of
// deviations 0·1 + 1·(−2) + (−2)·1 = −4, autocorrelation −4/6.
func TestBasketMomentsByHand(t *testing.T) {
	start := sim.NewMonth(2023, 1)
	logs := []float64{0, 1, 3, 2, 4}
	m := Monthly{Start: start}
	for _, l := range logs {
		m.Values = append(m.Values, math.Exp(l))
	}
	w := Window{From: start, To: start + 4}
	got, err := BasketMoments(m, w)
	if err != nil {
		t.Fatal(err)
	}
	want := append(append([]float64(nil), logs...), math.Sqrt2, -4.0/6)
	if len(got) != len(want) {
		t.Fatalf("%d moments, want %d", len(got), len(want))
	}
	names := BasketMomentNames(w)
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-12 {
			t.Errorf("%s = %v, want %v", names[i], got[i], want[i])
		}
	}
	if names[0] != "log_basket:2023-01" || names[5] != VolatilityMoment || names[6] != AutocorrelationMoment {
		t.Errorf("names %v", names)
	}
	// A window reaching past the path is an error, not a shorter vector.
	if _, err := BasketMoments(m, Window{From: start, To: start + 5}); err == nil {
		t.Error("window past the path accepted")
	}
}

func TestBasketMomentsConstantReturns(t *testing.T) {
	start := sim.NewMonth(2024, 3)
	m := Monthly{Start: start}
	for i := range 6 {
		m.Values = append(m.Values, 100*math.Exp(0.1*float64(i)))
	}
	got, err := BasketMoments(m, Window{From: start, To: start + 5})
	if err != nil {
		t.Fatal(err)
	}
	if v, ac := got[6], got[7]; math.Abs(v) > 1e-12 || ac != 0 {
		t.Errorf("constant growth: volatility %v, autocorrelation %v; want 0, 0", v, ac)
	}
}

func TestMonthEnds(t *testing.T) {
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	d := Daily{
		Dates:  []time.Time{day(2023, 1, 3), day(2023, 1, 31), day(2023, 2, 1), day(2023, 2, 28), day(2023, 3, 30)},
		Values: []float64{1, 2, 3, 4, 5},
	}
	m, err := MonthEnds(d)
	if err != nil {
		t.Fatal(err)
	}
	if m.Start != sim.NewMonth(2023, 1) || len(m.Values) != 3 || m.Values[0] != 2 || m.Values[1] != 4 || m.Values[2] != 5 {
		t.Errorf("month ends %v %v", m.Start, m.Values)
	}
	d.Dates[4] = day(2023, 4, 3)
	if _, err := MonthEnds(d); err == nil {
		t.Error("a month without an observation was accepted")
	}
}

func TestLogRMSE(t *testing.T) {
	start := sim.NewMonth(2023, 1)
	obs := Monthly{Start: start, Values: []float64{1, math.E, 1}}
	// Model logs 0, 0, 2: errors 0, −1, 2, RMSE sqrt(5/3).
	got, err := LogRMSE([]float64{0, 0, 2}, start, obs, Window{From: start, To: start + 2})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got-math.Sqrt(5.0/3)) > 1e-12 {
		t.Errorf("RMSE %v, want %v", got, math.Sqrt(5.0/3))
	}
}
