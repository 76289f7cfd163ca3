package contagion

import (
	"fmt"
	"math"
)

// DebtRank is the distress propagation of Battiston et al. (2012). A firm
// whose relative equity loss h rises above 0 is distressed, passes its
// distress on to its creditors and shareholders once, in the next round, and
// is inactive from then on. The impact of firm i on firm j is
// W_ij = min(1, A_ji/E_j), where A_ji is j's claim on i (debt plus stake) and
// E_j is j's equity; a firm with no equity is hit fully by any claim.
//
// The result's SystemDistress and DebtRank use the weights Value (relative
// economic value, normalised to sum 1 over non-absorbing firms), or weights
// proportional to equity when Value is nil. A firm defaults when h reaches 1.
//
// Because every firm propagates only once, the final distress is not
// monotone in the initial shock: a firm hit early by a small shock passes on
// that small shock and then stays silent when hit harder later. Linear
// DebtRank does not have this defect.
type DebtRank struct {
	Value []float64
}

// Run propagates the shocks until no firm is distressed.
func (m DebtRank) Run(net *Network, shocks []Shock) (*Result, error) {
	c, err := Compile(net)
	if err != nil {
		return nil, err
	}
	return m.RunCompiled(c, shocks)
}

// RunCompiled is Run on a compiled network.
func (m DebtRank) RunCompiled(c *Compiled, shocks []Shock) (*Result, error) {
	g, equity, h, shockLoss, err := debtRankSetup(c, shocks, m.Value)
	if err != nil {
		return nil, err
	}
	n := g.n
	const (
		undistressed = iota
		distressed
		inactive
	)
	state := make([]uint8, n)
	res := newDistressResult(MethodDebtRank, g, equity, shockLoss)
	h1 := append([]float64(nil), h...)
	for i := range h {
		if h[i] > 0 {
			state[i] = distressed
		}
	}
	res.recordRound(g, 1, h, nil)
	// inc collects the distress a round brings; h is updated in place in
	// one pass that also moves the states on and records the round.
	inc := make([]float64, n)
	lin := &g.lin
	pos := g.eqPos[:n]
	for t := 2; ; t++ {
		active := false
		clear(inc)
		for i, st := range state {
			if st != distressed {
				continue
			}
			active = true
			hi := h[i]
			lo, up := lin.start[i], lin.start[i+1]
			holders := lin.holder[lo:up]
			impacts := lin.impact[lo:up][:len(holders)]
			for k, j := range holders {
				inc[j] += impacts[k] * hi
			}
			for e := lin.absStart[i]; e < lin.absStart[i+1]; e++ {
				res.EquityAfter[lin.absHolder[e]] -= lin.absAmount[e] * hi
			}
		}
		if !active {
			break
		}
		// A comparison replaces math.Min (distress is finite and
		// non-negative). Absorbing firms have no distress and add nothing
		// to the loss, as in recordRound.
		var loss float64
		var fresh []int
		hs, is := h[:n], inc[:n]
		for j, old := range hs {
			v := old + is[j]
			if v > 1 {
				v = 1
			}
			hs[j] = v
			switch {
			case state[j] == distressed:
				state[j] = inactive
			case state[j] == undistressed && v > 0:
				state[j] = distressed
			}
			loss += v * pos[j]
			if v >= 1 && old < 1 {
				fresh = append(fresh, j)
				res.Defaulted[j] = true
				res.DefaultRound[j] = t
			}
		}
		res.Rounds = append(res.Rounds, Round{Round: t, NewDefaults: fresh, SystemLoss: loss})
	}
	res.finishDistress(g, equity, h, h1, m.Value)
	return res, nil
}

// LinearDebtRank is the linear DebtRank of Bardoscia et al. (2015): every
// increment of a firm's distress is passed on, through the interbank
// leverage matrix Λ_ij = A_ij/E_i, in the next round,
//
//	h_i(t+1) = min(1, h_i(t) + Σ_j Λ_ij (h_j(t) − h_j(t−1))),
//
// starting from h(0) = 0 and h(1) the shock. A firm with no equity is hit
// fully by any increment. The iteration stops when no distress changes by
// more than Tol (default 1e-12) and fails with ErrNoConvergence after
// MaxRounds rounds (default 100000). Value weights the firms as in DebtRank.
type LinearDebtRank struct {
	Value     []float64
	Tol       float64
	MaxRounds int
}

// Run propagates the shocks until the distress stops changing.
func (m LinearDebtRank) Run(net *Network, shocks []Shock) (*Result, error) {
	c, err := Compile(net)
	if err != nil {
		return nil, err
	}
	return m.RunCompiled(c, shocks)
}

// RunCompiled is Run on a compiled network. Each round is one
// multiply-add per claim on a firm whose distress rose, over the
// precomputed leverage of the claims (see linearGraph).
func (m LinearDebtRank) RunCompiled(c *Compiled, shocks []Shock) (*Result, error) {
	tol, maxRounds := m.Tol, m.MaxRounds
	if tol == 0 {
		tol = 1e-12
	}
	if maxRounds == 0 {
		maxRounds = 100_000
	}
	g, equity, h, shockLoss, err := debtRankSetup(c, shocks, m.Value)
	if err != nil {
		return nil, err
	}
	n := g.n
	res := newDistressResult(MethodLinearDebtRank, g, equity, shockLoss)
	h1 := append([]float64(nil), h...)
	res.recordRound(g, 1, h, nil)
	// dh holds each firm's last increment h(t) − h(t−1), the distress it
	// passes on in the next round; inc collects the increments a round
	// brings. h is updated in place, so a round is one scatter over the
	// claims of firms whose distress rose and one pass over the firms.
	dh := append([]float64(nil), h...) // h(0) = 0
	inc := make([]float64, n)
	lin := &g.lin
	pos := g.eqPos[:n]
	for t := 2; ; t++ {
		if t > maxRounds {
			return nil, fmt.Errorf("contagion: linear DebtRank after %d rounds: %w", maxRounds, ErrNoConvergence)
		}
		clear(inc)
		for j, d := range dh {
			if d <= 0 {
				continue
			}
			lo, hi := lin.start[j], lin.start[j+1]
			holders := lin.holder[lo:hi]
			lambdas := lin.lambda[lo:hi][:len(holders)]
			for k, i := range holders {
				inc[i] += lambdas[k] * d
			}
			for e := lin.absStart[j]; e < lin.absStart[j+1]; e++ {
				res.EquityAfter[lin.absHolder[e]] -= lin.absAmount[e] * d
			}
		}
		// One pass: the new distress (capped at 1), its increment, the
		// largest change, and the round's record (as recordRound: absorbing
		// firms have no distress, so they add nothing). Comparisons replace
		// math.Min and math.Max, which spend most of a pass on NaN and
		// signed-zero cases that cannot occur here.
		var change, loss float64
		var fresh []int
		hs, ds, is := h[:n], dh[:n], inc[:n]
		for i, old := range hs {
			v := old + is[i]
			if v > 1 {
				v = 1
			}
			d := v - old
			ds[i] = d
			hs[i] = v
			if d > change {
				change = d
			}
			loss += v * pos[i]
			if v >= 1 && old < 1 {
				fresh = append(fresh, i)
				res.Defaulted[i] = true
				res.DefaultRound[i] = t
			}
		}
		res.Rounds = append(res.Rounds, Round{Round: t, NewDefaults: fresh, SystemLoss: loss})
		if change <= tol {
			break
		}
	}
	res.finishDistress(g, equity, h, h1, m.Value)
	return res, nil
}

// impact is W = min(1, claim/equity), 1 for a firm without equity.
func impact(claim, equity float64) float64 {
	if equity <= 0 {
		return 1
	}
	return math.Min(1, claim/equity)
}

func debtRankSetup(c *Compiled, shocks []Shock, value []float64) (g *graph, equity, h, shockLoss []float64, err error) {
	g, net := c.g, c.net
	if value != nil {
		if len(value) != g.n {
			return nil, nil, nil, nil, fmt.Errorf("contagion: %d value weights for %d firms", len(value), g.n)
		}
		for i, v := range value {
			if !finiteNonNegative(v) {
				return nil, nil, nil, nil, fmt.Errorf("contagion: value weight of %s = %v, want finite and ≥ 0", net.Name(i), v)
			}
		}
	}
	_, shockLoss, forced, err := g.shocked(net, shocks)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	equity = g.equity()
	return g, equity, initialDistress(g, equity, shockLoss, forced), shockLoss, nil
}

func newDistressResult(method string, g *graph, equity, shockLoss []float64) *Result {
	return &Result{
		Method:       method,
		Defaulted:    make([]bool, g.n),
		DefaultRound: make([]int, g.n),
		EquityBefore: equity,
		EquityAfter:  append([]float64(nil), equity...),
		ShockLoss:    shockLoss,
	}
}

// recordRound adds round t: the firms whose distress reached 1 and the
// system's equity loss Σ h_i E_i so far.
func (r *Result) recordRound(g *graph, t int, h, prev []float64) {
	var fresh []int
	var loss float64
	pos := g.eqPos[:len(h)]
	for i, hi := range h {
		if g.absorbing[i] {
			continue
		}
		loss += hi * pos[i]
		if hi >= 1 && (prev == nil || prev[i] < 1) {
			fresh = append(fresh, i)
			r.Defaulted[i] = true
			r.DefaultRound[i] = t
		}
	}
	r.Rounds = append(r.Rounds, Round{Round: t, NewDefaults: fresh, SystemLoss: loss})
}

func (r *Result) finishDistress(g *graph, equity, h, h1, value []float64) {
	for i := range h {
		if g.absorbing[i] {
			continue
		}
		r.EquityAfter[i] = equity[i] - h[i]*positive(equity[i])
		if h[i] >= 1 {
			r.EquityAfter[i] = math.Min(0, equity[i])
		}
	}
	r.finish(g, h1, value)
	// Distress is h itself, which for firms without equity is not
	// Loss/E_before.
	for i := range h {
		if !g.absorbing[i] {
			r.Distress[i] = h[i]
		}
	}
	r.SystemDistress = weighted(g, h, value)
	r.DebtRank = r.SystemDistress - r.InitialDistress
}
