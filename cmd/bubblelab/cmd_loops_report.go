package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/bubblelab/bubblelab/dataset"
	"github.com/bubblelab/bubblelab/internal/inputerr"
	"github.com/bubblelab/bubblelab/internal/nfc"
	"github.com/bubblelab/bubblelab/netflow"
	"github.com/bubblelab/bubblelab/results"
)

// loopsSchema names the JSON layout of `bubblelab loops --json`; it changes
// only when a field is renamed or removed (see docs/loops.md).
const loopsSchema = "bubblelab.loops/v1"

// loopsReport is the JSON document of `bubblelab loops`. Field names are
// stable and documented in docs/loops.md.
type loopsReport struct {
	Schema      string            `json:"schema"`
	Input       loopsInput        `json:"input"`
	Unit        string            `json:"unit"`
	Graph       loopsGraph        `json:"graph"`
	Cycles      loopsCycles       `json:"cycles"`
	Circulation *loopsCirculation `json:"circulation,omitempty"`

	decomposition *netflow.Decomposition
}

type loopsInput struct {
	Source              string           `json:"source"`
	Deals               int              `json:"deals"`
	DealsUsed           int              `json:"deals_used"`
	Excluded            []loopsExclusion `json:"excluded"`
	Amounts             string           `json:"amounts"`
	AssumedHorizonYears float64          `json:"assumed_horizon_years"`
	Undisclosed         string           `json:"undisclosed"`
	Kinds               []string         `json:"kinds"`
	ExcludeKinds        []string         `json:"exclude_kinds"`
	ExcludeDeals        []string         `json:"exclude_deals"`
	MaxLen              int              `json:"max_len"`
}

type loopsExclusion struct {
	ID     string `json:"id"`
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

type loopsGraph struct {
	Nodes     int             `json:"nodes"`
	Edges     int             `json:"edges"`
	GrossBn   float64         `json:"gross_bn"`
	SelfLoops []loopsSelfLoop `json:"self_loops"`
}

type loopsSelfLoop struct {
	Firm     string   `json:"firm"`
	AmountBn float64  `json:"amount_bn"`
	Deals    []string `json:"deals"`
}

type loopsCycles struct {
	MaxLen int `json:"max_len"`
	// MinLen, Through and TimeRespecting are the filters of --min-len,
	// --through and --time-respecting; counts and lists obey them.
	MinLen         int      `json:"min_len"`
	Through        []string `json:"through"`
	TimeRespecting bool     `json:"time_respecting"`
	Count          int64    `json:"count"`
	// CountByLength maps a length (as a string, JSON object keys being
	// strings) to the number of cycles of that many edges.
	CountByLength map[string]int64 `json:"count_by_length"`
	Listed        int              `json:"listed"`
	Truncated     bool             `json:"truncated"`
	Items         []loopsCycle     `json:"items"`
}

type loopsCycle struct {
	Rank         int     `json:"rank"`
	Length       int     `json:"length"`
	BottleneckBn float64 `json:"bottleneck_bn"`
	// Firms lists the cycle's firms from its first (minimum) node; money
	// flows from each firm to the next and from the last back to the first.
	Firms []string `json:"firms"`
	// Deals[i] are the deal IDs of the edge Firms[i] → Firms[i+1].
	Deals [][]string `json:"deals"`
}

type loopsCirculation struct {
	GrossBn                 float64 `json:"gross_bn"`
	CircularBn              float64 `json:"circular_bn"`
	DirectionalBn           float64 `json:"directional_bn"`
	CircularityIndex        float64 `json:"circularity_index"`
	MinimalGrossBn          float64 `json:"minimal_gross_bn"`
	ExcessBn                float64 `json:"excess_bn"`
	ConservativeRemovableBn float64 `json:"conservative_removable_bn"`
	// FirmsListed and EdgesListed count the items listed; the lists keep
	// the --max-firms firms with the largest circular inflow and the
	// --max-edges edges with the largest circular flow (in node and edge
	// order), so the document stays bounded on graphs of 1e7 edges. The
	// totals above always cover the whole graph.
	FirmsListed    int         `json:"firms_listed"`
	FirmsTruncated bool        `json:"firms_truncated"`
	Firms          []loopsFirm `json:"firms"`
	EdgesListed    int         `json:"edges_listed"`
	EdgesTruncated bool        `json:"edges_truncated"`
	Edges          []loopsEdge `json:"edges"`
}

type loopsFirm struct {
	Firm             string  `json:"firm"`
	InflowBn         float64 `json:"inflow_bn"`
	OutflowBn        float64 `json:"outflow_bn"`
	NetBn            float64 `json:"net_bn"`
	CircularInflowBn float64 `json:"circular_inflow_bn"`
	CircularShare    float64 `json:"circular_share"`
	// The range of circular inflow over all maximum circulations; absent
	// on graphs above maxRangeNodes nodes.
	CircularInflowMinBn *float64 `json:"circular_inflow_min_bn,omitempty"`
	CircularInflowMaxBn *float64 `json:"circular_inflow_max_bn,omitempty"`
}

// maxRangeNodes bounds the graphs on which per-firm circular inflow ranges
// are computed: each costs two max-flows, so the total grows with nodes ×
// edges.
const maxRangeNodes = 2000

type loopsEdge struct {
	Source        string   `json:"source"`
	Target        string   `json:"target"`
	WeightBn      float64  `json:"weight_bn"`
	HeadlineBn    float64  `json:"headline_bn"`
	CircularBn    float64  `json:"circular_bn"`
	DirectionalBn float64  `json:"directional_bn"`
	Estimated     bool     `json:"estimated"`
	Deals         []string `json:"deals"`
}

// analyseLoops runs the cycle enumeration and the maximum circulation.
func analyseLoops(ctx context.Context, g *netflow.Graph, in loopsInput, o loopsOptions) (*loopsReport, error) {
	rep := &loopsReport{Schema: loopsSchema, Input: in, Unit: "bn"}
	if in.Amounts == netflow.Annualised.String() {
		rep.Unit = "bn/yr"
	}
	if rep.Input.Excluded == nil {
		rep.Input.Excluded = []loopsExclusion{}
	}
	rep.Graph = loopsGraph{Nodes: g.NumNodes(), Edges: g.NumEdges(), GrossBn: g.GrossBn(), SelfLoops: []loopsSelfLoop{}}
	for _, i := range g.SelfLoops() {
		e := g.Edge(i)
		rep.Graph.SelfLoops = append(rep.Graph.SelfLoops, loopsSelfLoop{Firm: g.Name(e.From), AmountBn: e.WeightBn, Deals: e.Deals})
	}
	copts := netflow.CycleOptions{MaxLen: o.maxLen, Workers: o.workers, MinLen: o.minLen, TimeRespecting: o.timeRespecting}
	through := []string{}
	for _, name := range o.through {
		v, err := throughFirm(g, name)
		if err != nil {
			return nil, err
		}
		copts.Through = append(copts.Through, v)
		through = append(through, g.Name(v))
	}
	k := o.maxCycles
	if o.countOnly {
		k = 0
	}
	top, count, err := netflow.TopCycles(ctx, g, copts, k)
	if err != nil {
		return nil, err
	}
	// A cycle through a zero-weight edge carries no money: it is counted
	// (the network has the loop) but not listed as a round trip. Such
	// cycles sort last, so cutting them keeps the ranking.
	if i := slices.IndexFunc(top, func(c netflow.Cycle) bool { return c.BottleneckBn <= 0 }); i >= 0 {
		top = top[:i]
	}
	rep.Cycles = loopsCycles{MaxLen: o.maxLen, MinLen: max(o.minLen, 1), Through: through, TimeRespecting: o.timeRespecting, Count: count.Total, CountByLength: map[string]int64{}, Listed: len(top),
		Truncated: int64(len(top)) < count.Total, Items: []loopsCycle{}}
	for l, c := range count.ByLength {
		if c > 0 {
			rep.Cycles.CountByLength[strconv.Itoa(l)] = c
		}
	}
	for i, c := range top {
		item := loopsCycle{Rank: i + 1, Length: c.Len(), BottleneckBn: c.BottleneckBn}
		for j, v := range c.Nodes {
			item.Firms = append(item.Firms, g.Name(v))
			item.Deals = append(item.Deals, g.Edge(c.Edges[j]).Deals)
		}
		rep.Cycles.Items = append(rep.Cycles.Items, item)
	}
	if o.countOnly {
		return rep, nil
	}
	d, err := netflow.MaxCirculation(ctx, g)
	if err != nil {
		return nil, err
	}
	rep.decomposition = d
	circ := &loopsCirculation{
		GrossBn: d.GrossBn, CircularBn: d.CircularFlowBn, DirectionalBn: d.DirectionalFlowBn,
		CircularityIndex: d.CircularityIndex, MinimalGrossBn: d.MinimalGrossBn, ExcessBn: d.ExcessBn,
		ConservativeRemovableBn: d.ConservativeRemovableBn,
	}
	firms := topIndices(len(d.Firms), o.maxFirms, func(i, j int) int {
		return cmp.Compare(d.Firms[j].CircularInflowBn, d.Firms[i].CircularInflowBn)
	})
	circ.Firms = make([]loopsFirm, 0, len(firms))
	for _, i := range firms {
		f := d.Firms[i]
		lf := loopsFirm{Firm: g.Name(f.Node), InflowBn: f.InflowBn, OutflowBn: f.OutflowBn,
			NetBn: f.NetBn, CircularInflowBn: f.CircularInflowBn, CircularShare: f.CircularShare}
		if g.NumNodes() <= maxRangeNodes {
			r, err := d.CircularInflowRange(ctx, f.Node)
			if err != nil {
				return nil, err
			}
			lf.CircularInflowMinBn, lf.CircularInflowMaxBn = &r.MinBn, &r.MaxBn
		}
		circ.Firms = append(circ.Firms, lf)
	}
	circ.FirmsListed, circ.FirmsTruncated = len(firms), len(firms) < len(d.Firms)
	edges := topIndices(g.NumEdges(), o.maxEdges, func(i, j int) int {
		return cmp.Compare(d.EdgeCircularBn[j], d.EdgeCircularBn[i])
	})
	circ.Edges = make([]loopsEdge, 0, len(edges))
	for _, i := range edges {
		e := g.Edge(i)
		circ.Edges = append(circ.Edges, loopsEdge{Source: g.Name(e.From), Target: g.Name(e.To), WeightBn: e.WeightBn,
			HeadlineBn: e.HeadlineBn, CircularBn: d.EdgeCircularBn[i], DirectionalBn: d.DirectionalBn(g, i),
			Estimated: e.Estimated, Deals: e.Deals})
	}
	circ.EdgesListed, circ.EdgesTruncated = len(edges), len(edges) < g.NumEdges()
	rep.Circulation = circ
	return rep, nil
}

// fmtLoopsBn formats an amount for tables: one decimal, more for small amounts.
func fmtLoopsBn(v float64) string {
	switch {
	case v == 0:
		return "0"
	case v < 0.1 && v > -0.1:
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

func writeLoopsText(w io.Writer, rep *loopsReport, top int) error {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	in := rep.Input
	p("Deal network: %s\n", in.Source)
	if in.Deals > 0 {
		reasons := map[string]int{}
		for _, e := range in.Excluded {
			reasons[e.Reason]++
		}
		var rs []string
		for r, n := range reasons {
			rs = append(rs, fmt.Sprintf("%d %s", n, r))
		}
		slices.Sort(rs)
		p("  %d deals, %d used", in.Deals, in.DealsUsed)
		if len(rs) > 0 {
			p(" (left out: %s)", strings.Join(rs, "; "))
		}
		p("\n  amounts: %s", in.Amounts)
		if in.Amounts == netflow.Annualised.String() {
			if in.AssumedHorizonYears > 0 {
				p(" (USD bn per year; deals without a horizon spread over %g years)", in.AssumedHorizonYears)
			} else {
				p(" (USD bn per year over horizon_years; deals without a horizon at headline amount)")
			}
		}
		p("; undisclosed amounts: %s\n", in.Undisclosed)
	}
	p("  %d firms, %d edges (parallel deals merged), gross flow %s %s\n", rep.Graph.Nodes, rep.Graph.Edges, fmtLoopsBn(rep.Graph.GrossBn), rep.Unit)

	c := rep.Cycles
	var lens []string
	for l := 1; l <= c.MaxLen; l++ {
		if n := c.CountByLength[strconv.Itoa(l)]; n > 0 {
			lens = append(lens, fmt.Sprintf("%d of length %d", n, l))
		}
	}
	var filters []string
	if c.MinLen > 1 {
		filters = append(filters, fmt.Sprintf("at least %d deals", c.MinLen))
	}
	if len(c.Through) > 0 {
		filters = append(filters, "through "+strings.Join(c.Through, " or "))
	}
	if c.TimeRespecting {
		filters = append(filters, "forward in time")
	}
	what := ""
	if len(filters) > 0 {
		what = ", " + strings.Join(filters, ", ")
	}
	p("\nSimple cycles of at most %d deals%s: %d", c.MaxLen, what, c.Count)
	if len(lens) > 0 {
		p(" (%s)", strings.Join(lens, ", "))
	}
	p("\n")
	if len(c.Items) > 0 && top > 0 {
		p("Top cycles by bottleneck (%s):\n", rep.Unit)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  #\tlen\tbottleneck\tcycle\tdeals")
		for _, it := range c.Items[:min(top, len(c.Items))] {
			var deals []string
			for _, d := range it.Deals {
				deals = append(deals, strings.Join(d, "+"))
			}
			fmt.Fprintf(tw, "  %d\t%d\t%s\t%s → %s\t%s\n", it.Rank, it.Length, fmtLoopsBn(it.BottleneckBn),
				strings.Join(it.Firms, " → "), it.Firms[0], strings.Join(deals, " | "))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	circ := rep.Circulation
	if circ == nil {
		return nil
	}
	p("\nMaximum circulation (circular-directional flow decomposition):\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	rows := []struct {
		label string
		value float64
		note  string
	}{
		{"gross flow", circ.GrossBn, rep.Unit},
		{"circular flow", circ.CircularBn, rep.Unit},
		{"directional flow", circ.DirectionalBn, rep.Unit},
		{"minimal gross (net positions only)", circ.MinimalGrossBn, rep.Unit},
		{"excess (gross − minimal)", circ.ExcessBn, rep.Unit},
		{"removable by conservative compression", circ.ConservativeRemovableBn, rep.Unit},
	}
	for _, r := range rows {
		fmt.Fprintf(tw, "  %s\t%s\t %s\t\n", r.label, fmtLoopsBn(r.value), r.note)
	}
	fmt.Fprintf(tw, "  circularity index (circular / gross)\t%.4f\t\t\n", circ.CircularityIndex)
	if err := tw.Flush(); err != nil {
		return err
	}
	firms := slices.Clone(circ.Firms)
	slices.SortStableFunc(firms, func(a, b loopsFirm) int {
		if c := cmp.Compare(b.CircularInflowBn, a.CircularInflowBn); c != 0 {
			return c
		}
		return strings.Compare(a.Firm, b.Firm)
	})
	n := 0
	for _, f := range firms {
		if f.CircularInflowBn > 0 {
			n++
		}
	}
	if n == 0 || top == 0 {
		return nil
	}
	p("\nRound-trippers: firms by circular inflow (%s) in the circulation found; the maximum circulation\n", rep.Unit)
	p("is not unique, and 'possible range' is the firm's circular inflow over all of them:\n")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "  firm\tinflow\tcircular inflow\tshare\tpossible range\tnet position\t")
	for _, f := range firms[:min(top, n)] {
		rng := "-"
		if f.CircularInflowMinBn != nil {
			rng = fmtLoopsBn(*f.CircularInflowMinBn) + " – " + fmtLoopsBn(*f.CircularInflowMaxBn)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%.1f%%\t%s\t%s\t\n", f.Firm, fmtLoopsBn(f.InflowBn), fmtLoopsBn(f.CircularInflowBn), 100*f.CircularShare, rng, fmtLoopsBn(f.NetBn))
	}
	return tw.Flush()
}

// writeCyclesCSV writes the listed cycles: firms joined by " > ", deals of
// each edge joined by "+", edges separated by " > ".
func writeCyclesCSV(w io.Writer, rep *loopsReport) error {
	cw := results.NewCSVWriter(w) // firm and deal names come from input files
	if err := cw.Write([]string{"rank", "length", "bottleneck_bn", "firms", "deals"}); err != nil {
		return err
	}
	for _, it := range rep.Cycles.Items {
		var deals []string
		for _, d := range it.Deals {
			deals = append(deals, strings.Join(d, "+"))
		}
		rec := []string{strconv.Itoa(it.Rank), strconv.Itoa(it.Length), strconv.FormatFloat(it.BottleneckBn, 'g', -1, 64),
			strings.Join(it.Firms, " > "), strings.Join(deals, " > ")}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// throughFirm finds --through's firm in the graph by its name as written
// (letter case aside), naming the nearest names when there is none.
func throughFirm(g *netflow.Graph, name string) (int, error) {
	name = nfc.String(name)
	if v, ok := g.Node(name); ok {
		return v, nil
	}
	best, bestD := []string(nil), 4
	for i, n := range g.Names() {
		if strings.EqualFold(n, name) {
			return i, nil
		}
		switch d := dataset.EditDistance(strings.ToLower(n), strings.ToLower(name)); {
		case d < bestD:
			best, bestD = []string{n}, d
		case d == bestD:
			best = append(best, n)
		}
	}
	hint := ""
	if len(best) > 0 {
		hint = fmt.Sprintf("; did you mean %s?", strings.Join(best, " or "))
	}
	return 0, inputerr.New("", 0, "--through", "no firm %q in the network%s", name, hint)
}
