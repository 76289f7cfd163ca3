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
	timeout  time.Duration
	psy      psyOptions
	lppls    lpplsOptions
}

type psyOptions struct {
	preset          string
	minWindow       int
	lag             int
	lagSelect       string
	maxLag          int
	selectRule      string
	reps            int
	level           float64
	minDuration     int
	rule            string
	threshold       string
	bootstrap       bool
	weights         string
	rademacher      bool
	keepDates       bool
	horizon         int
	bootstrapLength int
	drift           string
	reverse         bool
	changed         func(flag string) bool
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
			o.psy.changed = cmd.Flags().Changed
			return withTimeout(cmd.Context(), o.timeout, func(ctx context.Context) error {
				cmd.SetContext(ctx)
				return runDetect(cmd, args[0], o)
			})
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
	f.StringVar(&o.out, "out", "", "write detect.json, detect.svg and report.html, with episodes.csv, statistics.csv and psy_dates.csv (PSY) and lppls_indicator.csv and lppls_fits.csv (LPPLS), to this directory")
	f.StringVar(&o.svg, "svg", "", "write the chart to this SVG file")
	f.BoolVar(&o.quiet, "quiet", false, "print nothing but errors")
	f.Uint64Var(&o.seed, "seed", 1, "seed of the Monte Carlo, bootstrap and LPPLS starts")
	f.IntVar(&o.workers, "workers", 0, "goroutines (0: all cores); results do not depend on it")
	f.StringVar(&o.psy.preset, "preset", "psy", "PSY: defaults of a peer: psy (PSY 2015), exuber (R exuber 1.1: radf, radf_mc_cv, datestamp) or psymonitor (R psymonitor: PSY, cvPSYwmboot, locate); flags you give override it")
	f.IntVar(&o.psy.minWindow, "min-window", 0, "PSY: smallest window in regression rows, or in prices under --preset psymonitor (0: floor((0.01+1.8/sqrt(T))T))")
	f.IntVar(&o.psy.lag, "lag", 0, "PSY: lagged differences in the ADF regression")
	f.StringVar(&o.psy.lagSelect, "lag-select", "fixed", "PSY: fixed, aic or bic (per window, up to --max-lag)")
	f.IntVar(&o.psy.maxLag, "max-lag", 4, "PSY: largest lag for aic or bic")
	f.StringVar(&o.psy.selectRule, "select-rule", "common-rows", "PSY: how aic/bic compare lags: common-rows or psymonitor (each lag on its own rows, as psymonitor's ADF; set by --preset psymonitor)")
	f.IntVar(&o.psy.reps, "reps", 2000, "PSY: Monte Carlo or bootstrap replications (default: the preset's; psy 2000, exuber 1000, psymonitor 199)")
	f.Float64Var(&o.psy.level, "level", 0.95, "PSY: significance level of the critical values: 0.90, 0.95 or 0.99")
	f.IntVar(&o.psy.minDuration, "min-duration", -1, "PSY: shortest episode in observations; -1: round(log T) (PSY 2015; the psy preset), 0: no minimum (exuber's and psymonitor's default)")
	f.StringVar(&o.psy.rule, "rule", "psy", "PSY: psy (an episode ends at the first date after the minimum duration below the threshold), runs (exuber's datestamp) or locate (psymonitor: first to last date above)")
	f.StringVar(&o.psy.threshold, "threshold", "bsadf", "PSY: critical values: bsadf (quantile of BSADF per date, PSY's code), sadf-path (exuber's bsadf_cv) or family-wise (the GSADF quantile at every date; the default with --bootstrap)")
	f.BoolVar(&o.psy.bootstrap, "bootstrap", false, "PSY: wild bootstrap critical values (Phillips and Shi 2020: normal multipliers, family-wise size over --horizon) instead of Monte Carlo")
	f.StringVar(&o.psy.weights, "weights", "normal", "PSY bootstrap: multipliers, normal (Phillips and Shi 2020) or rademacher")
	f.BoolVar(&o.psy.rademacher, "rademacher", false, "PSY bootstrap: Rademacher multipliers")
	_ = f.MarkDeprecated("rademacher", "use --weights rademacher")
	f.BoolVar(&o.psy.keepDates, "keep-dates", false, "PSY bootstrap: multiply each date's own residual (Harvey et al. 2016), keeping the volatility path")
	f.IntVar(&o.psy.horizon, "horizon", 0, "PSY bootstrap: dates over which the family-wise size is controlled (0: the whole sample); the samples have min-window+lag+horizon prices")
	f.IntVar(&o.psy.bootstrapLength, "bootstrap-length", 0, "PSY bootstrap: prices in each bootstrap sample (0: from --horizon)")
	f.StringVar(&o.psy.drift, "drift", "psy", "PSY Monte Carlo null: psy (drift 1/T, PSY 2015) or none (driftless, exuber)")
	f.BoolVar(&o.psy.reverse, "reverse", false, "PSY: also date-stamp collapses by the reverse regression (Phillips and Shi 2018)")
	addLPPLSFlags(f, &o.lppls)
	addTimeoutFlag(f, &o.timeout)
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
	Preset      string       `json:"preset"`
	MinWindow   int          `json:"min_window_rows"`
	Lag         string       `json:"lag"`
	Method      string       `json:"critical_values"`
	Reps        int          `json:"replications"`
	Seed        uint64       `json:"seed"`
	Bootstrap   string       `json:"bootstrap,omitempty"`
	Level       float64      `json:"level"`
	Threshold   string       `json:"threshold_sequence"`
	Rule        string       `json:"rule"`
	MinDur      int          `json:"min_duration"`
	Stats       []psyStat    `json:"statistics"`
	Episodes    []psyEpisode `json:"episodes"`
	Collapses   []psyEpisode `json:"collapses,omitempty"`
	Dates       []string     `json:"dates"`
	BSADF       []float64    `json:"bsadf"`
	CV          []float64    `json:"bsadf_critical_values"`
	PValues     []jsonFloat  `json:"bsadf_p_values"`
	ReverseDate []string     `json:"reverse_dates,omitempty"`
	Reverse     []float64    `json:"reverse_bsadf,omitempty"`
	ReverseCV   []float64    `json:"reverse_critical_values,omitempty"`

	det *psy.Detection
}

type psyStat struct {
	Name   string    `json:"name"`
	Value  float64   `json:"value"`
	CV90   float64   `json:"cv90"`
	CV95   float64   `json:"cv95"`
	CV99   float64   `json:"cv99"`
	PValue jsonFloat `json:"p_value"`
}

type psyEpisode struct {
	Start       string  `json:"start"`
	Peak        string  `json:"peak"`
	Trough      string  `json:"trough"`
	Last        string  `json:"last"`
	End         string  `json:"end"`
	Duration    int     `json:"duration"`
	Signal      string  `json:"signal"`
	Ongoing     bool    `json:"ongoing"`
	PeakLevel   float64 `json:"peak_level"`
	TroughLevel float64 `json:"trough_level"`
}

// psyDate is one row of psy_dates.csv.
type psyDate struct {
	Date   string    `json:"date"`
	BSADF  float64   `json:"bsadf"`
	CV     float64   `json:"critical_value"`
	PValue jsonFloat `json:"p_value"`
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
			set.Add("psy_dates.csv", func(w io.Writer) error { return results.EncodeCSV(w, rep.PSY.dateRows()) })
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

// psyDetectOptions turns the flags into psy.DetectOptions: the preset's
// values, replaced by every flag the user gave.
func (po psyOptions) psyDetectOptions(seed uint64, workers int) (psy.DetectOptions, error) {
	opt, err := psy.Preset(po.preset)
	if err != nil {
		return opt, inputerr.New("", 0, "--preset", "%q: want psy, exuber or psymonitor", po.preset)
	}
	set := func(flag string) bool { return po.changed != nil && po.changed(flag) }
	if set("min-window") {
		opt.MinWindow = po.minWindow
	}
	if set("lag") {
		opt.Lag = po.lag
	}
	if set("max-lag") || set("lag-select") {
		opt.MaxLag = po.maxLag
	}
	if set("lag-select") {
		switch po.lagSelect {
		case "fixed":
			opt.LagSelect = psy.FixedLag
		case "aic":
			opt.LagSelect = psy.AIC
		case "bic":
			opt.LagSelect = psy.BIC
		default:
			return opt, inputerr.New("", 0, "--lag-select", "%q: want fixed, aic or bic", po.lagSelect)
		}
	}
	if set("select-rule") {
		switch po.selectRule {
		case "common-rows":
			opt.SelectRule = psy.CommonRows
		case "psymonitor":
			opt.SelectRule = psy.PSYMonitorRows
		default:
			return opt, inputerr.New("", 0, "--select-rule", "%q: want common-rows or psymonitor", po.selectRule)
		}
	}
	if set("reps") {
		opt.Sim.Reps = po.reps
	}
	if opt.Sim.Reps < 2 {
		return opt, inputerr.New("", 0, "--reps", "%d: need at least 2", opt.Sim.Reps)
	}
	opt.Sim.Seed, opt.Sim.Workers = seed, workers
	if po.level != 0.90 && po.level != 0.95 && po.level != 0.99 {
		return opt, inputerr.New("", 0, "--level", "%v: want 0.90, 0.95 or 0.99", po.level)
	}
	opt.Level = po.level
	if set("min-duration") {
		if po.minDuration < -1 {
			return opt, inputerr.New("", 0, "--min-duration", "%d: want -1 (log T), 0 (none) or a number of observations", po.minDuration)
		}
		opt.Stamping.MinDuration = po.minDuration
	}
	if set("rule") {
		switch po.rule {
		case "psy":
			opt.Stamping.Rule = psy.PSYRule
		case "runs":
			opt.Stamping.Rule = psy.RunsRule
		case "locate":
			opt.Stamping.Rule = psy.LocateRule
		default:
			return opt, inputerr.New("", 0, "--rule", "%q: want psy, runs or locate", po.rule)
		}
	}
	if set("bootstrap") {
		opt.CV = psy.MonteCarloCV
		if po.bootstrap {
			opt.CV = psy.WildBootstrapCV
			opt.Threshold = psy.FamilyWiseThreshold
		}
	}
	if set("threshold") {
		switch po.threshold {
		case "bsadf":
			opt.Threshold = psy.BSADFThreshold
		case "sadf-path":
			opt.Threshold = psy.SADFPathThreshold
		case "family-wise":
			opt.Threshold = psy.FamilyWiseThreshold
		default:
			return opt, inputerr.New("", 0, "--threshold", "%q: want bsadf, sadf-path or family-wise", po.threshold)
		}
	}
	switch po.weights {
	case "normal":
		opt.Bootstrap.Weights = psy.NormalWeights
	case "rademacher":
		opt.Bootstrap.Weights = psy.RademacherWeights
	default:
		return opt, inputerr.New("", 0, "--weights", "%q: want normal or rademacher", po.weights)
	}
	if po.rademacher {
		opt.Bootstrap.Weights = psy.RademacherWeights
	}
	opt.Bootstrap.KeepDates = po.keepDates
	if po.horizon < 0 || po.bootstrapLength < 0 {
		return opt, inputerr.New("", 0, "--horizon", "horizon %d and bootstrap length %d must not be negative", po.horizon, po.bootstrapLength)
	}
	opt.Horizon, opt.Bootstrap.Length = po.horizon, po.bootstrapLength
	if opt.CV != psy.WildBootstrapCV && (set("weights") || set("rademacher") || po.keepDates || po.horizon > 0 || po.bootstrapLength > 0) {
		return opt, inputerr.New("", 0, "--bootstrap", "the bootstrap options need --bootstrap (or --preset psymonitor)")
	}
	if set("drift") {
		switch po.drift {
		case "psy":
			opt.Drift = psy.PSYDrift()
		case "none":
			opt.Drift = psy.Drift{}
		default:
			return opt, inputerr.New("", 0, "--drift", "%q: want psy or none", po.drift)
		}
	}
	opt.Reverse = po.reverse
	return opt, nil
}

func detectPSY(ctx context.Context, series dataset.PriceSeries, o detectOptions, stderr io.Writer) (*psyReport, error) {
	po := o.psy
	opt, err := po.psyDetectOptions(o.seed, o.workers)
	if err != nil {
		return nil, err
	}
	label := "Monte Carlo critical values"
	if opt.CV == psy.WildBootstrapCV {
		label = "wild bootstrap"
	}
	var bar *progress.Bar
	if !o.quiet {
		bar = progress.New(stderr, "psy "+label, opt.Sim.Reps, false)
	}
	opt.Sim.Progress = func(done, total int) { bar.Set(done, 0) }
	opt.Stamping.Times = series.Dates
	y := series.Values
	det, err := psy.Detect(ctx, y, opt)
	bar.Finish()
	if err != nil {
		if inputerr.Is(err) {
			return nil, fmt.Errorf("psy %s: %w", series.Name, err)
		}
		return nil, fmt.Errorf("psy critical values: %w", err)
	}
	res, cv := det.Result, det.CV
	lag := fmt.Sprint(res.Lag)
	if opt.LagSelect != psy.FixedLag {
		lag = fmt.Sprintf("%s up to %d (%s)", res.LagSelect, res.Lag, opt.SelectRule)
	}
	r := &psyReport{Preset: po.preset, MinWindow: res.MinWindow, Lag: lag, Method: cv.Method, Reps: cv.Reps, Seed: o.seed, Level: opt.Level,
		Threshold: opt.Threshold.String(), Rule: opt.Stamping.Rule.String(), MinDur: det.MinDuration, det: det}
	if opt.CV == psy.WildBootstrapCV {
		weights := "normal"
		if opt.Bootstrap.Weights == psy.RademacherWeights {
			weights = "rademacher"
		}
		tb := det.Options.Bootstrap.Length
		if tb == 0 {
			tb = len(y)
		}
		r.Bootstrap = fmt.Sprintf("%s multipliers, samples of %d prices (family-wise over %d dates)", weights, tb, tb-res.MinWindow-res.Lag)
		if opt.Bootstrap.KeepDates {
			r.Bootstrap += ", each date's own residual"
		}
	}
	at := func(xs []float64, level float64) float64 {
		i, err := cv.LevelIndex(level)
		if err != nil || i >= len(xs) {
			return math.NaN()
		}
		return xs[i]
	}
	for _, st := range []struct {
		name string
		v    float64
		cv   []float64
		p    float64
	}{{"ADF", res.ADF, cv.ADF, det.ADFPValue}, {"SADF", res.SADF, cv.SADF, det.SADFPValue}, {"GSADF", res.GSADF, cv.GSADF, det.GSADFPValue}} {
		r.Stats = append(r.Stats, psyStat{Name: st.name, Value: st.v, CV90: at(st.cv, 0.90), CV95: at(st.cv, 0.95), CV99: at(st.cv, 0.99), PValue: jsonFloat(st.p)})
	}
	day := func(i int) string { return series.Dates[i].Format("2006-01-02") }
	episode := func(e psy.Episode) psyEpisode {
		return psyEpisode{Start: day(e.Start), Peak: day(e.Peak), Trough: day(e.Trough), Last: day(e.Last), End: day(e.End), Duration: e.Duration,
			Signal: e.Signal.String(), Ongoing: e.Ongoing, PeakLevel: y[e.Peak], TroughLevel: y[e.Trough]}
	}
	r.Episodes = []psyEpisode{}
	for _, e := range det.Episodes {
		r.Episodes = append(r.Episodes, episode(e))
	}
	for _, e := range det.Collapses {
		r.Collapses = append(r.Collapses, episode(e))
	}
	for i, v := range res.BSADF {
		r.Dates = append(r.Dates, day(res.Offset+i))
		r.BSADF = append(r.BSADF, v)
		r.CV = append(r.CV, det.Threshold[i])
		r.PValues = append(r.PValues, jsonFloat(det.PValues[i]))
	}
	for i, v := range det.ReverseStat {
		r.ReverseDate = append(r.ReverseDate, day(i))
		r.Reverse = append(r.Reverse, v)
		r.ReverseCV = append(r.ReverseCV, det.ReverseThreshold[i])
	}
	return r, nil
}

// dateRows lists the sequence for psy_dates.csv.
func (r *psyReport) dateRows() []psyDate {
	rows := make([]psyDate, len(r.Dates))
	for i := range rows {
		rows[i] = psyDate{Date: r.Dates[i], BSADF: r.BSADF[i], CV: r.CV[i], PValue: r.PValues[i]}
	}
	return rows
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
		fmt.Fprintf(w, "\nPSY (Phillips, Shi and Yu 2015), preset %s: minimum window %d rows, lag %s; %s, %d replications, seed %d\n", p.Preset, p.MinWindow, p.Lag, p.Method, p.Reps, p.Seed)
		if p.Bootstrap != "" {
			fmt.Fprintf(w, "  bootstrap: %s\n", p.Bootstrap)
		}
		fmt.Fprintf(w, "  %-6s %10s %9s %9s %9s %9s\n", "", "statistic", "90%", "95%", "99%", "p-value")
		for _, s := range p.Stats {
			fmt.Fprintf(w, "  %-6s %10.5f %9.3f %9.3f %9.3f %9.4f\n", s.Name, s.Value, s.CV90, s.CV95, s.CV99, float64(s.PValue))
		}
		fmt.Fprintf(w, "\n  Episodes at %.0f%% (%s threshold, %s rule, minimum %d observations): %d\n", 100*p.Level, p.Threshold, p.Rule, p.MinDur, len(p.Episodes))
		printEpisodes(w, p.Episodes)
		if p.Reverse != nil {
			fmt.Fprintf(w, "\n  Collapses (reverse regression, Phillips and Shi 2018): %d\n", len(p.Collapses))
			printEpisodes(w, p.Collapses)
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

func printEpisodes(w io.Writer, eps []psyEpisode) {
	for _, e := range eps {
		end := e.End
		if e.Ongoing {
			end += " (ongoing)"
		}
		extreme := "peak " + e.Peak
		if e.Signal == "negative" {
			extreme = "falling, trough " + e.Trough
		}
		fmt.Fprintf(w, "    %s to %-24s %s, %d observations\n", e.Start, end, extreme, e.Duration)
	}
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
