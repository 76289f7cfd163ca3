// Package lppls provides the log-periodic power law singularity (LPPLS)
// bubble model: a calibration of the model to a window of log prices, the
// qualification filter of the literature, and the LPPLS confidence indicator
// over nested windows, for positive and negative bubbles.
//
// # Model
//
// The expected log price during a bubble that ends at the critical time tc is
//
//	ln p(t) = A + B·(tc−t)^m + C1·(tc−t)^m·cos(ω ln(tc−t)) + C2·(tc−t)^m·sin(ω ln(tc−t))
//
// (Johansen, Ledoit & Sornette 2000, in the form of Filimonov & Sornette
// 2013, which replaces C·cos(ω ln(tc−t) − φ) by the pair C1, C2 so that A,
// B, C1 and C2 enter linearly). B < 0 is a positive bubble: the log
// price accelerates upwards towards A; B > 0 is a negative bubble, an
// accelerating fall. For times after tc the model is evaluated at |tc−t|, as
// in the reference Python implementation (lppls 0.6, Boulder Investment
// Technologies), so that tc may fall a little before the window's last
// observation, which the literature's filter allows.
//
// # Calibration
//
// For fixed nonlinear parameters (tc, m, ω) the four linear parameters solve
// an ordinary least-squares problem exactly (Filimonov & Sornette 2013);
// the cost is the residual sum of squares as a function of (tc, m, ω) only.
// [Fitter.Fit] screens seeded random candidates of the [SearchBounds] box,
// minimises the cost by Nelder–Mead (gonum optimize) from the best of them,
// with the bounds enforced by a logistic reparametrisation, polishes the
// winner, and keeps the fit with the smallest residual sum of squares. Time is rescaled to the window internally
// (the model is invariant under t → a + s·t once B, C1, C2 are rescaled and
// rotated), so results do not depend on the unit of t.
//
// # Qualification and confidence indicator
//
// A fit qualifies when its parameters fall in the ranges of a [Filter]: bounds
// on m, ω and tc relative to the window, a minimum number of log-periodic
// oscillations O = ω/(2π)·ln|(tc−t1)/(tc−t2)| and a minimum damping
// D = m|B|/(ω|C|) with C = √(C1²+C2²). The default is filtering condition 1
// of Sornette et al. (2015, Table 1). The confidence indicator of an end date
// t2 ([Indicator]) is the fraction of nested windows [t1, t2] whose fit
// qualifies with B < 0 (positive bubble) or B > 0 (negative bubble)
// (Sornette et al. 2015; Demirer et al. 2019).
//
// # References
//
//   - V. Filimonov, D. Sornette (2013), A stable and robust calibration scheme
//     of the log-periodic power law model, Physica A 392(17), 3698–3707.
//   - D. Sornette, G. Demos, Q. Zhang, P. Cauwels, V. Filimonov, Q. Zhang
//     (2015), Real-time prediction and post-mortem analysis of the Shanghai
//     2015 stock market bubble and crash, Journal of Investment Strategies
//     4(4), 77–95.
//   - R. Demirer, G. Demos, R. Gupta, D. Sornette (2019), On the
//     predictability of stock market bubbles: evidence from LPPLS confidence
//     multi-scale indicators, Quantitative Finance 19(5), 843–858.
//   - A. Johansen, O. Ledoit, D. Sornette (2000), Crashes as critical points,
//     International Journal of Theoretical and Applied Finance 3(2), 219–255.
//
// See docs/detect-lppls.md for the method, the parameter sources and the
// measured speed.
package lppls
