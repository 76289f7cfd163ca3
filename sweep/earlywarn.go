package sweep

import (
	"context"
	"fmt"
	"math"
	"sync"

	"github.com/bubblelab/bubblelab/bubbletest/lppls"
	"github.com/bubblelab/bubblelab/bubbletest/psy"
)

// Detector is a real-time bubble detector run on a monthly series.
type Detector interface {
	// Name is a short lower-case name used in column names (ew_NAME_...).
	Name() string
	// Signals reports for every month t whether the detector signals a
	// bubble at t using months 0..t only. It is safe for concurrent use.
	Signals(ctx context.Context, series []float64) ([]bool, error)
}

// Warning is what one detector made of one run.
type Warning struct {
	// Alarm reports that the detector warned at some month.
	Alarm bool
	// AlarmMonth is the month of the first warning, counted from the first
	// simulated month; -1 without one.
	AlarmMonth int
	// LeadMonths is BurstMonth − AlarmMonth when the run had a burst and
	// the first warning came no later than it; -1 otherwise (no burst, no
	// warning, or a warning only after the burst).
	LeadMonths int
}

// Warn runs d on series and dates its first warning: the first month that
// ends minMonths consecutive months of signals. burst is the month index of
// the run's burst, or -1.
func Warn(ctx context.Context, d Detector, series []float64, burst, minMonths int) (Warning, error) {
	w := Warning{AlarmMonth: -1, LeadMonths: -1}
	sig, err := d.Signals(ctx, series)
	if err != nil {
		return w, err
	}
	if len(sig) != len(series) {
		return w, fmt.Errorf("%s: %d signals for %d months", d.Name(), len(sig), len(series))
	}
	run := 0
	for t, s := range sig {
		if !s {
			run = 0
			continue
		}
		run++
		if run >= max(minMonths, 1) {
			w.Alarm, w.AlarmMonth = true, t
			break
		}
	}
	if w.Alarm && burst >= 0 && w.AlarmMonth <= burst {
		w.LeadMonths = burst - w.AlarmMonth
	}
	return w, nil
}

// logSeries returns the natural log of series when every value is
// positive, else the series itself: bubble tests look at log prices.
func logSeries(series []float64) []float64 {
	y := make([]float64, len(series))
	for i, v := range series {
		if !(v > 0) {
			copy(y, series)
			return y
		}
		y[i] = math.Log(v)
	}
	return y
}

// PSY is the date-stamping test of Phillips, Shi and Yu (2015) as a
// real-time detector: it signals at month t when BSADF_t, which uses data
// up to t only, exceeds its Monte Carlo critical value at Level. The
// minimum window is PSY's rule for the series length. Critical values are
// simulated once per series length (Reps replications keyed by Seed) and
// shared.
type PSY struct {
	Level float64
	Reps  int
	Seed  uint64

	mu sync.Mutex
	cv map[int]*cvEntry
}

type cvEntry struct {
	once sync.Once
	cv   *psy.CriticalValues
	err  error
}

// Name implements Detector.
func (d *PSY) Name() string { return "psy" }

func (d *PSY) critical(ctx context.Context, n int) (*psy.CriticalValues, error) {
	d.mu.Lock()
	if d.cv == nil {
		d.cv = map[int]*cvEntry{}
	}
	e, ok := d.cv[n]
	if !ok {
		e = &cvEntry{}
		d.cv[n] = e
	}
	d.mu.Unlock()
	e.once.Do(func() {
		e.cv, e.err = psy.MonteCarlo(ctx, n, psy.Options{}, psy.Drift{}, psy.Sim{Reps: d.Reps, Seed: d.Seed, Levels: []float64{d.Level}})
	})
	return e.cv, e.err
}

// Signals implements Detector.
func (d *PSY) Signals(ctx context.Context, series []float64) ([]bool, error) {
	sig := make([]bool, len(series))
	y := logSeries(series)
	res, err := psy.Test(y, psy.Options{})
	if err != nil {
		return nil, fmt.Errorf("psy: %w", err)
	}
	cv, err := d.critical(ctx, len(y))
	if err != nil {
		return nil, fmt.Errorf("psy critical values: %w", err)
	}
	if err := cv.Matches(res); err != nil {
		return nil, err
	}
	for i, s := range res.BSADF {
		if s > cv.BSADF[0][i] {
			sig[res.Offset+i] = true
		}
	}
	return sig, nil
}

// LPPLS is the positive-bubble LPPLS confidence indicator (Sornette et al.
// 2015) as a real-time detector: at month t it fits the LPPLS model to the
// nested windows ending at t, from MaxWindow down to MinWindow months in
// steps of WindowStep, and signals when the share of qualified fits with
// B < 0 is at least Threshold. Months before the longest window never
// signal.
type LPPLS struct {
	Threshold                        float64
	MaxWindow, MinWindow, WindowStep int
	Seed                             uint64
}

// Name implements Detector.
func (d *LPPLS) Name() string { return "lppls" }

// Signals implements Detector.
func (d *LPPLS) Signals(ctx context.Context, series []float64) ([]bool, error) {
	sig := make([]bool, len(series))
	maxW := min(d.MaxWindow, len(series))
	if maxW < d.MinWindow {
		return sig, nil
	}
	t := make([]float64, len(series))
	for i := range t {
		t[i] = float64(i)
	}
	pts, err := lppls.Indicator(ctx, t, logSeries(series), lppls.IndicatorOptions{
		MaxWindow: maxW, MinWindow: d.MinWindow, WindowStep: d.WindowStep,
		Seed: d.Seed, Workers: 1,
	}, nil)
	if err != nil {
		return nil, fmt.Errorf("lppls: %w", err)
	}
	for _, p := range pts {
		sig[p.End] = p.Positive >= d.Threshold
	}
	return sig, nil
}

// detectors returns the detectors a spec enables, in a fixed order.
func (e EarlyWarning) detectors(seed uint64) []Detector {
	var ds []Detector
	if e.PSY {
		ds = append(ds, &PSY{Level: e.Level, Reps: e.PSYReplications, Seed: RunSeed(seed, 0x707379)})
	}
	if e.LPPLS {
		ds = append(ds, &LPPLS{Threshold: e.LPPLSThreshold, MaxWindow: 60, MinWindow: 24, WindowStep: 12, Seed: RunSeed(seed, 0x6c70706c73)})
	}
	return ds
}
