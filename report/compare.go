package report

import (
	"fmt"
	"io"
	"math"
	"time"
	"unicode/utf8"

	"github.com/bubblelab/bubblelab/report/chart"
	"github.com/bubblelab/bubblelab/report/params"
	"github.com/bubblelab/bubblelab/sim"
)

// Comparison is the page of two runs side by side, typically two scenarios
// (baseline against no-export-controls) with the same seed.
type Comparison struct {
	A, B *sim.Result
	// LabelA and LabelB name the runs; empty means "scenario (seed n)".
	LabelA, LabelB string
	Links          []Link
}

// WriteCompare writes the comparison page of runs a and b.
func WriteCompare(w io.Writer, a, b *sim.Result) error {
	return Comparison{A: a, B: b}.Write(w)
}

// maxColumnLabel is the longest run label used as a column heading and
// legend entry.
const maxColumnLabel = 32

// Write writes the page.
func (c Comparison) Write(w io.Writer) error {
	if c.A == nil || c.B == nil || len(c.A.Months) == 0 || len(c.B.Months) == 0 {
		return fmt.Errorf("report: a comparison needs two runs with at least one month each")
	}
	la, lb := c.LabelA, c.LabelB
	if la == "" {
		la = fmt.Sprintf("%s (seed %d)", c.A.Params.Name, c.A.Seed)
	}
	if lb == "" {
		lb = fmt.Sprintf("%s (seed %d)", c.B.Params.Name, c.B.Seed)
	}
	if la == lb {
		la, lb = "A: "+la, "B: "+lb
	}
	// Long labels, such as the web app's run labels, would squeeze the
	// tables' columns and crowd the legends: there the runs are then called
	// first and second, and the subtitle names them in full.
	sa, sb := la, lb
	if utf8.RuneCountInString(la) > maxColumnLabel || utf8.RuneCountInString(lb) > maxColumnLabel {
		sa, sb = "first run", "second run"
	}
	cmpData := alignRuns(c.A, c.B)
	var secs []section
	for _, f := range []func() (section, error){
		func() (section, error) { return compareSummary(c.A, c.B, sa, sb) },
		func() (section, error) { return compareCharts(cmpData, sa, sb) },
		func() (section, error) { return compareParams(c.A.Params, c.B.Params, sa, sb), nil },
	} {
		s, err := f()
		if err != nil {
			return err
		}
		if s.ID != "" {
			secs = append(secs, s)
		}
	}
	p := page{Title: "Comparison: " + la + " against " + lb, Links: c.Links, Sections: secs,
		Subtitle: "Left or first: " + la + ". Right or second: " + lb + ". Differences are second minus first."}
	if isPlaceholder(c.A.PriceRule) || isPlaceholder(c.B.PriceRule) {
		p.Notice = "Equity prices follow the placeholder rule in at least one run; market values and what depends on them are provisional."
	}
	return render(w, p)
}

// aligned holds the months two runs share.
type aligned struct {
	a, b []sim.MonthRecord
	t    []time.Time
}

func alignRuns(a, b *sim.Result) aligned {
	idx := make(map[string]int, len(b.Months))
	for i, m := range b.Months {
		idx[m.Month] = i
	}
	var out aligned
	for _, m := range a.Months {
		j, ok := idx[m.Month]
		if !ok {
			continue
		}
		t, ok := monthTime(m.Month)
		if !ok {
			continue
		}
		out.a = append(out.a, m)
		out.b = append(out.b, b.Months[j])
		out.t = append(out.t, t)
	}
	return out
}

func compareSummary(a, b *sim.Result, la, lb string) (section, error) {
	sa, sb := sim.Summarize(a), sim.Summarize(b)
	ma, mb := sim.Metrics(a), sim.Metrics(b)
	t := &table{Caption: "Key figures", Head: []string{"figure", la, lb, "difference"}, Numeric: []bool{false, true, true, true}}
	money := func(label string, x, y float64) {
		t.Rows = append(t.Rows, []cell{textCell(label + ", USD bn"), numCell(bn(x)), numCell(bn(y)), diffCell(bn(y-x), y-x)})
	}
	share := func(label string, x, y float64) {
		t.Rows = append(t.Rows, []cell{textCell(label), numCell(pct(x)), numCell(pct(y)), diffCell(pctPoints(y-x), y-x)})
	}
	text := func(label, x, y string) {
		d := "same"
		if x != y {
			d = "differs"
		}
		t.Rows = append(t.Rows, []cell{textCell(label), textCell(x), textCell(y), textCell(d)})
	}
	text("months", sa.Start+" to "+sa.End, sb.Start+" to "+sb.End)
	money("AI revenue", sa.Provenance.Whole.RevenueBn, sb.Provenance.Whole.RevenueBn)
	share("share paid by final demand", sa.Provenance.Whole.FinalDemand, sb.Provenance.Whole.FinalDemand)
	share("share paid with AI firms' own investments", sa.Provenance.Whole.AIFirmsInvestments, sb.Provenance.Whole.AIFirmsInvestments)
	money("AI capex", sa.ShovelGap.CapexBn, sb.ShovelGap.CapexBn)
	money("AI final demand", sa.ShovelGap.FinalDemandBn, sb.ShovelGap.FinalDemandBn)
	money("shovel gap (capex − final demand)", sa.ShovelGap.GapBn, sb.ShovelGap.GapBn)
	money("stranded compute at its peak", sa.Stranded.PeakBn, sb.Stranded.PeakBn)
	money("stranded compute at the end", sa.Stranded.EndBn, sb.Stranded.EndBn)
	money("missed payments", sa.Defaults.AmountBn, sb.Defaults.AmountBn)
	t.Rows = append(t.Rows, []cell{textCell("firms in distress"), numCell(fmt.Sprint(len(sa.Defaults.Distressed))), numCell(fmt.Sprint(len(sb.Defaults.Distressed))),
		diffCell(fmt.Sprintf("%+d", len(sb.Defaults.Distressed)-len(sa.Defaults.Distressed)), float64(len(sb.Defaults.Distressed)-len(sa.Defaults.Distressed)))})
	money("peak listed AI value", ma.PeakAIValueBn, mb.PeakAIValueBn)
	share("largest fall of listed AI value", ma.MaxDrawdown, mb.MaxDrawdown)
	text("burst month", orNone(ma.BurstMonth), orNone(mb.BurstMonth))
	share("deepest GDP gap to potential", ma.MinGDPGap, mb.MinGDPGap)
	share("GDP gap at the end", ma.GDPEndGap, mb.GDPEndGap)
	money("consumption", ma.ConsumptionBn, mb.ConsumptionBn)
	return section{ID: "summary", Title: "Key figures side by side", Blocks: []block{{Table: t}}}, nil
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// diffCell marks a difference as up or down in words-free cells: the sign
// is written, so the colour only repeats it.
func diffCell(s string, x float64) cell {
	switch {
	case x > 0:
		return cell{Text: "+" + s, Mark: "up"}
	case x < 0:
		return cell{Text: s, Mark: "down"}
	}
	return cell{Text: s}
}

func pctPoints(x float64) string {
	s := pct(x)
	if len(s) > 1 {
		s = s[:len(s)-1] + " pp"
	}
	return s
}

// compareSeries is one monthly quantity compared in charts.
type compareSeries struct {
	id, title, label string
	unit             chart.Unit
	value            func(m sim.MonthRecord) float64
	caption          string
}

func compareSeriesList() []compareSeries {
	gap := func(m sim.MonthRecord) float64 {
		if m.PotentialGDP <= 0 {
			return math.NaN()
		}
		return m.GDP/m.PotentialGDP - 1
	}
	return []compareSeries{
		{"revenue", "AI revenue", "USD bn per month", bnUnit, func(m sim.MonthRecord) float64 { return m.AIRevenue }, "All sales of AI firms, including sales to each other."},
		{"final-demand", "AI final demand", "USD bn per month", bnUnit, func(m sim.MonthRecord) float64 { return m.FinalDemand }, "What consumers, industry and buyers abroad pay for AI."},
		{"foreign", "Foreign demand for US AI", "USD bn per month", bnUnit, func(m sim.MonthRecord) float64 { return m.FinalDemandForeign }, "The part of final demand from abroad, which export controls gate."},
		{"capex", "AI capex", "USD bn per month", bnUnit, func(m sim.MonthRecord) float64 { return m.AICapex }, "US AI firms' spending on compute."},
		{"circular", "Revenue from AI firms' own investments", "USD bn per month", bnUnit, func(m sim.MonthRecord) float64 { return m.RevenueAIInvestments }, "Money AI firms invested in each other coming back as revenue."},
		{"market", "Listed AI market value", "USD bn", bnUnit, func(m sim.MonthRecord) float64 { return m.AIMarketValue }, "The AI index in dollars."},
		{"stranded", "Stranded compute", "USD bn", bnUnit, func(m sim.MonthRecord) float64 { return m.ComputeStranded }, "Compute book value that demand does not use."},
		{"competitor", "Competitor share in China", "share", shareUnit, func(m sim.MonthRecord) float64 { return m.CompetitorShareChina }, "Share of China's AI market won by Chinese rivals."},
		{"consumption", "Household consumption", "USD bn per month", bnUnit, func(m sim.MonthRecord) float64 { return m.Consumption }, "Total household consumption."},
		{"gdp-gap", "GDP gap to potential", "gap", shareUnit, gap, "GDP relative to potential output."},
	}
}

func compareCharts(al aligned, la, lb string) (section, error) {
	sec := section{ID: "charts", Title: "Side by side, with differences"}
	if len(al.t) == 0 {
		sec.Blocks = []block{{Note: "The two runs have no month in common, so their paths cannot be compared month by month."}}
		return sec, nil
	}
	sec.Intro = []string{fmt.Sprintf("Each row shows a quantity in both runs (left) and the difference, second minus first, month by month (right), over the %d months the runs share.", len(al.t))}
	for _, cs := range compareSeriesList() {
		ya, yb, diff := make([]float64, len(al.t)), make([]float64, len(al.t)), make([]float64, len(al.t))
		for i := range al.t {
			ya[i], yb[i] = cs.value(al.a[i]), cs.value(al.b[i])
			diff[i] = yb[i] - ya[i]
		}
		levels := chart.Line{ID: "cmp-" + cs.id + "-levels", Title: cs.title, YLabel: cs.label, YUnit: cs.unit, Width: 520, Height: 300}
		levels.Add(chart.Series{Name: la, T: al.t, Y: ya}, chart.Series{Name: lb, T: al.t, Y: yb})
		delta := chart.Line{ID: "cmp-" + cs.id + "-diff", Title: cs.title + ": difference", YLabel: "second − first", YUnit: cs.unit, Width: 520, Height: 300, YZero: true}
		delta.Add(chart.Series{Name: lb + " − " + la, T: al.t, Y: diff})
		grid := chart.Grid{ID: "cmp-" + cs.id, Title: cs.title, Columns: 2, Charts: []chart.Renderer{levels, delta}}
		fig, err := chartFigure("fig-cmp-"+cs.id, grid, cs.caption+" Left: both runs; right: "+lb+" minus "+la+" (above zero: higher in "+lb+").")
		if err != nil {
			return section{}, err
		}
		sec.Blocks = append(sec.Blocks, fig)
	}
	return sec, nil
}

func compareParams(a, b sim.Params, la, lb string) section {
	fa, fb := params.Fields(a), params.Fields(b)
	vb := make(map[string]string, len(fb))
	for _, f := range fb {
		vb[f.Path] = f.Value
	}
	va := make(map[string]bool, len(fa))
	t := &table{Caption: "Parameters that differ", Head: []string{"parameter", la, lb}, Numeric: []bool{false, true, true}}
	for _, f := range fa {
		va[f.Path] = true
		v, ok := vb[f.Path]
		if !ok {
			v = "(absent)"
		}
		if v != f.Value && f.Path != "name" && f.Path != "description" {
			t.Rows = append(t.Rows, []cell{textCell(f.Path), numCell(f.Value), numCell(v)})
		}
	}
	for _, f := range fb {
		if !va[f.Path] {
			t.Rows = append(t.Rows, []cell{textCell(f.Path), numCell("(absent)"), numCell(f.Value)})
		}
	}
	sec := section{ID: "parameters", Title: "Parameters that differ"}
	if len(t.Rows) == 0 {
		sec.Blocks = []block{{Para: "The two runs use the same parameters; only the seed or the input data can differ."}}
	} else {
		sec.Blocks = []block{{Table: t}}
	}
	return sec
}
