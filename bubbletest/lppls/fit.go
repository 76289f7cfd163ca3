package lppls

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/optimize"

	"github.com/bubblelab/bubblelab/internal/inputerr"
)

// MinObservations is the shortest window Fit accepts: the model has seven
// parameters, and ten observations leave at least three residual degrees of
// freedom.
const MinObservations = 10

// Errors returned, wrapped in an *inputerr.Error, for input the package cannot
// use. Test for them with errors.Is.
var (
	ErrTooShort       = errors.New("too few observations")
	ErrNotFinite      = errors.New("value is NaN or infinite")
	ErrTimeOrder      = errors.New("times are not strictly increasing")
	ErrLengthMismatch = errors.New("times and log prices differ in length")
	ErrBadOption      = errors.New("invalid option")
	ErrNoFit          = errors.New("no finite fit")
)

// Defaults used for zero-valued fields of Fitter. 25 local searches is the
// number of searches the Python lppls package recommends ("the literature
// suggests 25"); on the full Nasdaq 1994–2000 window it found the lowest RSS
// for 24 of 24 seeds, against 16 of 24 with 10 searches (docs/detect-lppls.md).
const (
	DefaultStarts         = 25
	CandidatesPerStart    = 20
	DefaultMaxEvaluations = 1000
)

// SearchBounds are the box in which Fit looks for the nonlinear parameters.
// The critical time is searched in [t2 − TcBefore·(t2−t1), t2 + TcAfter·(t2−t1)]
// of the window [t1, t2]. The search box should be wider than the
// qualification filter, so that a fit pressed against its edge is rejected by
// the filter instead of being counted because the search stopped it.
type SearchBounds struct {
	TcBefore, TcAfter float64 // fractions of the window length
	MMin, MMax        float64
	OmegaMin          float64
	OmegaMax          float64
}

// DefaultSearchBounds returns tc ∈ [t2 − 0.2·dt, t2 + 0.2·dt], m ∈ [0.01, 2],
// ω ∈ [1, 50]. The tc range is the one of Sornette et al. (2015), used as well
// by the Python lppls package (fit, init_limits) and by Fantazzini's R package
// bubble (max.win.tc = 0.2). The m and ω ranges are the search space we recall
// from Demirer et al. (2019, Table 1), m ∈ [0, 2] and ω ∈ [1, 50], with m kept
// away from 0 where (tc−t)^m becomes collinear with the constant; see
// docs/detect-lppls.md for what was and was not checked against the papers.
func DefaultSearchBounds() SearchBounds {
	return SearchBounds{TcBefore: 0.2, TcAfter: 0.2, MMin: 0.01, MMax: 2, OmegaMin: 1, OmegaMax: 50}
}

func (b SearchBounds) validate() error {
	switch {
	case !allFinite(b.TcBefore, b.TcAfter, b.MMin, b.MMax, b.OmegaMin, b.OmegaMax):
		return badOption("search bounds must be finite: %+v", b)
	case b.TcBefore < 0 || b.TcBefore >= 1:
		return badOption("SearchBounds.TcBefore = %g, want 0 ≤ TcBefore < 1 so that tc stays after t1", b.TcBefore)
	case b.TcAfter < 0 || b.TcBefore+b.TcAfter == 0:
		return badOption("SearchBounds.TcAfter = %g, want TcAfter ≥ 0 and a non-empty tc range", b.TcAfter)
	case !(b.MMin > 0 && b.MMax > b.MMin):
		return badOption("SearchBounds m range [%g, %g], want 0 < MMin < MMax", b.MMin, b.MMax)
	case !(b.OmegaMin > 0 && b.OmegaMax > b.OmegaMin):
		return badOption("SearchBounds ω range [%g, %g], want 0 < OmegaMin < OmegaMax", b.OmegaMin, b.OmegaMax)
	}
	return nil
}

// Fitter calibrates the LPPLS model to one window of log prices.
//
// The zero value of a field selects its default: DefaultStarts,
// CandidatesPerStart·Starts, DefaultMaxEvaluations, DefaultSearchBounds and
// DefaultFilter. Src must be set; Fit draws its random starts from it, so a
// Fitter with a seeded source gives the same fit every time.
type Fitter struct {
	// Starts is the number of local searches.
	Starts int
	// Candidates is the number of uniform random points of the search box
	// whose cost is computed to choose the Starts starting points (the
	// lowest ones); zero selects CandidatesPerStart·Starts.
	Candidates int
	// MaxEvaluations caps the cost evaluations of each local search.
	MaxEvaluations int
	// Bounds is the search box of (tc, m, ω).
	Bounds SearchBounds
	// Filter decides whether the best fit qualifies.
	Filter Filter
	// Src is the source of the random starts.
	Src rand.Source
}

// Fit is a calibrated LPPLS model: the parameters with the smallest residual
// sum of squares found, the window it was fitted to, and whether the fit
// passes the Fitter's filter.
type Fit struct {
	Params
	T1, T2 float64 // first and last time of the window
	N      int     // number of observations
	RSS    float64 // residual sum of squares of the log prices

	// Qualified reports whether the fit passes the filter; Reasons lists
	// every condition it fails, empty when it qualifies.
	Qualified bool
	Reasons   []string

	// Evaluations counts the cost-function evaluations: the screened
	// candidates, every local search and the polishing.
	Evaluations int
}

// Oscillations returns the number of log-periodic oscillations over the fitted
// window; see Params.Oscillations.
func (f Fit) Oscillations() float64 { return f.Params.Oscillations(f.T1, f.T2) }

// Fit calibrates the model to times t and log prices logp, which must have
// the same length of at least MinObservations, be finite, and have strictly
// increasing times in any unit (days, fractional years). The fit is the one
// of lowest residual sum of squares over f.Starts local searches.
func (f Fitter) Fit(t, logp []float64) (Fit, error) {
	return f.FitContext(context.Background(), t, logp)
}

// FitContext is Fit that stops early when ctx is cancelled: the local
// searches check ctx at every iteration (a few cost evaluations, well under
// a millisecond on windows of 1,000 observations), and FitContext then
// returns ctx.Err(), wrapped.
func (f Fitter) FitContext(ctx context.Context, t, logp []float64) (Fit, error) {
	if err := checkSeries(t, logp); err != nil {
		return Fit{}, err
	}
	f, err := f.withDefaults()
	if err != nil {
		return Fit{}, err
	}
	if f.Src == nil {
		return Fit{}, badOption("Fitter.Src is nil; set a seeded source such as rand.NewPCG(seed, 0)")
	}
	var w workspace
	w.load(t, logp)
	fit := f.fit(ctx, &w, rand.New(f.Src))
	if err := ctx.Err(); err != nil {
		return Fit{}, fmt.Errorf("lppls fit stopped: %w", err)
	}
	p := fit.Params
	switch {
	case math.IsInf(fit.RSS, 1):
		return fit, inputerr.Wrap(fmt.Errorf("%w: the residual sum of squares overflows everywhere in the search box", ErrNoFit))
	case !allFinite(p.Tc, p.A, p.B, p.C1, p.C2):
		return fit, inputerr.Wrap(fmt.Errorf("%w: the parameters overflow in the time unit of the data (window length %g); rescale the times", ErrNoFit, fit.T2-fit.T1))
	}
	return fit, nil
}

// LinearParams returns the linear parameters A, B, C1, C2 that minimise the
// residual sum of squares of the model with the given nonlinear parameters,
// and that sum: the cost function Fit minimises, for profiling it or for
// comparing a fit with known parameters. m must be positive and all
// parameters finite.
func LinearParams(t, logp []float64, tc, m, omega float64) (Params, float64, error) {
	if err := checkSeries(t, logp); err != nil {
		return Params{}, 0, err
	}
	if !allFinite(tc, m, omega) || m <= 0 {
		return Params{}, 0, badOption("nonlinear parameters tc = %g, m = %g, ω = %g, want finite values and m > 0", tc, m, omega)
	}
	var w workspace
	w.load(t, logp)
	tcTau := (tc - w.t1) / w.span
	lin, rss, ok := w.solve(tcTau, m, omega)
	if !ok || math.IsInf(rss, 0) {
		return Params{}, rss, inputerr.Wrap(fmt.Errorf("%w: the basis is singular or the residual overflows at tc = %g, m = %g, ω = %g", ErrNoFit, tc, m, omega))
	}
	return w.toOriginal(tcTau, m, omega, lin), rss, nil
}

// withDefaults fills zero fields and validates the rest.
func (f Fitter) withDefaults() (Fitter, error) {
	if f.Starts == 0 {
		f.Starts = DefaultStarts
	}
	if f.Candidates == 0 && f.Starts > 0 {
		f.Candidates = CandidatesPerStart * f.Starts
	}
	if f.MaxEvaluations == 0 {
		f.MaxEvaluations = DefaultMaxEvaluations
	}
	if f.Bounds == (SearchBounds{}) {
		f.Bounds = DefaultSearchBounds()
	}
	if f.Filter.isZero() {
		f.Filter = DefaultFilter()
	}
	switch {
	case f.Starts < 0:
		return f, badOption("Fitter.Starts = %d, want > 0", f.Starts)
	case f.Candidates < f.Starts:
		return f, badOption("Fitter.Candidates = %d, want at least Starts = %d", f.Candidates, f.Starts)
	case f.MaxEvaluations < 0:
		return f, badOption("Fitter.MaxEvaluations = %d, want > 0", f.MaxEvaluations)
	}
	if err := f.Bounds.validate(); err != nil {
		return f, err
	}
	if err := f.Filter.validate(); err != nil {
		return f, err
	}
	return f, nil
}

// box is the search box in rescaled time, where t1 = 0 and t2 = 1.
type box struct{ lo, hi [3]float64 }

func (b SearchBounds) rescaled() box {
	return box{
		lo: [3]float64{1 - b.TcBefore, b.MMin, b.OmegaMin},
		hi: [3]float64{1 + b.TcAfter, b.MMax, b.OmegaMax},
	}
}

// toBox maps an unconstrained point u to the box by a logistic function of
// each coordinate, so that the unconstrained Nelder–Mead method respects the
// bounds.
func (b box) toBox(u []float64) [3]float64 {
	var x [3]float64
	for i := range x {
		x[i] = b.lo[i] + (b.hi[i]-b.lo[i])/(1+math.Exp(-u[i]))
	}
	return x
}

// fromBox is the inverse of toBox for a point inside the box.
func (b box) fromBox(x [3]float64) []float64 {
	u := make([]float64, 3)
	for i := range u {
		p := (x[i] - b.lo[i]) / (b.hi[i] - b.lo[i])
		u[i] = math.Log(p / (1 - p))
	}
	return u
}

// fit runs the multi-start search on a loaded workspace: it screens
// f.Candidates uniform random points of the box, runs a coarse Nelder–Mead
// search from each of the f.Starts best, and polishes the best result with a
// tight one. All random numbers are drawn first, so the stream does not depend
// on how the searches went.
func (f Fitter) fit(ctx context.Context, w *workspace, rng *rand.Rand) Fit {
	bx := f.Bounds.rescaled()
	cands := make([][3]float64, f.Candidates)
	for c := range cands {
		for i := range cands[c] {
			// Keep candidates off the boundary, where the logit is infinite.
			p := 0.01 + 0.98*rng.Float64()
			cands[c][i] = bx.lo[i] + p*(bx.hi[i]-bx.lo[i])
		}
	}
	vals := make([]float64, len(cands))
	order := make([]int, len(cands))
	for c, x := range cands {
		_, vals[c], _ = w.solve(x[0], x[1], x[2])
		order[c] = c
	}
	sort.SliceStable(order, func(a, b int) bool { return vals[order[a]] < vals[order[b]] })

	cost := func(u []float64) float64 {
		x := bx.toBox(u)
		_, rss, _ := w.solve(x[0], x[1], x[2])
		return rss
	}
	best := math.Inf(1)
	var bestU []float64
	for _, c := range order[:f.Starts] {
		if math.IsInf(vals[c], 1) {
			break
		}
		u, rss := f.localSearch(ctx, cost, bx.fromBox(cands[c]), searchStage{coarseRelTol, coarseStall, coarseSimplex})
		if rss < best {
			best, bestU = rss, u
		}
	}
	fit := Fit{T1: w.t1, T2: w.t1 + w.span, N: len(w.tau), RSS: math.Inf(1)}
	if bestU != nil {
		// Nelder–Mead can stall in the long, narrow valley along which m
		// and ω trade off; a fresh simplex at the stalled point resumes it.
		for range polishRestarts {
			u, rss := f.localSearch(ctx, cost, bestU, searchStage{polishRelTol, polishStall, polishSimplex})
			if !(rss < best) {
				break
			}
			improved := best - rss
			best, bestU = rss, u
			if improved <= 1e-12*best {
				break
			}
		}
		x := bx.toBox(bestU)
		lin, rss, _ := w.solve(x[0], x[1], x[2])
		fit.Params = w.toOriginal(x[0], x[1], x[2], lin)
		fit.RSS = rss
	}
	fit.Evaluations = w.evals
	fit.Qualified, fit.Reasons = f.Filter.Qualifies(fit)
	return fit
}

// searchStage sets how far a Nelder–Mead search goes: it stops when the best
// value has not improved by more than relTol (relative) for stallIters
// iterations. simplex is the initial simplex size in logistic coordinates,
// where 0.5 spans about a tenth of a range at the centre of the box.
type searchStage struct {
	relTol     float64
	stallIters int
	simplex    float64
}

// The coarse stage finds a basin: on the Nasdaq 1994–2000 window a tighter
// tolerance (1e-10 over 20 iterations) doubled the evaluations without
// finding lower minima. The polishing stage pins the winner down to the
// precision of the RSS and is restarted at most polishRestarts times.
const (
	coarseRelTol, coarseStall, coarseSimplex = 1e-8, 10, 0.5
	polishRelTol, polishStall, polishSimplex = 1e-13, 30, 0.05
	polishRestarts                           = 8
)

// localSearch minimises cost from u0 by Nelder–Mead and returns the best point
// and value it saw.
func (f Fitter) localSearch(ctx context.Context, cost func([]float64) float64, u0 []float64, stage searchStage) ([]float64, float64) {
	if ctx.Err() != nil {
		return u0, math.Inf(1)
	}
	problem := optimize.Problem{Func: cost}
	settings := &optimize.Settings{
		FuncEvaluations: f.MaxEvaluations,
		Converger:       ctxConverger{ctx, &optimize.FunctionConverge{Relative: stage.relTol, Iterations: stage.stallIters}},
	}
	res, err := optimize.Minimize(problem, u0, settings, &optimize.NelderMead{SimplexSize: stage.simplex})
	if err != nil || res == nil {
		return u0, cost(u0)
	}
	return res.X, res.F
}

// ctxConverger ends a search when its context is cancelled; otherwise the
// wrapped converger decides.
type ctxConverger struct {
	ctx context.Context
	optimize.Converger
}

func (c ctxConverger) Converged(loc *optimize.Location) optimize.Status {
	if c.ctx.Err() != nil {
		return optimize.RuntimeLimit
	}
	return c.Converger.Converged(loc)
}

// checkSeries validates a series for fitting.
func checkSeries(t, logp []float64) error {
	if len(t) != len(logp) {
		return inputerr.Wrap(fmt.Errorf("%w: %d times, %d log prices", ErrLengthMismatch, len(t), len(logp)))
	}
	if len(t) < MinObservations {
		return inputerr.Wrap(fmt.Errorf("%w: %d, need at least %d", ErrTooShort, len(t), MinObservations))
	}
	for i := range t {
		if math.IsNaN(t[i]) || math.IsInf(t[i], 0) {
			return inputerr.Wrap(fmt.Errorf("%w: time %d is %g", ErrNotFinite, i, t[i]))
		}
		if math.IsNaN(logp[i]) || math.IsInf(logp[i], 0) {
			return inputerr.Wrap(fmt.Errorf("%w: log price %d is %g", ErrNotFinite, i, logp[i]))
		}
		if i > 0 && !(t[i] > t[i-1]) {
			return inputerr.Wrap(fmt.Errorf("%w: time %d is %g after %g", ErrTimeOrder, i, t[i], t[i-1]))
		}
	}
	if span := t[len(t)-1] - t[0]; math.IsInf(span, 0) {
		return inputerr.Wrap(fmt.Errorf("%w: time span %g to %g overflows", ErrNotFinite, t[0], t[len(t)-1]))
	}
	return nil
}

func badOption(format string, args ...any) error {
	return inputerr.Wrap(fmt.Errorf("%w: %s", ErrBadOption, fmt.Sprintf(format, args...)))
}

func allFinite(xs ...float64) bool {
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}
