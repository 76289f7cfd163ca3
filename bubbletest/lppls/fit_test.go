package lppls

import (
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/bubblelab/bubblelab/internal/inputerr"
)

// synthetic is the LPPLS path of the recovery tests: 500 daily observations
// t = 0..499 of a positive bubble with tc 21 days after the last one. Its
// parameters resemble the Nasdaq 1994–2000 fit (m ≈ 0.5, ω ≈ 9–14): the log
// price rises by 0.92 (a 2.5-fold rise) over the window, with log-periodic
// oscillations of amplitude C = 0.005.
var synthetic = Params{Tc: 520, M: 0.5, Omega: 9, A: 8, B: -0.05, C1: 0.004, C2: -0.003}

// TestFitRecoversNoiseless fits the noiseless path: the multi-start search
// must find the true nonlinear parameters and a residual of rounding size.
func TestFitRecoversNoiseless(t *testing.T) {
	t.Parallel()
	ts, lp := path(synthetic, 500, 0, 1, 0, nil)
	fit, err := Fitter{Starts: 10, Src: rand.NewPCG(1, 1)}.Fit(ts, lp)
	if err != nil {
		t.Fatal(err)
	}
	if fit.RSS > 1e-12 {
		t.Errorf("RSS = %g, want ≈ 0", fit.RSS)
	}
	checkClose(t, "tc", fit.Tc, synthetic.Tc, 1e-3)
	checkClose(t, "m", fit.M, synthetic.M, 1e-4)
	checkClose(t, "ω", fit.Omega, synthetic.Omega, 1e-3)
	checkClose(t, "B", fit.B, synthetic.B, 1e-5)
	if fit.N != 500 || fit.T1 != 0 || fit.T2 != 499 {
		t.Errorf("window N=%d [%v, %v], want 500 [0, 499]", fit.N, fit.T1, fit.T2)
	}
}

// TestFitRecoversNoisy fits the synthetic path plus iid Gaussian noise. The
// tolerances are about twice the largest error over 40 noise seeds measured
// with 10 starts (go run ./bench/lppls recovery; docs/detect-lppls.md): for σ = 0.01 the largest
// errors were 1.4 days in tc, 0.017 in m and 0.11 in ω; for σ = 0.03 they
// were 4.6 days, 0.052 and 0.34. In all 80 runs the fit's RSS was at most the
// RSS at the true parameters, which is asserted too: the search must find a
// minimum at least as deep as the truth.
func TestFitRecoversNoisy(t *testing.T) {
	t.Parallel()
	tests := []struct {
		sigma       float64
		seeds       []uint64
		tcTol, mTol float64
		omegaTol    float64
	}{
		{0.01, []uint64{1, 2, 3, 4}, 3, 0.035, 0.25},
		{0.03, []uint64{5, 6}, 9, 0.1, 0.7},
	}
	for _, tt := range tests {
		for _, seed := range tt.seeds {
			ts, lp := path(synthetic, 500, 0, 1, tt.sigma, rand.New(rand.NewPCG(seed, 99)))
			fit, err := Fitter{Starts: 10, Src: rand.NewPCG(seed, 1)}.Fit(ts, lp)
			if err != nil {
				t.Fatal(err)
			}
			if d := math.Abs(fit.Tc - synthetic.Tc); d > tt.tcTol {
				t.Errorf("σ=%v seed %d: tc = %.3f, off by %.3f > %v days", tt.sigma, seed, fit.Tc, d, tt.tcTol)
			}
			if d := math.Abs(fit.M - synthetic.M); d > tt.mTol {
				t.Errorf("σ=%v seed %d: m = %.4f, off by %.4f > %v", tt.sigma, seed, fit.M, d, tt.mTol)
			}
			if d := math.Abs(fit.Omega - synthetic.Omega); d > tt.omegaTol {
				t.Errorf("σ=%v seed %d: ω = %.4f, off by %.4f > %v", tt.sigma, seed, fit.Omega, d, tt.omegaTol)
			}
			_, rssTrue, err := LinearParams(ts, lp, synthetic.Tc, synthetic.M, synthetic.Omega)
			if err != nil {
				t.Fatal(err)
			}
			if fit.RSS > rssTrue {
				t.Errorf("σ=%v seed %d: fit RSS %.6g above the RSS %.6g at the true parameters", tt.sigma, seed, fit.RSS, rssTrue)
			}
			if fit.Bubble() != Positive {
				t.Errorf("σ=%v seed %d: bubble %v, want positive", tt.sigma, seed, fit.Bubble())
			}
		}
	}
}

// TestFitNegativeBubble fits an accelerating fall (B > 0) whose rebound is
// due 10 days after the window.
func TestFitNegativeBubble(t *testing.T) {
	t.Parallel()
	p := Params{Tc: 260, M: 0.6, Omega: 8, A: 4, B: 0.04, C1: 0.003, C2: 0.002}
	ts, lp := path(p, 250, 0, 1, 0.005, rand.New(rand.NewPCG(3, 3)))
	fit, err := Fitter{Starts: 10, Src: rand.NewPCG(3, 4)}.Fit(ts, lp)
	if err != nil {
		t.Fatal(err)
	}
	if fit.Bubble() != Negative {
		t.Fatalf("bubble %v (B = %v), want negative", fit.Bubble(), fit.B)
	}
	if d := math.Abs(fit.Tc - p.Tc); d > 5 {
		t.Errorf("tc = %.2f, off by %.2f > 5 days", fit.Tc, d)
	}
}

// TestFitTimeUnitInvariance fits the same prices against days and against
// fractional years (252 trading days a year). The model is invariant under an
// affine change of time, and Fit works in rescaled time, so the two fits must
// be the same model.
func TestFitTimeUnitInvariance(t *testing.T) {
	t.Parallel()
	days, lp := path(synthetic, 300, 200, 1, 0.01, rand.New(rand.NewPCG(8, 8)))
	years := make([]float64, len(days))
	for i, d := range days {
		years[i] = 1997 + d/252
	}
	fd, err := Fitter{Starts: 10, Src: rand.NewPCG(8, 9)}.Fit(days, lp)
	if err != nil {
		t.Fatal(err)
	}
	fy, err := Fitter{Starts: 10, Src: rand.NewPCG(8, 9)}.Fit(years, lp)
	if err != nil {
		t.Fatal(err)
	}
	checkClose(t, "tc (days)", (fy.Tc-1997)*252, fd.Tc, 1e-3)
	checkClose(t, "m", fy.M, fd.M, 1e-5)
	checkClose(t, "ω", fy.Omega, fd.Omega, 1e-4)
	checkClose(t, "RSS", fy.RSS, fd.RSS, 1e-9)
	for _, i := range []int{0, 150, 299} {
		checkClose(t, "fitted value", fy.LogPrice(years[i]), fd.LogPrice(days[i]), 1e-8)
	}
	if fy.Qualified != fd.Qualified || fy.Oscillations()-fd.Oscillations() > 1e-6 || fy.Damping()-fd.Damping() > 1e-6 {
		t.Errorf("qualification differs: years %v O=%v D=%v, days %v O=%v D=%v", fy.Qualified, fy.Oscillations(), fy.Damping(), fd.Qualified, fd.Oscillations(), fd.Damping())
	}
}

// TestFitDeterministic checks that a seeded Fitter gives identical fits.
func TestFitDeterministic(t *testing.T) {
	t.Parallel()
	ts, lp := path(synthetic, 200, 300, 1, 0.02, rand.New(rand.NewPCG(4, 4)))
	a, errA := Fitter{Starts: 3, Src: rand.NewPCG(7, 7)}.Fit(ts, lp)
	b, errB := Fitter{Starts: 3, Src: rand.NewPCG(7, 7)}.Fit(ts, lp)
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	if !reflect.DeepEqual(a, b) {
		t.Errorf("same seed, different fits:\n%+v\n%+v", a, b)
	}
}

// TestFitQualification checks that Fit applies the Fitter's filter.
func TestFitQualification(t *testing.T) {
	t.Parallel()
	ts, lp := path(synthetic, 500, 0, 1, 0.01, rand.New(rand.NewPCG(1, 99)))
	strict := Sornette2015Filter()
	fit, err := Fitter{Starts: 10, Src: rand.NewPCG(1, 1), Filter: strict}.Fit(ts, lp)
	if err != nil {
		t.Fatal(err)
	}
	// The synthetic damping is 0.5·0.05/(9·0.005) = 0.56 < 0.8.
	if fit.Qualified || len(fit.Reasons) != 1 {
		t.Errorf("Sornette filter: qualified %v, reasons %q; want only the damping to fail", fit.Qualified, fit.Reasons)
	}
	fit, err = Fitter{Starts: 10, Src: rand.NewPCG(1, 1), Filter: LPPLSPackageFilter()}.Fit(ts, lp)
	if err != nil {
		t.Fatal(err)
	}
	if !fit.Qualified || fit.Reasons != nil {
		t.Errorf("lppls-package filter (D ≥ 0.5): qualified %v, reasons %q; want qualified", fit.Qualified, fit.Reasons)
	}
}

func TestFitErrors(t *testing.T) {
	t.Parallel()
	ts, lp := path(synthetic, 50, 0, 1, 0, nil)
	src := rand.NewPCG(1, 1)
	with := func(i int, v float64, s []float64) []float64 {
		c := append([]float64(nil), s...)
		c[i] = v
		return c
	}
	tests := []struct {
		name   string
		f      Fitter
		t, p   []float64
		target error
	}{
		{"too short", Fitter{Src: src}, ts[:MinObservations-1], lp[:MinObservations-1], ErrTooShort},
		{"empty", Fitter{Src: src}, nil, nil, ErrTooShort},
		{"length mismatch", Fitter{Src: src}, ts, lp[:40], ErrLengthMismatch},
		{"NaN price", Fitter{Src: src}, ts, with(7, math.NaN(), lp), ErrNotFinite},
		{"Inf price", Fitter{Src: src}, ts, with(7, math.Inf(-1), lp), ErrNotFinite},
		{"NaN time", Fitter{Src: src}, with(3, math.NaN(), ts), lp, ErrNotFinite},
		{"repeated time", Fitter{Src: src}, with(3, 2, ts), lp, ErrTimeOrder},
		{"decreasing time", Fitter{Src: src}, with(49, 10, ts), lp, ErrTimeOrder},
		{"overflowing span", Fitter{Src: src}, with(0, -math.MaxFloat64, with(49, math.MaxFloat64, ts)), lp, ErrNotFinite},
		{"nil source", Fitter{}, ts, lp, ErrBadOption},
		{"negative starts", Fitter{Starts: -1, Src: src}, ts, lp, ErrBadOption},
		{"fewer candidates than starts", Fitter{Starts: 5, Candidates: 4, Src: src}, ts, lp, ErrBadOption},
		{"negative evaluations", Fitter{MaxEvaluations: -3, Src: src}, ts, lp, ErrBadOption},
		{"tc before t1", Fitter{Bounds: SearchBounds{TcBefore: 1, TcAfter: 0.2, MMin: 0.1, MMax: 1, OmegaMin: 2, OmegaMax: 20}, Src: src}, ts, lp, ErrBadOption},
		{"m at zero", Fitter{Bounds: SearchBounds{TcBefore: 0.2, TcAfter: 0.2, MMin: 0, MMax: 1, OmegaMin: 2, OmegaMax: 20}, Src: src}, ts, lp, ErrBadOption},
		{"empty ω range", Fitter{Bounds: SearchBounds{TcBefore: 0.2, TcAfter: 0.2, MMin: 0.1, MMax: 1, OmegaMin: 20, OmegaMax: 2}, Src: src}, ts, lp, ErrBadOption},
		{"NaN bound", Fitter{Bounds: SearchBounds{TcBefore: math.NaN(), TcAfter: 0.2, MMin: 0.1, MMax: 1, OmegaMin: 2, OmegaMax: 20}, Src: src}, ts, lp, ErrBadOption},
		{"empty filter m range", Fitter{Filter: Filter{MMin: 1, MMax: 0.5}, Src: src}, ts, lp, ErrBadOption},
		{"NaN filter", Fitter{Filter: Filter{MinDamping: math.NaN()}, Src: src}, ts, lp, ErrBadOption},
		{"overflowing prices", Fitter{Starts: 1, Src: src}, ts, constant(len(ts), 1e300), ErrNoFit},
	}
	for _, tt := range tests {
		_, err := tt.f.Fit(tt.t, tt.p)
		if !errors.Is(err, tt.target) {
			t.Errorf("%s: error %v, want %v", tt.name, err, tt.target)
			continue
		}
		if !inputerr.Is(err) {
			t.Errorf("%s: error %v is not marked as bad input", tt.name, err)
		}
	}
}

func TestLinearParams(t *testing.T) {
	t.Parallel()
	ts, lp := path(synthetic, 100, 400, 1, 0, nil)
	p, rss, err := LinearParams(ts, lp, synthetic.Tc, synthetic.M, synthetic.Omega)
	if err != nil {
		t.Fatal(err)
	}
	if rss > 1e-20 || !reflect.DeepEqual(p.Bubble(), Positive) {
		t.Errorf("RSS %g, bubble %v", rss, p.Bubble())
	}
	checkClose(t, "B", p.B, synthetic.B, 1e-9)
	checkClose(t, "C1", p.C1, synthetic.C1, 1e-9)
	for _, bad := range [][3]float64{{520, 0, 9}, {520, -0.5, 9}, {math.NaN(), 0.5, 9}, {520, 0.5, math.Inf(1)}} {
		if _, _, err := LinearParams(ts, lp, bad[0], bad[1], bad[2]); !errors.Is(err, ErrBadOption) {
			t.Errorf("LinearParams(%v): error %v, want ErrBadOption", bad, err)
		}
	}
	if _, _, err := LinearParams(ts, lp, 600, 0.5, 0); !errors.Is(err, ErrNoFit) {
		t.Errorf("ω = 0: error %v, want ErrNoFit", err)
	}
	if _, _, err := LinearParams(ts[:5], lp[:5], 520, 0.5, 9); !errors.Is(err, ErrTooShort) {
		t.Errorf("short series: error %v, want ErrTooShort", err)
	}
}

func constant(n int, v float64) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = v
	}
	return s
}

func checkClose(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol*math.Max(1, math.Abs(want)) {
		t.Errorf("%s = %.10g, want %.10g (tolerance %g)", name, got, want, tol)
	}
}

func BenchmarkFit(b *testing.B) {
	s := loadNasdaq(b)
	ty := s.years()
	end := len(ty) - 1
	for _, n := range []int{125, 400, 750} {
		for _, starts := range []int{1, 5, 25} {
			b.Run("window="+itoa(n)+"/starts="+itoa(starts), func(b *testing.B) {
				evals := 0
				for i := range b.N {
					fit, err := Fitter{Starts: starts, Src: rand.NewPCG(uint64(i), 0)}.Fit(ty[end-n+1:end+1], s.logp[end-n+1:end+1])
					if err != nil {
						b.Fatal(err)
					}
					evals += fit.Evaluations
				}
				b.ReportMetric(float64(evals)/float64(b.N), "evals/fit")
			})
		}
	}
}
