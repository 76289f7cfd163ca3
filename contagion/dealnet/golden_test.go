package dealnet

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"os"
	"testing"

	"github.com/bubblelab/bubblelab/contagion"
	"github.com/bubblelab/bubblelab/dataset"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

type goldenRun struct {
	Fail    string         `json:"fail"`
	Methods []goldenMethod `json:"methods"`
}

type goldenMethod struct {
	Method         string     `json:"method"`
	Rounds         [][]string `json:"rounds"`
	SystemLossBn   float64    `json:"system_loss_usd_bn"`
	AbsorbedLossBn float64    `json:"absorbed_loss_usd_bn"`
	SystemDistress float64    `json:"system_distress"`
}

// TestGoldenShipped pins the cascades on the shipped data with the default
// options (annual basis, capital 10% of valuation; rv alpha 0.5, beta 0.9;
// Furfine loss given default 1) when each of six large firms fails. The
// numbers are this code's own output, reviewed by hand when generated (see
// docs/stress.md, "Findings"); the test guards against unintended changes.
// Regenerate with go test ./contagion/dealnet -run Golden -update.
func TestGoldenShipped(t *testing.T) {
	deals, err := dataset.DefaultDeals()
	if err != nil {
		t.Fatal(err)
	}
	firms, err := dataset.DefaultFirms()
	if err != nil {
		t.Fatal(err)
	}
	m, err := Build(deals, firms, nil, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	models := []struct {
		name string
		run  func(*contagion.Network, []contagion.Shock) (*contagion.Result, error)
	}{
		{contagion.MethodEisenbergNoe, contagion.EisenbergNoe{}.Clear},
		{contagion.MethodRogersVeraart, contagion.RogersVeraart{Alpha: 0.5, Beta: 0.9}.Clear},
		{contagion.MethodFurfine, contagion.Furfine{LossGivenDefault: 1, StakeLossGivenDefault: 1}.Run},
		{contagion.MethodDebtRank, contagion.DebtRank{}.Run},
		{contagion.MethodLinearDebtRank, contagion.LinearDebtRank{}.Run},
	}
	var runs []goldenRun
	for _, firm := range []string{"OpenAI", "Oracle", "Anthropic", "Microsoft", "Nvidia", "CoreWeave"} {
		shock, err := m.Fail(firm)
		if err != nil {
			t.Fatal(err)
		}
		gr := goldenRun{Fail: firm}
		for _, md := range models {
			res, err := md.run(m.Network, []contagion.Shock{shock})
			if err != nil {
				t.Fatal(err)
			}
			g := goldenMethod{Method: md.name, SystemLossBn: round6(res.SystemLoss), AbsorbedLossBn: round6(res.AbsorbedLoss), SystemDistress: round6(res.SystemDistress)}
			for _, r := range res.Rounds {
				if len(r.NewDefaults) == 0 {
					continue
				}
				var names []string
				for _, i := range r.NewDefaults {
					names = append(names, m.Network.Names[i])
				}
				g.Rounds = append(g.Rounds, names)
			}
			gr.Methods = append(gr.Methods, g)
		}
		runs = append(runs, gr)
	}
	got, err := json.MarshalIndent(runs, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	const path = "testdata/golden_shipped_failures.json"
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("results differ from %s; if the change is intended, rerun with -update and review the diff.\ngot:\n%s", path, got)
	}
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }
