package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/bubblelab/bubblelab/dataset"
	"github.com/bubblelab/bubblelab/internal/atomicfile"
	"github.com/bubblelab/bubblelab/internal/inputerr"
	"github.com/bubblelab/bubblelab/netflow"
	"github.com/bubblelab/bubblelab/netflow/netsvg"
	"github.com/bubblelab/bubblelab/report"
)

// loopsOptions are the flags of `bubblelab loops`.
type loopsOptions struct {
	maxLen              int
	top                 int
	maxCycles           int
	maxEdges            int
	maxFirms            int
	workers             int
	countOnly           bool
	jsonOut             bool
	svgPath             string
	outDir              string
	headline            bool
	assumedHorizonYears float64
	estimateUndisclosed bool
	kinds               []string
	excludeKinds        []string
	excludeDeals        []string
	edgeList            bool
	firmsPath           string
	timeout             time.Duration
	minLen              int
	through             []string
	timeRespecting      bool
}

func newLoopsCmd() *cobra.Command {
	var o loopsOptions
	cmd := &cobra.Command{
		Use:   "loops [DEALS]",
		Short: "Measure circular financing in a deal network: cycles, circularity, per-firm round-trip share",
		Long: `loops reads a deal network (the shipped data/ai_deals.csv when DEALS is omitted, or a
deal CSV in the same format, see docs/deals-format.md) and reports:

  - every simple cycle of at most --max-len deals, with its bottleneck amount (the most
    money that can go round it) and the deals it uses;
  - the maximum circulation (Circular-Directional Flow Decomposition, Homs-Dones et al.
    2025): the circularity index (circular flow / gross flow), each firm's share of
    inflow that is circular, and how much gross exposure conservative compression could
    net away (D'Errico & Roukny 2021).

Amounts are annualised over each deal's horizon_years where one is given (deals without
a horizon keep their headline amount); --headline uses headline totals. Undisclosed
amounts are left out unless --estimate-undisclosed is given. See docs/loops.md.

Output: a text table (default), --json, --svg FILE (a self-contained picture), or --out DIR
(writes loops.json, cycles.csv and network.svg). Exit code 2 on bad input.`,
		Example: `  bubblelab loops
  bubblelab loops --estimate-undisclosed --json
  bubblelab loops my_deals.csv --max-len 4 --out results/
  bubblelab loops --edge-list big.txt --count-only`,
		Args: rangeArgs(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.validate(); err != nil {
				return err
			}
			return withTimeout(cmd.Context(), o.timeout, func(ctx context.Context) error {
				return runLoops(ctx, cmd.OutOrStdout(), cmd.ErrOrStderr(), args, o)
			})
		},
	}
	f := cmd.Flags()
	f.IntVar(&o.maxLen, "max-len", netflow.DefaultMaxLen, "longest cycle to enumerate, in deals (edges)")
	f.IntVar(&o.top, "top", 15, "rows in the text tables (cycles and firms)")
	f.IntVar(&o.maxCycles, "max-cycles", 10000, "most cycles listed in JSON and cycles.csv, largest bottleneck first (counts are always complete)")
	f.IntVar(&o.maxEdges, "max-edges", 10000, "most edges listed in the JSON circulation section, largest circular flow first (totals are always complete)")
	f.IntVar(&o.maxFirms, "max-firms", 10000, "most firms listed in the JSON circulation section and the round-tripper table, largest circular inflow first")
	f.IntVar(&o.workers, "workers", 0, "goroutines for cycle enumeration (0 = all cores); results do not depend on it")
	f.BoolVar(&o.countOnly, "count-only", false, "count cycles without listing them and skip the circulation (for very large graphs)")
	f.BoolVar(&o.jsonOut, "json", false, "print the full result as JSON instead of tables")
	f.StringVar(&o.svgPath, "svg", "", "write a picture of the network to this SVG file")
	f.StringVar(&o.outDir, "out", "", "write loops.json, cycles.csv, network.svg and report.html to this directory")
	f.BoolVar(&o.headline, "headline", false, "use headline deal amounts instead of annualising over horizon_years")
	f.Float64Var(&o.assumedHorizonYears, "assumed-horizon", 0, "when annualising, divide deals without horizon_years by this many years (0 = keep their headline amount)")
	f.BoolVar(&o.estimateUndisclosed, "estimate-undisclosed", false, "give undisclosed amounts the documented estimate instead of leaving those deals out")
	f.StringSliceVar(&o.kinds, "kinds", nil, "keep only these deal kinds (comma-separated)")
	f.StringSliceVar(&o.excludeKinds, "exclude-kinds", nil, "leave out these deal kinds (comma-separated)")
	f.StringSliceVar(&o.excludeDeals, "exclude-deals", nil, "leave out the deals with these IDs (comma-separated), e.g. non-binding letters of intent")
	f.BoolVar(&o.edgeList, "edge-list", false, "DEALS is a plain edge list 'SOURCE TARGET AMOUNT_BN' per line, not a deal CSV")
	f.StringVar(&o.firmsPath, "firms", "", "firm file giving roles for the picture (default: the shipped data/ai_firms.csv)")
	f.IntVar(&o.minLen, "min-len", 1, "count and list only cycles of at least this many deals")
	f.StringSliceVar(&o.through, "through", nil, "count and list only cycles through one of these firms (comma-separated or repeated)")
	f.BoolVar(&o.timeRespecting, "time-respecting", false, "count and list only cycles whose deals can run forward in time: each announced no earlier than the previous one (deal CSVs only)")
	addTimeoutFlag(f, &o.timeout)
	return cmd
}

// validate checks flag values that cobra cannot; errors are bad input.
func (o loopsOptions) validate() error {
	switch {
	case o.maxLen < 1:
		return inputerr.New("", 0, "--max-len", "must be at least 1, got %d", o.maxLen)
	case o.minLen < 0 || o.minLen > o.maxLen:
		return inputerr.New("", 0, "--min-len", "must be between 1 and --max-len (%d), got %d", o.maxLen, o.minLen)
	case o.edgeList && o.timeRespecting:
		return inputerr.New("", 0, "--time-respecting", "an edge list has no deal dates; use a deal CSV")
	case o.top < 0:
		return inputerr.New("", 0, "--top", "must not be negative, got %d", o.top)
	case o.maxCycles < 0:
		return inputerr.New("", 0, "--max-cycles", "must not be negative, got %d", o.maxCycles)
	case o.maxEdges < 0:
		return inputerr.New("", 0, "--max-edges", "must not be negative, got %d", o.maxEdges)
	case o.maxFirms < 0:
		return inputerr.New("", 0, "--max-firms", "must not be negative, got %d", o.maxFirms)
	case o.workers < 0:
		return inputerr.New("", 0, "--workers", "must not be negative, got %d", o.workers)
	case !(o.assumedHorizonYears >= 0) || o.assumedHorizonYears > dataset.MaxHorizonYears:
		return inputerr.New("", 0, "--assumed-horizon", "must be between 0 and %d years, got %v", dataset.MaxHorizonYears, o.assumedHorizonYears)
	case o.headline && o.assumedHorizonYears > 0:
		return inputerr.New("", 0, "--assumed-horizon", "has no effect with --headline")
	case o.edgeList && (o.estimateUndisclosed || o.headline || len(o.kinds) > 0 || len(o.excludeKinds) > 0 || len(o.excludeDeals) > 0 || o.assumedHorizonYears > 0):
		return inputerr.New("", 0, "--edge-list", "an edge list has no deal kinds, horizons or undisclosed amounts; drop the deal options")
	}
	for _, k := range append(append([]string(nil), o.kinds...), o.excludeKinds...) {
		if !dataset.DealKind(k).Valid() {
			return inputerr.New("", 0, "--kinds", "unknown deal kind %q (known: %s)", k, loopsKindNames())
		}
	}
	return nil
}

func loopsKindNames() string {
	var s []string
	for _, k := range dataset.DealKinds() {
		s = append(s, string(k))
	}
	return strings.Join(s, ", ")
}

func (o loopsOptions) netflowOptions() netflow.Options {
	opts := netflow.Options{AssumedHorizonYears: o.assumedHorizonYears}
	if o.headline {
		opts.Amounts = netflow.Headline
	}
	if o.estimateUndisclosed {
		opts.Undisclosed = netflow.EstimateUndisclosed
	}
	for _, k := range o.kinds {
		opts.Kinds = append(opts.Kinds, dataset.DealKind(k))
	}
	for _, k := range o.excludeKinds {
		opts.ExcludeKinds = append(opts.ExcludeKinds, dataset.DealKind(k))
	}
	opts.ExcludeDeals = o.excludeDeals
	return opts
}

// loadLoopsNetwork reads the input and builds the graph and the input summary.
func loadLoopsNetwork(args []string, o loopsOptions) (*netflow.Graph, loopsInput, error) {
	in := loopsInput{MaxLen: o.maxLen}
	if o.edgeList {
		if len(args) == 0 {
			return nil, in, inputerr.New("", 0, "--edge-list", "needs a DEALS file argument")
		}
		in.Source = args[0]
		in.Amounts = "as given"
		in.Undisclosed = "n/a"
		f, err := os.Open(args[0])
		if err != nil {
			return nil, in, inputerr.Wrap(fmt.Errorf("load edge list: %w", err))
		}
		defer f.Close()
		g, err := netflow.ReadEdgeList(f, args[0])
		if err != nil {
			return nil, in, fmt.Errorf("load edge list %s: %w", args[0], err)
		}
		return g, in, nil
	}
	var deals []dataset.Deal
	var err error
	if len(args) == 0 {
		in.Source = "data/ai_deals.csv (shipped)"
		deals, err = dataset.DefaultDeals()
		if err != nil {
			return nil, in, fmt.Errorf("load shipped deals: %w", err)
		}
	} else {
		in.Source = args[0]
		deals, err = dataset.LoadDeals(args[0])
		if err != nil {
			return nil, in, fmt.Errorf("load deals %s: %w", args[0], err)
		}
	}
	opts := o.netflowOptions()
	g, excluded, err := netflow.FromDeals(deals, opts)
	if err != nil {
		var ie *inputerr.Error
		if errors.As(err, &ie) && ie.File == "" && ie.Line > 0 {
			ie.File = in.Source
		}
		if errors.As(err, &ie) && ie.Field == "id" {
			ie.Field = "--exclude-deals"
		}
		return nil, in, fmt.Errorf("build deal network: %w", err)
	}
	in.Deals = len(deals)
	in.DealsUsed = len(deals) - len(excluded)
	in.Excluded = make([]loopsExclusion, len(excluded))
	for i, e := range excluded {
		in.Excluded[i] = loopsExclusion(e)
	}
	in.Amounts = opts.Amounts.String()
	in.AssumedHorizonYears = opts.AssumedHorizonYears
	in.Undisclosed = opts.Undisclosed.String()
	in.Kinds, in.ExcludeKinds, in.ExcludeDeals = o.kinds, o.excludeKinds, o.excludeDeals
	return g, in, nil
}

func runLoops(ctx context.Context, stdout, stderr io.Writer, args []string, o loopsOptions) error {
	g, in, err := loadLoopsNetwork(args, o)
	if err != nil {
		return err
	}
	rep, err := analyseLoops(ctx, g, in, o)
	if err != nil {
		return err
	}
	for _, s := range rep.Graph.SelfLoops {
		fmt.Fprintf(stderr, "bubblelab loops: warning: self-loop %s -> %s (%s bn, deals %s) counted as a cycle of length 1\n",
			s.Firm, s.Firm, fmtLoopsBn(s.AmountBn), strings.Join(s.Deals, ", "))
	}
	// Render everything before writing anything, so that a failure leaves
	// no partial set of outputs.
	var svg, page []byte
	if o.svgPath != "" || o.outDir != "" {
		roles, err := loadLoopsRoles(o)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		opts := netsvg.Options{Roles: roles, Title: "Circular financing: " + in.Source, Unit: rep.Unit}
		if err := netsvg.Render(&buf, g, rep.decomposition, opts); err != nil {
			return err
		}
		svg = buf.Bytes()
		if o.outDir != "" {
			// The HTML report lists the largest cycles again: cheap on deal
			// networks, left out on synthetic graphs of many edges.
			net := &report.Network{Source: in.Source, Graph: g, Circulation: rep.decomposition, MaxLen: o.maxLen, Roles: roles, Unit: rep.Unit}
			if g.NumEdges() <= 20000 {
				if net, err = report.AnalyseNetwork(ctx, in.Source, g, roles, rep.Unit, o.maxLen); err != nil {
					return err
				}
			}
			var pb bytes.Buffer
			if err := report.WriteLoops(&pb, net); err != nil {
				return err
			}
			page = pb.Bytes()
		}
	}
	var csvBuf bytes.Buffer
	if o.outDir != "" {
		if err := writeCyclesCSV(&csvBuf, rep); err != nil {
			return err
		}
	}
	if o.svgPath != "" {
		if err := atomicfile.WriteFile(o.svgPath, svg, 0o644); err != nil {
			return err
		}
	}
	if o.outDir != "" {
		for _, f := range []struct {
			name string
			data []byte
		}{{"cycles.csv", csvBuf.Bytes()}, {"network.svg", svg}, {"report.html", page}} {
			if err := atomicfile.WriteFile(filepath.Join(o.outDir, f.name), f.data, 0o644); err != nil {
				return err
			}
		}
		// Streamed into its temporary file: the document is never held whole.
		if err := atomicfile.Write(filepath.Join(o.outDir, "loops.json"), 0o644, func(w io.Writer) error {
			return writeLoopsJSON(w, rep)
		}); err != nil {
			return err
		}
	}
	if o.jsonOut {
		return writeLoopsJSON(stdout, rep)
	}
	return writeLoopsText(stdout, rep, o.top)
}

// loadLoopsRoles returns firm roles for the picture: from --firms, or from the
// shipped firm file (whose names match the shipped deals; other names are
// drawn as "other").
func loadLoopsRoles(o loopsOptions) (map[string]string, error) {
	var firms []dataset.Firm
	var err error
	if o.firmsPath != "" {
		firms, err = dataset.LoadFirms(o.firmsPath)
		if err != nil {
			return nil, fmt.Errorf("load firms %s: %w", o.firmsPath, err)
		}
	} else if firms, err = dataset.DefaultFirms(); err != nil {
		return nil, fmt.Errorf("load shipped firms: %w", err)
	}
	roles := make(map[string]string, len(firms))
	for _, f := range firms {
		roles[f.Name] = f.Role
	}
	return roles, nil
}
