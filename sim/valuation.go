package sim

import "math"

// MarketPriceRule and SteadyPriceRule name the price rules of the
// markets model and of its no-burst counterfactual.
const (
	MarketPriceRule = "heterogeneous agents: fundamentalists and chartists (Franke-Westerhoff) trading daily around DCF fundamental values, with sector sentiment"
	SteadyPriceRule = "no-burst counterfactual: AI share prices grow steadily at long-run growth from their opening values; the non-AI index at its fundamental value"
)

// PlaceholderPriceRule names the equity price rule this version uses, so
// outputs say plainly that prices are not yet modelled (the markets issue
// replaces it with heterogeneous-agent pricing).
const PlaceholderPriceRule = "PLACEHOLDER: listed AI firms at a constant multiple of trailing income (AI revenue plus non-AI operating income), set at the start; private firms at their last funding round; non-AI equity at a constant multiple of after-tax industry profit"

// valuationStep prices equity for the month — by the daily markets (M5)
// or the placeholder rule — lets investors trade, applies the government
// put, and books the households' capital gains.
func (w *world) valuationStep() error {
	if w.p.Mechanisms.Markets {
		if err := w.marketStep(); err != nil {
			return err
		}
		if err := w.tradeStep(); err != nil {
			return err
		}
		if err := w.putStep(); err != nil {
			return err
		}
		w.closeMarketMonth()
		w.bookCapitalGains()
		return nil
	}
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
	w.trackBurst(w.month.Time().AddDate(0, 1, -1), w.basketValue())
	w.closeMarketMonth()
	w.bookCapitalGains()
	return nil
}

// bookCapitalGains adds each household class's capital gains of the month to
// its net worth: the change in its equity wealth not paid for in cash.
func (w *world) bookCapitalGains() {
	for c := range w.hh {
		h := &w.hh[c]
		ew := w.equityWealth(c)
		h.netWorth += ew - h.equityStart - h.equityBuy
		h.lastWealth = ew
	}
}
