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

// SelectRule says how per-window lag selection (AIC or BIC) compares the
// candidate lags.
type SelectRule int

const (
	// CommonRows fits every candidate lag on the rows available at MaxLag
	// and compares them by the Gaussian criterion ln(SSR/n) + c·(p+2)/n;
	// the chosen model's t-ratio has its own degrees of freedom.
	CommonRows SelectRule = iota
	// PSYMonitorRows is the rule of psymonitor's ADF (Phillips, Shi and
	// Caspi): lag k is fitted on its own rows, the n_k = T₁−k rows it has in
	// a window of T₁+1 prices; the criterion is
	// (n_k·ln 2π + SSR_k)/t + c·(k+2)/t with t = T₁−MaxLag and c = 2 (AIC)
	// or ln t (BIC), ties going to the smaller lag; and the chosen model's
	// t-ratio uses t−MaxLag−2 degrees of freedom whatever the lag chosen.
	PSYMonitorRows
)

// String returns the name used in the CLI.
func (r SelectRule) String() string {
	switch r {
	case CommonRows:
		return "common-rows"
	case PSYMonitorRows:
		return "psymonitor"
	}
	return fmt.Sprintf("SelectRule(%d)", int(r))
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

	// SelectRule is how AIC and BIC compare the candidate lags.
	SelectRule SelectRule

	// WindowInPrices makes MinWindow, and its default, count prices
	// instead of regression rows, as psymonitor's swindow0 does: a window
	// of w prices has w−1−lag rows (lag = MaxLag under AIC/BIC).
	WindowInPrices bool
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
	rule    SelectRule   // how AIC/BIC compare lags
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
	switch opt.SelectRule {
	case CommonRows, PSYMonitorRows:
		p.rule = opt.SelectRule
	default:
		return p, inputerr.Errorf("psy: unknown lag-selection rule %d", int(opt.SelectRule))
	}
	p.n = n
	p.minw = opt.MinWindow
	if p.minw == 0 {
		p.minw = DefaultMinWindow(n)
	}
	if opt.WindowInPrices {
		p.minw -= 1 + p.lag
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
