package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/bubblelab/bubblelab/contagion"
	"github.com/bubblelab/bubblelab/contagion/dealnet"
	"github.com/bubblelab/bubblelab/internal/atomicfile"
	"github.com/bubblelab/bubblelab/results"
)

// stressMethodTitles names the methods in reports.
var stressMethodTitles = map[string]string{
	contagion.MethodEisenbergNoe:   "Eisenberg–Noe (2001), greatest clearing vector",
	contagion.MethodRogersVeraart:  "Rogers–Veraart (2013), default costs",
	contagion.MethodFurfine:        "Furfine (2003), sequential defaults",
	contagion.MethodDebtRank:       "DebtRank (Battiston et al. 2012)",
	contagion.MethodLinearDebtRank: "linear DebtRank (Bardoscia et al. 2015)",
}

// stressReport is the JSON document of a stress run (stress.json).
type stressReport struct {
	Source   string             `json:"source"`
	Unit     string             `json:"unit"`
	Options  stressReportOpts   `json:"options"`
	Network  stressReportNet    `json:"network"`
	Scenario []stressShock      `json:"scenario"`
	Results  []stressReportRes  `json:"results"`
	Warnings []string           `json:"warnings,omitempty"`
	Summary  []stressReportFirm `json:"default_rounds_by_firm"`
}

type stressReportOpts struct {
	Basis               string   `json:"basis"`
	AsOf                string   `json:"as_of,omitempty"`
	DefaultHorizonYears float64  `json:"default_horizon_years"`
	Backstops           bool     `json:"backstops"`
	EquityStakes        bool     `json:"equity_stakes"`
	EstimateUndisclosed bool     `json:"estimate_undisclosed"`
	ExcludeDeals        []string `json:"exclude_deals,omitempty"`
	CapitalShare        float64  `json:"capital_share"`
	Assets              string   `json:"assets"`
	RevenueYears        float64  `json:"revenue_years,omitempty"`
}

type stressReportNet struct {
	Firms               int                 `json:"firms"`
	ObligationsUSDBn    float64             `json:"obligations_usd_bn"`
	Obligations         []dealnet.Edge      `json:"obligations"`
	Stakes              []dealnet.Edge      `json:"stakes,omitempty"`
	Excluded            []dealnet.Exclusion `json:"excluded"`
	BalanceSheets       []dealnet.Sheet     `json:"balance_sheets"`
	InsolventAtBaseline []string            `json:"insolvent_before_shock,omitempty"`
}

type stressReportRes struct {
	Method               string             `json:"method"`
	Title                string             `json:"title"`
	Params               map[string]float64 `json:"params,omitempty"`
	Defaulters           []string           `json:"defaulters"`
	Rounds               []stressRound      `json:"rounds"`
	SystemLossUSDBn      float64            `json:"system_loss_usd_bn"`
	AbsorbedLossUSDBn    float64            `json:"absorbed_loss_usd_bn"`
	ExternalCreditorLoss float64            `json:"external_creditor_loss_usd_bn"`
	DeadweightLossUSDBn  float64            `json:"deadweight_loss_usd_bn"`
	SystemDistress       float64            `json:"system_distress"`
	InitialDistress      float64            `json:"initial_distress"`
	DebtRank             float64            `json:"debtrank"`
	Firms                []stressFirmResult `json:"firms"`
}

type stressRound struct {
	Round           int      `json:"round"`
	NewDefaults     []string `json:"new_defaults"`
	SystemLossUSDBn float64  `json:"system_loss_usd_bn"`
}

type stressFirmResult struct {
	Firm              string   `json:"firm"`
	EquityBeforeUSDBn float64  `json:"equity_before_usd_bn"`
	EquityAfterUSDBn  float64  `json:"equity_after_usd_bn"`
	LossUSDBn         float64  `json:"loss_usd_bn"`
	Distress          float64  `json:"distress"`
	Defaulted         bool     `json:"defaulted"`
	DefaultRound      int      `json:"default_round"`
	PaidUSDBn         *float64 `json:"paid_usd_bn,omitempty"`
	OwedUSDBn         *float64 `json:"owed_usd_bn,omitempty"`
	ShockLossUSDBn    float64  `json:"shock_loss_usd_bn"`
	CapitalKnown      bool     `json:"capital_known"`
	Absorbing         bool     `json:"absorbing"`
}

type stressReportFirm struct {
	Firm   string         `json:"firm"`
	Rounds map[string]int `json:"rounds"`
}

func buildStressReport(run *stressRun, o stressOptions) stressReport {
	m := run.model
	net := m.Network
	rep := stressReport{
		Source:   run.source,
		Unit:     "USD bn",
		Scenario: run.scenario,
		Warnings: run.warnings,
		Options: stressReportOpts{
			Basis: string(m.Options.Basis), DefaultHorizonYears: m.Options.DefaultHorizonYears,
			Backstops: m.Options.Backstops, EquityStakes: m.Options.EquityStakes,
			EstimateUndisclosed: o.estimateUndisclosed, ExcludeDeals: m.Options.ExcludeDeals,
			CapitalShare: m.Options.CapitalShare, Assets: string(m.Options.Assets),
		},
		Network: stressReportNet{
			Firms: net.Len(), Obligations: m.Edges, Stakes: m.StakeEdges,
			Excluded: m.Excluded, BalanceSheets: m.Sheets,
		},
	}
	if rep.Scenario == nil {
		rep.Scenario = []stressShock{}
	}
	if !m.Options.AsOf.IsZero() {
		rep.Options.AsOf = m.Options.AsOf.Format("2006-01-02")
	}
	if m.Options.Assets == dealnet.AssetsFromRevenue {
		rep.Options.RevenueYears = m.Options.RevenueYears
	}
	for _, e := range m.Edges {
		rep.Network.ObligationsUSDBn += e.AmountBn
	}
	for _, s := range m.Sheets {
		if s.CapitalBn < 0 && !s.Absorbing {
			rep.Network.InsolventAtBaseline = append(rep.Network.InsolventAtBaseline, s.Firm)
		}
	}
	summary := make([]stressReportFirm, net.Len())
	for i := range summary {
		summary[i] = stressReportFirm{Firm: net.Names[i], Rounds: map[string]int{}}
	}
	for _, r := range run.results {
		rr := stressReportRes{
			Method: r.Method, Title: stressMethodTitles[r.Method], Params: run.params[r.Method],
			Defaulters:      stressNames(net, r.Defaulters()),
			SystemLossUSDBn: r.SystemLoss, AbsorbedLossUSDBn: r.AbsorbedLoss,
			ExternalCreditorLoss: r.ExternalCreditorLoss, DeadweightLossUSDBn: r.DeadweightLoss,
			SystemDistress: r.SystemDistress, InitialDistress: r.InitialDistress, DebtRank: r.DebtRank,
			Rounds: []stressRound{},
		}
		if rr.Defaulters == nil {
			rr.Defaulters = []string{}
		}
		for _, rd := range r.Rounds {
			names := stressNames(net, rd.NewDefaults)
			if names == nil {
				names = []string{}
			}
			rr.Rounds = append(rr.Rounds, stressRound{Round: rd.Round, NewDefaults: names, SystemLossUSDBn: rd.SystemLoss})
		}
		for i := 0; i < net.Len(); i++ {
			f := stressFirmResult{
				Firm: net.Names[i], EquityBeforeUSDBn: r.EquityBefore[i], EquityAfterUSDBn: r.EquityAfter[i],
				LossUSDBn: r.Loss[i], Distress: r.Distress[i], Defaulted: r.Defaulted[i], DefaultRound: r.DefaultRound[i],
				ShockLossUSDBn: r.ShockLoss[i], CapitalKnown: m.Sheets[i].CapitalKnown, Absorbing: m.Sheets[i].Absorbing,
			}
			if r.Payments != nil {
				f.PaidUSDBn, f.OwedUSDBn = &r.Payments[i], &r.Obligations[i]
			}
			rr.Firms = append(rr.Firms, f)
			summary[i].Rounds[r.Method] = r.DefaultRound[i]
		}
		rep.Results = append(rep.Results, rr)
	}
	for _, s := range summary {
		for _, k := range s.Rounds {
			if k > 0 {
				rep.Summary = append(rep.Summary, s)
				break
			}
		}
	}
	if rep.Summary == nil {
		rep.Summary = []stressReportFirm{}
	}
	return rep
}

func stressNames(net *contagion.Network, idx []int) []string {
	var out []string
	for _, i := range idx {
		out = append(out, net.Names[i])
	}
	return out
}

// writeStressOutputs renders everything first, then writes: a failure leaves
// no partial set of files.
func writeStressOutputs(stdout io.Writer, run *stressRun, o stressOptions) error {
	rep := buildStressReport(run, o)
	js, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	js = append(js, '\n')
	var text bytes.Buffer
	if o.jsonOut {
		text.Write(js)
	} else {
		writeStressText(&text, run, rep, o)
	}
	var lossesCSV bytes.Buffer
	if o.outDir != "" {
		if err := writeStressCSV(&lossesCSV, rep); err != nil {
			return err
		}
		if err := atomicfile.WriteFile(filepath.Join(o.outDir, "stress.json"), js, 0o644); err != nil {
			return err
		}
		if err := atomicfile.WriteFile(filepath.Join(o.outDir, "losses.csv"), lossesCSV.Bytes(), 0o644); err != nil {
			return err
		}
	}
	_, err = stdout.Write(text.Bytes())
	return err
}

func writeStressCSV(w io.Writer, rep stressReport) error {
	cw := results.NewCSVWriter(w) // firm names come from input files
	cw.Write([]string{"method", "firm", "equity_before_usd_bn", "equity_after_usd_bn", "loss_usd_bn", "distress",
		"defaulted", "default_round", "paid_usd_bn", "owed_usd_bn", "shock_loss_usd_bn", "capital_known", "absorbing"})
	num := func(x float64) string { return strconv.FormatFloat(x, 'g', 10, 64) }
	for _, r := range rep.Results {
		for _, f := range r.Firms {
			paid, owed := "", ""
			if f.PaidUSDBn != nil {
				paid, owed = num(*f.PaidUSDBn), num(*f.OwedUSDBn)
			}
			cw.Write([]string{r.Method, f.Firm, num(f.EquityBeforeUSDBn), num(f.EquityAfterUSDBn), num(f.LossUSDBn), num(f.Distress),
				strconv.FormatBool(f.Defaulted), strconv.Itoa(f.DefaultRound), paid, owed, num(f.ShockLossUSDBn),
				strconv.FormatBool(f.CapitalKnown), strconv.FormatBool(f.Absorbing)})
		}
	}
	cw.Flush()
	return cw.Error()
}

func writeStressText(w io.Writer, run *stressRun, rep stressReport, o stressOptions) {
	m := run.model
	net := m.Network
	fmt.Fprintf(w, "bubblelab stress: %s\n", rep.Source)
	fmt.Fprintf(w, "network: %d firms, %d obligations owing %.1f bn (basis %s", net.Len(), len(m.Edges), rep.Network.ObligationsUSDBn, rep.Options.Basis)
	if rep.Options.AsOf != "" {
		fmt.Fprintf(w, ", as of %s", rep.Options.AsOf)
	}
	fmt.Fprintf(w, "), %d equity stakes; %d deals left out (reasons in --json)\n", len(m.StakeEdges), len(m.Excluded))
	fmt.Fprintf(w, "balance sheets: capital = %g x valuation, external assets from %s\n", rep.Options.CapitalShare, rep.Options.Assets)
	var unknown []string
	for _, s := range m.Sheets {
		if !s.CapitalKnown && (s.NetworkAssetsBn > 0 || s.NetworkLiabilitiesBn > 0 || s.StakesHeldBn > 0) {
			unknown = append(unknown, s.Firm)
		}
	}
	if len(unknown) > 0 {
		fmt.Fprintf(w, "capital unknown, set to 0 (marked *): %s\n", strings.Join(unknown, ", "))
	}
	if len(rep.Network.InsolventAtBaseline) > 0 {
		fmt.Fprintf(w, "insolvent before any shock: %s\n", strings.Join(rep.Network.InsolventAtBaseline, ", "))
	}
	if len(run.scenario) == 0 {
		fmt.Fprintln(w, "scenario: no shock (baseline)")
	} else {
		var parts []string
		for _, s := range run.scenario {
			parts = append(parts, fmt.Sprintf("%s (external assets -%.2f bn)", s.Spec, s.ExternalAssetLossUSDBn))
		}
		fmt.Fprintf(w, "scenario: %s\n", strings.Join(parts, "; "))
	}
	mark := func(i int) string {
		if !m.Sheets[i].CapitalKnown {
			return net.Names[i] + "*"
		}
		return net.Names[i]
	}
	for k, r := range run.results {
		rr := rep.Results[k]
		fmt.Fprintf(w, "\n== %s ==\n", rr.Title)
		if len(rr.Params) > 0 {
			var keys []string
			for p := range rr.Params {
				keys = append(keys, p)
			}
			sort.Strings(keys)
			var ps []string
			for _, p := range keys {
				ps = append(ps, fmt.Sprintf("%s=%g", p, rr.Params[p]))
			}
			fmt.Fprintf(w, "parameters: %s\n", strings.Join(ps, " "))
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "round\tnew defaults\tsystem loss bn")
		for _, rd := range r.Rounds {
			if len(rd.NewDefaults) == 0 && rd.Round != len(r.Rounds) && rd.Round != 1 {
				continue // DebtRank rounds that only spread distress
			}
			var names []string
			for _, i := range rd.NewDefaults {
				names = append(names, mark(i))
			}
			fmt.Fprintf(tw, "%d\t%s\t%.2f\n", rd.Round, stressOrDash(strings.Join(names, ", ")), rd.SystemLoss)
		}
		tw.Flush()
		fmt.Fprintf(w, "defaults: %d of %d firms; equity lost %s bn (%s); absorbed by outside creditors %s bn",
			len(r.Defaulters()), net.Len(), bn2(r.SystemLoss), distressText(net, r), bn2(r.AbsorbedLoss))
		if r.Payments != nil {
			fmt.Fprintf(w, "; unpaid external liabilities %s bn; default costs %s bn", bn2(r.ExternalCreditorLoss), bn2(r.DeadweightLoss))
		}
		fmt.Fprintln(w)

		order := make([]int, 0, net.Len())
		for i := 0; i < net.Len(); i++ {
			if r.Loss[i] > 1e-9 || r.Defaulted[i] {
				order = append(order, i)
			}
		}
		sort.SliceStable(order, func(a, b int) bool { return r.Loss[order[a]] > r.Loss[order[b]] })
		limit := len(order)
		if o.top > 0 && limit > o.top {
			limit = o.top
		}
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		header := "firm\tequity before\t      loss\tdistress\tround\t"
		if r.Payments != nil {
			header += "      paid\t      owed\t"
		}
		fmt.Fprintln(tw, header)
		for _, i := range order[:limit] {
			name := mark(i)
			if m.Sheets[i].Absorbing {
				name += " (absorbing)"
			}
			round := "-"
			if r.DefaultRound[i] > 0 {
				round = strconv.Itoa(r.DefaultRound[i])
			}
			fmt.Fprintf(tw, "%s\t%13.2f\t%10.2f\t%7.1f%%\t%5s\t", name, r.EquityBefore[i], r.Loss[i], 100*r.Distress[i], round)
			if r.Payments != nil {
				fmt.Fprintf(tw, "%10.2f\t%10.2f\t", r.Payments[i], r.Obligations[i])
			}
			fmt.Fprintln(tw)
		}
		tw.Flush()
		if limit < len(order) {
			fmt.Fprintf(w, "(%d more firms with losses; --top 0 lists all)\n", len(order)-limit)
		}
	}
	if len(run.results) > 1 && len(rep.Summary) > 0 {
		fmt.Fprintln(w, "\n== default round by method (- = survives) ==")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprint(tw, "firm\t")
		for _, r := range run.results {
			fmt.Fprintf(tw, "%s\t", r.Method)
		}
		fmt.Fprintln(tw)
		for _, s := range rep.Summary {
			fmt.Fprintf(tw, "%s\t", s.Firm)
			for _, r := range run.results {
				fmt.Fprintf(tw, "%s\t", stressOrDash(strconv.Itoa(s.Rounds[r.Method])))
			}
			fmt.Fprintln(tw)
		}
		tw.Flush()
	}
}

func stressOrDash(s string) string {
	if s == "" || s == "0" {
		return "-"
	}
	return s
}

// distressText is "H = x%, of which propagation R = y%", or says that H is
// undefined when no firm has capital: H weighs firms by their equity, and
// with none left the weights are rounding residues of e + a − p̄ (it
// printed H = 99.46% beside a loss of 0.00 bn).
func distressText(net *contagion.Network, r *contagion.Result) string {
	var capital, size float64
	for i, e := range r.EquityBefore {
		if (net.Absorbing == nil || !net.Absorbing[i]) && e > 0 {
			capital += e
		}
		size += net.ExternalAssets[i]
	}
	for _, o := range net.Obligations {
		size += o.Amount
	}
	if capital <= 1e-9*max(size, 1) {
		return "H undefined: no firm has capital"
	}
	return fmt.Sprintf("H = %.2f%%, of which propagation R = %.2f%%", 100*r.SystemDistress, 100*r.DebtRank)
}

// bn2 formats an amount to two decimals without a negative zero.
func bn2(x float64) string {
	s := fmt.Sprintf("%.2f", x)
	if s == "-0.00" {
		return "0.00"
	}
	return s
}
