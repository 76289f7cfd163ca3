package results

import (
	"io"
	"strconv"

	"github.com/bubblelab/bubblelab/sim"
)

// RunFiles schedules the outputs of one simulation run:
//
//	months.parquet, months.csv   one row per month (sim.MonthRecord)
//	firms.parquet, firms.csv     one row per firm and month (sim.FirmMonth)
//	events.jsonl                 deals starting, defaults, funding rounds, bursts, ...
//	days.parquet, ai_index_daily.csv  the simulated trading days: AI index and market value,
//	                             fundamental value, non-AI index, sentiment (markets on)
//	prices.parquet, prices.csv   each listed firm's month-end price and fundamental value
//	cohorts.csv                  investor cohorts in AI stocks and their profit and loss
//	flow_matrix.csv              the transaction-flow matrix summed over the run
//	pair_flows.csv               payments between AI firms by kind
//	revenue_provenance.csv       each firm's revenue by origin of the money
//	estimated_deals.csv          deals whose amount was estimated, with the basis
//	summary.json                 the summary printed by `bubblelab run`
//	scenario.yaml                every parameter of the run
//
// calibration, when not nil, adds calibration.json.
func RunFiles(set *FileSet, res *sim.Result, summary sim.Summary, scenarioYAML []byte, calibration []sim.CalibrationItem) {
	set.Add("months.parquet", func(w io.Writer) error { return EncodeParquet(w, res.Months) })
	set.Add("months.csv", func(w io.Writer) error { return EncodeCSV(w, res.Months) })
	set.Add("firms.parquet", func(w io.Writer) error { return EncodeParquet(w, res.Firms) })
	set.Add("firms.csv", func(w io.Writer) error { return EncodeCSV(w, res.Firms) })
	set.Add("events.jsonl", func(w io.Writer) error { return EncodeJSONLines(w, res.Events) })
	if len(res.Days) > 0 {
		set.Add("days.parquet", func(w io.Writer) error { return EncodeParquet(w, res.Days) })
		set.Add("ai_index_daily.csv", func(w io.Writer) error { return EncodeCSV(w, res.Days) })
		set.Add("prices.parquet", func(w io.Writer) error { return EncodeParquet(w, res.Prices) })
		set.Add("prices.csv", func(w io.Writer) error { return EncodeCSV(w, res.Prices) })
	}
	set.Add("cohorts.csv", func(w io.Writer) error { return EncodeCSV(w, res.Cohorts) })
	set.Add("flow_matrix.csv", func(w io.Writer) error { return res.FlowMatrix.WriteCSV(w) })
	set.Add("pair_flows.csv", func(w io.Writer) error { return EncodeCSV(w, res.PairFlows) })
	set.Add("estimated_deals.csv", func(w io.Writer) error { return EncodeCSV(w, res.Estimated) })
	set.Add("revenue_provenance.csv", func(w io.Writer) error { return writeProvenance(w, res) })
	set.Add("summary.json", func(w io.Writer) error { return EncodeJSON(w, summary) })
	set.Add("scenario.yaml", func(w io.Writer) error { _, err := w.Write(scenarioYAML); return err })
	if calibration != nil {
		set.Add("calibration.json", func(w io.Writer) error { return EncodeJSON(w, calibration) })
	}
}

// writeProvenance writes each firm's cumulative revenue by origin: a row per
// firm, a column per origin.
func writeProvenance(w io.Writer, res *sim.Result) error {
	cw := NewCSVWriter(w)
	if err := cw.Write(append([]string{"firm", "revenue_bn"}, res.OriginNames...)); err != nil {
		return err
	}
	for i, name := range res.FirmNames {
		row := res.RevenueProvenance[i]
		total := 0.0
		for _, v := range row {
			total += v
		}
		rec := []string{name, strconv.FormatFloat(total, 'g', -1, 64)}
		for _, v := range row {
			rec = append(rec, strconv.FormatFloat(v, 'g', -1, 64))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
