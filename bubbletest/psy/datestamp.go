package psy

import (
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
)

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
	// Peak is the price with the highest value in Start..End, the first
	// one if several tie.
	Peak int
	// End is the termination: the first price at which the statistic is
	// back at or below its critical value. For an episode still open at
	// the end of the sample End is the last price and Ongoing is true.
	End int
	// Duration is End-Start observations, or N-Start if Ongoing.
	Duration int
	// Ongoing reports an episode that had not terminated by the last price.
	Ongoing bool
	// StartTime, PeakTime and EndTime are the dates of Start, Peak and End
	// when Stamping.Times is set.
	StartTime, PeakTime, EndTime time.Time
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
	for i, s := range spans {
		e := Episode{Start: r.Offset + s.Start, Ongoing: s.Ongoing}
		if s.Ongoing {
			e.End = r.N - 1
			e.Duration = r.N - e.Start
		} else {
			e.End = r.Offset + s.End
			e.Duration = e.End - e.Start
		}
		e.Peak = e.Start
		for k := e.Start + 1; k <= e.End; k++ {
			if r.y[k] > r.y[e.Peak] {
				e.Peak = k
			}
		}
		if st.Times != nil {
			e.StartTime, e.PeakTime, e.EndTime = st.Times[e.Start], st.Times[e.Peak], st.Times[e.End]
		}
		eps[i] = e
	}
	return eps, nil
}

// Span is an episode in the indices of a statistic sequence.
type Span struct {
	Start   int  // first index whose statistic exceeds the critical value
	End     int  // termination index; len(stat) if Ongoing
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
	case RunsRule:
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
				spans = append(spans, Span{Start: i, End: j, Ongoing: j == n})
			}
			i = j + 1
		}
	default:
		return nil, inputerr.Errorf("psy: unknown date-stamping rule %d", int(rule))
	}
	return spans, nil
}
