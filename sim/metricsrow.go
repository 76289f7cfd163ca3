package sim

import "math"

// BurstDrawdown is the fall of the listed AI market value from its running
// peak that dates a burst in RunMetrics.
const BurstDrawdown = 0.30

// RunMetrics is one run condensed to a flat row: what a Monte Carlo sweep
// keeps of every run. Fields are numbers or strings so that any table tool
// reads them; months are YYYY-MM strings ("" when the event did not happen)
// with a numeric year alongside (0 when it did not happen).
type RunMetrics struct {
	Scenario string `json:"scenario" parquet:"scenario"`
	Seed     uint64 `json:"seed" parquet:"seed"`

	// Markets: the listed AI market value and its largest fall.
	PeakAIValueBn   float64 `json:"peak_ai_value_bn" parquet:"peak_ai_value_bn"`
	PeakMonth       string  `json:"peak_month" parquet:"peak_month"`
	MaxDrawdown     float64 `json:"max_drawdown" parquet:"max_drawdown"`
	BurstMonth      string  `json:"burst_month" parquet:"burst_month"`
	BurstYear       int     `json:"burst_year" parquet:"burst_year"`
	TroughAIValueBn float64 `json:"trough_ai_value_bn" parquet:"trough_ai_value_bn"`

	// Macro: GDP and consumption against potential.
	MinGDPGap           float64 `json:"min_gdp_gap" parquet:"min_gdp_gap"`
	MinGDPGapMonth      string  `json:"min_gdp_gap_month" parquet:"min_gdp_gap_month"`
	GDPEndGap           float64 `json:"gdp_end_gap" parquet:"gdp_end_gap"`
	ConsumptionBn       float64 `json:"consumption_bn" parquet:"consumption_bn"`
	ConsumptionTopBn    float64 `json:"consumption_top10_bn" parquet:"consumption_top10_bn"`
	PeakConsumptionDrop float64 `json:"peak_consumption_drop" parquet:"peak_consumption_drop"`

	// The AI sector.
	AIRevenueBn        float64 `json:"ai_revenue_bn" parquet:"ai_revenue_bn"`
	FinalDemandShare   float64 `json:"final_demand_share" parquet:"final_demand_share"`
	AIInvestmentShare  float64 `json:"ai_investment_share" parquet:"ai_investment_share"`
	RoundTripShare     float64 `json:"round_trip_share" parquet:"round_trip_share"`
	AICapexBn          float64 `json:"ai_capex_bn" parquet:"ai_capex_bn"`
	FinalDemandBn      float64 `json:"final_demand_bn" parquet:"final_demand_bn"`
	PeakStrandedBn     float64 `json:"peak_stranded_bn" parquet:"peak_stranded_bn"`
	EndStrandedBn      float64 `json:"end_stranded_bn" parquet:"end_stranded_bn"`
	Defaults           int     `json:"defaults" parquet:"defaults"`
	DefaultAmountBn    float64 `json:"default_amount_bn" parquet:"default_amount_bn"`
	DistressedFirms    int     `json:"distressed_firms" parquet:"distressed_firms"`
	FirstDistressMonth string  `json:"first_distress_month" parquet:"first_distress_month"`

	// Largest accounting error of the run (should be ~1e-14).
	MaxInvariantError float64 `json:"max_invariant_error" parquet:"max_invariant_error"`
}

// Metrics condenses a run into a RunMetrics row.
func Metrics(res *Result) RunMetrics {
	s := Summarize(res)
	m := RunMetrics{Scenario: res.Params.Name, Seed: res.Seed}
	peak, peakMonth := 0.0, ""
	m.MinGDPGap = math.Inf(1)
	maxCons, maxDrop := 0.0, 0.0
	for _, r := range res.Months {
		v := r.AIMarketValue
		if v > peak {
			peak, peakMonth = v, r.Month
		}
		if peak > 0 {
			dd := 1 - v/peak
			if dd > m.MaxDrawdown {
				m.MaxDrawdown = dd
				m.TroughAIValueBn = v
			}
			if m.BurstMonth == "" && dd >= BurstDrawdown {
				m.BurstMonth = r.Month
				if mm, err := ParseMonth(r.Month); err == nil {
					m.BurstYear = mm.Year()
				}
			}
		}
		if r.PotentialGDP > 0 {
			gap := r.GDP/r.PotentialGDP - 1
			if gap < m.MinGDPGap {
				m.MinGDPGap, m.MinGDPGapMonth = gap, r.Month
			}
			m.GDPEndGap = gap
		}
		c := r.Consumption
		maxCons = math.Max(maxCons, c)
		if maxCons > 0 {
			maxDrop = math.Max(maxDrop, 1-c/maxCons)
		}
		m.ConsumptionBn += c
		m.ConsumptionTopBn += r.ConsumptionTop
	}
	m.PeakAIValueBn, m.PeakMonth = peak, peakMonth
	m.PeakConsumptionDrop = maxDrop
	if math.IsInf(m.MinGDPGap, 1) {
		m.MinGDPGap = 0
	}
	w := s.Provenance.Whole
	m.AIRevenueBn = w.RevenueBn
	m.FinalDemandShare = w.FinalDemand
	m.AIInvestmentShare = w.AIFirmsInvestments
	m.RoundTripShare = w.OwnRoundTrip
	m.AICapexBn = s.ShovelGap.CapexBn
	m.FinalDemandBn = s.ShovelGap.FinalDemandBn
	m.PeakStrandedBn = s.Stranded.PeakBn
	m.EndStrandedBn = s.Stranded.EndBn
	m.Defaults = s.Defaults.Count
	m.DefaultAmountBn = s.Defaults.AmountBn
	m.DistressedFirms = len(s.Defaults.Distressed)
	if len(s.Defaults.Distressed) > 0 {
		m.FirstDistressMonth = s.Defaults.Distressed[0].Month
	}
	inv := s.Invariants
	m.MaxInvariantError = math.Max(math.Max(inv.MoneyError, inv.ProvenanceError), math.Max(math.Max(inv.FlowMatrixError, inv.BalanceSheetError), inv.GDPIdentityError))
	return m
}
