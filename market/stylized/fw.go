package stylized

import (
	"fmt"
	"math"
)

// Tail fraction and number of autocorrelation lags of FW's (2012) moments.
const (
	HillFraction = 0.05
	MaxLag       = 100
)

// FWLags are the lags of the absolute-return autocorrelation among FW's
// (2012) moments.
func FWLags() []int { return []int{1, 5, 10, 25, 50, 100} }

// Moments summarises one return series (in percent) by the statistics FW
// (2012) compare with the S&P 500.
type Moments struct {
	MeanAbs     float64   // mean |r|
	InverseHill float64   // Hill estimate of 1/α on the upper 5% of |r|
	ACF         []float64 // ACF[k−1] = ρ̂(k) of r, k = 1..MaxLag
	AbsACF      []float64 // AbsACF[k−1] = ρ̂(k) of |r|, k = 1..MaxLag
}

// Measure computes the Moments of the returns r. It needs more than
// MaxLag/HillFraction values for every statistic to be defined.
func Measure(r []float64) (Moments, error) {
	if len(r) <= MaxLag || len(r) < 2/HillFraction {
		return Moments{}, fmt.Errorf("stylized: %d returns are too few for lags up to %d and a %.0f%% tail", len(r), MaxLag, 100*HillFraction)
	}
	gamma, err := InverseHill(r, HillFraction)
	if err != nil {
		return Moments{}, err
	}
	abs := make([]float64, len(r))
	for i, v := range r {
		abs[i] = math.Abs(v)
	}
	m := Moments{
		MeanAbs:     MeanAbs(r),
		InverseHill: gamma,
		ACF:         make([]float64, MaxLag),
		AbsACF:      make([]float64, MaxLag),
	}
	ACFTo(m.ACF, r)
	ACFTo(m.AbsACF, abs)
	return m, nil
}
