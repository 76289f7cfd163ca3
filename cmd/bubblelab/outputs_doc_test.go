package main

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/bubblelab/bubblelab/sim"
	"github.com/bubblelab/bubblelab/sweep"
)

var updateDocs = flag.Bool("update-docs", false, "rewrite docs/outputs.md from the code")

// col documents one column: its unit and what it holds. A name with an
// upper-case part (param.PATH, mean_MEASURE) stands for a family of
// columns.
type col struct{ name, unit, about string }

// outputTable is one CSV (and Parquet) file whose columns docs/outputs.md
// lists. rowType, when set, is the Go type whose fields become the columns
// (the json tags, as results.EncodeCSV writes them): the doc lists every
// field of it, so a column the model adds shows up at the next -update-docs
// and a column without a description here fails the test.
type outputTable struct {
	files   string // the file names, as the doc heading
	command string // the command that writes it
	about   string
	rowType reflect.Type
	cols    []col // fixed columns, or descriptions of rowType's fields
}

// Units used in the descriptions.
const (
	bnMonth = "US$ bn in the month"
	bnEnd   = "US$ bn at month end"
	bnRun   = "US$ bn over the run"
	share   = "share, 0 to 1"
	month   = "YYYY-MM"
	text    = "text"
	count   = "count"
	flagU   = "true/false"
)

var monthCols = []col{
	{"month", month, "the simulated month"},
	{"final_demand_consumer", bnMonth, "US households' spending on paid AI services"},
	{"final_demand_enterprise", bnMonth, "US firms' (non-AI industry) spending on AI services"},
	{"final_demand_foreign", bnMonth, "foreign spending on US AI services and hardware"},
	{"final_demand", bnMonth, "all final demand for AI: the three above"},
	{"export_stringency", "0 to 1", "stringency of US export controls on AI chips (docs/model.md)"},
	{"competitor_capability", "ratio", "the foreign competitor's capability relative to the US frontier"},
	{"competitor_share_china", share, "share of Chinese AI demand won by the domestic Chinese competitor"},
	{"manufacturing_share", share, "manufacturing's share of US output (reindustrialisation path)"},
	{"ai_revenue", bnMonth, "all sales of AI firms, gross of sales between AI firms"},
	{"revenue_final_demand", bnMonth, "AI revenue whose money came from final demand (consumers, firms, abroad), counted again at each AI firm it passes through (gross)"},
	{"revenue_final_demand_net", bnMonth, "final demand counted once, at its first sale by an AI firm (net)"},
	{"revenue_nonai_income", bnMonth, "AI revenue paid out of AI firms' non-AI businesses' income"},
	{"revenue_outside_equity", bnMonth, "AI revenue paid out of equity raised from outside investors"},
	{"revenue_debt", bnMonth, "AI revenue paid out of borrowing"},
	{"revenue_government", bnMonth, "AI revenue paid out of government money"},
	{"revenue_opening", bnMonth, "AI revenue paid out of cash held at the start of the run"},
	{"revenue_ai_investments", bnMonth, "AI revenue paid with money AI firms invested in one another"},
	{"revenue_own_round_trip", bnMonth, "the part of revenue_ai_investments that returns to the firm that invested it"},
	{"intra_sector_revenue", bnMonth, "AI revenue from sales between AI firms"},
	{"expected_growth", "fraction a year", "AI firms' expected growth of sector revenue"},
	{"observed_growth", "fraction a year", "sector revenue of the last 12 months over the 12 before, minus 1"},
	{"ai_capex", bnMonth, "capital spending on AI compute by US AI firms"},
	{"big4_capex", bnMonth, "all capex of Microsoft, Google, Amazon and Meta, AI and non-AI"},
	{"shovel_gap", bnMonth, "ai_capex minus final_demand"},
	{"compute_book", bnEnd, "AI compute at book value (cost less depreciation)"},
	{"compute_economic", bnEnd, "AI compute at economic value (replacement value after obsolescence)"},
	{"compute_stranded", bnEnd, "book value of compute that revenue does not use"},
	{"policy_rate", "1/year", "risk-free rate of the month (moves only with mechanisms.monetary_policy)"},
	{"compute_obsolescence", bnEnd, "part of compute_stranded lost to newer generations: book value above economic value"},
	{"compute_idle", bnEnd, "part of compute_stranded that demand leaves unused (compute_stranded less compute_obsolescence)"},
	{"compute_utilisation", share, "1 − compute_stranded / compute_book"},
	{"depreciation", bnMonth, "depreciation of AI compute"},
	{"nvidia_revenue", bnMonth, "Nvidia's AI revenue"},
	{"nvidia_china_share", share, "share of Nvidia's revenue from hardware sold to China"},
	{"openai_revenue", bnMonth, "OpenAI's revenue"},
	{"openai_cash", bnEnd, "OpenAI's cash"},
	{"sequoia_revenue_needed", "US$ bn a year", "Sequoia's question: Nvidia's annualised revenue × 2 × 2, the end-user revenue that would pay for it"},
	{"outside_equity_raised", bnMonth, "equity (and warrants) sold by AI firms to investors outside the sector"},
	{"debt_drawn", bnMonth, "loans drawn by AI firms from lenders outside the sector"},
	{"ai_debt", bnEnd, "AI firms' debt outstanding"},
	{"defaults", bnMonth, "payments AI firms owed and did not make"},
	{"distressed_firms", count, "AI firms in distress (restructuring) at month end"},
	{"ai_market_value", bnEnd, "market value of the listed US AI basket"},
	{"ai_fundamental_value", bnEnd, "fundamental (discounted cash flow) value of the basket"},
	{"ai_index", "index, 1 at the start", "the basket's value per unit held"},
	{"ai_drawdown", share, "fall of ai_market_value from its running peak"},
	{"sentiment", "index, 0 neutral", "AI-sector sentiment driving demand for AI shares (docs/market.md)"},
	{"chartist_share", share, "share of trend-following traders on the month's last trading day"},
	{"government_support", flagU, "the government put is buying AI shares"},
	{"private_ai_value", bnEnd, "post-money value of unlisted AI firms"},
	{"nonai_market_value", bnEnd, "market value of listed US firms outside the AI basket"},
	{"ai_share_of_index_gains_12m", "ratio", "the basket's share of the whole market's value gain over the last 12 months"},
	{"household_equity_wealth", bnEnd, "US households' equity wealth"},
	{"consumption_top10", bnMonth, "consumption of the top 10% of households by wealth"},
	{"consumption_bottom90", bnMonth, "consumption of the other 90%"},
	{"top10_consumption_share", share, "consumption_top10 / (consumption_top10 + consumption_bottom90)"},
	{"gdp", bnMonth, "US GDP, expenditure side"},
	{"consumption", bnMonth, "household consumption (C)"},
	{"investment", bnMonth, "investment (I), AI and non-AI"},
	{"government", bnMonth, "government purchases (G)"},
	{"exports", bnMonth, "exports (X)"},
	{"imports", bnMonth, "imports (M)"},
	{"gdp_production", bnMonth, "GDP from the production side (equals gdp up to rounding)"},
	{"potential_gdp", bnMonth, "potential GDP"},
	{"money_error", "relative", "largest money-conservation residual / gross flows (should be ~1e-15)"},
	{"provenance_error", "relative", "largest residual of the provenance vectors"},
	{"flow_matrix_error", "relative", "largest row or column sum of the transaction-flow matrix / gross flows"},
	{"balance_sheet_error", "relative", "largest balance-sheet identity residual"},
}

var firmCols = []col{
	{"month", month, "the simulated month"},
	{"firm", text, "firm name (data/ai_firms.csv)"},
	{"role", text, "role: model_lab, hyperscaler, neocloud, chip_vendor, memory_vendor, investor or other"},
	{"revenue", bnMonth, "the firm's AI revenue"},
	{"revenue_final_demand", bnMonth, "of which paid from final demand"},
	{"revenue_nonai_income", bnMonth, "of which paid from AI firms' non-AI income"},
	{"revenue_outside_equity", bnMonth, "of which paid from outside equity"},
	{"revenue_debt", bnMonth, "of which paid from borrowing"},
	{"revenue_other", bnMonth, "of which paid from government money and opening cash"},
	{"revenue_ai_investments", bnMonth, "of which paid with AI firms' investments in one another"},
	{"revenue_own", bnMonth, "of which the firm's own investments coming back"},
	{"nonai_income", bnMonth, "income of the firm's non-AI business"},
	{"cash", bnEnd, "cash"},
	{"debt", bnEnd, "debt outstanding"},
	{"capex", bnMonth, "AI capital spending"},
	{"compute_book", bnEnd, "compute at book value"},
	{"compute_economic", bnEnd, "compute at economic value"},
	{"value", bnEnd, "market capitalisation (listed) or post-money value (private)"},
	{"defaults", bnMonth, "payments owed and not made"},
	{"distressed", flagU, "in distress (restructuring)"},
}

var dayCols = []col{
	{"date", "YYYY-MM-DD", "simulated trading day"},
	{"ai_index", "index, 1 at the start", "the listed US AI basket's value per unit held"},
	{"ai_market_value", "US$ bn", "market value of the basket at the close"},
	{"ai_fundamental_value", "US$ bn", "its fundamental value"},
	{"nonai_index", "index, 1 at the start", "listed US firms outside the basket"},
	{"sentiment", "index, 0 neutral", "AI-sector sentiment"},
	{"chartist_share", share, "share of trend-following traders"},
	{"drawdown", share, "fall of ai_market_value from its running peak"},
}

var priceCols = []col{
	{"month", month, "month end"},
	{"firm", text, "listed firm"},
	{"price", "index, 1 at the start", "share price relative to the opening price"},
	{"fundamental", "index, 1 at the start", "fundamental value per share, on the same scale"},
	{"value_bn", "US$ bn", "market capitalisation"},
	{"fundamental_value_bn", "US$ bn", "fundamental value"},
	{"nonai_value_bn", "US$ bn", "the firm's non-AI business as the fundamental values it"},
	{"nonai_floor_bn", "US$ bn", "non-AI business less net debt (debt less cash): the floor under the market value"},
	{"enterprise_value_bn", "US$ bn", "fundamental value of the firm's businesses (non-AI and AI) before financial assets and debt"},
}

var cohortCols = []col{
	{"month", month, "month in which the cohort bought"},
	{"class", text, "investor class: top10, bottom90, foreign, government"},
	{"bought_bn", "US$ bn", "AI shares the class bought that month"},
	{"sold_bn", "US$ bn", "what it sold of them by the end of the run"},
	{"realised_pnl_bn", "US$ bn", "profit or loss realised on the sales"},
	{"held_cost_bn", "US$ bn", "cost of the shares still held at the end"},
	{"held_value_bn", "US$ bn", "their value at the end"},
	{"unrealised_pnl_bn", "US$ bn", "held_value_bn − held_cost_bn"},
	{"pnl_bn", "US$ bn", "realised + unrealised"},
	{"return", "fraction", "pnl_bn / bought_bn"},
}

var eventCols = []col{
	{"month", month, "when it happened"},
	{"type", text, "deal_start, funding_round, equity_issue, bank_loan, contract_default, loan_default, distress, emerged, market_shock, burst or government_put"},
	{"firm", text, "the firm it happened to"},
	{"counterparty", text, "the other firm (omitted when none)"},
	{"deal_id", text, "the deal's id in data/ai_deals.csv (omitted when none)"},
	{"amount_bn", "US$ bn", "the amount involved"},
	{"detail", text, "a description (omitted when empty)"},
}

var estimatedCols = []col{
	{"id", text, "deal id"},
	{"source", text, "paying firm"},
	{"target", text, "receiving firm"},
	{"kind", text, "deal kind (docs/deals-format.md)"},
	{"amount_bn", "US$ bn", "the estimated amount"},
	{"basis", text, "how it was estimated (data/undisclosed_estimates.csv)"},
}

var pairCols = []col{
	{"from", text, "paying AI firm"},
	{"to", text, "receiving AI firm"},
	{"kind", text, "kind of payment: equity, compute_sale, chip_sale, lease_rent, backstop, loan_draw, interest, ..."},
	{"amount_bn", bnRun, "paid over the run"},
}

var provenanceCols = []col{
	{"firm", text, "AI firm"},
	{"revenue_bn", bnRun, "its AI revenue over the run"},
	{"final_demand_consumer", bnRun, "of which from consumers"},
	{"final_demand_industry", bnRun, "of which from US firms outside AI"},
	{"final_demand_foreign", bnRun, "of which from abroad"},
	{"nonai_income", bnRun, "of which from AI firms' non-AI income"},
	{"outside_equity", bnRun, "of which from outside equity"},
	{"debt", bnRun, "of which from borrowing"},
	{"government", bnRun, "of which from government money"},
	{"opening", bnRun, "of which from cash at the start"},
	{"ai_firm:NAME", bnRun, "of which from money AI firm NAME invested (one column per AI firm)"},
}

var flowMatrixCols = []col{
	{"transaction", text, "transaction kind (a row per kind), then column_sum"},
	{"SECTOR", bnRun, "net flow of the kind into the sector (one column per sector: households_top10, households_bottom90, industry, ai_firms, outside_investors, banks, government, rest_of_world, foreign_ai_firms); columns sum to 0"},
	{"row_sum", bnRun, "the row's sum (0: every payment has a payer and a payee)"},
}

// runMetricsCols describes sim.RunMetrics, the per-run columns of a sweep.
var runMetricsCols = []col{
	{"run", count, "run number, 0-based"},
	{"point", count, "design point"},
	{"replication", count, "replication within the point"},
	{"param.PATH", "the parameter's", "value of each varied parameter (docs/model.md)"},
	{"scenario", text, "base scenario name"},
	{"seed", "integer", "the run's seed (`bubblelab run --seed` reproduces it)"},
	{"peak_ai_value_bn", "US$ bn", "peak month-end market value of the listed AI basket"},
	{"peak_month", month, "its month"},
	{"max_drawdown", share, "largest fall of the basket's value from its running peak"},
	{"burst_month", month, "first burst (a fall of markets.burst_drawdown from the peak); empty if none"},
	{"burst_year", "year", "its calendar year; 0 if none"},
	{"trough_ai_value_bn", "US$ bn", "the basket's value at the trough after the first burst"},
	{"min_gdp_gap", "fraction", "lowest GDP / potential − 1"},
	{"min_gdp_gap_month", month, "its month"},
	{"gdp_end_gap", "fraction", "GDP / potential − 1 in the last month"},
	{"consumption_bn", bnRun, "household consumption"},
	{"consumption_top10_bn", bnRun, "consumption of the top 10%"},
	{"peak_consumption_drop", share, "largest fall of monthly consumption from its running peak"},
	{"ai_revenue_bn", bnRun, "AI firms' revenue"},
	{"final_demand_share", share, "share of AI revenue paid from final demand"},
	{"ai_investment_share", share, "share paid with AI firms' investments in one another"},
	{"round_trip_share", share, "share that was the payer's own investment coming back"},
	{"ai_capex_bn", bnRun, "AI capex"},
	{"final_demand_bn", bnRun, "final demand for AI"},
	{"peak_stranded_bn", "US$ bn", "largest month-end stranded compute"},
	{"end_stranded_bn", "US$ bn", "stranded compute at the end"},
	{"defaults", count, "defaults"},
	{"default_amount_bn", bnRun, "payments owed and not made"},
	{"distressed_firms", count, "firms that were in distress"},
	{"first_distress_month", month, "first month a firm was in distress; empty if none"},
	{"pnl_top10_bn", "US$ bn", "end-of-run profit or loss of the top 10% on AI shares"},
	{"pnl_bottom90_bn", "US$ bn", "of the other 90%"},
	{"pnl_foreign_bn", "US$ bn", "of foreign investors"},
	{"late_cohort_pnl_bn", "US$ bn", "of the cohorts that bought in the 12 months to the peak"},
	{"government_put_cost_bn", "US$ bn", "spent by the government put"},
	{"stranded_at_trough_bn", "US$ bn", "stranded compute at the market trough"},
	{"gdp_loss_bn", bnRun, "GDP lost against the no-burst twin; NaN unless outputs.counterfactual"},
	{"gdp_loss_peak", "fraction", "largest monthly GDP shortfall against the twin; NaN unless outputs.counterfactual"},
	{"consumption_loss_bn", bnRun, "consumption lost against the twin; NaN unless outputs.counterfactual"},
	{"consumption_loss_peak", "fraction", "largest monthly consumption shortfall; NaN unless outputs.counterfactual"},
	{"max_invariant_error", "relative", "largest accounting residual of the run (~1e-14)"},
	{"ew_NAME_alarm", flagU, "detector NAME (psy, lppls) warned at some month"},
	{"ew_NAME_alarm_month", "months from the start", "its first warning; −1 if none"},
	{"ew_NAME_lead_months", "months", "burst month − first warning; −1 when no burst or a late warning"},
}

var burstYearCols = []col{
	{"year", "year", "calendar year"},
	{"runs", count, "runs whose first burst falls in the year"},
	{"probability", share, "runs / all runs"},
	{"cumulative", share, "share of runs with a burst in the year or before"},
}

var pointCols = []col{
	{"point", count, "design point"},
	{"param.PATH", "the parameter's", "its value of each varied parameter"},
	{"runs", count, "runs at the point"},
	{"burst_probability", share, "share of its runs with a burst"},
	{"mean_MEASURE", "the measure's", "mean of each measure of the runs table over the point's runs (empty when not computed)"},
}

var sobolCols = []col{
	{"output", text, "measure (a runs-table column, or burst)"},
	{"parameter", text, "varied parameter"},
	{"first", "index", "first-order Sobol index (Saltelli 2010)"},
	{"first_low", "index", "lower end of its bootstrap interval"},
	{"first_high", "index", "upper end"},
	{"total", "index", "total index (Jansen 1999)"},
	{"total_low", "index", "lower end of its bootstrap interval"},
	{"total_high", "index", "upper end"},
}

var cycleCols = []col{
	{"rank", count, "the cycle's rank, largest bottleneck first"},
	{"length", count, "firms in the cycle"},
	{"bottleneck_bn", "US$ bn", "the smallest amount along the cycle: the most money that can go round it alone"},
	{"firms", text, "the firms in order, joined by \" > \""},
	{"deals", text, "the deals on each edge (several joined by +), edges joined by \" > \""},
}

var lossCols = []col{
	{"method", text, "en, rv, furfine, debtrank or linear-debtrank (docs/stress.md)"},
	{"firm", text, "firm"},
	{"equity_before_usd_bn", "US$ bn", "equity (capital buffer) before the shock"},
	{"equity_after_usd_bn", "US$ bn", "equity after the cascade"},
	{"loss_usd_bn", "US$ bn", "max(before, 0) − max(after, 0); absorbing firms before − after"},
	{"distress", "0 to 1", "DebtRank distress h_i"},
	{"defaulted", flagU, "the firm defaults"},
	{"default_round", count, "round in which it defaults (1: on impact; 0: never)"},
	{"paid_usd_bn", "US$ bn", "clearing models: what it pays of its obligations (empty for the others)"},
	{"owed_usd_bn", "US$ bn", "clearing models: what it owes"},
	{"shock_loss_usd_bn", "US$ bn", "the initial shock's loss to it"},
	{"capital_known", flagU, "false when the firm has no valuation and no --balance row, so its capital is 0"},
	{"absorbing", flagU, "stands for creditors outside the system: takes losses, never defaults"},
}

var psyStatCols = []col{
	{"name", text, "ADF, SADF or GSADF"},
	{"value", "statistic", "the test statistic"},
	{"cv90", "statistic", "its 90% critical value"},
	{"cv95", "statistic", "95% critical value"},
	{"cv99", "statistic", "99% critical value"},
	{"p_value", "probability", "(1 + draws at or above it) / (1 + draws), from the Monte Carlo or bootstrap"},
}

var psyEpisodeCols = []col{
	{"start", "date", "origination: the first date above the critical value"},
	{"peak", "date", "highest price in start..last"},
	{"trough", "date", "lowest price in start..last"},
	{"last", "date", "the episode's last date"},
	{"end", "date", "termination: the first date back at or below the critical value"},
	{"duration", "observations", "length of the episode"},
	{"signal", text, "positive (the series ends at least as high as it started) or negative (a fall)"},
	{"ongoing", flagU, "still open at the last price"},
	{"peak_level", "price", "the price at peak, in the tested units (log with --log)"},
	{"trough_level", "price", "the price at trough"},
}

var psyDateCols = []col{
	{"date", "date", "end of the sample"},
	{"bsadf", "statistic", "backward sup ADF statistic of the sample ending there"},
	{"critical_value", "statistic", "its critical value at --level"},
	{"p_value", "probability", "its p-value"},
}

var lpplsIndicatorCols = []col{
	{"date", "date", "end date of the fitted windows"},
	{"positive", share, "share of windows with a qualified positive bubble (B < 0)"},
	{"negative", share, "share with a qualified negative bubble (B > 0)"},
	{"tc_median_positive", "date", "median critical time of the qualified positive fits"},
}

var lpplsFitCols = []col{
	{"end", "date", "last date of the window"},
	{"window_start", "date", "first date of the window"},
	{"observations", count, "prices in the window"},
	{"tc", "date", "critical time"},
	{"tc_days_after_end", "days", "tc − end"},
	{"m", "–", "power-law exponent"},
	{"omega", "–", "angular log-frequency"},
	{"a", "log price", "A: log price at tc"},
	{"b", "log price / time^m", "B (B < 0: positive bubble)"},
	{"c1", "log price / time^m", "oscillation amplitude C1"},
	{"c2", "log price / time^m", "oscillation amplitude C2"},
	{"oscillations", count, "oscillations over the window"},
	{"damping", "ratio", "m|B| / (ω|C|)"},
	{"rss", "log price²", "residual sum of squares"},
	{"residual_sd", "log price", "standard deviation of the residuals"},
	{"bubble", text, "positive or negative"},
	{"qualified", flagU, "passes the qualification filter"},
	{"reasons", text, "the filter's conditions it fails"},
}

var lpplsResidualCols = []col{
	{"end", "date", "the fit's window end"},
	{"window_start", "date", "the fit's window start"},
	{"date", "date", "observation"},
	{"log_price", "log price", "observed"},
	{"model", "log price", "fitted"},
	{"residual", "log price", "observed − fitted"},
}

func outputTables() []outputTable {
	return []outputTable{
		{files: "months.csv, months.parquet", command: "run", about: "one row per simulated month.", rowType: reflect.TypeFor[sim.MonthRecord](), cols: monthCols},
		{files: "firms.csv, firms.parquet", command: "run", about: "one row per firm and month.", rowType: reflect.TypeFor[sim.FirmMonth](), cols: firmCols},
		{files: "ai_index_daily.csv, days.parquet", command: "run", about: "one row per simulated trading day (when markets are on).", rowType: reflect.TypeFor[sim.DayRecord](), cols: dayCols},
		{files: "prices.csv, prices.parquet", command: "run", about: "one row per listed firm and month end (when markets are on).", rowType: reflect.TypeFor[sim.PriceRecord](), cols: priceCols},
		{files: "cohorts.csv", command: "run", about: "one row per investor class and month of purchase, valued at the end of the run.", rowType: reflect.TypeFor[sim.CohortRecord](), cols: cohortCols},
		{files: "events.jsonl", command: "run", about: "one JSON object per line, one per event.", rowType: reflect.TypeFor[sim.Event](), cols: eventCols},
		{files: "estimated_deals.csv", command: "run", about: "one row per deal whose amount was not disclosed and was estimated.", rowType: reflect.TypeFor[sim.EstimatedDeal](), cols: estimatedCols},
		{files: "pair_flows.csv", command: "run", about: "one row per paying firm, receiving firm and kind.", rowType: reflect.TypeFor[sim.PairFlow](), cols: pairCols},
		{files: "revenue_provenance.csv", command: "run", about: "one row per AI firm: where the money of its revenue came from.", cols: provenanceCols},
		{files: "flow_matrix.csv", command: "run", about: "the transaction-flow matrix summed over the run.", cols: flowMatrixCols},
		{files: "runs.csv, runs.parquet", command: "merge", about: "one row per run of a sweep (parts/runs-*.parquet hold the same columns); the metric columns are the fields of sim.RunMetrics.", rowType: reflect.TypeFor[sim.RunMetrics](), cols: runMetricsCols},
		{files: "burst_by_year.csv", command: "merge", about: "burst probability by calendar year.", rowType: reflect.TypeFor[sweep.BurstYear](), cols: burstYearCols},
		{files: "points.csv", command: "merge", about: "grid designs: one row per design point.", cols: pointCols},
		{files: "sobol.csv", command: "merge", about: "Saltelli designs: one row per measure and parameter.", cols: sobolCols},
		{files: "cycles.csv", command: "loops", about: "one row per listed simple cycle of the deal network.", cols: cycleCols},
		{files: "losses.csv", command: "stress", about: "one row per method and firm.", cols: lossCols},
		{files: "statistics.csv", command: "detect", about: "PSY: the whole-sample statistics.", rowType: reflect.TypeFor[psyStat](), cols: psyStatCols},
		{files: "episodes.csv", command: "detect", about: "PSY: one row per dated episode.", rowType: reflect.TypeFor[psyEpisode](), cols: psyEpisodeCols},
		{files: "psy_dates.csv", command: "detect", about: "PSY: one row per date tested.", rowType: reflect.TypeFor[psyDate](), cols: psyDateCols},
		{files: "lppls_indicator.csv", command: "detect", about: "LPPLS: the confidence indicator, one row per end date.", rowType: reflect.TypeFor[lpplsIndPoint](), cols: lpplsIndicatorCols},
		{files: "lppls_fits.csv", command: "detect", about: "LPPLS: one row per fitted window.", rowType: reflect.TypeFor[lpplsFitRow](), cols: lpplsFitCols},
		{files: "lppls_residuals.csv", command: "detect", about: "LPPLS with --lppls-residuals: one row per fit and observation.", rowType: reflect.TypeFor[lpplsResidual](), cols: lpplsResidualCols},
	}
}

// otherFiles are the outputs that are not tables, by command.
var otherFiles = []struct{ command, file, about string }{
	{"run", "summary.json", "the printed summary: revenue provenance shares, round trips by firm, shovel gap, stranded compute, Sequoia's question, yearly national accounts, defaults, markets (peak, bursts, cohorts), comparisons with the no-burst and no-put twins, invariants; amounts in US$ bn, shares 0 to 1"},
	{"run", "scenario.yaml", "every parameter of the run (`bubblelab run scenario.yaml` repeats it)"},
	{"run", "calibration.json", "with --calibration: per observed fact, item, fact, as_of, unit, observed, model, error (model − observed), relative_error, window, note"},
	{"run", "report.html", "the self-contained HTML report (docs/report.md)"},
	{"merge", "aggregate.json, aggregate.txt", "burst probability by year; per measure count, non_finite, mean, sd, min, max and quantiles (or a note when not computed); Sobol indices; early-warning hit and false-alarm rates (docs/sweep.md)"},
	{"merge", "sweep.yaml, base.yaml", "the canonical spec and the resolved base scenario"},
	{"merge", "report.html", "the sweep's HTML report"},
	{"loops", "loops.json, network.svg, report.html", "everything loops prints with --json; the network picture; the HTML report (docs/loops.md)"},
	{"stress", "stress.json", "everything stress prints with --json (docs/stress.md)"},
	{"detect", "detect.json, detect.svg, report.html", "everything detect prints with --json; the chart; the HTML report (docs/detect-psy.md, docs/detect-lppls.md)"},
	{"calibrate", "calibration.json, estimate.yaml, evals.jsonl", "the estimates and their holdout fit, the estimate as a scenario, the resume log (docs/calibrate.md)"},
	{"calibrate", "posterior.csv", "ABC-SMC: one row per particle, param.PATH per estimated parameter, weight (sums to 1) and distance (docs/calibrate.md)"},
	{"compare, claims", "compare.html, claims.html", "HTML pages (docs/report.md)"},
}

// csvColumns lists the columns results.EncodeCSV writes for type t: the
// json tags of its exported scalar fields, in order.
func csvColumns(t reflect.Type) []string {
	var names []string
	for i := range t.NumField() {
		f := t.Field(i)
		name := strings.Split(f.Tag.Get("json"), ",")[0]
		if name == "" || name == "-" || !f.IsExported() {
			continue
		}
		switch f.Type.Kind() {
		case reflect.String, reflect.Float64, reflect.Int, reflect.Int64, reflect.Uint64, reflect.Bool:
			names = append(names, name)
		}
	}
	return names
}

// documented returns the columns of tb in file order: rowType's fields (with
// the descriptions of cols, plus any pattern columns of cols around them)
// or cols itself; missing lists fields that have no description.
func (tb outputTable) documented() (cols []col, missing []string) {
	if tb.rowType == nil {
		return tb.cols, nil
	}
	byName := map[string]col{}
	for _, c := range tb.cols {
		byName[c.name] = c
	}
	fields := csvColumns(tb.rowType)
	inFields := map[string]bool{}
	for _, f := range fields {
		inFields[f] = true
	}
	// Leading columns that are not fields (run, point, param.PATH) come
	// first, trailing ones (ew_*) last, as the sweep writes them.
	var lead, trail []col
	seenField := false
	for _, c := range tb.cols {
		switch {
		case inFields[c.name]:
			seenField = true
		case !seenField:
			lead = append(lead, c)
		default:
			trail = append(trail, c)
		}
	}
	cols = append(cols, lead...)
	for _, f := range fields {
		c, ok := byName[f]
		if !ok {
			missing = append(missing, f)
			c = col{f, "?", "not yet described"}
		}
		cols = append(cols, c)
	}
	return append(cols, trail...), missing
}

// outputsDoc renders docs/outputs.md.
func outputsDoc(t *testing.T) []byte {
	var b bytes.Buffer
	b.WriteString(`# Output files and their columns

<!-- Generated by cmd/bubblelab/outputs_doc_test.go from the Go types that
the files are written from; do not edit. Regenerate with
go test ./cmd/bubblelab -run TestOutputsDoc -update-docs -->

Every table that ` + "`bubblelab run`" + `, ` + "`merge`" + `, ` + "`loops`" + `, ` + "`stress`" + ` and ` + "`detect`" + `
write, with its columns in file order, their units and what they hold, and
the other files they and ` + "`calibrate`" + ` write. The CSV and Parquet forms of a table
have the same columns. Amounts are nominal US dollars in billions ("US$ bn");
"in the month" marks a flow over the month, "at month end" a stock; shares
run from 0 to 1. The columns are read from the code (the row types in ` + "`sim`" + `,
` + "`sweep`" + ` and the commands), and a test checks them against the files short runs
of the commands write, so a column the model adds appears here at the next
regeneration.
`)
	command := ""
	for _, tb := range outputTables() {
		if tb.command != command {
			command = tb.command
			fmt.Fprintf(&b, "\n## bubblelab %s\n", command)
		}
		cols, missing := tb.documented()
		for _, m := range missing {
			t.Errorf("%s: column %s (a field of %s) has no description in outputs_doc_test.go", tb.files, m, tb.rowType)
		}
		fmt.Fprintf(&b, "\n### %s\n\n%s%s\n\n| column | unit | contents |\n|---|---|---|\n", codeList(tb.files), strings.ToUpper(tb.about[:1]), tb.about[1:])
		for _, c := range cols {
			fmt.Fprintf(&b, "| `%s` | %s | %s |\n", c.name, c.unit, c.about)
		}
	}
	b.WriteString("\n## Other files\n\n| command | file | contents |\n|---|---|---|\n")
	for _, f := range otherFiles {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", f.command, codeList(f.file), f.about)
	}
	return b.Bytes()
}

// codeList puts each comma-separated name in backticks.
func codeList(s string) string {
	parts := strings.Split(s, ", ")
	for i, p := range parts {
		parts[i] = "`" + p + "`"
	}
	return strings.Join(parts, ", ")
}

// TestOutputsDoc keeps docs/outputs.md equal to what the code writes: the
// page is generated from the row types, and the CSV headers of a short run
// and of merged grid and Saltelli sweeps must be the documented columns.
func TestOutputsDoc(t *testing.T) {
	t.Parallel()
	got := outputsDoc(t)
	path := "../../docs/outputs.md"
	if *updateDocs {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	} else if want, err := os.ReadFile(path); err != nil || !bytes.Equal(want, got) {
		t.Errorf("docs/outputs.md is not what the code writes (%v); regenerate it with go test ./cmd/bubblelab -run TestOutputsDoc -update-docs", err)
	}

	dir := t.TempDir()
	scen := filepath.Join(dir, "short.yaml")
	if err := os.WriteFile(scen, []byte("base: baseline\nmonths: 14\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run := filepath.Join(dir, "run")
	if code, _, stderr := runCLI(t, "run", scen, "--out", run, "--quiet"); code != exitOK {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	for _, spec := range []string{
		"base: baseline\nset:\n  months: 12\nreplications: 2\ndesign:\n  method: grid\n  parameters:\n    - path: demand.china_share\n      values: [0.3, 0.5]\nearly_warning:\n  psy: true\n  psy_replications: 99\n",
		"base: baseline\nset:\n  months: 12\ndesign:\n  method: saltelli\n  samples: 2\n  bootstrap: 10\n  parameters:\n    - path: demand.china_share\n      min: 0.1\n      max: 0.5\n",
	} {
		f := filepath.Join(dir, "sweep.yaml")
		if err := os.WriteFile(f, []byte(spec), 0o644); err != nil {
			t.Fatal(err)
		}
		sw := filepath.Join(dir, "sw")
		os.RemoveAll(sw)
		if code, _, stderr := runCLI(t, "sweep", f, "--out", sw, "--quiet", "--workers", "2"); code != exitOK {
			t.Fatalf("sweep: exit %d: %s", code, stderr)
		}
		if code, _, stderr := runCLI(t, "merge", sw, "--out", filepath.Join(dir, "merged"), "--quiet"); code != exitOK {
			t.Fatalf("merge: exit %d: %s", code, stderr)
		}
	}
	for _, args := range [][]string{
		{"loops", "--out", filepath.Join(dir, "loops")},
		{"stress", "--fail", "OpenAI", "--method", "all", "--out", filepath.Join(dir, "stress")},
		{"detect", "nvda", "--log", "--freq", "monthly", "--from", "2022-06", "--method", "both", "--reps", "99", "--lppls-starts", "2", "--lppls-residuals", "--out", filepath.Join(dir, "detect")},
	} {
		if code, _, stderr := runCLI(t, args...); code != exitOK {
			t.Fatalf("%s: exit %d: %s", strings.Join(args, " "), code, stderr)
		}
	}
	files := map[string]string{}
	for _, d := range []string{run, filepath.Join(dir, "merged"), filepath.Join(dir, "loops"), filepath.Join(dir, "stress"), filepath.Join(dir, "detect")} {
		csvs, _ := filepath.Glob(filepath.Join(d, "*.csv"))
		for _, f := range csvs {
			files[filepath.Base(f)] = f
		}
	}
	for _, tb := range outputTables() {
		name := strings.Split(tb.files, ", ")[0]
		if !strings.HasSuffix(name, ".csv") {
			continue
		}
		f, ok := files[name]
		if !ok {
			t.Errorf("%s: not written by the short run or sweeps", name)
			continue
		}
		delete(files, name)
		cols, _ := tb.documented()
		header := csvHeader(t, f)
		if err := matchColumns(header, cols); err != nil {
			t.Errorf("%s: %v\nheader: %v", name, err, header)
		}
	}
	for name := range files {
		t.Errorf("%s is written but docs/outputs.md has no table for it", name)
	}
}

func csvHeader(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h, err := csv.NewReader(f).Read()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return h
}

// matchColumns checks header against the documented columns in order; a
// pattern column (with an upper-case part) matches one or more columns
// of its shape.
func matchColumns(header []string, cols []col) error {
	i := 0
	for _, c := range cols {
		pre, post, isPattern := patternParts(c.name)
		if !isPattern {
			if i >= len(header) || header[i] != c.name {
				return fmt.Errorf("documented column %s is not column %d", c.name, i+1)
			}
			i++
			continue
		}
		n := 0
		for i < len(header) && strings.HasPrefix(header[i], pre) && strings.HasSuffix(header[i], post) && !slices.ContainsFunc(cols, func(o col) bool { return o.name == header[i] }) {
			i++
			n++
		}
		_ = n // a family may be empty (no varied parameter, no detector)
	}
	if i != len(header) {
		return fmt.Errorf("columns from %s on are not documented", header[i])
	}
	return nil
}

// patternParts splits a family name such as param.PATH or ew_NAME_alarm
// into the text before and after its upper-case part.
func patternParts(name string) (pre, post string, ok bool) {
	start := strings.IndexFunc(name, func(r rune) bool { return r >= 'A' && r <= 'Z' })
	if start < 0 {
		return "", "", false
	}
	end := start
	for end < len(name) && name[end] >= 'A' && name[end] <= 'Z' {
		end++
	}
	return name[:start], name[end:], true
}
