package sim

import (
	"math"

	"github.com/bubblelab/bubblelab/dataset"
	"github.com/bubblelab/bubblelab/ledger"
)

// labComputeStep has model labs rent compute beyond their contracts: for
// inference, in proportion to revenue, and for training, burning a share of
// the cash they hold above their buffer each month (MODEL.md section 3 step
// 2). The rental goes to the clouds the lab has contracts with, in proportion
// to contract size, or to hyperscalers by their cloud weights.
func (w *world) labComputeStep() error {
	fp := w.p.Firms
	for i := range w.firms {
		f := &w.firms[i]
		if f.role != dataset.RoleModelLab || !f.exists || w.month < f.enter {
			continue
		}
		inference := fp.InferenceCostRatio * f.revenue
		training := 0.0
		if !f.distressed {
			training = fp.TrainingBurnPerMonth * math.Max(0, w.cash(i)-w.buffer(i))
		}
		want := math.Max(0, inference+training-f.computeSpend)
		if want <= 0 {
			continue
		}
		pay := math.Min(want, math.Max(0, w.cash(i)))
		if pay <= 1e-12 {
			continue
		}
		weights := w.cloudWeights(i)
		for j, wt := range weights {
			if wt <= 0 {
				continue
			}
			x := pay * wt
			if err := w.post(f.acct, w.firms[j].acct, x, kComputeSale, ledger.PassThrough); err != nil {
				return err
			}
			f.retained -= x
			f.computeSpend += x
			w.firms[j].retained += x
		}
	}
	return nil
}

// cloudWeights returns, for lab i, the share of its spot compute going to
// each firm.
func (w *world) cloudWeights(i int) []float64 {
	weights := make([]float64, len(w.firms))
	total := 0.0
	for ci := range w.contracts {
		c := &w.contracts[ci]
		if c.kind != dataset.ComputePurchase || c.payer.share(partyFirm, i) == 0 {
			continue
		}
		for _, m := range c.payee.members {
			if m.kind == partyFirm && w.firms[m.index].exists && m.index != i {
				weights[m.index] += c.amountBn * m.weight
				total += c.amountBn * m.weight
			}
		}
	}
	if total == 0 {
		for j := range w.firms {
			if w.firms[j].role == dataset.RoleHyperscaler && w.firms[j].sellerWeight > 0 {
				weights[j] = w.firms[j].sellerWeight
				total += weights[j]
			}
		}
	}
	for j := range weights {
		weights[j] /= total
	}
	return weights
}

// operatingStep pays AI firms' running costs and payouts (MODEL.md section
// 3 step 4): staff (wages to households, mostly the top 10 percent),
// energy and data-centre operations bought from domestic industry, chip
// vendors' imported cost of goods, and incumbents' dividends out of non-AI
// income. Foreign AI firms pay their staff and suppliers abroad.
func (w *world) operatingStep() error {
	fp := w.p.Firms
	for i := range w.firms {
		f := &w.firms[i]
		if !f.exists {
			continue
		}
		wages := fp.OpexRatio * f.revenue
		opex := 0.0
		if buildsCompute(f.role) {
			opex = fp.CloudOpexRatio * f.computeRevenue(w)
		}
		imports := 0.0
		if f.role == dataset.RoleChipVendor || f.role == dataset.RoleMemoryVendor {
			imports = fp.ChipCOGSImportShare * f.revenue
		}
		due := wages + opex + imports
		avail := w.fund(i, due, true)
		scale := 1.0
		if avail < due {
			scale = math.Max(0, avail) / due
			w.setDistressed(i)
		}
		wages, opex, imports = wages*scale, opex*scale, imports*scale
		if f.domestic {
			top := wages * 0.7 // AI staff are mostly top-decile earners
			if err := w.post(f.acct, w.hh[0].acct, top, kWages, ledger.PassThrough); err != nil {
				return err
			}
			if err := w.post(f.acct, w.hh[1].acct, wages-top, kWages, ledger.PassThrough); err != nil {
				return err
			}
			if err := w.post(f.acct, w.acctInd, opex, kOpex, ledger.PassThrough); err != nil {
				return err
			}
			if err := w.post(f.acct, w.acctRoW, imports, kImports, ledger.PassThrough); err != nil {
				return err
			}
		} else if err := w.post(f.acct, w.acctRoW, wages+opex+imports, kImports, ledger.PassThrough); err != nil {
			return err
		}
		f.retained -= wages + opex + imports
		f.opCosts += wages + opex + imports
		if err := w.distribute(i); err != nil {
			return err
		}
	}
	return nil
}

// computeRevenue is the part of this month's revenue earned by selling
// compute capacity (used for operating costs and utilisation).
func (f *firm) computeRevenue(w *world) float64 {
	r := 0.0
	for _, k := range [...]ledger.Kind{kComputeSale, kLeaseRent, kBackstop, kAIEnterprise, kAIForeign, kAIConsumer} {
		for _, v := range w.l.Inflow(f.acct, k) {
			r += v
		}
	}
	return r
}

// payDividend pays a listed firm's dividend (and buybacks, treated alike)
// to its holders: for a US firm the basket's classes by their units, the
// rest (AI firms' and outside investors' holdings, foreign classes) to the
// rest of the world; for a foreign firm all to the rest of the world.
func (w *world) payDividend(i int, div float64) error {
	if div <= 0 {
		return nil
	}
	f := &w.firms[i]
	paid := 0.0
	if w.inBasket(i) {
		total := w.unitsTotal()
		for c := 0; c < clsForeign; c++ {
			x := div * w.mk.units[c] / total
			if err := w.post(f.acct, w.hh[c].acct, x, kDividends, ledger.PassThrough); err != nil {
				return err
			}
			paid += x
		}
		// The government's dividends go to the Treasury.
		x := div * w.mk.units[clsGov] / total
		if err := w.post(f.acct, w.acctGov, x, kDividends, ledger.PassThrough); err != nil {
			return err
		}
		w.govNetWorth += x
		paid += x
	}
	if err := w.post(f.acct, w.acctRoW, div-paid, kDividends, ledger.PassThrough); err != nil {
		return err
	}
	f.retained -= div
	f.payouts += div
	return nil
}

// distribute pays a listed firm's dividends and buybacks: a share of its
// non-AI income plus a twelfth of its cash above max_cash_years of income, so
// money does not pile up idle. A firm whose net debt is beyond
// payout_leverage_cap times its EBITDA
// scales its payout down (to nothing at twice the cap) and uses the excess
// cash it holds back to repay bank credit, as firms guarding a credit rating
// do; without this an incumbent would pay out its non-AI profits while
// borrowing for AI capex, and pile up debt for ever.
func (w *world) distribute(i int) error {
	f := &w.firms[i]
	fp := w.p.Firms
	if !f.listed || f.shares <= 0 || f.distressed {
		return nil
	}
	// Net of cash, as rating agencies measure it: a firm that holds back cash
	// because it has no bank credit to repay brings its leverage down and
	// resumes paying out.
	lev := (f.debt() - w.cash(i)) / math.Max(1, f.trailingEBITDA())
	keep := math.Min(1, math.Max(0, 2-lev/fp.PayoutLeverageCap))
	maxCash := fp.MaxCashYears * (f.trailingRevenue() + w.nonAIIncomeAnnual(f))
	excess := math.Max(0, w.cash(i)-maxCash) / 12
	if keep < 1 && f.bankLoan >= 0 {
		ln := &f.loans[f.bankLoan]
		if x := math.Min(excess*(1-keep), ln.principal); x > 0 {
			if err := w.post(f.acct, w.acctBnk, x, kLoanRepay, ledger.PassThrough); err != nil {
				return err
			}
			ln.principal -= x
			w.creditRepayment(ln, x)
		}
	}
	div := keep * (fp.IncumbentPayout*f.lastNonAI + excess)
	div = math.Min(div, math.Max(0, w.cash(i)-w.buffer(i)))
	return w.payDividend(i, div)
}
