package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/bubblelab/bubblelab/internal/inputerr"
	"github.com/bubblelab/bubblelab/market"
	"github.com/bubblelab/bubblelab/market/fwcheck"
)

// fwVariant maps --variant to FW's estimated parameter sets.
func fwVariant(name string) (label string, params market.Params, ok bool) {
	switch name {
	case "hpm":
		return "DCA-HPM", market.DCAHPM(), true
	case "wealth":
		return "DCA-WP (wealth)", market.DCAWP(), true
	}
	return "", market.Params{}, false
}

func newValidateFWCmd() *cobra.Command {
	var (
		seeds, days, burnIn, workers int
		firstSeed                    uint64
		variant                      string
		asJSON                       bool
	)
	cmd := &cobra.Command{
		Use:   "fw",
		Short: "Check the Franke-Westerhoff trader block against FW's stylised facts",
		Long: `fw simulates the stand-alone Franke & Westerhoff (2012) trader block with FW's
estimated parameters over many seeds (on all cores) and prints, for each of
FW's moments of daily returns, the mean over seeds with its standard error,
FW's empirical target for the S&P 500 1980-2007, the S&P 500 value measured
from data/prices/sp500_daily.csv, and the differences. z is the difference in
units of the per-path standard deviation: how unusual the empirical value
would be as one 6750-day draw of the model.`,
		Example: `  bubblelab validate fw
  bubblelab validate fw --variant wealth --seeds 5000 --json`,
		Args: rangeArgs(0, 0),
		RunE: func(cmd *cobra.Command, args []string) error {
			label, params, ok := fwVariant(variant)
			if !ok {
				return inputerr.New("", 0, "--variant", "unknown variant %q, want hpm or wealth", variant)
			}
			switch {
			case seeds < 2:
				return inputerr.New("", 0, "--seeds", "%d, want at least 2", seeds)
			case days <= 100:
				return inputerr.New("", 0, "--days", "%d, want more than 100 (the longest autocorrelation lag)", days)
			case burnIn < 0:
				return inputerr.New("", 0, "--burn-in", "%d, want >= 0", burnIn)
			case workers < 0:
				return inputerr.New("", 0, "--workers", "%d, want >= 0 (0: all cores)", workers)
			}
			cfg := fwcheck.Config{
				Params: params, Seeds: seeds, FirstSeed: firstSeed,
				Days: days, BurnIn: burnIn, Workers: workers,
			}
			if f, ok := cmd.ErrOrStderr().(*os.File); ok && isTerminal(f) {
				cfg.Progress = terminalProgress(f)
			}
			start := time.Now()
			res, err := fwcheck.Run(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			if asJSON {
				return writeFWJSON(cmd.OutOrStdout(), variant, res, time.Since(start))
			}
			return writeFWTable(cmd.OutOrStdout(), label, res, time.Since(start))
		},
	}
	f := cmd.Flags()
	f.IntVar(&seeds, "seeds", 1000, "number of independent paths")
	f.IntVar(&days, "days", fwcheck.Days, "days measured per path (FW's sample: 6750)")
	f.IntVar(&burnIn, "burn-in", fwcheck.BurnIn, "days simulated and discarded before measuring")
	f.StringVar(&variant, "variant", "hpm", "parameter set: hpm (DCA-HPM) or wealth (DCA-WP)")
	f.Uint64Var(&firstSeed, "first-seed", 1, "seed of the first path; path i uses first-seed+i")
	f.IntVar(&workers, "workers", 0, "parallel workers (0: all cores); results do not depend on it")
	f.BoolVar(&asJSON, "json", false, "print JSON instead of a table")
	return cmd
}

// isTerminal reports whether f is a character device, the standard library's
// approximation of golang.org/x/term.IsTerminal. x/term v0.48.0 needs
// "go 1.26.0" in go.mod, which currently says "go 1.26"; a character device
// that is not a terminal (/dev/null) only receives progress nobody reads.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// terminalProgress reports progress on a terminal, at most every 1% of paths.
func terminalProgress(w io.Writer) func(done, total int) {
	step := 1
	return func(done, total int) {
		if done == 1 {
			step = max(1, total/100)
		}
		if done%step == 0 || done == total {
			fmt.Fprintf(w, "\rvalidate fw: %d/%d paths", done, total)
			if done == total {
				fmt.Fprintln(w)
			}
		}
	}
}

func writeFWTable(w io.Writer, label string, res fwcheck.Result, took time.Duration) error {
	c := res.Config
	fmt.Fprintf(w, "Franke & Westerhoff (2012) %s: %d paths of %d days after %d burn-in days (seeds %d..%d), %.1fs\n\n",
		label, c.Seeds, c.Days, c.BurnIn, c.FirstSeed, c.FirstSeed+uint64(c.Seeds)-1, took.Seconds())
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "moment\tsim mean\t± SE\tsd/path\tFW target\tdiff\tz\tS&P 1980-2007\tdiff\tz\t")
	for _, e := range res.Estimates {
		fwTarget, fwDiff, fwZ := "-", "-", "-"
		if !math.IsNaN(e.Target) {
			fwTarget = fmt.Sprintf("%.2f", e.Target)
			fwDiff = fmt.Sprintf("%+.4f", e.Mean-e.Target)
			fwZ = fmt.Sprintf("%+.1f", (e.Mean-e.Target)/e.StdDev)
		}
		fmt.Fprintf(tw, "%s\t%.4f\t%.4f\t%.4f\t%s\t%s\t%s\t%.4f\t%+.4f\t%+.1f\t\n",
			e.Name, e.Mean, e.SE, e.StdDev, fwTarget, fwDiff, fwZ,
			e.SP500, e.Mean-e.SP500, (e.Mean-e.SP500)/e.StdDev)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, "\ndiff = sim mean - empirical; z = diff / sd per path (how far the empirical value lies in the model's distribution of one path).")
	return err
}

type fwJSONMoment struct {
	Name      string   `json:"name"`
	Desc      string   `json:"description"`
	Mean      float64  `json:"mean"`
	SE        float64  `json:"se"`
	StdDev    float64  `json:"sd_per_path"`
	FWTarget  *float64 `json:"fw_target,omitempty"`
	DiffFW    *float64 `json:"diff_fw,omitempty"`
	SP500     float64  `json:"sp500_1980_2007"`
	DiffSP500 float64  `json:"diff_sp500"`
}

type fwJSON struct {
	Variant     string         `json:"variant"`
	Params      market.Params  `json:"params"`
	Seeds       int            `json:"seeds"`
	FirstSeed   uint64         `json:"first_seed"`
	Days        int            `json:"days"`
	BurnIn      int            `json:"burn_in"`
	Seconds     float64        `json:"seconds"`
	Moments     []fwJSONMoment `json:"moments"`
	MeanACFRaw  []float64      `json:"mean_acf_raw_lags_1_100"`
	MeanACFAbs  []float64      `json:"mean_acf_abs_lags_1_100"`
	Description string         `json:"description"`
}

func writeFWJSON(w io.Writer, variant string, res fwcheck.Result, took time.Duration) error {
	c := res.Config
	out := fwJSON{
		Variant: variant, Params: c.Params, Seeds: c.Seeds, FirstSeed: c.FirstSeed,
		Days: c.Days, BurnIn: c.BurnIn, Seconds: took.Seconds(),
		MeanACFRaw: res.MeanACF[0], MeanACFAbs: res.MeanACF[1],
		Description: "Seed means of Franke & Westerhoff (2012) moments; returns in percent; se = sd/sqrt(seeds).",
	}
	for _, e := range res.Estimates {
		m := fwJSONMoment{
			Name: e.Name, Desc: e.Desc, Mean: e.Mean, SE: e.SE, StdDev: e.StdDev,
			SP500: e.SP500, DiffSP500: e.Mean - e.SP500,
		}
		if !math.IsNaN(e.Target) {
			target, diff := e.Target, e.Mean-e.Target
			m.FWTarget, m.DiffFW = &target, &diff
		}
		out.Moments = append(out.Moments, m)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
