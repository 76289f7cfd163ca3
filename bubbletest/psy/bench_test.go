package psy

import (
	"context"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"
)

func randomWalk(n int, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 0))
	y := make([]float64, n)
	for i := 1; i < n; i++ {
		y[i] = y[i-1] + rng.NormFloat64()
	}
	return y
}

func benchmarkTest(b *testing.B, n int, opt Options) {
	y := randomWalk(n, 1)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Test(y, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGSADF measures one full recursive test (ADF, SADF, GSADF and the
// BADF and BSADF sequences) of a random walk as long as the S&P 500 P/D
// series, 1680 prices and 1,264,845 windows at the default minimum window.
func BenchmarkGSADF(b *testing.B) {
	b.Run("T=1680/lag=0", func(b *testing.B) { benchmarkTest(b, 1680, Options{}) })
	b.Run("T=1680/lag=2", func(b *testing.B) { benchmarkTest(b, 1680, Options{Lag: 2}) })
	b.Run("T=1680/bic=6", func(b *testing.B) { benchmarkTest(b, 1680, Options{LagSelect: BIC, MaxLag: 6}) })
	b.Run("T=400/lag=0", func(b *testing.B) { benchmarkTest(b, 400, Options{}) })
}

// BenchmarkMonteCarloReplication measures one Monte Carlo replication at
// T=1680 on one worker: b.N replications are simulated in one call, so
// ns/op is the cost of a replication including its share of the quantiles.
func BenchmarkMonteCarloReplication(b *testing.B) {
	for _, c := range []struct {
		name string
		lag  int
	}{{"T=1680/lag=0", 0}, {"T=1680/lag=2", 2}} {
		b.Run(c.name, func(b *testing.B) {
			reps := max(b.N, 2)
			if _, err := MonteCarlo(context.Background(), 1680, Options{Lag: c.lag}, Drift{}, Sim{Reps: reps, Seed: 1, Workers: 1}); err != nil {
				b.Fatal(err)
			}
		})
	}
}

func envInt(b *testing.B, name string, def int) int {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		b.Fatalf("%s=%q: %v", name, s, err)
	}
	return v
}

// BenchmarkMonteCarlo runs one whole simulation on all cores, by default
// 2000 replications at T=1680 with lag 0, and reports the wall time per
// replication (ns/rep) and the CPU time per replication summed over all
// workers (cpu-ns/rep), which a shared machine distorts less than wall time.
// PSY_BENCH_T, PSY_BENCH_LAG and PSY_BENCH_REPS change
// the size; bench/psy/run.sh drives it. Run with -benchtime=1x.
func BenchmarkMonteCarlo(b *testing.B) {
	n := envInt(b, "PSY_BENCH_T", 1680)
	lag := envInt(b, "PSY_BENCH_LAG", 0)
	reps := envInt(b, "PSY_BENCH_REPS", 2000)
	workers := runtime.GOMAXPROCS(0)
	var total, cpu time.Duration
	for b.Loop() {
		start, cpu0 := time.Now(), processCPU()
		if _, err := MonteCarlo(context.Background(), n, Options{Lag: lag}, PSYDrift(), Sim{Reps: reps, Seed: 1}); err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
		cpu += processCPU() - cpu0
	}
	b.ReportMetric(float64(total.Nanoseconds())/float64(b.N*reps), "ns/rep")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N*reps), "cpu-ns/rep")
	b.ReportMetric(float64(workers), "workers")
	b.ReportMetric(float64(reps), "reps")
}
