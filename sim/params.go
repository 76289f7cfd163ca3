package sim

// Params is every parameter of the model. Field tags carry the YAML key, the
// unit, a one-line meaning and the source of the default; docs/model.md's
// parameter tables are generated from them (see ParamDocs), so the code and
// the documentation cannot drift apart. Defaults are in BaselineParams.
type Params struct {
	Name        string `yaml:"name" doc:"scenario name"`
	Description string `yaml:"description" doc:"what the scenario asks"`
	Start       Month  `yaml:"start" range:"[1990-01,2100-01]" unit:"YYYY-MM" doc:"first simulated month" src:"MODEL.md section 2 (2023-01)"`
	Months      int    `yaml:"months" range:"[1,1200]" unit:"months" doc:"number of simulated months" src:"MODEL.md section 2 (to 2035-12: 156 months)"`

	Mechanisms Mechanisms       `yaml:"mechanisms"`
	Deals      DealParams       `yaml:"deals"`
	Demand     DemandParams     `yaml:"demand"`
	Controls   ControlParams    `yaml:"export_controls"`
	Competitor CompetitorParams `yaml:"competitor"`
	Compute    ComputeParams    `yaml:"compute"`
	Firms      FirmParams       `yaml:"firms"`
	Finance    FinanceParams    `yaml:"finance"`
	Households HouseholdParams  `yaml:"households"`
	Macro      MacroParams      `yaml:"macro"`
	Valuation  ValuationParams  `yaml:"valuation"`
	Markets    MarketParams     `yaml:"markets"`
	Put        PutParams        `yaml:"government_put"`
	Shocks     ShockParams      `yaml:"shocks"`
}

// Mechanisms switches the article's mechanisms on and off (MODEL.md section 1).
type Mechanisms struct {
	IndustrialBase      bool `yaml:"industrial_base" doc:"M2: enterprise AI demand scales with the manufacturing share; off: every sector buys at the services intensity"`
	ConsumerIncomeBound bool `yaml:"consumer_income_bound" doc:"M3: consumer AI spending is capped by a share of household income"`
	ExportControls      bool `yaml:"export_controls" doc:"M4: the export-control schedule gates Chinese demand; off: stringency 0 throughout"`
	CompetitorLearning  bool `yaml:"competitor_learning" doc:"M4: the foreign competitor's capability grows with its revenue; off: it stays at its initial level"`
	CircularDeals       bool `yaml:"circular_deals" doc:"M6: the whole shipped deal network is executed as contracts; off: its circular financing (equity stakes, joint ventures and warrants between AI firms, loans from AI firms, capacity backstops, leases) is neither executed nor announced, while purchases and outside investors' and lenders' deals go ahead (scenario no-circular-deals)"`
	WealthEffect        bool `yaml:"wealth_effect" doc:"M8: households consume out of stock wealth"`
	Obsolescence        bool `yaml:"obsolescence" doc:"M10: economic value of compute falls with each generation's price-performance gain; off: economic value = book value"`
	Markets             bool `yaml:"markets" doc:"M5, M7, M9: listed AI firms and the non-AI index are priced daily by fundamentalists and chartists around fundamental values, with sector sentiment, market-dependent financing and investor cohorts; off: the placeholder constant-multiple price rule"`
	GovernmentPut       bool `yaml:"government_put" doc:"M9: the government supports AI stocks when they fall past a threshold (scenario government-put)"`
	MonetaryPolicy      bool `yaml:"monetary_policy" doc:"M8: the risk-free rate follows a Taylor-type rule on the output gap (smoothed, with a lower bound) and moves borrowing costs, bond interest and fundamentalists' discount rate; off: the rate stays at finance.base_rate (the baseline, whose 2023-2025 output gap is not yet calibrated)"`
}

// DealParams controls how the deal network is executed (M6).
type DealParams struct {
	IncludeUnverified   bool     `yaml:"include_unverified" doc:"also execute data/ai_deals_unverified.csv (sensitivity only)" src:"data/SOURCES.md"`
	EstimateUndisclosed bool     `yaml:"estimate_undisclosed" doc:"give undisclosed amounts the documented estimate of data/undisclosed_estimates.csv (flagged in output); off: such deals are skipped" src:"data/undisclosed_estimates.csv"`
	Exclude             []string `yaml:"exclude" doc:"deal ids not executed" src:"data/SOURCES.md: D003 is a non-binding LOI superseded by D005; D046 is talks only"`
	Scale               float64  `yaml:"scale" range:"(0,)" unit:"x" doc:"multiplier on every deal amount" src:"1 = as reported"`
	ComputeStartLag     int      `yaml:"compute_start_lag_months" range:"[0,120]" unit:"months" doc:"months from announcement to the first payment of a compute purchase (capacity must be built)" src:"assumption: cloud contracts bill as capacity comes online, typically 6-12 months after signing"`
	ChipStartLag        int      `yaml:"chip_start_lag_months" range:"[0,120]" unit:"months" doc:"months from announcement to the first payment of a chip purchase" src:"assumption: one quarter of lead time"`
	LeaseStartLag       int      `yaml:"lease_start_lag_months" range:"[0,120]" unit:"months" doc:"months from announcement to the first rent payment" src:"assumption: a data-centre shell takes about a year"`
	ComputeHorizon      float64  `yaml:"compute_horizon_years" range:"(0,50]" unit:"years" doc:"payment horizon of a compute purchase whose horizon is not reported" src:"median reported horizon of compute deals in data/ai_deals.csv (5 years)"`
	ChipHorizon         float64  `yaml:"chip_horizon_years" range:"(0,50]" unit:"years" doc:"delivery horizon of a chip purchase whose horizon is not reported" src:"assumption: multi-generation GPU deals run about 3 years"`
	LeaseHorizon        float64  `yaml:"lease_horizon_years" range:"(0,50]" unit:"years" doc:"term of a lease whose horizon is not reported" src:"median reported lease term in data/ai_deals.csv (10 years)"`
	BackstopHorizon     float64  `yaml:"backstop_horizon_years" range:"(0,50]" unit:"years" doc:"term of a capacity backstop whose horizon is not reported" src:"median reported backstop term in data/ai_deals.csv"`
	WarrantVesting      float64  `yaml:"warrant_vesting_years" range:"(0,50]" unit:"years" doc:"vesting period of warrants" src:"AMD-OpenAI warrant vests with deployments over about 4 years (data/ai_deals.csv D014 note)"`
	EquityTranches      int      `yaml:"equity_tranches" range:"[1,40]" doc:"quarterly tranches in which an equity investment without a horizon is paid" src:"assumption: large rounds are funded in tranches over a year"`
	LoanTermYears       float64  `yaml:"loan_term_years" range:"(0,50]" unit:"years" doc:"maturity of a loan whose horizon is not reported (bullet repayment)" src:"typical investment-grade and private-credit data-centre financings: 5-10 years"`
}

// DemandParams sets AI final demand (M1-M3).
type DemandParams struct {
	AdultsMillions       float64            `yaml:"adults_millions" range:"(0,)" unit:"million" doc:"US adult population" src:"US Census Bureau, 2023 (about 262 million adults)"`
	PaidShareMax         float64            `yaml:"consumer_paid_share_max" range:"[0,1]" unit:"share" doc:"share of adults paying for AI at saturation" src:"assumption; about 5 percent paid in 2025 (OpenAI reported about 20 million paying subscribers worldwide)"`
	PricePerMonthUSD     float64            `yaml:"consumer_price_usd_month" range:"[0,)" unit:"USD/month" doc:"average consumer subscription price" src:"ChatGPT Plus / Claude Pro list price 20 USD, with some higher tiers"`
	ConsumerMidYear      float64            `yaml:"consumer_adoption_mid_year" range:"[1990,2100]" unit:"year" doc:"year at which consumer paid adoption reaches half its saturation" src:"calibrated to OpenAI revenue 2024-2025 (data/macro_facts.csv)"`
	ConsumerSlope        float64            `yaml:"consumer_adoption_slope" range:"(0,)" unit:"1/year" doc:"logistic slope of consumer adoption" src:"calibrated"`
	ConsumerIncomeCap    float64            `yaml:"consumer_income_cap" range:"[0,1]" unit:"share" doc:"M3: consumer AI spending cannot exceed this share of household disposable income" src:"assumption: all digital subscriptions are about 1 percent of US consumer spending"`
	ManufacturingShare   float64            `yaml:"manufacturing_share" range:"[0,1]" unit:"share of GDP" doc:"M2: manufacturing value added share of GDP (the industrial base)" src:"BEA value added by industry, 2023: 10.2 percent"`
	ManufacturingTarget  float64            `yaml:"manufacturing_share_target" range:"[0,1]" unit:"share of GDP" doc:"M2: manufacturing share reached by the end of the reindustrialisation ramp (equal to manufacturing_share: no change)" src:"scenario reindustrialisation"`
	ReindustrialiseFrom  Month              `yaml:"reindustrialise_from" unit:"YYYY-MM" doc:"start of the ramp to the target manufacturing share" src:"scenario reindustrialisation"`
	ReindustrialiseYears float64            `yaml:"reindustrialise_years" range:"[0,)" unit:"years" doc:"length of the ramp" src:"scenario reindustrialisation"`
	IntensityMfg         float64            `yaml:"intensity_manufacturing" range:"[0,1]" unit:"share of value added" doc:"AI spending per dollar of manufacturing value added at full adoption" src:"assumption expressing the article's claim (M2) that industry is where AI's value is realised; varied in sweeps"`
	IntensityServices    float64            `yaml:"intensity_services" range:"[0,1]" unit:"share of value added" doc:"AI spending per dollar of non-manufacturing value added at full adoption" src:"assumption; varied in sweeps"`
	EnterpriseMidYear    float64            `yaml:"enterprise_adoption_mid_year" range:"[1990,2100]" unit:"year" doc:"year at which enterprise adoption reaches half of saturation" src:"calibrated; US Census BTOS: about 5 percent of firms used AI in 2023, about 9 percent in 2025"`
	EnterpriseSlope      float64            `yaml:"enterprise_adoption_slope" range:"(0,)" unit:"1/year" doc:"logistic slope of enterprise adoption" src:"calibrated"`
	ForeignRatio         float64            `yaml:"foreign_ratio" range:"[0,)" unit:"x" doc:"foreign potential AI demand relative to domestic potential" src:"about half of US chip and AI-service vendors' revenue is billed abroad (Nvidia 10-K geography)"`
	ChinaShare           float64            `yaml:"china_share" range:"[0,1]" unit:"share" doc:"China's share of foreign potential demand" src:"data/macro_facts.csv: China 20-25 percent of Nvidia data-centre revenue before controls, about half of its foreign revenue"`
	ForeignChipRatio     float64            `yaml:"foreign_chip_ratio" range:"[0,)" unit:"x" doc:"foreign buyers' purchases of US accelerators per dollar of US AI firms' accelerator purchases (the rest of the world's build-out follows the same boom)" src:"calibrated to Nvidia's China share of revenue (22 percent in Q3 FY2024, data/macro_facts.csv) and its roughly even US/foreign split"`
	ConsumerLabShare     float64            `yaml:"consumer_lab_share" range:"[0,1]" unit:"share" doc:"share of consumer AI spending that goes to model labs (rest to hyperscalers' assistants)" src:"assumption: ChatGPT and Claude dominate paid consumer AI"`
	EnterpriseLabShare   float64            `yaml:"enterprise_lab_share" range:"[0,1]" unit:"share" doc:"share of enterprise and foreign service demand bought from model labs' APIs" src:"assumption"`
	LabWeights           map[string]float64 `yaml:"lab_weights" range:"[0,)" doc:"model labs' relative shares of the demand that goes to labs (a lab not listed gets the smallest listed weight)" src:"OpenAI 13 (FY2025, data/ai_firms.csv); Anthropic about 4.5 in 2025 (run-rate rising to about 9 at end-2025, data/macro_facts.csv); xAI and Thinking Machines Lab: assumption"`
	CloudWeights         map[string]float64 `yaml:"cloud_weights" range:"[0,)" doc:"hyperscalers' relative shares of the demand that goes to hyperscalers" src:"cloud market shares 2024-2025 (AWS about 30 percent, Azure about 20-25, Google Cloud about 12, Oracle a few percent), renormalised"`
	EnterpriseNeoShare   float64            `yaml:"enterprise_neocloud_share" range:"[0,1]" unit:"share" doc:"share of enterprise and foreign service demand that rents GPUs from neoclouds (rest: hyperscalers' cloud AI)" src:"assumption"`
}

// ControlParams is the US export-control schedule (M4).
type ControlParams struct {
	Schedule []ControlStep `yaml:"schedule" doc:"stringency from each month on: 0 open, 1 closed" src:"data/macro_facts.csv us_export_control_milestone rows; see docs/model.md for the reading of each rule"`
}

// ControlStep sets the stringency from a month on.
type ControlStep struct {
	From       Month   `yaml:"from"`
	Stringency float64 `yaml:"stringency" range:"[0,1]"`
}

// CompetitorParams is the foreign AI competitor (M4).
type CompetitorParams struct {
	InitialCapability float64 `yaml:"initial_capability" range:"[0,)" unit:"x frontier" doc:"competitor capability relative to the US frontier at the start" src:"assumption: Chinese models were about a year behind in 2023"`
	LearningPerBn     float64 `yaml:"learning_per_bn" range:"[0,)" unit:"1/USD bn" doc:"capability gained per USD bn of competitor revenue (learning from profits)" src:"calibrated to Nvidia's China share falling from 22 to 5 percent (data/macro_facts.csv)"`
	DecayPerYear      float64 `yaml:"decay_per_year" range:"[0,1]" unit:"1/year" doc:"yearly loss of competitor capability relative to its own stock" src:"assumption: model generations age in about 2-3 years"`
	FrontierGrowth    float64 `yaml:"frontier_growth_per_year" range:"[0,)" unit:"1/year" doc:"growth of the US frontier capability the competitor is measured against" src:"assumption"`
	ShareElasticity   float64 `yaml:"share_elasticity" range:"(0,)" doc:"gamma in share = q^gamma/(1+q^gamma)" src:"assumption: a logit market share in relative quality"`
	RestOfWorldWeight float64 `yaml:"rest_of_world_weight" range:"[0,1]" unit:"x" doc:"competitor share outside China as a fraction of its share in China" src:"assumption: open-weight Chinese models compete abroad on price"`
}

// ComputeParams is compute capital and its depreciation (M10).
type ComputeParams struct {
	AccountingLifeYears  float64            `yaml:"accounting_life_years" range:"(0,)" unit:"years" doc:"straight-line useful life of servers used for book depreciation" src:"data/macro_facts.csv: 6 years (Microsoft, Alphabet), 5.5 (Meta), 5 (part of Amazon's)"`
	PricePerfDoubling    float64            `yaml:"price_performance_doubling_years" range:"(0,)" unit:"years" doc:"years for compute per dollar to double; new generations make old vintages worth less" src:"Epoch AI (Hobbhahn and Besiroglu 2022): FLOP/s per dollar of ML GPUs doubles about every 2.1-2.5 years"`
	PhysicalDecayPerYear float64            `yaml:"physical_decay_per_year" range:"[0,1]" unit:"1/year" doc:"yearly loss of compute capacity to failures and wear" src:"assumption: a few percent of accelerators fail per year at scale"`
	MaxLifeYears         float64            `yaml:"max_life_years" range:"(0,)" unit:"years" doc:"physical life after which a vintage is scrapped" src:"assumption: 8 years for GPU servers; 40 for railway-like assets"`
	RevenuePerCompute    float64            `yaml:"revenue_per_compute_dollar" range:"(0,)" unit:"1/year" doc:"annual revenue one dollar of compute at replacement value can earn at full utilisation" src:"GPU rental economics: an H100 server (~45k USD per GPU all-in) rents for ~2-3 USD/hour"`
	ChipShareOfCapex     float64            `yaml:"chip_share_of_capex" range:"[0,1]" unit:"share" doc:"share of AI capex paid to accelerator vendors" src:"Sequoia (Cahn 2024): GPUs are about half of data-centre total cost"`
	MemoryShareOfCapex   float64            `yaml:"memory_share_of_capex" range:"[0,1]" unit:"share" doc:"share of AI capex paid to memory vendors (HBM, DRAM)" src:"assumption"`
	ChipVendorShares     map[string]float64 `yaml:"chip_vendor_shares" range:"[0,1]" doc:"accelerator market shares used for capex not tied to a deal" src:"industry estimates 2024-2025: Nvidia about 80 percent; custom ASICs (Broadcom) about 10-15 percent"`
	MemoryVendorShares   map[string]float64 `yaml:"memory_vendor_shares" range:"[0,1]" doc:"memory market shares for AI capex" src:"HBM market shares 2024-2025 (SK hynix leads)"`
}

// FirmParams is the behaviour of AI firms (M1, M6, M10).
type FirmParams struct {
	InitialExpectedGrowth float64 `yaml:"initial_expected_growth" range:"(-1,)" unit:"1/year" doc:"expected yearly growth of AI revenue at the start (the ChatGPT moment)" src:"calibrated to hyperscaler capex 2023 (data/macro_facts.csv)"`
	ExpectationAdjust     float64 `yaml:"expectation_adjust_per_month" range:"[0,1]" unit:"1/month" doc:"adaptive expectations: share of the gap to observed sector revenue growth closed each month" src:"calibrated to hyperscaler capex 2024-2025"`
	ExpectedGrowthCap     float64 `yaml:"expected_growth_cap" range:"(0,)" unit:"1/year" doc:"upper bound of expected growth" src:"assumption"`
	PlanningHorizon       float64 `yaml:"planning_horizon_months" range:"(0,)" unit:"months" doc:"how far ahead capacity is planned" src:"assumption: data centres take 18-24 months"`
	BuildMonths           float64 `yaml:"build_months" range:"(0,)" unit:"months" doc:"months over which a capacity gap is closed by capex" src:"assumption"`
	GrowthBefore          float64 `yaml:"expected_growth_before" range:"(-1,)" unit:"1/year" doc:"expected growth before the start, at which each firm's opening compute was what it planned; it fixes each hyperscaler's compute for internal use (ads, recommendation) per dollar of non-AI income" src:"assumption: cloud AI revenue was expected to grow about 30 percent a year before ChatGPT"`
	InferenceCostRatio    float64 `yaml:"inference_cost_ratio" range:"[0,)" unit:"share" doc:"model labs' compute rental for inference per dollar of revenue" src:"OpenAI's reported cost structure: inference compute about half of revenue"`
	TrainingBurnPerMonth  float64 `yaml:"training_burn_per_month" range:"[0,1]" unit:"share/month" doc:"share of a lab's cash above its buffer spent on training compute each month" src:"calibrated to OpenAI's 2024-2025 losses (data/macro_facts.csv)"`
	OpexRatio             float64 `yaml:"opex_ratio" range:"[0,1]" unit:"share" doc:"staff and other operating costs per dollar of AI revenue" src:"assumption"`
	CloudOpexRatio        float64 `yaml:"cloud_opex_ratio" range:"[0,1]" unit:"share" doc:"energy and data-centre operating costs per dollar of compute revenue" src:"assumption: power and operations are about a quarter of GPU cloud revenue"`
	ChipCOGSImportShare   float64 `yaml:"chip_cogs_import_share" range:"[0,1]" unit:"share" doc:"chip vendors' cost of goods (foundry, packaging, memory) paid abroad per dollar of revenue" src:"Nvidia gross margin about 75 percent (FY2025 10-K)"`
	CashBufferMonths      float64 `yaml:"cash_buffer_months" range:"[0,)" unit:"months" doc:"months of spending a firm keeps in cash before it raises money" src:"assumption"`
	MaxCashYears          float64 `yaml:"max_cash_years" range:"(0,)" unit:"years" doc:"listed firms return cash above this many years of income (AI revenue plus non-AI income) to shareholders, a twelfth of the excess a month" src:"big tech held about 0.3-0.5 years of revenue in cash and returned the rest by buybacks"`
	IncumbentPayout       float64 `yaml:"incumbent_payout" range:"[0,1]" unit:"share" doc:"share of non-AI operating income incumbents pay out as dividends and buybacks" src:"assumption: big tech returned about half of operating income in 2023"`
	PayoutLeverageCap     float64 `yaml:"payout_leverage_cap" range:"(0,)" unit:"debt/EBITDA" doc:"net debt / EBITDA above which listed firms cut payouts (to zero at twice this) and put cash above max_cash_years into repaying bank credit instead of buybacks" src:"assumption: rating agencies' investment-grade limits for technology issuers sit near 3x debt/EBITDA; in 2025 Oracle and Meta slowed buybacks as AI borrowing rose"`
}

// FinanceParams is the credit and equity financing of firms (M6, M9).
type FinanceParams struct {
	BaseRate            float64 `yaml:"base_rate" range:"[0,)" unit:"1/year" doc:"risk-free rate on loans and bonds" src:"US 10-year Treasury yield, 2023-2025: about 4-4.5 percent"`
	MaxLeverage         float64 `yaml:"max_leverage" range:"[0,)" unit:"x" doc:"debt capacity as a multiple of trailing EBITDA" src:"leveraged-lending guidance: about 6x; investment grade about 3x"`
	BacklogAdvanceRate  float64 `yaml:"backlog_advance_rate" range:"[0,1]" unit:"share" doc:"debt capacity per dollar of contracted revenue over the next two years (contract-backed financing of neoclouds)" src:"CoreWeave's delayed-draw facilities are secured by customer contracts"`
	CollateralRate      float64 `yaml:"collateral_rate" range:"[0,1]" unit:"share" doc:"debt capacity per dollar of compute at economic value" src:"GPU-backed loans advance about half of collateral value"`
	ListedIssuance      float64 `yaml:"listed_issuance_per_year" range:"[0,1]" unit:"share of market value" doc:"most equity a listed firm can issue in a year" src:"assumption"`
	PrivateAppetite     float64 `yaml:"private_appetite_per_round" range:"[0,1]" unit:"share of valuation" doc:"largest funding round for a private firm as a share of its pre-money valuation" src:"OpenAI's 2025-2026 rounds raised about 5-15 percent of valuation"`
	RoundIntervalMonths int     `yaml:"round_interval_months" range:"[1,)" unit:"months" doc:"minimum months between funding rounds" src:"assumption"`
	RestructuringMonths int     `yaml:"restructuring_months" range:"[0,)" unit:"months" doc:"months a firm that stopped paying a contract stays distressed before its claims are settled in a restructuring and it may raise money and spend again; 0: it never emerges" src:"large US public firms spend about 12-18 months in Chapter 11 (LoPucki's Bankruptcy Research Database; prepackaged cases far less)" basis:"literature"`
	CureMonths          int     `yaml:"cure_months" range:"[0,120]" unit:"months" doc:"months a firm in arrears on a loan has to pay what is overdue before its creditors take it into restructuring" src:"loan agreements and indentures give 30-90 days to cure a payment default before acceleration (grace and cure periods)" basis:"literature"`
	EmergenceCoverage   float64 `yaml:"emergence_coverage" range:"(0,)" unit:"x" doc:"a restructured firm keeps as much debt as its EBIT covers this many times at the spread of that coverage; creditors take the rest of their recovery in new shares" src:"firms emerging from Chapter 11 are mostly rated B to BB (Moody's emergence ratings); coverage 2 is the BB edge of Damodaran's synthetic-rating table" basis:"literature"`
	FinancierTopShare   float64 `yaml:"financier_domestic_share" range:"[0,1]" unit:"share" doc:"share of outside investors' capital calls met by the top 10 percent of households (rest from abroad)" src:"assumption: venture and growth funds' LPs are mostly US pensions, endowments and the wealthy; sovereign funds abroad"`
}

// HouseholdParams is the two household classes (M8).
type HouseholdParams struct {
	TopIncomeShare    float64 `yaml:"top_wage_share" range:"[0,1]" unit:"share" doc:"top 10 percent's share of wages" src:"Piketty, Saez and Zucman (2018) and WID: top decile labour income share about 35 percent"`
	TopEquityShare    float64 `yaml:"top_equity_share" range:"[0,1]" unit:"share" doc:"top 10 percent's share of household equity" src:"data/macro_facts.csv (over 80 percent); Fed Distributional Financial Accounts about 87 percent"`
	TopDepositShare   float64 `yaml:"top_deposit_share" range:"[0,1]" unit:"share" doc:"top 10 percent's share of deposits" src:"Fed Distributional Financial Accounts (about 60 percent of deposits)"`
	DepositsBn        float64 `yaml:"deposits_bn" range:"(0,)" unit:"USD bn" doc:"household deposits and money-market funds at the start" src:"Fed Z.1, 2022-Q4: about 18 tn"`
	BondsBn           float64 `yaml:"bonds_bn" range:"[0,)" unit:"USD bn" doc:"households' direct Treasury holdings at the start" src:"Fed Z.1, 2022-Q4: about 2 tn"`
	EquityWealthBn    float64 `yaml:"equity_wealth_bn" range:"(0,)" unit:"USD bn" doc:"household corporate equities at the start" src:"data/macro_facts.csv 48.19 tn at 2023-Q4, deflated by the S&P 500's 2023 gain (data/prices/sp500_daily.csv): about 38.6 tn"`
	HouseholdOwnShare float64 `yaml:"household_ownership_share" range:"[0,1]" unit:"share" doc:"share of listed equity owned by US households (directly and through funds); the rest is held abroad" src:"Fed Z.1: foreigners hold about 15-18 percent of US equities"`
	MPCWealth         float64 `yaml:"mpc_wealth" range:"[0,1]" unit:"1/year" doc:"marginal propensity to consume out of stock wealth" src:"Chodorow-Reich, Nenov and Simsek (2021, AER): 3.2 cents per dollar per year (data/macro_facts.csv)"`
	MPCLiquid         float64 `yaml:"mpc_liquid" range:"[0,1]" unit:"1/year" doc:"propensity to consume out of deposits and bonds; closes the stock-flow norm so the economy without AI returns to its steady state" src:"assumption in the range of liquid-wealth effects (1-3 cents per dollar a year)"`
	TopConsumption0   float64 `yaml:"top_consumption_share_start" range:"[0,1]" unit:"share" doc:"top 10 percent's share of consumption at the start; with the expenditure identity it fixes both classes' propensities to consume out of income" src:"data/macro_facts.csv: 46 percent in 2023-Q2 (Moody's)"`
	BondSavingShare   float64 `yaml:"bond_saving_share" range:"[0,1]" unit:"share" doc:"share of positive saving put into Treasury bonds" src:"assumption"`
	TaxRate           float64 `yaml:"tax_rate" range:"[0,1]" unit:"share" doc:"personal taxes and social contributions per dollar of household income" src:"BEA 2023: personal current taxes plus contributions for social insurance, about 17.5 percent of personal income"`
}

// MacroParams is the rest of the economy (M8).
type MacroParams struct {
	GDPBn            float64 `yaml:"gdp_bn" range:"(0,)" unit:"USD bn/year" doc:"nominal GDP in the start year" src:"BEA: 27.72 tn in 2023"`
	PotentialGrowth  float64 `yaml:"potential_growth" range:"(-1,1)" unit:"1/year" doc:"nominal growth of potential output" src:"CBO: about 2 percent real plus 2 percent inflation"`
	GovShare         float64 `yaml:"gov_share" range:"[0,1]" unit:"share of potential GDP" doc:"government consumption and investment" src:"BEA 2023: 17.3 percent"`
	TransferShare    float64 `yaml:"transfer_share" range:"[0,1]" unit:"share of potential GDP" doc:"government social benefits to households" src:"BEA 2023: about 14 percent"`
	ExportShare      float64 `yaml:"export_share" range:"[0,1]" unit:"share of potential GDP" doc:"non-AI exports" src:"BEA 2023: 11 percent"`
	ImportShare      float64 `yaml:"import_share" range:"[0,1)" unit:"share" doc:"import content of domestic non-AI spending" src:"BEA 2023: imports 14 percent of GDP"`
	NonAIInvestShare float64 `yaml:"nonai_investment_share" range:"[0,1]" unit:"share of potential GDP" doc:"private investment outside AI compute" src:"BEA 2023: gross private domestic investment 17.9 percent of GDP, less AI capex"`
	LabourShare      float64 `yaml:"labour_share" range:"[0,1]" unit:"share" doc:"wages as a share of the non-AI business sector's value added" src:"BLS: nonfarm business labour share about 57 percent"`
	CorporateTax     float64 `yaml:"corporate_tax" range:"[0,1]" unit:"share" doc:"tax on business profits" src:"effective federal rate about 13-15 percent"`
	ProductionTax    float64 `yaml:"production_tax" range:"[0,1]" unit:"share" doc:"taxes on production and imports per dollar of the business sector's value added" src:"BEA 2023: about 7 percent of GDP"`
	Stabiliser       float64 `yaml:"transfer_stabiliser" range:"[0,)" unit:"x" doc:"transfers rise by this multiple of the output gap (automatic stabilisers)" src:"assumption: unemployment insurance and means-tested benefits"`
	TaylorGap        float64 `yaml:"taylor_gap_weight" range:"[0,10]" unit:"x" doc:"with mechanisms.monetary_policy, the target risk-free rate rises by this much per unit of the output gap (GDP over potential less 1) above finance.base_rate" src:"Taylor (1993): 0.5 on the output gap; with no inflation in the model, the inflation response enters only through the gap" basis:"literature"`
	PolicySmoothing  float64 `yaml:"policy_smoothing_per_month" range:"[0,1)" unit:"share/month" doc:"share of last month's rate kept each month (interest-rate smoothing)" src:"Clarida, Gali and Gertler (2000): about 0.8 a quarter, about 0.93 a month" basis:"literature"`
	PolicyFloor      float64 `yaml:"policy_lower_bound" range:"[0,)" unit:"1/year" doc:"lowest risk-free rate the rule sets (effective lower bound)" src:"the Federal Reserve's 2009-2015 and 2020-2022 floor: 0-0.25 percent" basis:"literature"`
	BankEquityShare  float64 `yaml:"bank_equity_share" range:"[0,1]" unit:"share of deposits" doc:"bank capital relative to deposits at the start" src:"FDIC: equity about 10 percent of assets"`
}

// ValuationParams is the PLACEHOLDER equity price rule used until the markets
// issue lands: listed AI firms are valued at a constant multiple of trailing
// income, private firms at their last funding round.
type ValuationParams struct {
	PrivateMultiple float64 `yaml:"private_multiple" range:"(0,)" unit:"x revenue" doc:"PLACEHOLDER: private labs' funding rounds are priced at this multiple of annualised revenue (or the last post-money, whichever is higher)" src:"OpenAI 2025-2026: 500-840 bn on 13-20 bn of revenue (data/ai_firms.csv)"`
}

// ShockParams is the model's randomness.
type ShockParams struct {
	DemandNoise      float64 `yaml:"demand_noise" range:"[0,1]" unit:"log sd/month" doc:"monthly lognormal noise on AI final demand" src:"assumption"`
	ExpectationNoise float64 `yaml:"expectation_noise" range:"[0,1]" unit:"sd/month" doc:"monthly noise on the sector's expected growth (hype)" src:"assumption"`
	MarketShockMonth Month   `yaml:"market_shock_month" unit:"YYYY-MM" doc:"month of an exogenous market shock (scenario early-burst); before the start means none" src:"scenario early-burst"`
	MarketShockSize  float64 `yaml:"market_shock_size" range:"[-100,100]" unit:"demand" doc:"sentiment impulse on the first trading day of the shock month (negative: a crash of confidence), decaying at the news half-life" src:"scenario early-burst"`
	FundingFreeze    int     `yaml:"funding_freeze_months" range:"[0,120]" unit:"months" doc:"months from the shock in which no equity can be raised" src:"scenario early-burst"`
}

// MarketParams is the daily market of listed AI firms and the non-AI index
// (M5), the financing that depends on it (M6, M9), and investor cohorts (M7).
type MarketParams struct {
	Variant               string     `yaml:"variant" enum:"hpm|wealth" doc:"trader switching rule: hpm (herding and misalignment, FW's DCA-HPM) or wealth (FW's DCA-WP)" src:"Franke and Westerhoff (2012), JEDC 36(8); docs/market.md"`
	DiscountRate          float64    `yaml:"discount_rate" range:"(0,1)" unit:"1/year" doc:"rate at which fundamentalists discount firms' cash flows" src:"10-year Treasury about 4.3 percent plus an equity risk premium of about 4.5 percent (Damodaran, 2024)"`
	LongGrowth            float64    `yaml:"long_run_growth" range:"(-1,1)" unit:"1/year" doc:"growth of cash flows after the forecast years" src:"nominal potential growth (macro.potential_growth)"`
	ForecastYears         int        `yaml:"forecast_years" range:"[1,50]" unit:"years" doc:"years over which a firm's recent growth fades linearly to long-run growth in its fundamental value" src:"two-stage DCF convention"`
	GrowthCap             float64    `yaml:"growth_cap" range:"(-1,)" unit:"1/year" doc:"largest recent growth fundamentalists extrapolate" src:"assumption"`
	GrowthFloor           float64    `yaml:"growth_floor" range:"(-1,)" unit:"1/year" doc:"smallest recent growth fundamentalists extrapolate" src:"assumption"`
	InvestmentRunoffYears float64    `yaml:"investment_runoff_years" range:"[0,50]" unit:"years" doc:"in a firm's fundamental value, AI revenue paid for by other AI firms' investment money (not by final demand) runs off linearly over this many years, because it lasts only while the build-out does" src:"assumption: a data-centre build-out cycle of two to three years; varied in sweeps" basis:"assumption"`
	AILongRunMargin       float64    `yaml:"ai_long_run_margin" range:"[-1,1]" unit:"share" doc:"AI operating margin (EBIT / AI revenue) towards which a firm's margin fades over the forecast years" src:"mature cloud and software businesses earn 25-35 percent operating margins (AWS about 30 percent in 2023-2024, 10-K)" basis:"literature"`
	FundamentalNews       float64    `yaml:"fundamental_news" range:"[0,)" doc:"share of each day's change in a firm's fundamental value that moves its price that day (public news about earnings), on top of the fundamentalists' slow pull" src:"calibrated to the AI stocks' 2023-2025 run-up; FW's estimates are for an index with a constant fundamental, whose misalignment halves in about 580 trading days"`
	MomentumWeight        float64    `yaml:"momentum_weight" range:"[0,)" unit:"demand per percent" doc:"sector sentiment per percent of smoothed daily AI-sector return" src:"calibrated to the AI stocks' 2023-2025 run-up (AI share of index gains, data/macro_facts.csv)"`
	MomentumHalfLife      float64    `yaml:"momentum_half_life_days" range:"[0,)" unit:"days" doc:"memory of the momentum average" src:"assumption: about a month"`
	NewsWeight            float64    `yaml:"news_weight" range:"[0,)" unit:"demand per log size" doc:"sentiment from a deal announcement per unit of ln(1 + size/news_scale)" src:"assumption: announcement effects of a few percent (OpenAI deals moved partners' shares 5-25 percent in a day)"`
	NewsScale             float64    `yaml:"news_scale_bn" range:"(0,)" unit:"USD bn" doc:"deal size that adds news_weight x ln 2" src:"assumption"`
	NewsHalfLife          float64    `yaml:"news_half_life_days" range:"[0,)" unit:"days" doc:"decay of announcement effects" src:"assumption"`
	DefaultNews           float64    `yaml:"default_news_weight" range:"[0,)" unit:"demand per log size" doc:"negative sentiment from a missed payment per unit of ln(1 + amount/news_scale)" src:"assumption: defaults are news as loud as deals"`
	SupportWeight         float64    `yaml:"support_weight" range:"[0,)" unit:"demand" doc:"sentiment from government support at full strength" src:"assumption"`
	IssuanceMomentum      float64    `yaml:"issuance_momentum" range:"[0,)" unit:"x" doc:"equity raising capacity scales with 1 + this x the AI index's 12-month return (clipped to 0..2): investors fund what has gone up" src:"assumption; IPO and follow-on volumes track recent returns"`
	PrivatePremium        float64    `yaml:"private_premium" range:"[0,)" unit:"x" doc:"private AI firms are priced at funding rounds at this multiple of listed AI peers' value per dollar of income" src:"calibrated to OpenAI's 2025-2026 rounds (500-840 bn on 13-20 bn of revenue, data/ai_firms.csv)"`
	SpreadDrawdown        float64    `yaml:"spread_per_drawdown" range:"[0,)" unit:"1/year" doc:"extra credit spread per unit of the AI basket's fall from its high of the past 252 trading days" src:"assumption: high-yield spreads widened by several points in past equity crashes and narrowed again within two or three years"`
	TradeMomentum         [3]float64 `yaml:"trade_momentum" range:"[0,1]" doc:"top 10 percent, bottom 90 percent and foreign investors' monthly net buying of AI stocks per unit of the index's 3-month log return, as a share of their holdings" src:"assumption: retail flows chase returns most (bottom 90 percent highest)"`
	TradeValue            [3]float64 `yaml:"trade_value" range:"[0,1]" doc:"the same classes' net buying per unit of log(fundamental/price) of the AI index, as a share of holdings" src:"assumption: wealthier and institutional holders lean against mispricing"`
	BurstDrawdown         float64    `yaml:"burst_drawdown" range:"[0,1]" unit:"share" doc:"a burst is dated on the day the listed AI market value first falls this far below its running peak" src:"convention: bear market 20 percent; the dot-com Nasdaq fell 78 percent"`
	SteadyPrices          bool       `yaml:"steady_prices" doc:"counterfactual: from hold_prices_from on, AI share prices grow steadily at long-run growth from their level then (no sentiment, no chartists, no burst); the non-AI index trades as usual; the no-burst counterfactual uses it" src:"model design"`
	FundamentalPrices     bool       `yaml:"fundamental_prices" doc:"counterfactual: AI share prices equal their fundamental values every trading day (no sentiment, chartists or overshoot); the non-AI index trades as usual; the no-boom twin uses it" src:"model design" basis:"design"`
	HoldFrom              Month      `yaml:"hold_prices_from" unit:"YYYY-MM" doc:"first month of steady prices when steady_prices is on; at or before the start means from the opening prices (no boom either)" src:"the no-burst counterfactual sets it to the month of the peak before the first burst"`
}

// PutParams is the government backstop of AI stocks (M9, scenario government-put).
type PutParams struct {
	Threshold       float64 `yaml:"threshold" range:"[0,1]" unit:"share" doc:"drawdown of the listed AI market value from its peak that triggers support" src:"assumption"`
	Months          int     `yaml:"months" range:"[0,120]" unit:"months" doc:"how long support lasts once triggered" src:"assumption: a year, like the 2008-09 programmes"`
	PurchasesBn     float64 `yaml:"purchases_bn_per_month" range:"[0,)" unit:"USD bn/month" doc:"AI stocks the government buys each month of support (the fiscal cost)" src:"assumption: of the order of TARP's capital purchases (about 250 bn over a year)"`
	Support         float64 `yaml:"support_level" range:"[0,)" unit:"x" doc:"strength of the announced support in the sector sentiment (times markets.support_weight)" src:"assumption"`
	PriceMultiplier float64 `yaml:"price_multiplier" range:"[0,)" unit:"x" doc:"dollars of AI market value each dollar of government purchases adds on the day it is bought (the purchases enter the daily market as demand of the index's stocks; fundamentalists then pull prices back)" src:"Gabaix and Koijen (2021), In Search of the Origins of Financial Fluctuations: the Inelastic Markets Hypothesis: a flow of 1 dollar into the US stock market raises its value by about 5 dollars" basis:"literature"`
}
