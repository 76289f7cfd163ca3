package psy

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// refPSYMonitorADF is psymonitor's ADF(y, IC, adflag) (itamarcaspi/psymonitor,
// R/ADF.R) written out from its published source with an explicit design
// matrix and gonum's QR: for each lag k in 0..maxLag the regression of Δy on
// y_{t-1}, a constant and k lagged differences over its own T1−k rows; the
// criterion −2·Σ(−½ln 2π − ½ε²)/t + c·(k+2)/t with t = T1 − maxLag and
// c = 2 (AIC) or ln t (BIC); the first minimum; the t-ratio of y_{t-1} with
// an error variance on t − maxLag − 2 degrees of freedom.
func refPSYMonitorADF(w []float64, maxLag int, ic LagSelection) float64 {
	T1 := len(w) - 1
	t := float64(T1 - maxLag)
	dof := t - float64(maxLag) - 2
	pen := 2.0
	if ic == BIC {
		pen = math.Log(t)
	}
	bestIC, bestADF := math.Inf(1), math.NaN()
	for k := 0; k <= maxLag; k++ {
		n := T1 - k
		x := mat.NewDense(n, k+2, nil)
		d := mat.NewVecDense(n, nil)
		for r := 0; r < n; r++ {
			i := r + k // difference index: Δy_i = w[i+1] − w[i]
			x.Set(r, 0, w[i])
			x.Set(r, 1, 1)
			for j := 1; j <= k; j++ {
				x.Set(r, 1+j, w[i-j+1]-w[i-j])
			}
			d.SetVec(r, w[i+1]-w[i])
		}
		var qr mat.QR
		qr.Factorize(x)
		var beta, fit mat.VecDense
		if err := qr.SolveVecTo(&beta, false, d); err != nil {
			continue
		}
		fit.MulVec(x, &beta)
		var ssr float64
		for r := 0; r < n; r++ {
			e := d.AtVec(r) - fit.AtVec(r)
			ssr += e * e
		}
		npdf := -0.5*float64(n)*math.Log(2*math.Pi) - 0.5*ssr
		crit := -2*npdf/t + pen*float64(k+2)/t
		var r, rinv, xtxInv mat.Dense
		qr.RTo(&r)
		if err := rinv.Inverse(r.Slice(0, k+2, 0, k+2)); err != nil {
			continue
		}
		xtxInv.Mul(&rinv, rinv.T())
		adf := beta.AtVec(0) / math.Sqrt(ssr/dof*xtxInv.At(0, 0))
		if crit < bestIC {
			bestIC, bestADF = crit, adf
		}
	}
	return bestADF
}

// loadSNP reads the price-dividend ratio of psymonitor's snp data
// (data/sp500_dividend_yield_monthly_1973_2018.csv: the dividend yield in
// percent, January 1973 to July 2018; pd = 1/value as in the vignette).
func loadSNP(t *testing.T) []float64 {
	t.Helper()
	f, err := os.Open("../../data/sp500_dividend_yield_monthly_1973_2018.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var pd []float64
	for _, r := range rows[1:] {
		v, err := strconv.ParseFloat(r[1], 64)
		if err != nil {
			t.Fatal(err)
		}
		pd = append(pd, 1/v)
	}
	return pd
}

// TestPSYMonitorVignette reproduces the statistics of psymonitor's vignette
// "Real-Time Monitoring of Bubbles: The S&P 500" (Phillips, Shi and Caspi):
// the price-dividend ratio, 547 months, swindow0 = floor((0.01+1.8/√547)·547)
// = 47 prices, BIC with at most 6 lags in every window (IC = 2,
// adflag = 6). The BSADF sequence must equal psymonitor's formula, computed
// here window by window from its source, to 1e-8 at a sample of end dates,
// and GSADF must round to 2.86. The issue that asked for this rule (issue 17)
// reports the vignette's GSADF as 2.86 under psymonitor against 3.12 under
// this package's common-rows BIC, which the test checks as well.
func TestPSYMonitorVignette(t *testing.T) {
	t.Parallel()
	y := loadSNP(t)
	obs := len(y)
	swindow0 := int(math.Floor((0.01 + 1.8/math.Sqrt(float64(obs))) * float64(obs)))
	const K = 6
	if obs != 547 || swindow0 != 47 {
		t.Fatalf("%d observations, swindow0 %d; want 547 and 47", obs, swindow0)
	}
	res, err := Test(y, Options{MinWindow: swindow0, WindowInPrices: true, LagSelect: BIC, MaxLag: K, SelectRule: PSYMonitorRows})
	if err != nil {
		t.Fatal(err)
	}
	if res.Offset != swindow0-1 || len(res.BSADF) != obs-swindow0+1 {
		t.Fatalf("offset %d, %d BSADF values; psymonitor has %d from price %d", res.Offset, len(res.BSADF), obs-swindow0+1, swindow0)
	}
	for _, r2 := range []int{46, 47, 60, 150, 280, 300, 301, 400, 546} {
		best := math.Inf(-1)
		for r1 := 0; r1 <= r2-swindow0+1; r1++ {
			best = math.Max(best, refPSYMonitorADF(y[r1:r2+1], K, BIC))
		}
		got := res.BSADF[r2-res.Offset]
		if math.Abs(got-best) > 1e-8*math.Max(1, math.Abs(best)) {
			t.Errorf("BSADF at price %d = %.12f, psymonitor's formula %.12f", r2, got, best)
		}
	}
	common, err := Test(y, Options{MinWindow: swindow0 - 1 - K, LagSelect: BIC, MaxLag: K})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("GSADF %.6f (psymonitor rule), %.6f (common rows)", res.GSADF, common.GSADF)
	if math.Abs(res.GSADF-2.86) > 0.005 || math.Abs(common.GSADF-3.12) > 0.005 {
		t.Errorf("GSADF %.4f under psymonitor's rule and %.4f under common rows, want 2.86 and 3.12", res.GSADF, common.GSADF)
	}
}
