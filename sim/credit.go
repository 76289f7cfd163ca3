package sim

import "math"

// Credit pricing (M6, M9): a firm's borrowing rate is the risk-free rate
// plus a spread set by its interest coverage, the way rating agencies and
// lenders grade a non-financial borrower, plus a market-wide premium that
// widens when AI stocks have fallen.

// ratingBand is one row of a synthetic-rating table: firms whose interest
// coverage (EBIT / interest expense) is at least minCoverage get the rating
// and pay its default spread over the risk-free rate.
type ratingBand struct {
	minCoverage float64
	rating      string
	spread      float64 // yearly
}

// largeFirmRatings is Damodaran's synthetic-rating table for large
// non-financial firms (ratings.htm, January 2024 update), best rating first.
// Between two band edges the spread is interpolated linearly, so a small
// change in income never makes the rate jump by a rating notch.
var largeFirmRatings = [...]ratingBand{
	{8.5, "AAA", 0.0045},
	{6.5, "AA", 0.0060},
	{5.5, "A+", 0.0077},
	{4.25, "A", 0.0085},
	{3, "A-", 0.0095},
	{2.5, "BBB", 0.0120},
	{2.25, "BB+", 0.0155},
	{2, "BB", 0.0183},
	{1.75, "B+", 0.0261},
	{1.5, "B", 0.0300},
	{1.25, "B-", 0.0442},
	{0.8, "CCC", 0.0728},
	{0.65, "CC", 0.1010},
	{0.2, "C", 0.1550},
	{math.Inf(-1), "D", 0.1900},
}

// leverageEdges are the net debt / EBITDA at which a borrower sits at each
// row of largeFirmRatings by leverage alone: S&P's financial-risk bands
// (minimal below 1.5x, modest 1.5-2x, intermediate 2-3x, significant 3-4x,
// aggressive 4-5x, highly leveraged above 5x; Corporate Methodology, 2013)
// spread over the same fifteen notches.
var leverageEdges = [...]float64{0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 7, 8}

// coverageNotch places an interest coverage on the rating scale: 0 is the
// best row of largeFirmRatings, len-1 the worst, linear between band edges.
func coverageNotch(coverage float64) float64 {
	t := largeFirmRatings[:]
	last := float64(len(t) - 1)
	if math.IsNaN(coverage) || coverage < t[len(t)-2].minCoverage {
		return last
	}
	if coverage >= t[0].minCoverage {
		return 0
	}
	for k := 1; k < len(t)-1; k++ {
		lo, hi := t[k], t[k-1]
		if coverage >= lo.minCoverage {
			return float64(k) - (coverage-lo.minCoverage)/(hi.minCoverage-lo.minCoverage)
		}
	}
	return last
}

// leverageNotch places net debt / EBITDA on the same scale; a firm without
// positive EBITDA is at the bottom unless it holds more cash than debt.
func leverageNotch(netDebt, ebitda float64) float64 {
	last := float64(len(largeFirmRatings) - 1)
	if ebitda <= 0 {
		if netDebt <= 0 {
			return 0
		}
		return last
	}
	lev := netDebt / ebitda
	if lev <= leverageEdges[0] {
		return 0
	}
	for k := 1; k < len(leverageEdges); k++ {
		if lev <= leverageEdges[k] {
			return float64(k-1) + (lev-leverageEdges[k-1])/(leverageEdges[k]-leverageEdges[k-1])
		}
	}
	return last
}

// notchSpread is the spread at a (fractional) notch, linear between rows.
func notchSpread(n float64) float64 {
	t := largeFirmRatings[:]
	n = math.Max(0, math.Min(float64(len(t)-1), n))
	k := int(n)
	if k >= len(t)-1 {
		return t[len(t)-1].spread
	}
	u := n - float64(k)
	return t[k].spread + u*(t[k+1].spread-t[k].spread)
}

// coverageSpread is the default spread of a firm with the given interest
// coverage alone (a firm without interest expense has infinite coverage).
func coverageSpread(coverage float64) float64 { return notchSpread(coverageNotch(coverage)) }

// creditNotch is a borrower's place on the rating scale: the mean of its
// coverage and leverage notches, as agencies weigh both a firm's ability
// to pay interest and the size of its debt.
func creditNotch(coverage, netDebt, ebitda float64) float64 {
	return (coverageNotch(coverage) + leverageNotch(netDebt, ebitda)) / 2
}

// annualInterest is the firm's interest expense over a year at its loans'
// current rates.
func (f *firm) annualInterest() float64 {
	s := 0.0
	for _, ln := range f.loans {
		s += ln.principal * ln.rate
	}
	return s
}

// trailingEBIT is the firm's operating income over the last 12 months: its
// EBITDA less a year of depreciation at this month's pace. Non-AI income
// enters after its own depreciation (it is operating income).
func (f *firm) trailingEBIT() float64 {
	return f.trailingEBITDA() - 12*f.depreciation
}

// interestCoverage is EBIT over interest expense with extra of new debt at
// rate: +Inf for a firm with no interest to pay.
func (f *firm) interestCoverage(extra, rate float64) float64 {
	interest := f.annualInterest() + extra*rate
	if interest <= 1e-12 {
		return math.Inf(1)
	}
	return f.trailingEBIT() / interest
}

// spread is the credit spread firm i pays on extra of new borrowing: the
// spread of its credit notch (coverage and leverage) with the new loan
// included, found by fixed-point iteration because the interest depends on
// the rate, plus the premium for the AI basket's fall from its past-year
// high (M9).
func (w *world) spread(i int, extra float64) float64 {
	f := &w.firms[i]
	base := w.riskFree()
	netDebt := f.debt() + extra - math.Max(0, w.cash(i))
	ebitda := f.trailingEBITDA()
	s := notchSpread(creditNotch(f.interestCoverage(extra, base), netDebt, ebitda))
	for k := 0; k < 4; k++ {
		s = notchSpread(creditNotch(f.interestCoverage(extra, base+s), netDebt, ebitda))
	}
	return s + w.p.Markets.SpreadDrawdown*w.mk.creditDrawdown
}

// repriceFacility resets the rate of firm i's revolving bank credit to the
// current spread: bank facilities float over the risk-free rate on a grid
// of the borrower's rating.
func (w *world) repriceFacility(i int) {
	f := &w.firms[i]
	if f.bankLoan < 0 {
		return
	}
	f.loans[f.bankLoan].rate = w.riskFree() + w.spread(i, 0)
}

// priceOpeningDebt sets the rate of each firm's opening debt from its
// opening coverage, so that an investment-grade incumbent starts at an
// investment-grade spread and a neocloud at a high-yield one.
func (w *world) priceOpeningDebt() {
	for i := range w.firms {
		f := &w.firms[i]
		for li := range f.loans {
			f.loans[li].rate = w.riskFree()
		}
		if len(f.loans) == 0 {
			continue
		}
		for k := 0; k < 5; k++ {
			s := w.spread(i, 0)
			for li := range f.loans {
				f.loans[li].rate = w.riskFree() + s
			}
		}
	}
}
