package netflow

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

type testEdge struct {
	from, to string
	w        float64
}

func buildGraph(t testing.TB, edges []testEdge) *Graph {
	t.Helper()
	var b Builder
	for _, e := range edges {
		if err := b.AddEdge(e.from, e.to, e.w, e.w, false); err != nil {
			t.Fatal(err)
		}
	}
	return b.Build()
}

// TestMaxCirculationWorkedExamples checks the worked examples of the issue.
// Each number is derived by hand in the comment beside it.
func TestMaxCirculationWorkedExamples(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		edges []testEdge
		// expected values
		gross, circular, minimalGross, excess, index float64
	}{
		{
			// A pure 3-cycle is all circulation: index 1 (Homs-Dones et al.
			// 2025, abstract: the index is 1 for networks made only of cycles);
			// every node has net position 0, so minimal gross is 0.
			name:  "pure 3-cycle",
			edges: []testEdge{{"a", "b", 5}, {"b", "c", 5}, {"c", "a", 5}},
			gross: 15, circular: 15, minimalGross: 0, excess: 15, index: 1,
		},
		{
			// A DAG has no circulation: index 0. Net positions x −3, y +1,
			// z +2: minimal gross 3, excess 4 − 3 = 1.
			name:  "DAG",
			edges: []testEdge{{"x", "y", 2}, {"y", "z", 1}, {"x", "z", 1}},
			gross: 4, circular: 0, minimalGross: 3, excess: 1, index: 0,
		},
		{
			// Vendor-financing toy from the issue: the cycle N→O→C→N carries
			// its bottleneck 60 on three edges (180); H→O 10 and the rest are
			// directional. Net: N −40, O +30, C +20, H −10: minimal gross 50,
			// excess 200; circularity 180/250 = 0.72.
			name:  "vendor financing toy",
			edges: []testEdge{{"N", "O", 100}, {"O", "C", 80}, {"C", "N", 60}, {"H", "O", 10}},
			gross: 250, circular: 180, minimalGross: 50, excess: 200, index: 0.72,
		},
		{
			// D'Errico & Roukny (2021) style example as given in the issue:
			// A→C 20, C→B 10, D→C 10, B→A 5. Net: A −15, B +5, C +20, D −10:
			// minimal gross 25, excess 20; conservative compression removes
			// the cycle A→C→B→A at its bottleneck 5 on three edges, 15;
			// circularity 15/45 = 1/3.
			name:  "D'Errico-Roukny",
			edges: []testEdge{{"A", "C", 20}, {"C", "B", 10}, {"D", "C", 10}, {"B", "A", 5}},
			gross: 45, circular: 15, minimalGross: 25, excess: 20, index: 1.0 / 3,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := buildGraph(t, tt.edges)
			d, err := MaxCirculation(context.Background(), g)
			if err != nil {
				t.Fatal(err)
			}
			const tol = 1e-12
			check := func(what string, got, want float64) {
				t.Helper()
				if math.Abs(got-want) > tol*max(1, math.Abs(want)) {
					t.Errorf("%s = %.17g, want %.17g", what, got, want)
				}
			}
			check("GrossBn", d.GrossBn, tt.gross)
			check("CircularFlowBn", d.CircularFlowBn, tt.circular)
			check("ConservativeRemovableBn", d.ConservativeRemovableBn, tt.circular)
			check("DirectionalFlowBn", d.DirectionalFlowBn, tt.gross-tt.circular)
			check("MinimalGrossBn", d.MinimalGrossBn, tt.minimalGross)
			check("ExcessBn", d.ExcessBn, tt.excess)
			check("CircularityIndex", d.CircularityIndex, tt.index)
			checkDecomposition(t, g, d)
		})
	}
}

func TestMaxCirculationFirmShares(t *testing.T) {
	t.Parallel()
	// Vendor toy: O receives 100 from N (60 circular) and 10 from H (none):
	// share 60/110. N receives 60 from C, all circular; H receives nothing.
	g := buildGraph(t, []testEdge{{"N", "O", 100}, {"O", "C", 80}, {"C", "N", 60}, {"H", "O", 10}})
	d, err := MaxCirculation(context.Background(), g)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct{ in, circ, share, net float64 }{
		"N": {60, 60, 1, -40},
		"O": {110, 60, 60.0 / 110, 30},
		"C": {80, 60, 0.75, 20},
		"H": {0, 0, 0, -10},
	}
	for name, w := range want {
		v, _ := g.Node(name)
		f := d.Firms[v]
		if f.Node != v || math.Abs(f.InflowBn-w.in) > 1e-12 || math.Abs(f.CircularInflowBn-w.circ) > 1e-12 ||
			math.Abs(f.CircularShare-w.share) > 1e-12 || math.Abs(f.NetBn-w.net) > 1e-12 {
			t.Errorf("%s: got %+v, want %+v", name, f, w)
		}
	}
}

func TestMaxCirculationSelfLoopAndEmpty(t *testing.T) {
	t.Parallel()
	g := buildGraph(t, []testEdge{{"a", "a", 3}, {"a", "b", 1}})
	d, err := MaxCirculation(context.Background(), g)
	if err != nil {
		t.Fatal(err)
	}
	if d.CircularFlowBn != 3 || d.GrossBn != 4 || d.MinimalGrossBn != 1 {
		t.Errorf("self-loop: got circular %v gross %v minimal %v, want 3, 4, 1", d.CircularFlowBn, d.GrossBn, d.MinimalGrossBn)
	}
	var b Builder
	d, err = MaxCirculation(context.Background(), b.Build())
	if err != nil || d.GrossBn != 0 || d.CircularityIndex != 0 {
		t.Errorf("empty graph: got %+v, %v", d, err)
	}
}

// checkDecomposition checks the invariants of any maximum circulation:
// 0 ≤ c ≤ w, conservation at every node, and an acyclic remainder w − c.
func checkDecomposition(t *testing.T, g *Graph, d *Decomposition) {
	t.Helper()
	tol := 1e-9 * max(1, d.GrossBn)
	balance := make([]float64, g.NumNodes())
	var rest Builder
	for _, name := range g.Names() {
		rest.AddNode(name)
	}
	for i, e := range g.Edges() {
		c := d.EdgeCircularBn[i]
		if c < 0 || c > e.WeightBn {
			t.Errorf("edge %d: circular %v outside [0, %v]", i, c, e.WeightBn)
		}
		balance[e.To] += c
		balance[e.From] -= c
		if e.WeightBn-c > tol {
			if err := rest.AddEdge(g.Name(e.From), g.Name(e.To), e.WeightBn-c, 0, false); err != nil {
				t.Fatal(err)
			}
		}
	}
	for v, x := range balance {
		if math.Abs(x) > tol {
			t.Errorf("node %s: circulation in − out = %v, want 0", g.Name(v), x)
		}
	}
	cnt, err := CountCycles(context.Background(), rest.Build(), CycleOptions{MaxLen: g.NumNodes() + 1})
	if err != nil {
		t.Fatal(err)
	}
	if cnt.Total != 0 {
		t.Errorf("directional remainder w − c has %d cycles, want an acyclic graph", cnt.Total)
	}
}

// lpMaxCirculation solves max Σc s.t. conservation, 0 ≤ c ≤ w with gonum's
// simplex, as an independent check. Standard form: variables c (m) and
// slacks s (m) with c + s = w, and conservation rows for all but one node of
// each weakly connected component (the dropped row is implied), so that the
// constraint matrix has full row rank. gonum's own phase I can fail on this
// highly degenerate problem, so the test passes the feasible basis c = 0:
// every slack, plus c of a spanning forest's edges (the forest's reduced
// incidence matrix is nonsingular, which makes the basis matrix so).
func lpMaxCirculation(t *testing.T, g *Graph) float64 {
	t.Helper()
	n, m := g.NumNodes(), g.NumEdges()
	if m == 0 {
		return 0
	}
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	find := func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	basis := make([]int, 0, 2*m)
	for i := range m {
		basis = append(basis, m+i) // every slack
	}
	hasEdge := make([]bool, n)
	for i, e := range g.Edges() {
		if e.From == e.To {
			continue
		}
		hasEdge[e.From], hasEdge[e.To] = true, true
		if ru, rv := find(e.From), find(e.To); ru != rv {
			parent[ru] = rv
			basis = append(basis, i) // a forest edge
		}
	}
	dropped := map[int]bool{}
	var rows []int
	for v := 0; v < n; v++ {
		if !hasEdge[v] {
			continue
		}
		if r := find(v); !dropped[r] {
			dropped[r] = true
			continue
		}
		rows = append(rows, v)
	}
	nr := m + len(rows)
	if len(basis) != nr {
		t.Fatalf("basis has %d columns for %d rows", len(basis), nr)
	}
	if nr == 2*m {
		// Every edge is a forest edge: no cycle, so no circulation. (gonum
		// would solve this square system directly and can reject it for a
		// rounding-level negative zero.)
		return 0
	}
	a := mat.NewDense(nr, 2*m, nil)
	bvec := make([]float64, nr)
	cost := make([]float64, 2*m)
	for i, e := range g.Edges() {
		a.Set(i, i, 1)
		a.Set(i, m+i, 1)
		bvec[i] = e.WeightBn
		cost[i] = -1
	}
	for k, v := range rows {
		for i, e := range g.Edges() {
			if e.From == e.To {
				continue
			}
			if e.To == v {
				a.Set(m+k, i, 1)
			}
			if e.From == v {
				a.Set(m+k, i, -1)
			}
		}
	}
	opt, _, err := lp.Simplex(cost, a, bvec, 1e-10, basis)
	if err != nil {
		t.Fatalf("simplex: %v", err)
	}
	return -opt
}

// TestMaxCirculationMatchesLP cross-checks the min-cost flow against gonum's
// simplex on random graphs with real weights, and checks the invariants.
func TestMaxCirculationMatchesLP(t *testing.T) {
	t.Parallel()
	rnd := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 150; trial++ {
		n := 2 + rnd.IntN(7)
		m := rnd.IntN(min(n*(n-1), 22) + 1)
		var b Builder
		for i := 0; i < n; i++ {
			b.AddNode(string(rune('a' + i)))
		}
		for i := 0; i < m; i++ {
			u, v := rnd.IntN(n), rnd.IntN(n)
			w := math.Round(rnd.Float64()*1000) / 10 // amounts with one decimal, like the deal file
			if rnd.IntN(4) == 0 {
				w = rnd.ExpFloat64() * 7 // and arbitrary reals
			}
			if err := b.AddEdge(b.names[u], b.names[v], w, w, false); err != nil {
				t.Fatal(err)
			}
		}
		g := b.Build()
		d, err := MaxCirculation(context.Background(), g)
		if err != nil {
			t.Fatal(err)
		}
		want := lpMaxCirculation(t, g)
		if math.Abs(d.CircularFlowBn-want) > 1e-8*max(1, want) {
			t.Errorf("trial %d (%d nodes, %d edges): circulation %.12g, simplex %.12g", trial, g.NumNodes(), g.NumEdges(), d.CircularFlowBn, want)
		}
		checkDecomposition(t, g, d)
	}
}

// TestMaxCirculationLarge checks invariants on a graph large enough to need
// several primal-dual phases, and that the total does not depend on node order.
func TestMaxCirculationLarge(t *testing.T) {
	t.Parallel()
	g := RandomGraph(300, 1500, 100, rand.New(rand.NewPCG(7, 7)))
	d, err := MaxCirculation(context.Background(), g)
	if err != nil {
		t.Fatal(err)
	}
	checkDecomposition(t, g, d)
	// Relabel nodes in reverse order: same graph, different vertex order.
	var b Builder
	for i := g.NumNodes() - 1; i >= 0; i-- {
		b.AddNode(g.Name(i))
	}
	for _, e := range g.Edges() {
		if err := b.AddEdge(g.Name(e.From), g.Name(e.To), e.WeightBn, e.WeightBn, false); err != nil {
			t.Fatal(err)
		}
	}
	d2, err := MaxCirculation(context.Background(), b.Build())
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(d.CircularFlowBn-d2.CircularFlowBn) > 1e-9*d.GrossBn {
		t.Errorf("circulation depends on node order: %v vs %v", d.CircularFlowBn, d2.CircularFlowBn)
	}
	if d.CircularityIndex <= 0 || d.CircularityIndex >= 1 {
		t.Errorf("circularity index %v of a random graph, want strictly between 0 and 1", d.CircularityIndex)
	}
}

// TestCircularInflowRangeTheta checks the ranges on a graph whose maximum
// circulation is not unique: X→A→Y and X→B→Y are two routes for the one unit
// that Y→X can return, so A's and B's circular inflow can each be anything
// in [0, 1] while X and Y receive exactly 1.
func TestCircularInflowRangeTheta(t *testing.T) {
	t.Parallel()
	g := buildGraph(t, []testEdge{{"X", "A", 1}, {"X", "B", 1}, {"A", "Y", 1}, {"B", "Y", 1}, {"Y", "X", 1}})
	d, err := MaxCirculation(context.Background(), g)
	if err != nil {
		t.Fatal(err)
	}
	if d.CircularFlowBn != 3 {
		t.Fatalf("circulation %v, want 3", d.CircularFlowBn)
	}
	want := map[string]Range{"X": {1, 1}, "Y": {1, 1}, "A": {0, 1}, "B": {0, 1}}
	for name, w := range want {
		v, _ := g.Node(name)
		r, err := d.CircularInflowRange(context.Background(), v)
		if err != nil {
			t.Fatal(err)
		}
		if r != w {
			t.Errorf("%s: range %+v, want %+v", name, r, w)
		}
	}
}

// TestCircularInflowRangeLexicographic checks the ranges against a direct
// solution: on integer weights the maximum circulation that also maximises
// (minimises) v's circular inflow maximises M·Σc ± inflow_v(c) for any
// integer M above v's total inflow, because every other vertex of the
// polytope has Σc at least 1 below the maximum. solveCirculation solves that
// weighted problem exactly.
func TestCircularInflowRangeLexicographic(t *testing.T) {
	t.Parallel()
	rnd := rand.New(rand.NewPCG(11, 12))
	wide := 0 // nodes whose range is not a single point
	for trial := 0; trial < 60; trial++ {
		n := 3 + rnd.IntN(8)
		g := RandomGraph(n, rnd.IntN(n*(n-1)+1), 9, rnd)
		d, err := MaxCirculation(context.Background(), g)
		if err != nil {
			t.Fatal(err)
		}
		for v := 0; v < n; v++ {
			r, err := d.CircularInflowRange(context.Background(), v)
			if err != nil {
				t.Fatal(err)
			}
			if r.MinBn < r.MaxBn {
				wide++
			}
			if cur := d.Firms[v].CircularInflowBn; cur < r.MinBn || cur > r.MaxBn {
				t.Fatalf("trial %d node %d: solution's inflow %v outside its range %+v", trial, v, cur, r)
			}
			m := int32(d.Firms[v].InflowBn) + 1
			for _, sign := range []int32{-1, 1} {
				s, err := solveCirculation(context.Background(), g, func(i int) int32 {
					if g.Edge(i).To == v {
						return 2*m + sign
					}
					return 2 * m
				})
				if err != nil {
					t.Fatal(err)
				}
				total, in := 0.0, 0.0
				for i, c := range s.circular {
					total += c
					if g.Edge(i).To == v {
						in += c
					}
				}
				if total != d.CircularFlowBn {
					t.Fatalf("trial %d node %d: weighted solution has circulation %v, want %v", trial, v, total, d.CircularFlowBn)
				}
				want := r.MinBn
				if sign > 0 {
					want = r.MaxBn
				}
				if in != want {
					t.Errorf("trial %d node %d sign %d: direct optimum %v, range bound %v", trial, v, sign, in, want)
				}
			}
		}
	}
	if wide < 20 {
		t.Errorf("only %d nodes with a non-trivial range: the test exercises too little", wide)
	}
}
