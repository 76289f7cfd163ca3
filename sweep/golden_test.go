package sweep

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/bubblelab/bubblelab/results"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenAggregate is a fixed aggregate, independent of the model, so the
// golden files pin the output formats only.
func goldenAggregate() *Aggregate {
	q := func(v ...float64) []Quantile {
		var qs []Quantile
		for i, p := range QuantileLevels {
			qs = append(qs, Quantile{P: p, Value: v[i]})
		}
		return qs
	}
	return &Aggregate{
		Sweep: SweepInfo{Name: "golden", Fingerprint: "0123abcd", Runs: 8, Points: 2, Replications: 4, Method: Saltelli, Seeds: Common,
			MasterSeed: 42, Parameters: []string{"demand.china_share"}, Start: "2023-01", Months: 156, BurstDrawdown: 0.3},
		Burst: &BurstSummary{Runs: 8, RunsWithBurst: 3, Probability: 0.375, ByYear: []BurstYear{
			{Year: 2027, Runs: 1, Probability: 0.125, Cumulative: 0.125}, {Year: 2028, Runs: 2, Probability: 0.25, Cumulative: 0.375}}},
		Measures: []MeasureSummary{
			{Name: "max_drawdown", Count: 8, Stats: &MeasureStats{Mean: 0.25, SD: 0.1, Min: 0.05, Max: 0.6, Quantiles: q(0.06, 0.07, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.59)}},
			{Name: "gdp_loss_bn", Count: 0, NonFinite: 8},
			{Name: "consumption_loss_bn", Count: 0, NonFinite: 8, Note: NotComputedCounterfactual},
		},
		Sobol: &SobolSummary{BaseSamples: 2, Replications: 1, Seeds: Common, Bootstrap: 10, Confidence: 0.9, Outputs: []SobolOutput{
			{Output: "max_drawdown", Variance: 0.01, Indices: []SobolIndex{{Parameter: "demand.china_share", First: 0.5, FirstCI: [2]float64{0.4, 0.6}, Total: 0.7, TotalCI: [2]float64{0.6, 0.8}}}},
			{Output: "defaults", Note: "constant over the sample: no variance to attribute"},
		}},
		EarlyWarning: []DetectorSummary{{Detector: "psy", RunsWithBurst: 3, WarnedBeforeBurst: 2, HitRate: 2.0 / 3, RunsWithoutBurst: 5, FalseAlarms: 1, FalseAlarmRate: 0.2,
			LeadMonths: &MeasureStats{Mean: 6, SD: 2, Min: 4, Max: 8, Quantiles: q(4, 4, 4.4, 5, 6, 7, 7.6, 7.8, 7.96)}}},
	}
}

// The text and JSON forms of the aggregate are pinned by golden files;
// regenerate with go test ./sweep -run TestAggregateGolden -update.
func TestAggregateGolden(t *testing.T) {
	agg := goldenAggregate()
	var text, js, csv bytes.Buffer
	if err := agg.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	if err := results.EncodeJSON(&js, agg); err != nil {
		t.Fatal(err)
	}
	if err := agg.Sobol.writeCSV(&csv); err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string][]byte{"aggregate.txt": text.Bytes(), "aggregate.json": js.Bytes(), "sobol.csv": csv.Bytes()} {
		path := filepath.Join("testdata", "golden", name)
		if *update {
			os.MkdirAll(filepath.Dir(path), 0o755)
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s:\n%s", name, path, got)
		}
	}
}
