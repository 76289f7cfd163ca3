package sim

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/bubblelab/bubblelab/dataset"
)

// loopInputs is the three-firm loop of the simulation-core issue, executed
// through the deal machinery: chip vendor V invests in lab L, L buys compute
// from cloud C, C buys chips from V.
func loopInputs(t *testing.T) Inputs {
	t.Helper()
	const firms = `firm,ticker,role,country,revenue_usd_bn,valuation_usd_bn,valuation_type
Vendor,VEND,chip_vendor,US,,,
Lab,private,model_lab,US,,,
Cloud,CLD,hyperscaler,US,,,
`
	const deals = `id,date_announced,source_firm,target_firm,kind,amount_usd_bn,horizon_years
D1,2023-01-15,Vendor,Lab,equity_investment,50,0.0833333333333
D2,2023-01-15,Lab,Cloud,compute_purchase,30,0.0833333333333
D3,2023-01-15,Cloud,Vendor,chip_purchase,40,0.0833333333333
`
	f, err := dataset.ReadFirms(strings.NewReader(firms), "firms.csv")
	if err != nil {
		t.Fatal(err)
	}
	d, err := dataset.ReadDeals(strings.NewReader(deals), "deals.csv")
	if err != nil {
		t.Fatal(err)
	}
	return Inputs{Deals: d, Firms: f, DealsName: "deals.csv", States: []dataset.FirmState{
		{Firm: "Vendor", CashBn: 100}, {Firm: "Cloud", CashBn: 20},
	}}
}

// quietParams switches off every flow other than the deals, so that the
// month's money movements are the three payments of the example.
func quietParams() Params {
	p := BaselineParams()
	p.Start = NewMonth(2023, 1)
	p.Months = 1
	p.Demand.PaidShareMax, p.Demand.IntensityMfg, p.Demand.IntensityServices = 0, 0, 0
	p.Demand.ForeignRatio, p.Demand.ForeignChipRatio = 0, 0
	p.Deals.ComputeStartLag, p.Deals.ChipStartLag = 0, 0
	p.Firms.InferenceCostRatio, p.Firms.TrainingBurnPerMonth = 0, 0
	p.Firms.OpexRatio, p.Firms.CloudOpexRatio, p.Firms.ChipCOGSImportShare = 0, 0, 0
	p.Firms.IncumbentPayout = 0
	p.Firms.MaxCashYears = 1e9
	p.Compute.RevenuePerCompute = 1e9 // no capacity is ever wanted: no rule-based capex
	p.Shocks = ShockParams{}
	return p
}

// TestWorkedExampleRoundTrip checks the model against a round trip computed
// on paper:
//
//	Vendor opens with 100, Cloud with 20 (both labelled opening money)
//	D1: Vendor invests 50 in Lab              Lab holds 50 labelled Vendor
//	D2: Lab pays Cloud 30 for compute         Cloud receives 30 Vendor-labelled
//	                                          and holds 30 Vendor + 20 opening
//	D3: Cloud pays Vendor 40 for chips        40/50 of Cloud's mix: 24 Vendor + 16 opening
//
// so the Vendor's round-trip share is 24/40 = 0.6 and the Cloud's revenue is
// entirely the Vendor's investment coming back through the Lab.
func TestWorkedExampleRoundTrip(t *testing.T) {
	t.Parallel()
	in := loopInputs(t)
	res, err := Run(context.Background(), quietParams(), in, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	idx := map[string]int{}
	for i, n := range res.FirmNames {
		idx[n] = i
	}
	vendor := res.RevenueProvenance[idx["Vendor"]]
	vendorOrigin := int(nFixedOrigins) + idx["Vendor"]
	total := 0.0
	for _, v := range vendor {
		total += v
	}
	if math.Abs(total-40) > 1e-9 || math.Abs(vendor[vendorOrigin]-24) > 1e-9 || math.Abs(vendor[oOpening]-16) > 1e-9 {
		t.Fatalf("vendor revenue %v (total %v), want 24 own + 16 opening", vendor, total)
	}
	cloud := res.RevenueProvenance[idx["Cloud"]]
	if math.Abs(cloud[vendorOrigin]-30) > 1e-9 {
		t.Errorf("cloud revenue from the vendor's money = %v, want 30", cloud[vendorOrigin])
	}
	s := Summarize(res)
	found := false
	for _, r := range s.RoundTrip {
		if r.Firm == "Vendor" {
			found = true
			if math.Abs(r.RoundTripShare-0.6) > 1e-12 {
				t.Errorf("summary round-trip share %v, want 0.6", r.RoundTripShare)
			}
		}
	}
	if !found {
		t.Error("vendor missing from the round-trip table")
	}
	m := res.Months[0]
	if m.MoneyError > 1e-12 || m.ProvenanceError > 1e-12 || m.BalanceSheetError > 1e-9 || m.FlowMatrixError > 1e-12 {
		t.Errorf("invariants violated: %+v", m)
	}
}
