// Package dataset loads and validates the data bubblelab works from: the AI
// deal network (deals between firms), the firms themselves, macro calibration
// facts, estimates for undisclosed deal amounts, and price series.
//
// Every reader validates every row and reports the first problem as an
// *inputerr.Error naming the file, the 1-based line and the column, so the
// command line can exit with code 2 and a message a user can act on. Readers
// never return partially parsed data together with an error.
//
// The shipped files are embedded (package data) and available through
// DefaultDeals, DefaultFirms, DefaultMacroFacts and DefaultEstimates; the
// file formats are documented in docs/data.md.
package dataset
