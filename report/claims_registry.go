package report

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/bubblelab/bubblelab/dataset"
	"github.com/bubblelab/bubblelab/sim"
)

// Thresholds of the decision rules, documented in docs/report.md.
const (
	// materialShare is "a material part": a tenth.
	materialShare = 0.10
	// nearClaimPoints is how far (percentage points) below the article's
	// "80% of the gains" a share may fall and still support it.
	nearClaimPoints = 10.0
	// nearHalfPoints: the top 10% "carry half": at least 45%.
	nearHalfPoints = 5.0
	// pillarShare: "the most important pillar": a third of growth.
	pillarShare = 1.0 / 3
	// farAboveSales: valued "far above revenue": 10 or more times sales,
	// a decade of the whole revenue to earn back the price.
	farAboveSales = 10.0
	// basicSubscriptionUSDYear: one basic AI subscription, 20 USD a month.
	basicSubscriptionUSDYear = 240.0
	// burstFall is the fall of the listed AI market from its peak that
	// counts as a burst: 30%, the model's default burst_drawdown.
	burstFall = 0.30
	// overvalued: "far above fundamentals": the market value at the peak
	// at least half again above the fundamental value.
	overvalued = 1.5
	// crashDrop: the fall of consumption and of GDP below potential that
	// counts as a crash.
	crashDrop = 0.02
)

// claimRegistry is the list of the article's claims (MODEL.md section 9)
// with the evidence that bears on each. Add a claim by adding an entry.
func claimRegistry() []claimDef {
	base, nec, lla, reind := "baseline", "no-export-controls", "long-lived-assets", "reindustrialisation"
	fdShare := func(m sim.MonthRecord) float64 { return m.FinalDemand }
	return []claimDef{
		{
			id: "C1", mechanism: "M1",
			statement: "Everyone sells shovels and nobody mines: AI spending is not matched by demand from the firms and people who would use AI.",
			quote:     "如果所有人都在賣鏟子,而沒人去挖礦,社會財富就不會有現實的增加,這些天價鏟子也遲早會賣不動。",
			rule:      fmt.Sprintf("Supported if the revenue gap Sequoia measured is at least half of the revenue the chips need, and in the baseline AI capex over 2023–2025 is at least twice AI final demand while final demand pays for under half of AI firms' revenue."),
			evidence: []func(*claimEval) Evidence{
				twoFacts("data", "Sequoia's revenue gap as a share of the revenue AI chips need (June 2024)",
					"sequoia_revenue_gap_after_assumed_ai_revenue", "2024-06", "sequoia_ai_revenue_question", "2024-06",
					func(a, b float64) float64 { return a / b }, pct, "≥ 50%", func(x float64) bool { return x >= 0.5 }),
				modelEvidence("AI capex against AI final demand, 2023–2025", "≥ 2×", []string{base}, false, times,
					func(r []*sim.Result) float64 {
						return ratio(sumMonths(r[0], "2023-01", "2025-12", func(m sim.MonthRecord) float64 { return m.AICapex }),
							sumMonths(r[0], "2023-01", "2025-12", fdShare))
					}, func(x float64) bool { return x >= 2 }),
				modelEvidence("share of AI firms' revenue paid by final demand, 2023–2025", "< 50%", []string{base}, false, pct,
					func(r []*sim.Result) float64 {
						return ratio(sumMonths(r[0], "2023-01", "2025-12", func(m sim.MonthRecord) float64 { return m.RevenueFinalDemand }),
							sumMonths(r[0], "2023-01", "2025-12", func(m sim.MonthRecord) float64 { return m.AIRevenue }))
					}, func(x float64) bool { return x < 0.5 }),
			},
		},
		{
			id: "C2", mechanism: "M6",
			statement: "The deals between OpenAI and its suppliers form closed loops in which the money flows back.",
			quote:     "OpenAI與眾多AI上下游企業達成合作協議,推動所有有關企業股價飆升,然而稍微深究一下,就會發現,這些合作基本上都存在資金回流的閉環。",
			rule:      fmt.Sprintf("Supported if the shipped deal network has at least one cycle, at least %s of its flow is circular (circularity index), and at least %s of what AI firms paid each other in the baseline run went round in loops.", pct(materialShare), pct(materialShare)),
			evidence: []func(*claimEval) Evidence{
				networkEvidence("cycles of at most 6 deals in the shipped deal network", "≥ 1",
					func(n *Network) (float64, string) { return float64(n.Count.Total), fmt.Sprint(n.Count.Total) }, func(x float64) bool { return x >= 1 }),
				networkEvidence("circularity index of the shipped deal network (circular flow / gross flow)", "≥ "+pct(materialShare),
					func(n *Network) (float64, string) {
						if n.Circulation == nil {
							return math.NaN(), "n/a"
						}
						return n.Circulation.CircularityIndex, pct(n.Circulation.CircularityIndex)
					}, func(x float64) bool { return x >= materialShare }),
				modelEvidence("circularity index of the payments between AI firms in the run", "≥ "+pct(materialShare), []string{base}, false, pct,
					func(r []*sim.Result) float64 {
						_, d, err := paymentsNetwork(context.Background(), r[0])
						if err != nil || d == nil {
							return math.NaN()
						}
						return d.CircularityIndex
					}, func(x float64) bool { return x >= materialShare }),
			},
		},
		{
			id: "C3", mechanism: "M8",
			statement: "AI stocks gave about 80% of the year's US stock-market gains.",
			quote:     "今年美國股市80%的漲幅,都由AI相關企業的股票貢獻",
			rule:      fmt.Sprintf("Supported if the observed shares of market gains from AI stocks, and the baseline's simulated share for 2025, are at least %v%% (the article's 80%% less %v points): AI stocks carried most of the market's gain. A share above 100%% means the rest of the market fell.", 80-nearClaimPoints, nearClaimPoints),
			evidence: []func(*claimEval) Evidence{
				factEvidence("share_of_us_stock_market_gains_2025_from_ai_stocks", "", "AI stocks' share of 2025 US stock-market gains (Sharma)", "≥ 70%", pctOf100, func(x float64) bool { return x >= 80-nearClaimPoints }),
				factEvidence("share_of_sp500_returns_from_ai_stocks_since_chatgpt", "", "AI stocks' share of S&P 500 returns since ChatGPT (JPMorgan)", "≥ 70%", pctOf100, func(x float64) bool { return x >= 80-nearClaimPoints }),
				modelEvidence("AI share of the stock market's 12-month gain, December 2025", "≥ 70%", []string{base}, true, pct,
					func(r []*sim.Result) float64 {
						return atMonth(r[0], "2025-12", func(m sim.MonthRecord) float64 { return m.AIShareOfIndexGains12m })
					}, func(x float64) bool { return x >= 0.8-nearClaimPoints/100 }),
			},
		},
		{
			id: "C4", mechanism: "M8",
			statement: "The top 10% of earners, spending their stock gains, account for about half of US consumption.",
			quote:     "要知道,美國能夠在消費者信心降低至2008年(金融危機時期)水平,維持消費數據增長的關鍵,就是因為最頂層的10%有錢人因為手中股票的強勢表現而敢于揮霍,為美國貢獻了50%的消費。",
			rule:      fmt.Sprintf("Supported if the observed top-10%% share of consumer spending and the baseline's 2025 share are at least %v%% (the article's half less %v points).", 50-nearHalfPoints, nearHalfPoints),
			evidence: []func(*claimEval) Evidence{
				factEvidence("top10pct_earners_share_of_consumer_spending", "2025", "top 10% share of consumer spending, 2025-Q2 (Moody's)", "≥ 45%", pctOf100, func(x float64) bool { return x >= 50-nearHalfPoints }),
				factEvidence("top10pct_earners_share_of_consumer_spending", "2024", "top 10% share of consumer spending, 2024-Q3 (Moody's)", "≥ 45%", pctOf100, func(x float64) bool { return x >= 50-nearHalfPoints }),
				modelEvidence("top 10% share of consumption, 2025 average", "≥ 45%", []string{base}, true, pct,
					func(r []*sim.Result) float64 {
						return meanMonths(r[0], "2025-01", "2025-12", func(m sim.MonthRecord) float64 { return m.TopConsumptionShare })
					}, func(x float64) bool { return x >= 0.5-nearHalfPoints/100 }),
			},
		},
		{
			id: "C5", mechanism: "M8",
			statement: "Consumer confidence has fallen to its level of the 2008 financial crisis.",
			quote:     "美國能夠在消費者信心降低至2008年(金融危機時期)水平",
			rule:      "Supported if the 2025 readings of the University of Michigan consumer sentiment index are at most 5 index points above its 2008 crisis low. The model has no sentiment index, so only the data bear on this claim.",
			evidence: []func(*claimEval) Evidence{
				twoFacts("data", "consumer sentiment September 2025 minus the 2008 low", "umich_consumer_sentiment", "2025-09", "umich_consumer_sentiment_2008_crisis_low", "",
					func(a, b float64) float64 { return a - b }, signedNum, "≤ +5 points", func(x float64) bool { return x <= 5 }),
				twoFacts("data", "consumer sentiment November 2025 minus the 2008 low", "umich_consumer_sentiment", "2025-11", "umich_consumer_sentiment_2008_crisis_low", "",
					func(a, b float64) float64 { return a - b }, signedNum, "≤ +5 points", func(x float64) bool { return x <= 5 }),
			},
		},
		{
			id: "C6", mechanism: "M8",
			statement: "The AI boom is the most important pillar of the US economy.",
			quote:     "客觀來說,這樣的篤定并非沒有道理,畢竟AI繁榮可是美國經濟最重要的支柱。",
			rule:      "Supported if AI-related investment accounts for at least a third of US GDP growth, in the data and in the baseline's 2025.",
			evidence: []func(*claimEval) Evidence{
				factEvidence("share_of_real_gdp_growth_from_info_processing_equipment_software", "", "information-processing investment's share of real GDP growth, 2025-H1 (Furman)", "≥ 33.3%", pctOf100, func(x float64) bool { return x >= 100*pillarShare }),
				factEvidence("ai_capex_share_of_us_gdp_growth_2025", "", "AI capex share of US GDP growth, 2025 (Sharma)", "≥ 33.3%", pctOf100, func(x float64) bool { return x >= 100*pillarShare }),
				modelEvidence("AI capex growth as a share of nominal GDP growth, 2024 to 2025", "≥ 33.3%", []string{base}, true, pct,
					func(r []*sim.Result) float64 {
						capex := func(m sim.MonthRecord) float64 { return m.AICapex }
						gdp := func(m sim.MonthRecord) float64 { return m.GDP }
						dc := sumMonths(r[0], "2025-01", "2025-12", capex) - sumMonths(r[0], "2024-01", "2024-12", capex)
						dg := sumMonths(r[0], "2025-01", "2025-12", gdp) - sumMonths(r[0], "2024-01", "2024-12", gdp)
						return ratio(dc, dg)
					}, func(x float64) bool { return x >= pillarShare }),
			},
		},
		{
			id: "C7", mechanism: "M9",
			statement: "If the AI bubble bursts, the stock market crashes, consumption shrinks sharply and the economy may collapse.",
			quote:     "一旦AI泡沫崩潰,意味著美國股市徹底崩盤,消費隨之大幅萎縮,美國經濟可能因此陷入崩潰。",
			rule:      fmt.Sprintf("Supported if in the baseline the listed AI market falls at least %s from its peak (a burst), consumption falls at least %s from its peak, and GDP falls at least %s below what it is in the same economy without the burst (the no-burst counterfactual).", pct(burstFall), pct(crashDrop), pct(crashDrop)),
			evidence: []func(*claimEval) Evidence{
				modelEvidence("largest fall of listed AI market value from its peak", "≥ "+pct(burstFall), []string{base}, true, pct,
					func(r []*sim.Result) float64 { return sim.Metrics(r[0]).MaxDrawdown }, func(x float64) bool { return x >= burstFall }),
				modelEvidence("largest fall of household consumption from its peak", "≥ "+pct(crashDrop), []string{base}, true, pct,
					func(r []*sim.Result) float64 { return sim.Metrics(r[0]).PeakConsumptionDrop }, func(x float64) bool { return x >= crashDrop }),
				comparisonEvidence("largest GDP shortfall against the no-burst counterfactual", "≥ "+pct(crashDrop), base, "no-burst", pct,
					func(c sim.Comparison) float64 { return c.GDPLossPeak }, func(x float64) bool { return x >= crashDrop }),
			},
		},
		{
			id: "C8", mechanism: "M4",
			statement: "Export controls shut US AI firms out of China while Chinese rivals took the market and its profits.",
			quote:     "美國AI相關企業游說政府無果,只能痛苦地看著技術水平不如自己的中國同行,趁著自己因為美國政府的要求不能進入中國市場的機會,在中國市場上虎食鯨吞,獲取了大量利潤。",
			rule:      fmt.Sprintf("Supported if Nvidia's China share of revenue fell by at least half (data), and in the model the controls cut foreign demand for US AI over the run by at least %s and raise Chinese rivals' share of China's market by at least 10 points by the end (baseline against no-export-controls).", pct(materialShare)),
			evidence: []func(*claimEval) Evidence{
				twoFacts("data", "Nvidia's China share of revenue, Q3 FY2026 against Q3 FY2024", "nvidia_china_share_of_revenue", "Q3 FY2026", "nvidia_china_share_of_revenue", "Q3 FY2024",
					func(a, b float64) float64 { return a / b }, pct, "≤ 50%", func(x float64) bool { return x <= 0.5 }),
				modelEvidence("foreign demand for US AI over the run, with controls against without", "≤ 90%", []string{base, nec}, false, pct,
					func(r []*sim.Result) float64 {
						f := func(m sim.MonthRecord) float64 { return m.FinalDemandForeign }
						return ratio(sumMonths(r[0], "0000-00", "9999-99", f), sumMonths(r[1], "0000-00", "9999-99", f))
					}, func(x float64) bool { return x <= 1-materialShare }),
				modelEvidence("Chinese rivals' share of China's AI market at the end, with controls minus without", "≥ +10 points", []string{base, nec}, false, signedPoints,
					func(r []*sim.Result) float64 {
						f := func(m sim.MonthRecord) float64 { return m.CompetitorShareChina }
						return lastValue(r[0], f) - lastValue(r[1], f)
					}, func(x float64) bool { return x >= 0.10 }),
			},
		},
		{
			id: "C9", mechanism: "M4",
			statement: "Even if the US later allowed sales to China again, its firms could not earn there as before.",
			quote:     "照這樣發展下去,即使哪天美國政府終于想通,允許美國AI企業對華銷售,他們也沒法像過去那樣在中國輕松賺錢了。",
			rule:      fmt.Sprintf("Supported if, with controls lifted in January 2027 (reopen-2027), foreign demand for US AI over 2028–2035 recovers less than %s of what it is with the market never closed (no-export-controls).", pct(1-materialShare)),
			evidence: []func(*claimEval) Evidence{
				modelEvidence("foreign demand for US AI 2028–2035, reopened in 2027 against never closed", "< 90%", []string{reopenScenario, nec}, false, pct,
					func(r []*sim.Result) float64 {
						f := func(m sim.MonthRecord) float64 { return m.FinalDemandForeign }
						return ratio(sumMonths(r[0], "2028-01", "2035-12", f), sumMonths(r[1], "2028-01", "2035-12", f))
					}, func(x float64) bool { return x < 1-materialShare }),
			},
		},
		{
			id: "C10", mechanism: "M2",
			statement: "De-industrialisation has left US AI with few domestic industrial buyers.",
			quote:     "盡管美國的AI技術水平確實不容質疑,但美國的產業能力早已在數十年的去工業化浪潮中被拆解殆盡。",
			rule:      fmt.Sprintf("Supported if in the baseline domestic industry's AI purchases in 2025 cover less than a quarter of AI capex, and a larger industrial base (reindustrialisation) raises them over 2026–2035 by at least %s. The model assumes industry buys more AI per dollar of output than services (demand.intensity_manufacturing, demand.intensity_services), so this measures the size of the effect under that assumption, not its existence.", pct(materialShare)),
			evidence: []func(*claimEval) Evidence{
				modelEvidence("domestic industry's AI purchases against AI capex, 2025", "< 25%", []string{base}, false, pct,
					func(r []*sim.Result) float64 {
						return ratio(sumMonths(r[0], "2025-01", "2025-12", func(m sim.MonthRecord) float64 { return m.FinalDemandEnterprise }),
							sumMonths(r[0], "2025-01", "2025-12", func(m sim.MonthRecord) float64 { return m.AICapex }))
					}, func(x float64) bool { return x < 0.25 }),
				modelEvidence("domestic industry's AI purchases 2026–2035, reindustrialisation against baseline", "≥ 110%", []string{reind, base}, false, pct,
					func(r []*sim.Result) float64 {
						f := func(m sim.MonthRecord) float64 { return m.FinalDemandEnterprise }
						return ratio(sumMonths(r[0], "2026-01", "2035-12", f), sumMonths(r[1], "2026-01", "2035-12", f))
					}, func(x float64) bool { return x >= 1+materialShare }),
			},
		},
		{
			id: "C11", mechanism: "M3",
			statement: "Ordinary people's purchasing power is limited: thousands of personal subscriptions bring less than one enterprise compute purchase.",
			quote:     "但普通人的購買力終究是有限的,數千甚至數萬份個人體驗訂單,帶給AI企業的營收可能都不及大公司為提高生產效率購買一次AI算力的價格。",
			rule:      fmt.Sprintf("Supported if OpenAI's 2025 revenue per weekly user is below one basic subscription a year (%v USD), and in the baseline consumers pay less than half of AI final demand in 2025.", basicSubscriptionUSDYear),
			evidence: []func(*claimEval) Evidence{
				twoFacts("data", "OpenAI revenue 2025 per weekly active user (users as of February 2026)", "openai_revenue_reported", "2025", "openai_weekly_active_users", "",
					func(rev, users float64) float64 { return rev * 1e9 / (users * 1e6) }, usdPerYear, fmt.Sprintf("< %v USD a year", basicSubscriptionUSDYear),
					func(x float64) bool { return x < basicSubscriptionUSDYear }),
				modelEvidence("consumers' share of AI final demand, 2025", "< 50%", []string{base}, false, pct,
					func(r []*sim.Result) float64 {
						return ratio(sumMonths(r[0], "2025-01", "2025-12", func(m sim.MonthRecord) float64 { return m.FinalDemandConsumer }),
							sumMonths(r[0], "2025-01", "2025-12", fdShare))
					}, func(x float64) bool { return x < 0.5 }),
			},
		},
		{
			id: "C12", mechanism: "M5",
			statement: "AI firms' revenue and profits are unremarkable, yet their share prices soar: valuations are far above fundamentals.",
			quote:     "于是,人們就看到了一種十分詭異的情況,那就是明明美國的AI企業營收、利潤都并不出色,但其股價卻瘋狂上漲。",
			rule:      fmt.Sprintf("Supported if the pure AI firms of the firm table (model labs, neoclouds, chip vendors with a valuation and revenue) are valued at %v or more times their combined revenue, OpenAI made a net loss in 2025, and in the baseline the listed AI firms' market value at its peak is at least %v times their fundamental value (discounted cash flows).", farAboveSales, overvalued),
			evidence: []func(*claimEval) Evidence{
				priceToSales(farAboveSales),
				factEvidence("openai_net_loss", "2025", "OpenAI's net loss, 2025", "> 0", usd, func(x float64) bool { return x > 0 }),
				modelEvidence("listed AI market value at its peak over its fundamental value", fmt.Sprintf("≥ %v×", overvalued), []string{base}, true, times,
					func(r []*sim.Result) float64 {
						ms := sim.Summarize(r[0]).Markets
						return ratio(ms.PeakAIValueBn, ms.FundamentalAtPeak)
					}, func(x float64) bool { return x >= overvalued }),
			},
		},
		{
			id: "C13", mechanism: "M7",
			statement: "The boom is a game of pass-the-parcel: early investors are paid by later ones, and the last hold the losses.",
			quote:     "從某種意義上來說,美國的AI泡沫或許已經成為了一場擊鼓傳花的龐氏騙局,但美國人卻只能沉浸在這場概念狂歡當中,希望炸彈不要在自己手中引爆。",
			rule:      "Supported if, in the baseline, investors who bought AI stocks more than a year before the peak end the run with a profit and those who bought in the year before the peak end it with a loss.",
			evidence: []func(*claimEval) Evidence{
				modelEvidence("P&L at the end of investors who bought more than a year before the peak", "> 0", []string{base}, true, usd,
					func(r []*sim.Result) float64 { return cohortPnL(r[0], false) }, func(x float64) bool { return x > 0 }),
				modelEvidence("P&L at the end of investors who bought in the year before the peak", "< 0", []string{base}, true, usd,
					func(r []*sim.Result) float64 { return cohortPnL(r[0], true) }, func(x float64) bool { return x < 0 }),
			},
		},
		{
			id: "C14", mechanism: "M10",
			statement: "Unlike railways and dot-com fibre, AI compute will be obsolete long before the economy recovers, leaving little of use.",
			quote:     "更加不幸的是,比起曾經的鐵路泡沫和互聯網泡沫時期,靠泡沫興建的一起最終都能夠得到利用,如今的AI泡沫由于技術迭代迅速,泡沫持有者手中的算力資源,很可能在經濟復蘇時已經被淘汰。",
			rule:      "Supported if hyperscalers book servers over six years or less (data), and the economic value of compute left at the end of 2035 per dollar of AI capex is at most half of what railway- or fibre-like assets leave (baseline against long-lived-assets).",
			evidence: []func(*claimEval) Evidence{
				factEvidence("microsoft_server_network_useful_life", "", "Microsoft's booked server life", "≤ 6 years", years, func(x float64) bool { return x <= 6 }),
				factEvidence("meta_server_network_useful_life", "", "Meta's booked server life", "≤ 6 years", years, func(x float64) bool { return x <= 6 }),
				modelEvidence("compute value left at the end per dollar of capex, baseline against long-lived assets", "≤ 50%", []string{base, lla}, false, pct,
					func(r []*sim.Result) float64 {
						left := func(res *sim.Result) float64 {
							capex := sumMonths(res, "0000-00", "9999-99", func(m sim.MonthRecord) float64 { return m.AICapex })
							return ratio(lastValue(res, func(m sim.MonthRecord) float64 { return m.ComputeEconomic }), capex)
						}
						return ratio(left(r[0]), left(r[1]))
					}, func(x float64) bool { return x <= 0.5 }),
			},
		},
		{
			id: "C15", mechanism: "M9",
			statement: "The US government will do what it can to stop the bubble from bursting, and its support can hold the bubble up for a while.",
			quote:     "美國政府不會樂見這樣的災難在現實中上演,只要自身的地位還算堅挺,就會想方設法阻止這一切的發生。",
			rule:      "Supported if, in the model, a government put on AI stocks delays the burst by at least a month and makes the fall at least 5 points smaller than in the same scenario without the put (government-put against its twin without the put). Whether a government will act is not something the model can test; what its support does is.",
			evidence: []func(*claimEval) Evidence{
				comparisonEvidence("months the put delays the burst", "≥ 1 month", "government-put", "the same scenario without the government put", monthsText,
					func(c sim.Comparison) float64 { return c.BurstDelayMonths }, func(x float64) bool { return x >= 1 }),
				comparisonEvidence("change in the largest fall of AI stocks with the put", "≤ −5 points", "government-put", "the same scenario without the government put", signedPoints,
					func(c sim.Comparison) float64 { return c.DrawdownChange }, func(x float64) bool { return x <= -0.05 }),
			},
		},
	}
}

// twoFacts builds data evidence from two rows of the macro facts.
func twoFacts(kind, what, nameA, asOfA, nameB, asOfB string, combine func(a, b float64) float64, display func(float64) string,
	testText string, test func(float64) bool) func(*claimEval) Evidence {
	return func(c *claimEval) Evidence {
		e := Evidence{Kind: kind, What: what, Test: testText, Value: math.NaN(), Display: "n/a", Counted: true}
		fa, okA := dataset.FindFact(c.facts, nameA, asOfA)
		fb, okB := dataset.FindFact(c.facts, nameB, asOfB)
		if !okA || !okB {
			e.Source = "data/macro_facts.csv " + nameA + ", " + nameB + " (missing)"
			e.Note = "a fact is not in the data"
			return e
		}
		e.Value = combine(fa.Mid(), fb.Mid())
		e.Display = display(e.Value)
		e.Source = fmt.Sprintf("data/macro_facts.csv %s (%s, %s) and %s (%s, %s)", fa.Fact, fa.AsOf, fa.Value, fb.Fact, fb.AsOf, fb.Value)
		e.SourceURL = fa.SourceURL
		e.Outcome = outcome(test(e.Value))
		return e
	}
}

// networkEvidence builds evidence from the loops analysis of the deals.
func networkEvidence(what, testText string, value func(*Network) (float64, string), test func(float64) bool) func(*claimEval) Evidence {
	return func(c *claimEval) Evidence {
		e := Evidence{Kind: "deal network", What: what, Test: testText, Value: math.NaN(), Display: "n/a", Counted: true}
		if c.net == nil {
			e.Note = "no deal network was analysed"
			return e
		}
		e.Source = c.net.Source + " (bubblelab loops)"
		e.Value, e.Display = value(c.net)
		if math.IsNaN(e.Value) {
			return e
		}
		e.Outcome = outcome(test(e.Value))
		return e
	}
}

// priceToSales is the combined valuation over combined revenue of the pure
// AI firms of the firm table.
func priceToSales(threshold float64) func(*claimEval) Evidence {
	return func(c *claimEval) Evidence {
		e := Evidence{Kind: "data", What: "combined valuation over combined revenue of model labs, neoclouds and chip vendors",
			Test: fmt.Sprintf("≥ %v×", threshold), Value: math.NaN(), Display: "n/a", Counted: true}
		var val, rev float64
		var names []string
		for _, f := range c.firms {
			switch f.Role {
			case dataset.RoleModelLab, dataset.RoleNeocloud, dataset.RoleChipVendor:
			default:
				continue
			}
			if !f.HasValuation || !f.HasRevenue || f.RevenueBn <= 0 {
				continue
			}
			val += f.ValuationBn
			rev += f.RevenueBn
			names = append(names, f.Name)
		}
		if rev == 0 {
			e.Note = "no firm has both a valuation and revenue"
			return e
		}
		e.Value = val / rev
		e.Display = times(e.Value)
		e.Source = fmt.Sprintf("data/ai_firms.csv: %s (valuation %s, revenue %s)", strings.Join(names, ", "), usd(val), usd(rev))
		e.Outcome = outcome(e.Value >= threshold)
		return e
	}
}

func lastValue(r *sim.Result, f func(sim.MonthRecord) float64) float64 {
	if len(r.Months) == 0 {
		return math.NaN()
	}
	return f(r.Months[len(r.Months)-1])
}

func signedNum(x float64) string {
	if x > 0 {
		return "+" + sig3(x)
	}
	return sig3(x)
}

func signedPoints(x float64) string {
	s := pctPoints(x)
	if x > 0 {
		return "+" + s
	}
	return s
}

func monthsText(x float64) string { return sig3(x) + " months" }

// cohortPnL sums the end-of-run P&L of the private investors (not the
// government) who bought in the year before the first peak (late) or
// earlier (not late); NaN without cohorts or a peak.
func cohortPnL(r *sim.Result, late bool) float64 {
	peakMonth := sim.Summarize(r).Markets.PeakDate
	if len(r.Cohorts) == 0 || len(peakMonth) < 7 {
		return math.NaN()
	}
	peak, err := sim.ParseMonth(peakMonth[:7])
	if err != nil {
		return math.NaN()
	}
	sum := 0.0
	for _, c := range r.Cohorts {
		m, err := sim.ParseMonth(c.Month)
		if err != nil || c.Class == "government" || m > peak {
			continue
		}
		if (m > peak-12) == late {
			sum += c.PnLBn
		}
	}
	return sum
}

func usdPerYear(x float64) string { return sig3(x) + " USD a year" }

func years(x float64) string { return sig3(x) + " years" }
