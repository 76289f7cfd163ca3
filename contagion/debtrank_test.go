package contagion

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// cinelliNetwork is the example of the R package NetworkRiskMeasures
// (Cinelli, github.com/carloscinelli/NetworkRiskMeasures, README and
// ?debt_rank): an assets matrix in which a holds a claim of 1 on b; b holds
// 10 on a and 3 on c; c holds 3 on a and 2 on b; capital buffers a 2, b 5,
// c 2; vertex weights a 10, b 100, c 30.
//
// A claim of x by holder h on debtor d is the obligation "d owes h x". The
// external assets and liabilities only have to make each firm's equity
// e + a − p̄ − ℓ equal its buffer (and leave room for a 10% shock):
// network assets a = (1, 13, 5), liabilities (13, 3, 3), so e = (14, 5, 2)
// and ℓ = (0, 10, 2) give equities (2, 5, 2).
func cinelliNetwork() (*Network, []float64) {
	net := &Network{
		Names: []string{"a", "b", "c"},
		Obligations: []Obligation{
			{Debtor: 1, Creditor: 0, Amount: 1},
			{Debtor: 0, Creditor: 1, Amount: 10}, {Debtor: 2, Creditor: 1, Amount: 3},
			{Debtor: 0, Creditor: 2, Amount: 3}, {Debtor: 1, Creditor: 2, Amount: 2},
		},
		ExternalAssets:      []float64{14, 5, 2},
		ExternalLiabilities: []float64{0, 10, 2},
	}
	return net, []float64{10, 100, 30}
}

// TestDebtRankCinelli reproduces NetworkRiskMeasures' documented output.
// README, debt_rank_shock with a 10% shock on every vertex: final stress
// a 0.15, b 0.26, c 0.30, additional stress 16.07%. The hand arithmetic,
// with W capped at 1 as in Battiston et al. (2012) — uncapped, b would reach
// 0.36 — is
//
//	h_a = 0.1 + (1/2)(0.1) = 0.15
//	h_b = 0.1 + min(1, 10/5)(0.1) + (3/5)(0.1) = 0.26
//	h_c = 0.1 + min(1, 3/2)(0.1) + (2/2)(0.1) = 0.30
//	R = (0.05×10 + 0.16×100 + 0.20×30)/140 = 0.160714...
//
// README, debt_rank (one vertex defaulting at a time): additional stress
// a 0.9285714 with 2 additional defaults, c 0.6642857 with 0, b 0.25 with 1.
func TestDebtRankCinelli(t *testing.T) {
	net, weights := cinelliNetwork()
	var shocks []Shock
	equity := []float64{2, 5, 2}
	for i := range equity {
		shocks = append(shocks, Shock{Firm: i, ExternalAssetLoss: 0.1 * equity[i]})
	}
	res, err := DebtRank{Value: weights}.Run(net, shocks)
	if err != nil {
		t.Fatal(err)
	}
	assertClose(t, "equity", res.EquityBefore, equity, 1e-12)
	assertClose(t, "distress", res.Distress, []float64{0.15, 0.26, 0.30}, 1e-12)
	if math.Abs(res.DebtRank-0.1607142857) > 1e-9 {
		t.Errorf("DebtRank %v, want 0.1607142857", res.DebtRank)
	}
	tests := []struct {
		firm        int
		debtRank    float64
		newDefaults int
	}{
		{0, 0.9285714, 2},
		{2, 0.6642857, 0},
		{1, 0.25, 1},
	}
	for _, tt := range tests {
		res, err := DebtRank{Value: weights}.Run(net, []Shock{{Firm: tt.firm, Fail: true}})
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(res.DebtRank-tt.debtRank) > 5e-8 {
			t.Errorf("failing %s: DebtRank %v, want %v", net.Name(tt.firm), res.DebtRank, tt.debtRank)
		}
		if got := len(res.Defaulters()) - 1; got != tt.newDefaults {
			t.Errorf("failing %s: %d additional defaults, want %d", net.Name(tt.firm), got, tt.newDefaults)
		}
	}
}

// twoCycle: A holds a claim of 2 on B, B a claim of 5 on A, both with
// equity 10 (external assets 10 + p̄ − a: A 10 + 5 − 2 = 13, B 10 + 2 − 5 = 7).
func twoCycle() *Network {
	return &Network{
		Obligations:    []Obligation{{Debtor: 1, Creditor: 0, Amount: 2}, {Debtor: 0, Creditor: 1, Amount: 5}},
		ExternalAssets: []float64{13, 7},
	}
}

// TestDebtRankVersusLinear: A loses 40% of its equity (4 of 10).
//
// DebtRank (each firm propagates once): round 2, h_B = (5/10)(0.4) = 0.2;
// round 3, A is inactive but still receives: h_A = 0.4 + (2/10)(0.2) = 0.44,
// and B, now inactive, passes nothing on. Final (0.44, 0.2).
//
// Linear DebtRank passes every increment: h_A = 0.4 + 0.2 h_B, h_B = 0.5 h_A,
// so h = (I − Λ)⁻¹ h(1) = (0.4/0.9, 0.2/0.9) = (4/9, 2/9) — more than
// DebtRank, the underestimation Bardoscia et al. (2015) point out.
func TestDebtRankVersusLinear(t *testing.T) {
	shock := []Shock{{Firm: 0, ExternalAssetLoss: 4}}
	dr, err := DebtRank{}.Run(twoCycle(), shock)
	if err != nil {
		t.Fatal(err)
	}
	assertClose(t, "DebtRank", dr.Distress, []float64{0.44, 0.2}, 1e-12)
	if len(dr.Rounds) != 3 {
		t.Errorf("DebtRank: %d rounds, want 3", len(dr.Rounds))
	}
	lin, err := LinearDebtRank{}.Run(twoCycle(), shock)
	if err != nil {
		t.Fatal(err)
	}
	assertClose(t, "linear", lin.Distress, []float64{4.0 / 9, 2.0 / 9}, 1e-11)
	// Equity weights 10 and 10: H = (4/9 + 2/9)/2 = 1/3, H(1) = 0.2.
	if math.Abs(lin.SystemDistress-1.0/3) > 1e-11 || math.Abs(lin.DebtRank-(1.0/3-0.2)) > 1e-11 {
		t.Errorf("linear: H = %v, R = %v, want 1/3 and 2/15", lin.SystemDistress, lin.DebtRank)
	}
	assertClose(t, "loss", lin.Loss, []float64{40.0 / 9, 20.0 / 9}, 1e-11)
}

// TestDebtRankNotMonotone: the chain A → B → C, B holding a claim of 5 on
// A and C a claim of 5 on B. Equities A 5, B 5, C 10, so W_AB = 1 and
// W_BC = 0.5. A fails.
//
// With no shock on B: round 2 h_B = 1, round 3 h_C = 0.5 × 1 = 0.5.
// With 10% of B's equity lost as well: B is distressed from round 1 and
// passes 0.5 × 0.1 = 0.05 to C in round 2, while reaching 1 itself; it is
// then inactive, so C ends at 0.05. A bigger initial shock gives a smaller
// outcome. Linear DebtRank passes B's later increment of 0.9 on as well and
// C ends at 0.5 in both cases.
func TestDebtRankNotMonotone(t *testing.T) {
	net := &Network{
		Obligations:    []Obligation{{Debtor: 0, Creditor: 1, Amount: 5}, {Debtor: 1, Creditor: 2, Amount: 5}},
		ExternalAssets: []float64{10, 5, 5},
	}
	fail := []Shock{{Firm: 0, Fail: true}}
	more := []Shock{{Firm: 0, Fail: true}, {Firm: 1, ExternalAssetLoss: 0.5}}
	a, _ := DebtRank{}.Run(net, fail)
	b, _ := DebtRank{}.Run(net, more)
	assertClose(t, "DebtRank, A fails", a.Distress, []float64{1, 1, 0.5}, 1e-12)
	assertClose(t, "DebtRank, A fails and B shocked", b.Distress, []float64{1, 1, 0.05}, 1e-12)
	la, _ := LinearDebtRank{}.Run(net, fail)
	lb, _ := LinearDebtRank{}.Run(net, more)
	assertClose(t, "linear, A fails", la.Distress, []float64{1, 1, 0.5}, 1e-12)
	assertClose(t, "linear, A fails and B shocked", lb.Distress, []float64{1, 1, 0.5}, 1e-12)
}

// TestDistressProperties: on random networks, distress stays in [0,1], is
// at least the initial shock, the system values stay in [0,1], Linear
// DebtRank is monotone in the shock and at least DebtRank, and a firm in
// Furfine or DebtRank with full distress is reported as defaulted.
func TestDistressProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := 0; trial < 300; trial++ {
		n := 2 + rng.IntN(30)
		net, err := RandomNetwork{Firms: n, MeanDegree: rng.Float64() * math.Min(4, float64(n-1)), CapitalRatio: 0.3 * rng.Float64(), ExternalLiabilityShare: 0.3 * rng.Float64()}.Generate(rng)
		if err != nil {
			t.Fatal(err)
		}
		var shocks, bigger []Shock
		for i := 0; i < n; i++ {
			if rng.IntN(4) == 0 {
				f := rng.Float64()
				shocks = append(shocks, Shock{Firm: i, ExternalAssetLoss: f * net.ExternalAssets[i]})
				bigger = append(bigger, Shock{Firm: i, ExternalAssetLoss: math.Min(1, f+0.2) * net.ExternalAssets[i]})
			}
		}
		dr, err := DebtRank{}.Run(net, shocks)
		if err != nil {
			t.Fatal(err)
		}
		lin, err := LinearDebtRank{}.Run(net, shocks)
		if err != nil {
			t.Fatal(err)
		}
		linBig, err := LinearDebtRank{}.Run(net, bigger)
		if err != nil {
			t.Fatal(err)
		}
		h1 := initialDistressOf(net, shocks)
		for _, r := range []*Result{dr, lin, linBig} {
			for _, x := range []float64{r.SystemDistress, r.InitialDistress, r.DebtRank} {
				if x < -1e-12 || x > 1+1e-12 {
					t.Fatalf("trial %d %s: system value %v outside [0,1]", trial, r.Method, x)
				}
			}
			for i, h := range r.Distress {
				if h < 0 || h > 1 {
					t.Fatalf("trial %d %s: h_%d = %v", trial, r.Method, i, h)
				}
				if r.Defaulted[i] != (h >= 1) {
					t.Fatalf("trial %d %s: firm %d h = %v, defaulted %v", trial, r.Method, i, h, r.Defaulted[i])
				}
			}
		}
		for i := range h1 {
			if dr.Distress[i] < h1[i]-1e-12 || lin.Distress[i] < dr.Distress[i]-1e-9 || linBig.Distress[i] < lin.Distress[i]-1e-9 {
				t.Fatalf("trial %d: firm %d: h(1) %v, DebtRank %v, linear %v, linear with bigger shock %v",
					trial, i, h1[i], dr.Distress[i], lin.Distress[i], linBig.Distress[i])
			}
		}
	}
}

func initialDistressOf(net *Network, shocks []Shock) []float64 {
	g, _ := compile(net)
	_, loss, forced, _ := g.shocked(net, shocks)
	return initialDistress(g, g.equity(), loss, forced)
}

// TestFurfineProperties: on random networks, Furfine defaults only grow
// with the loss given default and the shock, and every round's new
// defaulters are exactly the firms whose losses first exceed their equity.
func TestFurfineProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := 0; trial < 300; trial++ {
		n := 2 + rng.IntN(30)
		net, err := RandomNetwork{Firms: n, MeanDegree: rng.Float64() * math.Min(4, float64(n-1)), CapitalRatio: 0.3 * rng.Float64()}.Generate(rng)
		if err != nil {
			t.Fatal(err)
		}
		shocks := []Shock{{Firm: rng.IntN(n), Fail: true}}
		lgd := rng.Float64()
		a, err := Furfine{LossGivenDefault: lgd}.Run(net, shocks)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Furfine{LossGivenDefault: math.Min(1, lgd+0.3)}.Run(net, shocks)
		if err != nil {
			t.Fatal(err)
		}
		for i := range a.Defaulted {
			if a.Defaulted[i] && !b.Defaulted[i] {
				t.Fatalf("trial %d: firm %d defaults at lgd %v but not at a higher one", trial, i, lgd)
			}
		}
		if got := len(a.Defaulters()); got != countTrue(a.Defaulted) {
			t.Fatalf("trial %d: rounds list %d defaulters, flags %d", trial, got, countTrue(a.Defaulted))
		}
		for k, r := range a.Rounds {
			if r.Round != k+1 || !slices.IsSorted(r.NewDefaults) {
				t.Fatalf("trial %d: malformed round %+v", trial, r)
			}
		}
	}
}

func countTrue(b []bool) int {
	n := 0
	for _, x := range b {
		if x {
			n++
		}
	}
	return n
}
