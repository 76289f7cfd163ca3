package sim

import "github.com/bubblelab/bubblelab/ledger"

// MonthRecord is one month of the economy. Flows are USD bn in the month;
// stocks are USD bn at its end; shares are fractions.
type MonthRecord struct {
	Month string `json:"month" parquet:"month"`

	// Final demand for AI (M1-M4).
	FinalDemandConsumer   float64 `json:"final_demand_consumer" parquet:"final_demand_consumer"`
	FinalDemandEnterprise float64 `json:"final_demand_enterprise" parquet:"final_demand_enterprise"`
	FinalDemandForeign    float64 `json:"final_demand_foreign" parquet:"final_demand_foreign"`
	FinalDemand           float64 `json:"final_demand" parquet:"final_demand"`
	ExportStringency      float64 `json:"export_stringency" parquet:"export_stringency"`
	CompetitorCapability  float64 `json:"competitor_capability" parquet:"competitor_capability"`
	CompetitorShareChina  float64 `json:"competitor_share_china" parquet:"competitor_share_china"`
	ManufacturingShare    float64 `json:"manufacturing_share" parquet:"manufacturing_share"`

	// AI revenue (all sales of AI firms, gross of intra-sector sales) by
	// the provenance of the money (MODEL.md section 4).
	AIRevenue          float64 `json:"ai_revenue" parquet:"ai_revenue"`
	RevenueFinalDemand float64 `json:"revenue_final_demand" parquet:"revenue_final_demand"`
	// RevenueFinalDemandNet counts each dollar of final demand once, at
	// its first sale by an AI firm to a consumer, a domestic firm outside
	// AI or a foreign buyer; RevenueFinalDemand counts it again each time
	// it passes on between AI firms (gross).
	RevenueFinalDemandNet float64 `json:"revenue_final_demand_net" parquet:"revenue_final_demand_net"`
	RevenueNonAIIncome    float64 `json:"revenue_nonai_income" parquet:"revenue_nonai_income"`
	RevenueOutsideEquity  float64 `json:"revenue_outside_equity" parquet:"revenue_outside_equity"`
	RevenueDebt           float64 `json:"revenue_debt" parquet:"revenue_debt"`
	RevenueGovernment     float64 `json:"revenue_government" parquet:"revenue_government"`
	RevenueOpening        float64 `json:"revenue_opening" parquet:"revenue_opening"`
	RevenueAIInvestments  float64 `json:"revenue_ai_investments" parquet:"revenue_ai_investments"`
	RevenueOwnRoundTrip   float64 `json:"revenue_own_round_trip" parquet:"revenue_own_round_trip"`
	IntraSectorRevenue    float64 `json:"intra_sector_revenue" parquet:"intra_sector_revenue"`
	ExpectedGrowth        float64 `json:"expected_growth" parquet:"expected_growth"`
	ObservedGrowth        float64 `json:"observed_growth" parquet:"observed_growth"`

	// Capex and compute (M1, M10).
	AICapex         float64 `json:"ai_capex" parquet:"ai_capex"`
	Big4Capex       float64 `json:"big4_capex" parquet:"big4_capex"`
	ShovelGap       float64 `json:"shovel_gap" parquet:"shovel_gap"`
	ComputeBook     float64 `json:"compute_book" parquet:"compute_book"`
	ComputeEconomic float64 `json:"compute_economic" parquet:"compute_economic"`
	ComputeStranded float64 `json:"compute_stranded" parquet:"compute_stranded"`
	// ComputeObsolescence is the part of stranded compute lost to newer
	// generations (book value above economic value); ComputeIdle the part
	// that demand leaves unused. They sum to ComputeStranded.
	// PolicyRate is the month's risk-free rate (finance.base_rate unless
	// mechanisms.monetary_policy moves it).
	PolicyRate          float64 `json:"policy_rate" parquet:"policy_rate"`
	ComputeObsolescence float64 `json:"compute_obsolescence" parquet:"compute_obsolescence"`
	ComputeIdle         float64 `json:"compute_idle" parquet:"compute_idle"`
	ComputeUtilisation  float64 `json:"compute_utilisation" parquet:"compute_utilisation"`
	Depreciation        float64 `json:"depreciation" parquet:"depreciation"`

	// Named firms and Sequoia's question.
	NvidiaRevenue        float64 `json:"nvidia_revenue" parquet:"nvidia_revenue"`
	NvidiaChinaShare     float64 `json:"nvidia_china_share" parquet:"nvidia_china_share"`
	OpenAIRevenue        float64 `json:"openai_revenue" parquet:"openai_revenue"`
	OpenAICash           float64 `json:"openai_cash" parquet:"openai_cash"`
	SequoiaRevenueNeeded float64 `json:"sequoia_revenue_needed" parquet:"sequoia_revenue_needed"`

	// Financing and defaults.
	OutsideEquityRaised float64 `json:"outside_equity_raised" parquet:"outside_equity_raised"`
	DebtDrawn           float64 `json:"debt_drawn" parquet:"debt_drawn"`
	AIDebt              float64 `json:"ai_debt" parquet:"ai_debt"`
	Defaults            float64 `json:"defaults" parquet:"defaults"`
	DistressedFirms     int     `json:"distressed_firms" parquet:"distressed_firms"`

	// Markets (M5, M9) and households (M8).
	AIMarketValue          float64 `json:"ai_market_value" parquet:"ai_market_value"`
	AIFundamentalValue     float64 `json:"ai_fundamental_value" parquet:"ai_fundamental_value"`
	AIIndex                float64 `json:"ai_index" parquet:"ai_index"`
	AIDrawdown             float64 `json:"ai_drawdown" parquet:"ai_drawdown"`
	Sentiment              float64 `json:"sentiment" parquet:"sentiment"`
	ChartistShare          float64 `json:"chartist_share" parquet:"chartist_share"`
	GovernmentSupport      bool    `json:"government_support" parquet:"government_support"`
	PrivateAIValue         float64 `json:"private_ai_value" parquet:"private_ai_value"`
	NonAIMarketValue       float64 `json:"nonai_market_value" parquet:"nonai_market_value"`
	AIShareOfIndexGains12m float64 `json:"ai_share_of_index_gains_12m" parquet:"ai_share_of_index_gains_12m"`
	HouseholdEquityWealth  float64 `json:"household_equity_wealth" parquet:"household_equity_wealth"`
	ConsumptionTop         float64 `json:"consumption_top10" parquet:"consumption_top10"`
	ConsumptionBottom      float64 `json:"consumption_bottom90" parquet:"consumption_bottom90"`
	TopConsumptionShare    float64 `json:"top10_consumption_share" parquet:"top10_consumption_share"`

	// National accounts (M8), expenditure side, and the production-side check.
	GDP           float64 `json:"gdp" parquet:"gdp"`
	Consumption   float64 `json:"consumption" parquet:"consumption"`
	Investment    float64 `json:"investment" parquet:"investment"`
	Government    float64 `json:"government" parquet:"government"`
	Exports       float64 `json:"exports" parquet:"exports"`
	Imports       float64 `json:"imports" parquet:"imports"`
	GDPProduction float64 `json:"gdp_production" parquet:"gdp_production"`
	PotentialGDP  float64 `json:"potential_gdp" parquet:"potential_gdp"`

	// Invariant diagnostics (MODEL.md section 5).
	MoneyError        float64 `json:"money_error" parquet:"money_error"`
	ProvenanceError   float64 `json:"provenance_error" parquet:"provenance_error"`
	FlowMatrixError   float64 `json:"flow_matrix_error" parquet:"flow_matrix_error"`
	BalanceSheetError float64 `json:"balance_sheet_error" parquet:"balance_sheet_error"`
}

// FirmMonth is one firm in one month.
type FirmMonth struct {
	Month                string  `json:"month" parquet:"month"`
	Firm                 string  `json:"firm" parquet:"firm"`
	Role                 string  `json:"role" parquet:"role"`
	Revenue              float64 `json:"revenue" parquet:"revenue"`
	RevenueFinalDemand   float64 `json:"revenue_final_demand" parquet:"revenue_final_demand"`
	RevenueNonAIIncome   float64 `json:"revenue_nonai_income" parquet:"revenue_nonai_income"`
	RevenueOutsideEquity float64 `json:"revenue_outside_equity" parquet:"revenue_outside_equity"`
	RevenueDebt          float64 `json:"revenue_debt" parquet:"revenue_debt"`
	RevenueOther         float64 `json:"revenue_other" parquet:"revenue_other"`
	RevenueAIInvestments float64 `json:"revenue_ai_investments" parquet:"revenue_ai_investments"`
	RevenueOwn           float64 `json:"revenue_own" parquet:"revenue_own"`
	NonAIIncome          float64 `json:"nonai_income" parquet:"nonai_income"`
	Cash                 float64 `json:"cash" parquet:"cash"`
	Debt                 float64 `json:"debt" parquet:"debt"`
	Capex                float64 `json:"capex" parquet:"capex"`
	ComputeBook          float64 `json:"compute_book" parquet:"compute_book"`
	ComputeEconomic      float64 `json:"compute_economic" parquet:"compute_economic"`
	Value                float64 `json:"value" parquet:"value"`
	Defaults             float64 `json:"defaults" parquet:"defaults"`
	Distressed           bool    `json:"distressed" parquet:"distressed"`
}

// CohortRecord is one cohort of investors in the listed US AI basket: what
// a class bought in a month and what came of it by the end of the run.
type CohortRecord struct {
	Month        string  `json:"month" parquet:"month"`
	Class        string  `json:"class" parquet:"class"`
	BoughtBn     float64 `json:"bought_bn" parquet:"bought_bn"`
	SoldBn       float64 `json:"sold_bn" parquet:"sold_bn"`
	RealisedBn   float64 `json:"realised_pnl_bn" parquet:"realised_pnl_bn"`
	HeldCostBn   float64 `json:"held_cost_bn" parquet:"held_cost_bn"`
	HeldValueBn  float64 `json:"held_value_bn" parquet:"held_value_bn"`
	UnrealisedBn float64 `json:"unrealised_pnl_bn" parquet:"unrealised_pnl_bn"`
	PnLBn        float64 `json:"pnl_bn" parquet:"pnl_bn"`
	Return       float64 `json:"return" parquet:"return"`
}

// Event is something that happened in a month: a deal starting, a default,
// a funding round.
type Event struct {
	Month        string  `json:"month"`
	Type         string  `json:"type"`
	Firm         string  `json:"firm"`
	Counterparty string  `json:"counterparty,omitempty"`
	DealID       string  `json:"deal_id,omitempty"`
	AmountBn     float64 `json:"amount_bn"`
	Detail       string  `json:"detail,omitempty"`
}

// EstimatedDeal is a deal whose amount was not disclosed and was estimated.
type EstimatedDeal struct {
	ID       string  `json:"id"`
	Source   string  `json:"source"`
	Target   string  `json:"target"`
	Kind     string  `json:"kind"`
	AmountBn float64 `json:"amount_bn"`
	Basis    string  `json:"basis"`
}

// PairFlow is money paid from one AI firm to another over the run.
type PairFlow struct {
	From     string  `json:"from"`
	To       string  `json:"to"`
	Kind     string  `json:"kind"`
	AmountBn float64 `json:"amount_bn"`
}

// Result is everything a run produces.
type Result struct {
	Params     Params
	Seed       uint64
	PriceRule  string
	Months     []MonthRecord
	Firms      []FirmMonth
	Events     []Event
	Estimated  []EstimatedDeal
	FlowMatrix ledger.FlowMatrix // summed over the run
	PairFlows  []PairFlow
	// Days are the simulated trading days (markets on), Prices each listed
	// firm's month-end price and fundamental value, Cohorts the investor
	// cohorts at the end of the run, Bursts the dated bursts.
	Days    []DayRecord
	Prices  []PriceRecord
	Cohorts []CohortRecord
	Bursts  []BurstEpisode
	// PutCostBn is what the government spent on AI stocks (scenario
	// government-put); PutValueBn what those holdings were worth at the end.
	PutCostBn, PutValueBn float64
	// FirmNames lists the AI firms in their origin order.
	FirmNames []string
	// Cumulative revenue provenance per firm: [firm][origin], USD bn.
	RevenueProvenance [][]float64
	// Restructurings are the run's restructurings in the order they happened.
	Restructurings []Restructuring
	OriginNames    []string
}

func (w *world) event(typ, firm, counterparty, dealID string, amount float64, detail string) {
	w.events = append(w.events, Event{Month: w.month.String(), Type: typ, Firm: firm, Counterparty: counterparty, DealID: dealID, AmountBn: amount, Detail: detail})
}
