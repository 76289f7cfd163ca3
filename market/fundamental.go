package market

import (
	"fmt"
	"math"
)

// PresentValue returns Σ_{k=1}^{n} c_k / (1+r)^k, the value one period before
// the first of the cash flows c_1..c_n received at the ends of successive
// periods, discounted at the rate r > −1 per period.
func PresentValue(cashFlows []float64, rate float64) (float64, error) {
	if !(rate > -1) || math.IsInf(rate, 0) {
		return math.NaN(), fmt.Errorf("market: discount rate %v, want a finite rate > -1", rate)
	}
	var v, factor float64 = 0, 1
	for _, c := range cashFlows {
		factor /= 1 + rate
		v += c * factor
	}
	return v, nil
}

// GordonValue returns next/(rate − growth), the value one period before the
// first payment of a perpetuity that pays next and then grows at growth per
// period (Gordon 1959). It needs rate > growth.
func GordonValue(next, rate, growth float64) (float64, error) {
	if !(rate > growth) || !finite(rate) || !finite(growth) {
		return math.NaN(), fmt.Errorf("market: discount rate %v must exceed the growth rate %v", rate, growth)
	}
	return next / (rate - growth), nil
}

// DCFValue returns the discounted cash flow value of a firm whose explicit
// cash flows c_1..c_n are followed by a perpetuity growing at terminalGrowth
// from c_n:
//
//	V = Σ_{k=1}^{n} c_k/(1+r)^k + [c_n (1+g)/(r − g)] / (1+r)^n.
//
// V can be zero or negative for a firm that burns cash; the log fundamental
// of a Market asset needs a positive value, so the caller must decide on a
// floor (for example book value or liquidation value).
func DCFValue(cashFlows []float64, rate, terminalGrowth float64) (float64, error) {
	if len(cashFlows) == 0 {
		return math.NaN(), fmt.Errorf("market: DCF value needs at least one cash flow")
	}
	pv, err := PresentValue(cashFlows, rate)
	if err != nil {
		return math.NaN(), err
	}
	n := len(cashFlows)
	tv, err := GordonValue(cashFlows[n-1]*(1+terminalGrowth), rate, terminalGrowth)
	if err != nil {
		return math.NaN(), err
	}
	return pv + tv/math.Pow(1+rate, float64(n)), nil
}
