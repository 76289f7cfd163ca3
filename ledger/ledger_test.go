package ledger

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

const (
	oFinalDemand Origin = iota
	oOutsideEquity
	oOpening
	oVendor // the chip vendor's own origin
	nOrigins
)

// TestRoundTripWorkedExample is the three-firm loop of the simulation-core
// issue, computed by hand:
//
//	vendor V opens with 100, cloud C with 20 (opening balances)
//	1. V invests 50 in lab L           -> L: 50 labelled V
//	2. customers pay L 10              -> L: 50 V + 10 final demand
//	3. L pays C 30 for compute         -> C receives 30 x (50/60, 10/60) = 25 V + 5 FD
//	                                      C holds 25 V + 5 FD + 20 opening = 50
//	4. C pays V 40 for chips           -> V receives 40/50 of C's mix = 20 V + 4 FD + 16 opening
//
// So half of the vendor's revenue (20 of 40) is its own investment coming back.
func TestRoundTripWorkedExample(t *testing.T) {
	t.Parallel()
	l := New(int(nOrigins), 3, 2)
	const (
		kEquity Kind = iota
		kSale
		kDemand
	)
	mustOpen := func(name string, issuer bool, bal float64) AccountID {
		id, err := l.Open(name, 0, issuer, bal, oOpening)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	v := mustOpen("vendor", false, 100)
	lab := mustOpen("lab", false, 0)
	c := mustOpen("cloud", false, 20)
	customers := mustOpen("customers", true, 0)
	l.StartPeriod()
	for _, p := range []Posting{
		{From: v, To: lab, AmountBn: 50, Kind: kEquity, Label: oVendor},
		{From: customers, To: lab, AmountBn: 10, Kind: kDemand, Label: oFinalDemand},
		{From: lab, To: c, AmountBn: 30, Kind: kSale, Label: PassThrough},
		{From: c, To: v, AmountBn: 40, Kind: kSale, Label: PassThrough},
	} {
		if err := l.Post(p); err != nil {
			t.Fatal(err)
		}
	}
	rev := l.Inflow(v, kSale)
	want := []float64{oFinalDemand: 4, oOutsideEquity: 0, oOpening: 16, oVendor: 20}
	for k, w := range want {
		if math.Abs(rev[k]-w) > 1e-12 {
			t.Errorf("vendor revenue origin %d = %v, want %v", k, rev[k], w)
		}
	}
	if share := rev[oVendor] / 40; math.Abs(share-0.5) > 1e-15 {
		t.Errorf("round-trip share %v, want 0.5", share)
	}
	// The vendor's cash: 50 of opening money left plus the 40 received.
	if got := l.Balance(v); got != 90 {
		t.Errorf("vendor balance %v, want 90", got)
	}
	if err := l.ProvenanceError(); err > 1e-15 {
		t.Errorf("provenance error %v", err)
	}
}

func TestPostErrors(t *testing.T) {
	t.Parallel()
	l := New(2, 1, 1)
	a, _ := l.Open("a", 0, false, 10, 0)
	b, _ := l.Open("b", 0, false, 0, 0)
	bank, _ := l.Open("bank", 0, true, 0, 0)
	tests := []struct {
		name string
		p    Posting
		is   error
	}{
		{"overdraft", Posting{From: a, To: b, AmountBn: 11, Label: PassThrough}, ErrInsufficientFunds},
		{"negative", Posting{From: a, To: b, AmountBn: -1, Label: PassThrough}, nil},
		{"NaN", Posting{From: a, To: b, AmountBn: math.NaN(), Label: PassThrough}, nil},
		{"self", Posting{From: a, To: a, AmountBn: 1, Label: PassThrough}, nil},
		{"bad label", Posting{From: a, To: b, AmountBn: 1, Label: 7}, nil},
		{"bad kind", Posting{From: a, To: b, AmountBn: 1, Kind: 3, Label: 0}, nil},
		{"issuer pass-through with no balance", Posting{From: bank, To: b, AmountBn: 1, Label: PassThrough}, nil},
	}
	for _, tc := range tests {
		err := l.Post(tc.p)
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if tc.is != nil && !errors.Is(err, tc.is) {
			t.Errorf("%s: %v is not %v", tc.name, err, tc.is)
		}
	}
	if l.Balance(a) != 10 || l.Balance(b) != 0 || l.Postings() != 0 {
		t.Error("a failed posting changed the ledger")
	}
	// Paying out the whole balance, with rounding, is allowed and leaves zero.
	if err := l.Post(Posting{From: a, To: b, AmountBn: 10 * (1 + 1e-12), Label: PassThrough}); err != nil {
		t.Fatal(err)
	}
	if got := l.Account(a).Provenance(); math.Abs(got[0]+got[1]-l.Balance(a)) > 1e-12 {
		t.Errorf("provenance %v vs balance %v", got, l.Balance(a))
	}
}

// TestRandomPostingsInvariants posts many random payments between random
// accounts and checks the invariants of MODEL.md section 5: money is
// conserved, provenance vectors sum to balances, and the flow matrix has zero
// row and column sums.
func TestRandomPostingsInvariants(t *testing.T) {
	t.Parallel()
	for seed := uint64(1); seed <= 20; seed++ {
		rng := rand.New(rand.NewPCG(seed, 99))
		const origins, kinds, sectors = 6, 4, 3
		l := New(origins, kinds, sectors)
		n := 3 + rng.IntN(10)
		for i := 0; i < n; i++ {
			issuer := i == 0 || rng.Float64() < 0.2
			open := 0.0
			if !issuer {
				open = rng.Float64() * 100
			}
			if _, err := l.Open("acct", Sector(rng.IntN(sectors)), issuer, open, Origin(rng.IntN(origins))); err != nil {
				t.Fatal(err)
			}
		}
		initial, _ := l.Totals()
		for period := 0; period < 5; period++ {
			l.StartPeriod()
			for i := 0; i < 500; i++ {
				from := AccountID(rng.IntN(n))
				to := AccountID(rng.IntN(n))
				if from == to {
					continue
				}
				a := l.Account(from)
				amount := rng.Float64() * 50
				if !a.Issuer {
					amount = rng.Float64() * a.Balance()
				}
				label := Origin(rng.IntN(origins))
				if rng.Float64() < 0.5 && a.Balance() > amount {
					label = PassThrough
				}
				if err := l.Post(Posting{From: from, To: to, AmountBn: amount, Kind: Kind(rng.IntN(kinds)), Label: label}); err != nil {
					t.Fatalf("seed %d: %v", seed, err)
				}
			}
			sum, gross := l.Totals()
			if math.Abs(sum-initial) > 1e-9*gross {
				t.Fatalf("seed %d: money not conserved: sum %v of gross %v", seed, sum, gross)
			}
			if e := l.ProvenanceError(); e > 1e-9 {
				t.Fatalf("seed %d: provenance error %v", seed, e)
			}
			m, err := l.FlowMatrix([]string{"a", "b", "c", "d"}, []string{"x", "y", "z"})
			if err != nil {
				t.Fatal(err)
			}
			if worst, g := m.MaxImbalance(); worst > 1e-9*math.Max(1, g) {
				t.Fatalf("seed %d: flow matrix imbalance %v of %v", seed, worst, g)
			}
			for i := 0; i < n; i++ {
				if a := l.Account(AccountID(i)); !a.Issuer && a.Balance() < -1e-9 {
					t.Fatalf("seed %d: non-issuer %d negative: %v", seed, i, a.Balance())
				}
			}
		}
	}
}

func BenchmarkPostPassThrough(b *testing.B) {
	l := New(60, 20, 8)
	x, _ := l.Open("x", 0, false, 1e12, 0)
	y, _ := l.Open("y", 1, false, 1e12, 1)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		from, to := x, y
		if i%2 == 1 {
			from, to = y, x
		}
		if err := l.Post(Posting{From: from, To: to, AmountBn: 1, Kind: 3, Label: PassThrough}); err != nil {
			b.Fatal(err)
		}
	}
}
