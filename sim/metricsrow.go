package sim

import (
	"math"
	"strings"
)

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

	// Investor cohorts (M7): profit and loss by class at the end of the run,
	// and of the cohorts that bought in the year before the peak.
	PnLTop10Bn         float64 `json:"pnl_top10_bn" parquet:"pnl_top10_bn"`
	PnLBottom90Bn      float64 `json:"pnl_bottom90_bn" parquet:"pnl_bottom90_bn"`
	PnLForeignBn       float64 `json:"pnl_foreign_bn" parquet:"pnl_foreign_bn"`
	LateCohortPnLBn    float64 `json:"late_cohort_pnl_bn" parquet:"late_cohort_pnl_bn"`
	PutCostBn          float64 `json:"government_put_cost_bn" parquet:"government_put_cost_bn"`
	StrandedAtTroughBn float64 `json:"stranded_at_trough_bn" parquet:"stranded_at_trough_bn"`

	// Against the no-burst counterfactual, when it was run (0 otherwise).
	GDPLossBn           float64 `json:"gdp_loss_bn" parquet:"gdp_loss_bn"`
	GDPLossPeak         float64 `json:"gdp_loss_peak" parquet:"gdp_loss_peak"`
	ConsumptionLossBn   float64 `json:"consumption_loss_bn" parquet:"consumption_loss_bn"`
	ConsumptionLossPeak float64 `json:"consumption_loss_peak" parquet:"consumption_loss_peak"`

	// Largest accounting error of the run (should be ~1e-14).
	MaxInvariantError float64 `json:"max_invariant_error" parquet:"max_invariant_error"`
}

// Metrics condenses a run into a RunMetrics row. cmps are the run's
// comparisons (RunWithTwins); the first no-burst counterfactual among them
// fills the loss fields.
func Metrics(res *Result, cmps ...Comparison) RunMetrics {
	s := Summarize(res)
	m := RunMetrics{Scenario: res.Params.Name, Seed: res.Seed}
	ms := s.Markets
	m.PeakAIValueBn, m.PeakMonth = ms.PeakAIValueBn, monthOf(ms.PeakDate)
	m.MaxDrawdown = maxDrawdown(res)
	if len(ms.Bursts) > 0 {
		b := ms.Bursts[0]
		m.BurstMonth = monthOf(b.BurstDate)
		m.TroughAIValueBn = b.TroughBn
		if mm, err := ParseMonth(m.BurstMonth); err == nil {
			m.BurstYear = mm.Year()
		}
	}
	m.MinGDPGap = math.Inf(1)
	maxCons, maxDrop := 0.0, 0.0
	for _, r := range res.Months {
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
	m.StrandedAtTroughBn = ms.StrandedAtTroughBn
	m.Defaults = s.Defaults.Count
	m.DefaultAmountBn = s.Defaults.AmountBn
	m.DistressedFirms = len(s.Defaults.Distressed)
	if len(s.Defaults.Distressed) > 0 {
		m.FirstDistressMonth = s.Defaults.Distressed[0].Month
	}
	peak, _ := ParseMonth(m.PeakMonth)
	for _, c := range res.Cohorts {
		switch c.Class {
		case classNames[clsTop]:
			m.PnLTop10Bn += c.PnLBn
		case classNames[clsBottom]:
			m.PnLBottom90Bn += c.PnLBn
		case classNames[clsForeign]:
			m.PnLForeignBn += c.PnLBn
		}
		if cm, err := ParseMonth(c.Month); err == nil && m.PeakMonth != "" && cm > peak-12 && cm <= peak && c.Class != classNames[clsGov] {
			m.LateCohortPnLBn += c.PnLBn
		}
	}
	m.PutCostBn = res.PutCostBn
	for _, c := range cmps {
		if strings.HasPrefix(c.Label, "no-burst") {
			m.GDPLossBn, m.GDPLossPeak = c.GDPLossBn, c.GDPLossPeak
			m.ConsumptionLossBn, m.ConsumptionLossPeak = c.ConsumptionLossBn, c.ConsumptionLossPeak
			break
		}
	}
	inv := s.Invariants
	m.MaxInvariantError = math.Max(math.Max(inv.MoneyError, inv.ProvenanceError), math.Max(math.Max(inv.FlowMatrixError, inv.BalanceSheetError), inv.GDPIdentityError))
	return m
}

// monthOf returns the YYYY-MM part of a date or month string.
func monthOf(s string) string {
	if len(s) >= 7 {
		return s[:7]
	}
	return s
}
