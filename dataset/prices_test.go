package dataset

import (
	"math"
	"strings"
	"testing"

	"github.com/bubblelab/bubblelab/internal/inputerr"
)

func TestReadPricesShipped(t *testing.T) {
	t.Parallel()
	tests := []struct {
		path, column, wantColumn string
		n                        int
		first, last              string
	}{
		// Row counts from data/SOURCES.md.
		{"../data/sp500_pd_ratio_monthly.csv", "", "value", 1680, "1871-01-01", "2010-12-01"},
		{"../data/lppls_nasdaq_dotcom_daily.csv", "", "Close", 1563, "1994-01-03", "2000-03-10"},
		{"../data/lppls_nasdaq_dotcom_daily.csv", "adj close", "Adj Close", 1563, "1994-01-03", "2000-03-10"},
		{"../data/prices/stocks/NVDA.csv", "close", "close", 6642, "1999-12-31", "2026-05-29"},
	}
	for _, tc := range tests {
		ps, err := LoadPrices(tc.path, tc.column)
		if err != nil {
			t.Fatal(err)
		}
		if ps.Len() != tc.n || ps.Column != tc.wantColumn {
			t.Errorf("%s: %d rows of %q, want %d of %q", tc.path, ps.Len(), ps.Column, tc.n, tc.wantColumn)
		}
		if got := ps.Dates[0].Format("2006-01-02"); got != tc.first {
			t.Errorf("%s: first date %s, want %s", tc.path, got, tc.first)
		}
		if got := ps.Dates[ps.Len()-1].Format("2006-01-02"); got != tc.last {
			t.Errorf("%s: last date %s, want %s", tc.path, got, tc.last)
		}
	}
}

func TestReadPricesErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, column string
		line             int
		field, msg       string
	}{
		{"non-numeric", "date,close\n2020-01-01,1\n2020-01-02,abc\n", "", 3, "close", "not a number"},
		{"unsorted", "date,close\n2020-01-02,1\n2020-01-01,2\n", "", 3, "date", "must increase"},
		{"duplicate", "date,close\n2020-01-02,1\n2020-01-02,2\n", "", 3, "date", "duplicate date"},
		{"duplicate after missing", "date,close\n2020-01-02,\n2020-01-02,2\n", "", 3, "date", "duplicate date"},
		{"bad date", "date,close\n2020/01/02,1\n", "", 2, "date", "not a date"},
		{"no date column", "day,close\n2020-01-02,1\n", "", 1, "date", "no date column"},
		{"unknown column", "date,close\n2020-01-02,1\n", "open", 1, "open", "no such column"},
		{"no value column", "date,volume\n2020-01-02,1\n", "", 1, "", "no close or value column"},
		{"all missing", "date,close\n2020-01-02,\n", "", 0, "close", "no observations"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadPrices(strings.NewReader(tc.in), "p.csv", tc.column)
			checkInputErr(t, err, "p.csv", tc.line, tc.field, tc.msg)
		})
	}
}

func TestPricesMissingAndLog(t *testing.T) {
	t.Parallel()
	ps, err := ReadPrices(strings.NewReader("Date,Close\n2020-01-01,1\n2020-01-02,\n2020-01-03,"+"2.718281828459045\n"), "p.csv", "")
	if err != nil {
		t.Fatal(err)
	}
	if ps.Len() != 2 || ps.Missing != 1 || ps.Lines[1] != 4 {
		t.Fatalf("series %+v", ps)
	}
	lp, err := ps.Log()
	if err != nil {
		t.Fatal(err)
	}
	if lp.Values[0] != 0 || math.Abs(lp.Values[1]-1) > 1e-15 || ps.Values[1] == lp.Values[1] {
		t.Errorf("log values %v (original %v)", lp.Values, ps.Values)
	}
	neg, _ := ReadPrices(strings.NewReader("date,value\n2020-01-01,1\n2020-02-01,-1\n"), "n.csv", "")
	_, err = neg.Log()
	checkInputErr(t, err, "n.csv", 3, "value", "not positive")
}

func FuzzReadPrices(f *testing.F) {
	f.Add("date,close\n2020-01-01,1\n2020-01-02,2\n", "")
	f.Add("Date,Open,Close\n2020-01,1,2\n2020-02,,3\n", "open")
	f.Add("date,close\n2020-01-02,1\n2020-01-01,2\n", "close")
	f.Add("date,close\n2020-01-01,1e400\n", "")
	f.Fuzz(func(t *testing.T, in, column string) {
		ps, err := ReadPrices(strings.NewReader(in), "fuzz.csv", column)
		if err != nil {
			if !inputerr.Is(err) || !strings.HasPrefix(err.Error(), "fuzz.csv") {
				t.Fatalf("bad error %v", err)
			}
			return
		}
		if ps.Len() == 0 || len(ps.Dates) != ps.Len() || len(ps.Lines) != ps.Len() {
			t.Fatalf("inconsistent series %+v", ps)
		}
		for i, v := range ps.Values {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("non-finite value accepted at %d", i)
			}
			if i > 0 && !ps.Dates[i].After(ps.Dates[i-1]) {
				t.Fatalf("dates not increasing at %d", i)
			}
		}
	})
}
