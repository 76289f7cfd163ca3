package netflow

import (
	"context"
	"fmt"
)

// Decomposition splits every edge's weight w into a circular part c and a
// directional part w − c, where c is a maximum circulation: the largest total
// flow Σc with 0 ≤ c ≤ w and, at every node, as much circular flow in as
// out. This is the maximum-circularity solution of the Circular–Directional
// Flow Decomposition (Homs-Dones, MacKay, Sansom & Zhou 2025). The total Σc
// is unique; how it splits across edges need not be, so per-edge and
// per-firm figures are those of one optimal solution (the one this package's
// deterministic algorithm finds).
type Decomposition struct {
	// EdgeCircularBn[i] is the circular part of edge i of the graph, USD bn.
	EdgeCircularBn []float64

	GrossBn           float64 // Σ w: gross flow
	CircularFlowBn    float64 // Σ c: circular flow
	DirectionalFlowBn float64 // Σ (w − c): directional flow
	// CircularityIndex is CircularFlowBn / GrossBn, in [0, 1]: 0 for an
	// acyclic network, 1 for one made only of cycles. Zero for an empty graph.
	CircularityIndex float64

	// MinimalGrossBn is Σ max(net position, 0) over nodes: the smallest gross
	// flow that leaves every node's net position unchanged when links may be
	// created at will (D'Errico & Roukny 2021, non-conservative compression).
	MinimalGrossBn float64
	// ExcessBn is GrossBn − MinimalGrossBn: gross flow not needed to carry
	// the net positions.
	ExcessBn float64
	// ConservativeRemovableBn is how much gross flow conservative
	// compression (only reducing existing links, never adding or reversing
	// them) can remove without changing any net position. It equals
	// CircularFlowBn: removing a circulation keeps net positions and a
	// maximum circulation removes the most.
	ConservativeRemovableBn float64

	// Firms has one entry per node, in node order.
	Firms []FirmFlow

	solver *circSolver // optimal flow and duals, for CircularInflowRange
}

// FirmFlow is one node's flows in a Decomposition.
type FirmFlow struct {
	Node             int
	InflowBn         float64 // Σ w over incoming edges (self-loops included)
	OutflowBn        float64 // Σ w over outgoing edges (self-loops included)
	CircularInflowBn float64 // Σ c over incoming edges
	// NetBn is InflowBn − OutflowBn: positive for a net receiver of money.
	NetBn float64
	// CircularShare is CircularInflowBn / InflowBn: the share of the money
	// the firm receives that is part of the circulation. Zero when the firm
	// receives nothing.
	CircularShare float64
}

// DirectionalBn returns the directional (acyclic) part of edge i.
func (d *Decomposition) DirectionalBn(g *Graph, i int) float64 {
	return g.Edge(i).WeightBn - d.EdgeCircularBn[i]
}

// MaxCirculation computes the maximum circulation of g exactly as a min-cost
// flow and returns the decomposition with its summary measures.
//
// Method: saturate every edge (c = w) and repair the node imbalances this
// leaves at least cost. Node v has imbalance net(v) = in(v) − out(v); it
// sends net(v) > 0 back along reversed edges, each unit of flow on a reversed
// edge u→v costing one unit of circulation on u → v, towards nodes with
// net < 0. The least-cost repair is a min-cost flow of value MinimalGrossBn
// with unit costs, solved by primal-dual augmentation (see flowNet), and c is
// w minus the repair flow. Self-loops are wholly circular.
func MaxCirculation(ctx context.Context, g *Graph) (*Decomposition, error) {
	n := g.NumNodes()
	edges := g.Edges()
	d := &Decomposition{Firms: make([]FirmFlow, n)}
	for _, e := range edges {
		d.GrossBn += e.WeightBn
		d.Firms[e.To].InflowBn += e.WeightBn
		d.Firms[e.From].OutflowBn += e.WeightBn
	}
	s, err := solveCirculation(ctx, g, func(int) int32 { return 1 })
	if err != nil {
		return nil, err
	}
	d.solver = s
	d.EdgeCircularBn = s.circular
	d.MinimalGrossBn = s.minimalGross
	for i, e := range edges {
		d.CircularFlowBn += d.EdgeCircularBn[i]
		d.Firms[e.To].CircularInflowBn += d.EdgeCircularBn[i]
	}
	if d.GrossBn > 0 {
		d.CircularityIndex = d.CircularFlowBn / d.GrossBn
	}
	d.DirectionalFlowBn = d.GrossBn - d.CircularFlowBn
	d.ExcessBn = d.GrossBn - d.MinimalGrossBn
	d.ConservativeRemovableBn = d.CircularFlowBn
	for v := range d.Firms {
		fl := &d.Firms[v]
		fl.Node = v
		fl.NetBn = fl.InflowBn - fl.OutflowBn
		if fl.InflowBn > 0 {
			fl.CircularShare = fl.CircularInflowBn / fl.InflowBn
		}
	}
	return d, nil
}

// circSolver holds a solved repair flow: the residual network and the
// optimal node potentials certify optimality, and describe every other
// optimal solution (see CircularInflowRange).
type circSolver struct {
	g            *Graph
	net          *flowNet
	undo         []int32 // arc index of each edge's reversed arc, -1 for self-loops
	tol          float64
	circular     []float64 // c per edge
	minimalGross float64   // Σ positive net positions = repair flow value
}

// solveCirculation maximises Σ cost(e)·c_e over circulations 0 ≤ c ≤ w,
// with non-negative integer costs (1 for the maximum circulation).
func solveCirculation(ctx context.Context, g *Graph, cost func(edge int) int32) (*circSolver, error) {
	n := g.NumNodes()
	edges := g.Edges()
	net := make([]float64, n)
	maxW := 0.0
	for _, e := range edges {
		if e.From == e.To {
			continue
		}
		net[e.To] += e.WeightBn
		net[e.From] -= e.WeightBn
		maxW = max(maxW, e.WeightBn)
	}
	// Residual capacities at or below tol are treated as exhausted; amounts
	// are in USD bn, so this is far below a dollar for any realistic input.
	tol := 1e-12 * maxW
	sv := &circSolver{g: g, tol: tol, circular: make([]float64, len(edges)), undo: make([]int32, len(edges))}
	src, snk := int32(n), int32(n+1)
	arcs := make([]arcSpec, 0, len(edges)+n)
	for i, e := range edges {
		sv.undo[i] = -1
		if e.From == e.To {
			sv.circular[i] = e.WeightBn
			continue
		}
		if e.WeightBn <= 0 {
			continue
		}
		sv.undo[i] = int32(len(arcs))
		arcs = append(arcs, arcSpec{from: int32(e.To), to: int32(e.From), cost: cost(i), cap: e.WeightBn})
	}
	for v, x := range net {
		switch {
		case x > tol:
			sv.minimalGross += x
			arcs = append(arcs, arcSpec{from: src, to: int32(v), cap: x})
		case x < -tol:
			arcs = append(arcs, arcSpec{from: int32(v), to: snk, cap: -x})
		}
	}
	f := newFlowNet(n+2, arcs, tol)
	sent, err := f.minCostFlow(ctx, src, snk)
	if err != nil {
		return nil, err
	}
	if diff := sv.minimalGross - sent; diff > 1e-9*max(1, sv.minimalGross) {
		// Cannot happen: the flow w itself, reversed, is a feasible repair.
		return nil, fmt.Errorf("netflow: internal error: repair flow %g short of %g", sent, sv.minimalGross)
	}
	sv.net = f
	for i, e := range edges {
		if sv.undo[i] < 0 {
			continue
		}
		// The reversed arc's residual capacity is w − repair = c. Snap
		// round-off left by augmentations that cancelled out (a flow of
		// 1e-14 through a firm is dust, not a finding).
		c := f.cap[2*sv.undo[i]]
		switch {
		case c <= tol:
			c = 0
		case c >= e.WeightBn-tol:
			c = e.WeightBn
		}
		sv.circular[i] = c
	}
	return sv, nil
}
