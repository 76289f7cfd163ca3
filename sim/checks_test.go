package sim

import (
	"errors"
	"math"
	"testing"
)

// stepWorld runs p month by month with injected faults, calling each (if
// not nil) after every month, and returns the postings made and the first
// error.
func stepWorld(t *testing.T, p Params, fl faults, each func(w *world)) (int, error) {
	t.Helper()
	in, err := DefaultInputs()
	if err != nil {
		t.Fatal(err)
	}
	w, err := newWorld(p, in, 1)
	if err != nil {
		t.Fatal(err)
	}
	w.faults = fl
	res := &Result{}
	for s := 0; s < p.Months; s++ {
		w.month, w.step = p.Start+Month(s), s
		if err := w.monthStep(res); err != nil {
			return w.faults.postings, err
		}
		if each != nil {
			each(w)
		}
	}
	return w.faults.postings, nil
}

// runWithFaults runs the first months of the baseline with injected faults.
func runWithFaults(t *testing.T, months int, fl faults) (int, error) {
	t.Helper()
	p := BaselineParams()
	p.Months = months
	return stepWorld(t, p, fl, nil)
}

// Mutation tests: each fault must stop the run with a check that names it.
func TestChecksCatchFaults(t *testing.T) {
	t.Parallel()
	n, err := runWithFaults(t, 24, faults{})
	if err != nil {
		t.Fatalf("no fault: %v", err)
	}
	mid, late := n/2, n-50
	for _, tt := range []struct {
		name   string
		fl     faults
		checks []string // any of these may catch it
	}{
		{"drop a posting", faults{dropPosting: mid}, []string{"balance sheets", "debt reconciliation", "interest reconciliation"}},
		{"drop an early posting", faults{dropPosting: 40}, []string{"balance sheets", "debt reconciliation", "interest reconciliation"}},
		{"duplicate a posting", faults{dupPosting: mid}, []string{"balance sheets", "debt reconciliation", "interest reconciliation"}},
		{"duplicate an early posting", faults{dupPosting: 40}, []string{"balance sheets", "debt reconciliation", "interest reconciliation"}},
		{"drop a late posting", faults{dropPosting: late}, []string{"balance sheets", "debt reconciliation", "interest reconciliation"}},
		{"duplicate a late posting", faults{dupPosting: late}, []string{"balance sheets", "debt reconciliation", "interest reconciliation"}},
		{"skip interest", faults{skipInterest: true}, []string{"interest reconciliation"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := runWithFaults(t, 24, tt.fl)
			var ce *CheckError
			if !errors.As(err, &ce) {
				t.Fatalf("run with %+v: %v, want a failed accounting check", tt.fl, err)
			}
			ok := false
			for _, c := range tt.checks {
				ok = ok || ce.Check == c
			}
			if !ok || ce.Month == "" || ce.Account == "" {
				t.Errorf("caught by %q in %q at %q, want one of %q naming month and account", ce.Check, ce.Month, ce.Account, tt.checks)
			}
		})
	}
}

// Coverage and leverage place a borrower on Damodaran's scale; the spread
// is monotone in both and an investment-grade incumbent pays under 2%.
func TestCreditSpreads(t *testing.T) {
	for _, tt := range []struct {
		cov, netDebt, ebitda float64
		lo, hi               float64
	}{
		{100, -10, 50, 0.0045, 0.0045},  // net cash, AAA coverage
		{8, 80, 100, 0.0045, 0.0080},    // AA coverage, net leverage 0.8
		{3, 190, 100, 0.0077, 0.0120},   // A- coverage, net leverage 1.9
		{0.1, 500, 0, 0.19, 0.19},       // no EBITDA, interest not covered
		{1.5, 400, 100, 0.0155, 0.0300}, // B coverage, leverage 4
		{0.1, 10, 100, 0.0183, 0.02},    // negative EBIT, tiny debt (BB)
		{math.Inf(1), 0, 100, 0.0045, 0.0045},
	} {
		s := notchSpread(creditNotch(tt.cov, tt.netDebt, tt.ebitda))
		if s < tt.lo-1e-12 || s > tt.hi+1e-12 {
			t.Errorf("coverage %v net debt %v EBITDA %v: spread %.4f, want in [%.4f, %.4f]", tt.cov, tt.netDebt, tt.ebitda, s, tt.lo, tt.hi)
		}
	}
	prev := -1.0
	for c := 10.0; c > 0; c -= 0.05 {
		s := coverageSpread(c)
		if s < prev-1e-15 {
			t.Fatalf("spread falls as coverage falls: %v at coverage %v after %v", s, c, prev)
		}
		prev = s
	}
	// In the baseline, incumbents with net leverage under 2 and coverage of
	// at least 3 (the bounds of investment grade on either measure) pay
	// spreads under 2 percent before the market-wide drawdown premium.
	p := BaselineParams()
	checked := 0
	if _, err := stepWorld(t, p, faults{}, func(w *world) {
		for i := range w.firms {
			f := &w.firms[i]
			e := f.trailingEBITDA()
			if f.nonAIShare <= 0 || !f.listed || e <= 0 || (f.debt()-w.cash(i))/e >= 2 || f.interestCoverage(0, 0) < 3 {
				continue
			}
			checked++
			if sp := w.spread(i, 0) - p.Markets.SpreadDrawdown*w.mk.creditDrawdown; sp >= 0.02 {
				t.Errorf("%s %s: net leverage %.2f, spread %.2f%%", w.month, f.name, (f.debt()-w.cash(i))/e, 100*sp)
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	if checked == 0 {
		t.Fatal("no incumbent-month checked")
	}
}
