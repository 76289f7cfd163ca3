package netflow

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/bubblelab/bubblelab/internal/nfc"
)

// Edge is one directed, weighted link of a Graph: money flowing From → To.
// Parallel deals between the same ordered pair of firms are merged into one
// Edge whose weight is their sum and which remembers every deal ID.
type Edge struct {
	From, To int     // node indices
	WeightBn float64 // flow used by the analysis, USD bn (annualised or headline, see Options)
	// HeadlineBn is the sum of the deals' headline amounts, USD bn, before any
	// annualisation. It equals WeightBn for graphs not built from deals.
	HeadlineBn float64
	Deals      []string // IDs of the merged deals, in input order
	// Estimated reports that at least one merged deal has an estimated
	// (not disclosed) amount.
	Estimated bool
}

// Graph is a weighted directed graph with named nodes. Node indices follow
// the order in which names were first added, which fixes the deterministic
// vertex order used by cycle enumeration. Edges are sorted by (From, To) and
// there is at most one edge per ordered pair. A Graph is immutable once built
// and safe for concurrent use.
type Graph struct {
	names []string
	index map[string]int
	edges []Edge

	// Compressed sparse row adjacency: the out-edges of node u are
	// edges[outStart[u]:outStart[u+1]], whose targets are outTo[...]. int32
	// keeps the hot loops of cycle enumeration cache friendly on 1e6 edges.
	outStart []int32
	outTo    []int32
	// In-edges of node v, as edge indices: inEdge[inStart[v]:inStart[v+1]].
	inStart []int32
	inEdge  []int32
	inFrom  []int32

	// dates[i] are the announcement days (since 1970-01-01, ascending) of
	// edge i's deals, for time-respecting cycles; nil for a graph built
	// without dates (an edge list).
	dates [][]int32
}

// NumNodes returns the number of nodes.
func (g *Graph) NumNodes() int { return len(g.names) }

// NumEdges returns the number of (merged) edges, self-loops included.
func (g *Graph) NumEdges() int { return len(g.edges) }

// Name returns the name of node i.
func (g *Graph) Name(i int) string { return g.names[i] }

// Names returns the node names in node order. The caller must not modify it.
func (g *Graph) Names() []string { return g.names }

// Node returns the index of the named node and whether it exists.
func (g *Graph) Node(name string) (int, bool) {
	i, ok := g.index[name]
	return i, ok
}

// Edge returns edge i. The caller must not modify its Deals slice.
func (g *Graph) Edge(i int) Edge { return g.edges[i] }

// Edges returns all edges sorted by (From, To). The caller must not modify it.
func (g *Graph) Edges() []Edge { return g.edges }

// OutEdges returns the half-open range [lo, hi) of the indices of the edges
// leaving node u, sorted by target.
func (g *Graph) OutEdges(u int) (lo, hi int) {
	return int(g.outStart[u]), int(g.outStart[u+1])
}

// InEdges returns the indices of the edges entering node v, sorted by source.
// The caller must not modify the returned slice.
func (g *Graph) InEdges(v int) []int32 {
	return g.inEdge[g.inStart[v]:g.inStart[v+1]]
}

// EdgeBetween returns the index of the edge from → to, if there is one.
func (g *Graph) EdgeBetween(from, to int) (int, bool) {
	lo, hi := g.OutEdges(from)
	k, ok := slices.BinarySearch(g.outTo[lo:hi], int32(to))
	if !ok {
		return -1, false
	}
	return lo + k, true
}

// SelfLoops returns the indices of the edges whose source is their target
// (a firm paying itself, which usually means an input error or an aggregate
// node that contains both parties). They are kept in the graph: they are
// cycles of length 1 and wholly circular flow.
func (g *Graph) SelfLoops() []int {
	var loops []int
	for i, e := range g.edges {
		if e.From == e.To {
			loops = append(loops, i)
		}
	}
	return loops
}

// GrossBn returns the total weight of all edges (gross flow), USD bn.
func (g *Graph) GrossBn() float64 {
	var s float64
	for _, e := range g.edges {
		s += e.WeightBn
	}
	return s
}

// Builder assembles a Graph. The zero value is ready to use.
type Builder struct {
	names []string
	index map[string]int
	// pending maps an ordered node pair to its position in edges.
	pending map[[2]int]int
	edges   []Edge
	// dates maps an ordered node pair to its deals' announcement days.
	dates map[[2]int][]int32
}

// AddNode adds a node if it is not there yet and returns its index. Nodes
// without edges are allowed (a firm whose deals were all excluded).
func (b *Builder) AddNode(name string) int {
	if b.index == nil {
		b.index = make(map[string]int)
	}
	// Composed and decomposed spellings of a name are one node.
	name = nfc.String(name)
	if i, ok := b.index[name]; ok {
		return i
	}
	i := len(b.names)
	b.names = append(b.names, name)
	b.index[name] = i
	return i
}

// AddEdge adds weightBn of flow from → to, merging it into an existing edge
// between the same ordered pair. The weight must be finite and non-negative.
// headlineBn is recorded for reporting only; dealIDs are appended to the
// edge's deal list.
func (b *Builder) AddEdge(from, to string, weightBn, headlineBn float64, estimated bool, dealIDs ...string) error {
	if math.IsNaN(weightBn) || math.IsInf(weightBn, 0) || weightBn < 0 {
		return fmt.Errorf("edge %s -> %s: weight %v is not a finite non-negative amount", from, to, weightBn)
	}
	if math.IsNaN(headlineBn) || math.IsInf(headlineBn, 0) || headlineBn < 0 {
		return fmt.Errorf("edge %s -> %s: headline amount %v is not a finite non-negative amount", from, to, headlineBn)
	}
	u, v := b.AddNode(from), b.AddNode(to)
	if b.pending == nil {
		b.pending = make(map[[2]int]int)
	}
	if k, ok := b.pending[[2]int{u, v}]; ok {
		e := &b.edges[k]
		e.WeightBn += weightBn
		e.HeadlineBn += headlineBn
		e.Estimated = e.Estimated || estimated
		e.Deals = append(e.Deals, dealIDs...)
		return nil
	}
	b.pending[[2]int{u, v}] = len(b.edges)
	b.edges = append(b.edges, Edge{From: u, To: v, WeightBn: weightBn, HeadlineBn: headlineBn, Estimated: estimated, Deals: slices.Clone(dealIDs)})
	return nil
}

// AddDeal is AddEdge for one dated deal: it also records the deal's
// announcement date, which time-respecting cycles compare
// (CycleOptions.TimeRespecting).
func (b *Builder) AddDeal(from, to string, weightBn, headlineBn float64, estimated bool, id string, announced time.Time) error {
	if err := b.AddEdge(from, to, weightBn, headlineBn, estimated, id); err != nil {
		return err
	}
	if b.dates == nil {
		b.dates = make(map[[2]int][]int32)
	}
	key := [2]int{b.index[from], b.index[to]}
	b.dates[key] = append(b.dates[key], dayNumber(announced))
	return nil
}

// dayNumber is t's day since 1970-01-01 (UTC).
func dayNumber(t time.Time) int32 {
	return int32(t.Unix() / 86400)
}

// Build returns the graph. The Builder must not be used afterwards.
func (b *Builder) Build() *Graph {
	index := b.index
	if index == nil {
		index = map[string]int{}
	}
	g := newGraph(b.names, index, b.edges)
	if b.dates != nil {
		g.dates = make([][]int32, len(g.edges))
		for i, e := range g.edges {
			d := b.dates[[2]int{e.From, e.To}]
			slices.Sort(d)
			g.dates[i] = d
		}
	}
	return g
}

// HasDates reports whether the graph's edges carry deal dates (graphs from
// FromDeals do, edge lists do not).
func (g *Graph) HasDates() bool { return g.dates != nil }

// EdgeDates returns the announcement dates of edge i's dated deals, in
// ascending order; nil when the graph has no dates.
func (g *Graph) EdgeDates(i int) []time.Time {
	if g.dates == nil {
		return nil
	}
	out := make([]time.Time, len(g.dates[i]))
	for k, d := range g.dates[i] {
		out[k] = time.Unix(int64(d)*86400, 0).UTC()
	}
	return out
}

// newGraph sorts edges and builds the adjacency arrays. Edges must already
// be unique per ordered pair.
func newGraph(names []string, index map[string]int, edges []Edge) *Graph {
	n := len(names)
	if n > math.MaxInt32-1 || len(edges) > math.MaxInt32-1 {
		panic("netflow: graph too large for int32 indices")
	}
	slices.SortFunc(edges, func(a, b Edge) int {
		if a.From != b.From {
			return a.From - b.From
		}
		return a.To - b.To
	})
	g := &Graph{names: names, index: index, edges: edges}
	g.outStart = make([]int32, n+1)
	g.outTo = make([]int32, len(edges))
	g.inStart = make([]int32, n+1)
	for i, e := range edges {
		g.outStart[e.From+1]++
		g.inStart[e.To+1]++
		g.outTo[i] = int32(e.To)
	}
	for u := 0; u < n; u++ {
		g.outStart[u+1] += g.outStart[u]
		g.inStart[u+1] += g.inStart[u]
	}
	g.inEdge = make([]int32, len(edges))
	g.inFrom = make([]int32, len(edges))
	fill := slices.Clone(g.inStart[:n])
	// Edges are sorted by source, so each node's in-edges come out sorted
	// by source too.
	for i, e := range edges {
		k := fill[e.To]
		g.inEdge[k] = int32(i)
		g.inFrom[k] = int32(e.From)
		fill[e.To]++
	}
	return g
}
