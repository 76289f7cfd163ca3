package contagion

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// rvSixBank is the six-bank network of Rogers and Veraart (2013), Section 5
// ("asymmetric" example). The liabilities matrix is transcribed from the
// FinNetValu test suite (github.com/bertschi/FinNetValu,
// test/models/test_rv.jl, "Asymmetric example from paper"); its row sums are
// the nominal liabilities p̄ = [13, 8, 13, 8, 12, 9] and the external assets
// are e = [1, 1, 11.51, 1.4, 12.5, 2], as stated in the paper.
var rvSixBank = [][]float64{
	{0, 4.94, 2.47, 5.59, 0, 0},
	{6, 0, 0, 2, 0, 0},
	{0, 13, 0, 0, 0, 0},
	{0, 0, 0, 0, 0, 8},
	{12, 0, 0, 0, 0, 0},
	{2.79, 6.21, 0, 0, 0, 0},
}

// TestRogersVeraartSixBank writes out the clearing vector of every bank in
// the three scenarios of the issue (indices are 0-based, so "bank 4" is the
// paper's bank 5, the one with p̄ = 12 and e = 12.5).
//
//   - Bank 4's external assets cut by 1 (12.5 → 11.5), α = β = 1: bank 4 has
//     no receivables (column 4 of L is zero), so it pays all it has, 11.5 < 12;
//     its only creditor, bank 0, then holds 1 + 6 + 11.5 + 2.79 = 21.29 ≥ 13
//     and every other bank is untouched.
//   - Same cut, α = 0.9, β = 0.5: bank 4 realises 0.9 × 11.5 = 10.35; bank 0
//     holds 1 + 6 + 10.35 + 2.79 = 20.14 ≥ 13.
//   - All external assets halved, α = β = 0.5: every bank defaults. The
//     payments solve the 6×6 system p = 0.5 e + 0.5 Πᵀp; the table values
//     were computed by three independent routes that agree to 1e-10: the
//     Greatest Clearing Vector Algorithm under test, Picard iteration of the
//     clearing map from p̄, and brute force over all 64 default sets.
//
// The same cut with α = β = 1 and all assets halved with α = β = 1 are added
// rows that show how the default costs change the picture.
func TestRogersVeraartSixBank(t *testing.T) {
	e := []float64{1, 1, 11.51, 1.4, 12.5, 2}
	cut := slices.Clone(e)
	cut[4] = 11.5
	half := make([]float64, len(e))
	for i := range e {
		half[i] = e[i] / 2
	}
	tests := []struct {
		name        string
		ext         []float64
		alpha, beta float64
		payments    []float64
		defaulted   []int
		rounds      [][]int
	}{
		{"no shock", e, 1, 1, []float64{13, 8, 13, 8, 12, 9}, nil, nil},
		{"bank 4 cut by 1, EN", cut, 1, 1, []float64{13, 8, 13, 8, 11.5, 9}, []int{4}, [][]int{{4}}},
		{"bank 4 cut by 1, alpha 0.9 beta 0.5", cut, 0.9, 0.5, []float64{13, 8, 13, 8, 10.35, 9}, []int{4}, [][]int{{4}}},
		{"all halved, alpha beta 0.5", half, 0.5, 0.5,
			[]float64{3.0531233896, 2.8207979750, 3.1675467221, 1.3590212763, 3.125, 1.1795106383},
			[]int{0, 1, 2, 3, 4, 5}, [][]int{{2, 4}, {0}, {3}, {5}, {1}}},
		{"all halved, EN", half, 1, 1, []float64{13, 8, 8.225, 8, 6.25, 9}, []int{2, 4}, [][]int{{2, 4}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sys := denseSystem{L: rvSixBank, ext: tt.ext}
			res, err := RogersVeraart{Alpha: tt.alpha, Beta: tt.beta}.Clear(sys.network(), nil)
			if err != nil {
				t.Fatal(err)
			}
			assertClose(t, "payments", res.Payments, tt.payments, 1e-9)
			assertClose(t, "picard", sys.picard(tt.alpha, tt.beta), tt.payments, 1e-9)
			all := sys.bruteForce(tt.alpha, tt.beta)
			if len(all) != 1 {
				t.Fatalf("brute force found %d clearing vectors, want 1", len(all))
			}
			assertClose(t, "brute force", all[0], tt.payments, 1e-9)
			var got []int
			for i, d := range res.Defaulted {
				if d {
					got = append(got, i)
				}
			}
			if !slices.Equal(got, tt.defaulted) {
				t.Errorf("defaulted %v, want %v", got, tt.defaulted)
			}
			var rounds [][]int
			for _, r := range res.Rounds {
				rounds = append(rounds, r.NewDefaults)
			}
			if !slices.EqualFunc(rounds, tt.rounds, slices.Equal) {
				t.Errorf("rounds %v, want %v", rounds, tt.rounds)
			}
		})
	}
}

// TestSystemicRiskPeer compares with the example of the R package
// systemicrisk (Gandy and Veraart), function default_clearing, whose
// documented output (rdrr.io/cran/systemicrisk/man/default_clearing.html) is
// defaults (1,1,0), clearing vector (1.473214, 1.419643, 1.5) without default
// costs and defaults (1,1,1), clearing vector (0.5020200, 0.5147049,
// 0.5653806) with alpha = 0.5, beta = 0.7. The package counts external
// liabilities in p̄, as this package does.
func TestSystemicRiskPeer(t *testing.T) {
	sys := denseSystem{
		L:       [][]float64{{0, .5, .5}, {.5, 0, .5}, {.5, .5, 0}},
		ext:     []float64{1. / 2, 5. / 8, 3. / 4},
		extLiab: []float64{3. / 2, 1. / 2, 1. / 2},
	}
	tests := []struct {
		alpha, beta float64
		payments    []float64
		defaulted   []bool
	}{
		{1, 1, []float64{1.473214, 1.419643, 1.5}, []bool{true, true, false}},
		{0.5, 0.7, []float64{0.5020200, 0.5147049, 0.5653806}, []bool{true, true, true}},
	}
	for _, tt := range tests {
		res, err := RogersVeraart{Alpha: tt.alpha, Beta: tt.beta}.Clear(sys.network(), nil)
		if err != nil {
			t.Fatal(err)
		}
		assertClose(t, "payments", res.Payments, tt.payments, 5e-7) // peer prints 7 digits
		if !slices.Equal(res.Defaulted, tt.defaulted) {
			t.Errorf("alpha %v beta %v: defaulted %v, want %v", tt.alpha, tt.beta, res.Defaulted, tt.defaulted)
		}
	}
}

// TestEisenbergNoeChain is worked by hand. A owes B 10, B owes C 10; A owes
// nothing else, C nothing at all. External assets are A 12, B 3, C 0, so
// the equities are A 12−10 = 2, B 3+10−10 = 3, C 10. A loses 8 of its
// external assets:
//
//	round 1: A has 4 < 10, defaults and pays 4;
//	round 2: B has 3 + 4 = 7 < 10, defaults and pays 7;
//	C receives 7 and keeps equity 7.
//
// Losses: A 2, B 3, C 3, in all 8 = the shock, as nothing leaves the system.
func TestEisenbergNoeChain(t *testing.T) {
	net := &Network{
		Names:          []string{"A", "B", "C"},
		Obligations:    []Obligation{{0, 1, 10}, {1, 2, 10}},
		ExternalAssets: []float64{12, 3, 0},
	}
	res, err := EisenbergNoe{}.Clear(net, []Shock{{Firm: 0, ExternalAssetLoss: 8}})
	if err != nil {
		t.Fatal(err)
	}
	assertClose(t, "payments", res.Payments, []float64{4, 7, 0}, 1e-12)
	assertClose(t, "equity before", res.EquityBefore, []float64{2, 3, 10}, 1e-12)
	assertClose(t, "equity after", res.EquityAfter, []float64{0, 0, 7}, 1e-12)
	assertClose(t, "loss", res.Loss, []float64{2, 3, 3}, 1e-12)
	if res.SystemLoss != 8 {
		t.Errorf("system loss %v, want 8", res.SystemLoss)
	}
	if !slices.Equal(res.DefaultRound, []int{1, 2, 0}) {
		t.Errorf("default rounds %v, want [1 2 0]", res.DefaultRound)
	}
	// Equity-weighted distress: weights 2,3,10 of 15; h = 1, 1, 0.3.
	if want := (2*1 + 3*1 + 10*0.3) / 15.0; math.Abs(res.SystemDistress-want) > 1e-12 {
		t.Errorf("system distress %v, want %v", res.SystemDistress, want)
	}
	// Initial distress: A lost 8 of its equity 2, so h_A(1) = 1.
	if want := 2 / 15.0; math.Abs(res.InitialDistress-want) > 1e-12 {
		t.Errorf("initial distress %v, want %v", res.InitialDistress, want)
	}
}

// TestForcedFailure checks Fail on the Furfine example network
// (see TestFurfineHand): A is put into default with all its external assets
// gone. A has no receivables and pays 0; B then has nothing and pays 0;
// C, owed 2 by A and 6 by B against outside debts of 4.5, defaults a round
// later and pays its 0 to the outside creditors, who lose 4.5.
func TestForcedFailure(t *testing.T) {
	net := furfineNetwork()
	res, err := EisenbergNoe{}.Clear(net, []Shock{{Firm: 0, ExternalAssetLoss: 13, Fail: true}})
	if err != nil {
		t.Fatal(err)
	}
	assertClose(t, "payments", res.Payments, []float64{0, 0, 0}, 1e-12)
	if !slices.Equal(res.DefaultRound, []int{1, 2, 3}) {
		t.Errorf("default rounds %v, want [1 2 3]", res.DefaultRound)
	}
	if math.Abs(res.ExternalCreditorLoss-4.5) > 1e-12 {
		t.Errorf("external creditor loss %v, want 4.5", res.ExternalCreditorLoss)
	}
	// A firm forced into default that can still pay in full pays p̄ and
	// keeps its surplus.
	res, err = RogersVeraart{Alpha: 1, Beta: 1}.Clear(net, []Shock{{Firm: 1, Fail: true}})
	if err != nil {
		t.Fatal(err)
	}
	// B: external 0, receives 10 from A, owes 6: pays 6, keeps 4.
	assertClose(t, "payments", res.Payments, []float64{12, 6, 4.5}, 1e-12)
	assertClose(t, "equity after", res.EquityAfter, []float64{1, 4, 3.5}, 1e-12)
}

// TestGreatestAmongSeveral uses a two-firm cycle with several clearing
// vectors. A and B owe each other 2 and have nothing else. Paying in full is
// clearing (each receives 2 and pays 2). With default costs (α = β = 0.5)
// paying nothing is clearing too: each then has 0 < 2, defaults and realises
// 0.5 × 0 = 0. Without default costs every p = (x, x), 0 ≤ x ≤ 2, is
// clearing. The greatest is (2, 2) in both cases.
func TestGreatestAmongSeveral(t *testing.T) {
	sys := denseSystem{L: [][]float64{{0, 2}, {2, 0}}, ext: []float64{0, 0}}
	all := sys.bruteForce(0.5, 0.5)
	if len(all) != 2 {
		t.Fatalf("brute force found %d clearing vectors, want 2", len(all))
	}
	for _, ab := range [][2]float64{{0.5, 0.5}, {1, 1}} {
		res, err := RogersVeraart{Alpha: ab[0], Beta: ab[1]}.Clear(sys.network(), nil)
		if err != nil {
			t.Fatal(err)
		}
		assertClose(t, "payments", res.Payments, []float64{2, 2}, 0)
	}
}

// TestClearingProperties checks invariants on random networks of 2..7
// firms with random shocks and default costs:
//   - 0 ≤ p ≤ p̄ and p is a fixed point of the clearing map;
//   - p equals Picard iteration from p̄ and is the greatest of all clearing
//     vectors found by brute force;
//   - the dense and the Gauss–Seidel solvers agree;
//   - at most n rounds;
//   - loss accounting: Σ(E_before − V) + external creditor loss = shocks +
//     default costs, where V is a firm's value after paying p;
//   - a bigger shock never raises a payment.
func TestClearingProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 400; trial++ {
		n := 2 + rng.IntN(6)
		spec := RandomNetwork{Firms: n, MeanDegree: rng.Float64() * float64(n-1), CapitalRatio: 0.1 * rng.Float64(), ExternalLiabilityShare: 0.5 * rng.Float64()}
		net, err := spec.Generate(rng)
		if err != nil {
			t.Fatal(err)
		}
		alpha, beta := 1.0, 1.0
		if trial%2 == 1 {
			alpha, beta = rng.Float64(), rng.Float64()
		}
		var shocks []Shock
		for i := 0; i < n; i++ {
			if rng.IntN(3) == 0 {
				shocks = append(shocks, Shock{Firm: i, ExternalAssetLoss: rng.Float64() * net.ExternalAssets[i]})
			}
		}
		m := RogersVeraart{Alpha: alpha, Beta: beta}
		res, err := m.Clear(net, shocks)
		if err != nil {
			t.Fatal(err)
		}
		sys := toDense(net)
		for _, s := range shocks {
			sys.ext[s.Firm] -= s.ExternalAssetLoss
		}
		pbar, pi := sys.pbarPi()
		in := inflowDense(pi, res.Payments)
		for i, p := range res.Payments {
			if p < 0 || p > pbar[i]*(1+1e-12) {
				t.Fatalf("trial %d: p_%d = %v outside [0, %v]", trial, i, p, pbar[i])
			}
			want := pbar[i]
			if sys.ext[i]+in[i] < pbar[i]-1e-9*math.Max(1, pbar[i]) {
				want = alpha*sys.ext[i] + beta*in[i]
			}
			if math.Abs(p-want) > 1e-9*math.Max(1, pbar[i]) {
				t.Fatalf("trial %d: p_%d = %v is not a fixed point (map gives %v)", trial, i, p, want)
			}
		}
		assertClose(t, "picard", sys.picard(alpha, beta), res.Payments, 1e-8)
		for _, q := range sys.bruteForce(alpha, beta) {
			for i := range q {
				if q[i] > res.Payments[i]+1e-8 {
					t.Fatalf("trial %d: clearing vector %v exceeds GA result %v", trial, q, res.Payments)
				}
			}
		}
		gs, err := RogersVeraart{Alpha: alpha, Beta: beta, Solver: Solver{DenseLimit: -1}}.Clear(net, shocks)
		if err != nil {
			t.Fatal(err)
		}
		assertClose(t, "gauss-seidel", gs.Payments, res.Payments, 1e-9)
		if len(res.Rounds) > n {
			t.Fatalf("trial %d: %d rounds for %d firms", trial, len(res.Rounds), n)
		}
		var lhs, shock float64
		for i := range res.Payments {
			lhs += res.EquityBefore[i] - (sys.ext[i] + in[i] - res.Payments[i])
		}
		for _, l := range res.ShockLoss {
			shock += l
		}
		// V above counts a defaulter's liquidation loss; the identity with
		// it is Σ(E_before − V) + external creditor loss = shocks.
		if math.Abs(lhs+res.ExternalCreditorLoss-shock) > 1e-8*(1+shock) {
			t.Fatalf("trial %d: loss accounting %v + %v != %v", trial, lhs, res.ExternalCreditorLoss, shock)
		}
		var dw float64
		for i := range res.Payments {
			if res.Defaulted[i] {
				dw += (1-alpha)*sys.ext[i] + (1-beta)*in[i]
			}
		}
		if math.Abs(dw-res.DeadweightLoss) > 1e-9*(1+dw) {
			t.Fatalf("trial %d: deadweight %v, want %v", trial, res.DeadweightLoss, dw)
		}
		bigger := slices.Clone(shocks)
		for k := range bigger {
			bigger[k].ExternalAssetLoss = net.ExternalAssets[bigger[k].Firm]
		}
		worse, err := m.Clear(net, bigger)
		if err != nil {
			t.Fatal(err)
		}
		for i := range worse.Payments {
			if worse.Payments[i] > res.Payments[i]+1e-9 {
				t.Fatalf("trial %d: bigger shock raised p_%d from %v to %v", trial, i, res.Payments[i], worse.Payments[i])
			}
		}
	}
}

// TestLargeNetworkSolvers checks that the dense and iterative solvers agree
// on a network with a big default set.
func TestLargeNetworkSolvers(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	net, err := RandomNetwork{Firms: 300, MeanDegree: 5, CapitalRatio: 0.02, ExternalLiabilityShare: 0.2}.Generate(rng)
	if err != nil {
		t.Fatal(err)
	}
	var shocks []Shock
	for i := 0; i < 300; i += 3 {
		shocks = append(shocks, Shock{Firm: i, ExternalAssetLoss: 0.5 * net.ExternalAssets[i]})
	}
	for _, ab := range [][2]float64{{1, 1}, {0.7, 0.9}} {
		dense, err := RogersVeraart{Alpha: ab[0], Beta: ab[1]}.Clear(net, shocks)
		if err != nil {
			t.Fatal(err)
		}
		iter, err := RogersVeraart{Alpha: ab[0], Beta: ab[1], Solver: Solver{DenseLimit: -1}}.Clear(net, shocks)
		if err != nil {
			t.Fatal(err)
		}
		d := 0
		for _, x := range dense.Defaulted {
			if x {
				d++
			}
		}
		if d < 50 {
			t.Fatalf("only %d defaults; the test wants a large default set", d)
		}
		assertClose(t, "payments", iter.Payments, dense.Payments, 1e-9)
		if !slices.Equal(iter.DefaultRound, dense.DefaultRound) {
			t.Errorf("default rounds differ between solvers")
		}
	}
}

func TestClearingErrors(t *testing.T) {
	net := &Network{Obligations: []Obligation{{0, 1, 1}}, ExternalAssets: []float64{1, 1}, Absorbing: []bool{false, true}}
	bad := []struct {
		name   string
		m      RogersVeraart
		shocks []Shock
	}{
		{"alpha above 1", RogersVeraart{Alpha: 1.5, Beta: 1}, nil},
		{"beta NaN", RogersVeraart{Alpha: 1, Beta: math.NaN()}, nil},
		{"firm out of range", RogersVeraart{Alpha: 1, Beta: 1}, []Shock{{Firm: 2}}},
		{"negative loss", RogersVeraart{Alpha: 1, Beta: 1}, []Shock{{Firm: 0, ExternalAssetLoss: -1}}},
		{"fail absorbing", RogersVeraart{Alpha: 1, Beta: 1}, []Shock{{Firm: 1, Fail: true}}},
	}
	for _, b := range bad {
		if _, err := b.m.Clear(net, b.shocks); err == nil {
			t.Errorf("%s: no error", b.name)
		}
	}
	invalid := []*Network{
		{Obligations: []Obligation{{0, 0, 1}}, ExternalAssets: []float64{1}},
		{Obligations: []Obligation{{0, 1, -1}}, ExternalAssets: []float64{1, 1}},
		{Obligations: []Obligation{{0, 1, math.Inf(1)}}, ExternalAssets: []float64{1, 1}},
		{ExternalAssets: []float64{math.NaN()}},
		{ExternalAssets: []float64{1}, ExternalLiabilities: []float64{1, 2}},
		{ExternalAssets: []float64{1}, Names: []string{"a", "b"}},
		{ExternalAssets: []float64{1, 1}, Stakes: []Stake{{0, 5, 1}}},
	}
	for k, net := range invalid {
		if _, err := (EisenbergNoe{}).Clear(net, nil); err == nil {
			t.Errorf("invalid network %d: no error", k)
		}
	}
}

// TestAbsorbing: an absorbing creditor that loses everything it is owed
// does not default and keeps paying its own debt.
func TestAbsorbing(t *testing.T) {
	net := &Network{
		Obligations:    []Obligation{{0, 1, 10}, {1, 2, 1}},
		ExternalAssets: []float64{10, 0, 0},
		Absorbing:      []bool{false, true, false},
	}
	res, err := EisenbergNoe{}.Clear(net, []Shock{{Firm: 0, ExternalAssetLoss: 10, Fail: true}})
	if err != nil {
		t.Fatal(err)
	}
	assertClose(t, "payments", res.Payments, []float64{0, 1, 0}, 0)
	if res.Defaulted[1] || res.AbsorbedLoss != 10 {
		t.Errorf("absorbing firm: defaulted %v, absorbed loss %v, want false, 10", res.Defaulted[1], res.AbsorbedLoss)
	}
}

func toDense(net *Network) denseSystem {
	n := net.Len()
	s := denseSystem{L: make([][]float64, n), ext: slices.Clone(net.ExternalAssets), extLiab: make([]float64, n)}
	copy(s.extLiab, net.ExternalLiabilities)
	for i := range s.L {
		s.L[i] = make([]float64, n)
	}
	for _, o := range net.Obligations {
		s.L[o.Debtor][o.Creditor] += o.Amount
	}
	return s
}

func assertClose(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		if math.Abs(got[i]-want[i]) > tol*math.Max(1, math.Abs(want[i])) {
			t.Fatalf("%s: [%d] = %.12g, want %.12g (all: %v)", what, i, got[i], want[i], got)
		}
	}
}
