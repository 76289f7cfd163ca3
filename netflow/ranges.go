package netflow

import (
	"context"
	"fmt"
)

// Range is an interval [MinBn, MaxBn] of amounts, USD bn.
type Range struct{ MinBn, MaxBn float64 }

// CircularInflowRange returns the smallest and largest circular inflow of
// node v over all maximum circulations of the graph. The circularity index is
// unique, but when money can go round by more than one route the split of the
// circulation across edges is not (Homs-Dones et al. 2025: decompositions are
// generally non-unique), so a firm's circular inflow can lie anywhere in
// this range; FirmFlow reports the value of the one solution MaxCirculation
// found.
//
// Method: the optimal repair flow and its node potentials characterise every
// other optimal solution by complementary slackness: they differ by
// circulations in the residual network restricted to arcs of zero reduced
// cost. A simple cycle through v in that network raises v's circular inflow
// when it enters v by the residual twin of an edge into v, and lowers it
// when it leaves v along such an edge, so each bound is one maximum flow
// from v back to v, with v split into a source side and a sink side.
func (d *Decomposition) CircularInflowRange(ctx context.Context, v int) (Range, error) {
	s := d.solver
	if s == nil {
		return Range{}, fmt.Errorf("netflow: decomposition was not computed by MaxCirculation")
	}
	if v < 0 || v >= s.g.NumNodes() {
		return Range{}, fmt.Errorf("netflow: node %d out of range", v)
	}
	if err := ctx.Err(); err != nil {
		return Range{}, err
	}
	cur := d.Firms[v].CircularInflowBn
	lower := s.shiftThrough(int32(v), false)
	raise := s.shiftThrough(int32(v), true)
	r := Range{MinBn: max(0, cur-lower), MaxBn: min(d.Firms[v].InflowBn, cur+raise)}
	// Snap round-off as MaxCirculation does.
	if r.MinBn <= s.tol {
		r.MinBn = 0
	}
	if cur-r.MinBn <= s.tol {
		r.MinBn = cur
	}
	if r.MaxBn-cur <= s.tol {
		r.MaxBn = cur
	}
	return r, nil
}

// shiftThrough returns how much v's circular inflow can be raised (raise)
// or lowered without lowering the total circulation.
//
// In the repair network an edge u → v is the arc v → u; the repair flow on
// it is w − c. Lowering v's circular inflow means raising repair flow on
// arcs leaving v that stand for edges into v (even arcs); raising it means
// cancelling repair flow on them, i.e. entering v along their residual
// twins (odd arcs).
func (s *circSolver) shiftThrough(v int32, raise bool) float64 {
	f := s.net
	n := int32(s.g.NumNodes())
	src, snk := n, n+1 // v's source and sink sides; the super source and sink of f are left out
	var arcs []arcSpec
	for a := int32(0); a < int32(len(f.to)); a++ {
		tail, head := f.tail(a), f.to[a]
		if tail >= n || head >= n || f.cap[a] <= s.tol || f.reducedCost(a) != 0 {
			// Arcs at the super source or sink are saturated in every
			// optimal solution; arcs of non-zero reduced cost are fixed.
			continue
		}
		switch {
		case tail == v:
			edgeIntoV := a%2 == 0 // forward repair arc v → u of an edge u → v
			if edgeIntoV == raise {
				continue
			}
			tail = src
		case head == v:
			cancelsIntoV := a%2 == 1 // residual twin of a repair arc v → u
			if cancelsIntoV != raise {
				continue
			}
			head = snk
		}
		arcs = append(arcs, arcSpec{from: tail, to: head, cap: f.cap[a]})
	}
	if len(arcs) == 0 {
		return 0
	}
	sub := newFlowNet(int(n)+2, arcs, s.tol)
	return sub.blockingFlow(src, snk)
}
