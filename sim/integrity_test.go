package sim_test

import (
	"context"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/bubblelab/bubblelab/scenario"
	"github.com/bubblelab/bubblelab/sim"
)

// integritySeeds is how many seeds each built-in scenario runs with in the
// model-integrity tests (seeds 1..n).
func integritySeeds(t *testing.T) int {
	if testing.Short() {
		return 3
	}
	return 20
}

// checkValuationIntegrity holds the properties an economist would check
// first in a run's valuations:
//
//   - no firm's enterprise value (its businesses, before financial assets
//     and debt) more than doubles from one month to the next (firms above
//     20 bn) unless its operating revenue (AI revenue plus non-AI income)
//     did too; nor does its fundamental equity value, except in a month in
//     which a restructuring turned debt into shares, or where equity was a
//     stub (under a fifth of enterprise value) that leverage alone doubles;
//   - no incumbent's market value falls below its non-AI business less net
//     debt, as the model values it.
func checkValuationIntegrity(t *testing.T, label string, res *sim.Result) {
	t.Helper()
	restructured := map[string]bool{}
	for _, e := range res.Events {
		if e.Type == "restructured" {
			restructured[e.Firm+" "+e.Month] = true
		}
	}
	opRev := map[string]float64{}
	for _, fm := range res.Firms {
		opRev[fm.Firm+" "+fm.Month] = fm.Revenue + fm.NonAIIncome
	}
	last := map[string]sim.PriceRecord{}
	fails := 0
	fail := func(format string, args ...any) {
		fails++
		if fails <= 5 {
			t.Errorf(label+": "+format, args...)
		}
	}
	for _, pr := range res.Prices {
		if pr.NonAIValueBn > 0 && pr.ValueBn < pr.NonAIFloorBn*(1-1e-9) {
			fail("%s %s: market value %.2f bn below its non-AI business less net debt %.2f bn", pr.Firm, pr.Month, pr.ValueBn, pr.NonAIFloorBn)
		}
		prev, ok := last[pr.Firm]
		last[pr.Firm] = pr
		if !ok {
			continue
		}
		revNow, revThen := opRev[pr.Firm+" "+pr.Month], opRev[pr.Firm+" "+prev.Month]
		revDoubled := revThen > 0 && revNow >= 2*revThen
		// Where equity is a thin stub of a leveraged firm's value, a small
		// move in the business doubles it legitimately; the enterprise check
		// below covers those firms.
		stub := prev.FundValueBn < 0.2*prev.EnterpriseBn
		if pr.FundValueBn > 20 && pr.FundValueBn > 2*prev.FundValueBn && !revDoubled && !stub && !restructured[pr.Firm+" "+pr.Month] {
			fail("%s %s: fundamental %.1f -> %.1f bn with operating revenue %.2f -> %.2f bn", pr.Firm, pr.Month, prev.FundValueBn, pr.FundValueBn, revThen, revNow)
		}
		if pr.EnterpriseBn > 20 && pr.EnterpriseBn > 2*prev.EnterpriseBn && !revDoubled {
			fail("%s %s: enterprise value %.1f -> %.1f bn with operating revenue %.2f -> %.2f bn", pr.Firm, pr.Month, prev.EnterpriseBn, pr.EnterpriseBn, revThen, revNow)
		}
	}
	if fails > 5 {
		t.Errorf("%s: %d failures in all", label, fails)
	}
}

func TestValuationIntegrityBuiltinScenarios(t *testing.T) {
	t.Parallel()
	in, err := sim.DefaultInputs()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range scenario.Names() {
		p, err := scenario.Builtin(name)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for seed := uint64(1); seed <= uint64(integritySeeds(t)); seed++ {
				res, err := sim.Run(context.Background(), p, in, seed, nil)
				if err != nil {
					t.Fatalf("seed %d: %v", seed, err)
				}
				checkValuationIntegrity(t, fmt.Sprintf("%s seed %d", name, seed), res)
			}
		})
	}
}

// Renaming deals (their IDs, consistently in the estimates file) and
// reordering the deal file change no output by more than 1e-9 relative.
func TestDealOrderAndNamesDoNotMatter(t *testing.T) {
	t.Parallel()
	in, err := sim.DefaultInputs()
	if err != nil {
		t.Fatal(err)
	}
	p := sim.BaselineParams()
	base, err := sim.Run(context.Background(), p, in, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(11, 12))
	for trial := range 3 {
		perm := in
		perm.Deals = append(perm.Deals[:0:0], in.Deals...)
		rng.Shuffle(len(perm.Deals), func(i, j int) { perm.Deals[i], perm.Deals[j] = perm.Deals[j], perm.Deals[i] })
		rename := map[string]string{}
		for i := range perm.Deals {
			id := fmt.Sprintf("R%d-%03d", trial, rng.IntN(1e6))
			for rename[perm.Deals[i].ID] == "" {
				rename[perm.Deals[i].ID] = id + fmt.Sprint(i)
			}
			perm.Deals[i].ID = rename[perm.Deals[i].ID]
		}
		perm.Estimates = append(perm.Estimates[:0:0], in.Estimates...)
		for i := range perm.Estimates {
			if id, ok := rename[perm.Estimates[i].ID]; ok {
				perm.Estimates[i].ID = id
			}
		}
		q := p
		q.Deals.Exclude = nil
		for _, id := range p.Deals.Exclude {
			q.Deals.Exclude = append(q.Deals.Exclude, rename[id])
		}
		got, err := sim.Run(context.Background(), q, perm, 1, nil)
		if err != nil {
			t.Fatal(err)
		}
		compareResults(t, fmt.Sprintf("trial %d", trial), base, got)
	}
}

// compareResults compares every numeric field of the month and firm records.
func compareResults(t *testing.T, label string, a, b *sim.Result) {
	t.Helper()
	if len(a.Months) != len(b.Months) || len(a.Firms) != len(b.Firms) || len(a.Prices) != len(b.Prices) {
		t.Fatalf("%s: record counts differ: months %d/%d firms %d/%d prices %d/%d", label, len(a.Months), len(b.Months), len(a.Firms), len(b.Firms), len(a.Prices), len(b.Prices))
	}
	close := func(x, y float64) bool {
		return x == y || math.Abs(x-y) <= 1e-9*math.Max(1, math.Max(math.Abs(x), math.Abs(y)))
	}
	bad := 0
	for k := range a.Months {
		na, nb := numbers(a.Months[k]), numbers(b.Months[k])
		for name, x := range na {
			if y := nb[name]; !close(x, y) {
				bad++
				if bad <= 5 {
					t.Errorf("%s: %s %s: %v vs %v", label, a.Months[k].Month, name, x, y)
				}
			}
		}
	}
	for k := range a.Firms {
		fa, fb := a.Firms[k], b.Firms[k]
		for _, pair := range [][2]float64{{fa.Revenue, fb.Revenue}, {fa.Cash, fb.Cash}, {fa.Debt, fb.Debt}, {fa.Value, fb.Value}, {fa.RevenueOwn, fb.RevenueOwn}, {fa.RevenueFinalDemand, fb.RevenueFinalDemand}} {
			if !close(pair[0], pair[1]) {
				bad++
				if bad <= 5 {
					t.Errorf("%s: %s %s: %v vs %v", label, fa.Month, fa.Firm, pair[0], pair[1])
				}
			}
		}
	}
	for k := range a.Prices {
		if !close(a.Prices[k].ValueBn, b.Prices[k].ValueBn) {
			bad++
			if bad <= 5 {
				t.Errorf("%s: %s %s price: %v vs %v", label, a.Prices[k].Month, a.Prices[k].Firm, a.Prices[k].ValueBn, b.Prices[k].ValueBn)
			}
		}
	}
}

// numbers returns a record's numeric fields by name.
func numbers(rec any) map[string]float64 {
	v := reflect.ValueOf(rec)
	out := map[string]float64{}
	for i := range v.NumField() {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.Float64:
			out[v.Type().Field(i).Name] = f.Float()
		case reflect.Int, reflect.Int64:
			out[v.Type().Field(i).Name] = float64(f.Int())
		}
	}
	return out
}

// The valuation properties hold in random scenarios too.
func TestValuationIntegrityRandomScenarios(t *testing.T) {
	t.Parallel()
	in, err := sim.DefaultInputs()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(21, 22))
	n := 12
	if testing.Short() {
		n = 4
	}
	for k := range n {
		p := sim.RandomParams(rng)
		seed := rng.Uint64()
		res, err := sim.Run(context.Background(), p, in, seed, nil)
		if err != nil {
			t.Fatalf("scenario %d seed %d: %v", k, seed, err)
		}
		if p.Markets.SteadyPrices {
			continue // prices held on a path: no floor by design
		}
		checkValuationIntegrity(t, fmt.Sprintf("random scenario %d (seed %d)", k, seed), res)
	}
}

var updateScenarioTable = flag.Bool("update-scenario-table", false, "rewrite the built-in scenario table of docs/model.md")

// scenarioTable runs every built-in scenario at seed 1 with its twins and
// tabulates what a reader compares first.
func scenarioTable(t *testing.T) string {
	t.Helper()
	in, err := sim.DefaultInputs()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("| scenario | peak AI value, US$ tn (date) | fundamental at peak, tn | burst | peak to trough | missed payments (US$ bn) | restructurings | final demand, gross / net | obsolescence / idle at trough, bn | GDP loss vs no-burst twin, US$ bn | vs no-boom twin: GDP gain before / loss after the burst, US$ bn |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, name := range scenario.Names() {
		p, err := scenario.Builtin(name)
		if err != nil {
			t.Fatal(err)
		}
		res, cmps, err := sim.RunWithTwins(context.Background(), p, in, 1, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		s := sim.Summarize(res)
		m := s.Markets
		burst, depth := "none", "–"
		if len(m.Bursts) > 0 {
			burst, depth = m.Bursts[0].BurstDate[:7], fmt.Sprintf("%.0f %%", 100*m.Bursts[0].Drawdown)
		}
		loss, boom := "–", "–"
		for _, c := range cmps {
			if strings.HasPrefix(c.Label, "no-burst") {
				loss = fmt.Sprintf("%.0f", c.GDPLossBn)
			}
			if strings.HasPrefix(c.Label, "no-boom") {
				boom = fmt.Sprintf("%.0f / %.0f", c.GDPGainBeforeBn, c.GDPLossBn)
			}
		}
		pv := s.Provenance.Whole
		fmt.Fprintf(&b, "| %s | %.1f (%s) | %.1f | %s | %s | %d (%.0f) | %d | %.0f %% / %.0f %% | %.0f / %.0f | %s | %s |\n",
			name, m.PeakAIValueBn/1000, m.PeakDate[:7], m.FundamentalAtPeak/1000, burst, depth,
			s.Defaults.Count, s.Defaults.AmountBn, len(s.Defaults.Restructurings), 100*pv.FinalDemand, 100*pv.FinalDemandNet,
			m.ObsolescenceAtTroughBn, m.IdleAtTroughBn, loss, boom)
	}
	return b.String()
}

// TestScenarioTableDoc keeps the table of built-in scenarios in
// docs/model.md equal to what the model produces.
func TestScenarioTableDoc(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every built-in scenario with its twins")
	}
	const path = "../docs/model.md"
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	const begin, end = "<!-- scenarios:begin -->", "<!-- scenarios:end -->"
	i, j := strings.Index(doc, begin), strings.Index(doc, end)
	if i < 0 || j < i {
		t.Fatalf("%s lacks the %s ... %s markers", path, begin, end)
	}
	want := begin + "\n" + scenarioTable(t) + end
	if doc[i:j+len(end)] == want {
		return
	}
	if *updateScenarioTable {
		if err := os.WriteFile(path, []byte(doc[:i]+want+doc[j+len(end):]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s scenario table is out of date: run go test ./sim -run TestScenarioTableDoc -update-scenario-table", path)
}
