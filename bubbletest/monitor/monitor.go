// Package monitor watches a list of price series for bubbles in real time,
// in the manner of Phillips and Shi (2020): each series keeps a state
// (psy.Incremental, the running regression sums of every window start), so
// that a new observation costs one BSADF update of O(T) instead of the
// O(T²) of a full recomputation, and a date's status is the BSADF of that
// date against a family-wise threshold fixed in advance. The LPPLS
// confidence indicator of the new end date is computed alongside.
//
// A State holds the settings, the threshold and every series; Update
// appends the dates a series has gained since the last call. A State is
// saved with MarshalBinary and restored with Unmarshal, so a later run
// appends only the new dates, with results identical to one run over the
// whole period.
package monitor

import (
	"bytes"
	"context"
	"encoding/gob"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/bubblelab/bubblelab/bubbletest/lppls"
	"github.com/bubblelab/bubblelab/bubbletest/psy"
	"github.com/bubblelab/bubblelab/internal/inputerr"
)

// Config are the settings shared by every series of a watch list. They are
// fixed when the state is created: a threshold and a minimum window that
// changed half way would make the history meaningless.
type Config struct {
	// Log tests natural logs of the prices (LPPLS always fits log prices).
	Log bool
	// From is the first monitored date (YYYY-MM-DD): earlier prices form
	// the training sample, which only enters the regressions.
	From string
	// MinWindow is the smallest regression window in observations, fixed
	// for the whole history (PSY's rule would move it with T).
	MinWindow int
	// Lag is the number of lagged differences in the ADF regressions.
	Lag int
	// Horizon is the number of dates over which the threshold controls
	// the family-wise size (Phillips and Shi 2020): the threshold is the
	// GSADF quantile of Monte Carlo samples of MinWindow+Lag+Horizon prices.
	Horizon int
	// Reps and Seed configure that simulation.
	Reps int
	Seed uint64
	// LPPLSMaxWindow, LPPLSMinWindow and LPPLSStep are the nested windows
	// of the LPPLS confidence indicator in observations; LPPLSStarts the
	// local searches per fit (0: the package default); LPPLSEvery computes
	// the indicator at every n-th monitored date (0: none by cadence), and
	// LPPLSLatest also at the last date each Update brings, so that the
	// status of the newest date has a current indicator. The cadence's
	// values do not depend on how the dates were split between calls;
	// LPPLSLatest's do, by design.
	LPPLSMaxWindow, LPPLSMinWindow, LPPLSStep, LPPLSStarts, LPPLSEvery int
	LPPLSLatest                                                        bool
	// LPPLSAlert is the confidence indicator from which a date is flagged.
	LPPLSAlert float64
}

// DefaultConfig is the watch list's default: daily log prices monitored
// from 2023, a minimum window of 120 trading days (PSY's rule for ten years
// of daily data), lag 0, a one-year family-wise horizon, 2000 Monte Carlo
// replications, and the LPPLS indicator of the newest date of each call
// over windows of 750 down to 125 days in steps of 25 (26 fits, about a
// second a series; the indicator over a whole history costs that per date).
func DefaultConfig() Config {
	return Config{Log: true, From: "2023-01-01", MinWindow: 120, Horizon: 250, Reps: 2000, Seed: 1,
		LPPLSMaxWindow: 750, LPPLSMinWindow: 125, LPPLSStep: 25, LPPLSLatest: true, LPPLSAlert: 0.1}
}

func (c Config) validate() error {
	if _, err := time.Parse(time.DateOnly, c.From); err != nil {
		return inputerr.Errorf("monitor: first monitored date %q: want YYYY-MM-DD", c.From)
	}
	switch {
	case c.MinWindow < c.Lag+3:
		return inputerr.Errorf("monitor: minimum window %d is too small for lag %d (at least %d)", c.MinWindow, c.Lag, c.Lag+3)
	case c.Lag < 0:
		return inputerr.Errorf("monitor: lag %d is negative", c.Lag)
	case c.Horizon < 1:
		return inputerr.Errorf("monitor: horizon %d: want at least 1 date", c.Horizon)
	case c.Reps < 2:
		return inputerr.Errorf("monitor: %d replications: want at least 2", c.Reps)
	case c.LPPLSEvery < 0:
		return inputerr.Errorf("monitor: LPPLS every %d dates: want 0 (off) or more", c.LPPLSEvery)
	case (c.LPPLSEvery > 0 || c.LPPLSLatest) && (c.LPPLSMinWindow < lppls.MinObservations || c.LPPLSMaxWindow < c.LPPLSMinWindow || c.LPPLSStep < 1):
		return inputerr.Errorf("monitor: LPPLS windows %d..%d step %d: want %d <= min <= max and step >= 1", c.LPPLSMinWindow, c.LPPLSMaxWindow, c.LPPLSStep, lppls.MinObservations)
	case !(c.LPPLSAlert > 0 && c.LPPLSAlert <= 1):
		return inputerr.Errorf("monitor: LPPLS alert level %v: want a fraction in (0, 1]", c.LPPLSAlert)
	}
	return nil
}

func (c Config) psyOptions() psy.Options { return psy.Options{MinWindow: c.MinWindow, Lag: c.Lag} }

// Threshold is the family-wise critical value shared by every series.
type Threshold struct {
	Length     int     // prices in each simulated sample
	CV90       float64 // GSADF quantiles of the simulated samples
	CV95       float64
	CV99       float64
	GSADFDraws []float64 // sorted, for p-values
}

// Status of a series on a date, from the most to the least severe.
const (
	StatusBubble  = "bubble"      // BSADF above the 95% threshold
	StatusWarning = "warning"     // above the 90% threshold, or an LPPLS alert
	StatusCalm    = "calm"        // neither
	StatusWarmUp  = "warming up"  // too few prices for a window yet
	StatusNoData  = "no new data" // used by callers for series without rows
)

// Severity orders statuses for a dashboard, the most severe first.
func Severity(status string) int {
	switch status {
	case StatusBubble:
		return 0
	case StatusWarning:
		return 1
	case StatusCalm:
		return 2
	}
	return 3
}

// Row is the monitor's verdict on one series at one date.
type Row struct {
	Date   string  `json:"date"`
	Series string  `json:"series"`
	Price  float64 `json:"price"`
	// BSADF is the statistic of the date (NaN while warming up); CV90 and
	// CV95 the thresholds; PValue the family-wise p-value.
	BSADF  float64 `json:"bsadf"`
	CV90   float64 `json:"cv90"`
	CV95   float64 `json:"cv95"`
	PValue float64 `json:"p_value"`
	// Since is the first date of the current run of dates above the 95%
	// threshold, empty when the date is not above it.
	Since string `json:"explosive_since"`
	// LPPLSDate is the end date of the latest LPPLS indicator, at most
	// Config.LPPLSEvery−1 dates old; LPPLSPositive and LPPLSNegative its
	// positive- and negative-bubble confidence (NaN before the first).
	LPPLSDate     string  `json:"lppls_date"`
	LPPLSPositive float64 `json:"lppls_positive"`
	LPPLSNegative float64 `json:"lppls_negative"`
	Status        string  `json:"status"`
}

// Series is the state of one watched series.
type Series struct {
	Name   string
	Dates  []string  // every price taken in, YYYY-MM-DD
	Prices []float64 // as given (before the log)
	PSY    []byte    // psy.Incremental in binary form (between calls)
	Rows   []Row     // one per monitored date
	// Monitored counts the monitored dates, for the LPPLS cadence.
	Monitored int

	inc *psy.Incremental
}

// State is a watch list's settings, threshold and series.
type State struct {
	Version   int
	Config    Config
	Threshold Threshold
	Series    []*Series
}

// stateVersion is bumped when the saved form changes meaning.
const stateVersion = 1

// New validates cfg and simulates the threshold. The simulation is the
// expensive part of creating a state (about a second at the defaults); it
// is done once and saved.
func New(ctx context.Context, cfg Config) (*State, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	n := psy.FamilyWiseLength(cfg.MinWindow, cfg.Lag, cfg.Horizon)
	cv, err := psy.MonteCarlo(ctx, n, cfg.psyOptions(), psy.PSYDrift(), psy.Sim{Reps: cfg.Reps, Seed: cfg.Seed, Levels: []float64{0.90, 0.95, 0.99}})
	if err != nil {
		return nil, fmt.Errorf("monitor: threshold: %w", err)
	}
	th := Threshold{Length: n, CV90: cv.GSADF[0], CV95: cv.GSADF[1], CV99: cv.GSADF[2], GSADFDraws: cv.GSADFDraws}
	return &State{Version: stateVersion, Config: cfg, Threshold: th}, nil
}

// Lookup returns the series called name, or nil.
func (s *State) Lookup(name string) *Series {
	i := slices.IndexFunc(s.Series, func(x *Series) bool { return x.Name == name })
	if i < 0 {
		return nil
	}
	return s.Series[i]
}

// Update brings the series name up to date with the full price history
// (dates strictly increasing, prices positive under Config.Log): the
// prices the state already holds must be the first ones given, unchanged,
// and every later one is appended and, from Config.From on, monitored. It
// returns the rows of the newly monitored dates.
func (s *State) Update(ctx context.Context, name string, dates []time.Time, prices []float64) ([]Row, error) {
	if len(dates) != len(prices) {
		return nil, fmt.Errorf("monitor: %s: %d dates for %d prices", name, len(dates), len(prices))
	}
	sr := s.Lookup(name)
	if sr == nil {
		sr = &Series{Name: name}
		s.Series = append(s.Series, sr)
	}
	if err := sr.load(s.Config); err != nil {
		return nil, fmt.Errorf("monitor: %s: %w", name, err)
	}
	if len(dates) < len(sr.Dates) {
		return nil, inputerr.Errorf("monitor: %s: the data have %d prices, fewer than the %d already monitored", name, len(dates), len(sr.Dates))
	}
	for i, d := range sr.Dates {
		if got := dates[i].Format(time.DateOnly); got != d || prices[i] != sr.Prices[i] {
			return nil, inputerr.Errorf("monitor: %s: price %d (%s %v) differs from the monitored %s %v; the history was revised, so start a new state", name, i, got, prices[i], d, sr.Prices[i])
		}
	}
	// Check every new price before taking any in, so that bad input
	// leaves the state as it was.
	for i := len(sr.Dates); i < len(dates); i++ {
		if i > 0 && !dates[i].After(dates[i-1]) {
			return nil, inputerr.Errorf("monitor: %s: date %s does not follow %s", name, dates[i].Format(time.DateOnly), dates[i-1].Format(time.DateOnly))
		}
		if v := prices[i]; math.IsNaN(v) || math.IsInf(v, 0) || (s.Config.Log && !(v > 0)) {
			return nil, inputerr.Errorf("monitor: %s %s: price %v is not finite or, for the log, not positive (no logarithm)", name, dates[i].Format(time.DateOnly), v)
		}
	}
	from, _ := time.Parse(time.DateOnly, s.Config.From)
	var rows []Row
	for i := len(sr.Dates); i < len(dates); i++ {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("monitor: %s stopped: %w", name, err)
		}
		v := prices[i]
		if s.Config.Log {
			v = math.Log(v)
		}
		if err := sr.inc.Append(v); err != nil {
			return nil, fmt.Errorf("monitor: %s %s: %w", name, dates[i].Format(time.DateOnly), err)
		}
		sr.Dates = append(sr.Dates, dates[i].Format(time.DateOnly))
		sr.Prices = append(sr.Prices, prices[i])
		if dates[i].Before(from) {
			continue
		}
		row, err := s.row(ctx, sr, i == len(dates)-1)
		if err != nil {
			return nil, err
		}
		sr.Rows = append(sr.Rows, row)
		sr.Monitored++
		rows = append(rows, row)
	}
	return rows, nil
}

// load restores the series' incremental test from its binary form, or
// creates it for a new series.
func (sr *Series) load(cfg Config) error {
	if sr.inc != nil {
		return nil
	}
	sr.inc = new(psy.Incremental)
	if sr.PSY != nil {
		return sr.inc.UnmarshalBinary(sr.PSY)
	}
	inc, err := psy.NewIncremental(cfg.psyOptions(), nil)
	sr.inc = inc
	return err
}

// row is the verdict on the series' last date; last says it is the last
// date of this update.
func (s *State) row(ctx context.Context, sr *Series, last bool) (Row, error) {
	n := len(sr.Dates)
	th := s.Threshold
	r := Row{Date: sr.Dates[n-1], Series: sr.Name, Price: sr.Prices[n-1], BSADF: math.NaN(), CV90: th.CV90, CV95: th.CV95,
		PValue: math.NaN(), LPPLSPositive: math.NaN(), LPPLSNegative: math.NaN(), Status: StatusWarmUp}
	if b := sr.inc.BSADF(); len(b) > 0 {
		r.BSADF = b[len(b)-1]
	}
	if !math.IsNaN(r.BSADF) {
		r.PValue = psy.PValue(th.GSADFDraws, r.BSADF)
		r.Status = StatusCalm
		if r.BSADF > th.CV90 {
			r.Status = StatusWarning
		}
		if r.BSADF > th.CV95 {
			r.Status = StatusBubble
			r.Since = r.Date
			if k := len(sr.Rows); k > 0 && sr.Rows[k-1].Since != "" {
				r.Since = sr.Rows[k-1].Since
			}
		}
	}
	if k := len(sr.Rows); k > 0 {
		prev := sr.Rows[k-1]
		r.LPPLSDate, r.LPPLSPositive, r.LPPLSNegative = prev.LPPLSDate, prev.LPPLSPositive, prev.LPPLSNegative
	}
	cfg := s.Config
	due := (cfg.LPPLSEvery > 0 && sr.Monitored%cfg.LPPLSEvery == 0) || (cfg.LPPLSLatest && last)
	if due && n >= cfg.LPPLSMaxWindow {
		pos, neg, err := s.lpplsAt(ctx, sr)
		if err != nil {
			return r, err
		}
		r.LPPLSDate, r.LPPLSPositive, r.LPPLSNegative = r.Date, pos, neg
	}
	if r.Status != StatusWarmUp && r.Status != StatusBubble && (r.LPPLSPositive >= cfg.LPPLSAlert || r.LPPLSNegative >= cfg.LPPLSAlert) {
		r.Status = StatusWarning
	}
	return r, nil
}

// lpplsAt is the LPPLS confidence indicator of the series' last date: one
// fit per nested window ending there, seeded by the end index and window
// length alone, so the value does not depend on when it is computed.
func (s *State) lpplsAt(ctx context.Context, sr *Series) (pos, neg float64, err error) {
	cfg := s.Config
	n := len(sr.Dates)
	lo := n - cfg.LPPLSMaxWindow
	t := make([]float64, cfg.LPPLSMaxWindow)
	logp := make([]float64, cfg.LPPLSMaxWindow)
	for i := range t {
		d, err := time.Parse(time.DateOnly, sr.Dates[lo+i])
		if err != nil {
			return 0, 0, fmt.Errorf("monitor: %s: stored date %q: %w", sr.Name, sr.Dates[lo+i], err)
		}
		t[i] = float64(d.Unix()) / 86400
		logp[i] = math.Log(sr.Prices[lo+i])
	}
	opt := lppls.IndicatorOptions{Fitter: lppls.Fitter{Starts: cfg.LPPLSStarts}, MaxWindow: cfg.LPPLSMaxWindow,
		MinWindow: cfg.LPPLSMinWindow, WindowStep: cfg.LPPLSStep, Ends: []int{len(t) - 1}, Seed: cfg.Seed ^ uint64(n)}
	pts, err := lppls.Indicator(ctx, t, logp, opt, nil)
	if err != nil {
		return 0, 0, fmt.Errorf("monitor: %s %s: %w", sr.Name, sr.Dates[n-1], err)
	}
	return pts[0].Positive, pts[0].Negative, nil
}

// stateMagic starts a saved state.
const stateMagic = "bubblelab monitor state\n"

// savedState is State without its methods: gob would otherwise call
// MarshalBinary on the state it is encoding.
type savedState State

// MarshalBinary saves the state: settings, threshold, every series with its
// prices, rows and incremental test.
func (s *State) MarshalBinary() ([]byte, error) {
	for _, sr := range s.Series {
		if sr.inc != nil {
			b, err := sr.inc.MarshalBinary()
			if err != nil {
				return nil, fmt.Errorf("monitor: %s: %w", sr.Name, err)
			}
			sr.PSY = b
		}
	}
	var b bytes.Buffer
	b.WriteString(stateMagic)
	if err := gob.NewEncoder(&b).Encode((*savedState)(s)); err != nil {
		return nil, fmt.Errorf("monitor: encoding state: %w", err)
	}
	return b.Bytes(), nil
}

// Unmarshal restores a state saved by MarshalBinary; name is the file it
// came from, for messages.
func Unmarshal(data []byte, name string) (*State, error) {
	if !bytes.HasPrefix(data, []byte(stateMagic)) {
		return nil, inputerr.Errorf("%s: not a monitor state file", name)
	}
	var s State
	if err := gob.NewDecoder(bytes.NewReader(data[len(stateMagic):])).Decode((*savedState)(&s)); err != nil {
		return nil, inputerr.Errorf("%s: damaged monitor state: %v", name, err)
	}
	if s.Version != stateVersion {
		return nil, inputerr.Errorf("%s: monitor state version %d; this build reads version %d", name, s.Version, stateVersion)
	}
	if err := s.Config.validate(); err != nil {
		return nil, inputerr.Errorf("%s: %v", name, err)
	}
	for _, sr := range s.Series {
		if len(sr.Dates) != len(sr.Prices) {
			return nil, inputerr.Errorf("%s: series %s has %d dates for %d prices", name, sr.Name, len(sr.Dates), len(sr.Prices))
		}
		if err := sr.load(s.Config); err != nil {
			return nil, inputerr.Errorf("%s: series %s: %v", name, sr.Name, err)
		}
		if sr.inc.Len() != len(sr.Prices) {
			return nil, inputerr.Errorf("%s: series %s: the test holds %d prices, the series %d", name, sr.Name, sr.inc.Len(), len(sr.Prices))
		}
	}
	return &s, nil
}

// Latest returns each series' last row, the most severe status first, then
// by name; a series with no monitored date yet is left out.
func (s *State) Latest() []Row {
	var out []Row
	for _, sr := range s.Series {
		if k := len(sr.Rows); k > 0 {
			out = append(out, sr.Rows[k-1])
		}
	}
	slices.SortStableFunc(out, func(a, b Row) int {
		if d := Severity(a.Status) - Severity(b.Status); d != 0 {
			return d
		}
		switch {
		case a.Series < b.Series:
			return -1
		case a.Series > b.Series:
			return 1
		}
		return 0
	})
	return out
}

// Recompute returns the series' BSADF sequence (from the first date with a
// window) by a full batch test, for checking a monitor against it.
func (s *State) Recompute(name string) ([]float64, error) {
	sr := s.Lookup(name)
	if sr == nil {
		return nil, inputerr.Errorf("monitor: no series %q", name)
	}
	y := slices.Clone(sr.Prices)
	if s.Config.Log {
		for i := range y {
			y[i] = math.Log(y[i])
		}
	}
	res, err := psy.Test(y, s.Config.psyOptions())
	if err != nil {
		return nil, err
	}
	return res.BSADF, nil
}

// BSADF returns the series' incrementally computed BSADF sequence.
func (sr *Series) BSADF() []float64 {
	if sr.inc == nil {
		return nil
	}
	return sr.inc.BSADF()
}
