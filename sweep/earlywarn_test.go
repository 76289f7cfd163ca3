package sweep

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// fixedDetector signals at the given months.
type fixedDetector []int

func (f fixedDetector) Name() string { return "fixed" }
func (f fixedDetector) Signals(_ context.Context, s []float64) ([]bool, error) {
	sig := make([]bool, len(s))
	for _, t := range f {
		sig[t] = true
	}
	return sig, nil
}

func TestWarn(t *testing.T) {
	series := make([]float64, 20)
	for _, c := range []struct {
		name       string
		signals    fixedDetector
		burst, min int
		want       Warning
	}{
		{"lead", fixedDetector{5, 6, 7}, 10, 1, Warning{true, 5, 5}},
		{"min months", fixedDetector{3, 5, 6, 7}, 10, 3, Warning{true, 7, 3}},
		{"at the burst", fixedDetector{10}, 10, 1, Warning{true, 10, 0}},
		{"late", fixedDetector{12}, 10, 1, Warning{true, 12, -1}},
		{"false alarm", fixedDetector{4}, -1, 1, Warning{true, 4, -1}},
		{"missed", fixedDetector{}, 10, 1, Warning{false, -1, -1}},
		{"run broken", fixedDetector{1, 2, 4, 5}, 10, 3, Warning{false, -1, -1}},
	} {
		got, err := Warn(context.Background(), c.signals, series, c.burst, c.min)
		if err != nil || got != c.want {
			t.Errorf("%s: got %+v, %v; want %+v", c.name, got, err, c.want)
		}
	}
}

// bubbleSeries is a log random walk that turns explosive (2% a month) at
// month 60 and crashes at month 90, then walks on.
func bubbleSeries(seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 1))
	y := make([]float64, 120)
	level := math.Log(100)
	for t := range y {
		switch {
		case t >= 60 && t < 90:
			level += 0.04 + 0.01*rng.NormFloat64()
		case t == 90:
			level -= 1
		default:
			level += 0.02 * rng.NormFloat64()
		}
		y[t] = math.Exp(level)
	}
	return y
}

// PSY warns of a simulated explosive episode before it collapses, and in
// real time: its signal at month t does not change when later months do.
func TestPSYDetector(t *testing.T) {
	d := &PSY{Level: 0.95, Reps: 199, Seed: 1}
	y := bubbleSeries(3)
	w, err := Warn(context.Background(), d, y, 90, 3)
	if err != nil {
		t.Fatal(err)
	}
	if !w.Alarm || w.AlarmMonth < 60 || w.LeadMonths <= 0 {
		t.Errorf("bubble at 60-90: %+v", w)
	}
	full, _ := d.Signals(context.Background(), y)
	// The statistic at t uses months 0..t only; the minimum window and the
	// critical values depend on the series length, so compare a series
	// with the same length whose months after 95 differ.
	z := append([]float64(nil), y...)
	for m := 96; m < len(z); m++ {
		z[m] *= 3
	}
	alt, _ := d.Signals(context.Background(), z)
	for m := 0; m <= 95; m++ {
		if full[m] != alt[m] {
			t.Fatalf("signal at month %d depends on later months", m)
		}
	}
}

// The LPPLS detector signals on a faster-than-exponential run-up.
func TestLPPLSDetector(t *testing.T) {
	if testing.Short() {
		t.Skip("LPPLS fits")
	}
	// ln p = A + B (tc - t)^m (1 + c cos(ω ln(tc - t))) with tc = 98, three
	// months after the last observation, m = 0.5, ω = 8 and damping
	// m/(ω c) = 1.25, inside the Sornette et al. (2015) filter.
	y := make([]float64, 96)
	for i := range y {
		dt := 98 - float64(i)
		y[i] = math.Exp(5 - 0.8*math.Pow(dt, 0.5)*(1+0.05*math.Cos(8*math.Log(dt))))
	}
	d := &LPPLS{Threshold: 0.5, MaxWindow: 60, MinWindow: 36, WindowStep: 12, Seed: 1}
	sig, err := d.Signals(context.Background(), y)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 59 {
		if sig[i] {
			t.Fatalf("signal at month %d, before the longest window", i)
		}
	}
	if !sig[len(y)-1] {
		t.Error("no signal at the end of the run-up")
	}
}

// A sweep with PSY on writes the early-warning columns and summarises them.
func TestEarlyWarningSweep(t *testing.T) {
	p := mustPlan(t, "base: baseline\nset:\n  months: 48\nreplications: 4\nearly_warning:\n  psy: true\n  psy_replications: 199\n")
	dir := t.TempDir()
	run(t, p, dir, Shard{}, 2, 0)
	_, agg := merge(t, dir)
	if len(agg.EarlyWarning) != 1 || agg.EarlyWarning[0].Detector != "psy" {
		t.Fatalf("early warning: %+v", agg.EarlyWarning)
	}
	d := agg.EarlyWarning[0]
	if d.RunsWithBurst+d.RunsWithoutBurst != p.Runs {
		t.Errorf("%+v", d)
	}
}
