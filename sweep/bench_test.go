package sweep

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/bubblelab/bubblelab/scenario"
	"github.com/bubblelab/bubblelab/sim"
)

// BenchmarkSweep measures the throughput of Run on the full 156-month
// baseline with 1 and 2 workers (runs/s; scaling efficiency is the ratio
// divided by the worker ratio). Each iteration is a sweep of 16 runs into
// a fresh folder, part writing included.
func BenchmarkSweep(b *testing.B) {
	p := mustPlan(b, "base: baseline\nreplications: 16\n")
	in := testInputs(b)
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			runs := 0
			start := time.Now()
			for i := 0; b.Loop(); i++ {
				dir := filepath.Join(b.TempDir(), fmt.Sprint(i))
				if _, err := Run(context.Background(), p, Options{Dir: dir, Workers: workers, BatchRuns: 4, Inputs: in}); err != nil {
					b.Fatal(err)
				}
				runs += int(p.Runs)
			}
			b.ReportMetric(float64(runs)/time.Since(start).Seconds(), "runs/s")
		})
	}
}

// BenchmarkRunCost measures one run (simulation, metrics row) against the
// model's size: the horizon in months, and the number of deals executed.
func BenchmarkRunCost(b *testing.B) {
	in := testInputs(b)
	base, err := scenario.Load("baseline")
	if err != nil {
		b.Fatal(err)
	}
	for _, months := range []int{36, 78, 156} {
		p := base
		if err := scenario.Set(&p, "months", months); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("months=%d", months), func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				res, err := sim.Run(context.Background(), p, *in, uint64(i), nil)
				if err != nil {
					b.Fatal(err)
				}
				_ = sim.Metrics(res)
			}
		})
	}
	all := len(in.Deals)
	for _, n := range []int{0, all / 4, all / 2, all} {
		sub := *in
		sub.Deals = in.Deals[:n]
		b.Run(fmt.Sprintf("deals=%d", n), func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				res, err := sim.Run(context.Background(), base, sub, uint64(i), nil)
				if err != nil {
					b.Fatal(err)
				}
				_ = sim.Metrics(res)
			}
		})
	}
}

// BenchmarkPointParams is the cost of building a design point's
// parameters (scenario.Set per varied parameter), paid once per point.
func BenchmarkPointParams(b *testing.B) {
	p := mustPlan(b, "base: baseline\ndesign:\n  method: lhs\n  samples: 1000\n  parameters:\n    - path: demand.china_share\n      min: 0.1\n      max: 0.5\n    - path: deals.scale\n      min: 0.5\n      max: 2\n")
	for i := 0; b.Loop(); i++ {
		if _, err := p.PointParams(int64(i % 1000)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMerge is the cost of merging per run (reading parts, checking,
// aggregating, writing Parquet and CSV).
func BenchmarkMerge(b *testing.B) {
	p := mustPlan(b, "base: baseline\nset:\n  months: 12\nreplications: 256\n")
	dir := b.TempDir()
	if _, err := Run(context.Background(), p, Options{Dir: dir, BatchRuns: 64, Inputs: testInputs(b)}); err != nil {
		b.Fatal(err)
	}
	for i := 0; b.Loop(); i++ {
		if _, err := Merge(context.Background(), MergeOptions{Dirs: []string{dir}, Out: filepath.Join(b.TempDir(), fmt.Sprint(i)), CSV: true}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(p.Runs)/1e3, "µs/run")
}

// BenchmarkDetectors is the early-warning cost per run on the 156-month
// baseline's AI market value series, with the sweep's default settings
// (PSY critical values are simulated once per series length and are not
// in the per-run cost; BenchmarkDetectors/psy-cv measures them).
func BenchmarkDetectors(b *testing.B) {
	base, err := scenario.Load("baseline")
	if err != nil {
		b.Fatal(err)
	}
	res, err := sim.Run(context.Background(), base, *testInputs(b), 1, nil)
	if err != nil {
		b.Fatal(err)
	}
	series := make([]float64, len(res.Months))
	for i, m := range res.Months {
		series[i] = m.AIMarketValue
	}
	ew := EarlyWarning{PSY: true, LPPLS: true, Level: 0.95, PSYReplications: 999, LPPLSThreshold: 0.5, MinMonths: 1}
	ds := ew.detectors(1)
	b.Run("psy-cv", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			d := &PSY{Level: 0.95, Reps: 999, Seed: uint64(i)}
			if _, err := d.critical(context.Background(), len(series)); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, d := range ds {
		if _, err := d.Signals(context.Background(), series); err != nil {
			b.Fatal(err)
		}
		b.Run(d.Name(), func(b *testing.B) {
			for b.Loop() {
				if _, err := d.Signals(context.Background(), series); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
