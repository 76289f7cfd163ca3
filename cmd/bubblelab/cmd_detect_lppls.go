package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/bubblelab/bubblelab/bubbletest/lppls"
	"github.com/bubblelab/bubblelab/dataset"
	"github.com/bubblelab/bubblelab/internal/inputerr"
	"github.com/bubblelab/bubblelab/internal/progress"
)

type lpplsOptions struct {
	maxWindow, minWindow, step int
	from                       string
	every                      int
	starts                     int
	filter                     string
	residuals                  bool
	// bounds are the filter flags; a flag the user set replaces the
	// preset's value.
	bounds  lppls.Filter
	changed func(flag string) bool
}

// lpplsBoundFlags are the filter flags and the Filter field each sets.
var lpplsBoundFlags = []struct {
	name, usage string
	field       func(*lppls.Filter) *float64
}{
	{"lppls-m-min", "smallest m that qualifies", func(f *lppls.Filter) *float64 { return &f.MMin }},
	{"lppls-m-max", "largest m that qualifies", func(f *lppls.Filter) *float64 { return &f.MMax }},
	{"lppls-omega-min", "smallest omega that qualifies", func(f *lppls.Filter) *float64 { return &f.OmegaMin }},
	{"lppls-omega-max", "largest omega that qualifies", func(f *lppls.Filter) *float64 { return &f.OmegaMax }},
	{"lppls-tc-before", "earliest tc, as a fraction of the window before its end", func(f *lppls.Filter) *float64 { return &f.TcBefore }},
	{"lppls-tc-after", "latest tc, as a fraction of the window after its end", func(f *lppls.Filter) *float64 { return &f.TcAfter }},
	{"lppls-min-oscillations", "fewest log-periodic oscillations O over the window", func(f *lppls.Filter) *float64 { return &f.MinOscillations }},
	{"lppls-min-damping", "smallest damping D = m|B|/(omega|C|)", func(f *lppls.Filter) *float64 { return &f.MinDamping }},
}

func addLPPLSFlags(f *pflag.FlagSet, o *lpplsOptions) {
	f.IntVar(&o.maxWindow, "lppls-max-window", 0, "LPPLS: longest window in observations (0: 750 trading days in the series' spacing (750 daily, about 150 weekly, 35 monthly), at most the series less one)")
	f.IntVar(&o.minWindow, "lppls-min-window", 0, "LPPLS: shortest window (0: 125 trading days in the series' spacing, at least 10 observations, at most a sixth of the longest)")
	f.IntVar(&o.step, "lppls-step", 0, "LPPLS: window-length step (0: 5 trading days in the series' spacing, at least 1)")
	f.StringVar(&o.from, "lppls-from", "", "LPPLS: first end date of the confidence indicator (default: the last 60 end dates)")
	f.IntVar(&o.every, "lppls-every", 0, "LPPLS: compute the indicator at every n-th end date (0: every 5 trading days in the series' spacing, at least 1)")
	f.IntVar(&o.starts, "lppls-starts", 0, "LPPLS: local searches per fit (0: the package default)")
	f.StringVar(&o.filter, "lppls-filter", "default", "LPPLS: qualification filter: default, sornette2015 or lppls-package (the Python lppls 0.6 rule)")
	for _, b := range lpplsBoundFlags {
		f.Float64Var(b.field(&o.bounds), b.name, 0, "LPPLS filter: "+b.usage+" (default: the --lppls-filter preset's)")
	}
	f.BoolVar(&o.residuals, "lppls-residuals", false, "LPPLS: with --out, also write every fit's residuals to lppls_residuals.csv")
}

// lpplsFilter returns the chosen preset with the filter flags the user set.
func (lo lpplsOptions) lpplsFilter() (lppls.Filter, error) {
	var filter lppls.Filter
	switch lo.filter {
	case "default":
		filter = lppls.DefaultFilter()
	case "sornette2015":
		filter = lppls.Sornette2015Filter()
	case "lppls-package":
		filter = lppls.LPPLSPackageFilter()
	default:
		return filter, inputerr.Errorf("--lppls-filter %q: want default, sornette2015 or lppls-package", lo.filter)
	}
	for _, b := range lpplsBoundFlags {
		if lo.changed != nil && lo.changed(b.name) {
			v := lo.bounds
			x := *b.field(&v)
			if math.IsNaN(x) || math.IsInf(x, -1) {
				return filter, inputerr.New("", 0, "--"+b.name, "%v: want a number (inf drops a maximum)", x)
			}
			*b.field(&filter) = x
		}
	}
	return filter, nil
}

// lpplsReport is the LPPLS part of detect's output.
type lpplsReport struct {
	Filter     string               `json:"filter"`
	Conditions map[string]jsonFloat `json:"filter_conditions"`
	Windows    string               `json:"windows"`
	LastFit    lpplsFit             `json:"last_window_fit"`
	Indicator  []lpplsIndPoint      `json:"indicator"`

	fits      []lpplsFitRow // every fit of the indicator, for lppls_fits.csv
	residuals []lpplsResidual
}

type lpplsFit struct {
	Start        string    `json:"window_start"`
	End          string    `json:"window_end"`
	Tc           string    `json:"tc"`
	TcYears      float64   `json:"tc_years_after_end"`
	M            float64   `json:"m"`
	Omega        float64   `json:"omega"`
	B            float64   `json:"b"`
	Oscillations jsonFloat `json:"oscillations"`
	Damping      jsonFloat `json:"damping"`
	RSS          jsonFloat `json:"rss"`
	ResidualSD   jsonFloat `json:"residual_sd"`
	Bubble       string    `json:"bubble"`
	Qualified    bool      `json:"qualified"`
	Reasons      []string  `json:"reasons,omitempty"`
}

// lpplsFitRow is one fit of the confidence indicator in lppls_fits.csv.
type lpplsFitRow struct {
	End          string  `json:"end"`
	WindowStart  string  `json:"window_start"`
	Observations int     `json:"observations"`
	Tc           string  `json:"tc"`
	TcDays       float64 `json:"tc_days_after_end"`
	M            float64 `json:"m"`
	Omega        float64 `json:"omega"`
	A            float64 `json:"a"`
	B            float64 `json:"b"`
	C1           float64 `json:"c1"`
	C2           float64 `json:"c2"`
	Oscillations float64 `json:"oscillations"`
	Damping      float64 `json:"damping"`
	RSS          float64 `json:"rss"`
	ResidualSD   float64 `json:"residual_sd"`
	Bubble       string  `json:"bubble"`
	Qualified    bool    `json:"qualified"`
	Reasons      string  `json:"reasons"`
}

// lpplsResidual is one observation of one fit in lppls_residuals.csv.
type lpplsResidual struct {
	End         string  `json:"end"`
	WindowStart string  `json:"window_start"`
	Date        string  `json:"date"`
	LogPrice    float64 `json:"log_price"`
	Model       float64 `json:"model"`
	Residual    float64 `json:"residual"`
}

type lpplsIndPoint struct {
	Date     string  `json:"date" json:"date"`
	Positive float64 `json:"positive" json:"positive"`
	Negative float64 `json:"negative" json:"negative"`
	TcMedian string  `json:"tc_median_positive" json:"tc_median_positive"`
}

// dayOf is a date in days since 1970-01-01, the time unit of the fits:
// calendar days, as the Python lppls package uses (ordinal dates), so that
// its filter's caps in days apply unchanged.
func dayOf(t time.Time) float64 { return float64(t.Unix()) / 86400 }

// dateOf is the inverse of dayOf, to the second.
func dateOf(d float64) time.Time { return time.Unix(int64(math.Round(d*86400)), 0).UTC() }

// daysPerYear converts tc distances to years for the text output.
const daysPerYear = 365.25

func detectLPPLS(ctx context.Context, series dataset.PriceSeries, o detectOptions, stderr io.Writer) (*lpplsReport, error) {
	lo := o.lppls
	n := series.Len()
	if !o.log {
		return nil, inputerr.Errorf("--method %s: LPPLS models log prices; add --log", o.method)
	}
	filter, err := lo.lpplsFilter()
	if err != nil {
		return nil, err
	}
	// The package defaults are in trading days; a weekly or monthly series
	// gets windows of the same calendar length in its own observations.
	days := max(1, series.MedianGapDays()*252/365.25)
	scaled := func(d int) int { return max(1, int(math.Round(float64(d)/days))) }
	maxW := lo.maxWindow
	if maxW == 0 {
		maxW = min(scaled(lppls.DefaultMaxWindow), n-1)
	}
	minW := lo.minWindow
	if minW == 0 {
		minW = min(max(scaled(lppls.DefaultMinWindow), lppls.MinObservations), max(lppls.MinObservations, maxW/6))
	}
	step := lo.step
	if step == 0 {
		step = scaled(lppls.DefaultWindowStep)
	}
	if lo.every == 0 {
		lo.every = scaled(5)
	}
	if maxW > n || minW < lppls.MinObservations || minW > maxW || step < 1 {
		return nil, inputerr.Errorf("LPPLS windows %d..%d (step %d) do not fit %d observations (each needs at least %d)", minW, maxW, step, n, lppls.MinObservations)
	}
	if lo.every < 1 {
		return nil, inputerr.Errorf("--lppls-every %d: must be at least 1 (0: the default)", lo.every)
	}
	t := make([]float64, n)
	for i, d := range series.Dates {
		t[i] = dayOf(d)
	}
	y := series.Values
	fitter := lppls.Fitter{Starts: lo.starts, Filter: filter}
	r := &lpplsReport{Filter: lo.filter, Conditions: lpplsConditions(filter), Windows: fmt.Sprintf("%d..%d observations, step %d", maxW, minW, step)}

	// One fit on the longest window ending at the last observation.
	fitter.Src = rand.NewPCG(o.seed, 0x6c70706c73)
	fit, err := fitter.FitContext(ctx, t[n-maxW:], y[n-maxW:])
	if err != nil {
		return nil, fmt.Errorf("lppls fit: %w", err)
	}
	r.LastFit = lpplsFit{Start: series.Dates[n-maxW].Format("2006-01-02"), End: series.Dates[n-1].Format("2006-01-02"),
		Tc: dateOf(fit.Tc).Format("2006-01-02"), TcYears: (fit.Tc - t[n-1]) / daysPerYear, M: fit.M, Omega: fit.Omega, B: fit.B,
		Oscillations: jsonFloat(filter.Oscillations(fit)), Damping: jsonFloat(filter.Damping(fit)), RSS: jsonFloat(fit.RSS), ResidualSD: jsonFloat(residualSD(fit)),
		Bubble: bubbleName(fit.B), Qualified: fit.Qualified, Reasons: fit.Reasons}

	// The confidence indicator over the chosen end dates.
	first := max(maxW-1, n-60)
	if lo.from != "" {
		from, err := time.Parse("2006-01-02", lo.from)
		if err != nil {
			if from, err = time.Parse("2006-01", lo.from); err != nil {
				return nil, inputerr.Errorf("--lppls-from %q: want YYYY-MM-DD or YYYY-MM", lo.from)
			}
		}
		first = n - 1
		for i, d := range series.Dates {
			if !d.Before(from) {
				first = i
				break
			}
		}
		first = max(first, maxW-1)
	}
	var ends []int
	for e := first; e < n; e += lo.every {
		ends = append(ends, e)
	}
	opt := lppls.IndicatorOptions{Fitter: fitter, MaxWindow: maxW, MinWindow: minW, WindowStep: step, Ends: ends, Seed: o.seed, Workers: o.workers, KeepFits: true}
	fits := len(ends) * ((maxW-minW)/step + 1)
	var bar *progress.Bar
	if !o.quiet {
		bar = progress.New(stderr, "lppls fits", fits, false)
	}
	pts, err := lppls.Indicator(ctx, t, y, opt, func(done, total int) { bar.Set(done, 0) })
	bar.Finish()
	if err != nil {
		return nil, fmt.Errorf("lppls indicator: %w", err)
	}
	for _, p := range pts {
		ip := lpplsIndPoint{Date: series.Dates[p.End].Format("2006-01-02"), Positive: p.Positive, Negative: p.Negative}
		if k := len(p.TcPositive); k > 0 {
			tcs := append([]float64(nil), p.TcPositive...)
			sortFloats(tcs)
			ip.TcMedian = dateOf(tcs[k/2]).Format("2006-01-02")
		}
		r.Indicator = append(r.Indicator, ip)
		for _, f := range p.Fits {
			first := p.End - f.N + 1
			row := lpplsFitRow{End: ip.Date, WindowStart: series.Dates[first].Format("2006-01-02"), Observations: f.N,
				Tc: dateOf(f.Tc).Format("2006-01-02"), TcDays: f.Tc - t[p.End], M: f.M, Omega: f.Omega, A: f.A, B: f.B, C1: f.C1, C2: f.C2,
				Oscillations: filter.Oscillations(f), Damping: filter.Damping(f), RSS: f.RSS, ResidualSD: residualSD(f),
				Bubble: f.Bubble().String(), Qualified: f.Qualified, Reasons: strings.Join(f.Reasons, "; ")}
			r.fits = append(r.fits, row)
			if lo.residuals {
				for i := first; i <= p.End; i++ {
					m := f.LogPrice(t[i])
					r.residuals = append(r.residuals, lpplsResidual{End: ip.Date, WindowStart: row.WindowStart,
						Date: series.Dates[i].Format("2006-01-02"), LogPrice: y[i], Model: m, Residual: y[i] - m})
				}
			}
		}
	}
	return r, nil
}

// lpplsConditions lists a filter's conditions for detect.json.
func lpplsConditions(f lppls.Filter) map[string]jsonFloat {
	m := map[string]jsonFloat{}
	for _, b := range lpplsBoundFlags {
		m[strings.TrimPrefix(b.name, "lppls-")] = jsonFloat(*b.field(&f))
	}
	m["tc-cap-before"], m["tc-cap-after"] = jsonFloat(f.TcMaxBefore), jsonFloat(f.TcMaxAfter)
	b2f := func(b bool) jsonFloat {
		if b {
			return 1
		}
		return 0
	}
	m["strict"], m["signed-oscillations"], m["per-sign-indicator"] = b2f(f.Strict), b2f(f.SignedOscillations), b2f(f.PerSignIndicator)
	return m
}

// residualSD is the standard deviation of a fit's residuals, sqrt(RSS/N).
func residualSD(f lppls.Fit) float64 {
	if f.N == 0 {
		return math.NaN()
	}
	return math.Sqrt(f.RSS / float64(f.N))
}

func bubbleName(b float64) string {
	switch {
	case b < 0:
		return "positive (B < 0)"
	case b > 0:
		return "negative (B > 0)"
	}
	return "none"
}

func sortFloats(x []float64) {
	for i := 1; i < len(x); i++ {
		for j := i; j > 0 && x[j] < x[j-1]; j-- {
			x[j], x[j-1] = x[j-1], x[j]
		}
	}
}

func printLPPLS(w io.Writer, r *lpplsReport) {
	f := r.LastFit
	q := "qualifies"
	if !f.Qualified {
		q = "does not qualify"
	}
	fmt.Fprintf(w, "\nLPPLS (Filimonov and Sornette 2013), %s filter, windows %s\n", r.Filter, r.Windows)
	fmt.Fprintf(w, "  fit on %s..%s: tc %s (%.2f years after the last date), m %.3f, omega %.2f, %s bubble; %s\n",
		f.Start, f.End, f.Tc, f.TcYears, f.M, f.Omega, f.Bubble, q)
	if len(f.Reasons) > 0 {
		fmt.Fprintf(w, "    fails: %v\n", f.Reasons)
	}
	if len(r.Indicator) == 0 {
		return
	}
	last := r.Indicator[len(r.Indicator)-1]
	peak := last
	for _, p := range r.Indicator {
		if p.Positive > peak.Positive {
			peak = p
		}
	}
	fmt.Fprintf(w, "  confidence indicator over %d end dates (%s..%s): last %.2f positive / %.2f negative; highest positive %.2f on %s",
		len(r.Indicator), r.Indicator[0].Date, last.Date, last.Positive, last.Negative, peak.Positive, peak.Date)
	if peak.TcMedian != "" {
		fmt.Fprintf(w, " (median tc %s)", peak.TcMedian)
	}
	fmt.Fprintln(w)
}
