// Package sensitivity provides variance-based (Sobol) sensitivity indices
// of a model output from the Saltelli sampling scheme: first-order indices
// by the estimator of Saltelli et al. (2010) and total-order indices by the
// estimator of Jansen (1999), with bootstrap confidence intervals.
//
// # Design
//
// Two independent N×k sample matrices A and B of the k inputs are drawn
// (in bubblelab, the first and last k coordinates of a 2k-dimensional
// Sobol sequence). For each input i, AB_i is A with column i taken from B.
// The model is evaluated at the N(k+2) rows of A, B and AB_1..AB_k.
//
// # Estimators
//
// With f_A, f_B and f_ABi the outputs at the rows of A, B and AB_i, and V
// the variance of the 2N outputs f_A and f_B together (divided by 2N):
//
//	S_i  = (1/N) Σ_j (f_B(j) − m) (f_ABi(j) − f_A(j)) / V   Saltelli et al. (2010), Table 2 (b)
//	ST_i = (1/2N) Σ_j (f_A(j) − f_ABi(j))² / V             Jansen (1999); Saltelli et al. (2010), Table 2 (f)
//
// where m is the mean of f_A and f_B. Centring f_B on m does not change the
// estimator's expectation (f_ABi − f_A has mean zero) and keeps its
// rounding error small when the output's mean is large against its spread,
// as SALib does by standardising the outputs.
//
// S_i is the share of the output variance explained by input i alone,
// Var(E[Y|X_i])/Var(Y); ST_i the share it explains with all its
// interactions, E[Var(Y|X_~i)]/Var(Y). Sampling error can make estimates
// fall slightly outside [0, 1]; they are reported as computed.
//
// # Confidence intervals
//
// The N base rows are resampled with replacement (each row carries its
// f_A, f_B and f_ABi together), the indices recomputed for every
// resample, and the percentile interval of the resampled values reported
// (Efron and Tibshirani 1993, chapter 13). Resample r draws from a
// generator keyed by (Seed, r) alone, so intervals do not depend on the
// number of workers.
//
// # References
//
// Saltelli, A., Annoni, P., Azzini, I., Campolongo, F., Ratto, M. and
// Tarantola, S. (2010). Variance based sensitivity analysis of model
// output. Design and estimator for the total sensitivity index. Computer
// Physics Communications 181(2), 259-270.
//
// Jansen, M.J.W. (1999). Analysis of variance designs for model output.
// Computer Physics Communications 117(1-2), 35-43.
//
// Ishigami, T. and Homma, T. (1990). An importance quantification technique
// in uncertainty analysis for computer models. Proceedings of ISUMA '90,
// 398-403. (The test function; analytic indices in Saltelli et al. 2008,
// Global Sensitivity Analysis: The Primer, Wiley, section 4.6.)
//
// Efron, B. and Tibshirani, R.J. (1993). An Introduction to the Bootstrap.
// Chapman & Hall.
package sensitivity
