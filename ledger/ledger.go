package ledger

import (
	"errors"
	"fmt"
	"math"
)

// AccountID identifies an account in a Ledger.
type AccountID int

// Origin is a provenance label: an index into every account's provenance vector.
type Origin int

// PassThrough, as a Posting's Label, means the receiver gets the payer's
// provenance mix rather than a single origin.
const PassThrough Origin = -1

// Sector groups accounts into the columns of the transaction-flow matrix.
type Sector int

// Kind is a transaction category: a row of the transaction-flow matrix.
type Kind int

// Account is one agent's money. Its fields are read-only outside the package.
type Account struct {
	Name   string
	Sector Sector
	// Issuer accounts may go negative; a negative balance is the money the
	// account has injected (credit, deficit spending, foreign funds).
	Issuer  bool
	balance float64
	prov    []float64
}

// Balance is the account's cash in USD bn.
func (a *Account) Balance() float64 { return a.balance }

// Provenance returns a copy of the account's provenance vector.
func (a *Account) Provenance() []float64 { return append([]float64(nil), a.prov...) }

// Posting is one payment.
type Posting struct {
	From, To AccountID
	AmountBn float64
	Kind     Kind
	// Label is the origin the receiver records the money under, or
	// PassThrough to pass the payer's composition on.
	Label Origin
}

// ErrInsufficientFunds is returned when a non-issuer account would be overdrawn.
var ErrInsufficientFunds = errors.New("insufficient funds")

// overdraftTolerance absorbs floating-point rounding when an account pays out
// exactly its whole balance.
const overdraftTolerance = 1e-9

// Ledger holds accounts and the flows of the current period. The zero value
// is not usable; call New.
type Ledger struct {
	origins  int
	kinds    int
	sectors  int
	accounts []Account

	// Period flows.
	flow     []float64 // [kind][fromSector][toSector]
	inflow   []float64 // [account][kind][origin]: received provenance by kind
	outflow  []float64 // [account][kind]: paid out by kind
	opening  []float64 // balances at the start of the period
	postings int

	scratch []float64
}

// New returns an empty ledger whose provenance vectors have origins
// components and whose flows are classified into kinds and sectors.
func New(origins, kinds, sectors int) *Ledger {
	if origins <= 0 || kinds <= 0 || sectors <= 0 {
		panic("ledger: origins, kinds and sectors must be positive")
	}
	return &Ledger{origins: origins, kinds: kinds, sectors: sectors,
		flow: make([]float64, kinds*sectors*sectors), scratch: make([]float64, origins)}
}

// Origins is the length of every provenance vector.
func (l *Ledger) Origins() int { return l.origins }

// Open adds an account with an opening balance recorded under origin
// openingOrigin and returns its id. Accounts can be opened only before the
// first period starts or between periods.
func (l *Ledger) Open(name string, sector Sector, issuer bool, openingBn float64, openingOrigin Origin) (AccountID, error) {
	if int(sector) < 0 || int(sector) >= l.sectors {
		return 0, fmt.Errorf("open account %s: sector %d out of range", name, sector)
	}
	if int(openingOrigin) < 0 || int(openingOrigin) >= l.origins {
		return 0, fmt.Errorf("open account %s: origin %d out of range", name, openingOrigin)
	}
	if math.IsNaN(openingBn) || math.IsInf(openingBn, 0) || (!issuer && openingBn < 0) {
		return 0, fmt.Errorf("open account %s: bad opening balance %v", name, openingBn)
	}
	a := Account{Name: name, Sector: sector, Issuer: issuer, balance: openingBn, prov: make([]float64, l.origins)}
	a.prov[openingOrigin] = openingBn
	l.accounts = append(l.accounts, a)
	l.inflow = append(l.inflow, make([]float64, l.kinds*l.origins)...)
	l.outflow = append(l.outflow, make([]float64, l.kinds)...)
	l.opening = append(l.opening, openingBn)
	return AccountID(len(l.accounts) - 1), nil
}

// Account returns the account with the given id.
func (l *Ledger) Account(id AccountID) *Account { return &l.accounts[id] }

// Len is the number of accounts.
func (l *Ledger) Len() int { return len(l.accounts) }

// Balance is shorthand for Account(id).Balance().
func (l *Ledger) Balance(id AccountID) float64 { return l.accounts[id].balance }

// Post moves p.AmountBn from p.From to p.To. A zero amount is a no-op. It
// fails, changing nothing, for a negative or non-finite amount, an unknown
// account or label, a pass-through payment from an account without a
// positive balance, or an overdraft of a non-issuer account.
func (l *Ledger) Post(p Posting) error {
	x := p.AmountBn
	if x == 0 {
		return nil
	}
	if !(x > 0) || math.IsInf(x, 0) {
		return fmt.Errorf("post %v: amount must be positive and finite", x)
	}
	if p.From < 0 || int(p.From) >= len(l.accounts) || p.To < 0 || int(p.To) >= len(l.accounts) {
		return fmt.Errorf("post: unknown account (%d -> %d)", p.From, p.To)
	}
	if p.From == p.To {
		return fmt.Errorf("post: %s pays itself", l.accounts[p.From].Name)
	}
	if int(p.Kind) < 0 || int(p.Kind) >= l.kinds {
		return fmt.Errorf("post: kind %d out of range", p.Kind)
	}
	if p.Label != PassThrough && (p.Label < 0 || int(p.Label) >= l.origins) {
		return fmt.Errorf("post: label %d out of range", p.Label)
	}
	from, to := &l.accounts[p.From], &l.accounts[p.To]
	b := from.balance
	if !from.Issuer && x > b*(1+overdraftTolerance)+overdraftTolerance {
		return fmt.Errorf("post %.6g from %s (balance %.6g): %w", x, from.Name, b, ErrInsufficientFunds)
	}
	if p.Label == PassThrough && !(b > 0) {
		return fmt.Errorf("post from %s: cannot pass on the provenance of a balance of %.6g", from.Name, b)
	}

	// The payer spends a proportional slice of its positive balance. An
	// issuer paying beyond that creates the rest under the posting's label,
	// which leaves a negative component: money it has put into circulation.
	moved := l.scratch
	clear(moved)
	covered := 0.0
	if b > 0 {
		covered = min(x, b)
		f := covered / b
		for k, v := range from.prov {
			moved[k] = v * f
		}
	}
	if created := x - covered; created > 0 {
		residue := created <= overdraftTolerance*(1+x)
		switch {
		case covered > 0 && (residue || !from.Issuer):
			// Rounding residue of a whole-balance payment: scale the slice.
			for k := range moved {
				moved[k] *= x / covered
			}
		case p.Label == PassThrough:
			return fmt.Errorf("post from %s: cannot pass on the provenance of %.6g beyond its balance", from.Name, created)
		default:
			moved[p.Label] += created
		}
	}
	for k, v := range moved {
		from.prov[k] -= v
	}
	from.balance -= x
	to.balance += x
	inf := l.inflow[int(p.To)*l.kinds*l.origins+int(p.Kind)*l.origins:][:l.origins]
	if p.Label == PassThrough {
		for k, v := range moved {
			to.prov[k] += v
			inf[k] += v
		}
	} else {
		to.prov[p.Label] += x
		inf[p.Label] += x
	}
	l.outflow[int(p.From)*l.kinds+int(p.Kind)] += x
	l.flow[(int(p.Kind)*l.sectors+int(from.Sector))*l.sectors+int(to.Sector)] += x
	l.postings++
	return nil
}

// Inflow returns the provenance of what account id received under kind in
// the current period (a view; do not modify).
func (l *Ledger) Inflow(id AccountID, kind Kind) []float64 {
	return l.inflow[int(id)*l.kinds*l.origins+int(kind)*l.origins:][:l.origins]
}

// Outflow is what account id paid under kind in the current period.
func (l *Ledger) Outflow(id AccountID, kind Kind) float64 {
	return l.outflow[int(id)*l.kinds+int(kind)]
}

// Flow is the amount paid under kind from sector a to sector b in the period.
func (l *Ledger) Flow(kind Kind, a, b Sector) float64 {
	return l.flow[(int(kind)*l.sectors+int(a))*l.sectors+int(b)]
}

// Postings counts the postings of the current period.
func (l *Ledger) Postings() int { return l.postings }

// OpeningBalance is the balance of id at the start of the current period.
func (l *Ledger) OpeningBalance(id AccountID) float64 { return l.opening[id] }

// StartPeriod clears the period flows and records opening balances.
func (l *Ledger) StartPeriod() {
	clear(l.flow)
	clear(l.inflow)
	clear(l.outflow)
	for i := range l.accounts {
		l.opening[i] = l.accounts[i].balance
	}
	l.postings = 0
}
