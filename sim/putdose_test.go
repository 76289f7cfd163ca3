package sim_test

import (
	"fmt"
	"testing"

	"github.com/bubblelab/bubblelab/scenario"
	"github.com/bubblelab/bubblelab/sim"
)

// putDose is the mean burst month, depth, GDP loss and fiscal cost of the
// government put at one size over paired seeds.
type putDose struct {
	sizeBn                    float64
	burstMonth, depth, costBn float64
	bursts, seeds             int
}

func putDoseResponse(t *testing.T, sizes []float64, seeds int) []putDose {
	t.Helper()
	in, err := sim.DefaultInputs()
	if err != nil {
		t.Fatal(err)
	}
	p, err := scenario.Builtin("government-put")
	if err != nil {
		t.Fatal(err)
	}
	var out []putDose
	for _, x := range sizes {
		q := p
		q.Put.PurchasesBn = x
		if x == 0 {
			q.Mechanisms.GovernmentPut = false
		}
		d := putDose{sizeBn: x, seeds: seeds}
		for k := range seeds {
			m := measure(t, q, in, uint64(k+1))
			d.burstMonth += m.burstMonth / float64(seeds)
			d.depth += m.depth / float64(seeds)
			d.costBn += m.putCost / float64(seeds)
			d.bursts += m.bursts
		}
		out = append(out, d)
	}
	return out
}

// The put's purchases enter the daily market, so a bigger put delays the
// burst at least as much and leaves it no deeper.
func TestPutDoseResponse(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the put at five sizes over paired seeds")
	}
	t.Parallel()
	doses := putDoseResponse(t, []float64{0, 25, 50, 100, 200}, 4)
	for _, d := range doses {
		t.Logf("%s", fmt.Sprintf("put %4.0f bn/month: bursts %d of %d, burst %s on average (a run without one counts as after its end), peak-to-trough %.0f %%, fiscal cost %.0f bn",
			d.sizeBn, d.bursts, d.seeds, sim.Month(int(d.burstMonth+0.5)), 100*d.depth, d.costBn))
	}
	for k := 1; k < len(doses); k++ {
		a, b := doses[k-1], doses[k]
		if b.burstMonth < a.burstMonth-1e-9 || b.depth > a.depth+0.01 {
			t.Errorf("put %.0f -> %.0f bn/month: burst month %.2f -> %.2f, depth %.3f -> %.3f; want later or equal and no deeper",
				a.sizeBn, b.sizeBn, a.burstMonth, b.burstMonth, a.depth, b.depth)
		}
	}
}
