package contagion

import "math"

// Method names used in Result.Method.
const (
	MethodEisenbergNoe   = "en"
	MethodRogersVeraart  = "rv"
	MethodFurfine        = "furfine"
	MethodDebtRank       = "debtrank"
	MethodLinearDebtRank = "linear-debtrank"
)

// Round is one round of a cascade.
type Round struct {
	// Round is 1 for the firms that default on impact (forced, or
	// insolvent before any contagion) and k > 1 for the k-th round of
	// contagion.
	Round int
	// NewDefaults lists the firms that default in this round, by index.
	NewDefaults []int
	// SystemLoss is the equity lost by non-absorbing firms up to and
	// including this round (for the clearing models: at the payments
	// computed in this round).
	SystemLoss float64
}

// Result is the outcome of one model on one scenario. Slices are indexed by
// firm.
type Result struct {
	Method string
	// Defaulted reports whether each firm defaults; DefaultRound is the
	// round it defaults in, 0 when it does not.
	Defaulted    []bool
	DefaultRound []int
	Rounds       []Round

	// EquityBefore is E_i before the shock with everybody paying in full.
	// EquityAfter is what is left after the cascade (0 for a defaulted
	// firm unless liquidation leaves a surplus; absorbing firms can go
	// below 0).
	EquityBefore []float64
	EquityAfter  []float64
	// Loss is the equity lost, max(E_before,0) − max(E_after,0) for firms
	// that can default and E_before − E_after for absorbing firms. It
	// includes the shock itself.
	Loss []float64
	// Distress is the relative equity loss h_i = Loss_i / E_before_i in
	// [0,1] (1 for a defaulted firm without equity to begin with; 0 for
	// absorbing firms).
	Distress []float64

	// Payments p and nominal liabilities p̄: clearing models only.
	Payments    []float64
	Obligations []float64

	// SystemLoss is Σ Loss over firms that can default; AbsorbedLoss the
	// same over absorbing firms. ExternalCreditorLoss is what creditors
	// outside the network are not paid (clearing models only) and
	// DeadweightLoss the value destroyed by default costs (Rogers–Veraart
	// only).
	SystemLoss           float64
	AbsorbedLoss         float64
	ExternalCreditorLoss float64
	DeadweightLoss       float64

	// ShockLoss is the external-asset loss each shock actually applied.
	ShockLoss []float64
	// SystemDistress is H = Σ v_i h_i with weights v_i proportional to
	// positive equity before the shock (or the DebtRank Value weights);
	// InitialDistress is the same for the initial shock alone and DebtRank
	// is SystemDistress − InitialDistress.
	SystemDistress  float64
	InitialDistress float64
	DebtRank        float64
}

// Defaulters returns the indices of the defaulted firms in the order they
// default.
func (r *Result) Defaulters() []int {
	var out []int
	for _, rd := range r.Rounds {
		out = append(out, rd.NewDefaults...)
	}
	return out
}

// finish fills the loss and distress fields from EquityBefore, EquityAfter
// and the initial distress h1, using weights v (nil for equity weights).
func (r *Result) finish(g *graph, h1, v []float64) {
	n := g.n
	r.Loss = make([]float64, n)
	r.Distress = make([]float64, n)
	r.SystemLoss, r.AbsorbedLoss = 0, 0
	for i := 0; i < n; i++ {
		before, after := r.EquityBefore[i], r.EquityAfter[i]
		if g.absorbing[i] {
			r.Loss[i] = before - after
			r.AbsorbedLoss += r.Loss[i]
			continue
		}
		// max(x, 0) by comparison: the amounts are finite, and math.Max's
		// NaN and signed-zero handling costs more than the rest of the loop.
		r.Loss[i] = positive(before) - positive(after)
		r.SystemLoss += r.Loss[i]
		switch {
		case before > 0:
			r.Distress[i] = clamp01(r.Loss[i] / before)
		case r.Defaulted[i]:
			r.Distress[i] = 1
		}
	}
	r.SystemDistress, r.InitialDistress = weighted(g, r.Distress, v), weighted(g, h1, v)
	r.DebtRank = r.SystemDistress - r.InitialDistress
}

// initialDistress is h_i(1): 1 for failed firms and firms insolvent before
// the shock, otherwise the shock's share of equity.
func initialDistress(g *graph, equity, shockLoss []float64, forced []bool) []float64 {
	h := make([]float64, g.n)
	for i := range h {
		switch {
		case g.absorbing[i]:
		case forced[i], equity[i] < 0:
			h[i] = 1
		case shockLoss[i] > 0 && equity[i] <= 0:
			h[i] = 1
		case shockLoss[i] > 0:
			h[i] = clamp01(shockLoss[i] / equity[i])
		}
	}
	return h
}

// weighted returns Σ v_i h_i over non-absorbing firms with v normalised to
// sum to 1; nil v means weights proportional to positive equity.
func weighted(g *graph, h, v []float64) float64 {
	var num, den float64
	pos := g.eqPos
	for i := 0; i < g.n; i++ {
		if g.absorbing[i] {
			continue
		}
		w := pos[i]
		if v != nil {
			w = v[i]
		}
		num += w * h[i]
		den += w
	}
	if den == 0 {
		return 0
	}
	return num / den
}

func clamp01(x float64) float64 { return math.Max(0, math.Min(1, x)) }

// positive is max(x, 0) for a finite x.
func positive(x float64) float64 {
	if x > 0 {
		return x
	}
	return 0
}
