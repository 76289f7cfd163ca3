package calibrate

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/bubblelab/bubblelab/sweep/qmc"
)

// toySim is a two-parameter simulator whose moments are smooth functions
// of the parameters plus seed noise: m = (a + b, a − b², a·b) + ε(seed).
type toySim struct{ calls atomic.Int64 }

func (t *toySim) Simulate(_ context.Context, x []float64, seed uint64) (Sample, error) {
	t.calls.Add(1)
	noise := func(k uint64) float64 { return 0.01 * (float64(qmc.Mix64(seed+k)>>11)/(1<<53) - 0.5) }
	a, b := x[0], x[1]
	return Sample{Moments: []float64{a + b + noise(1), a - b*b + noise(2), a*b + noise(3)}, LogPath: []float64{a, b}}, nil
}

func toyProblem(truth []float64) *Problem {
	p := &Problem{
		Params:  []Param{{Path: "a", Min: 0, Max: 2}, {Path: "b", Min: 0.1, Max: 10, Log: true}},
		Names:   []string{"m1", "m2", "m3"},
		Weights: []float64{100, 100, 100},
		Seeds:   []uint64{11, 12, 13},
	}
	a, b := truth[0], truth[1]
	p.Observed = []float64{a + b, a - b*b, a * b}
	return p
}

func TestParamUnitMaps(t *testing.T) {
	for _, p := range []Param{{Min: -1, Max: 3}, {Min: 0.01, Max: 100, Log: true}} {
		for _, u := range []float64{0, 0.25, 0.5, 1} {
			x := p.FromUnit(u)
			if x < p.Min-1e-9 || x > p.Max+1e-9 || math.Abs(p.ToUnit(x)-u) > 1e-12 {
				t.Errorf("%+v: u %v -> x %v -> u %v", p, u, x, p.ToUnit(x))
			}
		}
	}
	if x := (Param{Min: 0.01, Max: 100, Log: true}).FromUnit(0.5); math.Abs(x-1) > 1e-12 {
		t.Errorf("log midpoint %v, want 1", x)
	}
}

func TestSMMRecoversToy(t *testing.T) {
	truth := []float64{1.3, 0.7}
	ev := &Evaluator{Problem: toyProblem(truth), Sim: &toySim{}, Workers: 4}
	res, err := SMM(context.Background(), ev, 32, 80)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range truth {
		if got := res.Best.X[i]; math.Abs(got-want) > 0.02 {
			t.Errorf("%s = %v, want %v ± 0.02 (distance %v)", ev.Problem.Params[i].Path, got, want, res.Best.Distance)
		}
	}
	if res.Best.Distance > res.GlobalBest.Distance {
		t.Error("local stage made the estimate worse")
	}
	for _, p := range res.Profile {
		if p.Curvature <= 0 {
			t.Errorf("%s: curvature %v at the optimum of an identified toy", p.Path, p.Curvature)
		}
	}
}

func TestABCConcentratesOnToy(t *testing.T) {
	truth := []float64{0.8, 2}
	ev := &Evaluator{Problem: toyProblem(truth), Sim: &toySim{}, Workers: 3}
	res, err := ABC(context.Background(), ev, 40, 5, 0.5, 4000, 9)
	if err != nil {
		t.Fatal(err)
	}
	gens := res.Generations
	if len(gens) != 5 {
		t.Fatalf("%d generations, want 5", len(gens))
	}
	for g := 1; g < len(gens); g++ {
		if gens[g].Tolerance > gens[g-1].Tolerance {
			t.Errorf("tolerance rose from %v to %v in generation %d", gens[g-1].Tolerance, gens[g].Tolerance, g)
		}
	}
	sum := 0.0
	mean := make([]float64, 2)
	for _, p := range res.Population {
		sum += p.Weight
		if p.Eval.Distance > gens[len(gens)-1].Tolerance {
			t.Errorf("particle at distance %v beyond tolerance %v", p.Eval.Distance, gens[len(gens)-1].Tolerance)
		}
		for i := range mean {
			mean[i] += p.Weight * p.Eval.X[i]
		}
	}
	if math.Abs(sum-1) > 1e-9 {
		t.Errorf("weights sum to %v", sum)
	}
	for i, want := range truth {
		if math.Abs(mean[i]-want) > 0.1*want {
			t.Errorf("posterior mean of %s = %v, want %v ± 10%%", ev.Problem.Params[i].Path, mean[i], want)
		}
	}
}

// The estimates do not depend on the number of workers, and a rerun on the
// evaluation log simulates nothing and decides the same.
func TestEstimatorsDeterministicAndResumable(t *testing.T) {
	truth := []float64{1.1, 3}
	logPath := filepath.Join(t.TempDir(), "evals.jsonl")
	run := func(workers int, log string) (*SMMResult, *ABCResult, *toySim) {
		s := &toySim{}
		ev := &Evaluator{Problem: toyProblem(truth), Sim: s, Workers: workers}
		if log != "" {
			if _, err := ev.OpenLog(log, "fp"); err != nil {
				t.Fatal(err)
			}
			defer ev.Close()
		}
		smm, err := SMM(context.Background(), ev, 16, 30)
		if err != nil {
			t.Fatal(err)
		}
		abc, err := ABC(context.Background(), ev, 20, 3, 0.5, 500, 4)
		if err != nil {
			t.Fatal(err)
		}
		return smm, abc, s
	}
	s1, a1, _ := run(1, logPath)
	s2, a2, sim2 := run(5, logPath)
	s3, a3, _ := run(2, "")
	if n := sim2.calls.Load(); n != 0 {
		t.Errorf("the rerun on the log simulated %d runs", n)
	}
	for _, c := range []struct {
		s *SMMResult
		a *ABCResult
	}{{s2, a2}, {s3, a3}} {
		if key(c.s.Best.U) != key(s1.Best.U) || c.s.Best.Distance != s1.Best.Distance {
			t.Errorf("SMM estimate %v, want %v", c.s.Best.X, s1.Best.X)
		}
		if len(c.a.Population) != len(a1.Population) {
			t.Fatalf("ABC population %d, want %d", len(c.a.Population), len(a1.Population))
		}
		for i := range a1.Population {
			if key(c.a.Population[i].Eval.U) != key(a1.Population[i].Eval.U) || c.a.Population[i].Weight != a1.Population[i].Weight {
				t.Fatalf("ABC particle %d differs", i)
			}
		}
	}
	// A line torn by a kill is cut off, and the points before it load.
	f, err := os.OpenFile(logPath, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"u":[0.5,0.`)
	f.Close()
	before := &Evaluator{Problem: toyProblem(truth), Sim: &toySim{}}
	n, err := before.OpenLog(logPath, "fp")
	if err != nil {
		t.Fatal(err)
	}
	before.Close()
	if n == 0 || n != len(before.cache) {
		t.Errorf("loaded %d points, cache %d", n, len(before.cache))
	}
	b, _ := os.ReadFile(logPath)
	if len(b) == 0 || b[len(b)-1] != '\n' {
		t.Error("torn line left in the log")
	}
	// A log of another calibration is refused.
	ev := &Evaluator{Problem: toyProblem(truth), Sim: &toySim{}}
	if _, err := ev.OpenLog(logPath, "other"); err == nil {
		t.Error("log of another fingerprint accepted")
	}
}
