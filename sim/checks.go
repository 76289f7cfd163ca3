package sim

import (
	"fmt"
	"math"
)

// Accounting checks that bite (MODEL.md section 5). Every month each
// check is computed and Run stops with an error naming the check, the
// month and the account as soon as one is off by more than checkTolerance.
// Besides the ledger's own identities (money, provenance, flow matrix,
// which a posting cannot break by construction), three reconciliations are
// computed from records kept apart from the postings that move balances:
//
//   - balance sheets: every sector's assets (cash from the ledger) equal
//     its liabilities and net worth as booked in its income statement;
//   - debt: each firm's loans equal its opening debt plus the loan draws
//     the ledger shows less the repayments it shows, plus interest
//     capitalised, less debt forgiven or converted to shares;
//   - interest: the interest the ledger shows each firm paying, plus what
//     it left unpaid, equals what its loans owed at the start of debt
//     service (principal times rate).

// checkTolerance is the largest relative error an accounting check allows.
const checkTolerance = 1e-9

// checkResult is one accounting check of one month: its worst error,
// relative to the size of what it checks, and where it occurred.
type checkResult struct {
	name    string
	account string
	err     float64
}

// CheckError is returned by Run when an accounting check fails.
type CheckError struct {
	Check    string  // which check
	Month    string  // YYYY-MM
	Account  string  // the account, firm or sector where the error is largest
	RelError float64 // relative error
}

func (e *CheckError) Error() string {
	return fmt.Sprintf("accounting check %q failed in %s at %s: relative error %.3g (tolerance %.0e)", e.Check, e.Month, e.Account, e.RelError, checkTolerance)
}

// failedCheck returns the month's first failed check, or nil.
func (w *world) failedCheck() error {
	for _, c := range w.checks {
		if !(c.err <= checkTolerance) { // NaN fails too
			return &CheckError{Check: c.name, Month: w.month.String(), Account: c.account, RelError: c.err}
		}
	}
	return nil
}

// worse keeps the larger of two results of one check.
func (c *checkResult) worse(account string, gap, scale float64) {
	e := math.Abs(gap) / math.Max(1, math.Abs(scale))
	if e > c.err || math.IsNaN(e) {
		c.err, c.account = e, account
	}
}

// balanceSheetCheck: for every AI firm, cash + compute at book + stakes +
// loans made = debt + paid-in equity + retained earnings; for households,
// cash + bonds + equity = net worth accumulated from saving and
// revaluation; for banks, government and outside investors likewise.
func (w *world) balanceSheetCheck() checkResult {
	c := checkResult{name: "balance sheets"}
	for i := range w.firms {
		f := &w.firms[i]
		assets := w.l.Balance(f.acct) + f.bookValue(w)
		c.worse(f.name, assets-f.debt()-f.paidIn-f.retained, math.Abs(assets)+f.debt())
	}
	for k := range w.hh {
		h := &w.hh[k]
		assets := w.l.Balance(h.acct) + h.bonds + w.equityWealth(k)
		c.worse(sectorNames[k], assets-h.netWorth, assets)
	}
	bank := w.l.Balance(w.acctBnk) + w.bankLoans + w.bankOther
	c.worse("banks", bank-w.bankNetWorth, w.bankLoans+w.bankOther)
	gov := w.l.Balance(w.acctGov) + w.govStakes - w.govBonds
	c.worse("government", gov-w.govNetWorth, w.govBonds)
	for fi := range w.fins {
		fin := &w.fins[fi]
		assets := w.l.Balance(fin.acct) + fin.loansRecv
		for _, s := range fin.stakes {
			assets += s.costBn
		}
		c.worse(fin.name, assets-fin.unitsTop-fin.unitsRoW-fin.netWorth, assets)
	}
	return c
}

// debtCheck reconciles each firm's loans with the ledger's loan flows.
func (w *world) debtCheck() checkResult {
	c := checkResult{name: "debt reconciliation"}
	for i := range w.firms {
		f := &w.firms[i]
		f.cumDrawn += w.inflowTotal(f.acct, kLoanDraw)
		f.cumRepaid += w.l.Outflow(f.acct, kLoanRepay)
		want := f.debt0 + f.cumDrawn - f.cumRepaid + f.debtNonCash
		c.worse(f.name, f.debt()-want, f.debt0+f.cumDrawn)
	}
	return c
}

// interestCheck reconciles the interest each firm paid (as the ledger
// shows) and left unpaid with what its loans owed.
func (w *world) interestCheck() checkResult {
	c := checkResult{name: "interest reconciliation"}
	for i := range w.firms {
		f := &w.firms[i]
		paid := w.l.Outflow(f.acct, kInterest)
		c.worse(f.name, paid+f.interestUnpaid-f.interestOwed, f.interestOwed)
	}
	return c
}

// owedInterest is a month's interest on firm f's loans as they stand.
func owedInterest(f *firm) float64 {
	s := 0.0
	for _, ln := range f.loans {
		if ln.principal > 0 {
			s += ln.principal * ln.rate / 12
		}
	}
	return s
}

// faults are errors a test injects to prove the checks catch them: the
// n-th posting of the run dropped from the ledger or posted twice (its
// bookings elsewhere kept), or AI firms' interest never charged. A run
// through Run never sets them.
type faults struct {
	dropPosting, dupPosting int // 1-based posting number; 0: none
	skipInterest            bool
	postings                int
}
