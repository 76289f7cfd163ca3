package chart

import (
	"math"
	"time"
)

// Date axes work in seconds since the Unix epoch (as float64, which is exact
// to the microsecond for any date of interest) and lay ticks out in UTC so
// that the output does not depend on the machine's time zone.

func timeX(t time.Time) float64 {
	return float64(t.Unix()) + float64(t.Nanosecond())/1e9
}

func xTime(v float64) time.Time {
	s := math.Floor(v)
	return time.Unix(int64(s), int64((v-s)*1e9)).UTC()
}

type timeUnit int

const (
	unitSecond timeUnit = iota
	unitDay
	unitWeek
	unitMonth
	unitYear
)

// timeStep is a calendar interval: n seconds, days, weeks, months or years.
type timeStep struct {
	unit timeUnit
	n    int
}

const secondsPerDay = 86400

func (s timeStep) approx() float64 {
	switch s.unit {
	case unitSecond:
		return float64(s.n)
	case unitDay:
		return float64(s.n) * secondsPerDay
	case unitWeek:
		return float64(s.n) * 7 * secondsPerDay
	case unitMonth:
		return float64(s.n) * 30.436875 * secondsPerDay
	default:
		return float64(s.n) * 365.2425 * secondsPerDay
	}
}

// floor returns the last step boundary at or before t.
func (s timeStep) floor(t time.Time) time.Time {
	y, m, d := t.Date()
	switch s.unit {
	case unitSecond:
		u := t.Unix()
		return time.Unix(u-mod64(u, int64(s.n)), 0).UTC()
	case unitDay:
		day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		days := day.Unix() / secondsPerDay
		return day.AddDate(0, 0, -int(mod64(days, int64(s.n))))
	case unitWeek:
		day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		back := (int(day.Weekday()) + 6) % 7 // weeks start on Monday
		return day.AddDate(0, 0, -back)
	case unitMonth:
		mi := int(m) - 1
		return time.Date(y, time.Month(mi-mi%s.n+1), 1, 0, 0, 0, 0, time.UTC)
	default:
		return time.Date(y-int(mod64(int64(y), int64(s.n))), 1, 1, 0, 0, 0, 0, time.UTC)
	}
}

func (s timeStep) next(t time.Time) time.Time {
	switch s.unit {
	case unitSecond:
		return t.Add(time.Duration(s.n) * time.Second)
	case unitDay:
		return t.AddDate(0, 0, s.n)
	case unitWeek:
		return t.AddDate(0, 0, 7*s.n)
	case unitMonth:
		return t.AddDate(0, s.n, 0)
	default:
		return t.AddDate(s.n, 0, 0)
	}
}

// layout is the time.Format layout for tick labels at this step.
func (s timeStep) layout() string {
	switch {
	case s.unit == unitSecond && s.n < 60:
		return "15:04:05"
	case s.unit == unitSecond:
		return "Jan 2 15:04"
	case s.unit == unitDay || s.unit == unitWeek:
		return "2006-01-02"
	case s.unit == unitMonth:
		return "Jan 2006"
	default:
		return "2006"
	}
}

func mod64(a, b int64) int64 {
	r := a % b
	if r < 0 {
		r += b
	}
	return r
}

// timeLadder lists candidate steps from fine to coarse. Year steps
// continue 1-2-5 beyond the fixed part as needed.
var fixedTimeLadder = [...]timeStep{
	{unitSecond, 1}, {unitSecond, 2}, {unitSecond, 5}, {unitSecond, 10}, {unitSecond, 15}, {unitSecond, 30},
	{unitSecond, 60}, {unitSecond, 120}, {unitSecond, 300}, {unitSecond, 600}, {unitSecond, 900}, {unitSecond, 1800},
	{unitSecond, 3600}, {unitSecond, 2 * 3600}, {unitSecond, 3 * 3600}, {unitSecond, 6 * 3600}, {unitSecond, 12 * 3600},
	{unitDay, 1}, {unitDay, 2}, {unitWeek, 1}, {unitWeek, 2},
	{unitMonth, 1}, {unitMonth, 2}, {unitMonth, 3}, {unitMonth, 6},
}

// Beyond this many seconds (about 30,000 years) from the epoch calendar
// arithmetic is pointless; such axes fall back to plain numbers.
const maxTimeSeconds = 1e12

// timeTicks returns calendar-aligned ticks for the range [lo, hi] of Unix
// seconds, lo < hi. With cover set the ticks cover the range (first at or
// below lo, last at or above hi, at most n intervals), as histogram bin
// edges need; otherwise they lie inside it, at most n+1 of them. ok is false
// when the range is outside what calendar ticks handle: shorter than two
// seconds or beyond maxTimeSeconds from the epoch.
func timeTicks(lo, hi float64, n int, cover bool) (ticks []float64, step timeStep, ok bool) {
	// Below a couple of seconds calendar ticks have nothing to offer.
	if !(hi-lo >= 2) || math.Abs(lo) > maxTimeSeconds || math.Abs(hi) > maxTimeSeconds {
		return nil, timeStep{}, false
	}
	if n < 1 {
		n = 1
	}
	span := hi - lo
	try := func(s timeStep) []float64 {
		if span/s.approx() > float64(n)+1 {
			return nil
		}
		var out []float64
		t := s.floor(xTime(lo))
		if !cover {
			for timeX(t) < lo {
				t = s.next(t)
			}
		}
		for i := 0; i <= n+2; i++ {
			v := timeX(t)
			if !cover && v > hi {
				return out
			}
			out = append(out, v)
			if cover && v >= hi {
				if len(out)-1 <= n {
					return out
				}
				return nil
			}
			t = s.next(t)
		}
		return nil
	}
	for _, s := range fixedTimeLadder {
		if out := try(s); out != nil && (cover || len(out) <= n+1) {
			return out, s, true
		}
	}
	for years := 1; years < 1e9; years *= 10 {
		for _, m := range [...]int{1, 2, 5} {
			s := timeStep{unitYear, years * m}
			if out := try(s); out != nil && (cover || len(out) <= n+1) {
				return out, s, true
			}
		}
	}
	return nil, timeStep{}, false
}

// dateLayout picks how precisely to print the x values of a date series in
// tooltips: years, months, days or minutes, whichever the data need.
func dateLayout(xs []float64) string {
	year, month := true, true
	for _, v := range xs {
		if math.IsNaN(v) {
			continue
		}
		t := xTime(v)
		if t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 || t.Nanosecond() != 0 {
			return "2006-01-02 15:04"
		}
		if t.Day() != 1 {
			year, month = false, false
		}
		if t.Month() != 1 {
			year = false
		}
	}
	switch {
	case year:
		return "2006"
	case month:
		return "Jan 2006"
	default:
		return "2006-01-02"
	}
}
