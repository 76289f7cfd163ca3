package sim

import (
	"fmt"
	"math"

	"github.com/bubblelab/bubblelab/ledger"
)

// Distress and restructuring (M6, M9), as they work in practice:
//
//   - A missed debt payment is a default event, not a write-off. What is
//     unpaid stays owed: unpaid interest is capitalised (the borrower still
//     expenses it, the lender still accrues it), unpaid principal stays
//     principal, and the loan is in arrears.
//   - The firm has finance.cure_months to pay what is overdue. If it does,
//     the default is cured. If not, its creditors take it into a
//     restructuring; so does a firm that stopped paying a contract, after
//     finance.restructuring_months.
//   - In a restructuring the firm's value (its businesses as valueFirm
//     values them, plus its financial assets) is shared by absolute
//     priority: the secured bank facility, then other loans pari passu,
//     then the counterparties of contracts it stopped paying, then the old
//     shareholders. Creditors keep as much debt as the firm's EBIT can
//     carry (finance.emergence_coverage) and take the rest of what they
//     recover in new shares; what they do not recover is written off.
//   - The borrower's gain on debt forgiven is extraordinary: it raises
//     retained earnings (the balance sheet must balance) but is never
//     operating income and never enters the earnings that valuation and
//     credit look at. Old shareholders are diluted when the firm is worth
//     more than its claims and wiped out when it is not.

// rejectedClaim is what the counterparties of a contract the firm stopped
// paying lost: the rest of the commitment, an unsecured claim.
type rejectedClaim struct {
	payee    party
	amountBn float64
	dealID   string
}

// debtService pays interest on every loan and repays principal: deal loans
// (bullet) at maturity, the revolving bank credit in equal instalments over
// LoanTermYears, and whatever is overdue. Opening debt rolls over (only
// interest is paid). The bank facility is repriced first. A firm that
// cannot pay all that is due, even after raising money, pays every loan the
// same share and goes into arrears on the rest.
func (w *world) debtService() error {
	term := 12 * w.p.Deals.LoanTermYears
	for i := range w.firms {
		f := &w.firms[i]
		if len(f.loans) == 0 {
			continue
		}
		w.repriceFacility(i)
		f.interestOwed += owedInterest(f)
		n := len(f.loans)
		interest := make([]float64, n)
		repay := make([]float64, n)
		total := 0.0
		for li := range f.loans {
			ln := &f.loans[li]
			if ln.principal <= 0 {
				continue
			}
			interest[li] = ln.principal * ln.rate / 12
			if w.faults.skipInterest {
				interest[li] = 0
			}
			sched := 0.0
			switch {
			case ln.bullet && w.month >= ln.maturity:
				sched = ln.principal
			case li == f.bankLoan:
				sched = ln.principal / term
			}
			repay[li] = math.Min(ln.principal, math.Max(sched, ln.overdue))
			total += interest[li] + repay[li]
		}
		if total <= 0 {
			continue
		}
		avail := w.fund(i, total, true) // may add to the bank loan (refinancing)
		scale := math.Min(1, math.Max(0, avail)/total)
		if avail >= total-1e-9 && w.cash(i) >= total {
			scale = 1
		}
		arrears := false
		for li := 0; li < n; li++ {
			ln := &f.loans[li]
			due := interest[li] + repay[li]
			if due <= 0 {
				continue
			}
			lender := ln.lender
			if lender == -1 {
				lender = w.acctBnk
			}
			payInt := interest[li] * scale
			if err := w.post(f.acct, lender, payInt, kInterest, ledger.PassThrough); err != nil {
				return err
			}
			// Interest accrues whether paid or not.
			f.retained -= interest[li]
			f.interestPaid += interest[li]
			w.creditInterest(ln, payInt)
			unpaidInt := interest[li] - payInt
			ln.principal += unpaidInt
			f.interestUnpaid += unpaidInt
			f.debtNonCash += unpaidInt
			w.accrueInterest(ln, unpaidInt)
			payPrin := repay[li] * scale
			if err := w.post(f.acct, lender, payPrin, kLoanRepay, ledger.PassThrough); err != nil {
				return err
			}
			ln.principal -= payPrin
			w.creditRepayment(ln, payPrin)
			short := due - payInt - payPrin
			if short <= 1e-9 {
				ln.overdue = 0
				continue
			}
			if missed := short - ln.overdue; missed > 1e-9 {
				f.defaults += missed
				w.event("loan_default", f.name, w.l.Account(lender).Name, ln.dealID, missed,
					fmt.Sprintf("paid %.2f of %.2f due; %.2f bn overdue, %.2f bn owed", due-short, due, short, ln.principal))
			}
			ln.overdue = short
			arrears = true
		}
		switch {
		case arrears && !f.inArrears:
			f.inArrears, f.arrearsSince = true, w.month
			w.setDistressed(i)
		case !arrears && f.inArrears:
			f.inArrears = false
			w.event("cured", f.name, "", "", 0, fmt.Sprintf("paid all that was overdue after %d months in arrears", int(w.month-f.arrearsSince)))
		}
		w.dropRepaidLoans(f)
		if f.inArrears && int(w.month-f.arrearsSince) >= w.p.Finance.CureMonths {
			if err := w.restructure(i); err != nil {
				return err
			}
		}
	}
	return nil
}

// dropRepaidLoans removes loans repaid in full, keeping the bank-credit
// index right.
func (w *world) dropRepaidLoans(f *firm) {
	kept := f.loans[:0]
	bank := -1
	for li, ln := range f.loans {
		if ln.principal > 1e-9 {
			if li == f.bankLoan {
				bank = len(kept)
			}
			kept = append(kept, ln)
		}
	}
	f.loans = kept
	f.bankLoan = bank
}

// accrueInterest books interest owed but not paid as the lender's income
// and a larger loan asset.
func (w *world) accrueInterest(ln *loan, x float64) {
	if x <= 0 {
		return
	}
	switch {
	case ln.lenderIdx >= 0:
		w.firms[ln.lenderIdx].loansRecv += x
		w.firms[ln.lenderIdx].retained += x
	case ln.lender == w.acctBnk || ln.lender == -1:
		w.bankLoans += x
		w.bankNetWorth += x
	default:
		if fi := w.financierOf(ln.lender); fi >= 0 {
			w.fins[fi].loansRecv += x
			w.fins[fi].netWorth += x
		}
	}
}

// lenderLoss writes x of a loan off the lender's books.
func (w *world) lenderLoss(ln *loan, x float64) {
	if x <= 0 {
		return
	}
	switch {
	case ln.lenderIdx >= 0:
		l := &w.firms[ln.lenderIdx]
		l.loansRecv -= x
		l.retained -= x
		l.extraordinary -= x
	case ln.lender == w.acctBnk || ln.lender == -1:
		w.bankLoans -= x
		w.bankNetWorth -= x
	default:
		if fi := w.financierOf(ln.lender); fi >= 0 {
			w.fins[fi].loansRecv -= x
			w.fins[fi].netWorth -= x
		}
	}
}

// lenderTakesEquity swaps x of a loan for new shares of firm i worth x:
// a firm or outside investor holds them as a stake at cost; banks do not
// hold equity and sell theirs at once to the generic outside investor.
func (w *world) lenderTakesEquity(ln *loan, i int, x, price float64) error {
	if x <= 0 {
		return nil
	}
	st := stake{issuer: i, costBn: x, shares: x / price}
	switch {
	case ln.lenderIdx >= 0:
		l := &w.firms[ln.lenderIdx]
		l.loansRecv -= x
		l.stakes = append(l.stakes, st)
	case ln.lender == w.acctBnk || ln.lender == -1:
		if err := w.financierPay(w.outside, w.acctBnk, x, kEquityTrade, ledger.PassThrough); err != nil {
			return err
		}
		w.bankLoans -= x
		w.fins[w.outside].stakes = append(w.fins[w.outside].stakes, st)
	default:
		if fi := w.financierOf(ln.lender); fi >= 0 {
			w.fins[fi].loansRecv -= x
			w.fins[fi].stakes = append(w.fins[fi].stakes, st)
		}
	}
	return nil
}

// emergenceDebt is the debt firm f can carry out of a restructuring: what
// its EBIT covers finance.emergence_coverage times at the spread of that
// coverage.
func (w *world) emergenceDebt(f *firm) float64 {
	ebit := f.trailingEBIT()
	cov := w.p.Finance.EmergenceCoverage
	if ebit <= 0 {
		return 0
	}
	return ebit / (cov * (w.riskFree() + coverageSpread(cov)))
}

// Restructuring records one firm's restructuring.
type Restructuring struct {
	Firm        string  `json:"firm"`
	Month       string  `json:"month"`
	ClaimsBn    float64 `json:"claims_bn"`    // loans (interest capitalised) and rejected contracts
	ValueBn     float64 `json:"value_bn"`     // businesses plus financial assets, shared by priority
	RecoveredBn float64 `json:"recovered_bn"` // what creditors recover (debt kept plus new shares)
	DebtKeptBn  float64 `json:"debt_kept_bn"`
	OldHolders  float64 `json:"old_holders_share"` // share of the equity old shareholders keep (0: wiped out)
}

// restructure settles firm i's claims by absolute priority (see the top
// of this file) and takes it out of distress.
func (w *world) restructure(i int) error {
	f := &w.firms[i]
	v := w.valueFirm(f)
	value := math.Max(0, v.enterprise()+v.financial)
	// Claims by class: 0 the secured bank facility, 1 other loans, 2 the
	// counterparties of rejected contracts.
	type claim struct {
		loan     int
		rej      int
		amount   float64
		recovery float64
	}
	var classes [3][]claim
	for li, ln := range f.loans {
		if ln.principal <= 1e-12 {
			continue
		}
		c := 1
		if li == f.bankLoan {
			c = 0
		}
		classes[c] = append(classes[c], claim{loan: li, rej: -1, amount: ln.principal})
	}
	for k, r := range f.rejected {
		classes[2] = append(classes[2], claim{loan: -1, rej: k, amount: r.amountBn})
	}
	remaining, claims := value, 0.0
	for c := range classes {
		tot := 0.0
		for _, cl := range classes[c] {
			tot += cl.amount
		}
		claims += tot
		if tot <= 0 {
			continue
		}
		rec := math.Min(tot, remaining)
		for k := range classes[c] {
			classes[c][k].recovery = classes[c][k].amount * rec / tot
		}
		remaining -= rec
	}
	if claims <= 1e-9 {
		f.distressed, f.inArrears = false, false
		w.event("emerged", f.name, "", "", 0, fmt.Sprintf("out of distress after %d months, with no claims to settle", int(w.month-f.distressSince)))
		return nil
	}
	residual := remaining // the old shareholders' part
	loanRec := 0.0
	for c := 0; c < 2; c++ {
		for _, cl := range classes[c] {
			loanRec += cl.recovery
		}
	}
	keepDebt := math.Min(loanRec, w.emergenceDebt(f))
	keep := 0.0
	if loanRec > 0 {
		keep = keepDebt / loanRec
	}
	toCreditors := value - keepDebt - residual // new shares' value
	solvent := residual > 1e-9*math.Max(1, value)
	// Price of a new share: old holders keep residual of the equity.
	oldShares := f.shares
	oldPrice := f.value / math.Max(f.shares, 1e-12)
	newShares := oldShares
	if solvent {
		newShares = oldShares * toCreditors / residual
	}
	ePost := value - keepDebt
	totalShares := newShares
	if solvent {
		totalShares = oldShares + newShares
	}
	price := math.Max(ePost, 1e-6) / math.Max(totalShares, 1e-12)
	if !solvent {
		// Before the creditors get their stakes: only the old ones go.
		w.writeDownStakes(i)
	}
	term := Month(12 * w.p.Deals.LoanTermYears)
	for c := 0; c < 2; c++ {
		for _, cl := range classes[c] {
			ln := &f.loans[cl.loan]
			lost := cl.amount - cl.recovery
			d := cl.recovery * keep
			e := cl.recovery - d
			ln.principal, ln.overdue = d, 0
			f.debtNonCash -= lost + e
			// The debt kept is termed out: one bullet at the loan term.
			ln.bullet, ln.maturity = true, w.month+term
			f.retained += lost
			f.extraordinary += lost
			f.paidIn += e
			w.lenderLoss(ln, lost)
			if err := w.lenderTakesEquity(ln, i, e, price); err != nil {
				return err
			}
		}
	}
	for _, cl := range classes[2] {
		r := f.rejected[cl.rej]
		for _, m := range r.payee.members {
			x := cl.recovery * m.weight
			if x <= 0 {
				continue
			}
			st := stake{issuer: i, costBn: x, shares: x / price}
			switch m.kind {
			case partyFirm:
				p := &w.firms[m.index]
				p.stakes = append(p.stakes, st)
				p.retained += x
				p.extraordinary += x
			case partyFinancier:
				w.fins[m.index].stakes = append(w.fins[m.index].stakes, st)
				w.fins[m.index].netWorth += x
			case partyGov:
				w.govStakes += x
				w.govNetWorth += x
			case partyIndustry:
				w.industryStakes += x
				w.industryNW += x
			}
			// The settlement is an expense paid in shares.
			f.paidIn += x
			f.retained -= x
			f.extraordinary -= x
		}
	}
	f.shares = totalShares
	f.bankLoan = -1 // the old facility is now a term loan; new draws open a new one
	w.dropRepaidLoans(f)
	oldShare := 0.0
	if solvent && ePost > 0 {
		oldShare = residual / ePost
	}
	if err := w.revalueRestructured(i, ePost, toCreditors, oldPrice); err != nil {
		return err
	}
	f.distressed, f.inArrears, f.rejected = false, false, nil
	w.restructurings = append(w.restructurings, Restructuring{Firm: f.name, Month: w.month.String(), ClaimsBn: claims,
		ValueBn: value, RecoveredBn: math.Min(claims, value), DebtKeptBn: keepDebt, OldHolders: oldShare})
	detail := fmt.Sprintf("claims %.1f bn, value %.1f bn: creditors recover %.0f%%, keep %.1f bn of debt and take new shares worth %.1f bn; ",
		claims, value, 100*math.Min(1, value/claims), keepDebt, toCreditors)
	if solvent {
		detail += fmt.Sprintf("old shareholders diluted to %.0f%%", 100*oldShare)
	} else {
		detail += "old shares cancelled"
	}
	w.event("restructured", f.name, "", "", math.Max(0, claims-value), detail)
	return nil
}

// revalueRestructured sets firm i's equity to ePost after a restructuring
// in which creditors took new shares worth toCreditors. For a firm in the
// AI index, the creditors' shares are index units (as all holdings other
// than the classes' are), so old index holders keep the basket less the
// creditors' part; a listed firm's price is rebased in the daily market
// (oldPrice is its price per share before the restructuring).
func (w *world) revalueRestructured(i int, ePost, toCreditors, oldPrice float64) error {
	f := &w.firms[i]
	if !w.inBasket(i) {
		f.value = math.Max(ePost, 1e-6)
	} else {
		units := w.unitsTotal()
		f.value = math.Max(ePost, 1e-6)
		after := w.basketValue()
		if toCreditors > 0 && after > toCreditors {
			w.mk.otherUnits += toCreditors * units / (after - toCreditors)
		}
	}
	if !w.p.Mechanisms.Markets || w.mk.engine == nil || w.mk.asset == nil {
		return nil
	}
	if a := w.mk.asset[i]; a >= 0 && f.shares > 0 {
		lp := math.Log(f.value / f.shares)
		if err := w.mk.engine.Rebase(a, lp); err != nil {
			return fmt.Errorf("restructure %s: %w", f.name, err)
		}
		// A price held on a steady path (the no-burst twin) follows the new
		// share: the path moves by the change in what one share is.
		if w.mk.steadyFrom[i] != 0 && oldPrice > 0 {
			w.mk.logPrice0[i] += lp - math.Log(oldPrice)
		}
		// The new share count is not news about the business.
		w.mk.lastLogF[i] = lp
		w.mk.fund[i] = f.value
		w.mk.logFund[i] = lp
	}
	return nil
}

// writeDownStakes cancels every stake in firm i (its old shares are worth
// nothing): holders lose what they paid.
func (w *world) writeDownStakes(i int) {
	for j := range w.firms {
		h := &w.firms[j]
		kept := h.stakes[:0]
		for _, s := range h.stakes {
			if s.issuer == i {
				h.retained -= s.costBn
				h.extraordinary -= s.costBn
				continue
			}
			kept = append(kept, s)
		}
		h.stakes = kept
	}
	for fi := range w.fins {
		fin := &w.fins[fi]
		kept := fin.stakes[:0]
		for _, s := range fin.stakes {
			if s.issuer == i {
				fin.netWorth -= s.costBn
				continue
			}
			kept = append(kept, s)
		}
		fin.stakes = kept
	}
}

// setDistressed marks a firm that has defaulted: it stops discretionary
// spending and cannot raise new money.
func (w *world) setDistressed(i int) {
	f := &w.firms[i]
	if f.distressed {
		return
	}
	f.distressed = true
	f.distressSince = w.month
	w.event("distress", f.name, "", "", 0, "defaulted on an obligation; no new money, no discretionary spending")
}

// emergeFromDistress restructures firms that have been distressed for
// finance.restructuring_months without a loan restructuring (a firm that
// stopped paying a contract or its costs): their claims are settled and
// they may raise money and spend again.
func (w *world) emergeFromDistress() error {
	n := w.p.Finance.RestructuringMonths
	if n <= 0 {
		return nil
	}
	for i := range w.firms {
		f := &w.firms[i]
		if f.distressed && int(w.month-f.distressSince) >= n {
			if err := w.restructure(i); err != nil {
				return err
			}
		}
	}
	return nil
}
