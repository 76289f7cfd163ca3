package sim

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// ParamError is an invalid parameter, named by its YAML path
// (e.g. "demand.china_share") so a scenario loader can point at its line.
type ParamError struct {
	Key string
	Msg string
}

func (e *ParamError) Error() string { return e.Key + ": " + e.Msg }

// Validate checks every parameter's range and returns the first problem as
// a *ParamError.
func (p Params) Validate() error {
	var errs []*ParamError
	bad := func(key, format string, args ...any) {
		errs = append(errs, &ParamError{Key: key, Msg: fmt.Sprintf(format, args...)})
	}
	finite := func(key string, v float64) bool {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			bad(key, "must be a finite number")
			return false
		}
		return true
	}
	share := func(key string, v float64) {
		if finite(key, v) && (v < 0 || v > 1) {
			bad(key, "%v must be between 0 and 1", v)
		}
	}
	positive := func(key string, v float64) {
		if finite(key, v) && v <= 0 {
			bad(key, "%v must be positive", v)
		}
	}
	nonneg := func(key string, v float64) {
		if finite(key, v) && v < 0 {
			bad(key, "%v must not be negative", v)
		}
	}
	if p.Start < NewMonth(1990, 1) || p.Start > NewMonth(2100, 1) {
		bad("start", "%s is outside 1990-2100", p.Start)
	}
	if p.Months < 1 || p.Months > 1200 {
		bad("months", "%d must be between 1 and 1200", p.Months)
	}
	dp := p.Deals
	positive("deals.scale", dp.Scale)
	for _, kv := range []struct {
		k string
		v int
	}{{"deals.compute_start_lag_months", dp.ComputeStartLag}, {"deals.chip_start_lag_months", dp.ChipStartLag}, {"deals.lease_start_lag_months", dp.LeaseStartLag}} {
		if kv.v < 0 || kv.v > 120 {
			bad(kv.k, "%d must be between 0 and 120", kv.v)
		}
	}
	if dp.EquityTranches < 1 || dp.EquityTranches > 40 {
		bad("deals.equity_tranches", "%d must be between 1 and 40", dp.EquityTranches)
	}
	for _, kv := range []struct {
		k string
		v float64
	}{{"deals.compute_horizon_years", dp.ComputeHorizon}, {"deals.chip_horizon_years", dp.ChipHorizon}, {"deals.lease_horizon_years", dp.LeaseHorizon},
		{"deals.backstop_horizon_years", dp.BackstopHorizon}, {"deals.warrant_vesting_years", dp.WarrantVesting}, {"deals.loan_term_years", dp.LoanTermYears}} {
		positive(kv.k, kv.v)
		if kv.v > 50 {
			bad(kv.k, "%v years is longer than 50", kv.v)
		}
	}
	for _, id := range dp.Exclude {
		if strings.TrimSpace(id) == "" {
			bad("deals.exclude", "empty deal id")
		}
	}
	d := p.Demand
	positive("demand.adults_millions", d.AdultsMillions)
	share("demand.consumer_paid_share_max", d.PaidShareMax)
	nonneg("demand.consumer_price_usd_month", d.PricePerMonthUSD)
	positive("demand.consumer_adoption_slope", d.ConsumerSlope)
	positive("demand.enterprise_adoption_slope", d.EnterpriseSlope)
	share("demand.consumer_income_cap", d.ConsumerIncomeCap)
	share("demand.manufacturing_share", d.ManufacturingShare)
	share("demand.manufacturing_share_target", d.ManufacturingTarget)
	nonneg("demand.reindustrialise_years", d.ReindustrialiseYears)
	share("demand.intensity_manufacturing", d.IntensityMfg)
	share("demand.intensity_services", d.IntensityServices)
	nonneg("demand.foreign_ratio", d.ForeignRatio)
	share("demand.china_share", d.ChinaShare)
	nonneg("demand.foreign_chip_ratio", d.ForeignChipRatio)
	share("demand.consumer_lab_share", d.ConsumerLabShare)
	share("demand.enterprise_lab_share", d.EnterpriseLabShare)
	share("demand.enterprise_neocloud_share", d.EnterpriseNeoShare)
	for _, name := range sortedKeys(d.LabWeights) {
		nonneg("demand.lab_weights."+name, d.LabWeights[name])
	}
	for _, name := range sortedKeys(d.CloudWeights) {
		nonneg("demand.cloud_weights."+name, d.CloudWeights[name])
	}
	if d.EnterpriseLabShare+d.EnterpriseNeoShare > 1 {
		bad("demand.enterprise_neocloud_share", "enterprise_lab_share + enterprise_neocloud_share = %v exceeds 1", d.EnterpriseLabShare+d.EnterpriseNeoShare)
	}
	for i, st := range p.Controls.Schedule {
		share(fmt.Sprintf("export_controls.schedule[%d].stringency", i), st.Stringency)
		if i > 0 && st.From <= p.Controls.Schedule[i-1].From {
			bad(fmt.Sprintf("export_controls.schedule[%d].from", i), "%s is not after %s: steps must be in date order", st.From, p.Controls.Schedule[i-1].From)
		}
	}
	c := p.Competitor
	nonneg("competitor.initial_capability", c.InitialCapability)
	nonneg("competitor.learning_per_bn", c.LearningPerBn)
	share("competitor.decay_per_year", c.DecayPerYear)
	nonneg("competitor.frontier_growth_per_year", c.FrontierGrowth)
	positive("competitor.share_elasticity", c.ShareElasticity)
	share("competitor.rest_of_world_weight", c.RestOfWorldWeight)
	cp := p.Compute
	positive("compute.accounting_life_years", cp.AccountingLifeYears)
	positive("compute.price_performance_doubling_years", cp.PricePerfDoubling)
	share("compute.physical_decay_per_year", cp.PhysicalDecayPerYear)
	positive("compute.max_life_years", cp.MaxLifeYears)
	positive("compute.revenue_per_compute_dollar", cp.RevenuePerCompute)
	share("compute.chip_share_of_capex", cp.ChipShareOfCapex)
	share("compute.memory_share_of_capex", cp.MemoryShareOfCapex)
	if cp.ChipShareOfCapex+cp.MemoryShareOfCapex > 1 {
		bad("compute.memory_share_of_capex", "chip and memory shares of capex add up to more than 1")
	}
	for _, name := range sortedKeys(cp.ChipVendorShares) {
		share("compute.chip_vendor_shares."+name, cp.ChipVendorShares[name])
	}
	for _, name := range sortedKeys(cp.MemoryVendorShares) {
		share("compute.memory_vendor_shares."+name, cp.MemoryVendorShares[name])
	}
	fp := p.Firms
	finite("firms.initial_expected_growth", fp.InitialExpectedGrowth)
	share("firms.expectation_adjust_per_month", fp.ExpectationAdjust)
	positive("firms.expected_growth_cap", fp.ExpectedGrowthCap)
	positive("firms.planning_horizon_months", fp.PlanningHorizon)
	positive("firms.build_months", fp.BuildMonths)
	finite("firms.expected_growth_before", fp.GrowthBefore)
	if fp.GrowthBefore <= -1 {
		bad("firms.expected_growth_before", "%v must be above -1", fp.GrowthBefore)
	}
	nonneg("firms.inference_cost_ratio", fp.InferenceCostRatio)
	share("firms.training_burn_per_month", fp.TrainingBurnPerMonth)
	share("firms.opex_ratio", fp.OpexRatio)
	share("firms.cloud_opex_ratio", fp.CloudOpexRatio)
	share("firms.chip_cogs_import_share", fp.ChipCOGSImportShare)
	nonneg("firms.cash_buffer_months", fp.CashBufferMonths)
	share("firms.incumbent_payout", fp.IncumbentPayout)
	positive("firms.max_cash_years", fp.MaxCashYears)
	positive("firms.payout_leverage_cap", fp.PayoutLeverageCap)
	f := p.Finance
	nonneg("finance.base_rate", f.BaseRate)
	nonneg("finance.spread_base", f.SpreadBase)
	nonneg("finance.spread_per_leverage", f.SpreadPerLeverage)
	nonneg("finance.max_leverage", f.MaxLeverage)
	share("finance.backlog_advance_rate", f.BacklogAdvanceRate)
	share("finance.collateral_rate", f.CollateralRate)
	share("finance.listed_issuance_per_year", f.ListedIssuance)
	share("finance.private_appetite_per_round", f.PrivateAppetite)
	if f.RestructuringMonths < 0 {
		bad("finance.restructuring_months", "%d must not be negative", f.RestructuringMonths)
	}
	if f.RoundIntervalMonths < 1 {
		bad("finance.round_interval_months", "%d must be at least 1", f.RoundIntervalMonths)
	}
	share("finance.financier_domestic_share", f.FinancierTopShare)
	h := p.Households
	share("households.top_wage_share", h.TopIncomeShare)
	share("households.top_equity_share", h.TopEquityShare)
	share("households.top_deposit_share", h.TopDepositShare)
	positive("households.deposits_bn", h.DepositsBn)
	nonneg("households.bonds_bn", h.BondsBn)
	positive("households.equity_wealth_bn", h.EquityWealthBn)
	share("households.household_ownership_share", h.HouseholdOwnShare)
	share("households.mpc_wealth", h.MPCWealth)
	share("households.mpc_liquid", h.MPCLiquid)
	share("households.top_consumption_share_start", h.TopConsumption0)
	share("households.bond_saving_share", h.BondSavingShare)
	share("households.tax_rate", h.TaxRate)
	m := p.Macro
	positive("macro.gdp_bn", m.GDPBn)
	finite("macro.potential_growth", m.PotentialGrowth)
	share("macro.gov_share", m.GovShare)
	share("macro.transfer_share", m.TransferShare)
	share("macro.export_share", m.ExportShare)
	if finite("macro.import_share", m.ImportShare) && (m.ImportShare < 0 || m.ImportShare >= 1) {
		bad("macro.import_share", "%v must be in [0, 1)", m.ImportShare)
	}
	share("macro.nonai_investment_share", m.NonAIInvestShare)
	share("macro.labour_share", m.LabourShare)
	share("macro.corporate_tax", m.CorporateTax)
	share("macro.production_tax", m.ProductionTax)
	nonneg("macro.transfer_stabiliser", m.Stabiliser)
	share("macro.bank_equity_share", m.BankEquityShare)
	if m.GovShare+m.ExportShare+m.NonAIInvestShare >= 1 {
		bad("macro.gov_share", "government, export and non-AI investment shares leave no room for consumption")
	}
	positive("valuation.private_multiple", p.Valuation.PrivateMultiple)
	mk := p.Markets
	if mk.Variant != "hpm" && mk.Variant != "wealth" {
		bad("markets.variant", "%q: want hpm or wealth", mk.Variant)
	}
	finite("markets.discount_rate", mk.DiscountRate)
	finite("markets.long_run_growth", mk.LongGrowth)
	if mk.DiscountRate <= mk.LongGrowth {
		bad("markets.discount_rate", "%v must exceed markets.long_run_growth %v (else values are infinite)", mk.DiscountRate, mk.LongGrowth)
	}
	if mk.ForecastYears < 1 || mk.ForecastYears > 50 {
		bad("markets.forecast_years", "%d must be between 1 and 50", mk.ForecastYears)
	}
	finite("markets.growth_cap", mk.GrowthCap)
	finite("markets.growth_floor", mk.GrowthFloor)
	if mk.GrowthFloor <= -1 || mk.GrowthFloor > mk.GrowthCap {
		bad("markets.growth_floor", "%v must be above -1 and at most growth_cap", mk.GrowthFloor)
	}
	share("markets.value_floor", mk.ValueFloor)
	if mk.ValueFloor <= 0 {
		bad("markets.value_floor", "must be positive (prices are logs)")
	}
	for _, kv := range []struct {
		k string
		v float64
	}{{"markets.fundamental_news", mk.FundamentalNews}, {"markets.momentum_weight", mk.MomentumWeight}, {"markets.momentum_half_life_days", mk.MomentumHalfLife}, {"markets.news_weight", mk.NewsWeight},
		{"markets.news_half_life_days", mk.NewsHalfLife}, {"markets.default_news_weight", mk.DefaultNews}, {"markets.support_weight", mk.SupportWeight},
		{"markets.issuance_momentum", mk.IssuanceMomentum}, {"markets.private_premium", mk.PrivatePremium}, {"markets.spread_per_drawdown", mk.SpreadDrawdown}} {
		nonneg(kv.k, kv.v)
	}
	positive("markets.news_scale_bn", mk.NewsScale)
	for i := range mk.TradeMomentum {
		share(fmt.Sprintf("markets.trade_momentum[%d]", i), mk.TradeMomentum[i])
		share(fmt.Sprintf("markets.trade_value[%d]", i), mk.TradeValue[i])
	}
	share("markets.burst_drawdown", mk.BurstDrawdown)
	share("government_put.threshold", p.Put.Threshold)
	if p.Put.Months < 0 || p.Put.Months > 120 {
		bad("government_put.months", "%d must be between 0 and 120", p.Put.Months)
	}
	nonneg("government_put.purchases_bn_per_month", p.Put.PurchasesBn)
	nonneg("government_put.support_level", p.Put.Support)
	nonneg("shocks.demand_noise", p.Shocks.DemandNoise)
	nonneg("shocks.expectation_noise", p.Shocks.ExpectationNoise)
	finite("shocks.market_shock_size", p.Shocks.MarketShockSize)
	if p.Shocks.FundingFreeze < 0 || p.Shocks.FundingFreeze > 120 {
		bad("shocks.funding_freeze_months", "%d must be between 0 and 120", p.Shocks.FundingFreeze)
	}
	if p.Shocks.DemandNoise > 1 || p.Shocks.ExpectationNoise > 1 {
		bad("shocks", "noise above 1 (100 percent a month) is not meaningful")
	}
	if len(errs) > 0 {
		return errs[0]
	}
	return nil
}

func sortedKeys(m map[string]float64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
