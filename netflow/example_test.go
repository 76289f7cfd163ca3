package netflow_test

import (
	"context"
	"fmt"
	"time"

	"github.com/bubblelab/bubblelab/dataset"
	"github.com/bubblelab/bubblelab/netflow"
)

// The vendor-financing toy of the issue: a chip vendor N invests 100 in a
// lab O, O rents 80 of cloud capacity from C, C buys 60 of N's chips, and an
// outside investor H puts 10 into O. 60 can go round N → O → C → N.
func ExampleMaxCirculation() {
	var b netflow.Builder
	for _, e := range []struct {
		from, to string
		amountBn float64
	}{{"N", "O", 100}, {"O", "C", 80}, {"C", "N", 60}, {"H", "O", 10}} {
		if err := b.AddEdge(e.from, e.to, e.amountBn, e.amountBn, false); err != nil {
			panic(err)
		}
	}
	g := b.Build()
	d, err := netflow.MaxCirculation(context.Background(), g)
	if err != nil {
		panic(err)
	}
	fmt.Printf("gross %g, circular %g, circularity index %.2f\n", d.GrossBn, d.CircularFlowBn, d.CircularityIndex)
	fmt.Printf("minimal gross %g, excess %g, conservatively removable %g\n", d.MinimalGrossBn, d.ExcessBn, d.ConservativeRemovableBn)
	o, _ := g.Node("O")
	fmt.Printf("O: %.1f%% of inflow is circular\n", 100*d.Firms[o].CircularShare)
	// Output:
	// gross 250, circular 180, circularity index 0.72
	// minimal gross 50, excess 200, conservatively removable 180
	// O: 54.5% of inflow is circular
}

// Deals become a graph: parallel deals merge, multi-year contracts are
// annualised, undisclosed amounts are left out (and listed).
func ExampleFromDeals() {
	day := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	deals := []dataset.Deal{
		{ID: "X1", Announced: day, Source: "Vendor", Target: "Lab", Kind: dataset.EquityInvestment, AmountBn: 30, Disclosed: true, Line: 2},
		{ID: "X2", Announced: day, Source: "Lab", Target: "Cloud", Kind: dataset.ComputePurchase, AmountBn: 300, Disclosed: true, HorizonYears: 5, Line: 3},
		{ID: "X3", Announced: day, Source: "Cloud", Target: "Vendor", Kind: dataset.ChipPurchase, AmountBn: 40, Disclosed: true, Line: 4},
		{ID: "X4", Announced: day, Source: "Vendor", Target: "Lab", Kind: dataset.EquityInvestment, AmountBn: 10, Disclosed: true, Line: 5},
		{ID: "X5", Announced: day, Source: "Lab", Target: "Vendor", Kind: dataset.ChipPurchase, Line: 6},
	}
	g, excluded, err := netflow.FromDeals(deals, netflow.Options{})
	if err != nil {
		panic(err)
	}
	for _, e := range g.Edges() {
		fmt.Printf("%s → %s: %g bn/yr (headline %g) from %v\n", g.Name(e.From), g.Name(e.To), e.WeightBn, e.HeadlineBn, e.Deals)
	}
	for _, x := range excluded {
		fmt.Printf("left out %s (line %d): %s\n", x.ID, x.Line, x.Reason)
	}
	// Output:
	// Cloud → Vendor: 40 bn/yr (headline 40) from [X3]
	// Lab → Cloud: 60 bn/yr (headline 300) from [X2]
	// Vendor → Lab: 40 bn/yr (headline 40) from [X1 X4]
	// left out X5 (line 6): amount not disclosed
}
