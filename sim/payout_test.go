package sim

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestDistributeScalesWithLeverage checks the payout rule on a firm whose
// numbers are set by hand: last month's non-AI income 2, no income-based
// cash ceiling (so the excess is the whole cash, a twelfth of it released a
// month: 2 of 24), cap 3 on net debt / EBITDA.
func TestDistributeScalesWithLeverage(t *testing.T) {
	tests := []struct {
		name       string
		opening    float64 // opening debt, not repayable early
		debt       float64 // bank credit
		ebitda     float64
		cash       float64
		wantDiv    float64 // paid to shareholders
		wantRepaid float64 // repaid to the bank
	}{
		{"unlevered pays in full", 0, 0, 10, 24, 0.5*2 + 2, 0},
		{"net debt at the cap pays in full", 0, 54, 10, 24, 0.5*2 + 2, 0},
		{"cash counts against debt", 0, 80, 10, 240, 0.5*2 + 20, 0},
		{"halfway to twice the cap pays half", 0, 69, 10, 24, 0.5 * (0.5*2 + 2), 0.5 * 2},
		{"beyond twice the cap pays nothing", 0, 124, 10, 24, 0, 2},
		{"repays no more than it owes", 300, 7, 1, 240, 0, 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := loopInputs(t)
			p := quietParams()
			p.Firms.IncumbentPayout = 0.5
			p.Firms.PayoutLeverageCap = 3
			p.Firms.MaxCashYears = 0
			p.Firms.CashBufferMonths = 0
			w, err := newWorld(p, in, 1)
			if err != nil {
				t.Fatal(err)
			}
			i := w.byName["Cloud"]
			f := &w.firms[i]
			f.listed, f.basket, f.shares = true, false, 1
			f.ebitdaHist = [12]float64{tt.ebitda}
			f.lastNonAI = 2
			if err := w.post(w.acctBnk, f.acct, tt.cash-w.cash(i), kLoanDraw, oDebt); err != nil {
				t.Fatal(err)
			}
			f.loans = append(f.loans[:0], loan{lender: -1, lenderIdx: -1, principal: tt.opening, rate: 0.05})
			f.loans = append(f.loans, loan{lender: w.acctBnk, lenderIdx: -1, principal: tt.debt, rate: 0.05})
			f.bankLoan = len(f.loans) - 1
			w.bankLoans += tt.debt
			cash0, bank0 := w.cash(i), w.l.Balance(w.acctBnk)

			if err := w.distribute(i); err != nil {
				t.Fatal(err)
			}
			repaid := w.l.Balance(w.acctBnk) - bank0
			div := cash0 - w.cash(i) - repaid
			if math.Abs(repaid-tt.wantRepaid) > 1e-12 || math.Abs(div-tt.wantDiv) > 1e-12 {
				t.Errorf("paid out %.4f and repaid %.4f; want %.4f and %.4f", div, repaid, tt.wantDiv, tt.wantRepaid)
			}
			if got := f.debt(); math.Abs(got-(tt.opening+tt.debt-tt.wantRepaid)) > 1e-12 {
				t.Errorf("debt after = %.4f, want %.4f", got, tt.opening+tt.debt-tt.wantRepaid)
			}
		})
	}
}

// TestYearHighMatchesBruteForce checks the monotone queue against the plain
// maximum over the last 252 values on a random walk with crashes.
func TestYearHighMatchesBruteForce(t *testing.T) {
	var w world
	rng := rand.New(rand.NewPCG(3, 4))
	var series []float64
	v := 100.0
	for d := 0; d < 3000; d++ {
		v *= math.Exp(0.02 * rng.NormFloat64())
		if rng.IntN(500) == 0 {
			v *= 0.5
		}
		series = append(series, v)
		w.trackYearHigh(v)
		hi := 0.0
		for _, x := range series[max(0, len(series)-252):] {
			hi = math.Max(hi, x)
		}
		if want := 1 - v/hi; math.Abs(w.mk.creditDrawdown-want) > 1e-15 {
			t.Fatalf("day %d: credit drawdown %.6f, want %.6f", d, w.mk.creditDrawdown, want)
		}
	}
	if len(w.mk.yearHigh) > 252 {
		t.Errorf("queue holds %d days, want at most 252", len(w.mk.yearHigh))
	}
}

func TestEmergeFromDistress(t *testing.T) {
	tests := []struct {
		months      int
		after       int
		wantEmerged bool
	}{
		{18, 17, false},
		{18, 18, true},
		{1, 1, true},
		{0, 120, false}, // 0: never
	}
	for _, tt := range tests {
		p := quietParams()
		p.Finance.RestructuringMonths = tt.months
		w, err := newWorld(p, loopInputs(t), 1)
		if err != nil {
			t.Fatal(err)
		}
		i := w.byName["Lab"]
		w.setDistressed(i)
		w.month += Month(tt.after)
		w.emergeFromDistress()
		if got := !w.firms[i].distressed; got != tt.wantEmerged {
			t.Errorf("restructuring %d months, %d months on: emerged = %v, want %v", tt.months, tt.after, got, tt.wantEmerged)
		}
		emergedEvents := 0
		for _, e := range w.events {
			if e.Type == "emerged" && e.Firm == "Lab" {
				emergedEvents++
			}
		}
		if want := map[bool]int{true: 1, false: 0}[tt.wantEmerged]; emergedEvents != want {
			t.Errorf("%d emerged events, want %d", emergedEvents, want)
		}
	}
}
