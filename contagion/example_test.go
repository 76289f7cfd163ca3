package contagion_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/bubblelab/bubblelab/contagion"
)

// The six-bank example of Rogers and Veraart (2013): bank 4 (0-based) loses
// 1 of its external assets and cannot pay its debt of 12 in full.
func ExampleRogersVeraart() {
	L := [][]float64{
		{0, 4.94, 2.47, 5.59, 0, 0},
		{6, 0, 0, 2, 0, 0},
		{0, 13, 0, 0, 0, 0},
		{0, 0, 0, 0, 0, 8},
		{12, 0, 0, 0, 0, 0},
		{2.79, 6.21, 0, 0, 0, 0},
	}
	net := &contagion.Network{ExternalAssets: []float64{1, 1, 11.51, 1.4, 12.5, 2}}
	for i, row := range L {
		for j, v := range row {
			if v > 0 {
				net.Obligations = append(net.Obligations, contagion.Obligation{Debtor: i, Creditor: j, Amount: v})
			}
		}
	}
	shock := []contagion.Shock{{Firm: 4, ExternalAssetLoss: 1}}
	en, _ := contagion.EisenbergNoe{}.Clear(net, shock)
	rv, _ := contagion.RogersVeraart{Alpha: 0.9, Beta: 0.5}.Clear(net, shock)
	fmt.Printf("Eisenberg–Noe:   bank 4 pays %.2f of %.0f\n", en.Payments[4], en.Obligations[4])
	fmt.Printf("Rogers–Veraart:  bank 4 pays %.2f, default costs %.2f\n", rv.Payments[4], rv.DeadweightLoss)
	fmt.Println("defaulters:", rv.Defaulters())
	// Output:
	// Eisenberg–Noe:   bank 4 pays 11.50 of 12
	// Rogers–Veraart:  bank 4 pays 10.35, default costs 1.15
	// defaulters: [4]
}

// A failure spreading in rounds: A owes B 10 and C 2, B owes C 6, and C owes
// 4.5 to outside creditors. When A fails, creditors lose half their claims.
func ExampleFurfine() {
	net := &contagion.Network{
		Names:               []string{"A", "B", "C"},
		Obligations:         []contagion.Obligation{{Debtor: 0, Creditor: 1, Amount: 10}, {Debtor: 0, Creditor: 2, Amount: 2}, {Debtor: 1, Creditor: 2, Amount: 6}},
		ExternalAssets:      []float64{13, 0, 0},
		ExternalLiabilities: []float64{0, 0, 4.5},
	}
	res, _ := contagion.Furfine{LossGivenDefault: 0.5}.Run(net, []contagion.Shock{{Firm: 0, Fail: true}})
	for _, r := range res.Rounds {
		for _, i := range r.NewDefaults {
			fmt.Printf("round %d: %s fails\n", r.Round, net.Name(i))
		}
	}
	fmt.Printf("equity lost: %.1f\n", res.SystemLoss)
	// Output:
	// round 1: A fails
	// round 2: B fails
	// round 3: C fails
	// equity lost: 8.5
}

// DebtRank and linear DebtRank on two firms with claims on each other: A
// loses 40% of its equity.
func ExampleLinearDebtRank() {
	net := &contagion.Network{
		Names:          []string{"A", "B"},
		Obligations:    []contagion.Obligation{{Debtor: 1, Creditor: 0, Amount: 2}, {Debtor: 0, Creditor: 1, Amount: 5}},
		ExternalAssets: []float64{13, 7},
	}
	shock := []contagion.Shock{{Firm: 0, ExternalAssetLoss: 4}}
	dr, _ := contagion.DebtRank{}.Run(net, shock)
	lin, _ := contagion.LinearDebtRank{}.Run(net, shock)
	fmt.Printf("DebtRank:        h = %.3f, R = %.3f\n", dr.Distress, dr.DebtRank)
	fmt.Printf("linear DebtRank: h = %.3f, R = %.3f\n", lin.Distress, lin.DebtRank)
	// Output:
	// DebtRank:        h = [0.440 0.200], R = 0.120
	// linear DebtRank: h = [0.444 0.222], R = 0.133
}

func ExampleRandomNetwork() {
	rng := rand.New(rand.NewPCG(1, 1))
	net, _ := contagion.RandomNetwork{Firms: 1000, MeanDegree: 5, CapitalRatio: 0.05}.Generate(rng)
	var shocks []contagion.Shock
	for i := 0; i < 10; i++ {
		shocks = append(shocks, contagion.Shock{Firm: i, ExternalAssetLoss: net.ExternalAssets[i], Fail: true})
	}
	res, _ := contagion.EisenbergNoe{}.Clear(net, shocks)
	fmt.Println("firms:", net.Len(), "rounds:", len(res.Rounds), "defaults:", len(res.Defaulters()) > 10)
	// Output:
	// firms: 1000 rounds: 2 defaults: true
}
