// Package contagion provides default-cascade models for networks of firms
// that owe each other money: the Eisenberg–Noe clearing model, the
// Rogers–Veraart clearing model with default costs, Furfine's sequential
// default algorithm, DebtRank and linear DebtRank.
//
// # Balance sheets
//
// A Network holds n firms. Obligations are nominal liabilities L_ij (firm i
// owes firm j). Firm i also has external assets e_i (outside the network) and
// external liabilities ℓ_i (owed to creditors outside the network, with the
// same priority as its network debts). Its total nominal liabilities are
//
//	p̄_i = Σ_j L_ij + ℓ_i,
//
// its relative liabilities are Π_ij = L_ij / p̄_i, its network assets are
// a_i = Σ_j L_ji, and its equity when everybody pays in full is
//
//	E_i = e_i + a_i − p̄_i.
//
// Stakes are equity holdings (holder owns part of issuer). They are part of
// the holder's external assets and are used only by Furfine and DebtRank,
// where a holder loses a stake in proportion to the issuer's distress.
// Absorbing firms stand for creditors outside the modelled system
// (bondholders, bank syndicates, governments) whose balance sheets are far
// larger than their exposure here: they take losses but never default.
//
// A Shock writes off part of a firm's external assets and may put the firm
// into default (Fail) whatever its solvency.
//
// # Models
//
// Eisenberg and Noe (2001, Management Science 47(2):236–249) define a
// clearing payment vector p as a fixed point of
//
//	p_i = min(p̄_i, e_i + Σ_j Π_ji p_j).
//
// Rogers and Veraart (2013, Management Science 59(4):882–898, "Failure and
// rescue in an interbank network") add default costs: a defaulting firm
// realises only a fraction α of its external assets and β of its network
// receivables,
//
//	p_i = p̄_i                          if p̄_i ≤ e_i + Σ_j Π_ji p_j,
//	p_i = α e_i + β Σ_j Π_ji p_j       otherwise.
//
// Both are solved for the greatest clearing vector by the Greatest Clearing
// Vector Algorithm of Rogers and Veraart (their Definition 3.6), which for
// α = β = 1 is Eisenberg and Noe's fictitious default algorithm: start from
// p = p̄, find the firms that cannot pay in full, solve the linear system in
// which they pay what they realise, and repeat until no new firm defaults
// (at most n rounds). Each round of that algorithm is reported as a round of
// the cascade.
//
// Furfine (2003, Journal of Money, Credit and Banking 35(1):111–128,
// "Interbank exposures: quantifying the risk of contagion") lets failures
// spread in rounds: when a firm fails, each creditor loses a fixed share
// (the loss given default) of its claim, and a creditor whose accumulated
// losses exceed its equity fails in the next round.
//
// DebtRank (Battiston, Puliga, Kaushik, Tasca and Caldarelli 2012,
// Scientific Reports 2:541) propagates relative equity losses h_i ∈ [0,1]
// along the impact matrix W_ij = min(1, A_ji/E_j), where A_ji is j's claim on
// i:
//
//	h_j(t) = min(1, h_j(t−1) + Σ_{i distressed at t−1} W_ij h_i(t−1)),
//
// and a distressed firm becomes inactive after it has propagated once, so
// every firm passes on distress only once. Linear DebtRank (Bardoscia,
// Battiston, Caccioli and Caldarelli 2015, PLoS ONE 10(6):e0130406,
// "DebtRank: a microscopic foundation for shock propagation") drops that rule
// and propagates every increment of distress through the interbank leverage
// matrix Λ_ij = A_ij/E_i:
//
//	h_i(t+1) = min(1, h_i(t) + Σ_j Λ_ij (h_j(t) − h_j(t−1))).
//
// Every model returns a Result with the same fields: who defaults in which
// round, equity before and after, losses by firm and for the system, and the
// equity-weighted relative loss H = Σ_i E_i h_i / Σ_i E_i (Bardoscia et al.
// 2015) together with the DebtRank R = H(T) − H(1), the part of H caused by
// propagation rather than by the initial shock.
//
// # Many runs on one network
//
// Compile validates a Network once and lays it out for every model; each
// model's RunCompiled then runs on the compiled form, so several models and
// many shocks (a stress test per firm, a Monte Carlo over shocks) pay for
// sorting and merging the edges once. Run and Clear compile and run in one
// call. A Compiled network is read only and may be shared by goroutines.
//
// Amounts are in whatever money unit the caller uses (bubblelab uses USD
// billions). See docs/stress.md in the repository for the conventions used to
// turn the AI deal data into a Network.
package contagion
