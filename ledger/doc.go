// Package ledger is bubblelab's double-entry book of money: accounts held by
// agents, payments posted from one account to another, the provenance of
// every account's cash, and the transaction-flow matrix of a period.
//
// Money moves only through Ledger.Post, which debits one account and credits
// another by the same amount, so the sum of all balances is always zero:
// issuer accounts (the banking system, the government, the rest of the world)
// may hold negative balances, which are the money they have put into the
// economy. No other code path can change a balance.
//
// Provenance. Every account's cash is a vector over origins (outside origins
// such as AI final demand, outside equity or debt, plus one origin per AI
// firm) whose components sum to the balance. A posting either passes the
// payer's composition on (an ordinary purchase: the receiver gets the payer's
// mix) or relabels the money (an investment, a loan, final demand entering
// the AI sector: the receiver gets the whole amount under one origin). This
// is the tracing rule of MODEL.md section 4: the share of a firm's revenue
// carrying its own origin is its money coming back to it.
//
// Flows. The ledger accumulates, for the current period, the amount of every
// (transaction kind, paying sector, receiving sector) triple and, for every
// account, its inflows by kind with their provenance, from which the caller
// builds revenue decompositions and the transaction-flow matrix (TFM). The
// TFM has a row per transaction kind and a column per sector; with the
// row of changes in cash holdings it has zero row and column sums.
package ledger
