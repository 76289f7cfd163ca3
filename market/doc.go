// Package market provides daily prices of listed assets from the
// heterogeneous-agent model of Franke & Westerhoff (2012): fundamentalists and
// chartists whose market shares switch by herding, price misalignment or
// realised profits, each asset priced around its own fundamental value.
//
// # Model
//
// Franke, R. and Westerhoff, F. (2012), "Structural stochastic volatility in
// asset pricing dynamics: Estimation and model contest", Journal of Economic
// Dynamics and Control 36(8):1193–1211 (FW). A market maker moves the log
// price p by the excess demand of two groups of traders:
//
//	p_{t+1} = p_t + μ (n^f_t d^f_t + n^c_t d^c_t)
//	d^f_t = φ (p* − p_t) + ε^f_t,   ε^f_t ~ N(0, σ_f²)
//	d^c_t = χ (p_t − p_{t−1}) + ε^c_t,   ε^c_t ~ N(0, σ_c²)
//
// The shares follow the discrete choice approach (DCA),
// n^f_t = 1/(1 + exp(−β a_{t−1})), n^c_t = 1 − n^f_t, on a switching index a_t
// (see Params). Because the chartists' noise is larger than the
// fundamentalists', the share dynamics make volatility cluster: FW's
// "structural stochastic volatility". Params.Next gives the exact order of
// the updates; DCAHPM and DCAWP give FW's estimates.
//
// # Units
//
// p is the natural log of the price and returns are r_t = 100·(p_t − p_{t−1})
// in percent, FW's convention. With FW's normalisation μ = 0.01 a unit of
// demand moves the log price by 0.01, i.e. one percent, so the demands, the
// noise levels σ_f and σ_c, and any exogenous demand are in percentage points
// of daily return per unit of group share. The misalignment p − p* is a log
// ratio, not a percentage; α_p = 18.43 multiplies its square.
//
// # Use in a larger model
//
// Market holds one FW block per asset, each around a log fundamental value
// that the caller may change every day (for example from DCFValue on a firm's
// simulated cash flows) and with an exogenous demand the caller adds (for
// example the level of a sector sentiment from SentimentParams.Next, scaled
// by the asset's loading). IndexSpec is a broad non-AI index. All randomness
// comes from an injected *rand.Rand; states are plain values.
//
// docs/market.md describes the method, the sources of every parameter, the
// validation against FW's stylised facts, and the command
// `bubblelab validate fw`.
package market
