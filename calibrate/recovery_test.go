package calibrate

import (
	"context"
	"math"
	"testing"

	"github.com/bubblelab/bubblelab/sim"
)

// Data simulated by the model at a known parameter value are estimated
// back: the synthetic "observed" moments are the mean over two seeds at
// the truth, the estimator uses two other seeds, so the recovery is not
// helped by sharing the truth's shocks. The budget is small (about 50 runs
// of 41 months) to keep the test fast.
func TestParameterRecoveryFromModel(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the model")
	}
	spec := DefaultSpec()
	spec.Seeds = 2
	spec.Bootstrap.Replications = 50
	spec.Parameters = []SpecParam{{Path: "markets.fundamental_news", Min: 0.2, Max: 1.2, Scale: "linear"}}
	basket, err := ShippedBasket(spec.Basket)
	if err != nil {
		t.Fatal(err)
	}
	daily, err := ObservedBasket(basket, spec.FitWindow().From, ShippedPrices)
	if err != nil {
		t.Fatal(err)
	}
	prob, err := NewProblem(&spec, daily)
	if err != nil {
		t.Fatal(err)
	}
	in, err := sim.DefaultInputs()
	if err != nil {
		t.Fatal(err)
	}
	ms, err := NewModelSimulator(sim.BaselineParams(), in, []string{spec.Parameters[0].Path}, basket, prob.Fit, prob.Holdout, nil)
	if err != nil {
		t.Fatal(err)
	}
	truth := 0.55
	for j := range prob.Observed {
		prob.Observed[j] = 0
	}
	for _, seed := range []uint64{1001, 1002} {
		s, err := ms.Simulate(context.Background(), []float64{truth}, seed)
		if err != nil {
			t.Fatal(err)
		}
		for j, v := range s.Moments {
			prob.Observed[j] += v / 2
		}
	}
	ev := &Evaluator{Problem: prob, Sim: ms, Workers: 2}
	res, err := SMM(context.Background(), ev, 8, 12)
	if err != nil {
		t.Fatal(err)
	}
	got := res.Best.X[0]
	t.Logf("truth %v, estimate %v, distance %v, %d points simulated", truth, got, res.Best.Distance, ev.Simulated)
	if math.Abs(got-truth) > 0.05 {
		t.Errorf("estimate %v, want %v ± 0.05", got, truth)
	}
}
