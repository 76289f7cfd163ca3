package stylized

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

func TestMeanAbs(t *testing.T) {
	if got := MeanAbs([]float64{-1, 2, -3}); got != 2 {
		t.Errorf("MeanAbs = %v, want 2", got)
	}
	if got := MeanAbs(nil); !math.IsNaN(got) {
		t.Errorf("MeanAbs(nil) = %v, want NaN", got)
	}
}

// Worked by hand for x = 1..5: deviations −2..2, Σd² = 10; the lagged
// cross-products sum to 4, −1, −4, −4 at lags 1..4, and nothing at lag 5.
func TestACFWorkedExample(t *testing.T) {
	got := ACF([]float64{1, 2, 3, 4, 5}, 5)
	want := []float64{0.4, -0.1, -0.4, -0.4, 0}
	for k := range want {
		if math.Abs(got[k]-want[k]) > 1e-15 {
			t.Errorf("lag %d: %v, want %v", k+1, got[k], want[k])
		}
	}
	for _, v := range ACF([]float64{3, 3, 3}, 2) {
		if !math.IsNaN(v) {
			t.Errorf("ACF of a constant = %v, want NaN", v)
		}
	}
}

// For an AR(1) x_t = φ x_{t−1} + e_t the population ACF is φ^k, and
// Bartlett's formula gives the sampling variance of ρ̂(k) as
// [(1+φ²)(1−φ^{2k})/(1−φ²) − 2kφ^{2k}]/n (Box & Jenkins, eq. 6.2.3 for an
// AR(1)). The estimate must lie within 4 of those standard errors.
func TestACFOfAR1(t *testing.T) {
	for _, phi := range []float64{-0.5, 0.3, 0.8} {
		const n = 200000
		rng := rand.New(rand.NewPCG(11, uint64(1000*phi+1000)))
		x := make([]float64, n)
		x[0] = rng.NormFloat64() / math.Sqrt(1-phi*phi) // start in the stationary law
		for t := 1; t < n; t++ {
			x[t] = phi*x[t-1] + rng.NormFloat64()
		}
		acf := ACF(x, 20)
		for _, k := range []int{1, 2, 5, 10, 20} {
			want := math.Pow(phi, float64(k))
			p2k := math.Pow(phi, float64(2*k))
			se := math.Sqrt(((1+phi*phi)*(1-p2k)/(1-phi*phi) - 2*float64(k)*p2k) / n)
			if got := acf[k-1]; math.Abs(got-want) > 4*se {
				t.Errorf("φ = %v, lag %d: ρ̂ = %.5f, want %.5f ± %.5f", phi, k, got, want, 4*se)
			}
		}
	}
}

// Worked by hand: |x| = 1..20 with a 10% tail gives k = 2 and threshold
// X_(3) = 18, so γ̂ = [ln(20/18) + ln(19/18)]/2 = 0.0797138...
func TestInverseHillWorkedExample(t *testing.T) {
	x := make([]float64, 20)
	for i := range x {
		x[i] = float64(i + 1)
		if i%2 == 0 {
			x[i] = -x[i] // the sign must not matter
		}
	}
	x[0], x[19] = x[19], x[0] // nor the order
	got, err := InverseHill(x, 0.10)
	want := (math.Log(20.0/18) + math.Log(19.0/18)) / 2
	if err != nil || math.Abs(got-want) > 1e-15 {
		t.Errorf("InverseHill = %v, %v; want %v", got, err, want)
	}
	if x[0] != 20 || x[19] != -1 {
		t.Error("InverseHill modified its input")
	}
}

// For exact Pareto draws with tail index α the k log excesses over X_(k+1)
// are independent exponentials with mean 1/α (Rényi representation), so γ̂
// has mean 1/α and standard deviation 1/(α√k).
func TestInverseHillOfPareto(t *testing.T) {
	for _, alpha := range []float64{1.5, 3, 4} {
		src := rand.NewPCG(5, uint64(alpha*10))
		pareto := distuv.Pareto{Xm: 2, Alpha: alpha, Src: src}
		x := make([]float64, 100000)
		for i := range x {
			x[i] = pareto.Rand()
		}
		got, err := InverseHill(x, 0.05)
		if err != nil {
			t.Fatal(err)
		}
		k := 5000.0
		if want, tol := 1/alpha, 4/(alpha*math.Sqrt(k)); math.Abs(got-want) > tol {
			t.Errorf("α = %v: γ̂ = %.5f, want %.5f ± %.5f", alpha, got, want, tol)
		}
		// Scale invariance: the estimator only sees ratios.
		for i := range x {
			x[i] *= 37
		}
		if scaled, _ := InverseHill(x, 0.05); math.Abs(scaled-got) > 1e-12 {
			t.Errorf("α = %v: γ̂ changed under scaling, %v vs %v", alpha, scaled, got)
		}
	}
}

func TestInverseHillErrors(t *testing.T) {
	for _, tc := range []struct {
		name     string
		x        []float64
		fraction float64
	}{
		{"fraction zero", []float64{1, 2, 3}, 0},
		{"fraction one", []float64{1, 2, 3}, 1},
		{"k zero", []float64{1, 2, 3}, 0.1},
		{"zero threshold", []float64{0, 0, 0, 0, 0, 0, 0, 0, 0, 5}, 0.1},
	} {
		if _, err := InverseHill(tc.x, tc.fraction); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}

// On independent Gaussian returns every autocorrelation is zero (within
// 4/√n) and mean |r| = σ√(2/π).
func TestMeasureOnGaussianNoise(t *testing.T) {
	const n, sigma = 50000, 1.3
	rng := rand.New(rand.NewPCG(3, 3))
	r := make([]float64, n)
	for i := range r {
		r[i] = sigma * rng.NormFloat64()
	}
	m, err := Measure(r)
	if err != nil {
		t.Fatal(err)
	}
	if want := sigma * math.Sqrt(2/math.Pi); math.Abs(m.MeanAbs-want) > 4*sigma*math.Sqrt((1-2/math.Pi)/n) {
		t.Errorf("mean |r| = %v, want %v", m.MeanAbs, want)
	}
	for k := range MaxLag {
		if math.Abs(m.ACF[k]) > 4/math.Sqrt(n) || math.Abs(m.AbsACF[k]) > 4/math.Sqrt(n) {
			t.Errorf("lag %d: ACF %v, |r| ACF %v, want 0 ± %v", k+1, m.ACF[k], m.AbsACF[k], 4/math.Sqrt(n))
		}
	}
	if _, err := Measure(r[:100]); err == nil {
		t.Error("Measure of 100 returns succeeded")
	}
}
