package market

import "math"

// State is the state of one asset's trader block after some day t: the log
// price it closed at, the shares and demands that moved it there, and what
// the next day's switching needs. It is a plain value, so a caller can record
// or copy it.
type State struct {
	LogPrice     float64 // p_{t+1}, the log price the day's orders produced
	PrevLogPrice float64 // p_t, the log price the day's orders were placed at

	// LogFundamental is p*_t, the log fundamental value the day's
	// fundamentalists and misalignment term referred to.
	LogFundamental float64

	ShareF float64 // n^f_t, fundamentalist share whose orders moved the price; n^c_t = 1 − n^f_t

	// Attractiveness is a_t, the switching index computed on day t, which
	// sets the next day's share n^f_{t+1} = 1 / (1 + exp(−β a_t)).
	Attractiveness float64

	DemandF, DemandC       float64 // d^f_t, d^c_t, the day's demands per trader of each group
	LagDemandF, LagDemandC float64 // d^f_{t−1}, d^c_{t−1}

	// WealthF and WealthC are w^f_t and w^c_t, the exponentially discounted
	// realised profits of one unit of each strategy (wealth variant only).
	WealthF, WealthC float64

	Exogenous float64 // s_t, the exogenous demand the caller added on day t
}

// ShareC returns the chartist share n^c_t = 1 − n^f_t.
func (s State) ShareC() float64 { return 1 - s.ShareF }

// Return returns the day's log return 100·(p_{t+1} − p_t) in percent.
func (s State) Return() float64 { return 100 * (s.LogPrice - s.PrevLogPrice) }

// Misalignment returns the log misalignment p_{t+1} − p*_t.
func (s State) Misalignment() float64 { return s.LogPrice - s.LogFundamental }

// Inputs are what a day of the trader block takes from outside.
type Inputs struct {
	// LogFundamental is p*_t, the day's log fundamental value.
	LogFundamental float64
	// Exogenous is s_t, demand added to the market maker's excess demand in
	// the same units as FW's group demands: p_{t+1} gains μ·s_t, i.e. s_t
	// percent when μ = 0.01. Sector sentiment enters here.
	Exogenous float64
	// ShockF and ShockC are the day's standard normal draws ε^f_t/σ_f and
	// ε^c_t/σ_c; the block scales them by SigmaF and SigmaC.
	ShockF, ShockC float64
}

// NewState returns the state before the first day: the price has stood at
// the fundamental for two days, both groups hold equal shares, no profits
// have accrued, and the first day's share follows from the attractiveness of
// that situation, a_{−1} = α_0.
func (p Params) NewState(logFundamental float64) State {
	return State{
		LogPrice:       logFundamental,
		PrevLogPrice:   logFundamental,
		LogFundamental: logFundamental,
		ShareF:         0.5,
		Attractiveness: p.Alpha0,
	}
}

// Next advances the block by one day, in FW's (2012) order:
//
//	g_t = (e^{p_t} − e^{p_{t−1}}) d_{t−2} / e^{p*_t},  w_t = η w_{t−1} + (1−η) g_t
//	n^f_t = 1 / (1 + exp(−β a_{t−1})),  n^c_t = 1 − n^f_t
//	a_t = α_0 + α_n (n^f_t − n^c_t) + α_p (p_t − p*_t)² + α_w (w^f_t − w^c_t)
//	d^f_t = φ (p*_t − p_t) + σ_f ε^f_t,  d^c_t = χ (p_t − p_{t−1}) + σ_c ε^c_t
//	p_{t+1} = p_t + μ (n^f_t d^f_t + n^c_t d^c_t + s_t)
//
// Profits are divided by the fundamental value so that the wealth term does
// not depend on the price level; with p* = 0, FW's stand-alone setting, this
// is exactly FW's g_t. Next is a pure function: the caller draws the shocks.
func (p Params) Next(s State, in Inputs) State {
	pt, pPrev, pStar := s.LogPrice, s.PrevLogPrice, in.LogFundamental

	wf, wc := s.WealthF, s.WealthC
	if p.AlphaW != 0 {
		// Orders placed on day t−2 were filled at p_{t−1} and have since
		// earned the move to p_t.
		move := math.Exp(pt-pStar) - math.Exp(pPrev-pStar)
		wf = p.Eta*wf + (1-p.Eta)*move*s.LagDemandF
		wc = p.Eta*wc + (1-p.Eta)*move*s.LagDemandC
	}

	nf := 1 / (1 + math.Exp(-p.Beta*s.Attractiveness))
	nc := 1 - nf

	gap := pt - pStar
	a := p.Alpha0 + p.AlphaN*(nf-nc) + p.AlphaP*gap*gap + p.AlphaW*(wf-wc)

	df := -p.Phi*gap + p.SigmaF*in.ShockF
	dc := p.Chi*(pt-pPrev) + p.SigmaC*in.ShockC

	return State{
		LogPrice:       pt + p.Mu*(nf*df+nc*dc+in.Exogenous),
		PrevLogPrice:   pt,
		LogFundamental: pStar,
		ShareF:         nf,
		Attractiveness: a,
		DemandF:        df,
		DemandC:        dc,
		LagDemandF:     s.DemandF,
		LagDemandC:     s.DemandC,
		WealthF:        wf,
		WealthC:        wc,
		Exogenous:      in.Exogenous,
	}
}
