package sim_test

import (
	"context"
	"fmt"

	"github.com/bubblelab/bubblelab/scenario"
	"github.com/bubblelab/bubblelab/sim"
)

// Run the baseline for three years and look at where AI revenue came from.
func ExampleRun() {
	p, err := scenario.Builtin("baseline")
	if err != nil {
		panic(err)
	}
	p.Months = 36
	in, err := sim.DefaultInputs()
	if err != nil {
		panic(err)
	}
	res, err := sim.Run(context.Background(), p, in, 1, nil)
	if err != nil {
		panic(err)
	}
	s := sim.Summarize(res)
	fmt.Printf("%s..%s\n", s.Start, s.End)
	fmt.Println("final demand share of AI revenue above 20%:", s.Provenance.Whole.FinalDemand > 0.2)
	fmt.Println("accounting checks pass:", s.Invariants.MoneyError < 1e-9 && s.Invariants.BalanceSheetError < 1e-9)
	// Output:
	// 2023-01..2025-12
	// final demand share of AI revenue above 20%: true
	// accounting checks pass: true
}
