package netflow

import (
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"
)

// TestPeerNetworkx checks cycle counts and maximum circulations against a
// peer run: testdata/networkx_cycle_counts.json holds the counts networkx
// 2.8.8's simple_cycles (every cycle, filtered by length) and the
// circulation its network_simplex found on the same RandomGraph instances,
// written by bench/loops/crosscheck.py --write-golden (which also checks
// graph-tool 2.45's all_circuits against them).
func TestPeerNetworkx(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("testdata/networkx_cycle_counts.json")
	if err != nil {
		t.Fatal(err)
	}
	var peer struct {
		Cases []struct {
			Nodes, Edges   int
			Seed           uint64
			Counts         map[string][]int64
			MaxCirculation float64 `json:"max_circulation"`
		}
	}
	if err := json.Unmarshal(raw, &peer); err != nil {
		t.Fatal(err)
	}
	if len(peer.Cases) < 10 {
		t.Fatalf("only %d peer cases", len(peer.Cases))
	}
	for _, c := range peer.Cases {
		g := RandomGraph(c.Nodes, c.Edges, 100, rand.New(rand.NewPCG(c.Seed, 0)))
		for bound, want := range c.Counts {
			l, err := strconv.Atoi(bound)
			if err != nil {
				t.Fatal(err)
			}
			got, err := CountCycles(context.Background(), g, CycleOptions{MaxLen: l})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.ByLength, want) {
				t.Errorf("G(%d, %d) seed %d, bound %d: counts by length %v, networkx %v", c.Nodes, c.Edges, c.Seed, l, got.ByLength, want)
			}
		}
		d, err := MaxCirculation(context.Background(), g)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(d.CircularFlowBn-c.MaxCirculation) > 1e-9*c.MaxCirculation {
			t.Errorf("G(%d, %d) seed %d: circulation %v, networkx %v", c.Nodes, c.Edges, c.Seed, d.CircularFlowBn, c.MaxCirculation)
		}
	}
}
