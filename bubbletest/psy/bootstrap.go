package psy

import (
	"context"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/bubblelab/bubblelab/internal/inputerr"
)

// Weights is the distribution of the wild-bootstrap multipliers.
type Weights int

const (
	// NormalWeights are standard normal, as in Phillips and Shi (2020).
	NormalWeights Weights = iota
	// RademacherWeights are ±1 with equal probability (Harvey, Leybourne,
	// Sollis and Taylor 2016 use them for the same purpose).
	RademacherWeights
)

// Bootstrap configures the wild bootstrap of Phillips and Shi (2020).
type Bootstrap struct {
	// Length is the number of prices in each bootstrap sample, τ_b in the
	// paper. The supremum of the BSADF sequence of a sample this long is
	// the statistic whose quantile controls the family-wise size over the
	// last Length-MinWindow-Lag dates; FamilyWiseLength computes it from a
	// horizon. Zero means the length of the data.
	Length int
	// Weights is the multiplier distribution.
	Weights Weights
	// KeepDates multiplies each date's own residual, ε̂_t·w_t, instead of
	// a residual drawn at random. That is the pure wild bootstrap of
	// Harvey, Leybourne, Sollis and Taylor (2016), which keeps the path of
	// the volatility; drawing residuals at random, as Phillips and Shi
	// (2020) and psymonitor do, makes the bootstrap errors homoskedastic.
	// It needs Length equal to the length of the data.
	KeepDates bool
}

// FamilyWiseLength returns the bootstrap sample length whose BSADF
// sequence has horizon values, so that the bootstrap controls the
// family-wise size of date-stamping over horizon consecutive dates. PSY's
// psymonitor vignette controls size over two years of monthly data,
// horizon 24, with Tb = 24 + swindow0 - 1 prices; here the minimum window
// counts regression rows, hence minWindow + lag + horizon.
func FamilyWiseLength(minWindow, lag, horizon int) int {
	return minWindow + lag + horizon
}

// WildBootstrap computes critical values for the recursive tests on y by
// the composite bootstrap of Phillips and Shi (2020), as their psymonitor
// package implements it (cvPSYwmboot):
//
//  1. Fit the null model Δy_t = μ + Σ_{j=1}^{p} φ_j Δy_{t-j} + ε_t to the
//     whole series, with p = opt.Lag, or chosen by opt.LagSelect over
//     0..opt.MaxLag; keep φ̂ and the residuals ε̂.
//  2. Build bootstrap samples of Length prices from y_1 and the first p
//     observed differences by Δy*_t = Σ φ̂_j Δy*_{t-j} + w_t·ε̂_{l_t},
//     with w_t drawn from Weights and l_t drawn uniformly with
//     replacement from the residual indices.
//  3. Run the recursive test on each sample with the window and lag
//     settings of opt (the minimum window resolved against len(y)).
//
// The returned GSADF quantiles are quantiles of max_t BSADF*_t over each
// bootstrap sample, the family-wise critical value of the paper (step 4).
// Against them a BSADF sequence is compared as a constant threshold. When
// Length is len(y), the BSADF sequence of quantiles is also reported date
// by date.
//
// psymonitor's cvPSYwmboot draws its multipliers as matrix(rnorm(1), ...),
// one draw for all dates, which then cancels in the t-ratio; here they are
// independent across dates, which is what the paper describes.
func WildBootstrap(ctx context.Context, y []float64, opt Options, bs Bootstrap, sim Sim) (*CriticalValues, error) {
	if err := checkFinite(y); err != nil {
		return nil, err
	}
	if bs.Weights != NormalWeights && bs.Weights != RademacherWeights {
		return nil, inputerr.Errorf("psy: unknown bootstrap weights %d", int(bs.Weights))
	}
	if bs.Length < 0 {
		return nil, inputerr.Errorf("psy: bootstrap length %d is negative", bs.Length)
	}
	full, err := opt.resolve(len(y))
	if err != nil {
		return nil, err
	}
	tb := bs.Length
	if tb == 0 {
		tb = len(y)
	}
	if bs.KeepDates && tb != len(y) {
		return nil, inputerr.Errorf("psy: a bootstrap that keeps dates needs samples as long as the data (%d prices), not %d", len(y), tb)
	}
	bopt := opt
	bopt.MinWindow = full.minw
	pl, err := bopt.resolve(tb)
	if err != nil {
		return nil, inputerr.Errorf("psy: bootstrap length %d: %v", tb, err)
	}

	p := opt.Lag
	if opt.LagSelect != FixedLag {
		p = selectNullLag(y, opt.MaxLag, opt.LagSelect, opt.SelectRule)
	}
	phi, eps, err := fitNull(y, p)
	if err != nil {
		return nil, err
	}

	dy0 := make([]float64, p)
	for j := range p {
		dy0[j] = y[j+1] - y[j]
	}
	return simulate(ctx, "wild bootstrap", pl, sim, bootstrapSampler(tb, y[0], dy0, phi, eps, bs))
}

// bootstrapSampler returns the generator of step 2. It keeps no state
// between calls, so simulate's workers can share it.
func bootstrapSampler(tb int, y0 float64, dy0, phi, eps []float64, bs Bootstrap) func(*rand.Rand, []float64) {
	p := len(dy0)
	weights, keep := bs.Weights, bs.KeepDates
	return func(rng *rand.Rand, yb []float64) {
		// yb[i+1] holds Δy*_i until the levels are accumulated in place.
		d := yb[1:]
		copy(d, dy0)
		for i := p; i < tb-1; i++ {
			v := 0.0
			for j, f := range phi {
				v += f * d[i-1-j]
			}
			var w float64
			if weights == RademacherWeights {
				w = float64(2*int(rng.Uint64()&1) - 1)
			} else {
				w = rng.NormFloat64()
			}
			// Residual i-p belongs to difference i of the data.
			l := i - p
			if !keep {
				l = rng.IntN(len(eps))
			}
			d[i] = v + w*eps[l]
		}
		yb[0] = y0
		for i := 1; i < tb; i++ {
			yb[i] += yb[i-1]
		}
	}
}

// fitNull estimates Δy_t = μ + Σ_{j=1}^{p} φ_j Δy_{t-j} + ε_t by least
// squares (QR) on all available rows and returns φ̂ and the residuals.
func fitNull(y []float64, p int) (phi, eps []float64, err error) {
	dy := diff(y)
	rows := len(dy) - p
	if rows < p+2 {
		return nil, nil, inputerr.Errorf("psy: series of %d prices is too short to fit the bootstrap null model with lag %d", len(y), p)
	}
	x := mat.NewDense(rows, p+1, nil)
	b := mat.NewVecDense(rows, nil)
	for r := range rows {
		t := r + p
		x.Set(r, 0, 1)
		for j := 1; j <= p; j++ {
			x.Set(r, j, dy[t-j])
		}
		b.SetVec(r, dy[t])
	}
	var qr mat.QR
	qr.Factorize(x)
	var beta mat.VecDense
	if err := qr.SolveVecTo(&beta, false, b); err != nil {
		return nil, nil, inputerr.Errorf("psy: bootstrap null model is singular: %v", err)
	}
	var fit mat.VecDense
	fit.MulVec(x, &beta)
	eps = make([]float64, rows)
	for r := range rows {
		eps[r] = b.AtVec(r) - fit.AtVec(r)
	}
	phi = make([]float64, p)
	for j := range p {
		phi[j] = beta.AtVec(j + 1)
	}
	return phi, eps, nil
}

// selectNullLag chooses the lag of the bootstrap null model by the
// Gaussian information criterion over 0..maxLag on common rows, as
// selectLag does for the test regression, or under PSYMonitorRows as
// psymonitor's ADFres does: each lag on its own rows, criterion
// (n_k·ln 2π + SSR_k)/t + c·(k+1)/t with t the rows at maxLag.
func selectNullLag(y []float64, maxLag int, ic LagSelection, rule SelectRule) int {
	dy := diff(y)
	rows := len(dy) - maxLag
	if rows <= maxLag+2 {
		return 0
	}
	pen := 2.0
	if ic == BIC {
		pen = math.Log(float64(rows))
	}
	best, bestIC := 0, math.Inf(1)
	for p := 0; p <= maxLag; p++ {
		first := maxLag // the first difference explained
		if rule == PSYMonitorRows {
			first = p
		}
		n := len(dy) - first
		x := mat.NewDense(n, p+1, nil)
		b := mat.NewVecDense(n, nil)
		for r := range n {
			t := r + first
			x.Set(r, 0, 1)
			for j := 1; j <= p; j++ {
				x.Set(r, j, dy[t-j])
			}
			b.SetVec(r, dy[t])
		}
		var qr mat.QR
		qr.Factorize(x)
		var beta, fit mat.VecDense
		if err := qr.SolveVecTo(&beta, false, b); err != nil {
			continue
		}
		fit.MulVec(x, &beta)
		ssr := 0.0
		for r := range n {
			e := b.AtVec(r) - fit.AtVec(r)
			ssr += e * e
		}
		if !(ssr > 0) {
			continue
		}
		fr := float64(rows)
		v := math.Log(ssr/fr) + pen*float64(p+1)/fr
		if rule == PSYMonitorRows {
			v = (float64(n)*math.Log(2*math.Pi)+ssr)/fr + pen*float64(p+1)/fr
		}
		if v < bestIC {
			best, bestIC = p, v
		}
	}
	return best
}

func diff(y []float64) []float64 {
	d := make([]float64, len(y)-1)
	for i := range d {
		d[i] = y[i+1] - y[i]
	}
	return d
}
