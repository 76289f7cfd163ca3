package sweep

// counterfactualColumns are the sim.RunMetrics columns that only a run's
// no-burst twin fills (outputs: counterfactual). Without the twin
// sim.Metrics leaves them 0, which a reader would take for "no loss", so a
// sweep that did not run the twins writes NaN there and the merge reports
// them as not computed. TestCounterfactualColumns keeps this list equal to
// the fields that the twin changes.
var counterfactualColumns = []string{"gdp_loss_bn", "gdp_loss_peak", "consumption_loss_bn", "consumption_loss_peak"}

// NotComputedCounterfactual is the note on the loss measures of a sweep
// run without outputs.counterfactual.
const NotComputedCounterfactual = "not computed: outputs.counterfactual is off (set it to compare every run with its no-burst twin)"

// NotComputed returns the runs-table columns that this plan's runs do not
// compute, each with the reason: their cells are NaN and the aggregate
// gives them no statistics.
func (p *Plan) NotComputed() map[string]string {
	m := map[string]string{}
	if !p.Spec.Outputs.Counterfactual {
		for _, c := range counterfactualColumns {
			m[c] = NotComputedCounterfactual
		}
	}
	return m
}
