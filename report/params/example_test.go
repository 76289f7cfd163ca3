package params_test

import (
	"fmt"

	"github.com/bubblelab/bubblelab/report/params"
	"github.com/bubblelab/bubblelab/sim"
)

func ExampleApply() {
	p, err := params.Apply(sim.BaselineParams(), map[string]string{
		"months":             "24",
		"demand.china_share": "0.3",
	})
	fmt.Println(p.Months, p.Demand.ChinaShare, err)

	_, err = params.Apply(sim.BaselineParams(), map[string]string{"demand.china_share": "1.5"})
	fmt.Println(err)
	// Output:
	// 24 0.3 <nil>
	// demand.china_share: 1.5 must be between 0 and 1
}

func ExampleAllBounds() {
	b := params.AllBounds(sim.BaselineParams())
	fmt.Println(b["demand.china_share"])
	fmt.Println(b["months"])
	// Output:
	// 0 to 1
	// 1 to 1200
}
