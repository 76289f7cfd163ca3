package psy

import (
	"context"
	"math"
)

// sweeper computes the ADF t-statistic of every window of one series and
// reduces them to the BADF and BSADF sequences. It owns scratch space so
// that Monte Carlo workers can reuse it across replications without
// allocating.
//
// Row r of the regression (r = 0..rows-1) belongs to price index
// t = r+1+lag and reads
//
//	Δy_t = a + b·y_{t-1} + c_1·Δy_{t-1} + … + c_lag·Δy_{t-lag} + e_t,
//
// the intercept-only ADF regression of PSY (2015). A window is a run
// of consecutive rows; the statistic is the t-ratio of b, whose null value
// is zero. This is the same number exuber reports as (ρ̂-1)/se(ρ̂) from
// regressing y_t on y_{t-1}: both regressions have the same residuals.
type sweeper struct {
	pl plan
	dy []float64 // first differences of the series

	// invN[n] = 1/n and invDf[n] = 1/(n-k) for a window of n rows with k
	// coefficients; precomputed because the inner loop of the lag-0 path
	// would otherwise spend most of its time dividing.
	invN  []float64
	invDf []float64

	m   int       // size of the augmented cross-product matrix
	acc []float64 // running cross products, m×m, lower triangle used
	w   []float64 // factorisation workspace, m×m
	dv  []float64 // LDLᵀ pivots
	v   []float64 // one regression row
	sub []int     // column map for the per-window model under AIC/BIC

	// Under PSYMonitorRows, accK[k] and vK[k] are the cross products and
	// the row of the model with lag k, in the fixed-lag column order.
	accK, vK [][]float64

	// ctx, when set, is checked at every start point and every
	// checkEvery windows; run stops early once it is done.
	ctx context.Context
}

// checkEvery is how many windows pass between two context checks: a few
// microseconds of work for the lag-0 path, well under a millisecond for the
// largest lag-selection models.
const checkEvery = 1 << 12

// stopped reports whether the sweeper's context is done.
func (sw *sweeper) stopped() bool {
	if sw.ctx == nil {
		return false
	}
	select {
	case <-sw.ctx.Done():
		return true
	default:
		return false
	}
}

func newSweeper(pl plan) *sweeper {
	sw := &sweeper{pl: pl}
	sw.dy = make([]float64, pl.n-1)
	k := float64(pl.lag + 2)
	if pl.sel == FixedLag && pl.lag == 0 {
		sw.invN = make([]float64, pl.rows+1)
		sw.invDf = make([]float64, pl.rows+1)
		for n := 1; n <= pl.rows; n++ {
			sw.invN[n] = 1 / float64(n)
			if float64(n) > k {
				sw.invDf[n] = 1 / (float64(n) - k)
			}
		}
		return sw
	}
	sw.m = pl.lag + 3
	sw.acc = make([]float64, sw.m*sw.m)
	sw.w = make([]float64, sw.m*sw.m)
	sw.dv = make([]float64, sw.m)
	sw.v = make([]float64, sw.m)
	sw.sub = make([]int, sw.m)
	if pl.sel != FixedLag && pl.rule == PSYMonitorRows {
		for k := 0; k <= pl.lag; k++ {
			sw.accK = append(sw.accK, make([]float64, (k+3)*(k+3)))
			sw.vK = append(sw.vK, make([]float64, k+3))
		}
	}
	return sw
}

// run fills badf and bsadf (each of length pl.windows) for the series y of
// length pl.n. badf[i] is the statistic of the window that starts at the
// first row and ends at row minw-1+i; bsadf[i] is the largest statistic
// over all windows of at least minw rows that end there. Windows whose
// statistic is undefined (a constant level in the window) are left out of
// the supremum; a bsadf value with no defined window is NaN.
func (sw *sweeper) run(y, badf, bsadf []float64) {
	for i := 1; i < len(y); i++ {
		sw.dy[i-1] = y[i] - y[i-1]
	}
	for i := range bsadf {
		bsadf[i] = math.Inf(-1)
	}
	switch {
	case sw.pl.sel == FixedLag && sw.pl.lag == 0:
		sw.runLag0(y, badf, bsadf)
	case sw.pl.sel == FixedLag:
		sw.runFixed(y, badf, bsadf)
	case sw.pl.rule == PSYMonitorRows:
		sw.runPSYMonitor(y, badf, bsadf)
	default:
		sw.runSelect(y, badf, bsadf)
	}
	for i, v := range bsadf {
		if math.IsInf(v, -1) {
			bsadf[i] = math.NaN()
		}
	}
}

// runLag0 is the O(1)-per-window path for Δy_t = a + b·y_{t-1} + e_t. For a
// fixed start it grows the window one row at a time, updating five sums.
// Levels are measured from the level at the window's first row: the
// regression has an intercept, so the shift leaves b and the residuals
// unchanged while it keeps the centred sums free of cancellation.
func (sw *sweeper) runLag0(y, badf, bsadf []float64) {
	rows, minw := sw.pl.rows, sw.pl.minw
	dy := sw.dy
	for s := 0; s+minw <= rows; s++ {
		if sw.stopped() {
			return
		}
		c := y[s]
		var sx, sd, sxx, sxd, sdd float64
		for r := s; r < s+minw-1; r++ {
			x, d := y[r]-c, dy[r]
			sx += x
			sd += d
			sxx += x * x
			sxd += x * d
			sdd += d * d
		}
		// Window i of this start ends at row s+minw-1+i, has minw+i rows
		// and writes BSADF index s+i; re-slicing lets the compiler drop the
		// bounds checks in the loop.
		out := bsadf[s:]
		w := len(out)
		ys := y[s+minw-1 : rows][:w]
		ds := dy[s+minw-1 : rows][:w]
		invN := sw.invN[minw : rows-s+1][:w]
		invDf := sw.invDf[minw : rows-s+1][:w]
		first := s == 0
		for i := range out {
			x, d := ys[i]-c, ds[i]
			sx += x
			sd += d
			sxx += x * x
			sxd += x * d
			sdd += d * d
			inv := invN[i]
			cxx := sxx - sx*sx*inv
			cxd := sxd - sx*sd*inv
			cdd := sdd - sd*sd*inv
			// t = b/se(b) with b = cxd/cxx and se² = SSR/((n-2)·cxx), where
			// SSR = cdd - cxd²/cxx. Regressing a difference on a level keeps
			// cdd·cxx - cxd² far from cancellation.
			den := (cdd*cxx - cxd*cxd) * invDf[i]
			if den < 0 {
				den = 0
			}
			// u = sign(t)·t² orders windows as t does and saves the square
			// root, which is taken once per date at the end.
			u := cxd * math.Abs(cxd) / den
			if u > out[i] {
				out[i] = u
			}
			if first {
				badf[i] = u
			}
		}
	}
	for k, u := range bsadf {
		bsadf[k] = signedSqrt(u)
	}
	for k, u := range badf {
		badf[k] = signedSqrt(u)
	}
}

// signedSqrt maps u = sign(t)·t² back to t.
func signedSqrt(u float64) float64 {
	if u < 0 {
		return -math.Sqrt(-u)
	}
	return math.Sqrt(u)
}

// fillRowFixed writes regression row r into sw.v in the column order of
// the fixed-lag path: 1, Δy_{t-1}, …, Δy_{t-lag}, y_{t-1}-c, Δy_t. With the
// level last among the regressors its coefficient and variance fall out of
// the LDLᵀ factors directly (see tstatLast).
func (sw *sweeper) fillRowFixed(y []float64, r int, c float64) {
	lag := sw.pl.lag
	t := r + 1 + lag
	v := sw.v
	v[0] = 1
	for i := 1; i <= lag; i++ {
		v[i] = sw.dy[t-1-i]
	}
	v[lag+1] = y[t-1] - c
	v[lag+2] = sw.dy[t-1]
}

// fillRowSelect writes row r in the nested order used under AIC/BIC:
// 1, y_{t-1}-c, Δy_{t-1}, …, Δy_{t-K}, Δy_t. Every candidate model is a
// leading block of this order, so one factorisation gives all their sums of
// squared residuals.
func (sw *sweeper) fillRowSelect(y []float64, r int, c float64) {
	K := sw.pl.lag
	t := r + 1 + K
	v := sw.v
	v[0] = 1
	v[1] = y[t-1] - c
	for i := 1; i <= K; i++ {
		v[1+i] = sw.dy[t-1-i]
	}
	v[K+2] = sw.dy[t-1]
}

// addRow adds v·vᵀ to the lower triangle of acc, with a generated
// straight-line kernel when there is one for this size.
func (sw *sweeper) addRow() {
	m, acc, v := sw.m, sw.acc, sw.v
	if addRowUnrolled(acc, v, m) {
		return
	}
	for i := 0; i < m; i++ {
		vi := v[i]
		row := acc[i*m : i*m+i+1]
		for j := range row {
			row[j] += vi * v[j]
		}
	}
}

func (sw *sweeper) runFixed(y, badf, bsadf []float64) {
	rows, minw, m := sw.pl.rows, sw.pl.minw, sw.m
	lag := sw.pl.lag
	for s := 0; s+minw <= rows; s++ {
		if sw.stopped() {
			return
		}
		clear(sw.acc)
		c := y[s+lag]
		for r := s; r < rows; r++ {
			if (r-s)%checkEvery == checkEvery-1 && sw.stopped() {
				return
			}
			sw.fillRowFixed(y, r, c)
			sw.addRow()
			n := r - s + 1
			if n < minw {
				continue
			}
			t, ok := tstatUnrolled(sw.acc, m, n)
			if !ok {
				copy(sw.w, sw.acc)
				t = tstatLast(sw.w, sw.dv, m, n)
			}
			k := r - (minw - 1)
			if t > bsadf[k] {
				bsadf[k] = t
			}
			if s == 0 {
				badf[k] = t
			}
		}
	}
}

func (sw *sweeper) runSelect(y, badf, bsadf []float64) {
	rows, minw := sw.pl.rows, sw.pl.minw
	K := sw.pl.lag
	for s := 0; s+minw <= rows; s++ {
		if sw.stopped() {
			return
		}
		clear(sw.acc)
		c := y[s+K]
		for r := s; r < rows; r++ {
			if (r-s)%checkEvery == checkEvery-1 && sw.stopped() {
				return
			}
			sw.fillRowSelect(y, r, c)
			sw.addRow()
			n := r - s + 1
			if n < minw {
				continue
			}
			p := sw.selectLag(n)
			t := sw.tstatSub(p, n)
			k := r - (minw - 1)
			if t > bsadf[k] {
				bsadf[k] = t
			}
			if s == 0 {
				badf[k] = t
			}
		}
	}
}

// runPSYMonitor is runSelect under PSYMonitorRows: for each start point it
// keeps one cross-product matrix per candidate lag, each over that lag's own
// rows, and every window compares them by psymonitor's criterion.
func (sw *sweeper) runPSYMonitor(y, badf, bsadf []float64) {
	rows, minw, K := sw.pl.rows, sw.pl.minw, sw.pl.lag
	for s := 0; s+minw <= rows; s++ {
		if sw.stopped() {
			return
		}
		sw.startPSYMonitor(y, s)
		for r := s; r < rows; r++ {
			if (r-s)%checkEvery == checkEvery-1 && sw.stopped() {
				return
			}
			sw.addPSYMonitorRow(y, r+1+K, y[s])
			n := r - s + 1
			if n < minw {
				continue
			}
			t, _ := sw.psymonitorStat(n)
			k := r - (minw - 1)
			if t > bsadf[k] {
				bsadf[k] = t
			}
			if s == 0 {
				badf[k] = t
			}
		}
	}
}

// startPSYMonitor clears the per-lag sums for a window whose first price
// is y[s] and adds the rows that lag k has before the first row at the
// largest lag: prices s+1+k .. s+K.
func (sw *sweeper) startPSYMonitor(y []float64, s int) {
	K := sw.pl.lag
	for k := 0; k <= K; k++ {
		clear(sw.accK[k])
		for t := s + 1 + k; t <= s+K; t++ {
			sw.addRowLag(y, k, t, y[s])
		}
	}
}

// addPSYMonitorRow adds the row of price t to every lag's sums.
func (sw *sweeper) addPSYMonitorRow(y []float64, t int, c float64) {
	for k := 0; k <= sw.pl.lag; k++ {
		sw.addRowLag(y, k, t, c)
	}
}

// addRowLag adds the row of price t (1, Δy_{t-1..t-k}, y_{t-1}-c, Δy_t) to
// the sums of the model with lag k.
func (sw *sweeper) addRowLag(y []float64, k, t int, c float64) {
	v := sw.vK[k]
	v[0] = 1
	for i := 1; i <= k; i++ {
		v[i] = sw.dy[t-1-i]
	}
	v[k+1] = y[t-1] - c
	v[k+2] = sw.dy[t-1]
	m, acc := k+3, sw.accK[k]
	if addRowUnrolled(acc, v, m) {
		return
	}
	for i := 0; i < m; i++ {
		vi := v[i]
		row := acc[i*m : i*m+i+1]
		for j := range row {
			row[j] += vi * v[j]
		}
	}
}

// psymonitorStat returns the t-ratio of the lag psymonitor's criterion
// chooses for a window of n rows at the largest lag, and that lag; NaN when
// no candidate can be fitted.
func (sw *sweeper) psymonitorStat(n int) (float64, int) {
	K := sw.pl.lag
	tn := float64(n) // psymonitor's t: rows at the largest lag
	pen := 2.0
	if sw.pl.sel == BIC {
		pen = math.Log(tn)
	}
	dof := float64(n - K - 2)
	ln2pi := math.Log(2 * math.Pi)
	best, bestIC, bestT := -1, math.Inf(1), math.NaN()
	for k := 0; k <= K; k++ {
		m := k + 3
		w, d := sw.w[:m*m], sw.dv[:m]
		copy(w, sw.accK[k])
		if !ldlAugmented(w, d, m) || !(d[m-1] > 0) {
			continue
		}
		nk := float64(n + K - k)
		ic := (nk*ln2pi+d[m-1])/tn + pen*float64(k+2)/tn
		if ic < bestIC {
			b := w[(m-1)*m+m-2]
			best, bestIC, bestT = k, ic, b*math.Sqrt(d[m-2]*dof/d[m-1])
		}
	}
	return bestT, best
}

// selectLag returns the lag in 0..K with the smallest information criterion
// for the window whose cross products are in acc (nested column order).
// The criterion is the Gaussian one, ln(SSR_p/n) + penalty·(p+2)/n, with
// penalty 2 (AIC) or ln n (BIC), evaluated on the window's common rows so
// that the candidates are compared on the same data. Ties go to the
// smaller lag.
func (sw *sweeper) selectLag(n int) int {
	m := sw.m
	copy(sw.w, sw.acc)
	if !ldlAugmented(sw.w, sw.dv, m) {
		return 0
	}
	K := sw.pl.lag
	pen := 2.0
	if sw.pl.sel == BIC {
		pen = math.Log(float64(n))
	}
	fn := float64(n)
	last := (m - 1) * m
	yy := sw.acc[last+m-1]
	// Explained sum of squares of the leading j regressors is
	// Σ_{i<j} L[d][i]²·D[i]; the SSR of the model with lag p subtracts the
	// first p+2 terms.
	ess := 0.0
	for i := 0; i < 2; i++ {
		l := sw.w[last+i]
		ess += l * l * sw.dv[i]
	}
	best, bestIC := 0, math.Inf(1)
	for p := 0; p <= K; p++ {
		if p > 0 {
			l := sw.w[last+1+p]
			ess += l * l * sw.dv[1+p]
		}
		ssr := yy - ess
		if !(ssr > 0) || n <= p+2 {
			continue
		}
		ic := math.Log(ssr/fn) + pen*float64(p+2)/fn
		if ic < bestIC {
			best, bestIC = p, ic
		}
	}
	return best
}

// tstatSub returns the level's t-ratio in the model with lag p, reading its
// cross products out of acc (nested order) into the fixed-lag order.
func (sw *sweeper) tstatSub(p, n int) float64 {
	m := sw.m
	k := p + 3
	sub := sw.sub[:k]
	sub[0] = 0
	for i := 1; i <= p; i++ {
		sub[i] = 1 + i
	}
	sub[p+1] = 1
	sub[p+2] = m - 1
	for i := 0; i < k; i++ {
		for j := 0; j <= i; j++ {
			a, b := sub[i], sub[j]
			if a < b {
				a, b = b, a
			}
			sw.w[i*k+j] = sw.acc[a*m+b]
		}
	}
	if t, ok := tstatUnrolled(sw.w[:k*k], k, n); ok {
		return t
	}
	return tstatLast(sw.w[:k*k], sw.dv[:k], k, n)
}

// ldl factors the leading k×k block of the symmetric matrix whose lower
// triangle is in a (row major, stride m) as L·D·Lᵀ with unit
// lower-triangular L, in place: on return the strict lower triangle of that
// block holds L and d[:k] holds the pivots. It reports false if a pivot is
// not positive, that is if the columns are collinear.
func ldl(a, d []float64, m, k int) bool {
	for j := 0; j < k; j++ {
		rj := a[j*m : j*m+m]
		dj := rj[j]
		for q := 0; q < j; q++ {
			dj -= rj[q] * rj[q] * d[q]
		}
		if !(dj > 0) {
			return false
		}
		d[j] = dj
		inv := 1 / dj
		for i := j + 1; i < k; i++ {
			ri := a[i*m : i*m+m]
			s := ri[j]
			for q := 0; q < j; q++ {
				s -= ri[q] * rj[q] * d[q]
			}
			ri[j] = s * inv
		}
	}
	return true
}

// ldlAugmented is ldl for an m×m augmented matrix whose last row and column
// belong to the dependent variable. The regressor block must be positive
// definite; the last pivot is the sum of squared residuals, which may be
// zero for a perfect fit and is clamped at zero against rounding.
func ldlAugmented(a, d []float64, m int) bool {
	if !ldl(a, d, m, m-1) {
		return false
	}
	rl := a[(m-1)*m : m*m]
	for j := 0; j < m-1; j++ {
		rj := a[j*m : j*m+m]
		s := rl[j]
		for q := 0; q < j; q++ {
			s -= rl[q] * rj[q] * d[q]
		}
		rl[j] = s / d[j]
	}
	ssr := rl[m-1]
	for q := 0; q < m-1; q++ {
		ssr -= rl[q] * rl[q] * d[q]
	}
	if ssr < 0 {
		ssr = 0
	}
	d[m-1] = ssr
	return true
}

//go:generate go run gen_kernels.go

// tstatLast returns the t-ratio of the last regressor in the regression of
// the last column of the augmented cross-product matrix a (m×m, lower
// triangle, regressors first) on the others, for a window of n rows.
//
// With a = L·D·Lᵀ the last regressor's coefficient is L[m-1][m-2], its
// variance is σ²/D[m-2] and the sum of squared residuals is D[m-1], so
// t = L[m-1][m-2]·sqrt(D[m-2]·(n-k)/D[m-1]) with k = m-1 coefficients.
func tstatLast(a, d []float64, m, n int) float64 {
	if !ldlAugmented(a, d, m) {
		return math.NaN()
	}
	b := a[(m-1)*m+m-2]
	return b * math.Sqrt(d[m-2]*float64(n-(m-1))/d[m-1])
}
