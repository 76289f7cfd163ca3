package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bubblelab/bubblelab/internal/atomicfile"
	"github.com/bubblelab/bubblelab/internal/inputerr"
	"github.com/bubblelab/bubblelab/report"
	"github.com/bubblelab/bubblelab/results"
	"github.com/bubblelab/bubblelab/sweep"
)

type mergeOptions struct {
	out   string
	noCSV bool
	json  bool
	quiet bool
}

func newMergeCmd() *cobra.Command {
	var o mergeOptions
	cmd := &cobra.Command{
		Use:   "merge DIR...",
		Short: "Combine a sweep's shards into one result set and its aggregate",
		Long: `Read the part files of a sweep from one or more output folders (one shared
folder, or one per shard), check that every run is present exactly once, and
write, all or nothing, to --out (default DIR/merged):

  runs.parquet, runs.csv   every run, in run order
  months.parquet           monthly series (when the spec keeps them)
  aggregate.json/.txt      burst probability by year, quantiles of every measure
                           (peak value, drawdown, GDP and consumption loss, cohort
                           losses, stranded compute, ...), Sobol indices (saltelli),
                           early-warning lead times and false-alarm rates
  burst_by_year.csv, points.csv (grid), sobol.csv (saltelli), sweep.yaml, base.yaml
  report.html              the HTML report of the runs (written after the rest)

Missing runs are reported with the shards that own them, and the merge fails
(exit 1); duplicated runs are an error too. The merged files depend only on the
runs: the same sweep gives the same bytes however it was sharded or scheduled.`,
		Example: `  bubblelab merge out/sw
  bubblelab merge shard-0 shard-1 shard-2 --out merged
  bubblelab merge out/sw --json`,
		Args: rangeArgs(1, 1<<16),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runMerge(cmd, args, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.out, "out", "", "folder for the merged results (default: the first DIR's merged/)")
	f.BoolVar(&o.noCSV, "no-csv", false, "do not write runs.csv")
	f.BoolVar(&o.json, "json", false, "print the aggregate as JSON")
	f.BoolVar(&o.quiet, "quiet", false, "print nothing but errors")
	return cmd
}

func runMerge(cmd *cobra.Command, dirs []string, o mergeOptions) error {
	for _, d := range dirs {
		if st, err := os.Stat(d); err == nil && !st.IsDir() {
			return inputerr.Errorf("merge: %s is a file; name the folder that sweep wrote (its --out DIR)", d)
		}
	}
	out := o.out
	if out == "" {
		out = filepath.Join(dirs[0], "merged")
	}
	m, err := sweep.Merge(cmd.Context(), sweep.MergeOptions{Dirs: dirs, Out: out, CSV: !o.noCSV})
	if err != nil {
		return fmt.Errorf("merge: %w", err)
	}
	if err := atomicfile.Write(filepath.Join(out, "report.html"), 0o644, func(w io.Writer) error {
		return report.WriteSweep(w, sweepReport(m))
	}); err != nil {
		return err
	}
	files := append(m.Files, "report.html")
	agg := m.Aggregate
	switch {
	case o.quiet:
		return nil
	case o.json:
		return results.EncodeJSON(cmd.OutOrStdout(), agg)
	}
	if err := agg.WriteText(cmd.OutOrStdout()); err != nil {
		return err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "\nWrote %d files to %s: %s\n", len(files), out, strings.Join(files, ", "))
	return nil
}

// sweepReport is the HTML report of a merged sweep.
func sweepReport(m *sweep.Merged) *report.SweepReport {
	title := fmt.Sprintf("Sweep %s: %d runs", m.Plan.Spec.Name, m.Plan.Runs)
	if m.SampleEvery > 1 {
		title += fmt.Sprintf(" (report drawn from every %d-th run)", m.SampleEvery)
	}
	r := &report.SweepReport{Title: title, Scenario: m.Plan.Spec.Base}
	for _, run := range m.Runs {
		r.Runs = append(r.Runs, report.SweepRun{Metrics: run.Metrics, Params: run.Params})
	}
	return r
}
