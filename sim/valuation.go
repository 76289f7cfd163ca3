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

// firmValue is a listed firm's value to a fundamentalist, by part (US$ bn).
type firmValue struct {
	nonAI     float64 // the non-AI business: after-tax non-AI income, Gordon
	ai        float64 // the AI business: DCF of sustainable cash flows, or salvage if that is worth more
	aiDCF     float64 // the DCF alone (negative for a business that loses money for good)
	salvage   float64 // compute sold at the lenders' advance rate (the abandonment option)
	financial float64 // cash, stakes at cost and loans made
	debt      float64
}

// enterprise is the value of the firm's businesses.
func (v firmValue) enterprise() float64 { return v.nonAI + v.ai }

// equity is the value of the firm's shares: businesses plus financial
// assets less debt, never below a token positive value.
func (v firmValue) equity() float64 {
	return math.Max(v.nonAI+v.ai+v.financial-v.debt, 1e-6)
}

// valueFirm values firm f as the sum of its parts (docs/model.md §9):
//
//   - the non-AI business at its after-tax non-AI income growing at
//     long-run growth (Gordon);
//   - the AI business at the DCF of its AI operating cash flows. Revenue
//     paid for by final demand grows at fundamentalists' view of its growth
//     (growthView, adapting to its measured growth), fading to
//     long-run growth over the forecast years; revenue paid for by other
//     AI firms' investment money (their equity, debt and profits spent on
//     compute and chips) runs off linearly over investment_runoff_years,
//     because it lasts only while the build-out does. The AI operating
//     margin fades from today's to ai_long_run_margin. A firm may cut its
//     AI business and sell the compute, so the AI part is worth at least
//     that salvage value (never less than zero);
//   - plus cash, stakes and loans made, less debt.
func (w *world) valueFirm(f *firm) firmValue {
	mk := w.p.Markets
	tax := w.p.Macro.CorporateTax
	r, gl := w.discountRate(), mk.LongGrowth
	v := firmValue{debt: f.debt(), financial: w.l.Balance(f.acct) + f.bookValue(w) - w.computeBook(f)}
	nonAIIncome := w.nonAIIncomeAnnual(f)
	if x := nonAIIncome * (1 - tax); x > 0 {
		v.nonAI = x * (1 + gl) / (r - gl)
	}
	rev := f.trailingRevenue()
	sust := rev * f.sustainableShare()
	invest := rev - sust
	m0 := 0.0
	if rev > 0 {
		m0 = math.Max(-1, math.Min(1, (f.trailingEBIT()-nonAIIncome)/rev))
	}
	g0 := f.growthView
	n := mk.ForecastYears
	runoff := mk.InvestmentRunoffYears
	pv, disc := 0.0, 1.0
	last := 0.0
	for k := 1; k <= n; k++ {
		fade := float64(k) / float64(n)
		g := g0 + (gl-g0)*fade
		sust *= 1 + g
		inv := 0.0
		if runoff > 0 {
			inv = invest * math.Max(0, 1-float64(k)/runoff)
		}
		margin := m0 + (mk.AILongRunMargin-m0)*fade
		cf := margin * (sust + inv)
		if cf > 0 {
			cf *= 1 - tax
		}
		disc /= 1 + r
		pv += cf * disc
		last = margin * sust
		if last > 0 {
			last *= 1 - tax
		}
	}
	v.aiDCF = pv + disc*last*(1+gl)/(r-gl)
	v.salvage = w.p.Finance.CollateralRate * f.econ
	v.ai = math.Max(v.aiDCF, v.salvage)
	return v
}

// nonAIFloor is what firm f's shares are worth for its non-AI business
// alone, net of debt less cash: a price below it would let a buyer take the
// firm, close its AI business and still gain.
func (w *world) nonAIFloor(f *firm) float64 {
	v := w.valueFirm(f)
	return v.nonAI - (v.debt - w.l.Balance(f.acct))
}

// computeBook is firm f's compute at book value.
func (w *world) computeBook(f *firm) float64 {
	b := 0.0
	for _, vt := range f.vintages {
		b += w.vintageBook(vt)
	}
	return b
}

// sustainableShare is the share of the firm's AI revenue over the last 24
// months (or the months simulated so far) paid for by final demand; in the
// first month, this month's share. Two years smooth out lumpy deal
// payments, which would otherwise swing the value of the business.
func (f *firm) sustainableShare() float64 {
	n := min(f.hist, 24)
	s, r := 0.0, 0.0
	for k := 0; k < n; k++ {
		j := f.hist - 1 - k
		s += f.sustHist[j%24]
		r += f.incomeHist[j%24]
	}
	if n == 0 {
		s, r = f.sustNow, f.revenue
	}
	if r <= 0 {
		return 0
	}
	return math.Max(0, math.Min(1, s/r))
}

// sustainableGrowth is the yearly growth of the firm's final-demand
// revenue: the later half of the last n months (n = months simulated, at
// most 24, rounded down to even) against the earlier half, annualised; in
// the first year, the growth of all its AI revenue.
func (f *firm) sustainableGrowth() float64 {
	if f.hist < 12 {
		return f.aiRevenueGrowth()
	}
	n := min(f.hist, 24) &^ 1
	h := n / 2
	then, now := 0.0, 0.0
	for k := 0; k < n; k++ {
		x := f.sustHist[(f.hist-1-k)%24]
		if k < h {
			now += x
		} else {
			then += x
		}
	}
	if then <= 0 {
		return 0
	}
	return math.Pow(now/then, 12/float64(h)) - 1
}

// updateGrowthView moves fundamentalists' view of each firm's growth
// towards the measured growth of its final-demand revenue (clipped to the
// growth fundamentalists extrapolate), at the speed at which the sector's
// expectations adapt: a window measure jumps when a lumpy month enters or
// leaves it, and a valuation that followed it would too.
func (w *world) updateGrowthView() {
	mk := w.p.Markets
	a := w.p.Firms.ExpectationAdjust
	for i := range w.firms {
		f := &w.firms[i]
		g := math.Max(mk.GrowthFloor, math.Min(mk.GrowthCap, f.sustainableGrowth()))
		f.growthView += a * (g - f.growthView)
	}
}
