package netflow

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
)

// Benchmark graphs are uniform random digraphs G(n, m) (RandomGraph), the
// same family bench/loops/run.py times against networkx and graph-tool.
var benchSizes = []struct{ nodes, edges int }{
	{1_000, 5_000},
	{10_000, 100_000},
	{100_000, 1_000_000},
}

func BenchmarkCountCycles(b *testing.B) {
	for _, sz := range benchSizes {
		g := RandomGraph(sz.nodes, sz.edges, 100, rand.New(rand.NewPCG(1, 0)))
		for _, maxLen := range []int{4, 6} {
			b.Run(fmt.Sprintf("n=%d/m=%d/len=%d", sz.nodes, sz.edges, maxLen), func(b *testing.B) {
				for b.Loop() {
					if _, err := CountCycles(context.Background(), g, CycleOptions{MaxLen: maxLen}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func BenchmarkTopCycles(b *testing.B) {
	g := RandomGraph(10_000, 100_000, 100, rand.New(rand.NewPCG(1, 0)))
	for b.Loop() {
		if _, _, err := TopCycles(context.Background(), g, CycleOptions{MaxLen: 6}, 1000); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMaxCirculation(b *testing.B) {
	for _, sz := range []struct{ nodes, edges int }{{1_000, 5_000}, {10_000, 50_000}} {
		g := RandomGraph(sz.nodes, sz.edges, 100, rand.New(rand.NewPCG(1, 0)))
		b.Run(fmt.Sprintf("n=%d/m=%d", sz.nodes, sz.edges), func(b *testing.B) {
			for b.Loop() {
				if _, err := MaxCirculation(context.Background(), g); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
