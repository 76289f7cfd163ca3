package sim

import (
	"fmt"
	"math"

	"github.com/bubblelab/bubblelab/dataset"
	"github.com/bubblelab/bubblelab/ledger"
)

// post is the only way the simulation moves money: every payment is a
// ledger posting (MODEL.md section 5).
func (w *world) post(from, to ledger.AccountID, amount float64, k ledger.Kind, label ledger.Origin) error {
	// Amounts below a thousandth of a dollar are rounding residue.
	if amount <= 1e-12 {
		return nil
	}
	// Money an issuer puts in beyond what it holds carries the issuer's own
	// origin: foreign money, government money, bank credit.
	if label == ledger.PassThrough && w.l.Account(from).Issuer && w.l.Balance(from) < amount {
		switch from {
		case w.acctRoW:
			label = oForeign
		case w.acctGov:
			label = oGov
		default:
			label = oDebt
		}
	}
	w.faults.postings++
	posting := ledger.Posting{From: from, To: to, AmountBn: amount, Kind: k, Label: label}
	if w.faults.postings != w.faults.dropPosting {
		if err := w.l.Post(posting); err != nil {
			return fmt.Errorf("%s %s: %w", w.month, kindNames[k], err)
		}
	}
	if w.faults.postings == w.faults.dupPosting {
		if err := w.l.Post(posting); err != nil {
			return fmt.Errorf("%s %s: %w", w.month, kindNames[k], err)
		}
	}
	if a, b := w.acctFirm[from], w.acctFirm[to]; a >= 0 && b >= 0 {
		w.pairFlows[pairKey{a, b, k}] += amount
	}
	return nil
}

// cash is a firm's ledger balance.
func (w *world) cash(i int) float64 { return w.l.Balance(w.firms[i].acct) }

// buffer is the cash a firm keeps before it spends on discretionary items:
// CashBufferMonths of its trailing monthly spending (proxied by revenue plus
// non-AI income).
func (w *world) buffer(i int) float64 {
	f := &w.firms[i]
	monthly := (f.trailingRevenue() + w.nonAIIncomeAnnual(f)) / 12
	return w.p.Firms.CashBufferMonths * monthly * 0.25
}

// fund makes up to amount available to firm i and returns how much it can
// spend. Discretionary spending uses only cash above the buffer and new
// money; mandatory payments (contracts, debt service) may use all cash. New
// money comes from debt within capacity, then equity.
func (w *world) fund(i int, amount float64, mandatory bool) float64 {
	avail := w.cash(i)
	if !mandatory {
		avail -= w.buffer(i)
	}
	if avail >= amount {
		return amount
	}
	short := amount - math.Max(avail, 0)
	got := w.borrow(i, short)
	if got < short {
		got += w.raiseEquity(i, short-got)
	}
	avail = w.cash(i)
	if !mandatory {
		avail -= w.buffer(i)
	}
	// A mandatory payment a few percent short of a firm's yearly income is
	// met on the bank's overdraft line rather than defaulted on; so is one
	// of a firm whose businesses are worth well over its debt (lenders amend
	// and extend rather than default a solvent borrower).
	if f := &w.firms[i]; mandatory && avail < amount && !f.distressed {
		gap := amount - math.Max(avail, 0)
		small := gap <= math.Max(0.1, 0.02*(f.trailingRevenue()+w.nonAIIncomeAnnual(f)))
		if small || f.debt()+gap <= w.p.Finance.CollateralRate*w.valueFirm(f).enterprise() {
			w.overdraft(i, gap)
			avail = w.cash(i)
		}
	}
	return math.Max(0, math.Min(amount, avail))
}

// debtCapacity is how much more firm i can borrow: a multiple of trailing
// EBITDA, plus an advance on contracted revenue, plus collateral at economic
// value, less existing debt.
func (w *world) debtCapacity(i int) float64 {
	f := &w.firms[i]
	fp := w.p.Finance
	capacity := fp.MaxLeverage*math.Max(0, f.trailingEBITDA()) + fp.BacklogAdvanceRate*f.backlog24*2 + fp.CollateralRate*f.econ
	// Lenders pull back when AI stocks have fallen (M9).
	capacity *= 1 - 0.5*w.mk.creditDrawdown
	return math.Max(0, capacity-f.debt())
}

// borrow draws bank credit up to the firm's capacity; the money is created
// by the banking system and carries the debt origin.
func (w *world) borrow(i int, amount float64) float64 {
	f := &w.firms[i]
	if f.distressed {
		return 0
	}
	x := math.Min(amount, w.debtCapacity(i))
	if x <= 1e-9 {
		return 0
	}
	rate := w.riskFree() + w.spread(i, x)
	if err := w.post(w.acctBnk, f.acct, x, kLoanDraw, oDebt); err != nil {
		return 0
	}
	// Bank credit is one revolving facility per firm: a new draw is added at
	// the blended rate.
	if f.bankLoan < 0 {
		f.loans = append(f.loans, loan{lender: w.acctBnk, lenderIdx: -1})
		f.bankLoan = len(f.loans) - 1
	}
	ln := &f.loans[f.bankLoan]
	ln.rate = (ln.rate*ln.principal + rate*x) / (ln.principal + x)
	ln.principal += x
	w.bankLoans += x
	w.event("bank_loan", f.name, "Banks", "", x, fmt.Sprintf("rate %.2f%%", 100*rate))
	return x
}

// overdraft lends x to firm i on its bank credit line beyond its normal
// capacity (small shortfalls of otherwise sound firms).
func (w *world) overdraft(i int, x float64) {
	if x <= 1e-9 {
		return
	}
	f := &w.firms[i]
	if err := w.post(w.acctBnk, f.acct, x, kLoanDraw, oDebt); err != nil {
		return
	}
	if f.bankLoan < 0 {
		f.loans = append(f.loans, loan{lender: w.acctBnk, lenderIdx: -1, rate: w.riskFree() + w.spread(i, x)})
		f.bankLoan = len(f.loans) - 1
	}
	f.loans[f.bankLoan].principal += x
	w.bankLoans += x
}

// raiseEquity sells new equity: a listed firm issues shares to households
// and foreign investors within its yearly issuance limit; a private firm
// holds a funding round with outside investors at most once every
// RoundIntervalMonths, priced by the PLACEHOLDER valuation rule.
func (w *world) raiseEquity(i int, amount float64) float64 {
	f := &w.firms[i]
	if f.distressed || amount <= 0 {
		return 0
	}
	fp := w.p.Finance
	appetite := w.appetite()
	if f.listed {
		room := fp.ListedIssuance*f.value*appetite - f.issuedYear
		x := math.Min(amount, room)
		if x <= 1e-9 {
			return 0
		}
		got := w.sellListedShares(i, x)
		f.issuedYear += got
		return got
	}
	if int(w.month-f.lastRound) < fp.RoundIntervalMonths {
		return 0
	}
	pre := w.privateValuation(f)
	if pre <= 0 {
		return 0
	}
	x := math.Min(math.Max(amount, 0), fp.PrivateAppetite*pre*appetite)
	if x <= 1e-9 {
		return 0
	}
	if err := w.financierPay(w.outside, f.acct, x, kEquity, oOutsideEquity); err != nil {
		return 0
	}
	w.fins[w.outside].stakes = append(w.fins[w.outside].stakes, stake{issuer: i, costBn: x, shares: w.issueShares(i, x, pre, -1)})
	f.paidIn += x
	f.lastRound = w.month
	w.event("funding_round", f.name, genericOutside, "", x, fmt.Sprintf("post-money %.1f bn", f.value))
	return x
}

// sellListedShares issues x of new shares at the current price. A US firm's
// shares are bought by the basket's holder classes in proportion to their
// holdings (households only as far as a tenth of their deposits goes; the
// rest of the world takes the remainder); a foreign firm's by the rest of
// the world.
func (w *world) sellListedShares(i int, x float64) float64 {
	f := &w.firms[i]
	if !w.inBasket(i) {
		if err := w.post(w.acctRoW, f.acct, x, kEquity, oOutsideEquity); err != nil {
			return 0
		}
		w.issueShares(i, x, f.value, -1)
		f.paidIn += x
		return x
	}
	total := w.unitsTotal()
	got := 0.0
	level := w.indexLevel()
	for c := 0; c < clsForeign; c++ {
		h := &w.hh[c]
		amt := math.Min(x*w.mk.units[c]/total, math.Max(0, 0.1*w.l.Balance(h.acct)))
		if amt <= 0 {
			continue
		}
		if err := w.post(h.acct, f.acct, amt, kEquity, oOutsideEquity); err != nil {
			return got
		}
		w.addCohort(c, amt/level, amt)
		w.equityFlow(c, amt)
		got += amt
	}
	rest := x - got
	if err := w.post(w.acctRoW, f.acct, rest, kEquity, oOutsideEquity); err == nil {
		w.addCohort(clsForeign, rest/level, rest)
		got += rest
	}
	// Units were added at the index level before the issue, so the level
	// is unchanged once the firm's value rises by the cash raised.
	f.shares += got / (f.value / f.shares)
	f.value += got
	f.paidIn += got
	w.event("equity_issue", f.name, "households and foreign investors", "", got, "")
	return got
}

// issueShares records new equity of firm i worth x at pre-money value pre:
// new shares at the pre-money price, the firm's value rises by x. For a firm
// in the listed US basket the new shares are index units held by class
// holder (0-3) or by other holders (-1: AI firms, outside investors). It
// returns the shares issued.
func (w *world) issueShares(i int, x, pre float64, holder int) float64 {
	f := &w.firms[i]
	if x <= 0 {
		return 0
	}
	level := w.indexLevel()
	price := 1.0
	if pre > 0 && f.shares > 0 {
		price = pre / f.shares
	}
	n := x / price
	if w.inBasket(i) {
		if holder >= 0 {
			w.addCohort(holder, x/level, x)
		} else {
			w.mk.otherUnits += x / level
		}
	}
	f.shares += n
	f.value = pre + x
	if !f.basket && f.listed && f.domestic && f.value > 0 {
		// A listed US firm valued for the first time joins the AI index; its
		// holders (not the index's existing classes) get the new units.
		f.basket = true
		w.mk.otherUnits += f.value / level
		w.mk.pending = append(w.mk.pending, i)
	}
	return n
}

// privateValuation prices a private AI firm's funding round off listed AI
// peers: their market value per dollar of income times the private premium,
// applied to the firm's trailing revenue; a firm without revenue keeps its
// last value (M5).
func (w *world) privateValuation(f *firm) float64 {
	if !w.p.Mechanisms.Markets {
		return math.Max(f.value, w.p.Valuation.PrivateMultiple*f.trailingRevenue())
	}
	rev := f.trailingRevenue()
	if rev <= 0 {
		return f.value
	}
	return w.p.Markets.PrivatePremium * w.peerMultiple() * rev
}

// financierPay has outside investor fi pay amount, calling capital from its
// savers first if it is short: the top 10 percent of households pay
// FinancierTopShare (as far as their deposits allow), the rest of the world
// the remainder. Savers receive fund units at cost.
func (w *world) financierPay(fi int, to ledger.AccountID, amount float64, k ledger.Kind, label ledger.Origin) error {
	fin := &w.fins[fi]
	if short := amount - w.l.Balance(fin.acct); short > 0 {
		top := &w.hh[0]
		fromTop := math.Min(short*w.p.Finance.FinancierTopShare, math.Max(0, w.l.Balance(top.acct)*0.5))
		if err := w.post(top.acct, fin.acct, fromTop, kCapitalCall, ledger.PassThrough); err != nil {
			return err
		}
		top.fundUnits += fromTop
		w.equityFlow(0, fromTop)
		fin.unitsTop += fromTop
		if err := w.post(w.acctRoW, fin.acct, short-fromTop, kCapitalCall, oForeign); err != nil {
			return err
		}
		fin.unitsRoW += short - fromTop
	}
	return w.post(fin.acct, to, amount, k, label)
}

// distributeFinanciers returns outside investors' idle cash to their
// savers, pro rata to the units they hold: repaid principal as a return of
// capital (units are cancelled), the rest as income.
func (w *world) distributeFinanciers() error {
	for fi := range w.fins {
		fin := &w.fins[fi]
		cash := w.l.Balance(fin.acct)
		if cash <= 1e-9 {
			continue
		}
		units := fin.unitsTop + fin.unitsRoW
		topShare := 0.5
		if units > 0 {
			topShare = fin.unitsTop / units
		}
		capital := math.Min(math.Min(fin.returnedCapital, cash), units)
		fin.returnedCapital -= capital
		income := cash - capital
		fin.netWorth -= income
		if units > 0 {
			fin.unitsTop -= capital * topShare
			fin.unitsRoW -= capital * (1 - topShare)
			w.hh[0].fundUnits -= capital * topShare
			w.equityFlow(0, -capital*topShare)
		}
		toTop := cash * topShare
		// Capital returned to the top class is a swap of fund units for
		// cash; the income part raises their income.
		if err := w.post(fin.acct, w.hh[0].acct, income*topShare, kDistribution, ledger.PassThrough); err != nil {
			return err
		}
		if err := w.post(fin.acct, w.hh[0].acct, toTop-income*topShare, kCapitalCall, ledger.PassThrough); err != nil {
			return err
		}
		if err := w.post(fin.acct, w.acctRoW, w.l.Balance(fin.acct), kDistribution, ledger.PassThrough); err != nil {
			return err
		}
	}
	return nil
}

// financierOf returns the outside investor holding account a, or -1.
func (w *world) financierOf(a ledger.AccountID) int {
	for fi := range w.fins {
		if w.fins[fi].acct == a {
			return fi
		}
	}
	return -1
}

// creditInterest books interest income for the lender.
func (w *world) creditInterest(ln *loan, x float64) {
	switch {
	case ln.lenderIdx >= 0:
		w.firms[ln.lenderIdx].retained += x
	case ln.lender == w.acctBnk || ln.lender == -1:
		w.bankNetWorth += x
	default:
		if fi := w.financierOf(ln.lender); fi >= 0 {
			w.fins[fi].netWorth += x
		}
	}
}

// creditRepayment reduces the lender's loan asset.
func (w *world) creditRepayment(ln *loan, x float64) {
	switch {
	case ln.lenderIdx >= 0:
		w.firms[ln.lenderIdx].loansRecv -= x
	case ln.lender == w.acctBnk || ln.lender == -1:
		w.bankLoans -= x
	default:
		if fi := w.financierOf(ln.lender); fi >= 0 {
			w.fins[fi].loansRecv -= x
			w.fins[fi].returnedCapital += x
		}
	}
}

// isLender reports whether a deal kind makes the payer a lender.
func isLender(k dataset.DealKind) bool { return k == dataset.Loan }
