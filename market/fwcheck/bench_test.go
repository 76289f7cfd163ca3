package fwcheck

import (
	"context"
	"runtime"
	"testing"

	"github.com/bubblelab/bubblelab/market"
)

// BenchmarkRun times the whole validation pipeline (simulate with burn-in,
// measure, summarise) on all cores and reports validated paths per second.
func BenchmarkRun(b *testing.B) {
	const seeds = 64
	cfg := Config{Params: market.DCAHPM(), Seeds: seeds, Days: Days, BurnIn: BurnIn}
	for b.Loop() {
		if _, err := Run(context.Background(), cfg); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*seeds)/b.Elapsed().Seconds(), "paths/s")
	b.ReportMetric(float64(runtime.GOMAXPROCS(0)), "cores")
}
