package data

import (
	"slices"
	"strings"
)

// Kind says what a shipped file holds and so which reader parses it.
type Kind string

// The kinds of shipped file.
const (
	Deals      Kind = "deals"
	FirmTable  Kind = "firms"
	MacroFacts Kind = "macro"
	Estimates  Kind = "estimates"
	FirmStates Kind = "firm-states"
	Prices     Kind = "prices"
)

// Entry is one shipped file: the short name a command line can use for it,
// its path in Files, and what it is.
type Entry struct {
	Name   string // short name, lower case ("nvda", "sp500-pd")
	Path   string // path in Files ("prices/stocks/NVDA.csv")
	Kind   Kind
	Column string // value column of a price file when it is not one detect finds by itself
	About  string // one line: what the series is and where it comes from
}

// Prefix marks a command-line argument as a path in Files rather than on
// disk: "data:prices/stocks/NVDA.csv".
const Prefix = "data:"

// stocks are the single stocks and ETFs under prices/stocks/ (Yahoo Finance
// split-adjusted closes; see SOURCES.md).
var stocks = []struct{ ticker, about string }{
	{"AMD", "Advanced Micro Devices"},
	{"AMZN", "Amazon"},
	{"AVGO", "Broadcom"},
	{"CRWV", "CoreWeave (from its 2025 IPO)"},
	{"CSCO", "Cisco (the dot-com comparison)"},
	{"GOOGL", "Alphabet class A"},
	{"INTC", "Intel"},
	{"META", "Meta Platforms"},
	{"MSFT", "Microsoft"},
	{"NVDA", "Nvidia"},
	{"ORCL", "Oracle"},
	{"PLTR", "Palantir"},
	{"QQQ", "Invesco QQQ (Nasdaq-100 ETF)"},
	{"SMCI", "Super Micro Computer"},
	{"SPY", "SPDR S&P 500 ETF"},
	{"TSM", "TSMC (ADR)"},
}

// Catalogue lists every shipped data file, tables first, then price series
// by name.
func Catalogue() []Entry {
	c := []Entry{
		{Name: "deals", Path: "ai_deals.csv", Kind: Deals, About: "AI deal network, 2023 on, a source for every row"},
		{Name: "deals-unverified", Path: "ai_deals_unverified.csv", Kind: Deals, About: "deals without a verified source (sensitivity runs only)"},
		{Name: "firms", Path: "ai_firms.csv", Kind: FirmTable, About: "firms in the deal network: role, revenue, valuation, sources"},
		{Name: "macro", Path: "macro_facts.csv", Kind: MacroFacts, About: "macro and market facts the model is calibrated against"},
		{Name: "estimates", Path: "undisclosed_estimates.csv", Kind: Estimates, About: "documented estimates for deals with undisclosed amounts"},
		{Name: "firm-states", Path: "firm_state_2023.csv", Kind: FirmStates, About: "opening balance sheets of the simulation (January 2023)"},
		{Name: "sp500-pd", Path: "sp500_pd_ratio_monthly.csv", Kind: Prices, About: "S&P 500 price-dividend ratio, monthly 1871-2010 (Phillips, Shi and Yu 2015)"},
		{Name: "sp500-dy", Path: "sp500_dividend_yield_monthly_1973_2018.csv", Kind: Prices, About: "S&P 500 dividend yield in percent, monthly 1973-2018 (psymonitor)"},
		{Name: "nasdaq-dotcom", Path: "lppls_nasdaq_dotcom_daily.csv", Kind: Prices, About: "Nasdaq Composite daily to the 2000-03-10 peak (the lppls package's example)"},
		{Name: "nasdaq", Path: "prices/nasdaq_composite_daily.csv", Kind: Prices, About: "Nasdaq Composite, daily closes 1971-2025 (FRED)"},
		{Name: "sp500", Path: "prices/sp500_daily.csv", Kind: Prices, About: "S&P 500 index, daily 1928-2025 (Stooq)"},
		{Name: "shiller", Path: "prices/shiller_monthly.csv", Kind: Prices, Column: "sp_price", About: "Shiller's monthly S&P price, dividends, earnings, CPI, CAPE 1871-2026"},
	}
	for _, s := range stocks {
		c = append(c, Entry{Name: strings.ToLower(s.ticker), Path: "prices/stocks/" + s.ticker + ".csv", Kind: Prices, About: s.about + ", daily closes"})
	}
	return c
}

// Lookup finds a shipped file by its short name (any letter case) or by its
// path in Files, with or without Prefix.
func Lookup(name string) (Entry, bool) {
	key := strings.ToLower(strings.TrimPrefix(name, Prefix))
	c := Catalogue()
	i := slices.IndexFunc(c, func(e Entry) bool { return e.Name == key || strings.ToLower(e.Path) == key })
	if i < 0 {
		return Entry{}, false
	}
	return c[i], true
}

// Names lists the short names of the shipped files, in catalogue order.
func Names() []string {
	var names []string
	for _, e := range Catalogue() {
		names = append(names, e.Name)
	}
	return names
}
