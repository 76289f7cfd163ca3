package sim_test

import (
	"context"
	"testing"

	"github.com/bubblelab/bubblelab/scenario"
	"github.com/bubblelab/bubblelab/sim"
)

// scenarioMeasures are the measures each scenario's stated effect is
// judged on, for one run.
type scenarioMeasures struct {
	peak, burstMonth, depth, obsolescence, fdNet, gdpLoss float64
	putCost                                               float64
	bursts                                                int
}

func measure(t *testing.T, p sim.Params, in sim.Inputs, seed uint64) scenarioMeasures {
	t.Helper()
	res, cmps, err := sim.RunWithTwins(context.Background(), p, in, seed, nil)
	if err != nil {
		t.Fatalf("%s seed %d: %v", p.Name, seed, err)
	}
	s := sim.Summarize(res)
	// A run without a burst counts as bursting in the month after its end.
	m := scenarioMeasures{peak: s.Markets.PeakAIValueBn, obsolescence: s.Stranded.MeanObsolescenceBn, fdNet: s.Provenance.Whole.FinalDemandNet,
		burstMonth: float64(p.Start + sim.Month(p.Months)), putCost: s.Markets.PutCostBn}
	if len(s.Markets.Bursts) > 0 {
		m.bursts = 1
		b := s.Markets.Bursts[0]
		mm, err := sim.ParseMonth(b.BurstDate[:7])
		if err != nil {
			t.Fatal(err)
		}
		m.burstMonth, m.depth = float64(mm), b.Drawdown
	}
	for _, c := range cmps {
		if c.GDPLossPeak > m.gdpLoss {
			m.gdpLoss = c.GDPLossPeak
		}
	}
	return m
}

// Every built-in scenario moves the baseline the way docs/model.md says
// (section 14), in most of a set of paired seeds and on average.
func TestScenarioDirections(t *testing.T) {
	t.Parallel()
	in, err := sim.DefaultInputs()
	if err != nil {
		t.Fatal(err)
	}
	seeds := 8
	if testing.Short() {
		seeds = 2
	}
	base, err := scenario.Builtin("baseline")
	if err != nil {
		t.Fatal(err)
	}
	baseline := make([]scenarioMeasures, seeds)
	for k := range baseline {
		baseline[k] = measure(t, base, in, uint64(k+1))
	}
	for _, tt := range []struct {
		scenario, claim string
		holds           func(s, b scenarioMeasures) bool
	}{
		{"no-circular-deals", "a lower peak", func(s, b scenarioMeasures) bool { return s.peak < b.peak }},
		{"no-export-controls", "a higher share of final demand (net)", func(s, b scenarioMeasures) bool { return s.fdNet > b.fdNet }},
		{"no-export-controls", "a higher peak", func(s, b scenarioMeasures) bool { return s.peak > b.peak }},
		{"long-lived-assets", "less obsolescence", func(s, b scenarioMeasures) bool { return s.obsolescence < b.obsolescence }},
		{"early-burst", "an earlier burst", func(s, b scenarioMeasures) bool { return s.burstMonth < b.burstMonth }},
		{"government-put", "no earlier burst", func(s, b scenarioMeasures) bool { return s.burstMonth >= b.burstMonth }},
		{"reindustrialisation", "a higher share of final demand (net)", func(s, b scenarioMeasures) bool { return s.fdNet >= b.fdNet }},
	} {
		p, err := scenario.Builtin(tt.scenario)
		if err != nil {
			t.Fatal(err)
		}
		held := 0
		for k := range seeds {
			if tt.holds(measure(t, p, in, uint64(k+1)), baseline[k]) {
				held++
			}
		}
		t.Logf("%s: %s in %d of %d paired seeds", tt.scenario, tt.claim, held, seeds)
		if 4*held < 3*seeds {
			t.Errorf("%s: %s in only %d of %d paired seeds", tt.scenario, tt.claim, held, seeds)
		}
	}
}
