package dataset

import (
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/bubblelab/bubblelab/data"
	"github.com/bubblelab/bubblelab/internal/inputerr"
)

// PriceSeries is one column of a dated price file, in date order.
type PriceSeries struct {
	Name    string // file name the series came from
	Column  string // column read
	Dates   []time.Time
	Values  []float64
	Lines   []int // line of each observation, for messages
	Missing int   // rows skipped because the column was empty ("not available")
}

// Len is the number of observations.
func (p PriceSeries) Len() int { return len(p.Values) }

// Log returns a copy of the series with natural-log values; every value must
// be positive.
func (p PriceSeries) Log() (PriceSeries, error) {
	out := p
	out.Values = make([]float64, len(p.Values))
	for i, v := range p.Values {
		if v <= 0 {
			return PriceSeries{}, inputerr.New(p.Name, p.Lines[i], p.Column, "value %v is not positive, so it has no logarithm", v)
		}
		out.Values[i] = math.Log(v)
	}
	return out, nil
}

// MedianGapDays is the median spacing of the dates in calendar days (about
// 1.4 for daily trading data, 7 for weekly, 30 for monthly); 0 for fewer
// than two observations.
func (p PriceSeries) MedianGapDays() float64 {
	if len(p.Dates) < 2 {
		return 0
	}
	gaps := make([]float64, len(p.Dates)-1)
	for i := range gaps {
		gaps[i] = p.Dates[i+1].Sub(p.Dates[i]).Hours() / 24
	}
	slices.Sort(gaps)
	return gaps[len(gaps)/2]
}

// DefaultPriceColumns are tried in order when no column is named.
var defaultPriceColumns = []string{"close", "value", "adj close", "price"}

// ReadPrices reads a dated series from a CSV file with a header. The date
// column is "date" (any letter case); dates are YYYY-MM-DD or YYYY-MM and must
// be strictly increasing. column names the value column (any letter case);
// empty means the first of close, value, adj close, price that exists. Empty
// cells are skipped and counted in Missing; any other non-numeric value is an
// error naming file, line and column.
func ReadPrices(r io.Reader, name, column string) (PriceSeries, error) {
	t, err := openTable(r, name, nil)
	if err != nil {
		return PriceSeries{}, err
	}
	lower := map[string]string{}
	for _, h := range t.header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		lower[strings.ToLower(h)] = h
	}
	dateCol, ok := lower["date"]
	if !ok {
		return PriceSeries{}, inputerr.New(name, 1, "date", "no date column; header has %s", strings.Join(t.header, ","))
	}
	valueCol := ""
	if column != "" {
		if valueCol, ok = lower[strings.ToLower(column)]; !ok {
			return PriceSeries{}, inputerr.New(name, 1, column, "no such column; header has %s", strings.Join(t.header, ","))
		}
	} else {
		for _, c := range defaultPriceColumns {
			if h, ok := lower[c]; ok {
				valueCol = h
				break
			}
		}
		if valueCol == "" {
			return PriceSeries{}, inputerr.New(name, 1, "", "no close or value column; name one of %s", strings.Join(t.header, ","))
		}
	}
	ps := PriceSeries{Name: name, Column: valueCol}
	var lastDate time.Time
	lastLine := 0
	for {
		rw, err := t.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return PriceSeries{}, err
		}
		ds, err := rw.required(dateCol)
		if err != nil {
			return PriceSeries{}, err
		}
		d, err := parseDate(ds)
		if err != nil {
			return PriceSeries{}, rw.errf(dateCol, "%v", err)
		}
		if lastLine > 0 {
			switch {
			case d.Equal(lastDate):
				return PriceSeries{}, rw.errf(dateCol, "duplicate date %s (also on line %d)", ds, lastLine)
			case d.Before(lastDate):
				return PriceSeries{}, rw.errf(dateCol, "date %s is before %s on line %d: dates must increase", ds, lastDate.Format("2006-01-02"), lastLine)
			}
		}
		lastDate, lastLine = d, rw.line
		v, ok, err := rw.optionalFloat(valueCol)
		if err != nil {
			return PriceSeries{}, err
		}
		if !ok {
			ps.Missing++
			continue
		}
		ps.Dates = append(ps.Dates, d)
		ps.Values = append(ps.Values, v)
		ps.Lines = append(ps.Lines, rw.line)
	}
	if len(ps.Values) == 0 {
		return PriceSeries{}, inputerr.New(name, 0, valueCol, "no observations")
	}
	return ps, nil
}

// LoadPrices reads a dated series from the CSV file at path, a shipped file
// (data:PATH) or a shipped series by name ("nvda"; see Open and ReadPrices).
// A shipped series whose value column is not one ReadPrices finds by itself
// reads its catalogued column when column is empty.
func LoadPrices(path, column string) (PriceSeries, error) {
	src, err := Open(path, data.Prices, "prices")
	if err != nil {
		return PriceSeries{}, err
	}
	defer src.Close()
	if column == "" {
		column = src.Entry.Column
	}
	return ReadPrices(src, src.Name, column)
}
