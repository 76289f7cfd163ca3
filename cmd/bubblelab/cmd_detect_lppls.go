package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
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
}

func addLPPLSFlags(f *pflag.FlagSet, o *lpplsOptions) {
	f.IntVar(&o.maxWindow, "lppls-max-window", 0, "LPPLS: longest window in observations (0: 750 trading days in the series' spacing (750 daily, about 150 weekly, 35 monthly), at most the series less one)")
	f.IntVar(&o.minWindow, "lppls-min-window", 0, "LPPLS: shortest window (0: 125 trading days in the series' spacing, at least 10 observations, at most a sixth of the longest)")
	f.IntVar(&o.step, "lppls-step", 0, "LPPLS: window-length step (0: 5 trading days in the series' spacing, at least 1)")
	f.StringVar(&o.from, "lppls-from", "", "LPPLS: first end date of the confidence indicator (default: the last 60 end dates)")
	f.IntVar(&o.every, "lppls-every", 0, "LPPLS: compute the indicator at every n-th end date (0: every 5 trading days in the series' spacing, at least 1)")
	f.IntVar(&o.starts, "lppls-starts", 0, "LPPLS: local searches per fit (0: the package default)")
	f.StringVar(&o.filter, "lppls-filter", "default", "LPPLS: qualification filter: default, sornette2015 or lppls-package")
}

// lpplsReport is the LPPLS part of detect's output.
type lpplsReport struct {
	Filter    string          `json:"filter"`
	Windows   string          `json:"windows"`
	LastFit   lpplsFit        `json:"last_window_fit"`
	Indicator []lpplsIndPoint `json:"indicator"`
}

type lpplsFit struct {
	Start     string   `json:"window_start"`
	End       string   `json:"window_end"`
	Tc        string   `json:"tc"`
	TcYears   float64  `json:"tc_years_after_end"`
	M         float64  `json:"m"`
	Omega     float64  `json:"omega"`
	B         float64  `json:"b"`
	Bubble    string   `json:"bubble"`
	Qualified bool     `json:"qualified"`
	Reasons   []string `json:"reasons,omitempty"`
}

type lpplsIndPoint struct {
	Date     string  `json:"date" parquet:"date"`
	Positive float64 `json:"positive" parquet:"positive"`
	Negative float64 `json:"negative" parquet:"negative"`
	TcMedian string  `json:"tc_median_positive" parquet:"tc_median_positive"`
}

// yearOf is a date as a fractional year, the time unit of the fits.
func yearOf(t time.Time) float64 {
	start := time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(1, 0, 0)
	return float64(t.Year()) + t.Sub(start).Hours()/end.Sub(start).Hours()
}

// dateOf is the inverse of yearOf.
func dateOf(y float64) time.Time {
	year := int(math.Floor(y))
	start := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(1, 0, 0)
	return start.Add(time.Duration((y - float64(year)) * float64(end.Sub(start))))
}

func detectLPPLS(ctx context.Context, series dataset.PriceSeries, o detectOptions, stderr io.Writer) (*lpplsReport, error) {
	lo := o.lppls
	n := series.Len()
	if !o.log {
		return nil, inputerr.Errorf("--method %s: LPPLS models log prices; add --log", o.method)
	}
	var filter lppls.Filter
	switch lo.filter {
	case "default":
		filter = lppls.DefaultFilter()
	case "sornette2015":
		filter = lppls.Sornette2015Filter()
	case "lppls-package":
		filter = lppls.LPPLSPackageFilter()
	default:
		return nil, inputerr.Errorf("--lppls-filter %q: want default, sornette2015 or lppls-package", lo.filter)
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
		t[i] = yearOf(d)
	}
	y := series.Values
	fitter := lppls.Fitter{Starts: lo.starts, Filter: filter}
	r := &lpplsReport{Filter: lo.filter, Windows: fmt.Sprintf("%d..%d observations, step %d", maxW, minW, step)}

	// One fit on the longest window ending at the last observation.
	fitter.Src = rand.NewPCG(o.seed, 0x6c70706c73)
	fit, err := fitter.Fit(t[n-maxW:], y[n-maxW:])
	if err != nil {
		return nil, fmt.Errorf("lppls fit: %w", err)
	}
	r.LastFit = lpplsFit{Start: series.Dates[n-maxW].Format("2006-01-02"), End: series.Dates[n-1].Format("2006-01-02"),
		Tc: dateOf(fit.Tc).Format("2006-01-02"), TcYears: fit.Tc - t[n-1], M: fit.M, Omega: fit.Omega, B: fit.B,
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
	opt := lppls.IndicatorOptions{Fitter: fitter, MaxWindow: maxW, MinWindow: minW, WindowStep: step, Ends: ends, Seed: o.seed, Workers: o.workers}
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
	}
	return r, nil
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
