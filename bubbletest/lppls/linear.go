package lppls

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
)

// collinearityTol bounds 1−R² of each centred, unit-scaled basis column
// regressed on the preceding ones (the squared Cholesky pivots of their
// correlation matrix). Below it the normal equations, whose condition number
// is the square of the design matrix's, could lose more than about six of
// sixteen digits, so the solve falls back to Householder QR.
const collinearityTol = 1e-6

// workspace holds one window rescaled to τ = (t−t1)/(t2−t1) ∈ [0, 1] and the
// buffers of the linear solve, so that the cost function allocates nothing.
// It is not safe for concurrent use; each worker owns one.
type workspace struct {
	t1, span float64   // original time of τ = 0 and length of the window
	tau      []float64 // rescaled times
	y        []float64 // log prices
	yc       []float64 // log prices minus their mean
	yMean    float64

	f, g, h []float64 // basis columns (tc−τ)^m, ·cos(ω ln), ·sin(ω ln)

	// QR fallback storage.
	design []float64
	rhs    []float64
	work   []float64

	// Normal-equation storage, kept here so that the solve does not
	// allocate.
	corr [9]float64
	rhs3 [3]float64

	evals    int // cost evaluations since load
	qrSolves int // evaluations that needed the QR fallback
}

// load copies a window into the workspace. t must be strictly increasing.
func (w *workspace) load(t, logp []float64) {
	n := len(t)
	w.t1 = t[0]
	w.span = t[n-1] - t[0]
	w.tau = resize(w.tau, n)
	w.y = resize(w.y, n)
	w.yc = resize(w.yc, n)
	w.f = resize(w.f, n)
	w.g = resize(w.g, n)
	w.h = resize(w.h, n)
	var sum float64
	for i, ti := range t {
		w.tau[i] = (ti - w.t1) / w.span
		w.y[i] = logp[i]
		sum += logp[i]
	}
	w.yMean = sum / float64(n)
	for i, yi := range w.y {
		w.yc[i] = yi - w.yMean
	}
	w.evals, w.qrSolves = 0, 0
}

func resize(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}

// solve returns the linear parameters (A, B, C1, C2) that minimise the residual
// sum of squares for the nonlinear parameters (tc, m, ω), all in rescaled time,
// and that residual sum of squares. ok is false when the basis is exactly
// rank deficient, in which case rss is +Inf.
func (w *workspace) solve(tc, m, omega float64) (lin [4]float64, rss float64, ok bool) {
	w.evals++
	n := len(w.tau)
	var sf, sg, sh float64
	for i, ti := range w.tau {
		dt := math.Abs(tc - ti)
		if dt == 0 {
			// The limit of (tc−τ)^m·{1, cos, sin} as τ → tc for m > 0.
			w.f[i], w.g[i], w.h[i] = 0, 0, 0
			continue
		}
		lnDt := math.Log(dt)
		fi := math.Exp(m * lnDt)
		sin, cos := math.Sincos(omega * lnDt)
		w.f[i], w.g[i], w.h[i] = fi, fi*cos, fi*sin
		sf += fi
		sg += fi * cos
		sh += fi * sin
	}
	nf := float64(n)
	mf, mg, mh := sf/nf, sg/nf, sh/nf

	// Centring removes A from the system and the collinearity of (tc−τ)^m
	// with the constant when m is small; the second pass keeps the sums of
	// squares accurate.
	var sff, sfg, sfh, sgg, sgh, shh, sfy, sgy, shy float64
	for i := range w.tau {
		fc, gc, hc, yc := w.f[i]-mf, w.g[i]-mg, w.h[i]-mh, w.yc[i]
		sff += fc * fc
		sfg += fc * gc
		sfh += fc * hc
		sgg += gc * gc
		sgh += gc * hc
		shh += hc * hc
		sfy += fc * yc
		sgy += gc * yc
		shy += hc * yc
	}
	beta, ok := w.normalEquations(sff, sfg, sfh, sgg, sgh, shh, sfy, sgy, shy)
	if ok {
		lin = [4]float64{w.yMean - beta[0]*mf - beta[1]*mg - beta[2]*mh, beta[0], beta[1], beta[2]}
	} else {
		lin, ok = w.qr()
		if !ok {
			return lin, math.Inf(1), false
		}
	}
	return lin, w.residualSS(lin), true
}

// normalEquations solves the 3×3 centred normal equations after scaling them
// to a correlation matrix. It reports false when a column is constant or the
// columns are too collinear for the normal equations to be trusted.
func (w *workspace) normalEquations(sff, sfg, sfh, sgg, sgh, shh, sfy, sgy, shy float64) ([3]float64, bool) {
	if !(sff > 0 && sgg > 0 && shh > 0) {
		return [3]float64{}, false
	}
	df, dg, dh := math.Sqrt(sff), math.Sqrt(sgg), math.Sqrt(shh)
	w.corr = [9]float64{
		1, sfg / (df * dg), sfh / (df * dh),
		0, 1, sgh / (dg * dh),
		0, 0, 1,
	}
	u, ok := lapack64.Potrf(blas64.Symmetric{Uplo: blas.Upper, N: 3, Stride: 3, Data: w.corr[:]})
	if !ok {
		return [3]float64{}, false
	}
	for i := 0; i < 3; i++ {
		if p := u.Data[4*i]; p*p < collinearityTol {
			return [3]float64{}, false
		}
	}
	w.rhs3 = [3]float64{sfy / df, sgy / dg, shy / dh}
	lapack64.Potrs(u, blas64.General{Rows: 3, Cols: 1, Stride: 1, Data: w.rhs3[:]})
	return [3]float64{w.rhs3[0] / df, w.rhs3[1] / dg, w.rhs3[2] / dh}, true
}

// qr solves the full least-squares problem with the basis [1, f, g, h] by
// Householder QR (LAPACK dgels via gonum), which does not square the
// condition number.
func (w *workspace) qr() ([4]float64, bool) {
	w.qrSolves++
	n := len(w.tau)
	w.design = resize(w.design, 4*n)
	w.rhs = resize(w.rhs, n)
	for i := range w.tau {
		w.design[4*i] = 1
		w.design[4*i+1] = w.f[i]
		w.design[4*i+2] = w.g[i]
		w.design[4*i+3] = w.h[i]
	}
	copy(w.rhs, w.y)
	if len(w.work) < 2*n {
		w.work = make([]float64, 2*n)
	}
	a := blas64.General{Rows: n, Cols: 4, Stride: 4, Data: w.design}
	b := blas64.General{Rows: n, Cols: 1, Stride: 1, Data: w.rhs}
	if !lapack64.Gels(blas.NoTrans, a, b, w.work, len(w.work)) {
		return [4]float64{}, false
	}
	return [4]float64{w.rhs[0], w.rhs[1], w.rhs[2], w.rhs[3]}, true
}

// residualSS computes the residual sum of squares explicitly rather than as
// Syy − βᵀSxy, which cancels badly when the fit is nearly exact.
func (w *workspace) residualSS(lin [4]float64) float64 {
	var rss float64
	for i, yi := range w.y {
		r := yi - lin[0] - lin[1]*w.f[i] - lin[2]*w.g[i] - lin[3]*w.h[i]
		rss += r * r
	}
	return rss
}

// toOriginal converts parameters found in rescaled time back to the time unit
// of the data. With t = t1 + s·τ, (tc−t)^m = s^m·(τc−τ)^m and
// ω ln(tc−t) = ω ln s + ω ln(τc−τ), so B scales by s^−m and (C1, C2) scale by
// s^−m and rotate by the phase ω ln s.
func (w *workspace) toOriginal(tcTau, m, omega float64, lin [4]float64) Params {
	s := w.span
	scale := math.Exp(-m * math.Log(s))
	sin, cos := math.Sincos(omega * math.Log(s))
	return Params{
		Tc:    w.t1 + tcTau*s,
		M:     m,
		Omega: omega,
		A:     lin[0],
		B:     lin[1] * scale,
		C1:    scale * (lin[2]*cos - lin[3]*sin),
		C2:    scale * (lin[2]*sin + lin[3]*cos),
	}
}
