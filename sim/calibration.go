package sim

import (
	"fmt"
	"math"
	"strings"

	"github.com/bubblelab/bubblelab/dataset"
)

// CalibrationItem compares one observed figure with the model's.
type CalibrationItem struct {
	Item     string  `json:"item"`
	Fact     string  `json:"fact"` // the row of data/macro_facts.csv
	AsOf     string  `json:"as_of"`
	Unit     string  `json:"unit"`
	Observed float64 `json:"observed"`
	Model    float64 `json:"model"`
	Error    float64 `json:"error"`          // model - observed
	RelError float64 `json:"relative_error"` // error / |observed|
	Window   string  `json:"window"`         // the simulated months compared
	Note     string  `json:"note,omitempty"`
}

// calibrationTarget describes how to compute a model figure comparable to a
// macro fact.
type calibrationTarget struct {
	item, fact, asOf, unit string
	from, to               Month // inclusive window
	agg                    string
	value                  func(m MonthRecord) float64
	note                   string
}

func calibrationTargets() []calibrationTarget {
	y := func(yr int) (Month, Month) { return NewMonth(yr, 1), NewMonth(yr, 12) }
	q := func(yr, qt int) (Month, Month) { return NewMonth(yr, 3*qt-2), NewMonth(yr, 3*qt) }
	var t []calibrationTarget
	for _, yr := range []int{2023, 2024, 2025} {
		a, b := y(yr)
		t = append(t, calibrationTarget{item: fmt.Sprintf("big-4 hyperscaler capex %d", yr), fact: "big4_hyperscaler_capex", asOf: fmt.Sprint(yr),
			unit: "USD bn/year", from: a, to: b, agg: "sum", value: func(m MonthRecord) float64 { return m.Big4Capex },
			note: "AI capex of Microsoft, Alphabet, Amazon and Meta plus their non-AI capex input path"})
	}
	a, b := NewMonth(2025, 2), NewMonth(2026, 1)
	t = append(t, calibrationTarget{item: "Nvidia data-centre revenue FY2026", fact: "nvidia_data_center_revenue", asOf: "FY2026",
		unit: "USD bn/year", from: a, to: b, agg: "sum", value: func(m MonthRecord) float64 { return m.NvidiaRevenue }})
	for _, yr := range []int{2024, 2025} {
		a, b := y(yr)
		t = append(t, calibrationTarget{item: fmt.Sprintf("OpenAI revenue %d", yr), fact: "openai_revenue_reported", asOf: fmt.Sprint(yr),
			unit: "USD bn/year", from: a, to: b, agg: "sum", value: func(m MonthRecord) float64 { return m.OpenAIRevenue },
			note: "OpenAI's sales to US and foreign buyers in the model"})
	}
	for _, c := range []struct {
		yr, q int
		asOf  string
	}{{2023, 2, "2023-Q2"}, {2024, 3, "2024-Q3"}, {2025, 2, "2025-Q2"}} {
		a, b := q(c.yr, c.q)
		t = append(t, calibrationTarget{item: "top 10% share of consumer spending " + c.asOf, fact: "top10pct_earners_share_of_consumer_spending", asOf: c.asOf,
			unit: "percent", from: a, to: b, agg: "mean", value: func(m MonthRecord) float64 { return 100 * m.TopConsumptionShare },
			note: "the start share (2023) is a calibration input; later quarters test the wealth effect"})
	}
	for _, c := range []struct {
		m    Month
		asOf string
	}{{NewMonth(2023, 12), "2023-Q4"}, {NewMonth(2024, 12), "2024-Q4"}, {NewMonth(2025, 9), "2025-Q3"}} {
		t = append(t, calibrationTarget{item: "household corporate equities " + c.asOf, fact: "us_household_directly_indirectly_held_corporate_equities", asOf: c.asOf,
			unit: "USD tn", from: c.m, to: c.m, agg: "last", value: func(m MonthRecord) float64 { return m.HouseholdEquityWealth / 1000 },
			note: "equity prices follow the PLACEHOLDER rule until the markets model lands"})
	}
	a, b = NewMonth(2025, 12), NewMonth(2025, 12)
	t = append(t, calibrationTarget{item: "AI stocks' share of 2025 US stock market gains", fact: "share_of_us_stock_market_gains_2025_from_ai_stocks", asOf: "2025",
		unit: "percent", from: a, to: b, agg: "last", value: func(m MonthRecord) float64 { return 100 * m.AIShareOfIndexGains12m },
		note: "listed AI firms of the firm table vs the rest of the market; PLACEHOLDER prices"})
	t = append(t, calibrationTarget{item: "AI stocks' share of US market gains since ChatGPT", fact: "share_of_sp500_returns_from_ai_stocks_since_chatgpt", asOf: "2022-11-30",
		unit: "percent", from: NewMonth(2023, 1), to: NewMonth(2025, 9), agg: "gain-share",
		note: "gain of the listed AI firms' value over the gain of the whole market (AI plus non-AI), 2023-01..2025-09"})
	a, b = NewMonth(2023, 8), NewMonth(2023, 10)
	t = append(t, calibrationTarget{item: "Nvidia China share of revenue Q3 FY2024", fact: "nvidia_china_share_of_revenue", asOf: "Q3 FY2024",
		unit: "percent", from: a, to: b, agg: "mean", value: func(m MonthRecord) float64 { return 100 * m.NvidiaChinaShare },
		note: "model: data-centre (AI) revenue only"})
	a, b = NewMonth(2025, 8), NewMonth(2025, 10)
	t = append(t, calibrationTarget{item: "Nvidia China share of revenue Q3 FY2026", fact: "nvidia_china_share_of_revenue", asOf: "Q3 FY2026",
		unit: "percent", from: a, to: b, agg: "mean", value: func(m MonthRecord) float64 { return 100 * m.NvidiaChinaShare },
		note: "model: data-centre (AI) revenue only"})
	return t
}

// Calibration compares a run of the baseline with the observed 2023-2025
// figures of data/macro_facts.csv (MODEL.md section 6) and with the listed
// US AI firms' market value in data/ai_firms.csv (valued around January 2026).
func Calibration(res *Result, facts []dataset.MacroFact, firms []dataset.Firm) ([]CalibrationItem, error) {
	var out []CalibrationItem
	if obs := listedAIValue(firms); obs > 0 {
		for _, m := range res.Months {
			if m.Month == "2026-01" {
				out = append(out, CalibrationItem{Item: "listed US AI firms' market value, Jan 2026", Fact: "data/ai_firms.csv market_cap (US listed AI firms)",
					AsOf: "2025-11..2026-03", Unit: "USD bn", Observed: obs, Model: m.AIMarketValue, Error: m.AIMarketValue - obs,
					RelError: (m.AIMarketValue - obs) / obs, Window: "2026-01", Note: "sum of market caps of the basket's firms at their valuation dates"})
			}
		}
	}
	for _, t := range calibrationTargets() {
		fact, ok := dataset.FindFact(facts, t.fact, t.asOf)
		if !ok {
			return nil, fmt.Errorf("calibration: macro fact %s as of %s not found", t.fact, t.asOf)
		}
		var vals []float64
		var first, last *MonthRecord
		for k := range res.Months {
			m := res.Months[k]
			mm, err := ParseMonth(m.Month)
			if err != nil {
				return nil, err
			}
			if mm >= t.from && mm <= t.to {
				if t.value != nil {
					vals = append(vals, t.value(m))
				} else {
					vals = append(vals, 0)
				}
				if first == nil {
					first = &res.Months[k]
				}
				last = &res.Months[k]
			}
		}
		if len(vals) == 0 {
			continue // the run does not cover the window
		}
		model := 0.0
		switch t.agg {
		case "sum":
			for _, v := range vals {
				model += v
			}
			if n := int(t.to-t.from) + 1; len(vals) < n {
				model *= float64(n) / float64(len(vals))
			}
		case "mean":
			for _, v := range vals {
				model += v
			}
			model /= float64(len(vals))
		case "last":
			model = vals[len(vals)-1]
		case "gain-share":
			// Gains over the window, from the value before its first month.
			dAI := last.AIMarketValue - first.AIMarketValue
			dAll := dAI + last.NonAIMarketValue - first.NonAIMarketValue
			if dAll == 0 {
				continue
			}
			model = 100 * dAI / dAll
		}
		obs := fact.Mid()
		item := CalibrationItem{Item: t.item, Fact: t.fact, AsOf: fact.AsOf, Unit: t.unit, Observed: obs, Model: model,
			Error: model - obs, Window: t.from.String() + ".." + t.to.String(), Note: t.note}
		if obs != 0 {
			item.RelError = item.Error / math.Abs(obs)
		}
		out = append(out, item)
	}
	return out, nil
}

// listedAIValue sums the market caps of the listed US AI firms of the firm
// table (the model's AI basket).
func listedAIValue(firms []dataset.Firm) float64 {
	v := 0.0
	for _, f := range firms {
		if f.Listed && f.Country == "US" && f.Role != dataset.RoleInvestor && f.ValuationType == "market_cap" {
			v += f.ValuationBn
		}
	}
	return v
}

// FormatCalibration renders the items as a text table.
func FormatCalibration(items []CalibrationItem) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-52s %12s %12s %10s %8s\n", "item", "observed", "model", "error", "rel")
	for _, it := range items {
		fmt.Fprintf(&b, "%-52s %12.2f %12.2f %10.2f %7.0f%%  %s\n", it.Item, it.Observed, it.Model, it.Error, 100*it.RelError, it.Unit)
	}
	return b.String()
}
