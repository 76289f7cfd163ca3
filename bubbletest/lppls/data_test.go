package lppls

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"
	"time"
)

// nasdaqPath is the Nasdaq Composite 1994-01-03 .. 2000-03-10 daily series
// bundled with the Python lppls package (see data/README.md).
const nasdaqPath = "../../data/lppls_nasdaq_dotcom_daily.csv"

// dotcomPeak is the day of the Nasdaq Composite's dot-com peak close, 5048.62.
var dotcomPeak = time.Date(2000, 3, 10, 0, 0, 0, 0, time.UTC)

// series is a test-only reading of a price file: dates, log closes.
type series struct {
	dates []time.Time
	logp  []float64
}

// years returns the dates as fractional years, the time unit of these tests.
func (s series) years() []float64 {
	t := make([]float64, len(s.dates))
	for i, d := range s.dates {
		t[i] = fractionalYear(d)
	}
	return t
}

func fractionalYear(d time.Time) float64 {
	start := time.Date(d.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(d.Year()+1, 1, 1, 0, 0, 0, 0, time.UTC)
	return float64(d.Year()) + float64(d.Sub(start))/float64(end.Sub(start))
}

// indexOf returns the index of the first date on or after d.
func (s series) indexOf(d time.Time) int {
	for i, di := range s.dates {
		if !di.Before(d) {
			return i
		}
	}
	return len(s.dates)
}

func itoa(n int) string { return strconv.Itoa(n) }

func loadNasdaq(tb testing.TB) series {
	tb.Helper()
	f, err := os.Open(nasdaqPath)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	var s series
	for _, row := range rows[1:] { // Date,Open,High,Low,Close,Adj Close,Volume
		d, err := time.Parse("2006-01-02", row[0])
		if err != nil {
			tb.Fatal(err)
		}
		c, err := strconv.ParseFloat(row[4], 64)
		if err != nil {
			tb.Fatal(err)
		}
		s.dates = append(s.dates, d)
		s.logp = append(s.logp, math.Log(c))
	}
	return s
}
