package psy

import (
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/bubblelab/bubblelab/internal/inputerr"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestSP500Exuber is the acceptance test of the issue: the S&P 500
// price-dividend ratio of Phillips, Shi and Yu (2015), 1680 months from
// January 1871 to December 2010, lag 0 and exuber's default minimum window
// of floor((0.01+1.8/sqrt(1680))·1680) = 90 regression rows. The expected
// values are those of the R package exuber (radf(snp), quoted in the issue
// to 1e-5); PSY (2015) report GSADF = 4.21 for this series.
func TestSP500Exuber(t *testing.T) {
	t.Parallel()
	_, y := readSeries(t, spPath)
	if len(y) != 1680 {
		t.Fatalf("read %d months, want 1680", len(y))
	}
	r, err := Test(y, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.MinWindow != 90 || r.Offset != 90 || len(r.BSADF) != 1590 {
		t.Errorf("window: MinWindow=%d Offset=%d len(BSADF)=%d, want 90, 90, 1590", r.MinWindow, r.Offset, len(r.BSADF))
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"ADF", r.ADF, -1.16534},
		{"SADF", r.SADF, 3.44324},
		{"GSADF", r.GSADF, 4.20687},
	} {
		// exuber's figures are rounded to five decimals.
		if math.Abs(c.got-c.want) > 0.5e-5 {
			t.Errorf("%s = %.7f, want %.5f (exuber)", c.name, c.got, c.want)
		}
	}
}

// TestSP500Golden pins the whole BADF and BSADF sequences of the S&P 500
// series (lag 0 and lag 2) so that a change anywhere in the recursion shows
// up. Regenerate with go test -run SP500Golden -update after checking the
// acceptance test still passes.
func TestSP500Golden(t *testing.T) {
	t.Parallel()
	_, y := readSeries(t, spPath)
	for _, lag := range []int{0, 2} {
		r, err := Test(y, Options{Lag: lag})
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		fmt.Fprintf(&b, "# index badf bsadf (S&P 500 P/D, minimum window %d rows, lag %d)\n", r.MinWindow, lag)
		for i := range r.BSADF {
			fmt.Fprintf(&b, "%d %.12g %.12g\n", r.Offset+i, r.BADF[i], r.BSADF[i])
		}
		path := filepath.Join("testdata", fmt.Sprintf("sp500_lag%d.golden", lag))
		if *update {
			if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		compareGolden(t, path, string(want), b.String())
	}
}

// compareGolden compares line by line with a relative tolerance of 1e-10,
// which absorbs differences in floating-point contraction between
// architectures but nothing an algorithm change would produce.
func compareGolden(t *testing.T, path, want, got string) {
	t.Helper()
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	if len(wl) != len(gl) {
		t.Fatalf("%s: %d lines, got %d", path, len(wl), len(gl))
	}
	for i := range wl {
		if strings.HasPrefix(wl[i], "#") || wl[i] == gl[i] {
			continue
		}
		wf, gf := strings.Fields(wl[i]), strings.Fields(gl[i])
		if len(wf) != len(gf) {
			t.Fatalf("%s:%d: %q, got %q", path, i+1, wl[i], gl[i])
		}
		for j := range wf {
			a, _ := strconv.ParseFloat(wf[j], 64)
			b, _ := strconv.ParseFloat(gf[j], 64)
			if math.Abs(a-b) > 1e-10*math.Max(1, math.Abs(a)) {
				t.Fatalf("%s:%d: %q, got %q", path, i+1, wl[i], gl[i])
			}
		}
	}
}

// bubbleSeries is a random walk with an explosive stretch (ρ = 1.06) and a
// collapse, in the spirit of PSY's (2015) bubble data-generating process.
func bubbleSeries(n int, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 99))
	y := make([]float64, n)
	y[0] = 100
	for i := 1; i < n; i++ {
		switch {
		case i > n/2 && i <= n/2+n/6:
			y[i] = 1.06*y[i-1] + rng.NormFloat64()
		case i == n/2+n/6+1:
			y[i] = y[n/2] + rng.NormFloat64()
		default:
			y[i] = y[i-1] + rng.NormFloat64()
		}
	}
	return y
}

// TestAgainstReference checks every window statistic against an
// independent textbook computation (explicit design matrix, gonum QR) for
// fixed lags 0 to 3 and 6 on random walks and bubble paths.
func TestAgainstReference(t *testing.T) {
	t.Parallel()
	// The last case sits at 10⁶ with unit steps. There the reference is
	// computed on the same path without the offset, which the statistics
	// ignore: QR on the raw levels loses about 1e-9 to the intercept's
	// near-collinearity with the level, while Test measures levels from the
	// start of each window and keeps 1e-10.
	cases := []struct {
		name string
		y    []float64
		ref  []float64
		minw int
	}{
		{"random walk", randomWalk(48, 3), nil, 10},
		{"bubble", bubbleSeries(60, 4), nil, 12},
		{"random walk far from zero", shift(randomWalk(40, 5), 1e6), randomWalk(40, 5), 9},
	}
	// Lags up to 5 use the stack-array factorisation, lag 6 the general one.
	for _, c := range cases {
		for _, lag := range []int{0, 1, 2, 3, 6} {
			t.Run(fmt.Sprintf("%s/lag=%d", c.name, lag), func(t *testing.T) {
				r, err := Test(c.y, Options{MinWindow: c.minw, Lag: lag})
				if err != nil {
					t.Fatal(err)
				}
				ref := c.ref
				if ref == nil {
					ref = c.y
				}
				badf, bsadf := refBSADF(ref, c.minw, lag)
				if len(badf) != len(r.BADF) || len(bsadf) != len(r.BSADF) {
					t.Fatalf("lengths %d/%d, reference %d/%d", len(r.BADF), len(r.BSADF), len(badf), len(bsadf))
				}
				for i := range badf {
					if !close(r.BADF[i], badf[i], 1e-9) || !close(r.BSADF[i], bsadf[i], 1e-9) {
						t.Fatalf("index %d: BADF %v BSADF %v, reference %v %v", r.Offset+i, r.BADF[i], r.BSADF[i], badf[i], bsadf[i])
					}
				}
				adf, err := ADF(c.y, lag)
				if err != nil {
					t.Fatal(err)
				}
				if !close(adf, r.ADF, 1e-12) || !close(adf, refADF(ref, lag), 1e-9) {
					t.Errorf("ADF %v, Test %v, reference %v", adf, r.ADF, refADF(ref, lag))
				}
			})
		}
	}
}

func shift(y []float64, c float64) []float64 {
	for i := range y {
		y[i] += c
	}
	return y
}

func close(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b))
}

// refSelect is an independent reference for per-window lag selection: for
// the rows s..e of the maximum-lag design it fits every lag with gonum's QR
// on those same rows, picks the smallest Gaussian information criterion and
// returns that model's level t-ratio.
func refSelect(y []float64, s, e, maxLag int, ic LagSelection) float64 {
	n := e - s + 1
	best, bestIC := 0, math.Inf(1)
	for p := 0; p <= maxLag; p++ {
		// Prices spanning rows s..e for lag p: the first row uses prices
		// from t-1-p with t = s+1+maxLag.
		first := s + maxLag - p
		w := y[first : e+1+maxLag+1]
		ssr := refSSR(w, p)
		pen := 2.0
		if ic == BIC {
			pen = math.Log(float64(n))
		}
		v := math.Log(ssr/float64(n)) + pen*float64(p+2)/float64(n)
		if v < bestIC {
			best, bestIC = p, v
		}
	}
	return refADF(y[s+maxLag-best:e+1+maxLag+1], best)
}

// TestLagSelectionAgainstReference checks AIC and BIC per-window selection.
func TestLagSelectionAgainstReference(t *testing.T) {
	t.Parallel()
	y := bubbleSeries(50, 8)
	const minw, maxLag = 12, 3
	for _, ic := range []LagSelection{AIC, BIC} {
		r, err := Test(y, Options{MinWindow: minw, LagSelect: ic, MaxLag: maxLag})
		if err != nil {
			t.Fatal(err)
		}
		rows := len(y) - 1 - maxLag
		for e := minw - 1; e < rows; e++ {
			best := math.Inf(-1)
			for s := 0; e-s+1 >= minw; s++ {
				best = math.Max(best, refSelect(y, s, e, maxLag, ic))
			}
			k := e - (minw - 1)
			if !close(r.BSADF[k], best, 1e-9) {
				t.Fatalf("%v: BSADF[%d] = %v, reference %v", ic, k, r.BSADF[k], best)
			}
			if b0 := refSelect(y, 0, e, maxLag, ic); !close(r.BADF[k], b0, 1e-9) {
				t.Fatalf("%v: BADF[%d] = %v, reference %v", ic, k, r.BADF[k], b0)
			}
		}
	}
}

// TestSelectLag checks full-sample selection on a series whose differences
// follow an AR(2) with large coefficients: both criteria must find lag 2
// (BIC is consistent for the order of a finite autoregression).
func TestSelectLag(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(11, 12))
	n := 600
	y := make([]float64, n)
	d := make([]float64, n)
	for i := 2; i < n; i++ {
		d[i] = 0.5*d[i-1] - 0.4*d[i-2] + rng.NormFloat64()
		y[i] = y[i-1] + d[i]
	}
	for _, ic := range []LagSelection{AIC, BIC} {
		p, err := SelectLag(y, 8, ic)
		if err != nil {
			t.Fatal(err)
		}
		if ic == BIC && p != 2 || ic == AIC && p < 2 {
			t.Errorf("%v selected lag %d, want 2", ic, p)
		}
	}
}

// TestInvariance checks the properties every window statistic must have:
// invariance to the level and to a positive scale of the series (the
// regression has an intercept and the t-ratio is scale free), and the
// ordering GSADF ≥ SADF ≥ ADF and BSADF ≥ BADF date by date.
func TestInvariance(t *testing.T) {
	t.Parallel()
	y := bubbleSeries(120, 21)
	base, err := Test(y, Options{Lag: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range []struct{ a, b float64 }{{0, 1e-3}, {-500, 7}, {1e4, 1}, {3, 1e5}} {
		z := make([]float64, len(y))
		for i, v := range y {
			z[i] = tr.a + tr.b*v
		}
		r, err := Test(z, Options{Lag: 1})
		if err != nil {
			t.Fatal(err)
		}
		for i := range r.BSADF {
			if !close(r.BSADF[i], base.BSADF[i], 1e-8) || !close(r.BADF[i], base.BADF[i], 1e-8) {
				t.Fatalf("a=%v b=%v: index %d: %v %v, want %v %v", tr.a, tr.b, i, r.BADF[i], r.BSADF[i], base.BADF[i], base.BSADF[i])
			}
		}
	}
	if !(base.GSADF >= base.SADF && base.SADF >= base.ADF) {
		t.Errorf("GSADF %v, SADF %v, ADF %v not ordered", base.GSADF, base.SADF, base.ADF)
	}
	for i := range base.BSADF {
		if base.BSADF[i] < base.BADF[i] {
			t.Fatalf("BSADF[%d] = %v < BADF = %v", i, base.BSADF[i], base.BADF[i])
		}
	}
}

// TestSmallerWindowSearchesMore checks that lowering the minimum window can
// only raise BSADF: the supremum then runs over a superset of windows.
func TestSmallerWindowSearchesMore(t *testing.T) {
	t.Parallel()
	y := randomWalk(150, 31)
	wide, err := Test(y, Options{MinWindow: 40})
	if err != nil {
		t.Fatal(err)
	}
	narrow, err := Test(y, Options{MinWindow: 15})
	if err != nil {
		t.Fatal(err)
	}
	shiftBy := wide.Offset - narrow.Offset
	for i, v := range wide.BSADF {
		if narrow.BSADF[i+shiftBy] < v {
			t.Fatalf("index %d: minimum window 15 gives %v < %v with 40", wide.Offset+i, narrow.BSADF[i+shiftBy], v)
		}
	}
}

// TestDefaultMinWindow checks the rule against values worked out by hand
// from floor((0.01 + 1.8/sqrt(T))·T).
func TestDefaultMinWindow(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ T, want int }{
		{100, 19},  // 1 + 18
		{400, 40},  // 4 + 36
		{1680, 90}, // 16.8 + 73.78
		{1600, 88}, // 16 + 72
		{547, 47},  // 5.47 + 42.10
	} {
		if got := DefaultMinWindow(c.T); got != c.want {
			t.Errorf("DefaultMinWindow(%d) = %d, want %d", c.T, got, c.want)
		}
	}
	// PSY's log(T) rule: log(1680) = 7.43, log(100) = 4.61.
	if got := MinDuration(1680, 1); got != 7 {
		t.Errorf("MinDuration(1680, 1) = %d, want 7", got)
	}
	if got := MinDuration(100, 1); got != 5 {
		t.Errorf("MinDuration(100, 1) = %d, want 5", got)
	}
}

// TestInputErrors checks that bad input returns an inputerr error, never a
// panic and never a result.
func TestInputErrors(t *testing.T) {
	t.Parallel()
	rw := randomWalk(100, 1)
	withNaN := append([]float64(nil), rw...)
	withNaN[40] = math.NaN()
	withInf := append([]float64(nil), rw...)
	withInf[99] = math.Inf(1)
	cases := []struct {
		name string
		y    []float64
		opt  Options
	}{
		{"empty", nil, Options{}},
		{"one price", []float64{1}, Options{}},
		{"too short for window", rw[:20], Options{MinWindow: 20}},
		{"too short for lag", rw[:25], Options{MinWindow: 20, Lag: 5}},
		{"NaN", withNaN, Options{}},
		{"Inf", withInf, Options{}},
		{"negative lag", rw, Options{Lag: -1}},
		{"negative max lag", rw, Options{LagSelect: BIC, MaxLag: -2}},
		{"negative window", rw, Options{MinWindow: -5}},
		{"window below coefficients", rw, Options{MinWindow: 4, Lag: 2}},
		{"unknown selection", rw, Options{LagSelect: 7}},
		{"constant series", make([]float64, 100), Options{}},
		{"default window too small for lag", rw[:30], Options{Lag: 8}}, // floor(0.3+9.86) = 10 < 8+3
	}
	for _, c := range cases {
		r, err := Test(c.y, c.opt)
		if err == nil {
			t.Errorf("%s: no error, result %+v", c.name, r)
			continue
		}
		if !inputerr.Is(err) {
			t.Errorf("%s: error %q is not marked as bad input", c.name, err)
		}
	}
	if _, err := ADF(withNaN, 0); !inputerr.Is(err) {
		t.Errorf("ADF with NaN: %v", err)
	}
	if _, err := SelectLag(rw, 3, FixedLag); !inputerr.Is(err) {
		t.Errorf("SelectLag with FixedLag: %v", err)
	}
}
