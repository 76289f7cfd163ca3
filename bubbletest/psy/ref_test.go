package psy

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// refADF is an independent reference for the window statistic: it builds
// the ADF design matrix of the prices w explicitly and solves the least
// squares problem with gonum's QR factorisation, the textbook route that
// the running-sum code avoids. It returns the t-ratio of the level's
// coefficient in Δy_t = a + b·y_{t-1} + Σ c_j Δy_{t-j} + e_t.
func refADF(w []float64, lag int) float64 {
	t, _ := refFit(w, lag)
	return t
}

// refSSR returns the sum of squared residuals of the same regression.
func refSSR(w []float64, lag int) float64 {
	_, ssr := refFit(w, lag)
	return ssr
}

func refFit(w []float64, lag int) (tstat, ssr float64) {
	n := len(w) - 1 - lag
	k := lag + 2
	x := mat.NewDense(n, k, nil)
	d := mat.NewVecDense(n, nil)
	for r := 0; r < n; r++ {
		t := r + 1 + lag
		x.Set(r, 0, 1)
		x.Set(r, 1, w[t-1])
		for j := 1; j <= lag; j++ {
			x.Set(r, 1+j, w[t-j]-w[t-j-1])
		}
		d.SetVec(r, w[t]-w[t-1])
	}
	var qr mat.QR
	qr.Factorize(x)
	var beta mat.VecDense
	if err := qr.SolveVecTo(&beta, false, d); err != nil {
		return math.NaN(), math.NaN()
	}
	var fit mat.VecDense
	fit.MulVec(x, &beta)
	for r := 0; r < n; r++ {
		e := d.AtVec(r) - fit.AtVec(r)
		ssr += e * e
	}
	// (XᵀX)⁻¹ from the R factor: Var(b) = σ²·[(RᵀR)⁻¹]_{11}.
	var r mat.Dense
	qr.RTo(&r)
	var rinv mat.Dense
	if err := rinv.Inverse(r.Slice(0, k, 0, k)); err != nil {
		return math.NaN(), ssr
	}
	var xtxInv mat.Dense
	xtxInv.Mul(&rinv, rinv.T())
	se := math.Sqrt(ssr / float64(n-k) * xtxInv.At(1, 1))
	return beta.AtVec(1) / se, ssr
}

// refBSADF computes the BADF and BSADF sequences window by window with
// refADF; minw counts regression rows as in Options.MinWindow.
func refBSADF(y []float64, minw, lag int) (badf, bsadf []float64) {
	n := len(y)
	for end := minw + lag; end < n; end++ {
		best := math.Inf(-1)
		for start := 0; end-start-lag >= minw; start++ {
			t := refADF(y[start:end+1], lag)
			if t > best {
				best = t
			}
			if start == 0 {
				badf = append(badf, t)
			}
		}
		bsadf = append(bsadf, best)
	}
	return badf, bsadf
}
