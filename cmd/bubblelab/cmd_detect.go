package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/bubblelab/bubblelab/bubbletest/psy"
	"github.com/bubblelab/bubblelab/dataset"
	"github.com/bubblelab/bubblelab/internal/inputerr"
	"github.com/bubblelab/bubblelab/internal/progress"
	"github.com/bubblelab/bubblelab/report"
	"github.com/bubblelab/bubblelab/results"
)

type detectOptions struct {
	column   string
	log      bool
	method   string
	from, to string
	freq     string
	json     bool
	out      string
	svg      string
	quiet    bool
	seed     uint64
	workers  int
	psy      psyOptions
	lppls    lpplsOptions
}

type psyOptions struct {
	minWindow   int
	lag         int
	lagSelect   string
	maxLag      int
	reps        int
	level       float64
	minDuration int
	rule        string
	threshold   string
	bootstrap   bool
	rademacher  bool
}

func newDetectCmd() *cobra.Command {
	var o detectOptions
	cmd := &cobra.Command{
		Use:   "detect PRICES",
		Short: "Test a price series for bubbles: PSY date-stamping and LPPLS",
		Long: `Test a dated price series for speculative bubbles.

PSY (Phillips, Shi and Yu 2015): the ADF, SADF and GSADF right-tailed unit-root
statistics with finite-sample critical values by Monte Carlo under the random-walk
null (or the wild bootstrap of Phillips and Shi 2020), and date-stamped episodes
of explosive behaviour with their start, peak and end.

LPPLS (Filimonov and Sornette 2013): log-periodic power-law singularity fits on
nested windows and the confidence indicator of a positive or negative bubble.
The default windows are in trading days (750 to 125, step 5) and are converted to
the series' own spacing, so a monthly series gets windows of 35 to 10 months.

PRICES is a CSV file with a header, a date column (YYYY-MM-DD or YYYY-MM,
increasing) and a value column (--column; default close, value, adj close or
price); or a series shipped in the binary, by name or as data:PATH: sp500-pd (the
S&P 500 price-dividend ratio of PSY 2015), nasdaq-dotcom (the Nasdaq to its 2000
peak), nvda and the other AI stocks; "bubblelab data list" shows them all.`,
		Example: `  bubblelab detect sp500-pd --min-window 90
  bubblelab detect nvda --log --freq monthly --from 2015-01
  bubblelab detect data:lppls_nasdaq_dotcom_daily.csv --method lppls --log
  bubblelab detect out/ai_index_daily.csv --column ai_index --log --freq weekly --out out/detect`,
		Args: rangeArgs(1, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.lppls.changed = cmd.Flags().Changed
			return runDetect(cmd, args[0], o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.column, "column", "", "value column (default: close, value, adj close or price)")
	f.BoolVar(&o.log, "log", false, "test the natural log of the series")
	f.StringVar(&o.method, "method", "psy", "psy, lppls or both")
	f.StringVar(&o.from, "from", "", "first date to use (YYYY-MM-DD or YYYY-MM)")
	f.StringVar(&o.to, "to", "", "last date to use (YYYY-MM-DD or YYYY-MM)")
	f.StringVar(&o.freq, "freq", "", "resample to weekly or monthly (last value of each period) before testing")
	f.BoolVar(&o.json, "json", false, "print the result as JSON")
	f.StringVar(&o.out, "out", "", "write detect.json, detect.svg and report.html, with episodes.csv and statistics.csv (PSY) and lppls_indicator.csv (LPPLS), to this directory")
	f.StringVar(&o.svg, "svg", "", "write the chart to this SVG file")
	f.BoolVar(&o.quiet, "quiet", false, "print nothing but errors")
	f.Uint64Var(&o.seed, "seed", 1, "seed of the Monte Carlo, bootstrap and LPPLS starts")
	f.IntVar(&o.workers, "workers", 0, "goroutines (0: all cores); results do not depend on it")
	f.IntVar(&o.psy.minWindow, "min-window", 0, "PSY: regression rows in the smallest window (0: floor((0.01+1.8/sqrt(T))T))")
	f.IntVar(&o.psy.lag, "lag", 0, "PSY: lagged differences in the ADF regression")
	f.StringVar(&o.psy.lagSelect, "lag-select", "fixed", "PSY: fixed, aic or bic (per window, up to --max-lag)")
	f.IntVar(&o.psy.maxLag, "max-lag", 4, "PSY: largest lag for aic or bic")
	f.IntVar(&o.psy.reps, "reps", 2000, "PSY: Monte Carlo or bootstrap replications")
	f.Float64Var(&o.psy.level, "level", 0.95, "PSY: significance level of the critical values: 0.90, 0.95 or 0.99")
	f.IntVar(&o.psy.minDuration, "min-duration", 0, "PSY: shortest episode in observations (0: log(T), PSY 2015)")
	f.StringVar(&o.psy.rule, "rule", "psy", "PSY: psy (an episode ends at the first date after the minimum duration below the threshold) or runs (exuber's datestamp)")
	f.StringVar(&o.psy.threshold, "threshold", "bsadf", "PSY: critical-value sequence: bsadf (quantiles of BSADF per date, PSY's code) or sadf-path (exuber's bsadf_cv)")
	f.BoolVar(&o.psy.bootstrap, "bootstrap", false, "PSY: wild bootstrap critical values (Phillips and Shi 2020) instead of Monte Carlo")
	f.BoolVar(&o.psy.rademacher, "rademacher", true, "PSY: Rademacher multipliers in the bootstrap (else normal)")
	addLPPLSFlags(f, &o.lppls)
	return cmd
}

// detectReport is what detect prints as JSON and writes to detect.json.
type detectReport struct {
	File      string       `json:"file"`
	Column    string       `json:"column"`
	Log       bool         `json:"log"`
	Frequency string       `json:"frequency"`
	From      string       `json:"from"`
	To        string       `json:"to"`
	Obs       int          `json:"observations"`
	Missing   int          `json:"missing_rows_skipped"`
	PSY       *psyReport   `json:"psy,omitempty"`
	LPPLS     *lpplsReport `json:"lppls,omitempty"`
	dates     []time.Time
	values    []float64
}

type psyReport struct {
	MinWindow int          `json:"min_window_rows"`
	Lag       string       `json:"lag"`
	Method    string       `json:"critical_values"`
	Reps      int          `json:"replications"`
	Seed      uint64       `json:"seed"`
	Level     float64      `json:"level"`
	Threshold string       `json:"threshold_sequence"`
	Rule      string       `json:"rule"`
	MinDur    int          `json:"min_duration"`
	Stats     []psyStat    `json:"statistics"`
	Episodes  []psyEpisode `json:"episodes"`
	Dates     []string     `json:"dates"`
	BSADF     []float64    `json:"bsadf"`
	CV        []float64    `json:"bsadf_critical_values"`
}

type psyStat struct {
	Name   string  `json:"name"`
	Value  float64 `json:"value"`
	CV90   float64 `json:"cv90"`
	CV95   float64 `json:"cv95"`
	CV99   float64 `json:"cv99"`
	PValue float64 `json:"p_value"`
}

type psyEpisode struct {
	Start     string  `json:"start"`
	Peak      string  `json:"peak"`
	End       string  `json:"end"`
	Duration  int     `json:"duration"`
	Ongoing   bool    `json:"ongoing"`
	PeakLevel float64 `json:"peak_level"`
}

func runDetect(cmd *cobra.Command, path string, o detectOptions) error {
	switch o.method {
	case "psy", "lppls", "both":
	default:
		return inputerr.Errorf("--method %q: want psy, lppls or both", o.method)
	}
	ps, err := dataset.LoadPrices(path, o.column)
	if err != nil {
		return err
	}
	if ps, err = trimDates(ps, o.from, o.to); err != nil {
		return err
	}
	freq := o.freq
	if freq == "" {
		freq = "as given"
	} else if ps, err = resample(ps, o.freq); err != nil {
		return err
	}
	series := ps
	if o.log {
		if series, err = ps.Log(); err != nil {
			return err
		}
	}
	rep := &detectReport{File: ps.Name, Column: ps.Column, Log: o.log, Frequency: freq, Obs: ps.Len(), Missing: ps.Missing,
		From: ps.Dates[0].Format("2006-01-02"), To: ps.Dates[ps.Len()-1].Format("2006-01-02"), dates: ps.Dates, values: series.Values}
	ctx := cmd.Context()
	stderr := cmd.ErrOrStderr()
	if o.method != "lppls" {
		if rep.PSY, err = detectPSY(ctx, series, o, stderr); err != nil {
			return err
		}
	}
	if o.method != "psy" {
		if rep.LPPLS, err = detectLPPLS(ctx, series, o, stderr); err != nil {
			return err
		}
	}
	svg, err := detectSVG(rep)
	if err != nil {
		return err
	}
	page := detectPage(rep)
	if o.out != "" {
		set := results.NewFileSet(o.out)
		set.Add("detect.json", func(w io.Writer) error { return results.EncodeJSON(w, rep) })
		set.Add("detect.svg", func(w io.Writer) error { _, err := w.Write(svg); return err })
		set.Add("report.html", func(w io.Writer) error { return report.WriteDetect(w, page) })
		if rep.PSY != nil {
			set.Add("episodes.csv", func(w io.Writer) error { return results.EncodeCSV(w, rep.PSY.Episodes) })
			set.Add("statistics.csv", func(w io.Writer) error { return results.EncodeCSV(w, rep.PSY.Stats) })
		}
		if rep.LPPLS != nil {
			set.Add("lppls_indicator.csv", func(w io.Writer) error { return results.EncodeCSV(w, rep.LPPLS.Indicator) })
			set.Add("lppls_fits.csv", func(w io.Writer) error { return results.EncodeCSV(w, rep.LPPLS.fits) })
			if o.lppls.residuals {
				set.Add("lppls_residuals.csv", func(w io.Writer) error { return results.EncodeCSV(w, rep.LPPLS.residuals) })
			}
		}
		if err := set.Commit(); err != nil {
			return err
		}
	}
	if o.svg != "" {
		set := results.NewFileSet(dirOf(o.svg))
		set.Add(baseOf(o.svg), func(w io.Writer) error { _, err := w.Write(svg); return err })
		if err := set.Commit(); err != nil {
			return err
		}
	}
	if o.quiet {
		return nil
	}
	if o.json {
		return results.EncodeJSON(cmd.OutOrStdout(), rep)
	}
	printDetect(cmd.OutOrStdout(), rep)
	return nil
}

func detectPSY(ctx context.Context, series dataset.PriceSeries, o detectOptions, stderr io.Writer) (*psyReport, error) {
	po := o.psy
	opt := psy.Options{MinWindow: po.minWindow, Lag: po.lag, MaxLag: po.maxLag}
	switch po.lagSelect {
	case "fixed":
		opt.LagSelect = psy.FixedLag
	case "aic":
		opt.LagSelect = psy.AIC
	case "bic":
		opt.LagSelect = psy.BIC
	default:
		return nil, inputerr.Errorf("--lag-select %q: want fixed, aic or bic", po.lagSelect)
	}
	if po.reps < 2 {
		return nil, inputerr.Errorf("--reps %d: need at least 2", po.reps)
	}
	var rule psy.StampRule
	switch po.rule {
	case "psy":
		rule = psy.PSYRule
	case "runs":
		rule = psy.RunsRule
	default:
		return nil, inputerr.Errorf("--rule %q: want psy or runs", po.rule)
	}
	if po.threshold != "bsadf" && po.threshold != "sadf-path" {
		return nil, inputerr.Errorf("--threshold %q: want bsadf or sadf-path", po.threshold)
	}
	y := series.Values
	res, err := psy.Test(y, opt)
	if err != nil {
		return nil, fmt.Errorf("psy %s: %w", series.Name, err)
	}
	label := "Monte Carlo critical values"
	if po.bootstrap {
		label = "wild bootstrap"
	}
	bar := progress.New(stderr, "psy "+label, po.reps, false)
	if o.quiet {
		bar = nil
	}
	sim := psy.Sim{Reps: po.reps, Seed: o.seed, Workers: o.workers, Progress: func(done, total int) { bar.Set(done, 0) }}
	var cv *psy.CriticalValues
	if po.bootstrap {
		w := psy.NormalWeights
		if po.rademacher {
			w = psy.RademacherWeights
		}
		cv, err = psy.WildBootstrap(ctx, y, opt, psy.Bootstrap{Weights: w}, sim)
	} else {
		cv, err = psy.MonteCarlo(ctx, len(y), opt, psy.PSYDrift(), sim)
	}
	bar.Finish()
	if err != nil {
		return nil, fmt.Errorf("psy critical values: %w", err)
	}
	li, err := cv.LevelIndex(po.level)
	if err != nil {
		return nil, inputerr.Errorf("--level %v: %v", po.level, err)
	}
	seq := cv.BSADF[li]
	if po.threshold == "sadf-path" {
		seq = cv.SADFPath[li]
	}
	minDur := po.minDuration
	if minDur == 0 {
		minDur = psy.MinDuration(len(y), 1)
	}
	eps, err := res.DateStamp(seq, psy.Stamping{MinDuration: minDur, Rule: rule, Sequence: psy.BSADFSequence, Times: series.Dates})
	if err != nil {
		return nil, err
	}
	lag := fmt.Sprint(res.Lag)
	if opt.LagSelect != psy.FixedLag {
		lag = fmt.Sprintf("%s up to %d", po.lagSelect, po.maxLag)
	}
	r := &psyReport{MinWindow: res.MinWindow, Lag: lag, Method: cv.Method, Reps: cv.Reps, Seed: o.seed, Level: po.level,
		Threshold: po.threshold, Rule: po.rule, MinDur: minDur}
	at := func(xs []float64, level float64) float64 {
		i, err := cv.LevelIndex(level)
		if err != nil || i >= len(xs) {
			return math.NaN()
		}
		return xs[i]
	}
	for _, st := range []struct {
		name  string
		v     float64
		cv    []float64
		draws []float64
	}{{"ADF", res.ADF, cv.ADF, cv.ADFDraws}, {"SADF", res.SADF, cv.SADF, cv.SADFDraws}, {"GSADF", res.GSADF, cv.GSADF, cv.GSADFDraws}} {
		s := psyStat{Name: st.name, Value: st.v, CV90: at(st.cv, 0.90), CV95: at(st.cv, 0.95), CV99: at(st.cv, 0.99), PValue: math.NaN()}
		if len(st.draws) > 0 {
			s.PValue = psy.PValue(st.draws, st.v)
		}
		r.Stats = append(r.Stats, s)
	}
	for _, e := range eps {
		r.Episodes = append(r.Episodes, psyEpisode{Start: e.StartTime.Format("2006-01-02"), Peak: e.PeakTime.Format("2006-01-02"),
			End: e.EndTime.Format("2006-01-02"), Duration: e.Duration, Ongoing: e.Ongoing, PeakLevel: y[e.Peak]})
	}
	for i, v := range res.BSADF {
		r.Dates = append(r.Dates, series.Dates[res.Offset+i].Format("2006-01-02"))
		r.BSADF = append(r.BSADF, v)
		r.CV = append(r.CV, seq[i])
	}
	return r, nil
}

// trimDates keeps the observations between from and to (inclusive).
func trimDates(ps dataset.PriceSeries, from, to string) (dataset.PriceSeries, error) {
	parse := func(flag, s string, end bool) (time.Time, error) {
		if t, err := time.Parse("2006-01-02", s); err == nil {
			return t, nil
		}
		if t, err := time.Parse("2006-01", s); err == nil {
			if end {
				return t.AddDate(0, 1, -1), nil
			}
			return t, nil
		}
		return time.Time{}, inputerr.Errorf("--%s %q: want YYYY-MM-DD or YYYY-MM", flag, s)
	}
	lo, hi := time.Time{}, time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	var err error
	if from != "" {
		if lo, err = parse("from", from, false); err != nil {
			return ps, err
		}
	}
	if to != "" {
		if hi, err = parse("to", to, true); err != nil {
			return ps, err
		}
	}
	out := ps
	out.Dates, out.Values, out.Lines = nil, nil, nil
	for i, d := range ps.Dates {
		if !d.Before(lo) && !d.After(hi) {
			out.Dates = append(out.Dates, d)
			out.Values = append(out.Values, ps.Values[i])
			out.Lines = append(out.Lines, ps.Lines[i])
		}
	}
	if len(out.Values) == 0 {
		return ps, inputerr.Errorf("no observations of %s between %q and %q", ps.Name, from, to)
	}
	return out, nil
}

// resample keeps the last observation of each week or month.
func resample(ps dataset.PriceSeries, freq string) (dataset.PriceSeries, error) {
	var key func(t time.Time) int
	switch freq {
	case "weekly":
		key = func(t time.Time) int { y, w := t.ISOWeek(); return y*100 + w }
	case "monthly":
		key = func(t time.Time) int { return t.Year()*100 + int(t.Month()) }
	default:
		return ps, inputerr.Errorf("--freq %q: want weekly or monthly", freq)
	}
	out := ps
	out.Dates, out.Values, out.Lines = nil, nil, nil
	for i, d := range ps.Dates {
		if n := len(out.Dates); n > 0 && key(out.Dates[n-1]) == key(d) {
			out.Dates[n-1], out.Values[n-1], out.Lines[n-1] = d, ps.Values[i], ps.Lines[i]
			continue
		}
		out.Dates = append(out.Dates, d)
		out.Values = append(out.Values, ps.Values[i])
		out.Lines = append(out.Lines, ps.Lines[i])
	}
	return out, nil
}

func printDetect(w io.Writer, r *detectReport) {
	what := r.Column
	if r.Log {
		what = "log " + what
	}
	fmt.Fprintf(w, "bubblelab detect: %s, %s, %s to %s, %d observations (%s)\n", r.File, what, r.From, r.To, r.Obs, r.Frequency)
	if r.Missing > 0 {
		fmt.Fprintf(w, "  %d rows without a value were skipped\n", r.Missing)
	}
	if p := r.PSY; p != nil {
		fmt.Fprintf(w, "\nPSY (Phillips, Shi and Yu 2015): minimum window %d rows, lag %s; %s, %d replications, seed %d\n", p.MinWindow, p.Lag, p.Method, p.Reps, p.Seed)
		fmt.Fprintf(w, "  %-6s %10s %9s %9s %9s %9s\n", "", "statistic", "90%", "95%", "99%", "p-value")
		for _, s := range p.Stats {
			fmt.Fprintf(w, "  %-6s %10.5f %9.3f %9.3f %9.3f %9.4f\n", s.Name, s.Value, s.CV90, s.CV95, s.CV99, s.PValue)
		}
		fmt.Fprintf(w, "\n  Episodes at %.0f%% (%s threshold, %s rule, minimum %d observations): %d\n", 100*p.Level, p.Threshold, p.Rule, p.MinDur, len(p.Episodes))
		for _, e := range p.Episodes {
			end := e.End
			if e.Ongoing {
				end += " (ongoing)"
			}
			fmt.Fprintf(w, "    %s to %-24s peak %s, %d observations\n", e.Start, end, e.Peak, e.Duration)
		}
	}
	if r.LPPLS != nil {
		printLPPLS(w, r.LPPLS)
	}
}

// jsonFloat is a number in detect.json: NaN and infinities, which JSON
// cannot hold, are written as null.
type jsonFloat float64

func (f jsonFloat) MarshalJSON() ([]byte, error) {
	v := float64(f)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return []byte("null"), nil
	}
	return json.Marshal(v)
}

func dirOf(p string) string {
	if i := strings.LastIndexAny(p, "/\\"); i >= 0 {
		return p[:i+1]
	}
	return "."
}

func baseOf(p string) string {
	if i := strings.LastIndexAny(p, "/\\"); i >= 0 {
		return p[i+1:]
	}
	return p
}
