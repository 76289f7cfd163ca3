// Package data embeds the datasets shipped with bubblelab so that the installed
// binary runs anywhere: the deal, firm, macro and estimate tables the model
// starts from, the price series the bubble tests run on, and the article the
// claims are quoted from. The files themselves, and their sources, are
// described in SOURCES.md beside this file; Catalogue names each one, and
// package dataset parses and validates them.
package data

import "embed"

// Files holds every shipped file under its path in this folder
// ("ai_deals.csv", "prices/stocks/NVDA.csv").
//
//go:embed SOURCES.md seed/article_excerpts.zh.txt
//go:embed ai_deals.csv ai_deals_unverified.csv ai_firms.csv macro_facts.csv undisclosed_estimates.csv firm_state_2023.csv
//go:embed sp500_pd_ratio_monthly.csv sp500_dividend_yield_monthly_1973_2018.csv lppls_nasdaq_dotcom_daily.csv
//go:embed prices/*.csv prices/stocks/*.csv
var Files embed.FS
