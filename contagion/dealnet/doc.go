// Package dealnet turns the AI deal data (package dataset) into a
// contagion.Network of obligations and balance sheets, and parses the
// user-facing inputs of a stress run: shock specifications (FIRM=X) and
// balance-sheet override files.
//
// # Obligations
//
// A deal becomes a debt of its payer when it is a commitment to pay:
// compute and chip purchases and leases make the buyer or lessee owe the
// seller or lessor; a loan makes the borrower (the deal's target) owe the
// lender (its source); a capacity backstop makes the guarantor owe the
// beneficiary, but only when Options.Backstops is set, since it is
// contingent. Equity investments, warrants and joint-venture contributions
// are not debts; with Options.EquityStakes they become equity stakes
// (investor in target, warrant holder in issuer, partner in vehicle), which
// only Furfine and DebtRank use. Deals without a disclosed or estimated
// amount are left out and listed in Model.Excluded.
//
// The amount owed depends on Options.Basis: BasisAnnual (the default) owes
// one year of the contract, amount / horizon; BasisRemaining owes what is
// left at Options.AsOf of a contract paid straight-line from its
// announcement; BasisHeadline owes the whole headline amount. Deals without
// a reported horizon get Options.DefaultHorizonYears (5: the median of the
// horizons reported in data/ai_deals.csv).
//
// # Balance sheets
//
// Each firm has a capital buffer K (loss-absorbing equity). By default
// K = CapitalShare × valuation (market capitalisation or last private
// valuation) with CapitalShare = 0.1; a firm without a valuation has K = 0
// and is flagged as such (it fails on the first loss). Aggregate nodes
// (bondholders, bank syndicates, consortia, the US government: ticker "n/a")
// and investors without a valuation are absorbing: they take losses but do
// not default.
//
// With AssetsFromCapital (the default) the external assets and liabilities
// are the balancing items that make each firm's equity exactly K while it
// holds K outside the network:
//
//	e_i = K_i + max(0, p̄_i − a_i),   ℓ_i = max(0, a_i − p̄_i),
//
// where p̄_i and a_i are its obligations to and claims on other firms. So
// every firm is solvent before a shock, and a firm whose claims exceed its
// debts is taken to spend the surplus on costs outside the network. With
// AssetsFromRevenue the external assets are RevenueYears × annual revenue
// plus K and there are no external liabilities: firms whose commitments
// exceed what they earn and hold are insolvent before any shock.
//
// A balance file (ReadBalance) overrides capital, external assets and
// liabilities and the absorbing flag firm by firm. See docs/stress.md.
package dealnet
