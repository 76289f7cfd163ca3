package netflow

import (
	"cmp"
	"container/heap"
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// DefaultMaxLen is the cycle length bound, in edges, used when
// CycleOptions.MaxLen is zero.
const DefaultMaxLen = 6

// CycleOptions controls cycle enumeration.
type CycleOptions struct {
	// MaxLen is the longest cycle reported, in edges. Zero means
	// DefaultMaxLen; a value of at least the number of nodes enumerates every
	// simple cycle (exponential in the worst case).
	MaxLen int
	// Workers is the number of goroutines; zero means runtime.GOMAXPROCS(0).
	// Results never depend on it.
	Workers int

	// MinLen, when above 1, keeps only cycles of at least MinLen edges.
	MinLen int
	// Through, when not nil, keeps only cycles through at least one of
	// these nodes.
	Through []int
	// TimeRespecting keeps only cycles whose deals can be taken in order
	// of announcement, each announced no earlier than the previous one
	// (see Graph.timeRespecting); it needs a graph with deal dates.
	TimeRespecting bool
}

func (o CycleOptions) normalise(g *Graph) (maxLen, workers int, err error) {
	maxLen, workers = o.MaxLen, o.Workers
	if maxLen < 0 {
		return 0, 0, fmt.Errorf("netflow: cycle length bound %d is negative", maxLen)
	}
	if workers < 0 {
		return 0, 0, fmt.Errorf("netflow: worker count %d is negative", workers)
	}
	if maxLen == 0 {
		maxLen = DefaultMaxLen
	}
	if n := g.NumNodes(); maxLen > n {
		maxLen = n // a simple cycle has at most n edges
	}
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	return maxLen, workers, nil
}

// Cycle is a simple directed cycle. It starts at its minimum node (in node
// order), so every cycle has exactly one representation.
type Cycle struct {
	Nodes []int // node indices; the cycle returns from the last node to Nodes[0]
	Edges []int // Edges[i] is the edge Nodes[i] → Nodes[(i+1) % len(Nodes)]
	// BottleneckBn is the smallest edge weight on the cycle: the largest
	// amount that can go round this cycle alone, USD bn.
	BottleneckBn float64
}

// Len returns the number of edges of the cycle.
func (c Cycle) Len() int { return len(c.Edges) }

// CycleCount counts simple cycles by length.
type CycleCount struct {
	Total int64
	// ByLength[k] is the number of cycles with k edges, for k = 0..MaxLen
	// (ByLength[0] is always zero).
	ByLength []int64
}

// CountCycles counts the simple cycles of g with at most opts.MaxLen edges
// without storing them; memory is O(nodes) per worker.
func CountCycles(ctx context.Context, g *Graph, opts CycleOptions) (CycleCount, error) {
	maxLen, workers, err := opts.normalise(g)
	if err != nil {
		return CycleCount{}, err
	}
	filter, err := opts.filter(g)
	if err != nil {
		return CycleCount{}, err
	}
	perWorker := make([][]int64, workers)
	err = forEachRoot(ctx, g, workers, func(w int) rootFunc {
		counts := make([]int64, maxLen+1)
		perWorker[w] = counts
		s := newSearcher(ctx, g, maxLen)
		s.emit = filter.wrap(s, func(depth int) { counts[depth]++ })
		return s.run
	})
	if err != nil {
		return CycleCount{}, err
	}
	return sumCounts(perWorker, maxLen), nil
}

// EachCycle calls yield for every simple cycle of g with at most
// opts.MaxLen edges, in lexicographic order of Cycle.Nodes, whatever the
// number of workers. Roots are searched in parallel in batches, so memory
// holds the cycles of one batch of roots at a time. If yield returns an
// error, enumeration stops and EachCycle returns that error. The Cycle's
// slices are fresh for every call.
func EachCycle(ctx context.Context, g *Graph, opts CycleOptions, yield func(Cycle) error) error {
	maxLen, workers, err := opts.normalise(g)
	if err != nil {
		return err
	}
	filter, err := opts.filter(g)
	if err != nil {
		return err
	}
	n := g.NumNodes()
	batch := 64 * workers
	found := make([]cycleBuf, batch)
	searchers := make([]*searcher, workers)
	for w := range searchers {
		searchers[w] = newSearcher(ctx, g, maxLen)
	}
	for lo := 0; lo < n; lo += batch {
		hi := min(lo+batch, n)
		for i := range found[:hi-lo] {
			found[i].reset()
		}
		err := parallelRange(ctx, lo, hi, workers, func(w, root int) {
			s := searchers[w]
			buf := &found[root-lo]
			s.emit = filter.wrap(s, func(depth int) { buf.add(s.path[:depth], s.edgePath[:depth], s.bottleneck(depth)) })
			s.run(root)
		})
		if err != nil {
			return err
		}
		for i := range found[:hi-lo] {
			if err := found[i].each(yield); err != nil {
				return err
			}
		}
	}
	return nil
}

// TopCycles counts all simple cycles of g with at most opts.MaxLen edges
// and returns the k with the largest bottleneck, ordered by bottleneck
// (largest first), then length (shortest first), then Nodes
// (lexicographically). Memory is O(k) per worker. k <= 0 returns only the
// counts.
func TopCycles(ctx context.Context, g *Graph, opts CycleOptions, k int) ([]Cycle, CycleCount, error) {
	if k <= 0 {
		c, err := CountCycles(ctx, g, opts)
		return nil, c, err
	}
	maxLen, workers, err := opts.normalise(g)
	if err != nil {
		return nil, CycleCount{}, err
	}
	filter, err := opts.filter(g)
	if err != nil {
		return nil, CycleCount{}, err
	}
	perWorker := make([][]int64, workers)
	heaps := make([]*cycleHeap, workers)
	err = forEachRoot(ctx, g, workers, func(w int) rootFunc {
		counts := make([]int64, maxLen+1)
		perWorker[w] = counts
		h := &cycleHeap{}
		heaps[w] = h
		s := newSearcher(ctx, g, maxLen)
		s.emit = filter.wrap(s, func(depth int) {
			counts[depth]++
			b := s.bottleneck(depth)
			if h.Len() == k && !betterThan(b, s.path[:depth], h.items[0]) {
				return
			}
			c := makeCycle(s.path[:depth], s.edgePath[:depth], b)
			if h.Len() < k {
				heap.Push(h, c)
			} else {
				h.items[0] = c
				heap.Fix(h, 0)
			}
		})
		return s.run
	})
	if err != nil {
		return nil, CycleCount{}, err
	}
	var all []Cycle
	for _, h := range heaps {
		if h != nil {
			all = append(all, h.items...)
		}
	}
	slices.SortFunc(all, compareCycles)
	if len(all) > k {
		all = all[:k]
	}
	return all, sumCounts(perWorker, maxLen), nil
}

// compareCycles orders cycles by bottleneck (descending), length, then nodes.
func compareCycles(a, b Cycle) int {
	if c := cmp.Compare(b.BottleneckBn, a.BottleneckBn); c != 0 {
		return c
	}
	if c := cmp.Compare(len(a.Nodes), len(b.Nodes)); c != 0 {
		return c
	}
	return slices.Compare(a.Nodes, b.Nodes)
}

// betterThan reports whether a cycle with bottleneck b and nodes path sorts
// before c in compareCycles order, without building it.
func betterThan(b float64, path []int32, c Cycle) bool {
	if b != c.BottleneckBn {
		return b > c.BottleneckBn
	}
	if len(path) != len(c.Nodes) {
		return len(path) < len(c.Nodes)
	}
	for i, v := range path {
		if int(v) != c.Nodes[i] {
			return int(v) < c.Nodes[i]
		}
	}
	return false
}

// cycleHeap keeps the worst of the best k cycles at the top.
type cycleHeap struct{ items []Cycle }

func (h *cycleHeap) Len() int           { return len(h.items) }
func (h *cycleHeap) Less(i, j int) bool { return compareCycles(h.items[i], h.items[j]) > 0 }
func (h *cycleHeap) Swap(i, j int)      { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *cycleHeap) Push(x any)         { h.items = append(h.items, x.(Cycle)) }
func (h *cycleHeap) Pop() any {
	c := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return c
}

func makeCycle(path, edges []int32, bottleneck float64) Cycle {
	c := Cycle{Nodes: make([]int, len(path)), Edges: make([]int, len(edges)), BottleneckBn: bottleneck}
	for i, v := range path {
		c.Nodes[i] = int(v)
	}
	for i, e := range edges {
		c.Edges[i] = int(e)
	}
	return c
}

func sumCounts(perWorker [][]int64, maxLen int) CycleCount {
	c := CycleCount{ByLength: make([]int64, maxLen+1)}
	for _, counts := range perWorker {
		for k, x := range counts {
			c.ByLength[k] += x
			c.Total += x
		}
	}
	return c
}

// cycleBuf stores the cycles found from one root in flat arrays, so that a
// batch of roots allocates little.
type cycleBuf struct {
	nodes, edges []int32
	ends         []int
	bottleneck   []float64
}

func (b *cycleBuf) reset() {
	b.nodes, b.edges, b.ends, b.bottleneck = b.nodes[:0], b.edges[:0], b.ends[:0], b.bottleneck[:0]
}

func (b *cycleBuf) add(path, edges []int32, bottleneck float64) {
	b.nodes = append(b.nodes, path...)
	b.edges = append(b.edges, edges...)
	b.ends = append(b.ends, len(b.nodes))
	b.bottleneck = append(b.bottleneck, bottleneck)
}

func (b *cycleBuf) each(yield func(Cycle) error) error {
	start := 0
	for i, end := range b.ends {
		if err := yield(makeCycle(b.nodes[start:end], b.edges[start:end], b.bottleneck[i])); err != nil {
			return err
		}
		start = end
	}
	return nil
}

// rootFunc searches all cycles whose minimum node is root.
type rootFunc func(root int)

// forEachRoot runs the root searches of all nodes on workers goroutines.
// newWorker is called once per worker, before any search, to set up its
// state.
func forEachRoot(ctx context.Context, g *Graph, workers int, newWorker func(w int) rootFunc) error {
	fns := make([]rootFunc, workers)
	for w := range fns {
		fns[w] = newWorker(w)
	}
	return parallelRange(ctx, 0, g.NumNodes(), workers, func(w, root int) { fns[w](root) })
}

// parallelRange calls do(w, i) for every i in [lo, hi), on workers
// goroutines that take indices in increasing order. It returns ctx's error if
// ctx is cancelled before all indices are done.
func parallelRange(ctx context.Context, lo, hi, workers int, do func(w, i int)) error {
	var next atomic.Int64
	next.Store(int64(lo))
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				if ctx.Err() != nil {
					return
				}
				i := int(next.Add(1) - 1)
				if i >= hi {
					return
				}
				do(w, i)
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}

// searcher enumerates the cycles rooted at one node at a time: those whose
// minimum node is the root. It first runs a breadth-first search backwards
// from the root, over nodes greater than the root, to learn each nearby
// node's distance back to the root; the forward depth-first search then
// drops any node that cannot return to the root within the remaining length
// budget. Searching the whole reverse ball would cost as much as the forward
// search on large sparse graphs, so the backward search stops at a radius
// that balances the two (see ballRadius).
type searcher struct {
	g      *Graph
	maxLen int

	// One root's search can take hours on a dense graph, so ctx is polled
	// inside it, once every checkEvery steps (edges scanned), and a
	// cancelled search unwinds at once. Callers see ctx.Err().
	ctx     context.Context
	steps   int
	stopped bool

	root int32
	// dist[v] is v's distance back to the root, valid when seen[v] == gen;
	// nodes not seen are farther than radius.
	dist   []int32
	seen   []uint32
	gen    uint32
	radius int
	queue  []int32

	onPath   []bool
	path     []int32 // path[0] = root
	edgePath []int32 // edgePath[i] = edge path[i] → path[i+1] (or back to root)

	emit func(depth int) // called with the cycle length; the cycle is path[:depth], edgePath[:depth]
}

func newSearcher(ctx context.Context, g *Graph, maxLen int) *searcher {
	n := g.NumNodes()
	return &searcher{
		ctx:      ctx,
		g:        g,
		maxLen:   maxLen,
		dist:     make([]int32, n),
		seen:     make([]uint32, n),
		onPath:   make([]bool, n),
		path:     make([]int32, maxLen+1),
		edgePath: make([]int32, maxLen+1),
	}
}

// bottleneck returns the smallest weight on the current cycle of depth edges.
func (s *searcher) bottleneck(depth int) float64 {
	edges := s.g.edges
	b := edges[s.edgePath[0]].WeightBn
	for _, e := range s.edgePath[1:depth] {
		b = min(b, edges[e].WeightBn)
	}
	return b
}

// checkEvery is how many steps a search takes between polls of its
// context: about 0.1 ms of work (a step is a few nanoseconds), so a
// cancellation is seen within milliseconds and polling costs nothing
// measurable.
const checkEvery = 1 << 14

// tick counts n steps of work and reports whether the search must stop.
func (s *searcher) tick(n int) bool {
	if s.stopped {
		return true
	}
	if s.steps += n; s.steps >= checkEvery {
		s.steps = 0
		s.stopped = s.ctx.Err() != nil
	}
	return s.stopped
}

// smallLevel is the backward-search level cost (in-edges to scan) below
// which the ball always grows: on small graphs the full ball is cheap and
// prunes best.
const smallLevel = 1024

func (s *searcher) run(root int) {
	r := int32(root)
	s.root = r
	if !s.backward() || s.stopped {
		return
	}
	s.path[0] = r
	s.onPath[r] = true
	s.forward(r, 0)
	s.onPath[r] = false
}

// backward labels nodes greater than the root with their distance back to
// it, up to s.radius. It reports false when no node can return to the root
// (and the root has no self-loop), so the root has no cycle.
func (s *searcher) backward() bool {
	g := s.g
	r := s.root
	s.gen++
	if s.gen == 0 { // wrapped: clear the stamps
		clear(s.seen)
		s.gen = 1
	}
	gen := s.gen
	s.seen[r] = gen
	s.dist[r] = 0
	queue := append(s.queue[:0], r)
	maxRadius := s.maxLen - 1
	// With a ball of radius h the forward search cannot prune before depth
	// L−h, so it expands about outdeg(root)·d^(L−h−2) nodes unpruned, d
	// being the mean degree. Growing the ball by one level costs the
	// in-degrees of its outer shell. Grow while that is cheaper than the
	// forward work it would save (measured on G(n, m) graphs: see
	// bench/results/loops.md).
	meanDegree := float64(len(g.edges)) / float64(max(1, len(g.names)))
	forward := float64(g.outStart[r+1] - g.outStart[r])
	for range maxRadius - 1 {
		forward *= meanDegree
	}
	level, levelStart := 0, 0
	reachable := false
	for level < maxRadius {
		levelEnd := len(queue)
		if levelStart == levelEnd {
			break
		}
		next := 0
		for _, v := range queue[levelStart:levelEnd] {
			next += int(g.inStart[v+1] - g.inStart[v])
		}
		if next > smallLevel && float64(next) > forward {
			break
		}
		if s.tick(next + levelEnd - levelStart) {
			return false
		}
		for _, v := range queue[levelStart:levelEnd] {
			lo, hi := g.inStart[v], g.inStart[v+1]
			for _, u := range g.inFrom[lo:hi] {
				if u <= r {
					if u == r && v == r {
						reachable = true // self-loop at the root
					}
					continue
				}
				if s.seen[u] == gen {
					continue
				}
				s.seen[u] = gen
				s.dist[u] = int32(level + 1)
				queue = append(queue, u)
				reachable = true
			}
		}
		levelStart = levelEnd
		level++
		forward /= max(meanDegree, 1)
	}
	if maxRadius == 0 {
		// Only self-loops can be cycles.
		_, reachable = g.EdgeBetween(int(r), int(r))
	}
	s.radius = level
	s.queue = queue
	return reachable
}

// canReturn reports whether v (> root) might reach the root in at most
// budget edges.
func (s *searcher) canReturn(v int32, budget int) bool {
	if s.seen[v] == s.gen {
		return int(s.dist[v]) <= budget
	}
	return budget > s.radius
}

// forward extends the path path[0..depth] (ending at v) by every out-edge.
func (s *searcher) forward(v int32, depth int) {
	g := s.g
	r := s.root
	lo, hi := g.outStart[v], g.outStart[v+1]
	if s.tick(int(hi-lo) + 1) {
		return
	}
	// Edges are sorted by target; skip targets below the root.
	k := lo
	for k < hi && g.outTo[k] < r {
		k++
	}
	for ; k < hi; k++ {
		w := g.outTo[k]
		s.edgePath[depth] = k
		if w == r {
			s.emit(depth + 1)
			continue
		}
		// Reaching w uses depth+1 edges; returning needs at least one more.
		budget := s.maxLen - depth - 2
		if budget < 0 {
			break
		}
		if s.onPath[w] || !s.canReturn(w, budget+1) {
			continue
		}
		s.onPath[w] = true
		s.path[depth+1] = w
		s.forward(w, depth+1)
		s.onPath[w] = false
		if s.stopped {
			return
		}
	}
}
