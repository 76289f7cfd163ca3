package sim

import (
	"fmt"
	"time"
)

// Month is the simulation's one clock type: a calendar month, counted as
// months since January of year 0 so that arithmetic is integer and exact.
type Month int

// MonthOf returns the month containing t.
func MonthOf(t time.Time) Month { return Month(t.Year()*12 + int(t.Month()) - 1) }

// NewMonth returns the month of year y, month m (1-12).
func NewMonth(y, m int) Month { return Month(y*12 + m - 1) }

// ParseMonth reads "YYYY-MM".
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a month (want YYYY-MM)", s)
	}
	return MonthOf(t), nil
}

// Year is the calendar year.
func (m Month) Year() int { return int(m) / 12 }

// MonthOfYear is 1..12.
func (m Month) MonthOfYear() int { return int(m)%12 + 1 }

// Time is the first day of the month, UTC.
func (m Month) Time() time.Time {
	return time.Date(m.Year(), time.Month(m.MonthOfYear()), 1, 0, 0, 0, 0, time.UTC)
}

// YearFrac is the year as a real number at the middle of the month
// (2023-01 is 2023.0417), used by smooth adoption and schedule curves.
func (m Month) YearFrac() float64 { return float64(m.Year()) + (float64(m.MonthOfYear())-0.5)/12 }

// String formats the month as YYYY-MM.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year(), m.MonthOfYear()) }

// MarshalText implements encoding.TextMarshaler (YAML, JSON).
func (m Month) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (m *Month) UnmarshalText(b []byte) error {
	v, err := ParseMonth(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}
