// Package data embeds the datasets shipped with bubblelab so that the installed
// binary runs anywhere. The files themselves, and their sources, are described
// in SOURCES.md beside this file; package dataset parses and validates them.
package data

import "embed"

// Files holds the shipped deal, firm, macro and estimate tables.
//
//go:embed ai_deals.csv ai_deals_unverified.csv ai_firms.csv macro_facts.csv undisclosed_estimates.csv firm_state_2023.csv
var Files embed.FS
