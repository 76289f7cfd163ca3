package psy

import (
	"fmt"
	"math"

	"github.com/bubblelab/bubblelab/internal/inputerr"
)

// LagSelection says how the number of lagged differences in the ADF
// regression is chosen.
type LagSelection int

const (
	// FixedLag uses Options.Lag lagged differences in every window, as the
	// R package exuber's radf does.
	FixedLag LagSelection = iota
	// AIC chooses, in every window separately, the lag in 0..Options.MaxLag
	// that minimises the Akaike criterion, as PSY's own code does with IC=1.
	AIC
	// BIC is AIC with the Schwarz (Bayesian) penalty, PSY's IC=2.
	BIC
)

// String returns the name used in the documentation and the CLI.
func (s LagSelection) String() string {
	switch s {
	case FixedLag:
		return "fixed"
	case AIC:
		return "aic"
	case BIC:
		return "bic"
	}
	return fmt.Sprintf("LagSelection(%d)", int(s))
}

// Options are the settings of the recursive ADF regressions. The zero value
// is exuber's default: the PSY minimum window and no lagged differences.
type Options struct {
	// MinWindow is the number of regression rows in the smallest window.
	// With lag p a window of n rows spans n+1+p prices. Zero selects
	// DefaultMinWindow(len(y)), exuber's psy_minw.
	MinWindow int

	// LagSelect chooses between a fixed lag and per-window selection by an
	// information criterion.
	LagSelect LagSelection

	// Lag is the fixed number of lagged differences (LagSelect == FixedLag).
	Lag int

	// MaxLag is the largest lag considered when LagSelect is AIC or BIC.
	MaxLag int
}

// DefaultMinWindow returns PSY's rule of thumb for the minimum window,
// floor((0.01 + 1.8/sqrt(T))·T) for a series of T prices (Phillips, Shi and
// Yu 2015). The expression is evaluated in the same order as
// exuber's psy_minw so that both round identically.
func DefaultMinWindow(T int) int {
	if T <= 0 {
		return 0
	}
	t := float64(T)
	return int(math.Floor((0.01 + 1.8/math.Sqrt(t)) * t))
}

// MinDuration returns PSY's minimum bubble duration δ·log(T) in
// observations, rounded half to even as R's round does (exuber's psy_ds with
// rule 1). PSY (2015) state the rule as the fraction δ·log(T)/T of the sample.
func MinDuration(T int, delta float64) int {
	if T <= 1 || !(delta > 0) {
		return 0
	}
	return int(math.RoundToEven(delta * math.Log(float64(T))))
}

// plan is a validated Options resolved against a series length.
type plan struct {
	n       int          // number of prices
	minw    int          // rows in the smallest window
	sel     LagSelection // how the lag is chosen
	lag     int          // fixed lag, or MaxLag under AIC/BIC
	rows    int          // regression rows: n-1-lag
	offset  int          // index in y of the first BSADF value: minw+lag
	windows int          // number of BSADF values: rows-minw+1
}

// resolve checks opt against a series of n prices and fills in defaults.
// Every failure is bad user input.
func (opt Options) resolve(n int) (plan, error) {
	var p plan
	if opt.MinWindow < 0 {
		return p, inputerr.Errorf("psy: minimum window %d is negative", opt.MinWindow)
	}
	switch opt.LagSelect {
	case FixedLag:
		if opt.Lag < 0 {
			return p, inputerr.Errorf("psy: lag %d is negative", opt.Lag)
		}
		p.lag = opt.Lag
	case AIC, BIC:
		if opt.MaxLag < 0 {
			return p, inputerr.Errorf("psy: maximum lag %d is negative", opt.MaxLag)
		}
		p.lag = opt.MaxLag
	default:
		return p, inputerr.Errorf("psy: unknown lag selection %d", int(opt.LagSelect))
	}
	p.sel = opt.LagSelect
	p.n = n
	p.minw = opt.MinWindow
	if p.minw == 0 {
		p.minw = DefaultMinWindow(n)
	}
	// A window needs one more row than coefficients (intercept, level and
	// lag differences) so that the residual variance has a degree of freedom.
	need := p.lag + 3
	if p.minw < need {
		return p, inputerr.Errorf("psy: minimum window of %d rows is too small for lag %d: it needs at least %d rows", p.minw, p.lag, need)
	}
	p.rows = n - 1 - p.lag
	if p.rows < p.minw {
		return p, inputerr.Errorf("psy: series of %d prices is too short: a minimum window of %d rows with lag %d needs at least %d prices", n, p.minw, p.lag, p.minw+1+p.lag)
	}
	p.offset = p.minw + p.lag
	p.windows = p.rows - p.minw + 1
	return p, nil
}

// checkFinite reports the first NaN or infinite value in y as bad input.
func checkFinite(y []float64) error {
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return inputerr.Errorf("psy: observation %d is %v; the series must be finite", i, v)
		}
	}
	return nil
}
