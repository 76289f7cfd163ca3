package sim

import (
	"context"
	"math"
	"testing"
)

func TestPolicyRateRule(t *testing.T) {
	p := BaselineParams()
	p.Mechanisms.MonetaryPolicy = true
	p.Macro.PolicySmoothing = 0.5
	p.Macro.PolicyFloor = 0.01
	for _, tt := range []struct {
		name      string
		prev, gap float64
		want      float64
	}{
		{"at potential the target is the base rate", 0.043, 0, 0.5*0.043 + 0.5*0.043},
		{"a positive gap raises the rate", 0.043, 0.04, 0.5*0.043 + 0.5*(0.043+0.5*0.04)},
		{"a negative gap lowers it", 0.043, -0.04, 0.5*0.043 + 0.5*(0.043-0.5*0.04)},
		{"never below the floor", 0.01, -0.2, 0.01},
	} {
		w := &world{p: p, step: 5, month: p.Start + 5, policyRate: tt.prev}
		w.lastGDP = w.potentialOutput(w.month-1) * (1 + tt.gap)
		w.updatePolicyRate()
		if math.Abs(w.policyRate-tt.want) > 1e-12 {
			t.Errorf("%s: rate %v, want %v", tt.name, w.policyRate, tt.want)
		}
	}
	off := BaselineParams()
	w := &world{p: off, step: 5, month: off.Start + 5, policyRate: 0.07, lastGDP: 1e9}
	if w.updatePolicyRate(); w.riskFree() != off.Finance.BaseRate || w.discountRate() != off.Markets.DiscountRate {
		t.Errorf("rule off: risk-free %v, discount %v; want the parameters exactly", w.riskFree(), w.discountRate())
	}
}

// With the rule on, the boom's positive output gap raises the rate above
// the base rate, which moves borrowing costs; off, it never moves.
func TestPolicyRateInRuns(t *testing.T) {
	t.Parallel()
	in, err := DefaultInputs()
	if err != nil {
		t.Fatal(err)
	}
	p := BaselineParams()
	p.Months = 48
	off, err := Run(context.Background(), p, in, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	p.Mechanisms.MonetaryPolicy = true
	on, err := Run(context.Background(), p, in, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range off.Months {
		if m.PolicyRate != p.Finance.BaseRate {
			t.Fatalf("rule off: %s rate %v", m.Month, m.PolicyRate)
		}
	}
	last := on.Months[len(on.Months)-1]
	if gap := last.GDP/last.PotentialGDP - 1; gap <= 0 || last.PolicyRate <= p.Finance.BaseRate {
		t.Errorf("rule on, %s: gap %.3f, rate %.4f; want a positive gap to have raised the rate above %.4f", last.Month, gap, last.PolicyRate, p.Finance.BaseRate)
	}
}
