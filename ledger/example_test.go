package ledger_test

import (
	"fmt"

	"github.com/bubblelab/bubblelab/ledger"
)

// A vendor invests in a lab, which buys from the vendor: the vendor's revenue
// carries its own origin, its money coming back.
func Example() {
	const (
		originOpening ledger.Origin = iota
		originVendor
		nOrigins
	)
	const kInvest, kSale ledger.Kind = 0, 1
	l := ledger.New(int(nOrigins), 2, 1)
	vendor, _ := l.Open("vendor", 0, false, 100, originOpening)
	lab, _ := l.Open("lab", 0, false, 0, originOpening)
	l.StartPeriod()
	_ = l.Post(ledger.Posting{From: vendor, To: lab, AmountBn: 10, Kind: kInvest, Label: originVendor})
	_ = l.Post(ledger.Posting{From: lab, To: vendor, AmountBn: 4, Kind: kSale, Label: ledger.PassThrough})
	rev := l.Inflow(vendor, kSale)
	fmt.Printf("vendor revenue %.0f, of which its own money %.0f\n", rev[originOpening]+rev[originVendor], rev[originVendor])
	// Output: vendor revenue 4, of which its own money 4
}
