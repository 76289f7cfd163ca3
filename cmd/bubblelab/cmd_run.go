package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bubblelab/bubblelab/dataset"
	"github.com/bubblelab/bubblelab/internal/inputerr"
	"github.com/bubblelab/bubblelab/internal/progress"
	"github.com/bubblelab/bubblelab/report"
	"github.com/bubblelab/bubblelab/results"
	"github.com/bubblelab/bubblelab/scenario"
	"github.com/bubblelab/bubblelab/sim"
)

type runOptions struct {
	seed         uint64
	out          string
	calibration  bool
	json         bool
	list         bool
	dumpScenario bool
	dealsPath    string
	firmsPath    string
	quiet        bool
}

func newRunCmd() *cobra.Command {
	var o runOptions
	cmd := &cobra.Command{
		Use:   "run [SCENARIO]",
		Short: "Simulate the AI-boom economy and write its results",
		Long: `Simulate the economy of docs/model.md under a scenario (a YAML file, or the
name of a built-in scenario; the baseline when none is given), print a summary and
write monthly series (Parquet and CSV), events (JSON lines), the transaction-flow
matrix and summary.json to --out, atomically.

Built-in scenarios: ` + strings.Join(scenario.Names(), ", ") + `.`,
		Example: `  bubblelab run
  bubblelab run no-export-controls --seed 7 --out out/nec
  bubblelab run my-scenario.yaml --calibration
  bubblelab run --dump-scenario > full.yaml`,
		Args: rangeArgs(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := "baseline"
			if len(args) == 1 {
				name = args[0]
			}
			return runRun(cmd, name, o)
		},
	}
	f := cmd.Flags()
	f.Uint64Var(&o.seed, "seed", 1, "random seed; the same scenario and seed give byte-identical outputs")
	f.StringVar(&o.out, "out", "out", "output directory")
	f.BoolVar(&o.calibration, "calibration", false, "compare the run with the observed 2023-2025 figures of data/macro_facts.csv")
	f.BoolVar(&o.json, "json", false, "print the summary as JSON")
	f.BoolVar(&o.list, "list", false, "list the built-in scenarios and exit")
	f.BoolVar(&o.dumpScenario, "dump-scenario", false, "print every parameter of the scenario as YAML and exit")
	f.StringVar(&o.dealsPath, "deals", "", "deal file to execute instead of the shipped data/ai_deals.csv")
	f.StringVar(&o.firmsPath, "firms", "", "firm file to use instead of the shipped data/ai_firms.csv")
	f.BoolVar(&o.quiet, "quiet", false, "print nothing but errors")
	return cmd
}

func runRun(cmd *cobra.Command, name string, o runOptions) error {
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	if o.list {
		for _, n := range scenario.Names() {
			p, err := scenario.Builtin(n)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%-22s %s\n", n, p.Description)
		}
		return nil
	}
	if st, err := os.Stat(name); err == nil && st.IsDir() {
		return inputerr.Errorf("read scenario %s: is a directory; name a scenario file or a built-in scenario (%s)", name, strings.Join(scenario.Names(), ", "))
	}
	p, err := scenario.Load(name)
	if err != nil {
		return err
	}
	yamlText, err := scenario.Marshal(p)
	if err != nil {
		return err
	}
	if o.dumpScenario {
		_, err := stdout.Write(yamlText)
		return err
	}
	in, err := loadInputs(o.dealsPath, o.firmsPath)
	if err != nil {
		return err
	}
	var bar *progress.Bar
	if !o.quiet {
		bar = progress.New(stderr, "simulating "+p.Name, p.Months, false)
	}
	res, cmps, twins, err := sim.RunTwins(cmd.Context(), p, in, o.seed, func(done, total int) { bar.Set(done, 0) })
	bar.Finish()
	if err != nil {
		return fmt.Errorf("run %s: %w", p.Name, err)
	}
	summary := sim.Summarize(res)
	summary.Comparisons = cmps
	var calib []sim.CalibrationItem
	if o.calibration {
		facts, err := dataset.DefaultMacroFacts()
		if err != nil {
			return err
		}
		if calib, err = sim.Calibration(res, facts, in.Firms); err != nil {
			return err
		}
	}
	set := results.NewFileSet(o.out)
	results.RunFiles(set, res, summary, yamlText, calib)
	page := report.RunReport{Result: res, Summary: summary, Calibration: calib, Counterfactual: twins.NoBurst}
	if p.Mechanisms.CircularDeals {
		if o.dealsPath != "" {
			page.Network, err = report.AnalyseDeals(cmd.Context(), o.dealsPath, in.Deals, in.Firms)
		} else {
			page.Network, err = report.ShippedNetwork(cmd.Context())
		}
		if err != nil {
			return err
		}
	}
	set.Add("report.html", page.Write)
	if err := set.Commit(); err != nil {
		return fmt.Errorf("write results: %w", err)
	}
	if o.quiet {
		return nil
	}
	if o.json {
		return results.EncodeJSON(stdout, struct {
			Summary     sim.Summary           `json:"summary"`
			Calibration []sim.CalibrationItem `json:"calibration,omitempty"`
			Files       []string              `json:"files"`
		}{summary, calib, set.Names()})
	}
	printSummary(stdout, summary)
	if calib != nil {
		fmt.Fprintf(stdout, "\nCalibration: baseline against observed 2023-2025 figures (data/macro_facts.csv)\n")
		fmt.Fprint(stdout, sim.FormatCalibration(calib))
	}
	fmt.Fprintf(stdout, "\nWrote %d files to %s: %s\n", len(set.Names()), o.out, strings.Join(set.Names(), ", "))
	return nil
}

// loadInputs returns the shipped data, with the deal or firm table replaced
// by a user's file where one is given; every deal's firms must be in the
// firm table.
func loadInputs(dealsPath, firmsPath string) (sim.Inputs, error) {
	in, err := sim.DefaultInputs()
	if err != nil {
		return in, err
	}
	if firmsPath != "" {
		if in.Firms, err = dataset.LoadFirms(firmsPath); err != nil {
			return in, err
		}
	}
	if dealsPath != "" {
		if in.Deals, err = dataset.LoadDeals(dealsPath); err != nil {
			return in, err
		}
		in.DealsName = dealsPath
		in.Unverified = nil
	}
	if err := dataset.CheckDealFirms(in.Deals, in.Firms, in.DealsName); err != nil {
		return in, err
	}
	return in, nil
}

func printSummary(w io.Writer, s sim.Summary) {
	pct := func(x float64) string { return fmt.Sprintf("%5.1f%%", 100*x) }
	fmt.Fprintf(w, "bubblelab run: scenario %s, seed %d, %s..%s\n", s.Scenario, s.Seed, s.Start, s.End)
	fmt.Fprintf(w, "Equity prices: %s\n", s.PriceRule)
	fmt.Fprintf(w, "Amounts in billions of US dollars (US$ bn)\n\n")

	fmt.Fprintf(w, "Where AI revenue came from (share of all AI firms' sales, gross of sales between them)\n")
	fmt.Fprintf(w, "  %-50s %12s %12s\n", "", "2023-2025", "whole run")
	o, a := s.Provenance.Observed, s.Provenance.Whole
	fmt.Fprintf(w, "  %-50s %12.0f %12.0f\n", "AI revenue, US$ bn", o.RevenueBn, a.RevenueBn)
	for _, l := range sim.ProvenanceLines(o, a) {
		fmt.Fprintf(w, "  %-50s %12s %12s\n", l.Label, pct(l.Observed), pct(l.Whole))
	}

	// own is part of AI-funded; the table splits AI-funded into own and
	// other AI firms' money and adds the origins neither AI nor final
	// demand, so that each row sums to 100%.
	fmt.Fprintf(w, "\nRound trips: where each firm's revenue came from, whole run (top 8; each row sums to 100%%)\n")
	fmt.Fprintf(w, "  own = its own investments coming back; other AI = other AI firms' investments; final = consumers, industry, abroad;\n")
	fmt.Fprintf(w, "  rest = non-AI profits, outside equity, debt, government and opening cash\n")
	fmt.Fprintf(w, "  %-28s %14s %8s %9s %8s %8s\n", "firm", "revenue US$ bn", "own", "other AI", "final", "rest")
	for i, r := range s.RoundTrip {
		if i == 8 {
			break
		}
		rest := 1 - r.AIFundedShare - r.FinalDemand
		fmt.Fprintf(w, "  %-28s %14.1f %8s %9s %8s %8s\n", r.Firm, r.RevenueBn, pct(r.RoundTripShare), pct(r.AIFundedShare-r.RoundTripShare), pct(r.FinalDemand), pct(rest))
	}

	printMarkets(w, s)

	g := s.ShovelGap
	fmt.Fprintf(w, "\nShovels vs mining: AI capex US$ %.0f bn against AI final demand %.0f bn (gap %.0f bn); widest monthly gap %.1f bn in %s\n",
		g.CapexBn, g.FinalDemandBn, g.GapBn, g.PeakMonthlyGapBn, g.PeakMonth)
	st := s.Stranded
	fmt.Fprintf(w, "Stranded compute (book value not matched by value in use): peak %.0f bn in %s; at the end %.0f bn (book %.0f, economic %.0f)\n",
		st.PeakBn, st.PeakMonth, st.EndBn, st.EndBookBn, st.EndEconBn)
	fmt.Fprintf(w, "  of which obsolescence (book above economic value): peak %.0f bn, mean %.0f bn, end %.0f bn; idle capacity: peak %.0f bn, end %.0f bn\n",
		st.PeakObsolescenceBn, st.MeanObsolescenceBn, st.EndObsolescenceBn, st.PeakIdleBn, st.EndIdleBn)
	sq := s.Sequoia2025
	fmt.Fprintf(w, "Sequoia's question, 2025: the chips bought need %.0f bn a year of revenue; final demand was %.0f bn (observed question: %.0f bn)\n",
		sq.RevenueNeededBn, sq.FinalDemandBn, sq.ObservedQuestion)
	d := s.Defaults
	fmt.Fprintf(w, "Defaults: %d missed payments totalling %.1f bn", d.Count, d.AmountBn)
	if len(d.Distressed) > 0 {
		var names []string
		for i, f := range d.Distressed {
			if i == 8 {
				names = append(names, fmt.Sprintf("and %d more", len(d.Distressed)-8))
				break
			}
			name := f.Firm + " " + f.Month
			if f.Emerged != "" {
				name += " (left distress " + f.Emerged + ")"
			}
			names = append(names, name)
		}
		fmt.Fprintf(w, "; distressed: %s", strings.Join(names, ", "))
	}
	fmt.Fprintln(w)

	fmt.Fprintf(w, "\nGDP and consumption, US$ bn a year\n")
	fmt.Fprintf(w, "  %4s %9s %8s %9s %9s %9s %9s %9s\n", "year", "GDP", "vs pot.", "consump.", "top 10%", "bot. 90%", "AI capex", "AI demand")
	for _, y := range s.Years {
		fmt.Fprintf(w, "  %4d %9.0f %7.1f%% %9.0f %9.0f %9.0f %9.0f %9.0f\n", y.Year, y.GDPBn, 100*(y.GDPBn/y.PotentialBn-1),
			y.ConsumptionBn, y.ConsumptionTopBn, y.ConsumptionBotBn, y.AICapexBn, y.FinalDemandBn)
	}
	if s.EstimatedDeals > 0 {
		fmt.Fprintf(w, "\n%d deals had undisclosed amounts and use documented estimates (%.0f bn in all; see estimated_deals.csv)\n", s.EstimatedDeals, s.EstimatedAmount)
	}
	inv := s.Invariants
	fmt.Fprintf(w, "Accounting checks (largest relative error): money %.1e, provenance %.1e, flow matrix %.1e, balance sheets %.1e, GDP identity %.1e\n",
		inv.MoneyError, inv.ProvenanceError, inv.FlowMatrixError, inv.BalanceSheetError, inv.GDPIdentityError)
}

func printMarkets(w io.Writer, s sim.Summary) {
	ms := s.Markets
	fmt.Fprintf(w, "\nMarkets: listed US AI firms peaked at US$ %.0f bn on %s (fundamental value then %.0f bn)\n", ms.PeakAIValueBn, ms.PeakDate, ms.FundamentalAtPeak)
	if len(ms.Bursts) == 0 {
		fmt.Fprintf(w, "  no burst within the horizon\n")
	}
	for _, b := range ms.Bursts {
		rec := "not recovered by the end"
		if b.Recovered != "" {
			rec = "recovered " + b.Recovered
		}
		fmt.Fprintf(w, "  burst on %s: from %.0f bn (%s) to %.0f bn (%s), %.0f%% peak to trough over %.0f months; %s\n",
			b.BurstDate, b.PeakBn, b.PeakDate, b.TroughBn, b.TroughDate, 100*b.Drawdown, b.Months, rec)
	}
	fmt.Fprintf(w, "  stranded compute at the trough: %.0f bn (obsolescence %.0f, idle %.0f)\n", ms.StrandedAtTroughBn, ms.ObsolescenceAtTroughBn, ms.IdleAtTroughBn)
	if ms.PutCostBn > 0 {
		fmt.Fprintf(w, "  government put: bought %.0f bn of AI stocks, worth %.0f bn at the end\n", ms.PutCostBn, ms.PutValueBn)
	}
	for _, c := range s.Comparisons {
		fmt.Fprintf(w, "  against %s, from %s: GDP %s in all (worst month %.1f%% lower in %s), consumption %s (top 10%% %s, bottom 90%% %s; worst month %.1f%% lower)",
			c.Label, c.From, lowerOrHigher(c.GDPLossBn), 100*c.GDPLossPeak, c.GDPLossPeakMonth, lowerOrHigher(c.ConsumptionLossBn),
			lowerOrHigher(c.ConsumptionTopLossBn), lowerOrHigher(c.ConsumptionBottomLossBn), 100*c.ConsumptionLossPeak)
		if math.Abs(c.GDPGainBeforeBn) >= 0.5 {
			fmt.Fprintf(w, "; before %s: GDP %s", c.From, lowerOrHigher(-c.GDPGainBeforeBn))
		}
		if c.TwinBurst != "" || c.BurstDelayMonths != 0 {
			fmt.Fprintf(w, "; its burst: %s, largest fall %.0f%% (this run: %+.0f months later, %+.0f points deeper)", orNone(c.TwinBurst), 100*c.TwinDrawdown, c.BurstDelayMonths, 100*c.DrawdownChange)
		}
		fmt.Fprintln(w)
	}
	if len(ms.Cohorts) > 0 {
		fmt.Fprintf(w, "\nWho holds the parcel: investors in listed US AI stocks by year of purchase (profit and loss to the end of the run)\n")
		fmt.Fprintf(w, "  %-18s %-11s %10s %10s %8s\n", "bought", "class", "paid bn", "P&L bn", "return")
		for _, g := range ms.Cohorts {
			if g.BoughtBn < 1 {
				continue
			}
			fmt.Fprintf(w, "  %-18s %-11s %10.0f %10.0f %7.0f%%\n", g.Period, g.Class, g.BoughtBn, g.PnLBn, 100*g.Return)
		}
	}
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// lowerOrHigher words a loss in US$ bn: "X bn lower", or "X bn higher" for
// a negative loss.
func lowerOrHigher(loss float64) string {
	if loss < 0 {
		return fmt.Sprintf("%.0f bn higher", -loss)
	}
	return fmt.Sprintf("%.0f bn lower", loss)
}
