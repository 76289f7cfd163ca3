package dealnet

import (
	"errors"
	"math"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/bubblelab/bubblelab/contagion"
	"github.com/bubblelab/bubblelab/dataset"
	"github.com/bubblelab/bubblelab/internal/inputerr"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// testDeals has one deal of every kind between four firms.
func testDeals() []dataset.Deal {
	d := func(id, src, dst string, k dataset.DealKind, amt, h float64, date string) dataset.Deal {
		return dataset.Deal{ID: id, Source: src, Target: dst, Kind: k, AmountBn: amt, Disclosed: amt > 0, HorizonYears: h, Announced: day(date)}
	}
	return []dataset.Deal{
		d("C1", "Lab", "Cloud", dataset.ComputePurchase, 100, 4, "2025-01-01"),
		d("P1", "Cloud", "Chips", dataset.ChipPurchase, 30, 0, "2025-01-01"),
		d("L1", "Banks", "Cloud", dataset.Loan, 10, 0, "2025-07-01"),
		d("B1", "Chips", "Cloud", dataset.CapacityBackstop, 6, 3, "2025-01-01"),
		d("E1", "Chips", "Lab", dataset.EquityInvestment, 20, 0, "2025-01-01"),
		d("W1", "Chips", "Lab", dataset.Warrant, 2, 0, "2025-01-01"),
		d("U1", "Lab", "Chips", dataset.ChipPurchase, 0, 0, "2025-01-01"),
		d("S1", "Lab", "Cloud", dataset.Lease, 0.5, 0.5, "2025-01-01"),
	}
}

func testFirms() []dataset.Firm {
	return []dataset.Firm{
		{Name: "Lab", Role: dataset.RoleModelLab, ValuationBn: 200, HasValuation: true, ValuationType: "private_valuation", RevenueBn: 10, HasRevenue: true},
		{Name: "Cloud", Role: dataset.RoleHyperscaler, ValuationBn: 50, HasValuation: true, ValuationType: "market_cap", RevenueBn: 20, HasRevenue: true},
		{Name: "Chips", Role: dataset.RoleChipVendor, ValuationBn: 1000, HasValuation: true, ValuationType: "market_cap"},
		{Name: "Banks", Role: dataset.RoleInvestor, Ticker: "n/a", Aggregate: true},
	}
}

// TestBuildObligations checks each documented rule on testDeals, annual
// basis, default horizon 5:
//
//	C1 compute 100 over 4 y: Lab owes Cloud 25
//	P1 chips 30, no horizon: Cloud owes Chips 30/5 = 6
//	L1 loan 10, no horizon: Cloud (borrower) owes Banks 2
//	S1 lease 0.5 over 0.5 y: all due within the year, Lab owes Cloud 0.5
//	B1 backstop, E1 equity, W1 warrant: not debts; U1 undisclosed: left out.
func TestBuildObligations(t *testing.T) {
	m, err := Build(testDeals(), testFirms(), nil, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, e := range m.Edges {
		got[e.DealID+" "+e.Debtor+">"+e.Creditor] = e.AmountBn
	}
	want := map[string]float64{"C1 Lab>Cloud": 25, "P1 Cloud>Chips": 6, "L1 Cloud>Banks": 2, "S1 Lab>Cloud": 0.5}
	if len(got) != len(want) {
		t.Fatalf("edges %v, want %v", got, want)
	}
	for k, v := range want {
		if math.Abs(got[k]-v) > 1e-12 {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	var excluded []string
	for _, x := range m.Excluded {
		excluded = append(excluded, x.DealID)
	}
	sort.Strings(excluded)
	if !slices.Equal(excluded, []string{"B1", "E1", "U1", "W1"}) {
		t.Errorf("excluded %v", excluded)
	}

	opts := DefaultOptions()
	opts.Backstops, opts.EquityStakes = true, true
	m, err = Build(testDeals(), testFirms(), nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	// B1: backstop of 6 over 3 y, Chips owes Cloud 2.
	k := slices.IndexFunc(m.Edges, func(e Edge) bool { return e.DealID == "B1" })
	if k < 0 || m.Edges[k].Debtor != "Chips" || m.Edges[k].Creditor != "Cloud" || m.Edges[k].AmountBn != 2 {
		t.Errorf("backstop edge missing or wrong: %+v", m.Edges)
	}
	var stakes []string
	for _, e := range m.StakeEdges {
		stakes = append(stakes, e.DealID+" "+e.Creditor+" holds "+e.Debtor)
	}
	// E1: Chips invests in Lab; W1: Chips issues a warrant to Lab.
	if !slices.Equal(stakes, []string{"E1 Chips holds Lab", "W1 Lab holds Chips"}) {
		t.Errorf("stakes %v", stakes)
	}
}

// TestBuildBasis: remaining and headline amounts for C1 (100 over 4 years
// from 2025-01-01).
func TestBuildBasis(t *testing.T) {
	tests := []struct {
		basis Basis
		asOf  string
		want  float64
	}{
		{BasisHeadline, "", 100},
		// 2026-01-01 is 365 days = 0.99932 years later: 1 − 0.99932/4 left.
		{BasisRemaining, "2026-01-01", 100 * (1 - 365/365.25/4)},
		{BasisRemaining, "2030-01-01", 0},
	}
	for _, tt := range tests {
		opts := DefaultOptions()
		opts.Basis = tt.basis
		if tt.asOf != "" {
			opts.AsOf = day(tt.asOf)
		}
		m, err := Build(testDeals(), testFirms(), nil, opts)
		if err != nil {
			t.Fatal(err)
		}
		var got float64
		for _, e := range m.Edges {
			if e.DealID == "C1" {
				got = e.AmountBn
			}
		}
		if math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("%s %s: C1 owes %v, want %v", tt.basis, tt.asOf, got, tt.want)
		}
	}
	// Deals after a non-zero as-of date are left out whatever the basis.
	opts := DefaultOptions()
	opts.AsOf = day("2025-03-01")
	m, err := Build(testDeals(), testFirms(), nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range m.Edges {
		if e.DealID == "L1" {
			t.Error("L1 (2025-07-01) used with as-of 2025-03-01")
		}
	}
}

// TestBalanceSheets checks the capital rule on testDeals (annual):
//
//	Lab:   K = 0.1×200 = 20, owes 25.5, claims 0: e = 20 + 25.5 = 45.5, ℓ = 0
//	Cloud: K = 0.1×50 = 5, owes 6 + 2 = 8, claims 25.5: e = 5, ℓ = 17.5
//	Chips: K = 100, owes 0, claims 6: e = 100, ℓ = 6
//	Banks: aggregate, absorbing, K = 0, claims 2: e = 0, ℓ = 2
//
// and every equity e + a − p̄ − ℓ equals K. With the revenue rule Lab has
// e = 10 + 20 = 30 and equity 30 − 25.5 = 4.5.
func TestBalanceSheets(t *testing.T) {
	m, err := Build(testDeals(), testFirms(), nil, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][4]float64{ // K, e, ℓ, absorbing
		"Lab": {20, 45.5, 0, 0}, "Cloud": {5, 5, 17.5, 0}, "Chips": {100, 100, 6, 0}, "Banks": {0, 0, 2, 1},
	}
	for _, s := range m.Sheets {
		w := want[s.Firm]
		if math.Abs(s.CapitalBn-w[0]) > 1e-12 || math.Abs(s.ExternalAssetsBn-w[1]) > 1e-12 || math.Abs(s.ExternalLiabilitiesBn-w[2]) > 1e-12 || s.Absorbing != (w[3] == 1) {
			t.Errorf("%s: %+v, want K, e, ℓ, absorbing = %v", s.Firm, s, w)
		}
	}
	res, err := contagion.EisenbergNoe{}.Clear(m.Network, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range m.Sheets {
		if math.Abs(res.EquityBefore[i]-s.CapitalBn) > 1e-9 {
			t.Errorf("%s: network equity %v, sheet capital %v", s.Firm, res.EquityBefore[i], s.CapitalBn)
		}
	}
	opts := DefaultOptions()
	opts.Assets = AssetsFromRevenue
	m, err = Build(testDeals(), testFirms(), nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	lab := m.Sheets[slices.IndexFunc(m.Sheets, func(s Sheet) bool { return s.Firm == "Lab" })]
	if lab.ExternalAssetsBn != 30 || math.Abs(lab.CapitalBn-4.5) > 1e-12 {
		t.Errorf("revenue rule: Lab %+v", lab)
	}
}

func TestBalanceOverrides(t *testing.T) {
	bal, err := ReadBalance(strings.NewReader(
		"firm,capital_usd_bn,external_assets_usd_bn,external_liabilities_usd_bn,absorbing\n"+
			"Lab,1,,,\n"+
			"Cloud,,40,10,\n"+
			"Banks,,,,false\n"), "sheets.csv")
	if err != nil {
		t.Fatal(err)
	}
	m, err := Build(testDeals(), testFirms(), bal, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]Sheet{}
	for _, s := range m.Sheets {
		byName[s.Firm] = s
	}
	// Lab: K = 1, e = 1 + 25.5. Cloud: e = 40, ℓ = 10, K = 40 + 25.5 − 8 − 10.
	if s := byName["Lab"]; s.CapitalBn != 1 || s.ExternalAssetsBn != 26.5 || s.CapitalRule != "sheets.csv:2: capital" {
		t.Errorf("Lab %+v", s)
	}
	if s := byName["Cloud"]; s.CapitalBn != 47.5 || s.ExternalLiabilitiesBn != 10 {
		t.Errorf("Cloud %+v", s)
	}
	if byName["Banks"].Absorbing {
		t.Error("Banks still absorbing")
	}
	bal[0].Firm = "Labb"
	_, err = Build(testDeals(), testFirms(), bal, DefaultOptions())
	var ie *inputerr.Error
	if !errors.As(err, &ie) || ie.File != "sheets.csv" || ie.Line != 2 || !strings.Contains(ie.Error(), `"Lab"`) {
		t.Errorf("unknown balance firm: %v", err)
	}
}

func TestIndexAndShocks(t *testing.T) {
	m, err := Build(testDeals(), testFirms(), nil, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if i, err := m.Index("lab"); err != nil || m.Network.Names[i] != "Lab" {
		t.Errorf("Index(lab) = %v, %v", i, err)
	}
	_, err = m.Index("Claud")
	if !inputerr.Is(err) || !strings.Contains(err.Error(), `near matches: "Cloud"`) {
		t.Errorf("Index(Claud): %v", err)
	}
	s, err := m.Shock(ShockSpec{Firm: "Cloud", Fraction: 0.4})
	if err != nil || s.ExternalAssetLoss != 2 { // 0.4 × capital 5
		t.Errorf("Shock Cloud=0.4: %+v, %v", s, err)
	}
	s, err = m.Shock(ShockSpec{Firm: "Cloud", AmountBn: 3, Absolute: true})
	if err != nil || s.ExternalAssetLoss != 3 {
		t.Errorf("Shock Cloud=3bn: %+v, %v", s, err)
	}
	f, err := m.Fail("Lab")
	if err != nil || !f.Fail || f.ExternalAssetLoss != 45.5 {
		t.Errorf("Fail Lab: %+v, %v", f, err)
	}
	if _, err := m.Fail("Banks"); !inputerr.Is(err) {
		t.Errorf("Fail Banks (absorbing): %v", err)
	}
	opts := DefaultOptions()
	opts.ExcludeDeals = []string{"C9"}
	if _, err := Build(testDeals(), testFirms(), nil, opts); !inputerr.Is(err) {
		t.Errorf("unknown excluded deal: %v", err)
	}
}

// TestShippedData builds the shipped network with the defaults: the firm
// set is the deal parties, every non-absorbing firm starts with equity
// equal to its capital, and the default horizon is the median reported.
func TestShippedData(t *testing.T) {
	deals, err := dataset.DefaultDeals()
	if err != nil {
		t.Fatal(err)
	}
	firms, err := dataset.DefaultFirms()
	if err != nil {
		t.Fatal(err)
	}
	var horizons []float64
	for _, d := range deals {
		if d.HorizonYears > 0 {
			horizons = append(horizons, d.HorizonYears)
		}
	}
	sort.Float64s(horizons)
	if med := horizons[len(horizons)/2]; len(horizons)%2 == 0 || med != DefaultOptions().DefaultHorizonYears {
		t.Errorf("median reported horizon %v over %d deals; docs and DefaultOptions say 5", med, len(horizons))
	}
	for _, est := range []bool{false, true} {
		d := deals
		if est {
			d = dataset.EstimateUndisclosed(deals)
		}
		m, err := Build(d, firms, nil, DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		if m.Network.Len() != len(dataset.Firms(deals)) {
			t.Errorf("%d firms, want %d", m.Network.Len(), len(dataset.Firms(deals)))
		}
		res, err := contagion.EisenbergNoe{}.Clear(m.Network, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Defaulters()) != 0 {
			t.Errorf("estimate %v: defaults without a shock: %v", est, res.Defaulters())
		}
	}
}
