package psy

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// TestDetectExuberPreset runs the exuber preset on the S&P 500 P/D series:
// the statistics are exuber's radf values (TestSP500Exuber), the threshold
// is the SADF path, and every date whose statistic exceeds the 95%
// threshold has a per-date p-value of at most 5% (up to the interpolation
// of the quantile, one replication).
func TestDetectExuberPreset(t *testing.T) {
	t.Parallel()
	dates, y := readSeries(t, spPath)
	opt, err := Preset("exuber")
	if err != nil {
		t.Fatal(err)
	}
	opt.MinWindow = 90
	opt.Sim.Reps, opt.Sim.Seed = 200, 2015
	opt.Stamping.Times = dates
	d, err := Detect(context.Background(), y, opt)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(d.Result.GSADF-4.20687) > 1e-5 || d.GSADFPValue > 1.0/201+1e-12 {
		t.Errorf("GSADF %.5f (p %.4f), want 4.20687 beyond every draw", d.Result.GSADF, d.GSADFPValue)
	}
	if d.MinDuration != 0 || d.Options.Stamping.Rule != RunsRule {
		t.Errorf("min duration %d, rule %v: want exuber's 0 and runs", d.MinDuration, d.Options.Stamping.Rule)
	}
	above := 0
	for i, s := range d.Result.BSADF {
		p := d.PValues[i]
		if s > d.Threshold[i] {
			above++
			if p > 0.05+1.0/201 {
				t.Errorf("%s: BSADF %.3f above the 95%% threshold %.3f but p = %.4f", dates[d.Result.Offset+i].Format("2006-01"), s, d.Threshold[i], p)
			}
		} else if p < 0.05-1.0/201 {
			t.Errorf("%s: BSADF %.3f below the threshold %.3f but p = %.4f", dates[d.Result.Offset+i].Format("2006-01"), s, d.Threshold[i], p)
		}
	}
	if above == 0 || len(d.Episodes) == 0 {
		t.Errorf("no date above the threshold (%d episodes)", len(d.Episodes))
	}
	for _, e := range d.Episodes {
		if e.Last >= e.End && !e.Ongoing {
			t.Errorf("episode %v: last date %d not before the termination %d", e.StartTime, e.Last, e.End)
		}
		if e.Peak > e.Last || e.Trough > e.Last {
			t.Errorf("episode %v: peak %d or trough %d after its last date %d", e.StartTime, e.Peak, e.Trough, e.Last)
		}
	}
}

// TestDetectPresets pins what each preset sets.
func TestDetectPresets(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name      string
		cv        CVMethod
		threshold Threshold
		rule      StampRule
		minDur    int
		drift     Drift
		reps      int
	}{
		{"psy", MonteCarloCV, BSADFThreshold, PSYRule, -1, PSYDrift(), 2000},
		{"exuber", MonteCarloCV, SADFPathThreshold, RunsRule, 0, Drift{}, 1000},
		{"psymonitor", WildBootstrapCV, FamilyWiseThreshold, LocateRule, 0, PSYDrift(), 199},
	} {
		o, err := Preset(c.name)
		if err != nil {
			t.Fatal(err)
		}
		if o.CV != c.cv || o.Threshold != c.threshold || o.Stamping.Rule != c.rule || o.Stamping.MinDuration != c.minDur || o.Drift != c.drift || o.Sim.Reps != c.reps {
			t.Errorf("%s: %+v", c.name, o)
		}
	}
	if _, err := Preset("nope"); err == nil {
		t.Error("unknown preset accepted")
	}
}

// TestDetectCollapse builds a series that rises explosively and then
// crashes: the forward test stamps the rise as a positive episode, and the
// reverse regression (Phillips and Shi 2018) stamps the crash as a
// collapse that the forward test would see only late.
func TestDetectCollapse(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 0))
	var y []float64
	level := 1.0 // a log price: the explosive root pushes it up
	for range 120 {
		level += 0.05 * rng.NormFloat64()
		y = append(y, level)
	}
	peak := len(y)
	for range 25 {
		level = 0.03 + 1.06*level + 0.01*rng.NormFloat64()
		y = append(y, level)
	}
	top := level
	for i := range 10 { // the crash: back down in ten steps
		level = top - float64(i+1)/10*(top-y[peak-1]) + 0.02*rng.NormFloat64()
		y = append(y, level)
	}
	for range 45 {
		level += 0.05 * rng.NormFloat64()
		y = append(y, level)
	}
	opt, _ := Preset("psy")
	opt.Sim.Reps, opt.Sim.Seed = 199, 1
	opt.Reverse = true
	d, err := Detect(context.Background(), y, opt)
	if err != nil {
		t.Fatal(err)
	}
	rise := slices.ContainsFunc(d.Episodes, func(e Episode) bool {
		return e.Signal == Positive && e.Start >= 110 && e.Start < peak+25 && e.Peak >= peak+20
	})
	crash := slices.ContainsFunc(d.Collapses, func(e Episode) bool {
		return e.Start <= peak+30 && e.Last >= peak+25
	})
	if !rise || !crash {
		t.Errorf("episodes %+v\ncollapses %+v\nwant the rise from about %d and a collapse over %d..%d", d.Episodes, d.Collapses, peak, peak+25, peak+35)
	}
	if len(d.ReverseStat) != len(d.Result.BSADF) || len(d.ReverseThreshold) != len(d.ReverseStat) {
		t.Errorf("reverse sequence of %d dates, thresholds %d, forward %d", len(d.ReverseStat), len(d.ReverseThreshold), len(d.Result.BSADF))
	}
}

// TestDateStampPeakBeforeTermination: the termination date is the first one
// back below the critical value, so the peak is searched before it even when
// the series is highest there; a falling episode is negative with its trough.
func TestDateStampPeakBeforeTermination(t *testing.T) {
	t.Parallel()
	y := []float64{0, 0.1, 0.3, 0.2, 0.6, 1, 0.9, 0.8, 0.7, 0.6}
	r := &Result{N: len(y), Offset: 0, BSADF: []float64{0, 2, 2, 0, 0, 0, 2, 2, 2, 0}, y: y}
	eps, err := r.DateStamp([]float64{1}, Stamping{Rule: RunsRule})
	if err != nil {
		t.Fatal(err)
	}
	// Episode 1..2 ends at 3 (0.2) and peaks at 2 (0.3), not at 3; episode
	// 6..8 ends at 9 and falls from 0.9 to 0.7: negative, trough 8.
	want := []Episode{
		{Start: 1, Peak: 2, Trough: 1, End: 3, Last: 2, Duration: 2, Signal: Positive},
		{Start: 6, Peak: 6, Trough: 8, End: 9, Last: 8, Duration: 3, Signal: Negative},
	}
	if !slices.Equal(eps, want) {
		t.Errorf("%+v\nwant %+v", eps, want)
	}
	loc, err := r.DateStamp([]float64{1}, Stamping{Rule: LocateRule})
	if err != nil {
		t.Fatal(err)
	}
	// psymonitor's locate ends an episode at its last exceedance.
	if len(loc) != 2 || loc[0].End != 2 || loc[0].Duration != 2 || loc[1].End != 8 || loc[1].Trough != 8 {
		t.Errorf("locate: %+v", loc)
	}
}

// TestTestContextStops cancels a long test (T = 6000 with BIC over 6 lags
// in every window, tens of seconds of work): it must return the context's
// error within a second.
func TestTestContextStops(t *testing.T) {
	t.Parallel()
	y := randomWalk(6000, 2)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err := TestContext(ctx, y, Options{LagSelect: BIC, MaxLag: 6, SelectRule: PSYMonitorRows})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("stopped after %v, want under 1 s", d)
	}
}
