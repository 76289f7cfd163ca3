package sim

import (
	"context"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

// randomParams perturbs the baseline within valid ranges: mechanisms on and
// off, deal scale, demand, expectations, finance and household parameters.
func randomParams(rng *rand.Rand) Params {
	p := BaselineParams()
	u := func(lo, hi float64) float64 { return lo + (hi-lo)*rng.Float64() }
	m := &p.Mechanisms
	for _, b := range []*bool{&m.IndustrialBase, &m.ConsumerIncomeBound, &m.ExportControls, &m.CompetitorLearning, &m.CircularDeals, &m.WealthEffect, &m.Obsolescence, &m.Markets} {
		*b = rng.Float64() < 0.75
	}
	m.GovernmentPut = rng.Float64() < 0.3
	p.Markets.SteadyPrices = rng.Float64() < 0.15
	if rng.Float64() < 0.3 {
		p.Shocks.MarketShockMonth = NewMonth(2024+rng.IntN(5), 1+rng.IntN(12))
		p.Shocks.MarketShockSize = u(-8, 2)
		p.Shocks.FundingFreeze = rng.IntN(12)
	}
	if rng.Float64() < 0.5 {
		p.Markets.Variant = "wealth"
	}
	p.Markets.MomentumWeight = u(0, 0.3)
	p.Markets.NewsWeight = u(0, 0.3)
	p.Months = 24 + rng.IntN(133)
	p.Deals.Scale = u(0.2, 3)
	p.Deals.EstimateUndisclosed = rng.Float64() < 0.7
	p.Deals.IncludeUnverified = rng.Float64() < 0.3
	p.Demand.PaidShareMax = u(0, 0.6)
	p.Demand.IntensityMfg = u(0, 0.1)
	p.Demand.ForeignChipRatio = u(0, 2)
	p.Demand.ManufacturingTarget = u(0.05, 0.3)
	p.Firms.InitialExpectedGrowth = u(0, 1.2)
	p.Firms.ExpectationAdjust = u(0, 0.3)
	p.Firms.TrainingBurnPerMonth = u(0, 0.3)
	p.Compute.AccountingLifeYears = u(2, 30)
	p.Compute.PricePerfDoubling = u(1, 40)
	p.Finance.MaxLeverage = u(0, 8)
	p.Finance.PrivateAppetite = u(0, 0.5)
	p.Households.MPCWealth = u(0, 0.08)
	p.Shocks.DemandNoise = u(0, 0.2)
	p.Shocks.ExpectationNoise = u(0, 0.1)
	return p
}

// TestInvariantsRandomScenarios runs random scenarios and checks, every
// month, the invariants of MODEL.md section 5: money is conserved, provenance
// vectors sum to balances, the transaction-flow matrix has zero row and
// column sums, every balance sheet balances, and GDP measured by expenditure
// equals GDP measured by production.
func TestInvariantsRandomScenarios(t *testing.T) {
	t.Parallel()
	in, err := DefaultInputs()
	if err != nil {
		t.Fatal(err)
	}
	n := 24
	if testing.Short() {
		n = 6
	}
	rng := rand.New(rand.NewPCG(2026, 11))
	for k := 0; k < n; k++ {
		p := randomParams(rng)
		if err := p.Validate(); err != nil {
			t.Fatalf("scenario %d invalid: %v", k, err)
		}
		seed := rng.Uint64()
		res, err := Run(context.Background(), p, in, seed, nil)
		if err != nil {
			t.Fatalf("scenario %d (seed %d): %v", k, seed, err)
		}
		for _, m := range res.Months {
			gdpErr := math.Abs(m.GDP-m.GDPProduction) / math.Max(1, math.Abs(m.GDP))
			if m.MoneyError > 1e-9 || m.ProvenanceError > 1e-9 || m.FlowMatrixError > 1e-9 || m.BalanceSheetError > 1e-9 || gdpErr > 1e-9 {
				t.Fatalf("scenario %d (seed %d) %s: money %.2e provenance %.2e flows %.2e balance sheets %.2e GDP %.2e\nparams %+v",
					k, seed, m.Month, m.MoneyError, m.ProvenanceError, m.FlowMatrixError, m.BalanceSheetError, gdpErr, p)
			}
			for _, v := range []float64{m.GDP, m.AIRevenue, m.AICapex, m.HouseholdEquityWealth, m.ComputeBook} {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("scenario %d %s: non-finite output %+v", k, m.Month, m)
				}
			}
		}
		// Revenue provenance adds up to revenue, firm by firm and month by month.
		for _, f := range res.Firms {
			parts := f.RevenueFinalDemand + f.RevenueNonAIIncome + f.RevenueOutsideEquity + f.RevenueDebt + f.RevenueOther + f.RevenueAIInvestments
			if math.Abs(parts-f.Revenue) > 1e-9*math.Max(1, f.Revenue) {
				t.Fatalf("scenario %d %s %s: provenance parts %v != revenue %v", k, f.Month, f.Firm, parts, f.Revenue)
			}
		}
	}
}

// TestDeterminism: the same parameters and seed give identical results;
// another seed gives different ones.
func TestDeterminism(t *testing.T) {
	t.Parallel()
	in, err := DefaultInputs()
	if err != nil {
		t.Fatal(err)
	}
	p := BaselineParams()
	a, err := Run(context.Background(), p, in, 7, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Run(context.Background(), p, in, 7, nil)
	c, _ := Run(context.Background(), p, in, 8, nil)
	if !reflect.DeepEqual(a, b) {
		t.Error("same seed gave different results")
	}
	if reflect.DeepEqual(a.Months, c.Months) {
		t.Error("different seeds gave identical months")
	}
}

func TestRunCancelled(t *testing.T) {
	t.Parallel()
	in, _ := DefaultInputs()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, BaselineParams(), in, 1, nil); err == nil {
		t.Error("a cancelled run returned no error")
	}
}

func TestValidateRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		key string
		mod func(*Params)
	}{
		{"months", func(p *Params) { p.Months = 0 }},
		{"demand.china_share", func(p *Params) { p.Demand.ChinaShare = 2 }},
		{"compute.accounting_life_years", func(p *Params) { p.Compute.AccountingLifeYears = -1 }},
		{"export_controls.schedule[1].from", func(p *Params) { p.Controls.Schedule[1].From = p.Controls.Schedule[0].From }},
		{"compute.chip_vendor_shares.AMD", func(p *Params) { p.Compute.ChipVendorShares = map[string]float64{"AMD": math.NaN()} }},
		{"macro.import_share", func(p *Params) { p.Macro.ImportShare = 1 }},
	}
	for _, tc := range tests {
		p := BaselineParams()
		tc.mod(&p)
		err := p.Validate()
		pe, ok := err.(*ParamError)
		if !ok || pe.Key != tc.key {
			t.Errorf("%s: got %v", tc.key, err)
		}
	}
	if err := BaselineParams().Validate(); err != nil {
		t.Errorf("defaults invalid: %v", err)
	}
}

// TestInvariantsLargerNetworks runs the model on a deal network twice and
// four times the shipped one (renamed copies), where more firms share the
// same mechanisms, and checks the invariants.
func TestInvariantsLargerNetworks(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("larger networks take a few seconds")
	}
	in, err := DefaultInputs()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []int{2, 4} {
		rin := replicateInputs(in, k)
		for seed := uint64(0); seed < 3; seed++ {
			res, err := Run(context.Background(), BaselineParams(), rin, seed, nil)
			if err != nil {
				t.Fatalf("x%d seed %d: %v", k, seed, err)
			}
			s := Summarize(res)
			inv := s.Invariants
			if inv.MoneyError > 1e-9 || inv.ProvenanceError > 1e-9 || inv.FlowMatrixError > 1e-9 || inv.BalanceSheetError > 1e-9 || inv.GDPIdentityError > 1e-9 {
				t.Fatalf("x%d seed %d: invariants %+v", k, seed, inv)
			}
		}
	}
}

// Summarize and the comparisons take results read back from files, which
// may be damaged: short provenance tables and truncated dates give a
// summary, never a panic.
func TestSummarizeDamagedResult(t *testing.T) {
	res := &Result{
		FirmNames:         []string{"A", "B"},
		RevenueProvenance: [][]float64{{1, 2}},
		Months:            []MonthRecord{{Month: "2023-01"}, {Month: "2023-02"}},
		Bursts:            []BurstEpisode{{PeakDate: "2023", BurstDate: "20", TroughDate: ""}},
	}
	_ = Summarize(res)
	_ = Compare(res, res, "itself")
	_ = strandedAtTrough(res)
	_ = Metrics(res)
}
