package psy

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestQuantileType7 checks the interpolation against R's default
// quantile(): quantile(1:10, c(0.05, 0.5, 0.95)) is 1.45, 5.5, 9.55 and
// quantile(c(1, 2, 3, 4), 0.9) is 3.7 (h = (n-1)p + 1, Hyndman and Fan 1996,
// definition 7).
func TestQuantileType7(t *testing.T) {
	t.Parallel()
	x := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	for _, c := range []struct{ p, want float64 }{{0.05, 1.45}, {0.5, 5.5}, {0.95, 9.55}, {0, 1}, {1, 10}} {
		if got := quantileSorted(c.p, x); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("quantile(1:10, %v) = %v, want %v", c.p, got, c.want)
		}
	}
	if got := quantileSorted(0.9, []float64{1, 2, 3, 4}); math.Abs(got-3.7) > 1e-12 {
		t.Errorf("quantile(1:4, 0.9) = %v, want 3.7", got)
	}
	if !math.IsNaN(quantileSorted(0.5, nil)) {
		t.Error("quantile of an empty sample is not NaN")
	}
}

// TestQuantileStdErr checks the order-statistic standard error against the
// asymptotic standard error of a sample quantile, sqrt(p(1-p)/n)/f(q_p)
// (e.g. Serfling 1980, section 2.3.3), for standard normal samples of 20000:
// at p = 0.95 that is 0.001541/0.10314 = 0.01494, and at p = 0.5 it is
// 0.003536/0.39894 = 0.008862. The estimate is itself noisy, hence 15%.
func TestQuantileStdErr(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 6))
	x := make([]float64, 20000)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	slices.Sort(x)
	for _, c := range []struct{ p, want float64 }{{0.95, 0.01494}, {0.5, 0.008862}} {
		if got := quantileStdErr(c.p, x); math.Abs(got-c.want) > 0.15*c.want {
			t.Errorf("p=%v: standard error %v, want %v ± 15%%", c.p, got, c.want)
		}
	}
}
