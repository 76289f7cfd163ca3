package contagion

import (
	"fmt"
	"math"
)

// Furfine is the sequential default algorithm of Furfine (2003): when a firm
// fails, each of its creditors loses LossGivenDefault of its claim on it and
// each holder of its shares loses StakeLossGivenDefault of the stake; a firm
// fails in the next round when its accumulated losses exceed its equity.
type Furfine struct {
	// LossGivenDefault is the share of a claim lost when the debtor fails,
	// in [0,1]. Furfine reports results for several loss rates, up to
	// 100%.
	LossGivenDefault float64
	// StakeLossGivenDefault is the share of an equity stake lost when the
	// issuer fails, in [0,1]; shareholders rank last, so 1 is the natural
	// choice.
	StakeLossGivenDefault float64
}

// Run plays the cascade: round 1 holds the firms forced to fail, insolvent
// before any shock, or whose shock exceeds their equity; round k+1 holds the
// firms pushed over the edge by the failures of round k.
func (m Furfine) Run(net *Network, shocks []Shock) (*Result, error) {
	if err := m.check(); err != nil {
		return nil, err
	}
	c, err := Compile(net)
	if err != nil {
		return nil, err
	}
	return m.RunCompiled(c, shocks)
}

func (m Furfine) check() error {
	if !(m.LossGivenDefault >= 0 && m.LossGivenDefault <= 1) || !(m.StakeLossGivenDefault >= 0 && m.StakeLossGivenDefault <= 1) {
		return fmt.Errorf("contagion: loss given default %v, stake loss given default %v: both must be in [0,1]", m.LossGivenDefault, m.StakeLossGivenDefault)
	}
	return nil
}

// RunCompiled is Run on a compiled network.
func (m Furfine) RunCompiled(c *Compiled, shocks []Shock) (*Result, error) {
	if err := m.check(); err != nil {
		return nil, err
	}
	g := c.g
	_, shockLoss, forced, err := g.shocked(c.net, shocks)
	if err != nil {
		return nil, err
	}
	n := g.n
	equity := g.equity()
	loss := append([]float64(nil), shockLoss...)
	// Per-claim loss rates: obligations lose LossGivenDefault, stakes
	// StakeLossGivenDefault. Both sit merged in the claim lists, so keep
	// the two parts apart here.
	debtLoss, stakeLoss := g.debtPart, g.stakes

	res := &Result{
		Method:       MethodFurfine,
		Defaulted:    make([]bool, n),
		DefaultRound: make([]int, n),
		EquityBefore: equity,
		ShockLoss:    shockLoss,
	}
	var fresh []int
	for i := 0; i < n; i++ {
		if !g.absorbing[i] && (forced[i] || loss[i] > equity[i]+g.tolerance(i) || equity[i] < 0) {
			fresh = append(fresh, i)
		}
	}
	for k := 1; len(fresh) > 0; k++ {
		for _, i := range fresh {
			res.Defaulted[i] = true
			res.DefaultRound[i] = k
		}
		for _, i := range fresh {
			for e := g.claimStart[i]; e < g.claimStart[i+1]; e++ {
				j := g.claimHolder[e]
				loss[j] += m.LossGivenDefault*debtLoss[e] + m.StakeLossGivenDefault*stakeLoss[e]
			}
		}
		res.Rounds = append(res.Rounds, Round{Round: k, NewDefaults: fresh, SystemLoss: furfineLoss(g, equity, loss, res.Defaulted)})
		fresh = nil
		for j := 0; j < n; j++ {
			if !res.Defaulted[j] && !g.absorbing[j] && loss[j] > equity[j]+g.tolerance(j) {
				fresh = append(fresh, j)
			}
		}
	}
	res.EquityAfter = make([]float64, n)
	for i := range res.EquityAfter {
		res.EquityAfter[i] = equity[i] - loss[i]
		if res.Defaulted[i] {
			res.EquityAfter[i] = math.Min(0, res.EquityAfter[i])
		}
	}
	res.finish(g, initialDistress(g, equity, shockLoss, forced), nil)
	return res, nil
}

func furfineLoss(g *graph, equity, loss []float64, failed []bool) float64 {
	var s float64
	for i := range equity {
		if g.absorbing[i] {
			continue
		}
		after := equity[i] - loss[i]
		if failed[i] {
			after = 0
		}
		s += positive(equity[i]) - positive(after)
	}
	return s
}

// splitClaims returns, aligned with g's merged claim lists, the part of each
// claim that is debt and the part that is equity stake.
func splitClaims(net *Network, g *graph) (debt, stake []float64) {
	stake = make([]float64, len(g.claimAmount))
	if len(net.Stakes) == 0 {
		// Every claim is an obligation (see compile).
		return g.outAmount, stake
	}
	debt = make([]float64, len(g.claimAmount))
	find := func(from, to int) int {
		lo, hi := g.claimStart[from], g.claimStart[from+1]
		for lo < hi {
			mid := (lo + hi) / 2
			if g.claimHolder[mid] < to {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		return lo
	}
	for i := 0; i < g.n; i++ {
		for e := g.outStart[i]; e < g.outStart[i+1]; e++ {
			debt[find(i, g.outCreditor[e])] += g.outAmount[e]
		}
	}
	for _, s := range net.Stakes {
		if s.Amount > 0 {
			stake[find(s.Issuer, s.Holder)] += s.Amount
		}
	}
	return debt, stake
}
