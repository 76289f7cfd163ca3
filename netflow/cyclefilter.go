package netflow

import (
	"fmt"
	"slices"
)

// cycleFilter keeps the cycles that CycleOptions' MinLen, Through and
// TimeRespecting ask for. The search still enumerates every cycle within
// the length bound; the filter decides which are counted and reported.
type cycleFilter struct {
	g       *Graph
	minLen  int
	through []bool // nil: any cycle
	dated   bool
}

// filter checks the filtering options against g and returns the filter,
// or nil when every cycle is kept.
func (o CycleOptions) filter(g *Graph) (*cycleFilter, error) {
	if o.MinLen < 0 {
		return nil, fmt.Errorf("netflow: minimum cycle length %d is negative", o.MinLen)
	}
	if o.MinLen <= 1 && o.Through == nil && !o.TimeRespecting {
		return nil, nil
	}
	f := &cycleFilter{g: g, minLen: o.MinLen, dated: o.TimeRespecting}
	if o.Through != nil {
		f.through = make([]bool, g.NumNodes())
		for _, v := range o.Through {
			if v < 0 || v >= g.NumNodes() {
				return nil, fmt.Errorf("netflow: node %d to pass through is out of range [0,%d)", v, g.NumNodes())
			}
			f.through[v] = true
		}
	}
	if o.TimeRespecting && !g.HasDates() {
		return nil, fmt.Errorf("netflow: time-respecting cycles need deal dates, and this graph has none (an edge list)")
	}
	return f, nil
}

// wrap returns emit guarded by the filter (emit itself for no filter).
func (f *cycleFilter) wrap(s *searcher, emit func(depth int)) func(depth int) {
	if f == nil {
		return emit
	}
	return func(depth int) {
		if f.accept(s.path[:depth], s.edgePath[:depth]) {
			emit(depth)
		}
	}
}

// accept reports whether the cycle through nodes, along edges, passes.
func (f *cycleFilter) accept(nodes, edges []int32) bool {
	if len(edges) < f.minLen {
		return false
	}
	if f.through != nil && !slices.ContainsFunc(nodes, func(v int32) bool { return f.through[v] }) {
		return false
	}
	return !f.dated || f.g.timeRespecting(edges)
}

// timeRespecting reports whether the deals of a cycle can be taken in an
// order of announcement that never goes back in time: some edge of the
// cycle and, going round from it, one deal per edge such that each deal is
// announced no earlier than the previous one. Taking, from each starting
// edge, its earliest deal and then always the earliest deal not before
// the previous one is optimal, so the check is exact. An edge with no
// dated deal fails it.
func (g *Graph) timeRespecting(edges []int32) bool {
	n := len(edges)
	for s := 0; s < n; s++ {
		first := g.dates[edges[s]]
		if len(first) == 0 {
			return false
		}
		cur, ok := first[0], true
		for k := 1; k < n && ok; k++ {
			d := g.dates[edges[(s+k)%n]]
			i, _ := slices.BinarySearch(d, cur)
			if i == len(d) {
				ok = false
				break
			}
			cur = d[i]
		}
		if ok {
			return true
		}
	}
	return false
}
