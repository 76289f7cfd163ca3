// Package stylized provides the statistics by which daily returns are
// compared with the stylised facts of stock markets: the mean absolute
// return, the Hill estimate of the tail index, and the autocorrelation of raw
// and absolute returns.
//
// The set of moments follows Franke & Westerhoff (2012), "Structural
// stochastic volatility in asset pricing dynamics: Estimation and model
// contest", Journal of Economic Dynamics and Control 36(8):1193–1211, who fit
// their models to the S&P 500, 1980–2007: mean |r|, the Hill estimator on the
// upper 5% of |r|, the first-order autocorrelation of r, and the
// autocorrelation of |r| at lags 1, 5, 10, 25, 50 and 100.
//
// Conventions. The sample autocorrelation at lag k of x_1..x_n is
//
//	ρ̂(k) = Σ_{t=1}^{n−k} (x_t − x̄)(x_{t+k} − x̄) / Σ_{t=1}^{n} (x_t − x̄)²
//
// (Box & Jenkins, Time Series Analysis, eq. 2.1.12), the estimator whose
// sampling variance Bartlett's (1946) formula describes. The Hill (1975)
// estimator of the extreme value index γ = 1/α of |x| from its k largest
// values X_(1) ≥ … ≥ X_(k) is
//
//	γ̂ = (1/k) Σ_{i=1}^{k} ln(X_(i) / X_(k+1)),
//
// with k = ⌊q·n⌋ for a tail fraction q (5% in FW). For an exact Pareto sample
// the k log excesses over X_(k+1) are independent exponentials with mean γ
// (Rényi representation), so γ̂ is unbiased with standard deviation γ/√k;
// InverseHill returns γ̂ and 1/γ̂ is the usual tail index α̂.
package stylized
