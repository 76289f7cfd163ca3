package psy

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/bubblelab/bubblelab/internal/inputerr"
)

// CVMethod is how Detect obtains critical values.
type CVMethod int

const (
	// MonteCarloCV simulates the random-walk null (MonteCarlo).
	MonteCarloCV CVMethod = iota
	// WildBootstrapCV resamples the data (WildBootstrap, Phillips and Shi
	// 2020).
	WildBootstrapCV
)

func (m CVMethod) String() string {
	if m == WildBootstrapCV {
		return "wild bootstrap"
	}
	return "monte carlo"
}

// DetectOptions configure the whole PSY procedure of Detect: the test, its
// critical values, the threshold and the date-stamping.
type DetectOptions struct {
	// Options are the window and lag settings of the test.
	Options
	// CV chooses Monte Carlo or wild-bootstrap critical values.
	CV CVMethod
	// Drift is the Monte Carlo null's drift.
	Drift Drift
	// Bootstrap configures the wild bootstrap. A zero Length is derived
	// from Horizon.
	Bootstrap Bootstrap
	// Horizon is the number of dates over which the wild bootstrap
	// controls the family-wise size: each bootstrap sample has
	// FamilyWiseLength(minimum window, lag, Horizon) prices. Zero means
	// every date of the sample (samples as long as the data).
	Horizon int
	// Sim sets replications, seed, workers and progress.
	Sim Sim
	// Level is the quantile level of the threshold, one of Sim.Levels
	// (default 0.95).
	Level float64
	// Threshold is the critical-value sequence the statistics are compared
	// with.
	Threshold Threshold
	// Stamping sets the rule, the minimum duration, the sequence and the
	// dates of the episodes. A negative MinDuration selects
	// MinDuration(T, 1), PSY's log T rule.
	Stamping Stamping
	// Reverse also date-stamps collapses by the reverse regression of
	// Phillips and Shi (2018): the test run on the time-reversed series,
	// whose explosive periods are the implosions of the original.
	Reverse bool
}

// Detection is the outcome of Detect.
type Detection struct {
	Options DetectOptions // with defaults filled in
	Result  *Result
	CV      *CriticalValues
	// LevelIndex is the index of Options.Level in CV.Levels.
	LevelIndex int
	// Threshold holds the critical value at each date of the stamped
	// sequence (Result.BSADF, or Result.BADF for BADFSequence).
	Threshold []float64
	// PValues is each date's p-value against the distribution the
	// threshold is a quantile of (family-wise under FamilyWiseThreshold).
	PValues []float64
	// ADFPValue, SADFPValue and GSADFPValue are the whole-sample p-values.
	ADFPValue, SADFPValue, GSADFPValue float64
	// Episodes are the date-stamped episodes, positive and negative.
	Episodes []Episode
	// MinDuration is the minimum duration used.
	MinDuration int

	// Reverse, ReverseStat, ReverseThreshold and Collapses are set under
	// DetectOptions.Reverse: the test of the reversed series, its BSADF
	// sequence mapped back to the original dates (ReverseStat[i] belongs
	// to price i and looks forward from it), the matching critical values,
	// and the collapse episodes it date-stamps.
	Reverse          *Result
	ReverseStat      []float64
	ReverseThreshold []float64
	Collapses        []Episode
}

// Preset returns the DetectOptions that reproduce a peer's defaults:
//
//	"psy"         this package's defaults: PSY (2015) window and lag 0,
//	              Monte Carlo with drift T⁻¹, 2000 replications, the
//	              per-date BSADF quantile, PSY's rule with δ·log T.
//	"exuber"      the R package exuber 1.1: radf (window in rows, lag 0),
//	              radf_mc_cv (driftless, 1000 replications), bsadf_cv
//	              (the SADF-path quantile) and datestamp (runs,
//	              min_duration 0).
//	"psymonitor"  the R package psymonitor: PSY (swindow0 in prices, lag
//	              selection by its ADF's rule when AIC or BIC is asked
//	              for), cvPSYwmboot (wild bootstrap, 199 replications,
//	              family-wise), locate (runs from first to last
//	              exceedance, no minimum).
//
// The caller fills in lags, seeds and dates; each preset's numbers are
// checked against the peer's in the tests.
func Preset(name string) (DetectOptions, error) {
	switch name {
	case "psy", "":
		return DetectOptions{Drift: PSYDrift(), Sim: Sim{Reps: 2000}, Level: 0.95, Threshold: BSADFThreshold,
			Stamping: Stamping{MinDuration: -1, Rule: PSYRule}}, nil
	case "exuber":
		return DetectOptions{Sim: Sim{Reps: 1000}, Level: 0.95, Threshold: SADFPathThreshold,
			Stamping: Stamping{Rule: RunsRule}}, nil
	case "psymonitor":
		return DetectOptions{Options: Options{WindowInPrices: true, SelectRule: PSYMonitorRows}, CV: WildBootstrapCV,
			Drift: PSYDrift(), Sim: Sim{Reps: 199}, Level: 0.95, Threshold: FamilyWiseThreshold,
			Stamping: Stamping{Rule: LocateRule}}, nil
	}
	return DetectOptions{}, inputerr.Errorf("psy: unknown preset %q: want psy, exuber or psymonitor", name)
}

// Detect runs the PSY procedure on y: the recursive test, critical values,
// per-date and whole-sample p-values, and date-stamped episodes (and,
// under Reverse, collapses). It is the one entry point the command line and
// the web app share. Errors in y or the options are bad input; a cancelled
// ctx stops every stage within milliseconds.
func Detect(ctx context.Context, y []float64, opt DetectOptions) (*Detection, error) {
	if opt.Level == 0 {
		opt.Level = 0.95
	}
	levels := opt.Sim.Levels
	if levels == nil {
		levels = []float64{0.90, 0.95, 0.99}
	}
	if !slices.ContainsFunc(levels, func(l float64) bool { return math.Abs(l-opt.Level) < 1e-9 }) {
		return nil, inputerr.Errorf("psy: level %v is not among the simulated levels %v", opt.Level, levels)
	}
	if opt.Horizon < 0 {
		return nil, inputerr.Errorf("psy: horizon %d is negative", opt.Horizon)
	}
	res, err := TestContext(ctx, y, opt.Options)
	if err != nil {
		return nil, err
	}
	if opt.Stamping.Sequence == BADFSequence && opt.Threshold != BADFThreshold {
		return nil, inputerr.Errorf("psy: BADF is stamped against the badf threshold, not %v", opt.Threshold)
	}
	if opt.Stamping.Sequence == BSADFSequence && opt.Threshold == BADFThreshold {
		return nil, inputerr.Errorf("psy: the badf threshold belongs to BADF; stamp the BADF sequence")
	}
	var cv *CriticalValues
	switch opt.CV {
	case MonteCarloCV:
		cv, err = MonteCarlo(ctx, len(y), opt.Options, opt.Drift, opt.Sim)
	case WildBootstrapCV:
		bs := opt.Bootstrap
		if bs.Length == 0 && opt.Horizon > 0 {
			bs.Length = FamilyWiseLength(res.MinWindow, res.Lag, opt.Horizon)
		}
		if bs.Length != 0 && bs.Length != len(y) && opt.Threshold != FamilyWiseThreshold {
			return nil, inputerr.Errorf("psy: bootstrap samples of %d prices give a family-wise threshold only, not %v", bs.Length, opt.Threshold)
		}
		opt.Bootstrap = bs
		cv, err = WildBootstrap(ctx, y, opt.Options, bs, opt.Sim)
	default:
		return nil, inputerr.Errorf("psy: unknown critical-value method %d", int(opt.CV))
	}
	if err != nil {
		return nil, err
	}
	l, err := cv.LevelIndex(opt.Level)
	if err != nil {
		return nil, err
	}
	thr, err := cv.Sequence(opt.Threshold, l)
	if err != nil {
		return nil, err
	}
	stat := res.BSADF
	if opt.Stamping.Sequence == BADFSequence {
		stat = res.BADF
	}
	if len(thr) == 1 {
		thr = slices.Repeat(thr, len(stat))
	}
	d := &Detection{Options: opt, Result: res, CV: cv, LevelIndex: l, Threshold: thr,
		ADFPValue: pValueOrNaN(cv.ADFDraws, res.ADF), SADFPValue: pValueOrNaN(cv.SADFDraws, res.SADF),
		GSADFPValue: pValueOrNaN(cv.GSADFDraws, res.GSADF)}
	if d.PValues, err = cv.PValues(opt.Threshold, stat); err != nil {
		return nil, err
	}
	st := opt.Stamping
	if st.MinDuration < 0 {
		st.MinDuration = MinDuration(len(y), 1)
	}
	d.MinDuration = st.MinDuration
	if d.Episodes, err = res.DateStamp(thr, st); err != nil {
		return nil, err
	}
	if opt.Reverse {
		if err := d.reverse(ctx, y, st); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// reverse runs the reverse regression: the test of the reversed series
// against the reversed thresholds, its exceedances being collapses.
func (d *Detection) reverse(ctx context.Context, y []float64, st Stamping) error {
	ry := slices.Clone(y)
	slices.Reverse(ry)
	rr, err := TestContext(ctx, ry, d.Options.Options)
	if err != nil {
		return fmt.Errorf("psy: reverse regression: %w", err)
	}
	d.Reverse = rr
	stat := rr.BSADF
	if st.Sequence == BADFSequence {
		stat = rr.BADF
	}
	// Reversed, BSADF of the reversed series at reversed price Offset+i
	// belongs to original price N−1−Offset−i, so the sequence covers
	// prices 0..N−1−Offset in original order.
	d.ReverseStat = slices.Clone(stat)
	slices.Reverse(d.ReverseStat)
	d.ReverseThreshold = slices.Clone(d.Threshold)
	slices.Reverse(d.ReverseThreshold)
	spans, err := Stamp(d.ReverseStat, d.ReverseThreshold, st.MinDuration, st.Rule)
	if err != nil {
		return err
	}
	n := len(y)
	for _, sp := range spans {
		e := d.Result.episode(sp, st.Rule, n-rr.Offset, func(k int) int { return k })
		if sp.Ongoing {
			// The reversed sequence ends at price N−1−Offset; the collapse
			// runs on to there.
			e.Ongoing = false
			e.End = n - 1 - rr.Offset
			e.Last = e.End
			e.Duration = e.End - e.Start + 1
		}
		if st.Times != nil {
			e.setTimes(st.Times)
		}
		d.Collapses = append(d.Collapses, e)
	}
	return nil
}
