package sim

import "math"

// PlaceholderPriceRule names the equity price rule this version uses, so
// outputs say plainly that prices are not yet modelled (the markets issue
// replaces it with heterogeneous-agent pricing).
const PlaceholderPriceRule = "PLACEHOLDER: listed AI firms at a constant multiple of trailing income (AI revenue plus non-AI operating income), set at the start; private firms at their last funding round; non-AI equity at a constant multiple of after-tax industry profit"

// valuationStep revalues equity at the end of the month and books the
// households' capital gains.
func (w *world) valuationStep() {
	before := [2]float64{w.equityWealth(0), w.equityWealth(1)}
	for i := range w.firms {
		f := &w.firms[i]
		if !f.listed || f.shares == 0 || f.valueMult == 0 {
			continue
		}
		income := f.trailingRevenue() + w.nonAIIncomeAnnual(f)
		v := f.valueMult * income
		// Issuance since the start raised the share count; the rule values
		// the firm, so the price is value / shares.
		f.value = math.Max(v, 1e-6)
	}
	profit := 0.0
	for _, p := range w.industryProfit {
		profit += p
	}
	w.nonAIValue = math.Max(w.nonAIMult*profit, 1e-6)
	for c := range w.hh {
		w.hh[c].netWorth += w.equityWealth(c) - before[c]
		w.hh[c].lastWealth = w.equityWealth(c)
	}
}
