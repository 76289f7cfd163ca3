package report

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/bubblelab/bubblelab/contagion"
	"github.com/bubblelab/bubblelab/contagion/dealnet"
	"github.com/bubblelab/bubblelab/report/chart"
)

// StressReport is the page of a default cascade on a deal network: the
// shocks, what each contagion model makes of them, losses by firm, and the
// network itself.
type StressReport struct {
	Source  string
	Shocks  []string // the shocks in words ("OpenAI fails")
	Model   *dealnet.Model
	Results []*contagion.Result
	// Network, when not nil, adds the loops analysis of the same deals.
	Network *Network
	Links   []Link
}

var methodNames = map[string]string{
	contagion.MethodEisenbergNoe:   "Eisenberg–Noe clearing",
	contagion.MethodRogersVeraart:  "Rogers–Veraart clearing with default costs",
	contagion.MethodFurfine:        "Furfine sequential defaults",
	contagion.MethodDebtRank:       "DebtRank",
	contagion.MethodLinearDebtRank: "linear DebtRank",
}

// WriteStress writes the page of a stress test.
func WriteStress(w io.Writer, r *StressReport) error {
	if r == nil || r.Model == nil || r.Model.Network == nil {
		return fmt.Errorf("report: a stress report needs the network model")
	}
	net := r.Model.Network
	sum := &table{Caption: "Cascade by model", Head: []string{"model", "firms defaulting", "rounds", "equity lost, USD bn", "defaulting firms in order"},
		Numeric: []bool{false, true, true, true, false}}
	for _, res := range r.Results {
		var names []string
		for _, i := range res.Defaulters() {
			names = append(names, net.Name(i))
		}
		list := strings.Join(names, ", ")
		if list == "" {
			list = "none"
		}
		sum.Rows = append(sum.Rows, []cell{textCell(methodName(res.Method)), numCell(strconv.Itoa(len(names))), numCell(strconv.Itoa(len(res.Rounds))),
			numCell(bn(res.SystemLoss)), textCell(list)})
	}
	shock := "No shock."
	if len(r.Shocks) > 0 {
		shock = "Shock: " + strings.Join(r.Shocks, "; ") + "."
	}
	secs := []section{{ID: "cascade", Title: "The default cascade",
		Intro:  []string{shock + " Obligations are one year of each contract (amount over its horizon, 5 years when none is reported); every firm starts with a capital buffer of 10% of its valuation, as `bubblelab stress` does by default (docs/stress.md)."},
		Blocks: []block{{Table: sum}}}}

	// Losses by firm: the firms with the largest loss under any model.
	n := net.Len()
	worst := make([]float64, n)
	for _, res := range r.Results {
		for i := 0; i < n && i < len(res.Loss); i++ {
			worst[i] = max(worst[i], res.Loss[i])
		}
	}
	idx := make([]int, 0, n)
	for i := range n {
		if worst[i] > 0 {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		if c := cmp.Compare(worst[b], worst[a]); c != 0 {
			return c
		}
		return cmp.Compare(net.Name(a), net.Name(b))
	})
	idx = idx[:min(len(idx), 15)]
	if len(idx) > 0 && len(r.Results) > 0 {
		c := chart.Bar{ID: "chart-stress-losses", Title: "Equity lost by firm", Horizontal: true, ValueLabel: "USD bn", ValueUnit: bnUnit}
		for _, i := range idx {
			c.Categories = append(c.Categories, net.Name(i))
		}
		t := &table{Caption: "Equity lost by firm, USD bn", Head: []string{"firm"}, Numeric: []bool{false}}
		for _, res := range r.Results {
			vals := make([]float64, len(idx))
			for k, i := range idx {
				vals[k] = res.Loss[i]
			}
			c.Add(chart.BarSeries{Name: methodName(res.Method), Values: vals})
			t.Head = append(t.Head, methodName(res.Method))
			t.Numeric = append(t.Numeric, true)
		}
		for _, i := range idx {
			row := []cell{textCell(net.Name(i))}
			for _, res := range r.Results {
				row = append(row, numCell(bn(res.Loss[i])))
			}
			t.Rows = append(t.Rows, row)
		}
		fig, err := chartFigure("fig-stress-losses", c, "The equity each firm loses in the cascade under each model, for the firms that lose most (the shock itself included).")
		if err != nil {
			return err
		}
		secs = append(secs, section{ID: "losses", Title: "Losses by firm", Blocks: []block{fig, {Table: t}}})
	}
	if r.Network != nil {
		ns, err := networkSections(r.Network, "")
		if err != nil {
			return err
		}
		secs = append(secs, ns...)
	}
	return render(w, page{Title: "Stress test: default cascade on a deal network", Subtitle: "Deals: " + r.Source, Links: r.Links, Sections: secs})
}

func methodName(m string) string {
	if n, ok := methodNames[m]; ok {
		return n
	}
	return m
}
