package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/bubblelab/bubblelab/contagion"
	"github.com/bubblelab/bubblelab/contagion/dealnet"
	"github.com/bubblelab/bubblelab/dataset"
	"github.com/bubblelab/bubblelab/internal/inputerr"
)

// stressOptions are the flags of `bubblelab stress`.
type stressOptions struct {
	fail                []string
	shocks              []string
	method              string
	alpha, beta         float64
	lgd, stakeLGD       float64
	basis               string
	asOf                string
	defaultHorizon      float64
	backstops           bool
	equityStakes        bool
	estimateUndisclosed bool
	excludeDeals        []string
	capitalShare        float64
	assets              string
	revenueYears        float64
	firmsPath           string
	balancePath         string
	jsonOut             bool
	outDir              string
	top                 int
	timeout             time.Duration
	noShock             bool
}

// stressMethods lists the models in the order they are run and reported.
var stressMethods = []string{
	contagion.MethodEisenbergNoe,
	contagion.MethodRogersVeraart,
	contagion.MethodFurfine,
	contagion.MethodDebtRank,
	contagion.MethodLinearDebtRank,
}

func newStressCmd() *cobra.Command {
	var o stressOptions
	cmd := &cobra.Command{
		Use:   "stress [DEALS] (--fail FIRM... | --shock FIRM=X ... | --no-shock)",
		Short: "Default cascades on the deal network: Eisenberg–Noe, Rogers–Veraart, Furfine, DebtRank",
		Long: `stress turns a deal network (the shipped data/ai_deals.csv when DEALS is omitted) into
obligations between firms, gives every firm a balance sheet from the firm table, applies
shocks and runs default-cascade models:

  en               Eisenberg–Noe (2001) greatest clearing vector (fictitious default algorithm)
  rv               Rogers–Veraart (2013) clearing with default costs --alpha and --beta
  furfine          Furfine (2003) sequential defaults with loss given default --lgd
  debtrank         DebtRank (Battiston et al. 2012), each firm propagates once
  linear-debtrank  linear DebtRank (Bardoscia et al. 2015)

Obligations: compute and chip purchases and leases make the buyer owe the seller, loans
the borrower owe the lender, capacity backstops the guarantor owe the beneficiary (with
--backstops). By default one year of each contract is owed (--basis annual: amount /
horizon, 5 years when none is reported). Equity investments, warrants and joint ventures
are not debts; --equity-stakes adds them as stakes for furfine and the DebtRanks.

Balance sheets: capital = --capital-share x valuation (10% by default; 0 and flagged
when the firm table has no valuation); external assets and liabilities balance each
firm's equity to its capital. Aggregate creditors (bondholders, banks, consortia, US
Government) absorb losses without defaulting. --balance FILE overrides any of this.

--fail FIRM writes off all the firm's external assets and puts it into default;
--shock FIRM=X writes off X of its capital (0.3 or 30%) or an amount (12bn).
One of them is needed, or --no-shock to run the models on the network as it stands.
See docs/stress.md. Exit code 2 on bad input.`,
		Example: `  bubblelab stress --fail OpenAI
  bubblelab stress --fail OpenAI,Oracle --method rv --alpha 0.5 --beta 0.9
  bubblelab stress --shock CoreWeave=60% --shock Oracle=20bn --json
  bubblelab stress my_deals.csv --fail Anthropic --balance sheets.csv --out results/`,
		Args: rangeArgs(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withTimeout(cmd.Context(), o.timeout, func(ctx context.Context) error {
				return runStress(ctx, cmd.OutOrStdout(), cmd.ErrOrStderr(), args, o)
			})
		},
	}
	def := dealnet.DefaultOptions()
	f := cmd.Flags()
	f.StringSliceVar(&o.fail, "fail", nil, "firms that fail (comma-separated or repeated): all external assets written off, forced into default")
	f.StringArrayVar(&o.shocks, "shock", nil, "FIRM=X: firm loses X of its capital (fraction 0..1 or percentage 0..100%) or an amount (e.g. 12.5bn); repeatable")
	f.StringVar(&o.method, "method", "all", "en, rv, furfine, debtrank, linear-debtrank or all")
	f.Float64Var(&o.alpha, "alpha", 0.5, "rv: share of external assets a defaulting firm realises, in [0,1]")
	f.Float64Var(&o.beta, "beta", 0.9, "rv: share of receivables a defaulting firm realises, in [0,1]")
	f.Float64Var(&o.lgd, "lgd", 1, "furfine: share of a claim lost when the debtor fails, in [0,1]")
	f.Float64Var(&o.stakeLGD, "stake-lgd", 1, "furfine: share of an equity stake lost when the issuer fails, in [0,1]")
	f.StringVar(&o.basis, "basis", string(def.Basis), "what is owed: annual (amount/horizon), remaining (left at --as-of) or headline")
	f.StringVar(&o.asOf, "as-of", "", "date YYYY-MM-DD: leave out later deals; for --basis remaining the valuation date (default: the latest deal)")
	f.Float64Var(&o.defaultHorizon, "default-horizon", def.DefaultHorizonYears, "contract length in years for deals that report none")
	f.BoolVar(&o.backstops, "backstops", false, "count capacity backstops as debts of the guarantor")
	f.BoolVar(&o.equityStakes, "equity-stakes", false, "add equity investments, warrants and joint ventures as stakes (furfine, debtrank, linear-debtrank)")
	f.BoolVar(&o.estimateUndisclosed, "estimate-undisclosed", false, "give undisclosed amounts the documented estimate instead of leaving those deals out")
	f.StringSliceVar(&o.excludeDeals, "exclude-deals", nil, "leave out the deals with these IDs (comma-separated)")
	f.Float64Var(&o.capitalShare, "capital-share", def.CapitalShare, "capital buffer as a share of valuation")
	f.StringVar(&o.assets, "assets", string(def.Assets), "external assets: capital (every firm starts with equity = capital) or revenue (revenue x --revenue-years + capital)")
	f.Float64Var(&o.revenueYears, "revenue-years", def.RevenueYears, "with --assets revenue: years of revenue counted as external assets")
	f.StringVar(&o.firmsPath, "firms", "", "firm table (default: the shipped data/ai_firms.csv)")
	f.StringVar(&o.balancePath, "balance", "", "CSV of balance-sheet overrides: firm,capital_usd_bn,external_assets_usd_bn,external_liabilities_usd_bn,absorbing")
	f.BoolVar(&o.jsonOut, "json", false, "print the full result as JSON instead of tables")
	f.StringVar(&o.outDir, "out", "", "write stress.json and losses.csv to this directory")
	f.IntVar(&o.top, "top", 20, "rows in the losses-by-firm tables (0 = every firm with a loss)")
	f.BoolVar(&o.noShock, "no-shock", false, "run the models with no shock: the network as it stands (which firms are insolvent before any shock)")
	addTimeoutFlag(f, &o.timeout)
	return cmd
}

// stressRun is everything a stress run computed, ready for rendering.
type stressRun struct {
	source   string
	model    *dealnet.Model
	scenario []stressShock
	results  []*contagion.Result
	params   map[string]map[string]float64
	warnings []string
}

// stressShock is one applied shock, as given and as applied.
type stressShock struct {
	Spec                   string  `json:"spec"`
	Firm                   string  `json:"firm"`
	Fail                   bool    `json:"fail"`
	ExternalAssetLossUSDBn float64 `json:"external_asset_loss_usd_bn"`
	shock                  contagion.Shock
}

func (o stressOptions) methods() ([]string, error) {
	if o.method == "all" {
		return stressMethods, nil
	}
	var out []string
	for _, m := range strings.Split(o.method, ",") {
		m = strings.TrimSpace(m)
		found := false
		for _, k := range stressMethods {
			if k == m {
				found = true
			}
		}
		if !found {
			return nil, inputerr.New("", 0, "--method", "unknown method %q (want %s or all)", m, strings.Join(stressMethods, ", "))
		}
		out = append(out, m)
	}
	return out, nil
}

func (o stressOptions) validate() error {
	for _, p := range []struct {
		name string
		v    float64
	}{{"--alpha", o.alpha}, {"--beta", o.beta}, {"--lgd", o.lgd}, {"--stake-lgd", o.stakeLGD}} {
		if !(p.v >= 0 && p.v <= 1) {
			return inputerr.New("", 0, p.name, "%v: must be in [0,1]", p.v)
		}
	}
	switch given := len(o.fail) > 0 || len(o.shocks) > 0; {
	case !given && !o.noShock:
		return inputerr.Errorf("stress: no shock given; name failing firms with --fail FIRM or losses with --shock FIRM=X (or --no-shock for the network as it stands)")
	case given && o.noShock:
		return inputerr.Errorf("stress: --no-shock cannot be combined with --fail or --shock")
	}
	if o.top < 0 {
		return inputerr.New("", 0, "--top", "must not be negative, got %d", o.top)
	}
	if o.defaultHorizon > dataset.MaxHorizonYears {
		return inputerr.New("", 0, "--default-horizon", "must be at most %d years, got %v", dataset.MaxHorizonYears, o.defaultHorizon)
	}
	return nil
}

func (o stressOptions) dealnetOptions() (dealnet.Options, error) {
	opts := dealnet.Options{
		Basis:               dealnet.Basis(o.basis),
		DefaultHorizonYears: o.defaultHorizon,
		Backstops:           o.backstops,
		EquityStakes:        o.equityStakes,
		CapitalShare:        o.capitalShare,
		Assets:              dealnet.AssetRule(o.assets),
		RevenueYears:        o.revenueYears,
		ExcludeDeals:        o.excludeDeals,
	}
	if o.asOf != "" {
		t, err := time.Parse("2006-01-02", o.asOf)
		if err != nil {
			return opts, inputerr.New("", 0, "--as-of", "%q: want a date YYYY-MM-DD", o.asOf)
		}
		opts.AsOf = t
	}
	return opts, nil
}

// stressFlagError renames dealnet's option fields to the flags that set them.
func stressFlagError(err error) error {
	if ie, ok := err.(*inputerr.Error); ok && ie.File == "" && ie.Field != "" && !strings.HasPrefix(ie.Field, "--") {
		ie.Field = "--" + ie.Field
	}
	return err
}

func loadStressInputs(args []string, o stressOptions) (*stressRun, error) {
	if err := o.validate(); err != nil {
		return nil, err
	}
	opts, err := o.dealnetOptions()
	if err != nil {
		return nil, err
	}
	run := &stressRun{}
	var deals []dataset.Deal
	if len(args) == 0 {
		run.source = "data/ai_deals.csv (shipped)"
		if deals, err = dataset.DefaultDeals(); err != nil {
			return nil, fmt.Errorf("load shipped deals: %w", err)
		}
	} else {
		run.source = args[0]
		if deals, err = dataset.LoadDeals(args[0]); err != nil {
			return nil, fmt.Errorf("load deals %s: %w", args[0], err)
		}
	}
	if o.estimateUndisclosed {
		deals = dataset.EstimateUndisclosed(deals)
	}
	var firms []dataset.Firm
	if o.firmsPath == "" {
		if firms, err = dataset.DefaultFirms(); err != nil {
			return nil, fmt.Errorf("load shipped firms: %w", err)
		}
	} else if firms, err = dataset.LoadFirms(o.firmsPath); err != nil {
		return nil, fmt.Errorf("load firms %s: %w", o.firmsPath, err)
	}
	var balance []dealnet.Balance
	if o.balancePath != "" {
		if balance, err = dealnet.LoadBalance(o.balancePath); err != nil {
			return nil, fmt.Errorf("load balance %s: %w", o.balancePath, err)
		}
	}
	run.model, err = dealnet.Build(deals, firms, balance, opts)
	if err != nil {
		return nil, fmt.Errorf("build stress network: %w", stressFlagError(err))
	}
	known := dataset.FirmIndex(firms)
	var unknown []string
	for _, name := range run.model.Network.Names {
		if _, ok := known[name]; !ok {
			unknown = append(unknown, name)
		}
	}
	if w := unknownFirmsWarning(unknown); w != "" {
		run.warnings = append(run.warnings, w)
	}
	for _, name := range o.fail {
		s, err := run.model.Fail(name)
		if err != nil {
			return nil, fmt.Errorf("--fail: %w", err)
		}
		run.scenario = append(run.scenario, stressShock{Spec: "fail " + name, Firm: run.model.Network.Names[s.Firm], Fail: true, ExternalAssetLossUSDBn: s.ExternalAssetLoss, shock: s})
	}
	for _, text := range o.shocks {
		spec, err := dealnet.ParseShock(text)
		if err != nil {
			return nil, err
		}
		s, err := run.model.Shock(spec)
		if err != nil {
			return nil, fmt.Errorf("--shock: %w", err)
		}
		applied := math.Min(s.ExternalAssetLoss, run.model.Network.ExternalAssets[s.Firm])
		name := run.model.Network.Names[s.Firm]
		if applied < s.ExternalAssetLoss {
			run.warnings = append(run.warnings, fmt.Sprintf("shock %s: %s has only %.3g bn of external assets; the loss is capped there", text, name, applied))
		}
		run.scenario = append(run.scenario, stressShock{Spec: "shock " + spec.String(), Firm: name, ExternalAssetLossUSDBn: applied, shock: s})
	}
	return run, nil
}

func runStress(ctx context.Context, stdout, stderr io.Writer, args []string, o stressOptions) error {
	methods, err := o.methods()
	if err != nil {
		return err
	}
	run, err := loadStressInputs(args, o)
	if err != nil {
		return err
	}
	var shocks []contagion.Shock
	for _, s := range run.scenario {
		shocks = append(shocks, s.shock)
	}
	run.params = map[string]map[string]float64{}
	for _, m := range methods {
		if err := ctx.Err(); err != nil {
			return err
		}
		var res *contagion.Result
		net := run.model.Network
		switch m {
		case contagion.MethodEisenbergNoe:
			res, err = contagion.EisenbergNoe{}.Clear(net, shocks)
		case contagion.MethodRogersVeraart:
			run.params[m] = map[string]float64{"alpha": o.alpha, "beta": o.beta}
			res, err = contagion.RogersVeraart{Alpha: o.alpha, Beta: o.beta}.Clear(net, shocks)
		case contagion.MethodFurfine:
			run.params[m] = map[string]float64{"lgd": o.lgd, "stake_lgd": o.stakeLGD}
			res, err = contagion.Furfine{LossGivenDefault: o.lgd, StakeLossGivenDefault: o.stakeLGD}.Run(net, shocks)
		case contagion.MethodDebtRank:
			res, err = contagion.DebtRank{}.Run(net, shocks)
		case contagion.MethodLinearDebtRank:
			res, err = contagion.LinearDebtRank{}.Run(net, shocks)
		}
		if err != nil {
			return fmt.Errorf("stress %s: %w", m, err)
		}
		run.results = append(run.results, res)
	}
	for _, w := range run.warnings {
		fmt.Fprintf(stderr, "bubblelab stress: warning: %s\n", w)
	}
	return writeStressOutputs(stdout, run, o)
}

// maxNamedUnknown is how many unknown firms the warning names; a deal file
// of thousands of parties would otherwise print thousands of lines.
const maxNamedUnknown = 10

// unknownFirmsWarning is one warning for all firms missing from the firm
// table ("" when none), naming the first few.
func unknownFirmsWarning(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("firm %q is not in the firm table: capital 0", names[0])
	}
	quoted := make([]string, 0, maxNamedUnknown)
	for _, n := range names[:min(len(names), maxNamedUnknown)] {
		quoted = append(quoted, strconv.Quote(n))
	}
	list := strings.Join(quoted, ", ")
	if len(names) > maxNamedUnknown {
		list += fmt.Sprintf(" and %d more", len(names)-maxNamedUnknown)
	}
	return fmt.Sprintf("%d firms are not in the firm table: capital 0 (%s)", len(names), list)
}
