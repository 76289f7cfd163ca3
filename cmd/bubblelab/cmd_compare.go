package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/bubblelab/bubblelab/report"
	"github.com/bubblelab/bubblelab/results"
	"github.com/bubblelab/bubblelab/scenario"
	"github.com/bubblelab/bubblelab/sim"
)

func newCompareCmd() *cobra.Command {
	var seed uint64
	var out string
	cmd := &cobra.Command{
		Use:   "compare SCENARIO-A SCENARIO-B",
		Short: "Run two scenarios with the same seed and write a side-by-side HTML page",
		Long: `Run two scenarios (files or built-in names) with the same seed and write
compare.html, a self-contained page that sets their paths side by side
(AI revenue and its provenance, capex, markets, households, GDP).`,
		Example: `  bubblelab compare baseline no-export-controls --out out/compare`,
		Args:    rangeArgs(2, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			var runs [2]*sim.Result
			in, err := sim.DefaultInputs()
			if err != nil {
				return err
			}
			for k, name := range args {
				p, err := scenario.Load(name)
				if err != nil {
					return err
				}
				if runs[k], err = sim.Run(cmd.Context(), p, in, seed, nil); err != nil {
					return fmt.Errorf("run %s: %w", name, err)
				}
			}
			set := results.NewFileSet(out)
			set.Add("compare.html", func(w io.Writer) error { return report.WriteCompare(w, runs[0], runs[1]) })
			if err := set.Commit(); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Wrote %s/compare.html: %s against %s, seed %d\n", out, runs[0].Params.Name, runs[1].Params.Name, seed)
			return nil
		},
	}
	cmd.Flags().Uint64Var(&seed, "seed", 1, "random seed used for both runs")
	cmd.Flags().StringVar(&out, "out", "out", "output directory")
	return cmd
}

func newClaimsCmd() *cobra.Command {
	var seed uint64
	var out string
	cmd := &cobra.Command{
		Use:   "claims",
		Short: "Test the article's claims against the shipped data and the model",
		Long: `Evaluate each claim of the article that started the project (MODEL.md
section 9) against the shipped data, the deal network and model runs of the
scenarios that bear on it, and write claims.html: every claim with its evidence
and a verdict (supported, not supported, open) computed from documented
thresholds (docs/report.md).`,
		Args: rangeArgs(0, 0),
		RunE: func(cmd *cobra.Command, args []string) error {
			rep, err := report.Claims(cmd.Context(), report.ClaimsInput{Seed: seed})
			if err != nil {
				return err
			}
			set := results.NewFileSet(out)
			set.Add("claims.html", func(w io.Writer) error { return report.WriteClaims(w, rep) })
			if err := set.Commit(); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Wrote %s/claims.html (seed %d)\n", out, seed)
			return nil
		},
	}
	cmd.Flags().Uint64Var(&seed, "seed", 1, "random seed of the model runs")
	cmd.Flags().StringVar(&out, "out", "out", "output directory")
	return cmd
}
