package sensitivity

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/bubblelab/bubblelab/sweep/qmc"
)

// ishigami is the test function of Ishigami and Homma (1990) with a = 7,
// b = 0.1 on x in [-π, π)^3.
func ishigami(x []float64) float64 {
	const a, b = 7, 0.1
	return math.Sin(x[0]) + a*math.Sin(x[1])*math.Sin(x[1]) + b*math.Pow(x[2], 4)*math.Sin(x[0])
}

// Analytic indices of the Ishigami function for a = 7, b = 0.1 (Saltelli
// et al. 2008, The Primer, section 4.6; Sobol' and Levitan 1999):
// V = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2, V1 = (1 + bπ⁴/5)²/2, V2 = a²/8,
// V13 = b²π⁸(1/18 − 1/50), V3 = 0.
var (
	ishigamiFirst = []float64{0.3139, 0.4424, 0}
	ishigamiTotal = []float64{0.5576, 0.4424, 0.2437}
)

// The analytic values above follow from the closed forms.
func TestIshigamiClosedForm(t *testing.T) {
	const a, b = 7.0, 0.1
	pi4 := math.Pow(math.Pi, 4)
	pi8 := pi4 * pi4
	v1 := (1 + b*pi4/5) * (1 + b*pi4/5) / 2
	v2 := a * a / 8
	v13 := b * b * pi8 * (1.0/18 - 1.0/50)
	v := v1 + v2 + v13
	got := []float64{v1 / v, v2 / v, 0, (v1 + v13) / v, v2 / v, v13 / v}
	want := append(append([]float64{}, ishigamiFirst...), ishigamiTotal...)
	for i := range want {
		if math.Abs(got[i]-want[i]) > 5e-5 {
			t.Errorf("index %d: closed form %.5f, table %.4f", i, got[i], want[i])
		}
	}
}

// saltelliSample evaluates f at the Saltelli design built from a
// 2k-dimensional point source, mapping [0,1) to [lo, hi).
func saltelliSample(n, k int, point func(j int, u []float64), lo, hi float64, f func([]float64) float64) Sample {
	s := Sample{FA: make([]float64, n), FB: make([]float64, n), FAB: make([][]float64, k)}
	for i := range s.FAB {
		s.FAB[i] = make([]float64, n)
	}
	u := make([]float64, 2*k)
	a, b, ab := make([]float64, k), make([]float64, k), make([]float64, k)
	for j := range n {
		point(j, u)
		for c := range k {
			a[c] = lo + (hi-lo)*u[c]
			b[c] = lo + (hi-lo)*u[k+c]
		}
		s.FA[j], s.FB[j] = f(a), f(b)
		for i := range k {
			copy(ab, a)
			ab[i] = b[i]
			s.FAB[i][j] = f(ab)
		}
	}
	return s
}

// With N = 2^13 Sobol base rows (40960 evaluations) the estimates are
// within 0.01 of the analytic indices, and the analytic values lie inside
// the 95% bootstrap intervals. (Measured errors at this N: at most 0.0010
// for S_i and 0.0010 for ST_i, so the tolerance has a tenfold margin.)
func TestIshigamiSobol(t *testing.T) {
	const n, k = 1 << 13, 3
	seq, err := qmc.NewSobol(2 * k)
	if err != nil {
		t.Fatal(err)
	}
	s := saltelliSample(n, k, func(j int, u []float64) { seq.Point(uint32(j), u) }, -math.Pi, math.Pi, ishigami)
	res, err := Estimate(s, Bootstrap{Resamples: 300, Confidence: 0.95, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	const tol = 0.01
	for i := range k {
		t.Logf("x%d: S = %.4f [%.4f, %.4f] (analytic %.4f), ST = %.4f [%.4f, %.4f] (analytic %.4f)", i+1,
			res.First[i], res.FirstCI[i][0], res.FirstCI[i][1], ishigamiFirst[i],
			res.Total[i], res.TotalCI[i][0], res.TotalCI[i][1], ishigamiTotal[i])
		if d := math.Abs(res.First[i] - ishigamiFirst[i]); d > tol {
			t.Errorf("S_%d = %.4f, analytic %.4f", i+1, res.First[i], ishigamiFirst[i])
		}
		if d := math.Abs(res.Total[i] - ishigamiTotal[i]); d > tol {
			t.Errorf("ST_%d = %.4f, analytic %.4f", i+1, res.Total[i], ishigamiTotal[i])
		}
		if ci := res.FirstCI[i]; ishigamiFirst[i] < ci[0] || ishigamiFirst[i] > ci[1] {
			t.Errorf("S_%d interval %v misses %.4f", i+1, ci, ishigamiFirst[i])
		}
		if ci := res.TotalCI[i]; ishigamiTotal[i] < ci[0] || ishigamiTotal[i] > ci[1] {
			t.Errorf("ST_%d interval %v misses %.4f", i+1, ci, ishigamiTotal[i])
		}
	}
}

// Coverage of the bootstrap intervals with independent uniform draws,
// where the bootstrap's assumptions hold: over 100 repetitions with
// N = 1024 the 90% intervals of all six indices contain the analytic
// value in at least 80% of repetitions each (expected 90; a binomial
// count below 80 has probability under 0.2%).
func TestIshigamiBootstrapCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("coverage study")
	}
	const reps, n, k = 100, 1024, 3
	hitsFirst, hitsTotal := make([]int, k), make([]int, k)
	for r := range reps {
		rng := rand.New(rand.NewPCG(42, uint64(r)))
		s := saltelliSample(n, k, func(j int, u []float64) {
			for c := range u {
				u[c] = rng.Float64()
			}
		}, -math.Pi, math.Pi, ishigami)
		res, err := Estimate(s, Bootstrap{Resamples: 200, Confidence: 0.90, Seed: uint64(r)})
		if err != nil {
			t.Fatal(err)
		}
		for i := range k {
			if ci := res.FirstCI[i]; ishigamiFirst[i] >= ci[0] && ishigamiFirst[i] <= ci[1] {
				hitsFirst[i]++
			}
			if ci := res.TotalCI[i]; ishigamiTotal[i] >= ci[0] && ishigamiTotal[i] <= ci[1] {
				hitsTotal[i]++
			}
		}
	}
	t.Logf("coverage of 90%% intervals over %d repetitions: first %v, total %v", reps, hitsFirst, hitsTotal)
	for i := range k {
		if hitsFirst[i] < 80 || hitsTotal[i] < 80 {
			t.Errorf("x%d: coverage first %d%%, total %d%%", i+1, hitsFirst[i], hitsTotal[i])
		}
	}
}

// An additive linear model Y = Σ c_i X_i with independent uniform inputs
// has S_i = ST_i = c_i² / Σ c_j²; the estimators are exact up to sampling
// error, and an input with c_i = 0 gets 0 for both.
func TestLinearModel(t *testing.T) {
	c := []float64{1, 2, 0, 3}
	seq, _ := qmc.NewSobol(2 * len(c))
	f := func(x []float64) float64 {
		y := 0.0
		for i, v := range x {
			y += c[i] * v
		}
		return y
	}
	s := saltelliSample(1<<12, len(c), func(j int, u []float64) { seq.Point(uint32(j), u) }, 0, 1, f)
	res, err := Estimate(s, Bootstrap{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range c {
		want := c[i] * c[i] / 14
		if math.Abs(res.First[i]-want) > 0.005 || math.Abs(res.Total[i]-want) > 0.005 {
			t.Errorf("x%d: S = %.4f, ST = %.4f, want %.4f", i+1, res.First[i], res.Total[i], want)
		}
	}
	if res.Total[2] != 0 {
		t.Errorf("an input the model ignores has ST = %g", res.Total[2])
	}
}

// Intervals do not depend on the number of workers.
func TestBootstrapWorkers(t *testing.T) {
	seq, _ := qmc.NewSobol(6)
	s := saltelliSample(256, 3, func(j int, u []float64) { seq.Point(uint32(j), u) }, -math.Pi, math.Pi, ishigami)
	a, err := Estimate(s, Bootstrap{Resamples: 50, Confidence: 0.9, Seed: 3, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Estimate(s, Bootstrap{Resamples: 50, Confidence: 0.9, Seed: 3, Workers: 4})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("1 worker %v\n4 workers %v", a, b)
	}
}

func TestEstimateErrors(t *testing.T) {
	ok := Sample{FA: []float64{1, 2}, FB: []float64{3, 4}, FAB: [][]float64{{1, 4}}}
	for name, s := range map[string]Sample{
		"one row":  {FA: []float64{1}, FB: []float64{1}, FAB: [][]float64{{1}}},
		"B short":  {FA: []float64{1, 2}, FB: []float64{1}, FAB: [][]float64{{1, 2}}},
		"no AB":    {FA: []float64{1, 2}, FB: []float64{1, 2}},
		"AB short": {FA: []float64{1, 2}, FB: []float64{1, 2}, FAB: [][]float64{{1}}},
		"NaN":      {FA: []float64{1, math.NaN()}, FB: []float64{1, 2}, FAB: [][]float64{{1, 2}}},
	} {
		if _, err := Estimate(s, Bootstrap{}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := Estimate(ok, Bootstrap{Resamples: 10, Confidence: 1}); err == nil {
		t.Error("confidence 1 accepted")
	}
	constant := Sample{FA: []float64{2, 2}, FB: []float64{2, 2}, FAB: [][]float64{{2, 2}}}
	if _, err := Estimate(constant, Bootstrap{}); !errors.Is(err, ErrNoVariance) {
		t.Errorf("constant output: %v", err)
	}
}

func TestQuantile(t *testing.T) {
	// R: quantile(c(1, 2, 4, 8), c(0, 0.1, 0.5, 0.9, 1)) = 1, 1.3, 3, 6.8, 8
	x := []float64{1, 2, 4, 8}
	for _, c := range []struct{ p, want float64 }{{0, 1}, {0.1, 1.3}, {0.5, 3}, {0.9, 6.8}, {1, 8}} {
		if got := Quantile(x, c.p); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("Quantile(%v) = %v, want %v", c.p, got, c.want)
		}
	}
	if Quantile([]float64{5}, 0.3) != 5 {
		t.Error("single value")
	}
}

func ExampleEstimate() {
	// Y = X1 + 2·X2 with X1, X2 uniform on [0, 1): S = ST = 1/5 and 4/5.
	seq, _ := qmc.NewSobol(4)
	const n = 1 << 10
	s := Sample{FA: make([]float64, n), FB: make([]float64, n), FAB: [][]float64{make([]float64, n), make([]float64, n)}}
	u := make([]float64, 4)
	f := func(x1, x2 float64) float64 { return x1 + 2*x2 }
	for j := range n {
		seq.Point(uint32(j), u)
		s.FA[j], s.FB[j] = f(u[0], u[1]), f(u[2], u[3])
		s.FAB[0][j], s.FAB[1][j] = f(u[2], u[1]), f(u[0], u[3])
	}
	res, _ := Estimate(s, Bootstrap{})
	fmt.Printf("S  = %.2f %.2f\nST = %.2f %.2f\n", res.First[0], res.First[1], res.Total[0], res.Total[1])
	// Output:
	// S  = 0.20 0.80
	// ST = 0.20 0.80
}
