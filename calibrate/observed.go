package calibrate

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/bubblelab/bubblelab/data"
	"github.com/bubblelab/bubblelab/dataset"
	"github.com/bubblelab/bubblelab/sim"
)

// BasketFirm is one firm of the listed AI basket: its name in the model,
// its ticker in data/prices/stocks and its opening market value.
type BasketFirm struct {
	Name      string  `json:"name"`
	Ticker    string  `json:"ticker"`
	OpeningBn float64 `json:"opening_bn"`
}

// DefaultBasket names the listed US AI firms whose summed market value is
// the calibration's main target. CoreWeave is left out: it listed in 2025,
// so it has no opening value to scale.
var DefaultBasket = []string{"Microsoft", "Google", "Amazon", "Meta", "Nvidia", "Broadcom", "Oracle", "AMD", "Intel"}

// ShippedBasket resolves names against the shipped firm table (tickers) and
// opening balance sheets (opening values).
func ShippedBasket(names []string) ([]BasketFirm, error) {
	firms, err := dataset.DefaultFirms()
	if err != nil {
		return nil, fmt.Errorf("basket: %w", err)
	}
	states, err := dataset.DefaultFirmStates()
	if err != nil {
		return nil, fmt.Errorf("basket: %w", err)
	}
	var out []BasketFirm
	for _, n := range names {
		f := BasketFirm{Name: n}
		for _, r := range firms {
			if r.Name == n {
				f.Ticker = r.Ticker
			}
		}
		for _, s := range states {
			if s.Firm == n {
				f.OpeningBn = s.ValuationBn
			}
		}
		switch {
		case f.Ticker == "" || !f.listed():
			return nil, fmt.Errorf("basket firm %s: no exchange ticker in data/ai_firms.csv", n)
		case !(f.OpeningBn > 0):
			return nil, fmt.Errorf("basket firm %s: no opening valuation in data/firm_state_2023.csv", n)
		}
		out = append(out, f)
	}
	return out, nil
}

func (f BasketFirm) listed() bool { return f.Ticker != "private" && f.Ticker != "n/a" }

// Daily is a dated series in date order.
type Daily struct {
	Dates  []time.Time
	Values []float64
}

// ShippedPrices reads the daily closes of a ticker from data/prices/stocks.
func ShippedPrices(ticker string) (dataset.PriceSeries, error) {
	path := "prices/stocks/" + ticker + ".csv"
	f, err := data.Files.Open(path)
	if err != nil {
		return dataset.PriceSeries{}, fmt.Errorf("prices of %s: no shipped file data/%s", ticker, path)
	}
	defer f.Close()
	return dataset.ReadPrices(f, "data/"+path, "close")
}

// ObservedBasket builds the basket's daily value from start on: each firm's
// opening value times its close over its close on the first trading day in
// or after start's month, summed. Only days on which every firm has a close
// are kept, so that the sum never mixes days.
func ObservedBasket(firms []BasketFirm, start sim.Month, prices func(ticker string) (dataset.PriceSeries, error)) (Daily, error) {
	if len(firms) == 0 {
		return Daily{}, fmt.Errorf("observed basket: no firms")
	}
	t0 := start.Time()
	sum := map[time.Time]float64{}
	count := map[time.Time]int{}
	for _, f := range firms {
		ps, err := prices(f.Ticker)
		if err != nil {
			return Daily{}, fmt.Errorf("observed basket: %w", err)
		}
		i := 0
		for i < len(ps.Dates) && ps.Dates[i].Before(t0) {
			i++
		}
		if i == len(ps.Dates) || ps.Dates[i].Year() != t0.Year() || ps.Dates[i].Month() != t0.Month() {
			return Daily{}, fmt.Errorf("observed basket: %s has no close in %s", f.Ticker, start)
		}
		base := ps.Values[i]
		if !(base > 0) {
			return Daily{}, fmt.Errorf("observed basket: %s close %v on %s is not positive", f.Ticker, base, ps.Dates[i].Format(time.DateOnly))
		}
		for ; i < len(ps.Dates); i++ {
			d := ps.Dates[i]
			sum[d] += f.OpeningBn * ps.Values[i] / base
			count[d]++
		}
	}
	var out Daily
	for d, n := range count {
		if n == len(firms) {
			out.Dates = append(out.Dates, d)
		}
	}
	slices.SortFunc(out.Dates, func(a, b time.Time) int { return a.Compare(b) })
	for _, d := range out.Dates {
		out.Values = append(out.Values, sum[d])
	}
	if len(out.Dates) == 0 {
		return Daily{}, fmt.Errorf("observed basket: the firms' price files share no day from %s", start)
	}
	return out, nil
}

// Monthly is a series of consecutive months.
type Monthly struct {
	Start  sim.Month
	Values []float64
}

// End is the month after the last.
func (m Monthly) End() sim.Month { return m.Start + sim.Month(len(m.Values)) }

// At returns the value of month t.
func (m Monthly) At(t sim.Month) (float64, bool) {
	i := int(t - m.Start)
	if i < 0 || i >= len(m.Values) {
		return math.NaN(), false
	}
	return m.Values[i], true
}

// MonthEnds samples a daily series at the last day of each month it
// covers; a month without an observation is an error, since a gap would
// silently stretch a monthly return over two months.
func MonthEnds(d Daily) (Monthly, error) {
	if len(d.Dates) == 0 {
		return Monthly{}, fmt.Errorf("month ends: empty series")
	}
	out := Monthly{Start: sim.MonthOf(d.Dates[0])}
	for i, t := range d.Dates {
		m := sim.MonthOf(t)
		k := int(m - out.Start)
		switch {
		case k == len(out.Values):
			out.Values = append(out.Values, d.Values[i])
		case k == len(out.Values)-1:
			out.Values[k] = d.Values[i]
		default:
			return Monthly{}, fmt.Errorf("month ends: no observation in %s", out.Start+sim.Month(len(out.Values)))
		}
	}
	return out, nil
}
