package netflow

import (
	"context"
	"math"
)

// flowNet is a residual network for a min-cost flow with integer arc costs
// and real capacities, solved by the primal-dual method: Dijkstra with node
// potentials finds the cheapest remaining augmenting cost, then a blocking
// flow (Dinic) saturates every augmenting path of that cost at once. With
// integer costs bounded by 1 in absolute value, the cost of the cheapest path
// grows by at least one per phase and is below the number of nodes, so there
// are fewer phases than nodes; in practice there are a handful.
//
// Arcs come in pairs: arc a and its residual twin a^1 (cost negated).
type flowNet struct {
	n        int
	to       []int32
	cost     []int32
	cap      []float64
	start    []int32 // CSR over tails: arcs of node u are adj[start[u]:start[u+1]]
	adj      []int32
	pi       []int64 // node potentials; reduced costs are cost + pi[tail] - pi[head] >= 0
	tol      float64 // residual capacity at or below tol counts as zero
	level    []int32
	iter     []int32
	distance []int64
	queue    []int32
	// Admissible arcs (zero reduced cost) of the current phase, per tail:
	// admArc[admStart[u]:admStart[u+1]]. Reduced costs do not change within
	// a phase, so Dinic's rounds scan only these.
	admStart []int32
	admArc   []int32
}

type arcSpec struct {
	from, to int32
	cost     int32
	cap      float64
}

func newFlowNet(n int, arcs []arcSpec, tol float64) *flowNet {
	f := &flowNet{
		n:        n,
		to:       make([]int32, 2*len(arcs)),
		cost:     make([]int32, 2*len(arcs)),
		cap:      make([]float64, 2*len(arcs)),
		start:    make([]int32, n+1),
		adj:      make([]int32, 2*len(arcs)),
		pi:       make([]int64, n),
		tol:      tol,
		level:    make([]int32, n),
		iter:     make([]int32, n),
		distance: make([]int64, n),
	}
	for i, a := range arcs {
		f.to[2*i], f.to[2*i+1] = a.to, a.from
		f.cost[2*i], f.cost[2*i+1] = a.cost, -a.cost
		f.cap[2*i] = a.cap
		f.start[a.from+1]++
		f.start[a.to+1]++
	}
	for u := 0; u < n; u++ {
		f.start[u+1] += f.start[u]
	}
	fill := make([]int32, n)
	copy(fill, f.start[:n])
	for i, a := range arcs {
		f.adj[fill[a.from]] = int32(2 * i)
		fill[a.from]++
		f.adj[fill[a.to]] = int32(2*i + 1)
		fill[a.to]++
	}
	return f
}

func (f *flowNet) tail(a int32) int32 { return f.to[a^1] }

func (f *flowNet) reducedCost(a int32) int64 {
	return int64(f.cost[a]) + f.pi[f.tail(a)] - f.pi[f.to[a]]
}

// minCostFlow sends as much flow as possible from s to t at least cost,
// assuming every arc cost is non-negative initially (so zero potentials are
// feasible). It returns the amount sent.
func (f *flowNet) minCostFlow(ctx context.Context, s, t int32) (float64, error) {
	var sent float64
	for {
		if err := ctx.Err(); err != nil {
			return sent, err
		}
		if !f.shortestPaths(s, t) {
			return sent, nil
		}
		sent += f.blockingFlow(s, t)
	}
}

// shortestPaths runs Dijkstra from s on reduced costs, stopping once t is
// settled, and updates the potentials so that every arc on a cheapest s-t
// path gets reduced cost zero. It reports whether t is reachable.
func (f *flowNet) shortestPaths(s, t int32) bool {
	const inf = math.MaxInt64
	dist := f.distance
	for i := range dist {
		dist[i] = inf
	}
	done := f.level // reused as a settled flag
	for i := range done {
		done[i] = 0
	}
	h := distHeap{}
	dist[s] = 0
	h.push(0, s)
	for h.len() > 0 {
		d, u := h.pop()
		if done[u] != 0 || d != dist[u] {
			continue
		}
		done[u] = 1
		if u == t {
			break
		}
		for _, a := range f.adj[f.start[u]:f.start[u+1]] {
			if f.cap[a] <= f.tol {
				continue
			}
			v := f.to[a]
			nd := d + f.reducedCost(a)
			if nd < dist[v] {
				dist[v] = nd
				h.push(nd, v)
			}
		}
	}
	if done[t] == 0 {
		return false
	}
	dt := dist[t]
	for v := range f.pi {
		if done[v] != 0 {
			f.pi[v] += dist[v]
		} else {
			f.pi[v] += dt
		}
	}
	return true
}

// blockingFlow saturates the admissible (zero reduced cost) subnetwork with
// Dinic's algorithm and returns the flow sent.
func (f *flowNet) blockingFlow(s, t int32) float64 {
	f.collectAdmissible()
	var total float64
	for f.levels(s, t) {
		copy(f.iter, f.admStart[:f.n])
		for {
			pushed := f.augment(s, t, math.Inf(1))
			if pushed <= 0 {
				break
			}
			total += pushed
		}
	}
	return total
}

// collectAdmissible lists the arcs of zero reduced cost. Both arcs of a pair
// are listed when one is, since their reduced costs are negatives of each
// other; whether they have residual capacity is checked as flow changes.
func (f *flowNet) collectAdmissible() {
	if f.admStart == nil {
		f.admStart = make([]int32, f.n+1)
	}
	f.admArc = f.admArc[:0]
	for u := 0; u < f.n; u++ {
		f.admStart[u] = int32(len(f.admArc))
		for _, a := range f.adj[f.start[u]:f.start[u+1]] {
			if f.reducedCost(a) == 0 {
				f.admArc = append(f.admArc, a)
			}
		}
	}
	f.admStart[f.n] = int32(len(f.admArc))
}

// levels computes BFS levels over admissible arcs with residual capacity
// and reports whether t is reachable. Nodes at or beyond t's level cannot
// be on a shortest augmenting path, so the search stops there.
func (f *flowNet) levels(s, t int32) bool {
	for i := range f.level {
		f.level[i] = -1
	}
	f.level[s] = 0
	q := append(f.queue[:0], s)
	for i := 0; i < len(q); i++ {
		u := q[i]
		if f.level[t] >= 0 && f.level[u] >= f.level[t] {
			break
		}
		for _, a := range f.admArc[f.admStart[u]:f.admStart[u+1]] {
			v := f.to[a]
			if f.level[v] >= 0 || f.cap[a] <= f.tol {
				continue
			}
			f.level[v] = f.level[u] + 1
			q = append(q, v)
		}
	}
	f.queue = q
	return f.level[t] >= 0
}

// augment pushes up to limit along one level-increasing admissible path from
// u to t and returns the amount pushed.
func (f *flowNet) augment(u, t int32, limit float64) float64 {
	if u == t {
		return limit
	}
	for ; f.iter[u] < f.admStart[u+1]; f.iter[u]++ {
		a := f.admArc[f.iter[u]]
		v := f.to[a]
		if f.cap[a] <= f.tol || f.level[v] != f.level[u]+1 {
			continue
		}
		if d := f.augment(v, t, min(limit, f.cap[a])); d > 0 {
			f.cap[a] -= d
			f.cap[a^1] += d
			return d
		}
	}
	return 0
}

// distHeap is a binary min-heap of (distance, node) pairs.
type distHeap struct {
	d []int64
	v []int32
}

func (h *distHeap) len() int { return len(h.d) }

func (h *distHeap) push(d int64, v int32) {
	h.d = append(h.d, d)
	h.v = append(h.v, v)
	i := len(h.d) - 1
	for i > 0 {
		p := (i - 1) / 2
		if h.d[p] <= h.d[i] {
			break
		}
		h.d[p], h.d[i] = h.d[i], h.d[p]
		h.v[p], h.v[i] = h.v[i], h.v[p]
		i = p
	}
}

func (h *distHeap) pop() (int64, int32) {
	d, v := h.d[0], h.v[0]
	last := len(h.d) - 1
	h.d[0], h.v[0] = h.d[last], h.v[last]
	h.d, h.v = h.d[:last], h.v[:last]
	i := 0
	for {
		l, r, m := 2*i+1, 2*i+2, i
		if l < last && h.d[l] < h.d[m] {
			m = l
		}
		if r < last && h.d[r] < h.d[m] {
			m = r
		}
		if m == i {
			break
		}
		h.d[m], h.d[i] = h.d[i], h.d[m]
		h.v[m], h.v[i] = h.v[i], h.v[m]
		i = m
	}
	return d, v
}
