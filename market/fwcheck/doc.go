// Package fwcheck provides the Monte Carlo check of the market package's
// Franke & Westerhoff (2012) trader block against the stylised facts of
// daily stock returns: it simulates many independent paths in parallel and
// reports the mean and standard error of FW's moments over the seeds, next to
// FW's empirical targets for the S&P 500, 1980–2007.
//
// A path is FW's stand-alone block (p* = 0, no exogenous demand) run for
// BurnIn days from the fundamental and then measured over Days days, path i
// driven by the PCG generator seeded FirstSeed+i. Paths are independent, so
// the standard error of a seed mean is the sample standard deviation over
// seeds divided by √seeds; the result does not depend on the number of
// workers.
//
// Sources: Franke, R. and Westerhoff, F. (2012), JEDC 36(8):1193–1211, for
// the model, the estimates and the choice of moments; the S&P 500 values in
// Moment.SP500 are measured here from data/prices/sp500_daily.csv.
package fwcheck
