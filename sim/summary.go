package sim

import (
	"math"
	"sort"
	"strings"
)

// Summary is the short account of a run that `bubblelab run` prints and
// writes to summary.json.
type Summary struct {
	Scenario   string `json:"scenario"`
	Seed       uint64 `json:"seed"`
	Start      string `json:"start"`
	End        string `json:"end"`
	PriceRule  string `json:"price_rule"`
	Provenance struct {
		Whole    ProvenanceShares `json:"whole_run"`
		Observed ProvenanceShares `json:"observed_2023_2025"`
	} `json:"revenue_provenance"`
	RoundTrip       []FirmRoundTrip `json:"round_trip_by_firm"`
	ShovelGap       ShovelGap       `json:"shovel_gap"`
	Stranded        Stranded        `json:"stranded_compute"`
	Sequoia2025     SequoiaCheck    `json:"sequoia_question_2025"`
	Years           []YearAccounts  `json:"years"`
	Defaults        DefaultSummary  `json:"defaults"`
	Markets         MarketSummary   `json:"markets"`
	Comparisons     []Comparison    `json:"comparisons,omitempty"`
	EstimatedDeals  int             `json:"estimated_deals"`
	EstimatedAmount float64         `json:"estimated_deal_amount_bn"`
	Invariants      Invariants      `json:"invariants"`
}

// MarketSummary is the markets part of a run (M5, M7, M9).
type MarketSummary struct {
	PeakAIValueBn      float64        `json:"peak_ai_market_value_bn"`
	PeakDate           string         `json:"peak_date"`
	FundamentalAtPeak  float64        `json:"fundamental_value_at_peak_bn"`
	Bursts             []BurstEpisode `json:"bursts"`
	StrandedAtTroughBn float64        `json:"stranded_compute_at_trough_bn"`
	// The two parts of stranded compute at the trough (sim.Stranded).
	ObsolescenceAtTroughBn float64       `json:"obsolescence_at_trough_bn"`
	IdleAtTroughBn         float64       `json:"idle_at_trough_bn"`
	Cohorts                []CohortGroup `json:"cohorts"`
	PutCostBn              float64       `json:"government_put_cost_bn"`
	PutValueBn             float64       `json:"government_put_holdings_value_bn"`
}

// CohortGroup sums the cohorts of one class that entered in one period.
type CohortGroup struct {
	Period   string  `json:"period"`
	Class    string  `json:"class"`
	BoughtBn float64 `json:"bought_bn"`
	PnLBn    float64 `json:"pnl_bn"`
	Return   float64 `json:"return"`
}

// ProvenanceShares decomposes AI revenue (all sales of AI firms, gross of
// intra-sector sales) by where the money came from (MODEL.md section 4).
type ProvenanceShares struct {
	RevenueBn   float64 `json:"ai_revenue_bn"`
	FinalDemand float64 `json:"final_demand"`
	// FinalDemandNet counts each dollar of final demand once, at its first
	// sale by an AI firm; FinalDemand (gross) again at every AI firm it
	// passes through, so its share of gross revenue overstates how much of
	// the sector's sales final demand pays for.
	FinalDemandNet     float64 `json:"final_demand_net"`
	NonAIIncome        float64 `json:"nonai_income"`
	OutsideEquity      float64 `json:"outside_equity"`
	Debt               float64 `json:"debt"`
	Government         float64 `json:"government"`
	Opening            float64 `json:"opening_balances"`
	AIFirmsInvestments float64 `json:"ai_firms_own_investments"`
	OwnRoundTrip       float64 `json:"own_money_back_to_same_firm"`
}

// ProvenanceLine is one origin of AI revenue with its share over two
// windows, labelled for tables.
type ProvenanceLine struct {
	Label           string
	Observed, Whole float64
}

// ProvenanceLines lists the origins of AI revenue in display order, so that
// every front end (terminal, HTML) shows the same rows with the same labels.
// Indented lines are a part of the line before them: net final demand is
// the gross figure counted once per dollar, at its first sale by an AI firm
// (the rest of the gross is the same dollars passed on between AI firms).
func ProvenanceLines(observed, whole ProvenanceShares) []ProvenanceLine {
	return []ProvenanceLine{
		{"final demand (consumers, industry, abroad)", observed.FinalDemand, whole.FinalDemand},
		{"  of which first sales (net: each dollar once)", observed.FinalDemandNet, whole.FinalDemandNet},
		{"incumbents' non-AI profits redeployed", observed.NonAIIncome, whole.NonAIIncome},
		{"outside equity", observed.OutsideEquity, whole.OutsideEquity},
		{"debt", observed.Debt, whole.Debt},
		{"government", observed.Government, whole.Government},
		{"opening cash", observed.Opening, whole.Opening},
		{"AI firms' own investments coming back", observed.AIFirmsInvestments, whole.AIFirmsInvestments},
		{"  of which to the firm that invested", observed.OwnRoundTrip, whole.OwnRoundTrip},
	}
}

// FirmRoundTrip is the share of a firm's revenue that is its own money back.
type FirmRoundTrip struct {
	Firm           string  `json:"firm"`
	RevenueBn      float64 `json:"revenue_bn"`
	RoundTripBn    float64 `json:"round_trip_bn"`
	RoundTripShare float64 `json:"round_trip_share"`
	AIFundedShare  float64 `json:"ai_funded_share"`
	FinalDemand    float64 `json:"final_demand_share"`
}

// ShovelGap compares AI capex with final demand (M1).
type ShovelGap struct {
	CapexBn          float64 `json:"ai_capex_bn"`
	FinalDemandBn    float64 `json:"final_demand_bn"`
	GapBn            float64 `json:"gap_bn"`
	PeakMonthlyGapBn float64 `json:"peak_monthly_gap_bn"`
	PeakMonth        string  `json:"peak_month"`
}

// Stranded is compute at book value that demand does not use (M10), split
// into obsolescence (book value above the economic value newer generations
// leave it) and idle capacity (economic value demand does not use).
type Stranded struct {
	PeakBn             float64 `json:"peak_bn"`
	PeakMonth          string  `json:"peak_month"`
	EndBn              float64 `json:"end_bn"`
	EndBookBn          float64 `json:"end_book_bn"`
	EndEconBn          float64 `json:"end_economic_bn"`
	PeakObsolescenceBn float64 `json:"peak_obsolescence_bn"`
	PeakIdleBn         float64 `json:"peak_idle_bn"`
	EndObsolescenceBn  float64 `json:"end_obsolescence_bn"`
	EndIdleBn          float64 `json:"end_idle_bn"`
	// Obsolescence summed over the run's months is not a stock; the mean
	// is: the average book value the accounts carry above economic value.
	MeanObsolescenceBn float64 `json:"mean_obsolescence_bn"`
}

// SequoiaCheck is Cahn's question on simulated data: the revenue the chips
// bought imply (Nvidia's AI revenue run-rate x2 for the rest of data-centre
// cost x2 for the users' margin) against actual final demand.
type SequoiaCheck struct {
	RevenueNeededBn   float64 `json:"revenue_needed_bn_per_year"`
	FinalDemandBn     float64 `json:"final_demand_bn_per_year"`
	ShortfallBn       float64 `json:"shortfall_bn_per_year"`
	NvidiaRevenueBn   float64 `json:"nvidia_ai_revenue_bn_per_year"`
	ObservedQuestion  float64 `json:"observed_question_bn"`
	ObservedReference string  `json:"observed_reference"`
}

// YearAccounts is one calendar year of the macro paths.
type YearAccounts struct {
	Year               int     `json:"year"`
	GDPBn              float64 `json:"gdp_bn"`
	PotentialBn        float64 `json:"potential_gdp_bn"`
	ConsumptionBn      float64 `json:"consumption_bn"`
	ConsumptionTopBn   float64 `json:"consumption_top10_bn"`
	ConsumptionBotBn   float64 `json:"consumption_bottom90_bn"`
	AICapexBn          float64 `json:"ai_capex_bn"`
	FinalDemandBn      float64 `json:"ai_final_demand_bn"`
	AIRevenueBn        float64 `json:"ai_revenue_bn"`
	StrandedEndBn      float64 `json:"stranded_compute_end_bn"`
	AIMarketValueEndBn float64 `json:"ai_market_value_end_bn"`
	DefaultsBn         float64 `json:"defaults_bn"`
}

// DefaultSummary lists the defaults of the run.
type DefaultSummary struct {
	Count      int              `json:"count"`
	AmountBn   float64          `json:"amount_bn"`
	Distressed []DistressedFirm `json:"distressed_firms"`
	// Restructurings settle claims by absolute priority (sim/distress.go).
	Restructurings []Restructuring `json:"restructurings"`
}

// DistressedFirm is a firm that defaulted and when.
type DistressedFirm struct {
	Firm    string `json:"firm"`
	Month   string `json:"month"`
	Emerged string `json:"emerged,omitempty"` // month it came out of its first restructuring
}

// Invariants are the largest errors of the run's accounting checks.
type Invariants struct {
	MoneyError        float64 `json:"money_conservation"`
	ProvenanceError   float64 `json:"provenance"`
	FlowMatrixError   float64 `json:"flow_matrix"`
	BalanceSheetError float64 `json:"balance_sheets"`
	GDPIdentityError  float64 `json:"gdp_expenditure_vs_production"`
}

func (p *ProvenanceShares) add(m MonthRecord) {
	p.RevenueBn += m.AIRevenue
	p.FinalDemand += m.RevenueFinalDemand
	p.FinalDemandNet += m.RevenueFinalDemandNet
	p.NonAIIncome += m.RevenueNonAIIncome
	p.OutsideEquity += m.RevenueOutsideEquity
	p.Debt += m.RevenueDebt
	p.Government += m.RevenueGovernment
	p.Opening += m.RevenueOpening
	p.AIFirmsInvestments += m.RevenueAIInvestments
	p.OwnRoundTrip += m.RevenueOwnRoundTrip
}

func (p *ProvenanceShares) normalise() {
	if p.RevenueBn <= 0 {
		return
	}
	for _, x := range []*float64{&p.FinalDemand, &p.FinalDemandNet, &p.NonAIIncome, &p.OutsideEquity, &p.Debt, &p.Government, &p.Opening, &p.AIFirmsInvestments, &p.OwnRoundTrip} {
		*x /= p.RevenueBn
	}
}

// Summarize condenses a run.
func Summarize(res *Result) Summary {
	var s Summary
	s.Scenario = res.Params.Name
	s.Seed = res.Seed
	s.PriceRule = res.PriceRule
	if len(res.Months) == 0 {
		return s
	}
	s.Start, s.End = res.Months[0].Month, res.Months[len(res.Months)-1].Month
	years := map[int]*YearAccounts{}
	var order []int
	for _, m := range res.Months {
		mm, _ := ParseMonth(m.Month)
		s.Provenance.Whole.add(m)
		if mm.Year() >= 2023 && mm.Year() <= 2025 {
			s.Provenance.Observed.add(m)
		}
		s.ShovelGap.CapexBn += m.AICapex
		s.ShovelGap.FinalDemandBn += m.FinalDemand
		if m.ShovelGap > s.ShovelGap.PeakMonthlyGapBn {
			s.ShovelGap.PeakMonthlyGapBn, s.ShovelGap.PeakMonth = m.ShovelGap, m.Month
		}
		if m.ComputeStranded > s.Stranded.PeakBn {
			s.Stranded.PeakBn, s.Stranded.PeakMonth = m.ComputeStranded, m.Month
		}
		s.Stranded.PeakObsolescenceBn = math.Max(s.Stranded.PeakObsolescenceBn, m.ComputeObsolescence)
		s.Stranded.PeakIdleBn = math.Max(s.Stranded.PeakIdleBn, m.ComputeIdle)
		s.Stranded.MeanObsolescenceBn += m.ComputeObsolescence / float64(len(res.Months))
		y, ok := years[mm.Year()]
		if !ok {
			y = &YearAccounts{Year: mm.Year()}
			years[mm.Year()] = y
			order = append(order, mm.Year())
		}
		y.GDPBn += m.GDP
		y.PotentialBn += m.PotentialGDP
		y.ConsumptionBn += m.Consumption
		y.ConsumptionTopBn += m.ConsumptionTop
		y.ConsumptionBotBn += m.ConsumptionBottom
		y.AICapexBn += m.AICapex
		y.FinalDemandBn += m.FinalDemand
		y.AIRevenueBn += m.AIRevenue
		y.StrandedEndBn = m.ComputeStranded
		y.AIMarketValueEndBn = m.AIMarketValue
		y.DefaultsBn += m.Defaults
		if mm.Year() == 2025 {
			s.Sequoia2025.NvidiaRevenueBn += m.NvidiaRevenue
			s.Sequoia2025.FinalDemandBn += m.FinalDemand
		}
		inv := &s.Invariants
		inv.MoneyError = math.Max(inv.MoneyError, m.MoneyError)
		inv.ProvenanceError = math.Max(inv.ProvenanceError, m.ProvenanceError)
		inv.FlowMatrixError = math.Max(inv.FlowMatrixError, m.FlowMatrixError)
		inv.BalanceSheetError = math.Max(inv.BalanceSheetError, m.BalanceSheetError)
		inv.GDPIdentityError = math.Max(inv.GDPIdentityError, math.Abs(m.GDP-m.GDPProduction)/math.Max(1, m.GDP))
	}
	s.Provenance.Whole.normalise()
	s.Provenance.Observed.normalise()
	s.ShovelGap.GapBn = s.ShovelGap.CapexBn - s.ShovelGap.FinalDemandBn
	last := res.Months[len(res.Months)-1]
	s.Stranded.EndBn, s.Stranded.EndBookBn, s.Stranded.EndEconBn = last.ComputeStranded, last.ComputeBook, last.ComputeEconomic
	s.Stranded.EndObsolescenceBn, s.Stranded.EndIdleBn = last.ComputeObsolescence, last.ComputeIdle
	for _, y := range order {
		s.Years = append(s.Years, *years[y])
	}
	sq := &s.Sequoia2025
	sq.RevenueNeededBn = sq.NvidiaRevenueBn * 2 * 2
	sq.ShortfallBn = sq.RevenueNeededBn - sq.FinalDemandBn
	sq.ObservedQuestion = 600
	sq.ObservedReference = "data/macro_facts.csv sequoia_ai_revenue_question (2024-06-20): 600 bn per year"

	// Round trips by firm, over the whole run.
	for i, name := range res.FirmNames {
		if i >= len(res.RevenueProvenance) {
			break // a result read back from a damaged file
		}
		prov := res.RevenueProvenance[i]
		rev, ai, fd := 0.0, 0.0, 0.0
		for o, v := range prov {
			rev += v
			if o >= int(nFixedOrigins) {
				ai += v
			}
			if o <= int(oForeign) {
				fd += v
			}
		}
		if rev < 1 {
			continue
		}
		own := 0.0
		if k := int(nFixedOrigins) + i; k < len(prov) {
			own = prov[k]
		}
		s.RoundTrip = append(s.RoundTrip, FirmRoundTrip{Firm: name, RevenueBn: rev, RoundTripBn: own,
			RoundTripShare: own / rev, AIFundedShare: ai / rev, FinalDemand: fd / rev})
	}
	sort.SliceStable(s.RoundTrip, func(a, b int) bool {
		if s.RoundTrip[a].RoundTripShare != s.RoundTrip[b].RoundTripShare {
			return s.RoundTrip[a].RoundTripShare > s.RoundTrip[b].RoundTripShare
		}
		return s.RoundTrip[a].Firm < s.RoundTrip[b].Firm
	})

	first := map[string]int{} // firm -> index in Distressed
	for _, e := range res.Events {
		switch e.Type {
		case "contract_default", "loan_default":
			s.Defaults.Count++
			s.Defaults.AmountBn += e.AmountBn
		case "distress":
			if _, ok := first[e.Firm]; !ok {
				first[e.Firm] = len(s.Defaults.Distressed)
				s.Defaults.Distressed = append(s.Defaults.Distressed, DistressedFirm{Firm: e.Firm, Month: e.Month})
			}
		case "emerged", "restructured":
			if k, ok := first[e.Firm]; ok && s.Defaults.Distressed[k].Emerged == "" {
				s.Defaults.Distressed[k].Emerged = e.Month
			}
		}
	}
	s.Defaults.Restructurings = append([]Restructuring{}, res.Restructurings...)
	s.Markets = summarizeMarkets(res)
	s.EstimatedDeals = len(res.Estimated)
	for _, d := range res.Estimated {
		s.EstimatedAmount += d.AmountBn
	}
	return s
}

func summarizeMarkets(res *Result) MarketSummary {
	var ms MarketSummary
	for _, d := range res.Days {
		if d.AIMarketValue > ms.PeakAIValueBn {
			ms.PeakAIValueBn, ms.PeakDate, ms.FundamentalAtPeak = d.AIMarketValue, d.Date, d.AIFundamental
		}
	}
	if len(res.Days) == 0 {
		for _, m := range res.Months {
			if m.AIMarketValue > ms.PeakAIValueBn {
				ms.PeakAIValueBn, ms.PeakDate, ms.FundamentalAtPeak = m.AIMarketValue, m.Month, m.AIFundamentalValue
			}
		}
	}
	ms.Bursts = res.Bursts
	ms.StrandedAtTroughBn = strandedAtTrough(res)
	if m, ok := troughMonth(res); ok {
		ms.ObsolescenceAtTroughBn, ms.IdleAtTroughBn = m.ComputeObsolescence, m.ComputeIdle
	}
	ms.PutCostBn, ms.PutValueBn = res.PutCostBn, res.PutValueBn
	// Cohorts by entry year and class; holdings from before the start are
	// one period.
	type key struct{ period, class string }
	groups := map[key]*CohortGroup{}
	var order []key
	for _, c := range res.Cohorts {
		period := c.Month[:4]
		if m, err := ParseMonth(c.Month); err == nil && m < res.Params.Start {
			period = "before " + res.Params.Start.String()
		}
		k := key{period, c.Class}
		g, ok := groups[k]
		if !ok {
			g = &CohortGroup{Period: period, Class: c.Class}
			groups[k] = g
			order = append(order, k)
		}
		g.BoughtBn += c.BoughtBn
		g.PnLBn += c.PnLBn
	}
	rank := func(p string) string {
		if strings.HasPrefix(p, "before") {
			return "0"
		}
		return "1" + p
	}
	sort.SliceStable(order, func(a, b int) bool {
		if ra, rb := rank(order[a].period), rank(order[b].period); ra != rb {
			return ra < rb
		}
		return order[a].class < order[b].class
	})
	for _, k := range order {
		g := groups[k]
		if g.BoughtBn > 0 {
			g.Return = g.PnLBn / g.BoughtBn
		}
		ms.Cohorts = append(ms.Cohorts, *g)
	}
	return ms
}
