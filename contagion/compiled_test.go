package contagion

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

// TestCompiledReuse runs every model on one compiled network for several
// shocks, twice each and in turn, and checks that each result equals that
// of the model's own Run on the raw network: a compiled network is shared
// read-only state, so nothing one run does may leak into the next.
func TestCompiledReuse(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	net, err := RandomNetwork{Firms: 300, MeanDegree: 4, CapitalRatio: 0.04, ExternalLiabilityShare: 0.2}.Generate(rng)
	if err != nil {
		t.Fatal(err)
	}
	// Stakes and absorbing firms exercise every claim path.
	for i := 0; i < 40; i++ {
		net.Stakes = append(net.Stakes, Stake{Holder: i, Issuer: (i*7 + 3) % 300, Amount: 0.5})
	}
	net.Absorbing = make([]bool, 300)
	net.Absorbing[299], net.Absorbing[150] = true, true
	c, err := Compile(net)
	if err != nil {
		t.Fatal(err)
	}
	models := []struct {
		name string
		m    Model
		raw  func(*Network, []Shock) (*Result, error)
	}{
		{"eisenberg-noe", EisenbergNoe{}, EisenbergNoe{}.Clear},
		{"rogers-veraart", RogersVeraart{Alpha: 0.7, Beta: 0.9}, RogersVeraart{Alpha: 0.7, Beta: 0.9}.Clear},
		{"furfine", Furfine{LossGivenDefault: 1, StakeLossGivenDefault: 1}, Furfine{LossGivenDefault: 1, StakeLossGivenDefault: 1}.Run},
		{"debtrank", DebtRank{}, DebtRank{}.Run},
		{"linear-debtrank", LinearDebtRank{}, LinearDebtRank{}.Run},
	}
	shockSets := [][]Shock{
		{{Firm: 0, Fail: true}},
		{{Firm: 10, ExternalAssetLoss: 5}, {Firm: 20, ExternalAssetLoss: 3}},
		{{Firm: 100, Fail: true}, {Firm: 101, ExternalAssetLoss: 1}},
	}
	for round := 0; round < 2; round++ {
		for _, shocks := range shockSets {
			for _, md := range models {
				got, err := md.m.RunCompiled(c, shocks)
				if err != nil {
					t.Fatalf("%s: %v", md.name, err)
				}
				want, err := md.raw(net, shocks)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s, shocks %v, pass %d: compiled result differs from Run's", md.name, shocks, round)
				}
			}
		}
	}
	if c.Network() != net {
		t.Fatal("Network() is not the compiled network")
	}
	if _, err := Compile(&Network{ExternalAssets: []float64{-1}}); err == nil {
		t.Fatal("Compile accepted negative external assets")
	}
	if _, err := (RogersVeraart{Alpha: 2}).RunCompiled(c, nil); err == nil {
		t.Fatal("RunCompiled accepted alpha = 2")
	}
}
