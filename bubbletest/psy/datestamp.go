package psy

import (
	"fmt"
	"math"
	"time"

	"github.com/bubblelab/bubblelab/internal/inputerr"
)

// StampRule says how exceedances of the critical values become episodes.
type StampRule int

const (
	// PSYRule is the date-stamping rule of PSY (2015): an episode starts
	// at the first date whose statistic exceeds its critical value and ends
	// at the first date at least MinDuration later whose statistic does
	// not. Dips below the critical value within the first MinDuration dates
	// do not end the episode.
	PSYRule StampRule = iota
	// RunsRule is exuber's datestamp: every maximal run of consecutive
	// exceedances is an episode that ends at the first date after the run,
	// and runs shorter than MinDuration are dropped.
	RunsRule
	// LocateRule is psymonitor's locate: every maximal run of consecutive
	// exceedances is an episode from its first to its last exceedance
	// (End is the last date above the critical value, not the first one
	// back below it), runs shorter than MinDuration being dropped
	// (psymonitor has no minimum: use 0).
	LocateRule
)

// String returns the name used in the CLI.
func (r StampRule) String() string {
	switch r {
	case PSYRule:
		return "psy"
	case RunsRule:
		return "runs"
	case LocateRule:
		return "locate"
	}
	return fmt.Sprintf("StampRule(%d)", int(r))
}

// Signal is the direction of an episode.
type Signal int

const (
	// Positive is an episode over which the series rose: a bubble.
	Positive Signal = iota
	// Negative is an episode over which the series fell: a crisis or
	// collapse, which the right-tailed test also flags (Phillips and Shi
	// 2020).
	Negative
)

func (s Signal) String() string {
	if s == Negative {
		return "negative"
	}
	return "positive"
}

// Sequence names the statistic sequence that is date-stamped.
type Sequence int

const (
	// BSADFSequence stamps BSADF against its critical values (PSY 2015).
	BSADFSequence Sequence = iota
	// BADFSequence stamps BADF against its critical values (PWY 2011).
	BADFSequence
)

// Stamping configures DateStamp.
type Stamping struct {
	// MinDuration is the minimum length of an episode in observations;
	// MinDuration(T, 1) is PSY's log(T) rule.
	MinDuration int
	// Rule turns exceedances into episodes.
	Rule StampRule
	// Sequence is the statistic compared with the critical values.
	Sequence Sequence
	// Times, if not nil, holds the date of every price (len N) and fills
	// the time fields of the episodes.
	Times []time.Time
}

// Episode is one date-stamped period of explosive behaviour. Indices refer
// to the price series passed to Test.
type Episode struct {
	// Start is the origination: the first price whose statistic exceeds
	// its critical value.
	Start int
	// Peak and Trough are the prices with the highest and the lowest
	// value within the episode, Start to Last, the first one if several
	// tie.
	Peak, Trough int
	// End is the termination: the first price at which the statistic is
	// back at or below its critical value (under LocateRule, the last price
	// above it). For an episode still open at the end of the sample End is
	// the last price and Ongoing is true.
	End int
	// Last is the last price of the episode itself: End−1 when End is the
	// first price back below the critical value, End otherwise.
	Last int
	// Signal is Positive when the series is at least as high at Last as
	// at Start, Negative when it fell.
	Signal Signal
	// Duration is End-Start observations, or N-Start if Ongoing.
	Duration int
	// Ongoing reports an episode that had not terminated by the last price.
	Ongoing bool
	// StartTime, PeakTime, TroughTime and EndTime are the dates of Start,
	// Peak, Trough and End when Stamping.Times is set.
	StartTime, PeakTime, TroughTime, EndTime time.Time
}

// DateStamp finds the episodes in which r's statistic sequence exceeds the
// critical values cv. cv is either aligned with the sequence (one value per
// date, as CriticalValues.BSADF[l] is for a matching simulation) or a single
// value used at every date (a family-wise bootstrap threshold).
func (r *Result) DateStamp(cv []float64, st Stamping) ([]Episode, error) {
	stat := r.BSADF
	switch st.Sequence {
	case BSADFSequence:
	case BADFSequence:
		stat = r.BADF
	default:
		return nil, inputerr.Errorf("psy: unknown sequence %d", int(st.Sequence))
	}
	if st.Times != nil && len(st.Times) != r.N {
		return nil, inputerr.Errorf("psy: %d dates given for %d prices", len(st.Times), r.N)
	}
	spans, err := Stamp(stat, cv, st.MinDuration, st.Rule)
	if err != nil {
		return nil, err
	}
	eps := make([]Episode, len(spans))
	for i, sp := range spans {
		eps[i] = r.episode(sp, st.Rule, r.N, func(k int) int { return r.Offset + k })
		if st.Times != nil {
			eps[i].setTimes(st.Times)
		}
	}
	return eps, nil
}

// episode turns a span of statistic indices into an episode in the prices
// of r's series; price maps a statistic index to its price index.
func (r *Result) episode(sp Span, rule StampRule, n int, price func(int) int) Episode {
	e := Episode{Start: price(sp.Start), Ongoing: sp.Ongoing}
	switch {
	case sp.Ongoing:
		e.End, e.Last = n-1, n-1
		e.Duration = n - e.Start
	case rule == LocateRule:
		e.End = price(sp.End)
		e.Last = e.End
		e.Duration = e.End - e.Start + 1
	default:
		e.End = price(sp.End)
		e.Last = max(e.Start, e.End-1)
		e.Duration = e.End - e.Start
	}
	e.Peak, e.Trough = e.Start, e.Start
	for k := e.Start + 1; k <= e.Last; k++ {
		if r.y[k] > r.y[e.Peak] {
			e.Peak = k
		}
		if r.y[k] < r.y[e.Trough] {
			e.Trough = k
		}
	}
	if r.y[e.Last] < r.y[e.Start] {
		e.Signal = Negative
	}
	return e
}

func (e *Episode) setTimes(times []time.Time) {
	e.StartTime, e.PeakTime, e.TroughTime, e.EndTime = times[e.Start], times[e.Peak], times[e.Trough], times[e.End]
}

// Span is an episode in the indices of a statistic sequence.
type Span struct {
	Start   int  // first index whose statistic exceeds the critical value
	End     int  // termination index (LocateRule: last exceedance); len(stat) if Ongoing
	Ongoing bool // no termination before the end of the sequence
}

// Stamp applies rule to the sequence stat and critical values cv (aligned
// with stat, or a single value for every index) and returns the episodes in
// the indices of stat. A statistic exceeds its critical value when it is
// strictly greater; NaN statistics never exceed.
func Stamp(stat, cv []float64, minDuration int, rule StampRule) ([]Span, error) {
	if len(cv) != 1 && len(cv) != len(stat) {
		return nil, inputerr.Errorf("psy: %d critical values for a sequence of %d statistics; give one per date or a single value", len(cv), len(stat))
	}
	for i, c := range cv {
		if math.IsNaN(c) {
			return nil, inputerr.Errorf("psy: critical value %d is NaN", i)
		}
	}
	if minDuration < 0 {
		return nil, inputerr.Errorf("psy: minimum duration %d is negative", minDuration)
	}
	above := func(i int) bool {
		c := cv[0]
		if len(cv) > 1 {
			c = cv[i]
		}
		return stat[i] > c
	}
	n := len(stat)
	var spans []Span
	switch rule {
	case PSYRule:
		for i := 0; i < n; {
			if !above(i) {
				i++
				continue
			}
			j := i + max(minDuration, 1)
			for j < n && above(j) {
				j++
			}
			if j >= n {
				spans = append(spans, Span{Start: i, End: n, Ongoing: true})
				break
			}
			spans = append(spans, Span{Start: i, End: j})
			i = j + 1
		}
	case RunsRule, LocateRule:
		for i := 0; i < n; {
			if !above(i) {
				i++
				continue
			}
			j := i + 1
			for j < n && above(j) {
				j++
			}
			if j-i >= minDuration {
				end := j
				if rule == LocateRule && j < n {
					end = j - 1
				}
				spans = append(spans, Span{Start: i, End: end, Ongoing: j == n})
			}
			i = j + 1
		}
	default:
		return nil, inputerr.Errorf("psy: unknown date-stamping rule %d", int(rule))
	}
	return spans, nil
}
