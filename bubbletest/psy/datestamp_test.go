package psy

import (
	"context"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/bubblelab/bubblelab/internal/inputerr"
)

// TestStampRules works through both rules on a hand-made sequence with a
// constant critical value of 1. Exceedances are at indices 2-3, 6, 8-12 and
// 15-16 (the last run reaches the end of the sequence).
func TestStampRules(t *testing.T) {
	t.Parallel()
	stat := []float64{0, 0, 2, 2, 0, 0, 2, 0, 2, 2, 2, 2, 2, 0, 0, 2, 2}
	cv := []float64{1}
	cases := []struct {
		name string
		min  int
		rule StampRule
		want []Span
	}{
		// Every run is an episode; termination is the first index back at
		// or below the critical value.
		{"runs, no minimum", 0, RunsRule, []Span{{2, 4, false}, {6, 7, false}, {8, 13, false}, {15, 17, true}}},
		// Runs of fewer than 3 exceedances are dropped.
		{"runs, minimum 3", 3, RunsRule, []Span{{8, 13, false}}},
		// PSY with minimum 3: the episode from 2 cannot end before 5, the
		// first index ≥ 5 at or below the critical value is 5; the next
		// origination is 6, which cannot end before 9 and ends at 13; the
		// one from 15 is still open.
		{"PSY, minimum 3", 3, PSYRule, []Span{{2, 5, false}, {6, 13, false}, {15, 17, true}}},
		// Minimum 0 or 1 makes the PSY rule the runs rule without a filter.
		{"PSY, minimum 1", 1, PSYRule, []Span{{2, 4, false}, {6, 7, false}, {8, 13, false}, {15, 17, true}}},
		{"PSY, minimum 0", 0, PSYRule, []Span{{2, 4, false}, {6, 7, false}, {8, 13, false}, {15, 17, true}}},
		// A long minimum swallows everything after the first origination.
		{"PSY, minimum 14", 14, PSYRule, []Span{{2, 17, true}}},
	}
	for _, c := range cases {
		got, err := Stamp(stat, cv, c.min, c.rule)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	// Equality is not an exceedance, and NaN statistics never exceed.
	got, err := Stamp([]float64{1, math.NaN(), 1.5, 1}, []float64{1, 1, 1, 1}, 0, RunsRule)
	if err != nil {
		t.Fatal(err)
	}
	if want := []Span{{2, 3, false}}; !reflect.DeepEqual(got, want) {
		t.Errorf("ties and NaN: %v, want %v", got, want)
	}
}

// TestStampErrors checks the input errors of Stamp and DateStamp.
func TestStampErrors(t *testing.T) {
	t.Parallel()
	stat := []float64{0, 1, 2}
	for _, c := range []struct {
		name string
		cv   []float64
		min  int
		rule StampRule
	}{
		{"cv length", []float64{1, 2}, 0, PSYRule},
		{"cv NaN", []float64{1, math.NaN(), 1}, 0, PSYRule},
		{"negative minimum", []float64{1}, -1, PSYRule},
		{"unknown rule", []float64{1}, 0, 9},
	} {
		if _, err := Stamp(stat, c.cv, c.min, c.rule); !inputerr.Is(err) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	r, err := Test(randomWalk(50, 1), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.DateStamp([]float64{1}, Stamping{Times: make([]time.Time, 3)}); !inputerr.Is(err) {
		t.Errorf("wrong number of dates: %v", err)
	}
	if _, err := r.DateStamp([]float64{1}, Stamping{Sequence: 4}); !inputerr.Is(err) {
		t.Errorf("unknown sequence: %v", err)
	}
}

// TestDateStampPeaks checks that DateStamp maps spans to price indices,
// finds the peak of the prices within each episode and fills in dates.
func TestDateStampPeaks(t *testing.T) {
	t.Parallel()
	y := bubbleSeries(200, 5)
	r, err := Test(y, Options{})
	if err != nil {
		t.Fatal(err)
	}
	times := make([]time.Time, len(y))
	for i := range times {
		times[i] = time.Date(2000, time.Month(1+i), 1, 0, 0, 0, 0, time.UTC)
	}
	eps, err := r.DateStamp([]float64{1.5}, Stamping{MinDuration: 3, Times: times})
	if err != nil {
		t.Fatal(err)
	}
	if len(eps) == 0 {
		t.Fatal("no episode in a series with an explosive stretch")
	}
	for _, e := range eps {
		if e.Start < r.Offset || e.End < e.Start || e.End >= len(y) || e.Peak < e.Start || e.Peak > e.End {
			t.Fatalf("episode indices %+v", e)
		}
		if r.BSADF[e.Start-r.Offset] <= 1.5 {
			t.Errorf("origination %d does not exceed the critical value", e.Start)
		}
		if !e.Ongoing && (r.BSADF[e.End-r.Offset] > 1.5 || e.Duration != e.End-e.Start || e.Duration < 3) {
			t.Errorf("termination %+v", e)
		}
		for k := e.Start; k <= e.End; k++ {
			if y[k] > y[e.Peak] {
				t.Errorf("price %d exceeds the peak of %+v", k, e)
			}
		}
		if !e.StartTime.Equal(times[e.Start]) || !e.PeakTime.Equal(times[e.Peak]) || !e.EndTime.Equal(times[e.End]) {
			t.Errorf("dates %+v", e)
		}
	}
	// The explosive stretch runs from price 100 to 133 and collapses at 134.
	first := eps[0]
	if first.Start < 100 || first.Start > 133 || first.Peak != 133 {
		t.Errorf("first episode %+v, want an origination within the explosive stretch 100-133 and the peak at 133", first)
	}
}

// TestSP500DateStamp date-stamps the S&P 500 P/D series of PSY (2015) at
// the 95% level with Monte Carlo critical values and checks the two
// episodes the issue names as found by PSY's method: 1879-80 and the
// dot-com boom. The minimum duration is PSY's
// log(T) rule, 7 months. 300 replications keep the test short; their Monte
// Carlo error moves single dates, not these episodes.
func TestSP500DateStamp(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates 300 replications at T=1680")
	}
	t.Parallel()
	dates, y := readSeries(t, spPath)
	r, err := Test(y, Options{})
	if err != nil {
		t.Fatal(err)
	}
	cv, err := MonteCarlo(context.Background(), len(y), Options{}, PSYDrift(), Sim{Reps: 300, Seed: 2015})
	if err != nil {
		t.Fatal(err)
	}
	l, err := cv.LevelIndex(0.95)
	if err != nil {
		t.Fatal(err)
	}
	month := func(s string) time.Time {
		d, err := time.Parse("2006-01", s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for _, c := range []struct {
		name string
		cv   []float64
		rule StampRule
	}{
		{"BSADF quantiles, PSY rule", cv.BSADF[l], PSYRule},
		{"SADF path quantiles (exuber), runs rule", cv.SADFPath[l], RunsRule},
	} {
		eps, err := r.DateStamp(c.cv, Stamping{MinDuration: MinDuration(len(y), 1), Rule: c.rule, Times: dates})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range eps {
			t.Logf("%s: %s to %s, peak %s, %d months", c.name, e.StartTime.Format("2006-01"), e.EndTime.Format("2006-01"), e.PeakTime.Format("2006-01"), e.Duration)
		}
		find := func(from, to time.Time) bool {
			for _, e := range eps {
				if !e.StartTime.Before(from) && !e.StartTime.After(to) {
					return true
				}
			}
			return false
		}
		if !find(month("1879-01"), month("1880-06")) {
			t.Errorf("%s: no episode starting in 1879-80", c.name)
		}
		// The dot-com episode must start in the late 1990s and cover 1999.
		dotcom := false
		for _, e := range eps {
			if e.StartTime.After(month("1994-12")) && e.StartTime.Before(month("1998-01")) && e.EndTime.After(month("1999-12")) {
				dotcom = true
			}
		}
		if !dotcom {
			t.Errorf("%s: no dot-com episode from 1995-97 through 1999", c.name)
		}
	}
}
