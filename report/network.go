package report

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/bubblelab/bubblelab/dataset"
	"github.com/bubblelab/bubblelab/netflow"
	"github.com/bubblelab/bubblelab/netflow/netsvg"
)

// Network is a deal network analysed for circular financing: the graph,
// its maximum circulation (package netflow) and its largest cycles. The
// loops command can fill it from what it has computed; AnalyseNetwork
// computes it from a graph.
type Network struct {
	// Source says where the deals came from, for captions.
	Source string
	Graph  *netflow.Graph
	// Circulation is netflow.MaxCirculation of Graph; nil leaves out the
	// circular-flow figures.
	Circulation *netflow.Decomposition
	// Cycles are the largest cycles by bottleneck, Count all cycles of at
	// most MaxLen deals.
	Cycles []netflow.Cycle
	Count  netflow.CycleCount
	MaxLen int
	// Roles maps firm names to their role (model_lab, ...) for the picture.
	Roles map[string]string
	// Excluded lists deals left out of the graph and why.
	Excluded []netflow.Exclusion
	// Unit of the edge amounts: "bn/yr" for annualised amounts, "bn" for
	// headline totals.
	Unit string
}

// NetworkCycles is how many of the largest cycles AnalyseNetwork keeps.
const NetworkCycles = 20

// AnalyseNetwork computes the circulation and the largest cycles of g
// (cycles of at most maxLen deals; 0 means netflow.DefaultMaxLen).
func AnalyseNetwork(ctx context.Context, source string, g *netflow.Graph, roles map[string]string, unit string, maxLen int) (*Network, error) {
	if maxLen == 0 {
		maxLen = netflow.DefaultMaxLen
	}
	top, count, err := netflow.TopCycles(ctx, g, netflow.CycleOptions{MaxLen: maxLen}, NetworkCycles)
	if err != nil {
		return nil, fmt.Errorf("report: cycles of %s: %w", source, err)
	}
	d, err := netflow.MaxCirculation(ctx, g)
	if err != nil {
		return nil, fmt.Errorf("report: circulation of %s: %w", source, err)
	}
	return &Network{Source: source, Graph: g, Circulation: d, Cycles: top, Count: count, MaxLen: maxLen, Roles: roles, Unit: unit}, nil
}

// AnalyseDeals builds the graph of deals with the default options of
// `bubblelab loops` (amounts annualised over their horizon, undisclosed
// amounts left out) and analyses it. firms gives the roles for the
// picture; it may be nil.
func AnalyseDeals(ctx context.Context, source string, deals []dataset.Deal, firms []dataset.Firm) (*Network, error) {
	g, excluded, err := netflow.FromDeals(deals, netflow.Options{})
	if err != nil {
		return nil, fmt.Errorf("report: deal network of %s: %w", source, err)
	}
	roles := make(map[string]string, len(firms))
	for _, f := range firms {
		roles[f.Name] = f.Role
	}
	n, err := AnalyseNetwork(ctx, source, g, roles, "bn/yr", 0)
	if err != nil {
		return nil, err
	}
	n.Excluded = excluded
	return n, nil
}

// ShippedNetwork analyses the shipped deal network (data/ai_deals.csv)
// as `bubblelab loops` does by default.
func ShippedNetwork(ctx context.Context) (*Network, error) {
	deals, err := dataset.DefaultDeals()
	if err != nil {
		return nil, fmt.Errorf("report: shipped deals: %w", err)
	}
	firms, err := dataset.DefaultFirms()
	if err != nil {
		return nil, fmt.Errorf("report: shipped firms: %w", err)
	}
	return AnalyseDeals(ctx, "data/ai_deals.csv (shipped)", deals, firms)
}

func (n *Network) unit() string {
	if n.Unit == "" {
		return "bn"
	}
	return n.Unit
}

// networkSections are the sections that describe a deal network; prefix
// keeps ids unique when the network is part of a larger page.
func networkSections(n *Network, prefix string) ([]section, error) {
	if n == nil || n.Graph == nil {
		return nil, nil
	}
	g := n.Graph
	u := n.unit()
	over := section{ID: prefix + "network", Title: "The deal network and its cycles"}
	over.Intro = []string{fmt.Sprintf("Deals from %s as a network of money: an arrow from one firm to another carries what the first pays, invests in, lends to or commits to the second (amounts in USD %s; parallel deals between the same pair are merged). "+
		"A cycle is a chain of deals along which money can come back to where it started — the article's \"left foot stepping on the right foot\".", n.Source, u)}
	facts := []fact{
		{Label: "Firms and parties", Value: strconv.Itoa(g.NumNodes())},
		{Label: "Links (merged deals)", Value: strconv.Itoa(g.NumEdges())},
		{Label: "Gross flow", Value: usd(g.GrossBn()), Note: u},
		{Label: fmt.Sprintf("Cycles of at most %d deals", n.MaxLen), Value: group(strconv.FormatInt(n.Count.Total, 10))},
	}
	if d := n.Circulation; d != nil {
		facts = append(facts,
			fact{Label: "Circular flow", Value: usd(d.CircularFlowBn), Note: u},
			fact{Label: "Circularity index", Value: pct(d.CircularityIndex), Note: "circular flow / gross flow (Homs-Dones et al. 2025)"},
			fact{Label: "Removable by conservative compression", Value: usd(d.ConservativeRemovableBn), Note: "D'Errico & Roukny 2021"},
		)
	}
	over.Blocks = append(over.Blocks, block{Facts: facts})
	var svg bytes.Buffer
	opts := netsvg.Options{Roles: n.Roles, Title: "Deal network: " + n.Source, Unit: u, SizePx: 900}
	if err := netsvg.Render(&svg, g, n.Circulation, opts); err != nil {
		return nil, fmt.Errorf("report: network picture: %w", err)
	}
	caption := "Firms are grouped by role around the circle; each arrow is the money one firm sends another. " +
		"The darker part of each arrow is its circular share — the part of the flow that goes round in loops (a maximum circulation); the rest is one-way. Hover over a firm or an arrow for its amounts."
	// netsvg gives the picture a title but no role; add one so that
	// screen readers announce it as an image with its caption.
	pic := strings.Replace(svg.String(), "<svg ", `<svg role="img" aria-label="`+template.HTMLEscapeString("Network of deals: "+n.Source)+`" `, 1)
	over.Blocks = append(over.Blocks, block{Figure: &figure{ID: prefix + "network-picture", SVG: template.HTML(pic), Caption: caption}})
	sections := []section{over}

	if len(n.Cycles) > 0 {
		cyc := section{ID: prefix + "cycles", Title: "The largest cycles"}
		cyc.Intro = []string{fmt.Sprintf("The %d cycles with the largest bottleneck — the smallest link on the cycle, which is the most money that can go round it alone — out of %s cycles of at most %d deals. Deal IDs refer to the deal file.",
			len(n.Cycles), group(strconv.FormatInt(n.Count.Total, 10)), n.MaxLen)}
		t := &table{Caption: "Cycles by bottleneck", Head: []string{"rank", "deals", "bottleneck, USD " + u, "firms (money flows left to right and back to the first)", "deal IDs"},
			Numeric: []bool{true, true, true, false, false}}
		for i, c := range n.Cycles {
			names := make([]string, 0, len(c.Nodes)+1)
			var ids []string
			for j, v := range c.Nodes {
				names = append(names, g.Name(v))
				ids = append(ids, strings.Join(g.Edge(c.Edges[j]).Deals, "+"))
			}
			names = append(names, g.Name(c.Nodes[0]))
			t.Rows = append(t.Rows, []cell{numCell(strconv.Itoa(i + 1)), numCell(strconv.Itoa(c.Len())), numCell(bn(c.BottleneckBn)),
				textCell(strings.Join(names, " → ")), textCell(strings.Join(ids, ", "))})
		}
		cyc.Blocks = append(cyc.Blocks, block{Table: t})
		var byLen []string
		for l, k := range n.Count.ByLength {
			if k > 0 {
				byLen = append(byLen, fmt.Sprintf("%s of length %d", group(strconv.FormatInt(k, 10)), l))
			}
		}
		if len(byLen) > 0 {
			cyc.Blocks = append(cyc.Blocks, block{Para: "Cycles by number of deals: " + strings.Join(byLen, "; ") + "."})
		}
		sections = append(sections, cyc)
	}

	if d := n.Circulation; d != nil {
		firms := slices.Clone(d.Firms)
		slices.SortStableFunc(firms, func(a, b netflow.FirmFlow) int {
			if c := cmp.Compare(b.CircularInflowBn, a.CircularInflowBn); c != 0 {
				return c
			}
			return cmp.Compare(g.Name(a.Node), g.Name(b.Node))
		})
		t := &table{Caption: "Firms by circular inflow", Head: []string{"firm", "role", "inflow, USD " + u, "outflow, USD " + u, "net", "circular inflow", "circular share of inflow"},
			Numeric: []bool{false, false, true, true, true, true, true}}
		for _, f := range firms {
			if f.InflowBn == 0 && f.OutflowBn == 0 {
				continue
			}
			role := n.Roles[g.Name(f.Node)]
			if role == "" {
				role = "other"
			}
			t.Rows = append(t.Rows, []cell{textCell(g.Name(f.Node)), textCell(role), numCell(bn(f.InflowBn)), numCell(bn(f.OutflowBn)),
				numCell(bn(f.NetBn)), numCell(bn(f.CircularInflowBn)), numCell(pct(f.CircularShare))})
		}
		sections = append(sections, section{ID: prefix + "circular-firms", Title: "Who receives circular money",
			Intro: []string{"For each firm, the money it receives through the deals and the part of it that is circular in the maximum circulation. " +
				"The split of circular flow across links need not be unique; the total is."},
			Blocks: []block{{Table: t}}})
	}
	if len(n.Excluded) > 0 {
		t := &table{Caption: "Deals left out of the network", Head: []string{"deal", "line", "reason"}, Numeric: []bool{false, true, false}}
		for _, e := range n.Excluded {
			t.Rows = append(t.Rows, []cell{textCell(e.ID), numCell(strconv.Itoa(e.Line)), textCell(e.Reason)})
		}
		sections = append(sections, section{ID: prefix + "excluded-deals", Title: "Deals left out",
			Blocks: []block{{Details: &details{Summary: fmt.Sprintf("%d deals left out of the network", len(n.Excluded)), Blocks: []block{{Table: t}}}}}})
	}
	return sections, nil
}

// LoopsReport is the page of `bubblelab loops`: a deal network, its
// cycles and its circular flow.
type LoopsReport struct {
	Network *Network
	Links   []Link
}

// WriteLoops writes the page of a deal network analysis.
func WriteLoops(w io.Writer, n *Network) error {
	return LoopsReport{Network: n}.Write(w)
}

// Write writes the page.
func (r LoopsReport) Write(w io.Writer) error {
	if r.Network == nil || r.Network.Graph == nil {
		return fmt.Errorf("report: loops page needs a network")
	}
	secs, err := networkSections(r.Network, "")
	if err != nil {
		return err
	}
	p := page{Title: "Circular financing in a deal network", Subtitle: "Deals: " + r.Network.Source, Links: r.Links,
		Sections: secs}
	return render(w, p)
}
