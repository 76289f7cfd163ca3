package contagion

import (
	"slices"
	"testing"
)

// furfineNetwork: A owes B 10 and C 2, B owes C 6, C owes 4.5 outside.
// External assets A 13, B 0, C 0, so equities are
// A 13 − 12 = 1, B 10 − 6 = 4, C 8 − 4.5 = 3.5.
func furfineNetwork() *Network {
	return &Network{
		Names:               []string{"A", "B", "C"},
		Obligations:         []Obligation{{0, 1, 10}, {0, 2, 2}, {1, 2, 6}},
		ExternalAssets:      []float64{13, 0, 0},
		ExternalLiabilities: []float64{0, 0, 4.5},
	}
}

// TestFurfineHand: A fails; loss given default 0.5.
//
//	round 1: A fails. B loses 0.5×10 = 5 > 4; C loses 0.5×2 = 1 < 3.5.
//	round 2: B fails. C loses 0.5×6 = 3 more, 4 in all > 3.5.
//	round 3: C fails.
//
// Equity lost: 1 + 4 + 3.5 = 8.5. With loss given default 0.25 B loses
// 2.5 < 4 and the cascade stops at A.
func TestFurfineHand(t *testing.T) {
	res, err := Furfine{LossGivenDefault: 0.5, StakeLossGivenDefault: 1}.Run(furfineNetwork(), []Shock{{Firm: 0, Fail: true}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.DefaultRound, []int{1, 2, 3}) {
		t.Errorf("default rounds %v, want [1 2 3]", res.DefaultRound)
	}
	assertClose(t, "loss", res.Loss, []float64{1, 4, 3.5}, 1e-12)
	assertClose(t, "round loss", []float64{res.Rounds[0].SystemLoss, res.Rounds[1].SystemLoss, res.Rounds[2].SystemLoss}, []float64{1 + 4 + 1, 1 + 4 + 3.5, 8.5}, 1e-12)
	res, err = Furfine{LossGivenDefault: 0.25}.Run(furfineNetwork(), []Shock{{Firm: 0, Fail: true}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.DefaultRound, []int{1, 0, 0}) {
		t.Errorf("lgd 0.25: default rounds %v, want [1 0 0]", res.DefaultRound)
	}
	// B lost 2.5 of 4, C 0.5 of 3.5.
	assertClose(t, "loss", res.Loss, []float64{1, 2.5, 0.5}, 1e-12)
}

// TestFurfineStakes: a shareholder loses StakeLossGivenDefault of its stake
// when the issuer fails. H holds a stake of 3 in A, counted in its external
// assets of 3.
func TestFurfineStakes(t *testing.T) {
	net := &Network{
		Obligations:    []Obligation{{0, 1, 1}},
		ExternalAssets: []float64{1, 0, 3},
		Stakes:         []Stake{{Holder: 2, Issuer: 0, Amount: 3}},
	}
	// Equities: A 0, B 1, H 3. H first loses 0.5 of external assets,
	// leaving 2.5 of equity. A fails: B loses its claim of 1, which does
	// not exceed its equity of 1, so B survives; H loses its stake of 3 >
	// 2.5 and fails in round 2. Without stake losses H survives.
	res, err := Furfine{LossGivenDefault: 1, StakeLossGivenDefault: 1}.Run(net, []Shock{{Firm: 0, Fail: true}, {Firm: 2, ExternalAssetLoss: 0.5}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.DefaultRound, []int{1, 0, 2}) {
		t.Errorf("default rounds %v, want [1 0 2]", res.DefaultRound)
	}
	res, err = Furfine{LossGivenDefault: 1, StakeLossGivenDefault: 0}.Run(net, []Shock{{Firm: 0, Fail: true}, {Firm: 2, ExternalAssetLoss: 0.5}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.DefaultRound, []int{1, 0, 0}) {
		t.Errorf("stake lgd 0: default rounds %v, want [1 0 0]", res.DefaultRound)
	}
}
