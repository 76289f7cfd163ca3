package psy

import (
	"encoding/csv"
	"os"
	"strconv"
	"testing"
	"time"
)

// readSeries reads a date,value CSV such as data/sp500_pd_ratio_monthly.csv.
func readSeries(t testing.TB, path string) ([]time.Time, []float64) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var dates []time.Time
	var vals []float64
	for i, r := range recs[1:] {
		d, err := time.Parse("2006-01-02", r[0])
		if err != nil {
			t.Fatalf("%s line %d: %v", path, i+2, err)
		}
		v, err := strconv.ParseFloat(r[1], 64)
		if err != nil {
			t.Fatalf("%s line %d: %v", path, i+2, err)
		}
		dates = append(dates, d)
		vals = append(vals, v)
	}
	return dates, vals
}

const spPath = "../../data/sp500_pd_ratio_monthly.csv"
