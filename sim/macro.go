package sim

import (
	"math"

	"github.com/bubblelab/bubblelab/ledger"
)

// M8: the rest of the economy (MODEL.md section 3 steps 4 and 7).
//
// Domestic industry (the non-AI business sector) sells consumption goods,
// government purchases, exports and the construction and operating inputs of
// AI firms; it buys AI services and imports. Its value added is
//
//	VA = receipts + I_n - imports - AI services bought
//
// where I_n, private investment outside AI, is produced and financed inside
// the sector. It pays wages (labour share of VA), corporate tax, the
// incumbents' non-AI operating income (their non-AI divisions belong to this
// sector), and the rest of its profit less I_n as dividends: its cash is
// unchanged by a month's operations. The government buys a share of
// potential output, pays transfers and bond interest, and taxes income; its
// deficit is money it creates. The banking system lends to firms and pays
// its interest income to its owners.

// initMacro sets the start-month flows on a steady state in which the
// non-AI economy produces potential output, and calibrates the classes'
// propensities to consume: their ratio is the one of the parameters, their
// level is scaled so that consumption closes the expenditure identity.
func (w *world) initMacro() {
	mp, hp := w.p.Macro, w.p.Households
	y := w.potentialOutput(w.p.Start)
	g, x, in := mp.GovShare*y, mp.ExportShare*y, mp.NonAIInvestShare*y
	// GDP = C + In + G + X - m(C + G + In)  =>  C = (Y - X)/(1-m) - G - In
	cons := (y-x)/(1-mp.ImportShare) - g - in
	va := y
	prodTax := mp.ProductionTax * va
	wages := mp.LabourShare * (va - prodTax)
	profit := va - prodTax - wages
	tax := mp.CorporateTax * profit
	nonAI := 0.0
	for i := range w.firms {
		nonAI += w.firms[i].nonAIShare / 12 // annual non-AI operating income at the start
	}
	div := profit - tax - in - nonAI
	for i := range w.firms {
		// From now on the non-AI income is a share of industry's after-tax profit.
		w.firms[i].nonAIShare = w.firms[i].nonAIShare / 12 / (profit - tax)
	}
	own := hp.HouseholdOwnShare
	divH := div * own
	tr := mp.TransferShare * y
	topShares := [2]float64{hp.TopEquityShare, 1 - hp.TopEquityShare}
	wageShares := [2]float64{hp.TopIncomeShare, 1 - hp.TopIncomeShare}
	trShares := [2]float64{0.1, 0.9}
	consShares := [2]float64{hp.TopConsumption0, 1 - hp.TopConsumption0}
	for c := range w.hh {
		h := &w.hh[c]
		interest := h.bonds * w.riskFree() / 12
		income := wages*wageShares[c] + divH*topShares[c] + tr*trShares[c] + interest
		h.lastYD = income * (1 - hp.TaxRate)
		h.lastWealth = w.equityWealth(c)
		// The class's consumption at the start is its share of the
		// steady-state total; its propensity to consume out of income is
		// what remains after the wealth effects.
		h.lastConsumption = consShares[c] * cons
		h.mpc = (h.lastConsumption - w.wealthConsumption(c)) / h.lastYD
		h.depositRatio = w.l.Balance(h.acct) / h.lastYD
	}
	// Non-AI equity is valued at a constant multiple of after-tax profit (PLACEHOLDER).
	w.nonAIMult = w.nonAIValue / (12 * (profit - tax))
	for k := range w.industryProfit {
		w.industryProfit[k] = profit - tax
	}
	// Banks: loans on the opening balance sheets, other assets balancing.
	for i := range w.firms {
		w.bankLoans += w.firms[i].debt()
	}
	w.bankNetWorth = mp.BankEquityShare * hp.DepositsBn
	w.bankOther = w.bankNetWorth - w.l.Balance(w.acctBnk) - w.bankLoans
	w.govNetWorth = -hp.BondsBn
	w.govBonds = hp.BondsBn
	w.lastGDP = y
}

// wealthConsumption is class c's monthly consumption out of wealth: stock
// wealth at MPCWealth (M8) and liquid wealth at MPCLiquid.
func (w *world) wealthConsumption(c int) float64 {
	hp := w.p.Households
	h := &w.hh[c]
	x := hp.MPCLiquid / 12 * (w.l.Balance(h.acct) + h.bonds)
	if w.p.Mechanisms.WealthEffect {
		x += hp.MPCWealth / 12 * h.lastWealth
	}
	return x
}

// governmentStep pays government purchases, transfers and bond interest.
func (w *world) governmentStep() error {
	mp := w.p.Macro
	y := w.potentialOutput(w.month)
	g := mp.GovShare * y
	if err := w.post(w.acctGov, w.acctInd, g, kGovPurchases, oGov); err != nil {
		return err
	}
	// Automatic stabilisers: transfers rise with last month's output gap.
	gap := (y - w.lastGDP) / y
	tr := mp.TransferShare * y * math.Max(0, 1+mp.Stabiliser*gap)
	if err := w.post(w.acctGov, w.hh[0].acct, 0.1*tr, kTransfers, oGov); err != nil {
		return err
	}
	if err := w.post(w.acctGov, w.hh[1].acct, 0.9*tr, kTransfers, oGov); err != nil {
		return err
	}
	interest := 0.0
	for c := range w.hh {
		x := w.hh[c].bonds * w.riskFree() / 12
		if err := w.post(w.acctGov, w.hh[c].acct, x, kInterest, oGov); err != nil {
			return err
		}
		interest += x
	}
	w.govNetWorth -= g + tr + interest
	// Exports of the non-AI economy.
	return w.post(w.acctRoW, w.acctInd, mp.ExportShare*y, kExports, oForeign)
}

// industryStep closes domestic industry's month: imports, wages, taxes,
// incumbents' non-AI income and dividends out of this month's receipts.
func (w *world) industryStep() error {
	mp, hp := w.p.Macro, w.p.Households
	y := w.potentialOutput(w.month)
	in := mp.NonAIInvestShare * y
	receipts := w.inflowTotal(w.acctInd, kConsumption, kGovPurchases, kExports, kConstruction, kOpex)
	consumption := w.inflowTotal(w.acctInd, kConsumption)
	aiBought := w.l.Outflow(w.acctInd, kAIEnterprise) + w.l.Outflow(w.acctInd, kComputeSale) + w.l.Outflow(w.acctInd, kChipSale) +
		w.l.Outflow(w.acctInd, kLeaseRent)
	imports := mp.ImportShare * (consumption + w.inflowTotal(w.acctInd, kGovPurchases) + in)
	va := receipts + in - imports - aiBought
	prodTax := mp.ProductionTax * va
	wages := mp.LabourShare * (va - prodTax)
	profit := va - prodTax - wages
	tax := mp.CorporateTax * math.Max(0, profit)
	after := profit - tax
	copy(w.industryProfit[:], w.industryProfit[1:])
	w.industryProfit[11] = after
	w.industryVA = va

	if err := w.post(w.acctInd, w.acctRoW, imports, kImports, ledger.PassThrough); err != nil {
		return err
	}
	top := wages * hp.TopIncomeShare
	if err := w.post(w.acctInd, w.hh[0].acct, top, kWages, ledger.PassThrough); err != nil {
		return err
	}
	if err := w.post(w.acctInd, w.hh[1].acct, wages-top, kWages, ledger.PassThrough); err != nil {
		return err
	}
	if err := w.post(w.acctInd, w.acctGov, tax+prodTax, kTaxes, ledger.PassThrough); err != nil {
		return err
	}
	w.govNetWorth += tax + prodTax
	nonAI := 0.0
	for i := range w.firms {
		f := &w.firms[i]
		x := f.nonAIShare * math.Max(0, after)
		if x <= 0 {
			continue
		}
		if err := w.post(w.acctInd, f.acct, x, kNonAIIncome, oNonAI); err != nil {
			return err
		}
		f.nonAIIncome += x
		f.retained += x
		nonAI += x
	}
	div := after - in - nonAI
	// Dividends to owners of non-AI equity, by units held.
	units := w.nonAIUnits
	if div > 0 {
		paid := 0.0
		for c := range w.hh {
			x := div * w.hh[c].nonAIUnit / units
			if err := w.post(w.acctInd, w.hh[c].acct, x, kDividends, ledger.PassThrough); err != nil {
				return err
			}
			paid += x
		}
		if err := w.post(w.acctInd, w.acctRoW, div-paid, kDividends, ledger.PassThrough); err != nil {
			return err
		}
	}
	// Industry borrows if a bad month leaves it short of working cash.
	if short := 0.2*y - w.l.Balance(w.acctInd); short > 0 {
		if err := w.post(w.acctBnk, w.acctInd, short, kLoanDraw, oDebt); err != nil {
			return err
		}
		w.industryDebt += short
		w.bankLoans += short
	}
	return nil
}

// bankStep pays the banking system's interest income to its owners (the
// top 10 percent of households), leaving its net worth to change only by
// loan losses.
func (w *world) bankStep() error {
	income := w.inflowTotal(w.acctBnk, kInterest)
	if income <= 0 {
		return nil
	}
	w.bankNetWorth -= income
	return w.post(w.acctBnk, w.hh[0].acct, income, kDividends, oDebt)
}

// nonAIIncomeAnnual is the firm's non-AI income over a year at the current pace.
func (w *world) nonAIIncomeAnnual(f *firm) float64 {
	s := 0.0
	for _, p := range w.industryProfit {
		s += p
	}
	return f.nonAIShare * s
}
