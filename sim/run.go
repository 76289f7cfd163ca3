package sim

import (
	"context"
	"fmt"
	"math"
)

// Run simulates the economy of p from the inputs with the given seed and
// returns its records. The same parameters, inputs and seed give the same
// result, bit for bit. progress, if not nil, is called after each month.
func Run(ctx context.Context, p Params, in Inputs, seed uint64, progress func(done, total int)) (*Result, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	w, err := newWorld(p, in, seed)
	if err != nil {
		return nil, err
	}
	rule := PlaceholderPriceRule
	switch {
	case p.Mechanisms.Markets && p.Markets.SteadyPrices:
		rule = SteadyPriceRule
	case p.Mechanisms.Markets:
		rule = MarketPriceRule
	}
	res := &Result{Params: p, Seed: seed, PriceRule: rule, Estimated: w.estimatedDeals,
		OriginNames: append([]string(nil), originNames[:]...)}
	for i := range w.firms {
		res.FirmNames = append(res.FirmNames, w.firms[i].name)
		res.OriginNames = append(res.OriginNames, "ai_firm:"+w.firms[i].name)
	}
	for t := 0; t < p.Months; t++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		w.month = p.Start + Month(t)
		w.step = t
		if err := w.monthStep(res); err != nil {
			return nil, fmt.Errorf("simulate %s: %w", w.month, err)
		}
		if progress != nil {
			progress(t+1, p.Months)
		}
	}
	res.Events = w.events
	res.Days = w.mk.days
	res.Prices = w.mk.prices
	res.Bursts = w.mk.episodes
	res.Cohorts = w.cohortRecords()
	res.PutCostBn = w.mk.putCost
	res.PutValueBn = w.mk.units[clsGov] * w.indexLevel()
	res.FlowMatrix = w.runFlows
	res.PairFlows = w.pairFlowList()
	res.RevenueProvenance = w.cumProv
	res.Restructurings = w.restructurings
	return res, nil
}

// monthStep runs one month in the order of MODEL.md section 3.
func (w *world) monthStep(res *Result) error {
	w.l.StartPeriod()
	w.updatePolicyRate()
	for i := range w.firms {
		f := &w.firms[i]
		f.revenue, f.capex, f.dealCapex, f.computeSpend, f.interestPaid, f.defaults = 0, 0, 0, 0, 0, 0
		f.opCosts, f.extraordinary = 0, 0
		f.interestOwed, f.interestUnpaid = 0, 0
		f.lastNonAI, f.nonAIIncome = f.nonAIIncome, 0
		f.retainedStart, f.payouts = f.retained, 0
		f.depreciation = w.ageCompute(f)
		f.book, f.econ = w.computeValues(f)
		if w.month.MonthOfYear() == 1 {
			f.issuedYear = 0
		}
	}
	// Equity wealth at the start, before restructurings revalue shares.
	for c := range w.hh {
		w.hh[c].equityStart, w.hh[c].equityBuy = w.equityWealth(c), 0
	}
	if err := w.emergeFromDistress(); err != nil {
		return err
	}
	w.updateBacklogs()
	// 1. Final demand (M1-M4).
	d := w.finalDemand()
	w.lastDemand = d
	if err := w.payFinalDemand(d); err != nil {
		return err
	}
	// 2. Deals (M6), then labs' compute beyond their contracts.
	if err := w.contractStep(); err != nil {
		return err
	}
	w.updateRevenue()
	if err := w.labComputeStep(); err != nil {
		return err
	}
	// 3. Capex and compute (M10).
	if err := w.capexStep(); err != nil {
		return err
	}
	// 4. Government, AI firms' running costs, debt service.
	if err := w.governmentStep(); err != nil {
		return err
	}
	w.updateRevenue()
	if err := w.operatingStep(); err != nil {
		return err
	}
	if err := w.debtService(); err != nil {
		return err
	}
	// 6. Households consume; industry closes its month; banks and outside
	// investors pay out; households are taxed and save.
	if err := w.consumeStep(); err != nil {
		return err
	}
	if err := w.industryStep(); err != nil {
		return err
	}
	if err := w.bankStep(); err != nil {
		return err
	}
	if err := w.distributeFinanciers(); err != nil {
		return err
	}
	if err := w.incomeStep(); err != nil {
		return err
	}
	if err := w.rebalanceStep(); err != nil {
		return err
	}
	// 5/7. Markets (or the placeholder price rule), trading between investor
	// cohorts, the government put; 8. the competitor; expectations.
	w.updateRevenue()
	w.closeIncome()
	if err := w.valuationStep(); err != nil {
		return err
	}
	w.competitorStep(d)
	w.closeMonth()
	// 9. Metrics and invariants.
	w.record(res)
	return w.failedCheck()
}

// closeIncome records each firm's income of the month once every flow of
// the month has been paid, non-AI income included (industry pays it after
// the AI firms' operating step): EBITDA, and net income as the change in
// retained earnings plus payouts, less restructuring gains and losses,
// which are not earnings. It also records the month's AI revenue paid for
// by final demand.
func (w *world) closeIncome() {
	if len(w.monthProv) != len(w.firms) {
		w.monthProv = make([][]float64, len(w.firms))
		w.monthRev = make([]float64, len(w.firms))
		for i := range w.monthProv {
			w.monthProv[i] = make([]float64, w.l.Origins())
		}
	}
	for i := range w.firms {
		f := &w.firms[i]
		f.ebitdaNow = f.revenue + f.nonAIIncome - f.opCosts - f.computeSpend
		f.niHist[f.hist%12] = f.retained - f.retainedStart + f.payouts - f.extraordinary
		prov := w.monthProv[i]
		w.monthRev[i] = w.revenueOf(f, prov)
		fd := 0.0
		for o := 0; o <= int(oForeign); o++ {
			fd += prov[o]
		}
		f.sustNow = fd
	}
}

// updateRevenue recomputes each firm's AI revenue so far this month.
func (w *world) updateRevenue() {
	for i := range w.firms {
		f := &w.firms[i]
		f.revenue = w.inflowTotal(f.acct, revenueKinds[:]...)
	}
}

// closeMonth rolls the trailing windows and updates expectations: the
// sector's expected growth adapts towards observed growth of all AI revenue,
// intra-sector sales included, so that money going round raises the growth
// firms plan for (M1, M6).
func (w *world) closeMonth() {
	total := 0.0
	w.lastUSChipSpend = 0
	for i := range w.firms {
		f := &w.firms[i]
		if f.domestic {
			w.lastUSChipSpend += w.l.Outflow(f.acct, kChipSale)
		}
		f.incomeHist[f.hist%24] = f.revenue
		f.revHist[f.hist%12] = f.revenue
		f.ebitdaHist[f.hist%12] = f.ebitdaNow
		f.sustHist[f.hist%24] = f.sustNow
		f.hist++
		total += f.revenue
	}
	w.updateGrowthView()
	copy(w.sectorRevHist[:], w.sectorRevHist[1:])
	w.sectorRevHist[len(w.sectorRevHist)-1] = total
	fp := w.p.Firms
	g := w.expectedGrowth + fp.ExpectationAdjust*(w.observedGrowth()-w.expectedGrowth) + w.p.Shocks.ExpectationNoise*w.rng.NormFloat64()
	w.expectedGrowth = math.Max(-0.5, math.Min(fp.ExpectedGrowthCap, g))
}
