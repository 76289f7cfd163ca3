package psy

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/bubblelab/bubblelab/internal/inputerr"
)

// Result holds the recursive ADF statistics of one series.
type Result struct {
	// N is the number of prices tested.
	N int
	// MinWindow is the number of regression rows in the smallest window.
	MinWindow int
	// LagSelect and Lag are the lag settings used; under AIC or BIC, Lag is
	// the maximum lag and the rows are those available at that lag.
	LagSelect LagSelection
	Lag       int
	// Offset is the index in the price series of BADF[0] and BSADF[0]: the
	// price that ends the first minimum window, MinWindow+Lag. BADF[i] and
	// BSADF[i] belong to price Offset+i.
	Offset int

	// ADF is the statistic of the full sample.
	ADF float64
	// SADF is the supremum of BADF (Phillips, Wu and Yu 2011).
	SADF float64
	// GSADF is the supremum of BSADF (Phillips, Shi and Yu 2015).
	GSADF float64

	// BADF[i] is the statistic of the window from the first row to price
	// Offset+i (the forward-expanding sequence behind SADF).
	BADF []float64
	// BSADF[i] is the supremum over start points of the statistics of
	// windows ending at price Offset+i and at least MinWindow rows long.
	BSADF []float64

	y []float64 // the series, for the peaks of date-stamped episodes
}

// Test computes ADF, SADF, GSADF and the BADF and BSADF sequences of the
// price series y (Phillips, Shi and Yu 2015). Window statistics are updated
// from running sums as each window grows, so the whole computation costs
// O(T²) regressions of constant size. A window whose statistic is undefined
// (no variation in the level) is left out of the suprema.
//
// Test returns an error marked as bad input (inputerr) if y holds NaN or an
// infinity, if the options are invalid, or if y is too short for the
// minimum window.
func Test(y []float64, opt Options) (*Result, error) {
	return TestContext(context.Background(), y, opt)
}

// TestContext is Test that stops when ctx is done: the sweep checks ctx at
// every start point and every few thousand windows, and TestContext then
// returns ctx.Err(), wrapped.
func TestContext(ctx context.Context, y []float64, opt Options) (*Result, error) {
	if err := checkFinite(y); err != nil {
		return nil, err
	}
	pl, err := opt.resolve(len(y))
	if err != nil {
		return nil, err
	}
	res := &Result{
		N:         pl.n,
		MinWindow: pl.minw,
		LagSelect: pl.sel,
		Lag:       pl.lag,
		Offset:    pl.offset,
		BADF:      make([]float64, pl.windows),
		BSADF:     make([]float64, pl.windows),
		y:         slices.Clone(y),
	}
	sw := newSweeper(pl)
	sw.ctx = ctx
	sw.run(y, res.BADF, res.BSADF)
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("psy: test stopped: %w", err)
	}
	res.ADF = res.BADF[len(res.BADF)-1]
	res.SADF = nanMax(res.BADF)
	res.GSADF = nanMax(res.BSADF)
	if math.IsNaN(res.GSADF) {
		return nil, inputerr.Errorf("psy: no window of the series has a defined statistic (is the series constant?)")
	}
	return res, nil
}

// ADF returns the augmented Dickey–Fuller t-ratio of the full series with
// an intercept and lag lagged differences, the right-tailed form used by
// PSY: large positive values point to explosive behaviour.
func ADF(y []float64, lag int) (float64, error) {
	if err := checkFinite(y); err != nil {
		return 0, err
	}
	if lag < 0 {
		return 0, inputerr.Errorf("psy: lag %d is negative", lag)
	}
	rows := len(y) - 1 - lag
	pl, err := Options{MinWindow: max(rows, lag+3), Lag: lag}.resolve(len(y))
	if err != nil {
		return 0, err
	}
	badf := make([]float64, pl.windows)
	bsadf := make([]float64, pl.windows)
	newSweeper(pl).run(y, badf, bsadf)
	if math.IsNaN(badf[0]) {
		return 0, inputerr.Errorf("psy: the ADF statistic is undefined (is the series constant?)")
	}
	return badf[0], nil
}

// SelectLag chooses the lag in 0..maxLag for the full series by the
// information criterion ic (AIC or BIC), comparing all candidates on the
// rows available at maxLag. The chosen lag can then be used as a fixed lag,
// which is how a single full-sample choice differs from the per-window
// choice that Options.LagSelect makes.
func SelectLag(y []float64, maxLag int, ic LagSelection) (int, error) {
	return selectFullSampleLag(y, maxLag, ic, CommonRows)
}

func selectFullSampleLag(y []float64, maxLag int, ic LagSelection, rule SelectRule) (int, error) {
	if ic != AIC && ic != BIC {
		return 0, inputerr.Errorf("psy: lag selection must be AIC or BIC, not %v", ic)
	}
	if err := checkFinite(y); err != nil {
		return 0, err
	}
	if maxLag < 0 {
		return 0, inputerr.Errorf("psy: maximum lag %d is negative", maxLag)
	}
	rows := len(y) - 1 - maxLag
	pl, err := Options{MinWindow: max(rows, maxLag+3), LagSelect: ic, MaxLag: maxLag, SelectRule: rule}.resolve(len(y))
	if err != nil {
		return 0, err
	}
	sw := newSweeper(pl)
	for i := 1; i < len(y); i++ {
		sw.dy[i-1] = y[i] - y[i-1]
	}
	if pl.rule == PSYMonitorRows {
		sw.startPSYMonitor(y, 0)
		for r := 0; r < pl.rows; r++ {
			sw.addPSYMonitorRow(y, r+1+maxLag, y[0])
		}
		_, k := sw.psymonitorStat(pl.rows)
		return max(k, 0), nil
	}
	c := y[maxLag]
	for r := 0; r < pl.rows; r++ {
		sw.fillRowSelect(y, r, c)
		sw.addRow()
	}
	return sw.selectLag(pl.rows), nil
}

// nanMax returns the largest non-NaN element of x, or NaN if there is none.
func nanMax(x []float64) float64 {
	m := math.Inf(-1)
	for _, v := range x {
		if v > m {
			m = v
		}
	}
	if math.IsInf(m, -1) {
		return math.NaN()
	}
	return m
}
