package netflow

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

func completeDigraph(t testing.TB, n int, selfLoops bool) *Graph {
	t.Helper()
	var b Builder
	for u := 0; u < n; u++ {
		b.AddNode(strconv.Itoa(u))
	}
	for u := 0; u < n; u++ {
		for v := 0; v < n; v++ {
			if u != v || selfLoops {
				if err := b.AddEdge(strconv.Itoa(u), strconv.Itoa(v), float64(1+u+v), float64(1+u+v), false); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	return b.Build()
}

// completeCycles is the number of simple cycles of length k in the complete
// digraph on n nodes: choose the k nodes, then one of (k−1)! cyclic orders
// (a standard count; e.g. OEIS A002807 gives the totals 0, 1, 5, 20, 84,
// 409, 2365 for n = 1..7).
func completeCycles(n, k int) int64 {
	c := int64(1)
	for i := 0; i < k; i++ { // n choose k
		c = c * int64(n-i) / int64(i+1)
	}
	for i := 2; i < k; i++ {
		c *= int64(i)
	}
	return c
}

func TestCountCyclesCompleteDigraph(t *testing.T) {
	t.Parallel()
	wantTotal := []int64{0, 0, 1, 5, 20, 84, 409, 2365} // OEIS A002807
	for n := 1; n <= 7; n++ {
		g := completeDigraph(t, n, false)
		c, err := CountCycles(context.Background(), g, CycleOptions{MaxLen: n})
		if err != nil {
			t.Fatal(err)
		}
		if c.Total != wantTotal[n] {
			t.Errorf("K%d: %d cycles, want %d", n, c.Total, wantTotal[n])
		}
		for k := 1; k <= n; k++ {
			want := int64(0)
			if k >= 2 {
				want = completeCycles(n, k)
			}
			if c.ByLength[k] != want {
				t.Errorf("K%d: %d cycles of length %d, want %d", n, c.ByLength[k], k, want)
			}
		}
	}
	// Self-loops add one cycle of length 1 per node; a bound of 3 keeps
	// lengths 1..3 only: K6 has 6 + 15 + 40 cycles.
	g := completeDigraph(t, 6, true)
	c, err := CountCycles(context.Background(), g, CycleOptions{MaxLen: 3})
	if err != nil {
		t.Fatal(err)
	}
	if c.Total != 6+15+40 || c.ByLength[1] != 6 {
		t.Errorf("K6 with loops, bound 3: %d cycles (%v), want 61", c.Total, c.ByLength)
	}
}

// naiveCycles enumerates simple cycles of at most maxLen edges by plain
// depth-first search from every root over larger nodes, without any pruning:
// the reference the pruned, parallel search must match.
func naiveCycles(g *Graph, maxLen int) [][]int {
	var out [][]int
	var path []int
	on := make([]bool, g.NumNodes())
	var dfs func(root, v int)
	dfs = func(root, v int) {
		lo, hi := g.OutEdges(v)
		for k := lo; k < hi; k++ {
			w := g.Edge(k).To
			switch {
			case w == root:
				out = append(out, slices.Clone(path))
			case w > root && !on[w] && len(path) < maxLen:
				on[w] = true
				path = append(path, w)
				dfs(root, w)
				path = path[:len(path)-1]
				on[w] = false
			}
		}
	}
	for r := 0; r < g.NumNodes(); r++ {
		path = append(path[:0], r)
		on[r] = true
		dfs(r, r)
		on[r] = false
	}
	return out
}

func collect(t *testing.T, g *Graph, opts CycleOptions) []Cycle {
	t.Helper()
	var got []Cycle
	err := EachCycle(context.Background(), g, opts, func(c Cycle) error {
		got = append(got, c)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func checkCycle(t *testing.T, g *Graph, c Cycle) {
	t.Helper()
	if len(c.Nodes) != len(c.Edges) || len(c.Nodes) == 0 {
		t.Fatalf("malformed cycle %+v", c)
	}
	seen := map[int]bool{}
	b := c.BottleneckBn + 1
	for i, v := range c.Nodes {
		if seen[v] {
			t.Fatalf("cycle %v repeats node %d", c.Nodes, v)
		}
		seen[v] = true
		if v < c.Nodes[0] {
			t.Fatalf("cycle %v is not rooted at its minimum node", c.Nodes)
		}
		e := g.Edge(c.Edges[i])
		if e.From != v || e.To != c.Nodes[(i+1)%len(c.Nodes)] {
			t.Fatalf("cycle %v: edge %d is %d→%d", c.Nodes, c.Edges[i], e.From, e.To)
		}
		b = min(b, e.WeightBn)
	}
	if b != c.BottleneckBn {
		t.Fatalf("cycle %v: bottleneck %v, want %v", c.Nodes, c.BottleneckBn, b)
	}
}

// TestEachCycleMatchesNaive compares the pruned parallel enumeration with the
// unpruned reference on random graphs (with self-loops) for several bounds
// and worker counts: same cycles, in lexicographic order, whatever the
// number of workers.
func TestEachCycleMatchesNaive(t *testing.T) {
	t.Parallel()
	rnd := rand.New(rand.NewPCG(3, 4))
	for trial := 0; trial < 40; trial++ {
		n := 1 + rnd.IntN(14)
		m := rnd.IntN(n*n/2 + 2)
		var b Builder
		for i := 0; i < n; i++ {
			b.AddNode(strconv.Itoa(i))
		}
		for i := 0; i < m; i++ {
			u, v := rnd.IntN(n), rnd.IntN(n)
			w := float64(1 + rnd.IntN(9))
			if err := b.AddEdge(strconv.Itoa(u), strconv.Itoa(v), w, w, false); err != nil {
				t.Fatal(err)
			}
		}
		g := b.Build()
		for _, maxLen := range []int{1, 2, 3, 6, n} {
			want := naiveCycles(g, maxLen)
			slices.SortFunc(want, slices.Compare)
			for _, workers := range []int{1, 3} {
				got := collect(t, g, CycleOptions{MaxLen: maxLen, Workers: workers})
				if len(got) != len(want) {
					t.Fatalf("trial %d, bound %d, %d workers: %d cycles, want %d", trial, maxLen, workers, len(got), len(want))
				}
				for i, c := range got {
					checkCycle(t, g, c)
					if !slices.Equal(c.Nodes, want[i]) {
						t.Fatalf("trial %d, bound %d: cycle %d is %v, want %v", trial, maxLen, i, c.Nodes, want[i])
					}
				}
				cnt, err := CountCycles(context.Background(), g, CycleOptions{MaxLen: maxLen, Workers: workers})
				if err != nil {
					t.Fatal(err)
				}
				if cnt.Total != int64(len(want)) {
					t.Fatalf("trial %d, bound %d: CountCycles %d, want %d", trial, maxLen, cnt.Total, len(want))
				}
			}
		}
	}
}

// TestTopCycles checks that TopCycles returns the first k cycles of the full
// list sorted by (bottleneck desc, length, nodes), with complete counts, for
// any number of workers.
func TestTopCycles(t *testing.T) {
	t.Parallel()
	g := RandomGraph(40, 200, 20, rand.New(rand.NewPCG(5, 6)))
	all := collect(t, g, CycleOptions{MaxLen: 5})
	slices.SortFunc(all, compareCycles)
	for _, k := range []int{1, 10, len(all), len(all) + 5} {
		for _, workers := range []int{1, 2, 5} {
			top, cnt, err := TopCycles(context.Background(), g, CycleOptions{MaxLen: 5, Workers: workers}, k)
			if err != nil {
				t.Fatal(err)
			}
			if cnt.Total != int64(len(all)) {
				t.Fatalf("count %d, want %d", cnt.Total, len(all))
			}
			want := all[:min(k, len(all))]
			if len(top) != len(want) {
				t.Fatalf("k=%d: %d cycles, want %d", k, len(top), len(want))
			}
			for i := range top {
				if !slices.Equal(top[i].Nodes, want[i].Nodes) || top[i].BottleneckBn != want[i].BottleneckBn {
					t.Fatalf("k=%d, workers=%d: cycle %d = %v (%v), want %v (%v)", k, workers, i, top[i].Nodes, top[i].BottleneckBn, want[i].Nodes, want[i].BottleneckBn)
				}
			}
		}
	}
}

func TestEachCycleStopsAndCancels(t *testing.T) {
	t.Parallel()
	g := completeDigraph(t, 7, false)
	stop := errors.New("stop")
	n := 0
	err := EachCycle(context.Background(), g, CycleOptions{MaxLen: 7}, func(Cycle) error {
		n++
		if n == 10 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 10 {
		t.Errorf("got %v after %d cycles, want stop after 10", err, n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := CountCycles(ctx, g, CycleOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled CountCycles: got %v", err)
	}
	if _, err := CountCycles(context.Background(), g, CycleOptions{MaxLen: -1}); err == nil {
		t.Error("negative bound accepted")
	}
}

// TestCountCyclesWorkersLarge checks that counts on a larger sparse graph,
// where the backward search stops early (see ballScanBudget), match the
// unpruned reference and do not depend on the worker count.
func TestCountCyclesWorkersLarge(t *testing.T) {
	t.Parallel()
	g := RandomGraph(3000, 15000, 10, rand.New(rand.NewPCG(8, 9)))
	want := int64(len(naiveCycles(g, 6)))
	for _, workers := range []int{1, 2, 4} {
		c, err := CountCycles(context.Background(), g, CycleOptions{Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		if c.Total != want {
			t.Errorf("%d workers: %d cycles, want %d", workers, c.Total, want)
		}
	}
}

func ExampleTopCycles() {
	// A vendor-financing loop: the chip vendor invests in the lab, the lab
	// rents cloud capacity, the cloud buys chips. A second, smaller loop
	// runs through a bank. Cycles start at their first-added node.
	var b Builder
	for _, e := range []struct {
		from, to string
		amountBn float64
	}{
		{"Vendor", "Lab", 100}, {"Lab", "Cloud", 80}, {"Cloud", "Vendor", 60},
		{"Bank", "Cloud", 10}, {"Cloud", "Bank", 2},
	} {
		if err := b.AddEdge(e.from, e.to, e.amountBn, e.amountBn, false); err != nil {
			panic(err)
		}
	}
	g := b.Build()
	top, count, err := TopCycles(context.Background(), g, CycleOptions{MaxLen: 6}, 10)
	if err != nil {
		panic(err)
	}
	fmt.Println("cycles:", count.Total)
	for _, c := range top {
		for _, v := range c.Nodes {
			fmt.Print(g.Name(v), " → ")
		}
		fmt.Printf("%s: bottleneck %g bn\n", g.Name(c.Nodes[0]), c.BottleneckBn)
	}
	// Output:
	// cycles: 2
	// Vendor → Lab → Cloud → Vendor: bottleneck 60 bn
	// Cloud → Bank → Cloud: bottleneck 2 bn
}

// TestLongCycle checks that bounds above 127 work: a directed ring of 300
// nodes is one cycle of length 300, found only when the bound reaches it.
func TestLongCycle(t *testing.T) {
	t.Parallel()
	var b Builder
	for i := 0; i < 300; i++ {
		if err := b.AddEdge(strconv.Itoa(i), strconv.Itoa((i+1)%300), 1, 1, false); err != nil {
			t.Fatal(err)
		}
	}
	g := b.Build()
	for _, tt := range []struct {
		maxLen int
		want   int64
	}{{299, 0}, {300, 1}, {1000, 1}} {
		c, err := CountCycles(context.Background(), g, CycleOptions{MaxLen: tt.maxLen})
		if err != nil {
			t.Fatal(err)
		}
		if c.Total != tt.want {
			t.Errorf("bound %d: %d cycles, want %d", tt.maxLen, c.Total, tt.want)
		}
	}
}
