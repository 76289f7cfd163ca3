package calibrate

import (
	"math"
	"testing"
	"time"

	"github.com/bubblelab/bubblelab/dataset"
	"github.com/bubblelab/bubblelab/sim"
)

// On the first trading day every price ratio is 1, so the basket is the sum
// of the opening values; a firm whose price doubles adds its opening value.
func TestObservedBasketToyPrices(t *testing.T) {
	day := func(m, d int) time.Time { return time.Date(2023, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	prices := map[string]dataset.PriceSeries{
		"AAA": {Dates: []time.Time{day(12, 30).AddDate(-1, 0, 0), day(1, 3), day(1, 4), day(1, 5)}, Values: []float64{7, 10, 20, 10}},
		"BBB": {Dates: []time.Time{day(1, 3), day(1, 5)}, Values: []float64{4, 2}},
	}
	read := func(tk string) (dataset.PriceSeries, error) { return prices[tk], nil }
	firms := []BasketFirm{{Name: "A", Ticker: "AAA", OpeningBn: 100}, {Name: "B", Ticker: "BBB", OpeningBn: 50}}
	d, err := ObservedBasket(firms, sim.NewMonth(2023, 1), read)
	if err != nil {
		t.Fatal(err)
	}
	// 2023-01-04 is missing for BBB, so it is dropped.
	if len(d.Dates) != 2 || d.Values[0] != 150 || d.Values[1] != 100+25 {
		t.Errorf("basket %v %v, want [150 125]", d.Dates, d.Values)
	}
}

func TestShippedObservedBasket(t *testing.T) {
	firms, err := ShippedBasket(DefaultBasket)
	if err != nil {
		t.Fatal(err)
	}
	d, err := ObservedBasket(firms, sim.NewMonth(2023, 1), ShippedPrices)
	if err != nil {
		t.Fatal(err)
	}
	open := 0.0
	for _, f := range firms {
		open += f.OpeningBn
	}
	if d.Dates[0].Format(time.DateOnly) != "2023-01-03" || math.Abs(d.Values[0]-open) > 1e-9*open {
		t.Errorf("first day %s value %v, want 2023-01-03 and the opening sum %v", d.Dates[0].Format(time.DateOnly), d.Values[0], open)
	}
	m, err := MonthEnds(d)
	if err != nil {
		t.Fatal(err)
	}
	// The shipped prices run to May 2026 and the basket grew several-fold
	// after ChatGPT; a path outside 2-10x by 2025-12 means the join broke.
	v, ok := m.At(sim.NewMonth(2025, 12))
	if !ok || v/open < 2 || v/open > 10 {
		t.Errorf("2025-12 basket %v (x%.2f of opening)", v, v/open)
	}
	if _, ok := m.At(sim.NewMonth(2026, 5)); !ok {
		t.Error("no 2026-05 month end")
	}
}

func TestBootstrapVariance(t *testing.T) {
	firms, err := ShippedBasket(DefaultBasket)
	if err != nil {
		t.Fatal(err)
	}
	d, err := ObservedBasket(firms, sim.NewMonth(2023, 1), ShippedPrices)
	if err != nil {
		t.Fatal(err)
	}
	w := Window{From: sim.NewMonth(2023, 1), To: sim.NewMonth(2025, 12)}
	v1, err := BootstrapVariance(d, w, 50, 21, 7)
	if err != nil {
		t.Fatal(err)
	}
	v2, _ := BootstrapVariance(d, w, 50, 21, 7)
	for i := range v1 {
		if v1[i] != v2[i] {
			t.Fatalf("moment %d: variance %v then %v for the same seed", i, v1[i], v2[i])
		}
		if !(v1[i] > 0) {
			t.Errorf("moment %d: variance %v", i, v1[i])
		}
	}
	// A random walk's level spreads with time: the last month's log level
	// varies more than the first's.
	if n := w.Len(); !(v1[n-1] > 4*v1[0]) {
		t.Errorf("variance of log level: first month %v, last %v", v1[0], v1[n-1])
	}
	// Cutting the data at the fit window's end leaves the variances as they
	// are: the holdout never reaches the weights.
	cut := Daily{}
	for i, t := range d.Dates {
		if sim.MonthOf(t) <= w.To {
			cut.Dates, cut.Values = append(cut.Dates, t), append(cut.Values, d.Values[i])
		}
	}
	v3, _ := BootstrapVariance(cut, w, 50, 21, 7)
	for i := range v1 {
		if v1[i] != v3[i] {
			t.Fatalf("moment %d depends on days after the window", i)
		}
	}
}
