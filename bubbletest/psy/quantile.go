package psy

import (
	"math"
	"slices"
)

// quantileSorted returns the p-quantile of the ascending sample x by linear
// interpolation between order statistics at h = (n-1)·p, R's default
// (type 7, Hyndman and Fan 1996) and the rule exuber's critical values use.
// gonum's stat.Quantile offers only the empirical-CDF inverse and type 4,
// hence this helper.
func quantileSorted(p float64, x []float64) float64 {
	n := len(x)
	if n == 0 {
		return math.NaN()
	}
	h := float64(n-1) * p
	lo := int(math.Floor(h))
	if lo >= n-1 {
		return x[n-1]
	}
	return x[lo] + (h-float64(lo))*(x[lo+1]-x[lo])
}

// quantileStdErr estimates the Monte Carlo standard error of the p-quantile
// of the ascending sample x from the distribution-free confidence band of
// order statistics: the ranks n·p ± sqrt(n·p·(1-p)) bracket the quantile
// with about 68% probability, so half the distance between those order
// statistics approximates one standard error without estimating a density.
func quantileStdErr(p float64, x []float64) float64 {
	n := len(x)
	if n < 2 {
		return math.NaN()
	}
	np := float64(n) * p
	half := math.Sqrt(np * (1 - p))
	lo := int(math.Floor(np - half))
	hi := int(math.Ceil(np + half))
	lo = min(max(lo, 0), n-1)
	hi = min(max(hi, 0), n-1)
	return (x[hi] - x[lo]) / 2
}

// sortedDraws returns the values of x other than NaN in ascending order.
func sortedDraws(x []float64) []float64 {
	out := make([]float64, 0, len(x))
	for _, v := range x {
		if !math.IsNaN(v) {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out
}
