// Package calibrate estimates the bubblelab model on the observed path of the
// listed US AI basket and forecasts with the estimates' uncertainty.
//
// The observed side is built from the shipped data alone: each basket firm's
// opening market value (data/firm_state_2023.csv) times the ratio of its
// daily close to its close on the first trading day of the start month
// (data/prices/stocks), summed over the firms, sampled at month ends. The
// simulated side is the same firms' month-end market values in runs of the
// model (sim.Run) at the parameters being tried, over a fixed list of seeds
// (common random numbers, so that two parameter points differ by their
// parameters and not by their shocks).
//
// Moments are the monthly log levels of the basket in the fit window, the
// volatility and first-order autocorrelation of its monthly log returns, and
// any rows of sim.Calibration (macro facts such as the AI share of market
// gains) named by the spec. Their weights are the inverse variances of a
// moving-block bootstrap of the basket's daily log returns (facts: a stated
// relative standard error), times a per-target multiplier.
//
// Two estimators share one cache of evaluated points: simulated method of
// moments (a Sobol global stage, then Nelder–Mead in the unit cube of the
// prior box), and ABC-SMC (Beaumont et al. 2009) with a tolerance schedule
// taken as a quantile of the previous generation's distances. Both are
// deterministic for a seed whatever the number of workers, and every
// evaluated point is appended to evals.jsonl, so a killed calibration
// rerun with the same spec replays its decisions from the log and only
// simulates what is missing.
//
// Forecasts draw parameter points from the posterior by systematic
// resampling (sweep.SystematicResample), run each over several seeds to the
// end of the scenario, and report burst probability, timing, depth and the
// basket's peak as distributions over draws × seeds.
package calibrate
