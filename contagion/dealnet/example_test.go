package dealnet_test

import (
	"fmt"
	"time"

	"github.com/bubblelab/bubblelab/contagion"
	"github.com/bubblelab/bubblelab/contagion/dealnet"
	"github.com/bubblelab/bubblelab/dataset"
)

// A lab buys 100 bn of cloud capacity over 4 years from a cloud firm, which
// buys 30 bn of chips. With the annual basis the lab owes 25 a year and the
// cloud 6 (no horizon reported: 5 years assumed). Capital is 10% of
// valuation: lab 20, cloud 5, chips 100. When the lab fails, the cloud loses
// 25 > 5 and fails in round 2; the chip vendor loses at most 6.
func ExampleBuild() {
	date := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	deals := []dataset.Deal{
		{ID: "C1", Source: "Lab", Target: "Cloud", Kind: dataset.ComputePurchase, AmountBn: 100, Disclosed: true, HorizonYears: 4, Announced: date},
		{ID: "P1", Source: "Cloud", Target: "Chips", Kind: dataset.ChipPurchase, AmountBn: 30, Disclosed: true, Announced: date},
	}
	firms := []dataset.Firm{
		{Name: "Lab", Role: dataset.RoleModelLab, ValuationBn: 200, HasValuation: true, ValuationType: "private_valuation"},
		{Name: "Cloud", Role: dataset.RoleNeocloud, ValuationBn: 50, HasValuation: true, ValuationType: "market_cap"},
		{Name: "Chips", Role: dataset.RoleChipVendor, ValuationBn: 1000, HasValuation: true, ValuationType: "market_cap"},
	}
	m, err := dealnet.Build(deals, firms, nil, dealnet.DefaultOptions())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range m.Edges {
		fmt.Printf("%s owes %s %.0f bn a year\n", e.Debtor, e.Creditor, e.AmountBn)
	}
	fail, _ := m.Fail("Lab")
	res, _ := contagion.Furfine{LossGivenDefault: 1}.Run(m.Network, []contagion.Shock{fail})
	for _, r := range res.Rounds {
		for _, i := range r.NewDefaults {
			fmt.Printf("round %d: %s fails\n", r.Round, m.Network.Names[i])
		}
	}
	// Output:
	// Lab owes Cloud 25 bn a year
	// Cloud owes Chips 6 bn a year
	// round 1: Lab fails
	// round 2: Cloud fails
}

func ExampleParseShock() {
	for _, s := range []string{"Oracle=0.25", "CoreWeave=60%", "OpenAI=12.5bn", "OpenAI=2"} {
		spec, err := dealnet.ParseShock(s)
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		if spec.Absolute {
			fmt.Printf("%s loses %g bn\n", spec.Firm, spec.AmountBn)
		} else {
			fmt.Printf("%s loses %g of its capital\n", spec.Firm, spec.Fraction)
		}
	}
	// Output:
	// Oracle loses 0.25 of its capital
	// CoreWeave loses 0.6 of its capital
	// OpenAI loses 12.5 bn
	// error: field --shock: "OpenAI=2": fraction 2 is above 1 (write 2bn for an amount in USD billions, or 2% for a percentage)
}
