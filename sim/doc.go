// Package sim is bubblelab's agent-based, stock-flow-consistent model of an
// investment boom: AI firms, outside investors, banks, households, industry,
// the government and the rest of the world, every payment a ledger posting
// that carries the provenance of its money (docs/model.md).
//
// Run simulates one scenario and seed; RunWithTwins adds the counterfactual
// twins the losses are measured against; Summarize condenses a run.
//
// The mechanisms of the specification, and where each lives:
//
//	M1-M4  final demand, income bounds, the industrial base and export
//	       controls                           demand.go
//	M5     daily markets around fundamental values
//	                                          markets.go (trading), valuation.go
//	                                          (fundamentals and the non-AI floor)
//	M6     deals executed as contracts        contracts.go (settlement order, circular
//	                                          financing), build.go (schedules)
//	       financing: credit and equity       finance.go, credit.go (spreads)
//	       distress and restructuring         distress.go
//	M7     investor cohorts                   cohorts.go
//	M8     households and the rest of the economy
//	                                          households.go, macro.go
//	M9     bursts, the government put, credit that follows prices
//	                                          bursts.go, credit.go
//	M8     monetary policy (optional)         monetary.go
//	M10    compute vintages, obsolescence, the capex rule
//	                                          compute.go
//
// The month's order is in run.go (monthStep); records and accounting checks
// in metrics.go and checks.go; parameters, declared once with their units,
// bounds and sources, in params.go (read through paramspec.go).
package sim
