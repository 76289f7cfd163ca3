package contagion

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Solver sets how the clearing models solve the linear system for the
// payments of the defaulting firms in each round. Zero values select the
// defaults.
type Solver struct {
	// DenseLimit is the largest number of defaulting firms for which the
	// system is solved exactly by LU decomposition (gonum/mat); above it,
	// and whenever the system is singular, Gauss–Seidel iteration is used.
	// Default 512.
	DenseLimit int
	// Tol is the Gauss–Seidel stopping tolerance on the largest change of
	// a payment, relative to the largest nominal liability. Default 1e-13.
	Tol float64
	// MaxSweeps bounds the Gauss–Seidel sweeps per round. Default 1e6.
	MaxSweeps int
}

func (s Solver) withDefaults() Solver {
	if s.DenseLimit == 0 {
		s.DenseLimit = 512
	}
	if s.Tol == 0 {
		s.Tol = 1e-13
	}
	if s.MaxSweeps == 0 {
		s.MaxSweeps = 1_000_000
	}
	return s
}

// EisenbergNoe is the clearing model of Eisenberg and Noe (2001): defaulting
// firms pay out everything they have, without default costs.
type EisenbergNoe struct {
	Solver Solver
}

// Clear returns the greatest clearing vector after the shocks, found by the
// fictitious default algorithm, with the round in which each firm defaults.
func (m EisenbergNoe) Clear(net *Network, shocks []Shock) (*Result, error) {
	c, err := Compile(net)
	if err != nil {
		return nil, err
	}
	return m.RunCompiled(c, shocks)
}

// RunCompiled is Clear on a compiled network.
func (m EisenbergNoe) RunCompiled(c *Compiled, shocks []Shock) (*Result, error) {
	return RogersVeraart{Alpha: 1, Beta: 1, Solver: m.Solver}.clear(c, shocks, MethodEisenbergNoe)
}

// RogersVeraart is the clearing model of Rogers and Veraart (2013) with
// default costs: a defaulting firm realises only Alpha of its external assets
// and Beta of what it is paid by other firms. Alpha = Beta = 1 is
// Eisenberg–Noe.
type RogersVeraart struct {
	Alpha  float64 // share of external assets realised on default, in [0,1]
	Beta   float64 // share of network receivables realised on default, in [0,1]
	Solver Solver
}

// Clear returns the greatest clearing vector after the shocks, found by the
// Greatest Clearing Vector Algorithm of Rogers and Veraart (2013, Definition
// 3.6), with the round in which each firm defaults.
func (m RogersVeraart) Clear(net *Network, shocks []Shock) (*Result, error) {
	if err := m.check(); err != nil {
		return nil, err
	}
	c, err := Compile(net)
	if err != nil {
		return nil, err
	}
	return m.clear(c, shocks, MethodRogersVeraart)
}

// RunCompiled is Clear on a compiled network.
func (m RogersVeraart) RunCompiled(c *Compiled, shocks []Shock) (*Result, error) {
	return m.clear(c, shocks, MethodRogersVeraart)
}

func (m RogersVeraart) check() error {
	if !(m.Alpha >= 0 && m.Alpha <= 1) || !(m.Beta >= 0 && m.Beta <= 1) {
		return fmt.Errorf("contagion: alpha = %v, beta = %v: both must be in [0,1]", m.Alpha, m.Beta)
	}
	return nil
}

func (m RogersVeraart) clear(c *Compiled, shocks []Shock, method string) (*Result, error) {
	if err := m.check(); err != nil {
		return nil, err
	}
	g := c.g
	ext, shockLoss, forced, err := g.shocked(c.net, shocks)
	if err != nil {
		return nil, err
	}
	solver := m.Solver.withDefaults()
	n := g.n
	p := append([]float64(nil), g.pbar...)
	inD := make([]bool, n)
	res := &Result{
		Method:       method,
		Defaulted:    inD,
		DefaultRound: make([]int, n),
		EquityBefore: g.equity(),
		Obligations:  append([]float64(nil), g.pbar...),
		ShockLoss:    shockLoss,
	}
	in := make([]float64, n)
	// Each pass is one round of the Greatest Clearing Vector Algorithm:
	// the defaulter set only grows, so there are at most n rounds. The
	// inflow at a round's payments serves both its record and the next
	// round's test, so each round costs one pass over the obligations
	// besides the solve.
	g.inflow(p, in)
	var d []int          // the defaulters, ascending
	var before []float64 // their payments before a round's solve
	for k := 1; ; k++ {
		var fresh []int
		for i := 0; i < n; i++ {
			if inD[i] || g.absorbing[i] {
				continue
			}
			if forced[i] || ext[i]+in[i] < g.pbar[i]-g.tolerance(i) {
				fresh = append(fresh, i)
			}
		}
		if len(fresh) == 0 {
			break
		}
		for _, i := range fresh {
			inD[i] = true
			res.DefaultRound[i] = k
		}
		d = mergeAscending(d, fresh)
		before = before[:0]
		for _, j := range d {
			before = append(before, p[j])
		}
		if err := m.solveDefaulters(g, ext, d, p, solver); err != nil {
			return nil, fmt.Errorf("contagion: %s round %d: %w", method, k, err)
		}
		// Only the defaulters' payments changed: update the inflow by
		// their changes along their own obligations, a tenth of a full
		// pass when a tenth of the firms default.
		for a, j := range d {
			dp := p[j] - before[a]
			if dp == 0 {
				continue
			}
			for e := g.outStart[j]; e < g.outStart[j+1]; e++ {
				in[g.outCreditor[e]] += g.outShare[e] * dp
			}
		}
		res.Rounds = append(res.Rounds, Round{Round: k, NewDefaults: fresh, SystemLoss: m.roundLoss(g, ext, inD, p, in, res.EquityBefore)})
	}
	res.Payments = p
	res.EquityAfter, res.DeadweightLoss = m.equityAfterIn(g, ext, inD, p, in)
	for i := 0; i < n; i++ {
		if g.pbar[i] > 0 {
			res.ExternalCreditorLoss += g.extLiab[i] / g.pbar[i] * (g.pbar[i] - p[i])
		}
	}
	res.finish(g, initialDistress(g, res.EquityBefore, shockLoss, forced), nil)
	return res, nil
}

// equityAfterIn returns each firm's equity at payments p and the value lost to
// default costs. A defaulter keeps what its liquidation value exceeds its
// payment by, which is zero unless it was forced into default while able to
// pay in full. in is the inflow at p.
func (m RogersVeraart) equityAfterIn(g *graph, ext []float64, inD []bool, p, in []float64) ([]float64, float64) {
	eq := make([]float64, g.n)
	var deadweight float64
	for i := range eq {
		if !inD[i] {
			eq[i] = ext[i] + in[i] - g.pbar[i]
			continue
		}
		realised := m.Alpha*ext[i] + m.Beta*in[i]
		deadweight += ext[i] + in[i] - realised
		eq[i] = math.Max(0, realised-p[i])
	}
	return eq, deadweight
}

// roundLoss is Σ (max(before,0) − max(after,0)) over the firms that can
// default, after being equityAfterIn's equity, computed in one pass
// without building that vector: a round's system loss.
func (m RogersVeraart) roundLoss(g *graph, ext []float64, inD []bool, p, in, before []float64) float64 {
	var s float64
	for i := range before {
		if g.absorbing[i] {
			continue
		}
		var after float64
		if !inD[i] {
			after = ext[i] + in[i] - g.pbar[i]
		} else {
			after = math.Max(0, m.Alpha*ext[i]+m.Beta*in[i]-p[i])
		}
		s += positive(before[i]) - positive(after)
	}
	return s
}

// mergeAscending returns the union of the ascending, disjoint lists a and
// b, ascending.
func mergeAscending(a, b []int) []int {
	out := make([]int, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if a[i] < b[j] {
			out = append(out, a[i])
			i++
		} else {
			out = append(out, b[j])
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

// solveDefaulters sets p_i for the defaulters D to the greatest solution of
//
//	p_i = min(p̄_i, α e_i + β Σ_j Π_ji p_j),  i ∈ D,
//
// with the other firms paying p̄. On entry p is a super-solution (the
// previous round's payments), which the iterative solver needs.
//
// The other firms' payments are never changed from p̄, so only the
// defaulters d (ascending) are visited.
func (m RogersVeraart) solveDefaulters(g *graph, ext []float64, d []int, p []float64, s Solver) error {
	if len(d) <= s.DenseLimit {
		if m.solveDense(g, ext, d, p) {
			return nil
		}
	}
	return m.solveGaussSeidel(g, ext, d, p, s)
}

// solveDense solves the linear system exactly. Firms whose solution exceeds
// p̄ (possible only for firms forced into default) are fixed at p̄ and the
// system is solved again without them; each pass fixes at least one firm.
// It reports false, leaving p unchanged, when the system is singular.
func (m RogersVeraart) solveDense(g *graph, ext []float64, d []int, p []float64) bool {
	free := append([]int(nil), d...)
	pos := make(map[int]int, len(d))
	work := append([]float64(nil), p...)
	for len(free) > 0 {
		clear(pos)
		for a, i := range free {
			pos[i] = a
		}
		k := len(free)
		a := mat.NewDense(k, k, nil)
		b := mat.NewVecDense(k, nil)
		for r, i := range free {
			a.Set(r, r, 1)
			rhs := m.Alpha * ext[i]
			for e := g.inStart[i]; e < g.inStart[i+1]; e++ {
				j := g.inDebtor[e]
				if c, ok := pos[j]; ok {
					a.Set(r, c, a.At(r, c)-m.Beta*g.inShare[e])
				} else {
					rhs += m.Beta * g.inShare[e] * work[j]
				}
			}
			b.SetVec(r, rhs)
		}
		var x mat.VecDense
		if err := x.SolveVec(a, b); err != nil {
			return false
		}
		var keep []int
		for r, i := range free {
			v := math.Max(0, x.AtVec(r))
			if v > g.pbar[i] {
				work[i] = g.pbar[i]
				continue
			}
			work[i] = v
			keep = append(keep, i)
		}
		if len(keep) == len(free) {
			break
		}
		free = keep
	}
	copy(p, work)
	return true
}

// solveGaussSeidel iterates p_i ← min(p̄_i, α e_i + β Σ_j Π_ji p_j) over the
// defaulters, in place. Started from a super-solution the iterates decrease
// monotonically to the greatest solution.
func (m RogersVeraart) solveGaussSeidel(g *graph, ext []float64, d []int, p []float64, s Solver) error {
	scale := 1.0
	for _, i := range d {
		scale = math.Max(scale, g.pbar[i])
	}
	tol := s.Tol * scale
	for sweep := 0; sweep < s.MaxSweeps; sweep++ {
		var change float64
		for _, i := range d {
			v := m.Alpha * ext[i]
			lo, hi := g.inStart[i], g.inStart[i+1]
			debtors := g.inDebtor32[lo:hi]
			shares := g.inShare[lo:hi][:len(debtors)]
			for k, j := range debtors {
				v += m.Beta * shares[k] * p[j]
			}
			// Comparisons rather than math.Min and math.Max: payments are
			// finite, and those calls were a third of a sweep.
			if pb := g.pbar[i]; v > pb {
				v = pb
			}
			d := p[i] - v
			if d < 0 {
				d = -d
			}
			if d > change {
				change = d
			}
			p[i] = v
		}
		if change <= tol {
			return nil
		}
	}
	return ErrNoConvergence
}
