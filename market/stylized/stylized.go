package stylized

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/stat"
)

// MeanAbs returns the mean of |x_t|. It is NaN for an empty x.
func MeanAbs(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	var sum float64
	for _, v := range x {
		sum += math.Abs(v)
	}
	return sum / float64(len(x))
}

// ACF returns the sample autocorrelations ρ̂(1), …, ρ̂(maxLag) of x, with the
// convention of the package documentation. Lags at or beyond len(x) are 0, and
// all lags are NaN when x is constant.
func ACF(x []float64, maxLag int) []float64 {
	dst := make([]float64, maxLag)
	ACFTo(dst, x)
	return dst
}

// ACFTo writes ρ̂(1), …, ρ̂(len(dst)) of x into dst.
func ACFTo(dst, x []float64) {
	mean := stat.Mean(x, nil)
	d := make([]float64, len(x))
	for i, v := range x {
		d[i] = v - mean
	}
	denom := floats.Dot(d, d)
	for k := 1; k <= len(dst); k++ {
		if k >= len(d) {
			dst[k-1] = 0 / denom // no pairs: 0, or NaN for a constant series
			continue
		}
		dst[k-1] = floats.Dot(d[:len(d)-k], d[k:]) / denom
	}
}

// InverseHill returns the Hill estimate γ̂ = 1/α̂ of the tail index of |x| from
// its k = ⌊fraction·len(x)⌋ largest absolute values (see the package
// documentation). It fails when k < 1, when k+1 exceeds len(x), or when the
// threshold X_(k+1) is zero. x is not modified.
func InverseHill(x []float64, fraction float64) (float64, error) {
	if !(fraction > 0 && fraction < 1) {
		return math.NaN(), fmt.Errorf("stylized: tail fraction %v, want in (0, 1)", fraction)
	}
	k := int(fraction * float64(len(x)))
	if k < 1 || k+1 > len(x) {
		return math.NaN(), fmt.Errorf("stylized: tail fraction %v of %d values leaves k = %d order statistics", fraction, len(x), k)
	}
	abs := make([]float64, len(x))
	for i, v := range x {
		abs[i] = math.Abs(v)
	}
	slices.Sort(abs)
	n := len(abs)
	threshold := abs[n-k-1] // X_(k+1), the (k+1)-th largest
	if threshold == 0 {
		return math.NaN(), errors.New("stylized: Hill threshold X_(k+1) is zero")
	}
	var sum float64
	for _, v := range abs[n-k:] {
		sum += math.Log(v / threshold)
	}
	return sum / float64(k), nil
}
