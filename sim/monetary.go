package sim

import "math"

// Monetary policy (M8; mechanisms.monetary_policy). The risk-free rate
// follows a Taylor-type rule on the output gap, smoothed and bounded below:
//
//	i*_t = base_rate + taylor_gap_weight · gap_{t−1},   gap = GDP / potential − 1
//	i_t  = max(policy_lower_bound, ρ i_{t−1} + (1 − ρ) i*_t),   ρ = policy_smoothing_per_month
//
// It is the rate of new loans and of floating bank credit (before the
// borrower's spread), of Treasury bonds' interest, and, with the equity risk
// premium unchanged, of fundamentalists' discount rate. The model has no
// price level, so the rule responds to the gap alone (Taylor's 0.5 on the
// gap; the inflation response would act through the same gap).

// riskFree is this month's risk-free rate.
func (w *world) riskFree() float64 {
	if !w.p.Mechanisms.MonetaryPolicy {
		return w.p.Finance.BaseRate
	}
	return w.policyRate
}

// updatePolicyRate sets this month's rate from last month's output gap.
func (w *world) updatePolicyRate() {
	mp := w.p.Macro
	if w.policyRate == 0 {
		w.policyRate = w.p.Finance.BaseRate
	}
	if !w.p.Mechanisms.MonetaryPolicy || w.step == 0 || w.lastGDP <= 0 {
		return
	}
	y := w.potentialOutput(w.month - 1)
	gap := w.lastGDP/y - 1
	target := w.p.Finance.BaseRate + mp.TaylorGap*gap
	r := mp.PolicySmoothing*w.policyRate + (1-mp.PolicySmoothing)*target
	w.policyRate = math.Max(mp.PolicyFloor, r)
}

// discountRate is fundamentalists' discount rate: markets.discount_rate
// moved by the change in the risk-free rate (the equity risk premium kept),
// never within half a point of long-run growth.
func (w *world) discountRate() float64 {
	mk := w.p.Markets
	if !w.p.Mechanisms.MonetaryPolicy {
		return mk.DiscountRate
	}
	r := mk.DiscountRate + w.riskFree() - w.p.Finance.BaseRate
	return math.Max(r, mk.LongGrowth+0.005)
}
