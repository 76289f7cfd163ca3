package report

import (
	"bytes"
	"context"
	"math"
	"strings"
	"testing"

	"github.com/bubblelab/bubblelab/scenario"
	"github.com/bubblelab/bubblelab/sim"
)

func TestSpearman(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	for _, c := range []struct {
		name string
		x, y []float64
		want float64
	}{
		{"monotone", []float64{1, 2, 3, 4}, []float64{10, 20, 25, 100}, 1},
		{"reversed", []float64{1, 2, 3, 4}, []float64{4, 3, 2, 1}, -1},
		// Ranks x 1,2,3,4,5; y 2,1,4,3,5: d² = 1+1+1+1+0 = 4,
		// rho = 1 − 6·4/(5·24) = 0.8.
		{"textbook", []float64{1, 2, 3, 4, 5}, []float64{2, 1, 4, 3, 5}, 0.8},
		// Ties: y ranks 1.5, 1.5, 3, 4 against 1..4: Pearson of ranks.
		{"ties", []float64{1, 2, 3, 4}, []float64{7, 7, 8, 9}, 0.9486832980505138},
		{"constant", []float64{1, 2, 3}, []float64{5, 5, 5}, nan},
		{"too few", []float64{1, 2}, []float64{1, 2}, nan},
		{"NaN dropped", []float64{1, 2, nan, 3, 4}, []float64{1, 2, 100, 3, 4}, 1},
	} {
		got := spearman(c.x, c.y)
		if math.IsNaN(c.want) != math.IsNaN(got) || (!math.IsNaN(got) && math.Abs(got-c.want) > 1e-12) {
			t.Errorf("%s: spearman = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestRanks(t *testing.T) {
	t.Parallel()
	got := ranks([]float64{3, 1, 3, 2})
	want := []float64{3.5, 1, 3.5, 2}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("ranks = %v, want %v", got, want)
		}
	}
}

// A small real sweep: 6 seeds of a 36-month baseline with one parameter
// varied.
func TestWriteSweep(t *testing.T) {
	t.Parallel()
	in, err := sim.DefaultInputs()
	if err != nil {
		t.Fatal(err)
	}
	paths := NewSweepPaths()
	rep := &SweepReport{Scenario: "baseline"}
	for seed := uint64(1); seed <= 6; seed++ {
		p, err := scenario.Builtin("baseline")
		if err != nil {
			t.Fatal(err)
		}
		p.Months = 36
		share := 0.2 + 0.05*float64(seed)
		if err := scenario.Set(&p, "demand.china_share", share); err != nil {
			t.Fatal(err)
		}
		res, err := sim.Run(context.Background(), p, in, seed, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := paths.Add(res); err != nil {
			t.Fatal(err)
		}
		rep.Runs = append(rep.Runs, SweepRun{Metrics: sim.Metrics(res), Params: map[string]float64{"demand.china_share": share}})
	}
	rep.Paths = paths.Sets()
	if len(rep.Paths) != 6 || len(rep.Paths[0].Paths) != 6 || len(rep.Paths[0].Months) != 36 {
		t.Fatalf("paths: %d sets", len(rep.Paths))
	}
	var buf bytes.Buffer
	if err := WriteSweep(&buf, rep); err != nil {
		t.Fatal(err)
	}
	checkPage(t, "sweep", buf.Bytes())
	for _, want := range []string{"When does the bubble burst?", "Paths across runs", "Loss quantiles", "demand.china_share", "Spearman"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("sweep page lacks %q", want)
		}
	}
	// A run of another length cannot join the paths.
	p, _ := scenario.Builtin("baseline")
	p.Months = 12
	short, err := sim.Run(context.Background(), p, in, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := paths.Add(short); err == nil {
		t.Error("a 12-month run joined 36-month paths")
	}
	if err := WriteSweep(&buf, &SweepReport{}); err == nil {
		t.Error("an empty sweep was written")
	}
}

func TestSweepBurstHistogram(t *testing.T) {
	t.Parallel()
	rep := &SweepReport{Scenario: "synthetic"}
	for i, m := range []string{"2026-03", "2026-05", "", "2027-01", "2026-04"} {
		rep.Runs = append(rep.Runs, SweepRun{Metrics: sim.RunMetrics{Seed: uint64(i + 1), BurstMonth: m, MaxDrawdown: 0.1 * float64(i)}})
	}
	var buf bytes.Buffer
	if err := WriteSweep(&buf, rep); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	if !strings.Contains(s, "4 of 5 runs dated a burst") || !strings.Contains(s, "2026-04") {
		t.Error("the burst summary does not count 4 of 5 runs with median 2026-04")
	}
	if !strings.Contains(s, "Only the seed varies") {
		t.Error("a seed-only sweep should say there is nothing to rank")
	}
}
