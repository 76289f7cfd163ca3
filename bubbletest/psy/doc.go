// Package psy provides the recursive right-tailed unit-root tests of
// Phillips, Shi and Yu (2015) for speculative bubbles: the ADF, SADF and
// GSADF statistics, the BADF and BSADF sequences, their critical values by
// Monte Carlo simulation or wild bootstrap, and date-stamping of episodes.
//
// # Regression
//
// Every statistic is the t-ratio of β in the intercept-only ADF regression
//
//	Δy_t = α + β·y_{t-1} + Σ_{j=1}^{p} ψ_j·Δy_{t-j} + ε_t
//
// over a window of consecutive rows, a one-sided test of β = 0 against
// β > 0 (an explosive root). A window of n rows with lag p spans n+1+p
// prices and has n-p-2 residual degrees of freedom. The conventions follow
// the R package exuber (radf): the minimum window counts regression rows,
// its default is floor((0.01+1.8/√T)·T) for T prices, the first BADF and
// BSADF value belongs to the price MinWindow+p (0-based), and the lag p
// drops the first p rows of every sequence.
//
//	ADF    the whole sample
//	BADF   windows that start at the first row, one per end point
//	SADF   sup BADF (Phillips, Wu and Yu 2011)
//	BSADF  for each end point, the sup over all start points
//	GSADF  sup BSADF
//
// Test computes all of them for a series in O(T²) constant-size
// regressions: for each start point the window grows one row at a time and
// only running sums (lag 0) or running cross-product matrices (lag p > 0,
// factored by LDLᵀ per window) are updated. Levels are measured from the
// first level of each window, which the intercept makes harmless and which
// keeps the sums free of cancellation. The lag can be fixed, or chosen in
// every window by AIC or BIC among 0..MaxLag on the window's common rows.
//
// # Critical values
//
// MonteCarlo simulates the null of a Gaussian random walk, optionally with
// the local drift T⁻¹ of PSY (PSYDrift). WildBootstrap implements the
// bootstrap of Phillips and Shi (2020) with family-wise size control over
// a chosen horizon; a date-keeping variant (Harvey et al. 2016) is robust
// to shifts in volatility. Both run on all cores; replication i is drawn
// from a generator keyed by (seed, i), so the numbers do not depend on the
// number of workers. Quantiles use R's default (type 7) interpolation.
//
// CriticalValues.BSADF is the quantile of BSADF_t at each date, the
// threshold of PSY's own code; CriticalValues.SADFPath is the quantile of
// the SADF of the sample ending at t, which exuber reports as bsadf_cv. The
// two differ substantially late in the sample, the first being lower.
//
// # Date-stamping
//
// Result.DateStamp compares the BSADF (or BADF) sequence with its critical
// values: an episode originates at the first date the statistic exceeds
// the critical value and terminates, under PSYRule, at the first date at
// least MinDuration later where it does not (PSY 2015), or,
// under RunsRule, at the end of each run of exceedances, runs shorter than
// MinDuration being dropped (exuber's datestamp). MinDuration(T, δ) is
// PSY's δ·log(T) rule. Episodes report origination, peak of the series,
// termination and whether they are still open at the end of the sample.
//
// # References
//
// Phillips, P.C.B., Wu, Y. and Yu, J. (2011). Explosive behavior in the
// 1990s Nasdaq: when did exuberance escalate asset values? International
// Economic Review 52(1), 201-226.
//
// Phillips, P.C.B., Shi, S. and Yu, J. (2015). Testing for multiple
// bubbles: historical episodes of exuberance and collapse in the S&P 500.
// International Economic Review 56(4), 1043-1078.
//
// Phillips, P.C.B. and Shi, S. (2020). Real time monitoring of asset
// markets: bubbles and crises. In Handbook of Statistics 42, 61-80.
//
// Harvey, D.I., Leybourne, S.J., Sollis, R. and Taylor, A.M.R. (2016).
// Tests for explosive financial bubbles in the presence of non-stationary
// volatility. Journal of Empirical Finance 38, 548-574.
//
// Vasilopoulos, K., Pavlidis, E. and Martínez-García, E. (2022). exuber:
// recursive right-tailed unit root testing with R. Journal of Statistical
// Software 103(10).
//
// See docs/detect-psy.md in the repository for the equations, conventions
// and measured accuracy and speed.
package psy
