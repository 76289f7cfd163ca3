package report

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bubblelab/bubblelab/netflow"
	"github.com/bubblelab/bubblelab/report/chart"
	"github.com/bubblelab/bubblelab/report/numfmt"
	"github.com/bubblelab/bubblelab/report/params"
	"github.com/bubblelab/bubblelab/sim"
)

// RunReport is the page of one simulation run.
type RunReport struct {
	Result  *sim.Result
	Summary sim.Summary
	// Calibration, when not nil, adds the comparison with the observed
	// 2023-2025 figures (sim.Calibration).
	Calibration []sim.CalibrationItem
	// Network is the deal network the run executed, drawn with its
	// cycles. WriteRun uses the shipped deals (ShippedNetwork); a run with
	// its own deal file should pass AnalyseDeals of that file. Nil leaves
	// the section out.
	Network *Network
	// Counterfactual is the no-burst twin of the run (NoBurstTwin), drawn
	// against the run's GDP and consumption; nil leaves the chart out (the
	// losses of Summary.Comparisons are still tabled).
	Counterfactual *sim.Result
	// Title overrides the page title.
	Title string
	// Links are drawn at the top of the page (the web app's navigation).
	Links []Link
	// Lang is the language of the page; empty is English.
	Lang Lang
}

// WriteRun writes the HTML report of a run: res and its summary
// (sim.Summarize(res)), with the shipped deal network when the run
// executed the deals (mechanisms.circular_deals).
func WriteRun(w io.Writer, res *sim.Result, summary sim.Summary) error {
	r := RunReport{Result: res, Summary: summary}
	if res != nil && res.Params.Mechanisms.CircularDeals {
		n, err := ShippedNetwork(context.Background())
		if err != nil {
			return err
		}
		r.Network = n
	}
	return r.Write(w)
}

// Write writes the page.
func (r RunReport) Write(w io.Writer) error {
	if r.Result == nil || len(r.Result.Months) == 0 {
		return fmt.Errorf("report: a run report needs a run with at least one month")
	}
	d, err := newRunData(r.Result)
	if err != nil {
		return err
	}
	d.summary = r.Summary
	d.l = tr{lang: r.Lang}
	d.metrics = sim.Metrics(r.Result, r.Summary.Comparisons...)
	d.calibration = r.Calibration
	d.network = r.Network
	d.twin = r.Counterfactual
	var secs []section
	for _, f := range d.sections() {
		s, err := f()
		if err != nil {
			return err
		}
		secs = append(secs, s...)
	}
	title := r.Title
	if title == "" {
		title = "bubblelab run: " + r.Result.Params.Name
	}
	p := page{Lang: r.Lang, Title: title, Links: r.Links, Sections: secs, Headline: d.runHeadline(), KeyFacts: d.runKeyFacts(),
		Subtitle: fmt.Sprintf("Scenario %s, seed %d, %s to %s (%d months). %s", r.Result.Params.Name, r.Result.Seed,
			r.Summary.Start, r.Summary.End, len(r.Result.Months), r.Result.Params.Description),
		Footer: fmt.Sprintf("Scenario %s, seed %d.", r.Result.Params.Name, r.Result.Seed)}
	switch {
	case isPlaceholder(r.Result.PriceRule):
		p.Notice = "Equity prices in this run follow a placeholder rule (" + r.Result.PriceRule + "). Market values, the AI share of index gains and everything that depends on them through household wealth are provisional."
	case isSteady(r.Result.PriceRule):
		p.Notice = "This run is a no-burst counterfactual: " + r.Result.PriceRule + "."
	}
	return render(w, p)
}

// isPlaceholder reports whether a run's price rule is the placeholder.
func isPlaceholder(rule string) bool { return strings.HasPrefix(rule, "PLACEHOLDER") }

// runData is a run prepared for drawing.
type runData struct {
	l           tr
	res         *sim.Result
	summary     sim.Summary
	metrics     sim.RunMetrics
	calibration []sim.CalibrationItem
	network     *Network
	twin        *sim.Result // no-burst counterfactual, or nil
	t           []time.Time // first day of each month
	prefix      string      // id prefix, for several runs on one page
}

func newRunData(res *sim.Result) (*runData, error) {
	d := &runData{res: res}
	d.t = make([]time.Time, len(res.Months))
	for i, m := range res.Months {
		mm, err := sim.ParseMonth(m.Month)
		if err != nil {
			return nil, fmt.Errorf("report: month %d of the run: %w", i, err)
		}
		d.t[i] = mm.Time()
	}
	return d, nil
}

// series extracts one monthly series.
func (d *runData) series(f func(m sim.MonthRecord) float64) []float64 {
	out := make([]float64, len(d.res.Months))
	for i, m := range d.res.Months {
		out[i] = f(m)
	}
	return out
}

// monthTime returns the date of a YYYY-MM month, or false.
func monthTime(s string) (time.Time, bool) {
	m, err := sim.ParseMonth(s)
	if err != nil {
		return time.Time{}, false
	}
	return m.Time(), true
}

// sections lists the page's sections in order. Each function returns
// zero or more sections; add a section by adding a function here.
//
// Sections whose data a run lacks (markets off: no daily prices, cohorts
// or counterfactual) return nothing.
func (d *runData) sections() []func() ([]section, error) {
	return []func() ([]section, error){
		d.summarySection,
		d.provenanceSection,
		d.shovelSection,
		d.marketSection,
		d.cohortSection,
		d.householdSection,
		d.gdpSection,
		d.counterfactualSection,
		d.computeSection,
		d.controlsSection,
		d.roundTripSection,
		d.defaultsSection,
		d.dealNetworkSections,
		d.paymentsSection,
		d.estimatedSection,
		d.calibrationSection,
		d.eventsSection,
		d.paramsSection,
	}
}

func one(s section, err error) ([]section, error) {
	if err != nil {
		return nil, err
	}
	return []section{s}, nil
}

func (d *runData) id(s string) string { return d.prefix + s }

var (
	bnUnit    = chart.Unit{Prefix: "$", Suffix: "bn", Thousand: "tn"}
	shareUnit = chart.Unit{Suffix: "%", Scale: 100}
)

func (d *runData) summarySection() ([]section, error) {
	l, s, m := d.l, d.summary, d.metrics
	w := s.Provenance.Whole
	// The headline's key figures are not repeated here.
	facts := []fact{
		{Label: l.T("AI revenue over the run"), Value: usd(w.RevenueBn), Note: l.T("all sales of AI firms, including sales to each other")},
		{Label: l.T("…paid with AI firms' own investments"), Value: pct(w.AIFirmsInvestments), Note: l.T("money one AI firm invested in another, coming back as revenue")},
		{Label: l.T("…the same firm's own money back"), Value: pct(w.OwnRoundTrip)},
		{Label: l.T("Widest monthly shovel gap"), Value: usd(s.ShovelGap.PeakMonthlyGapBn), Note: s.ShovelGap.PeakMonth},
		{Label: l.T("Stranded compute at the end"), Value: usd(s.Stranded.EndBn), Note: l.F("obsolescence %s, idle %s; book %s, economic %s", usd(s.Stranded.EndObsolescenceBn), usd(s.Stranded.EndIdleBn), usd(s.Stranded.EndBookBn), usd(s.Stranded.EndEconBn))},
		{Label: l.T("Final demand's share of AI revenue"), Value: pct(w.FinalDemandNet), Note: l.F("net, each dollar once; %s gross, counted at each AI firm it passes", pct(w.FinalDemand))},
	}
	if sq := s.Sequoia2025; sq.RevenueNeededBn > 0 {
		facts = append(facts, fact{Label: l.T("Sequoia's question, 2025"), Value: l.F("%s needed", usd(sq.RevenueNeededBn)), Note: l.F("final demand %s a year", usd(sq.FinalDemandBn))})
	}
	facts = append(facts,
		fact{Label: l.T("Missed payments"), Value: plural(l, int64(s.Defaults.Count), "payment", "payments"), Note: l.F("%s in all", usd(s.Defaults.AmountBn))},
		fact{Label: l.T("Firms in distress"), Value: strconv.Itoa(len(s.Defaults.Distressed))},
		fact{Label: l.T("Deepest GDP gap to potential"), Value: pct(m.MinGDPGap), Note: m.MinGDPGapMonth},
	)
	if ms := s.Markets; ms.PeakAIValueBn > 0 && ms.FundamentalAtPeak > 0 {
		facts = append(facts, fact{Label: l.T("Listed AI value at its peak"), Value: usd(ms.PeakAIValueBn), Note: l.F("%s; %s its fundamental value", ms.PeakDate, numfmt.Ratio(ms.PeakAIValueBn/ms.FundamentalAtPeak))})
	}
	if s.Markets.PutCostBn > 0 {
		facts = append(facts, fact{Label: l.T("Government put"), Value: l.F("%s spent", usd(s.Markets.PutCostBn)), Note: l.F("holdings worth %s at the end", usd(s.Markets.PutValueBn))})
	}
	inv := s.Invariants
	worst := math.Max(math.Max(inv.MoneyError, inv.ProvenanceError), math.Max(math.Max(inv.FlowMatrixError, inv.BalanceSheetError), inv.GDPIdentityError))
	facts = append(facts, fact{Label: l.T("Largest accounting error"), Value: sci(worst), Note: l.T("relative; money, provenance, flow matrix, balance sheets, GDP identity")})
	return one(section{ID: d.id("summary"), Title: l.T("The run in numbers"),
		Intro:  []string{l.T("More figures of the run. Amounts are in US dollars over the whole run unless a month is named. Each chart below has a caption saying what it shows; the tables give the exact figures and can be downloaded.")},
		Blocks: []block{{Facts: facts}}}, nil)
}

func (d *runData) provenanceSection() ([]section, error) {
	c := chart.Area{ID: d.id("chart-provenance"), Title: "Where AI revenue comes from", YLabel: "USD bn per month", YUnit: bnUnit, Height: 380}
	ms := d.res.Months
	add := func(name string, f func(m sim.MonthRecord) float64) {
		c.Add(chart.Series{Name: name, T: d.t, Y: d.series(f)})
	}
	add("final demand", func(m sim.MonthRecord) float64 { return m.RevenueFinalDemand })
	add("incumbents' non-AI profits", func(m sim.MonthRecord) float64 { return m.RevenueNonAIIncome })
	add("outside equity", func(m sim.MonthRecord) float64 { return m.RevenueOutsideEquity })
	add("debt", func(m sim.MonthRecord) float64 { return m.RevenueDebt })
	add("government and opening cash", func(m sim.MonthRecord) float64 { return m.RevenueGovernment + m.RevenueOpening })
	add("other AI firms' investments", func(m sim.MonthRecord) float64 { return m.RevenueAIInvestments - m.RevenueOwnRoundTrip })
	add("the firm's own money back", func(m sim.MonthRecord) float64 { return m.RevenueOwnRoundTrip })
	_ = ms
	fig, err := chartFigure(d.id("fig-provenance"), c,
		"AI firms' monthly revenue, stacked by where the money originally came from (traced through every payment). The bottom layer is final demand — consumers, industry and buyers abroad paying for AI; the top two layers are money AI firms invested in each other coming back as revenue, the circular part of the boom.")
	if err != nil {
		return nil, err
	}
	o, a := d.summary.Provenance.Observed, d.summary.Provenance.Whole
	t := &table{Caption: "Shares of AI revenue by origin of the money", Head: []string{"origin", "2023–2025", "whole run"}, Numeric: []bool{false, true, true}}
	t.Rows = append(t.Rows, []cell{textCell("AI revenue, USD bn"), numCell(bn(o.RevenueBn)), numCell(bn(a.RevenueBn))})
	for _, l := range sim.ProvenanceLines(o, a) {
		t.Rows = append(t.Rows, []cell{textCell(l.Label), numCell(pct(l.Observed)), numCell(pct(l.Whole))})
	}
	return one(section{ID: d.id("provenance"), Title: "Who pays for AI: revenue by provenance",
		Intro:  []string{"Every dollar an AI firm receives carries the origin it had when it entered the AI sector. This splits revenue into real demand for AI and money that investors, lenders and the AI firms themselves put in."},
		Blocks: []block{fig, {Table: t}}}, nil)
}

func (d *runData) shovelSection() ([]section, error) {
	c := chart.Line{ID: d.id("chart-shovel"), Title: "The shovel gap: AI capex against final demand", YLabel: "USD bn per month", YUnit: bnUnit,
		Y2Label: "capex / final demand", Y2Unit: chart.Unit{Suffix: "×"}, YZero: true}
	capex := d.series(func(m sim.MonthRecord) float64 { return m.AICapex })
	fd := d.series(func(m sim.MonthRecord) float64 { return m.FinalDemand })
	ratio := make([]float64, len(capex))
	for i := range capex {
		ratio[i] = math.NaN()
		if fd[i] > 0 {
			ratio[i] = capex[i] / fd[i]
		}
	}
	c.Add(chart.Series{Name: "AI capex", T: d.t, Y: capex},
		chart.Series{Name: "AI final demand", T: d.t, Y: fd},
		chart.Series{Name: "big-4 hyperscaler capex", T: d.t, Y: d.series(func(m sim.MonthRecord) float64 { return m.Big4Capex })},
		chart.Series{Name: "capex / final demand (right axis)", T: d.t, Y: ratio, Right: true})
	if t, ok := monthTime(d.summary.ShovelGap.PeakMonth); ok {
		c.Events = append(c.Events, chart.Event{Label: "widest gap", T: t})
	}
	fig, err := chartFigure(d.id("fig-shovel"), c,
		"\"Everyone sells shovels, nobody mines\": what US AI firms spend on compute each month (capex) against what consumers, industry and buyers abroad pay for AI services (final demand). Where capex runs above demand, the build-out is paid for by investors and lenders, not customers. The dotted line on the right axis is the ratio.")
	if err != nil {
		return nil, err
	}
	blocks := []block{fig}

	src := chart.Area{ID: d.id("chart-demand"), Title: "Who buys AI: final demand by buyer", YLabel: "USD bn per month", YUnit: bnUnit}
	src.Add(chart.Series{Name: "consumers", T: d.t, Y: d.series(func(m sim.MonthRecord) float64 { return m.FinalDemandConsumer })},
		chart.Series{Name: "domestic industry", T: d.t, Y: d.series(func(m sim.MonthRecord) float64 { return m.FinalDemandEnterprise })},
		chart.Series{Name: "buyers abroad", T: d.t, Y: d.series(func(m sim.MonthRecord) float64 { return m.FinalDemandForeign })})
	fig2, err := chartFigure(d.id("fig-demand"), src,
		"Final demand for AI split by buyer: household subscriptions (bounded by income, M3), domestic industry (scaled by the industrial base, M2) and foreign buyers (gated by export controls, M4).")
	if err != nil {
		return nil, err
	}
	blocks = append(blocks, fig2)

	sq := chart.Line{ID: d.id("chart-sequoia"), Title: "Sequoia's question on simulated data", YLabel: "USD bn per year", YUnit: bnUnit, YZero: true}
	sq.Add(chart.Series{Name: "revenue the chips bought imply", T: d.t, Y: d.series(func(m sim.MonthRecord) float64 { return m.SequoiaRevenueNeeded })},
		chart.Series{Name: "final demand (annual rate)", T: d.t, Y: d.series(func(m sim.MonthRecord) float64 { return 12 * m.FinalDemand })})
	fig3, err := chartFigure(d.id("fig-sequoia"), sq,
		"Cahn's \"$600B question\" (Sequoia, 2024) computed on the run: Nvidia's AI revenue at an annual rate, times 2 for the rest of data-centre cost, times 2 for the users' margin, against what final buyers actually pay a year.")
	if err != nil {
		return nil, err
	}
	blocks = append(blocks, fig3)
	return one(section{ID: d.id("shovel-gap"), Title: "Capex against final demand (the shovel gap)", Blocks: blocks}, nil)
}

// dayTime reads a trading day (YYYY-MM-DD) or a month (YYYY-MM).
func dayTime(s string) (time.Time, bool) {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, true
	}
	return monthTime(s)
}

// burstSpans shades each burst from its peak to its trough.
func (d *runData) burstSpans() []chart.Span {
	var spans []chart.Span
	for i, b := range d.res.Bursts {
		from, ok1 := dayTime(b.PeakDate)
		to, ok2 := dayTime(b.TroughDate)
		if !ok1 || !ok2 {
			continue
		}
		spans = append(spans, chart.Span{Label: fmt.Sprintf("burst %d: %s from peak to trough", i+1, pct(-b.Drawdown)), Start: from, End: to})
	}
	return spans
}

func (d *runData) priceCaveat() string {
	switch {
	case isPlaceholder(d.res.PriceRule):
		return " Prices here follow the placeholder rule, not a market model."
	case isSteady(d.res.PriceRule):
		return " This is a no-burst counterfactual: AI prices are held on a steady path."
	}
	return ""
}

func (d *runData) marketSection() ([]section, error) {
	var blocks []block
	spans := d.burstSpans()
	if days := d.res.Days; len(days) > 0 {
		ts := make([]time.Time, 0, len(days))
		var value, fund, ai, nonAI, senti []float64
		for _, day := range days {
			t, ok := dayTime(day.Date)
			if !ok {
				return nil, fmt.Errorf("report: trading day %q is not a date", day.Date)
			}
			ts = append(ts, t)
			value, fund = append(value, day.AIMarketValue), append(fund, day.AIFundamental)
			ai, nonAI, senti = append(ai, day.AIIndex), append(nonAI, day.NonAIIndex), append(senti, day.Sentiment)
		}
		v := chart.Line{ID: d.id("chart-valuation"), Title: "Valuations against fundamentals", YLabel: "USD bn", YUnit: bnUnit, YZero: true, Spans: spans}
		v.Add(chart.Series{Name: "listed AI market value", T: ts, Y: value}, chart.Series{Name: "fundamental value", T: ts, Y: fund})
		fig, err := chartFigure(d.id("fig-valuation"), v,
			"What the listed US AI firms are worth on the market each trading day, against their fundamental value (discounted cash flows from revenue, profit and the compute they own). The gap is the bubble; shaded periods run from each peak to its trough."+d.priceCaveat())
		if err != nil {
			return nil, err
		}
		ix := chart.Line{ID: d.id("chart-index"), Title: "The AI index and market sentiment", YLabel: "index", Y2Label: "sentiment", Spans: spans}
		ix.Add(chart.Series{Name: "AI index", T: ts, Y: ai}, chart.Series{Name: "non-AI index", T: ts, Y: nonAI},
			chart.Series{Name: "sentiment (right axis)", T: ts, Y: senti, Right: true})
		fig2, err := chartFigure(d.id("fig-index"), ix,
			"Daily price indices of the listed AI firms and of the rest of the market, with the AI sector's sentiment (driven by momentum, deal announcements and policy support, M5) on the right axis.")
		if err != nil {
			return nil, err
		}
		blocks = append(blocks, fig, fig2)
	} else {
		c := chart.Line{ID: d.id("chart-market"), Title: "The AI market", YLabel: "USD bn", YUnit: bnUnit, YZero: true}
		c.Add(chart.Series{Name: "listed AI firms' market value", T: d.t, Y: d.series(func(m sim.MonthRecord) float64 { return m.AIMarketValue })},
			chart.Series{Name: "private AI firms' valuations", T: d.t, Y: d.series(func(m sim.MonthRecord) float64 { return m.PrivateAIValue })})
		if t, ok := monthTime(d.metrics.PeakMonth); ok {
			c.Events = append(c.Events, chart.Event{Label: "peak", T: t})
		}
		if t, ok := monthTime(d.metrics.BurstMonth); ok {
			c.Events = append(c.Events, chart.Event{Label: "burst", T: t})
		}
		fig, err := chartFigure(d.id("fig-market"), c,
			"The value of listed AI firms (the AI index in dollars) and private AI firms' last funding-round valuations, with the peak and the burst, if any."+d.priceCaveat())
		if err != nil {
			return nil, err
		}
		blocks = append(blocks, fig)
	}
	share := d.series(func(m sim.MonthRecord) float64 { return m.AIShareOfIndexGains12m })
	for i := range share {
		if i < 12 {
			share[i] = math.NaN() // undefined before twelve months of history
		}
	}
	g := chart.Line{ID: d.id("chart-index-gains"), Title: "AI stocks' share of the market's 12-month gain", YLabel: "share of the gain", YUnit: shareUnit,
		YRange: chart.Range{Min: -1, Max: 2}}
	g.Add(chart.Series{Name: "AI share of index gains", T: d.t, Y: share})
	if t, ok := monthTime("2025-12"); ok && !t.Before(d.t[0]) && !t.After(d.t[len(d.t)-1]) {
		g.Events = append(g.Events, chart.Event{Label: "observed 2025: about 80% (data/macro_facts.csv)", T: t})
	}
	fig3, err := chartFigure(d.id("fig-index-gains"), g,
		"Of the whole US stock market's gain over the past 12 months, the share that came from AI stocks (the article: about 80% in 2025). When the market barely moves the share swings wildly; the axis is cut at −100% and 200%."+d.priceCaveat())
	if err != nil {
		return nil, err
	}
	blocks = append(blocks, fig3)
	if len(d.res.Bursts) > 0 {
		t := &table{Caption: "Bursts", Head: []string{"burst", "peak", "value at peak, USD bn", "burst dated", "trough", "value at trough, USD bn", "peak to trough", "months", "recovered"},
			Numeric: []bool{true, false, true, false, false, true, true, true, false}}
		for i, b := range d.res.Bursts {
			rec := b.Recovered
			if rec == "" {
				rec = "not by the end"
			}
			t.Rows = append(t.Rows, []cell{numCell(strconv.Itoa(i + 1)), textCell(b.PeakDate), numCell(bn(b.PeakBn)), textCell(b.BurstDate), textCell(b.TroughDate),
				numCell(bn(b.TroughBn)), numCell(pct(-b.Drawdown)), numCell(num(b.Months)), textCell(rec)})
		}
		t.Note = "A burst is dated when the listed AI market value first falls markets.burst_drawdown below its running peak."
		blocks = append(blocks, block{Table: t})
	}
	return one(section{ID: d.id("market"), Title: "The AI index, valuations and fundamentals", Blocks: blocks}, nil)
}

// cohortSection shows who gained and who lost: investors' profit and loss
// by the year they bought (M7, pass-the-parcel).
func (d *runData) cohortSection() ([]section, error) {
	groups := d.summary.Markets.Cohorts
	if len(groups) == 0 {
		return nil, nil
	}
	var periods, classes []string
	pnl := map[[2]string]float64{}
	for _, g := range groups {
		if !slices.Contains(periods, g.Period) {
			periods = append(periods, g.Period)
		}
		if !slices.Contains(classes, g.Class) {
			classes = append(classes, g.Class)
		}
		pnl[[2]string{g.Period, g.Class}] += g.PnLBn
	}
	c := chart.Bar{ID: d.id("chart-cohorts"), Title: "Who gains and who loses: P&L by when investors bought", Categories: periods, Stacked: true,
		CategoryLabel: "bought in", ValueLabel: "profit or loss at the end, USD bn", ValueUnit: bnUnit}
	for _, cl := range classes {
		vals := make([]float64, len(periods))
		for i, p := range periods {
			v, ok := pnl[[2]string{p, cl}]
			if !ok {
				v = math.NaN()
			}
			vals[i] = v
		}
		c.Add(chart.BarSeries{Name: classLabel(cl), Values: vals})
	}
	fig, err := chartFigure(d.id("fig-cohorts"), c,
		"Investors in listed AI stocks grouped by the year they bought, stacked by who they are: profit or loss at the end of the run, realised and on paper. In a game of pass-the-parcel the early buyers gain and the last ones hold the losses (M7).")
	if err != nil {
		return nil, err
	}
	t := &table{Caption: "Profit and loss by cohort", Head: []string{"bought in", "investors", "bought, USD bn", "P&L, USD bn", "return"}, Numeric: []bool{false, false, true, true, true}}
	for _, g := range groups {
		t.Rows = append(t.Rows, []cell{textCell(g.Period), textCell(classLabel(g.Class)), numCell(bn(g.BoughtBn)), numCell(bn(g.PnLBn)), numCell(pct(g.Return))})
	}
	facts := []fact{
		{Label: "P&L of the top 10%", Value: usd(d.metrics.PnLTop10Bn)},
		{Label: "P&L of the bottom 90%", Value: usd(d.metrics.PnLBottom90Bn)},
		{Label: "P&L of foreign investors", Value: usd(d.metrics.PnLForeignBn)},
		{Label: "P&L of those who bought in the year before the peak", Value: usd(d.metrics.LateCohortPnLBn)},
	}
	return one(section{ID: d.id("cohorts"), Title: "Investor cohorts: who holds the losses", Blocks: []block{{Facts: facts}, fig, {Table: t}}}, nil)
}

func classLabel(c string) string {
	switch c {
	case "top10":
		return "top 10% of households"
	case "bottom90":
		return "bottom 90% of households"
	case "foreign":
		return "foreign investors"
	case "government":
		return "government (put)"
	}
	return c
}

// counterfactualSection measures the burst against the no-burst twin.
func (d *runData) counterfactualSection() ([]section, error) {
	cmps := d.summary.Comparisons
	if len(cmps) == 0 && d.twin == nil {
		return nil, nil
	}
	sec := section{ID: d.id("counterfactual"), Title: "GDP against a world without the burst",
		Intro: []string{"The same economy and seed run again with AI share prices held on a steady path from the peak (the no-burst counterfactual): the difference is what the burst costs through wealth, financing and confidence."}}
	if tw := d.twin; tw != nil {
		al := alignRuns(d.res, tw)
		if len(al.t) > 0 {
			gdp, gdpT, cons, consT := make([]float64, len(al.t)), make([]float64, len(al.t)), make([]float64, len(al.t)), make([]float64, len(al.t))
			for i := range al.t {
				gdp[i], gdpT[i] = al.a[i].GDP, al.b[i].GDP
				cons[i], consT[i] = al.a[i].Consumption, al.b[i].Consumption
			}
			c := chart.Line{ID: d.id("chart-counterfactual"), Title: "GDP and consumption with and without the burst", YLabel: "USD bn per month", YUnit: bnUnit, Spans: d.burstSpans()}
			c.Add(chart.Series{Name: "GDP", T: al.t, Y: gdp}, chart.Series{Name: "GDP without the burst", T: al.t, Y: gdpT},
				chart.Series{Name: "consumption", T: al.t, Y: cons}, chart.Series{Name: "consumption without the burst", T: al.t, Y: consT})
			fig, err := chartFigure(d.id("fig-counterfactual"), c,
				"GDP and household consumption in the run and in its no-burst counterfactual. Where the lines part, the burst is taking output and spending away.")
			if err != nil {
				return nil, err
			}
			sec.Blocks = append(sec.Blocks, fig)
		}
	}
	if len(cmps) > 0 {
		t := &table{Caption: "Losses against the twin runs, counted from the burst", Head: []string{"compared with", "from", "GDP lost, USD bn", "largest GDP shortfall", "in", "consumption lost, USD bn", "of which top 10%", "of which bottom 90%", "largest consumption shortfall"},
			Numeric: []bool{false, false, true, true, false, true, true, true, true}}
		for _, c := range cmps {
			t.Rows = append(t.Rows, []cell{textCell(c.Label), textCell(c.From), numCell(bn(c.GDPLossBn)), numCell(pct(c.GDPLossPeak)), textCell(c.GDPLossPeakMonth),
				numCell(bn(c.ConsumptionLossBn)), numCell(bn(c.ConsumptionTopLossBn)), numCell(bn(c.ConsumptionBottomLossBn)), numCell(pct(c.ConsumptionLossPeak))})
		}
		sec.Blocks = append(sec.Blocks, block{Table: t})
	}
	return []section{sec}, nil
}

// isSteady reports whether a run is a no-burst counterfactual.
func isSteady(rule string) bool { return rule == sim.SteadyPriceRule }

// NoBurstTwin runs the no-burst counterfactual of res, as sim.RunWithTwins
// does (AI prices held on a steady path from the first burst's peak month,
// same seed), so that a report can draw GDP against it. It returns nil
// when res has no burst or its markets are off.
func NoBurstTwin(ctx context.Context, res *sim.Result, in sim.Inputs) (*sim.Result, error) {
	if res == nil || len(res.Bursts) == 0 || !res.Params.Mechanisms.Markets || res.Params.Markets.SteadyPrices {
		return nil, nil
	}
	t, ok := dayTime(res.Bursts[0].PeakDate)
	if !ok {
		return nil, fmt.Errorf("report: burst peak %q is not a date", res.Bursts[0].PeakDate)
	}
	twin, err := sim.Run(ctx, sim.CounterfactualParams(res.Params, sim.MonthOf(t)), in, res.Seed, nil)
	if err != nil {
		return nil, fmt.Errorf("report: no-burst counterfactual: %w", err)
	}
	return twin, nil
}

func (d *runData) householdSection() ([]section, error) {
	c := chart.Line{ID: d.id("chart-consumption"), Title: "Consumption: top 10% against bottom 90%", YLabel: "USD bn per month", YUnit: bnUnit,
		Y2Label: "top 10% share", Y2Unit: shareUnit}
	c.Add(chart.Series{Name: "top 10%", T: d.t, Y: d.series(func(m sim.MonthRecord) float64 { return m.ConsumptionTop })},
		chart.Series{Name: "bottom 90%", T: d.t, Y: d.series(func(m sim.MonthRecord) float64 { return m.ConsumptionBottom })},
		chart.Series{Name: "top 10% share (right axis)", T: d.t, Y: d.series(func(m sim.MonthRecord) float64 { return m.TopConsumptionShare }), Right: true})
	fig, err := chartFigure(d.id("fig-consumption"), c,
		"Household consumption of the richest tenth and the other nine tenths. The top 10% hold most stock wealth, so their spending follows the market (the wealth effect, M8); the article says they carry about half of US consumption.")
	if err != nil {
		return nil, err
	}
	wealth := chart.Line{ID: d.id("chart-wealth"), Title: "Household equity wealth", YLabel: "USD bn", YUnit: bnUnit}
	wealth.Add(chart.Series{Name: "household equity wealth", T: d.t, Y: d.series(func(m sim.MonthRecord) float64 { return m.HouseholdEquityWealth })})
	fig2, err := chartFigure(d.id("fig-wealth"), wealth, "US households' holdings of corporate equity, the wealth that moves top-10% consumption.")
	if err != nil {
		return nil, err
	}
	return one(section{ID: d.id("households"), Title: "Households: who keeps spending", Blocks: []block{fig, fig2}}, nil)
}

func (d *runData) gdpSection() ([]section, error) {
	c := chart.Line{ID: d.id("chart-gdp"), Title: "GDP against potential", YLabel: "USD bn per month", YUnit: bnUnit,
		Y2Label: "gap to potential", Y2Unit: shareUnit}
	gdp := d.series(func(m sim.MonthRecord) float64 { return m.GDP })
	pot := d.series(func(m sim.MonthRecord) float64 { return m.PotentialGDP })
	gap := make([]float64, len(gdp))
	for i := range gdp {
		gap[i] = math.NaN()
		if pot[i] > 0 {
			gap[i] = gdp[i]/pot[i] - 1
		}
	}
	c.Add(chart.Series{Name: "GDP", T: d.t, Y: gdp}, chart.Series{Name: "potential GDP", T: d.t, Y: pot},
		chart.Series{Name: "gap to potential (right axis)", T: d.t, Y: gap, Right: true})
	if t, ok := monthTime(d.metrics.MinGDPGapMonth); ok {
		c.Events = append(c.Events, chart.Event{Label: "deepest gap", T: t})
	}
	fig, err := chartFigure(d.id("fig-gdp"), c,
		"Nominal GDP (consumption + investment including AI capex + government + net exports) against potential output, and the gap between them on the right axis. A burst shows as GDP falling below potential.")
	if err != nil {
		return nil, err
	}
	t := &table{Caption: "National accounts by year, USD bn", Head: []string{"year", "GDP", "vs potential", "consumption", "top 10%", "bottom 90%", "AI capex", "AI final demand", "AI revenue"},
		Numeric: []bool{false, true, true, true, true, true, true, true, true}}
	for _, y := range d.summary.Years {
		gapTxt := "n/a"
		if y.PotentialBn > 0 {
			gapTxt = pct(y.GDPBn/y.PotentialBn - 1)
		}
		t.Rows = append(t.Rows, []cell{textCell(strconv.Itoa(y.Year)), numCell(bn(y.GDPBn)), numCell(gapTxt), numCell(bn(y.ConsumptionBn)),
			numCell(bn(y.ConsumptionTopBn)), numCell(bn(y.ConsumptionBotBn)), numCell(bn(y.AICapexBn)), numCell(bn(y.FinalDemandBn)), numCell(bn(y.AIRevenueBn))})
	}
	t.Note = "Years not fully simulated are partial sums."
	return one(section{ID: d.id("gdp"), Title: "GDP", Blocks: []block{fig, {Table: t}}}, nil)
}

func (d *runData) computeSection() ([]section, error) {
	c := chart.Line{ID: d.id("chart-compute"), Title: "Compute: book value against economic value", YLabel: "USD bn", YUnit: bnUnit, YZero: true}
	c.Add(chart.Series{Name: "book value", T: d.t, Y: d.series(func(m sim.MonthRecord) float64 { return m.ComputeBook })},
		chart.Series{Name: "economic value", T: d.t, Y: d.series(func(m sim.MonthRecord) float64 { return m.ComputeEconomic })},
		chart.Series{Name: "stranded", T: d.t, Y: d.series(func(m sim.MonthRecord) float64 { return m.ComputeStranded })},
		chart.Series{Name: "of which obsolescence", T: d.t, Y: d.series(func(m sim.MonthRecord) float64 { return m.ComputeObsolescence })})
	if t, ok := monthTime(d.summary.Stranded.PeakMonth); ok {
		c.Events = append(c.Events, chart.Event{Label: "most stranded", T: t})
	}
	fig, err := chartFigure(d.id("fig-compute"), c,
		fmt.Sprintf("AI compute at its accounting (book) value, depreciated over %s years, against its economic value once newer chip generations make it cheaper to replace (M10). Stranded compute is book value that demand does not use: obsolescence (book value above economic value, lost to newer generations) plus idle capacity (economic value demand leaves unused). Railways and fibre kept their use for decades; GPUs lose it in a few years.",
			num(d.res.Params.Compute.AccountingLifeYears)))
	if err != nil {
		return nil, err
	}
	return one(section{ID: d.id("compute"), Title: "Compute and stranded value", Blocks: []block{fig}}, nil)
}

func (d *runData) controlsSection() ([]section, error) {
	c := chart.Line{ID: d.id("chart-controls"), Title: "Export controls and the Chinese competitor", YLabel: "share", YUnit: shareUnit, YRange: chart.Range{Min: 0, Max: 1}}
	c.Add(chart.Series{Name: "export-control stringency", T: d.t, Y: d.series(func(m sim.MonthRecord) float64 { return m.ExportStringency })},
		chart.Series{Name: "competitor share in China", T: d.t, Y: d.series(func(m sim.MonthRecord) float64 { return m.CompetitorShareChina })},
		chart.Series{Name: "Nvidia revenue from China", T: d.t, Y: d.series(func(m sim.MonthRecord) float64 { return m.NvidiaChinaShare })})
	fig, err := chartFigure(d.id("fig-controls"), c,
		"US export controls on AI chips and services (0 open, 100% closed), the share of China's AI market won by Chinese rivals, and China's share of Nvidia's AI revenue (observed: 22% in late 2023, 5% in late 2025). Rivals that win the closed market learn from its profits (M4).")
	if err != nil {
		return nil, err
	}
	return one(section{ID: d.id("controls"), Title: "Export controls (M4)", Blocks: []block{fig}}, nil)
}

func (d *runData) roundTripSection() ([]section, error) {
	rt := d.summary.RoundTrip
	if len(rt) == 0 {
		return nil, nil
	}
	t := &table{Caption: "Round trips by firm, whole run", Head: []string{"firm", "revenue, USD bn", "own money back, USD bn", "own money back", "funded by AI firms", "final demand"},
		Numeric: []bool{false, true, true, true, true, true}}
	for _, r := range rt {
		t.Rows = append(t.Rows, []cell{textCell(r.Firm), numCell(bn(r.RevenueBn)), numCell(bn(r.RoundTripBn)), numCell(pct(r.RoundTripShare)),
			numCell(pct(r.AIFundedShare)), numCell(pct(r.FinalDemand))})
	}
	top := rt[:min(len(rt), 12)]
	c := chart.Bar{ID: d.id("chart-roundtrip"), Title: "Round trips: revenue that is AI firms' own money", Horizontal: true,
		ValueLabel: "share of the firm's revenue", ValueUnit: shareUnit}
	own, ai := make([]float64, len(top)), make([]float64, len(top))
	for i, r := range top {
		c.Categories = append(c.Categories, r.Firm)
		own[i], ai[i] = r.RoundTripShare, r.AIFundedShare
	}
	c.Add(chart.BarSeries{Name: "the firm's own money back", Values: own}, chart.BarSeries{Name: "any AI firm's money", Values: ai})
	fig, err := chartFigure(d.id("fig-roundtrip"), c,
		"For the firms with the largest round trips: the share of each firm's revenue that is its own investment returning to it, and the share funded by any AI firm's investments.")
	if err != nil {
		return nil, err
	}
	return one(section{ID: d.id("round-trips"), Title: "Round trips by firm", Blocks: []block{fig, {Table: t}}}, nil)
}

func (d *runData) defaultsSection() ([]section, error) {
	s := d.summary.Defaults
	sec := section{ID: d.id("defaults"), Title: "Defaults and distress"}
	if s.Count == 0 && len(s.Distressed) == 0 {
		sec.Blocks = []block{{Para: "No firm missed a payment and none was in distress in this run."}}
		return []section{sec}, nil
	}
	c := chart.Line{ID: d.id("chart-defaults"), Title: "Missed payments each month", YLabel: "USD bn", YUnit: bnUnit, YZero: true,
		Y2Label: "firms in distress", NoLegend: false}
	c.Add(chart.Series{Name: "missed payments", T: d.t, Y: d.series(func(m sim.MonthRecord) float64 { return m.Defaults })},
		chart.Series{Name: "firms in distress (right axis)", T: d.t, Y: d.series(func(m sim.MonthRecord) float64 { return float64(m.DistressedFirms) }), Right: true})
	fig, err := chartFigure(d.id("fig-defaults"), c, "Payments AI firms owed and could not make, by month, and the number of firms in distress. A default cuts the revenue of the firm that was owed, which can spread (M9).")
	if err != nil {
		return nil, err
	}
	sec.Blocks = append(sec.Blocks, fig)
	type agg struct {
		n      int
		amount float64
	}
	byFirm := map[string]*agg{}
	for _, e := range d.res.Events {
		if e.Type == "contract_default" || e.Type == "loan_default" {
			a := byFirm[e.Firm]
			if a == nil {
				a = &agg{}
				byFirm[e.Firm] = a
			}
			a.n++
			a.amount += e.AmountBn
		}
	}
	firms := make([]string, 0, len(byFirm))
	for f := range byFirm {
		firms = append(firms, f)
	}
	slices.SortFunc(firms, func(a, b string) int {
		if c := cmp.Compare(byFirm[b].amount, byFirm[a].amount); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	t := &table{Caption: "Missed payments by firm", Head: []string{"firm", "missed payments", "amount, USD bn"}, Numeric: []bool{false, true, true}}
	for _, f := range firms {
		t.Rows = append(t.Rows, []cell{textCell(f), numCell(strconv.Itoa(byFirm[f].n)), numCell(bn(byFirm[f].amount))})
	}
	sec.Blocks = append(sec.Blocks, block{Table: t})
	if len(s.Distressed) > 0 {
		dt := &table{Caption: "Firms in distress: first default and emergence from restructuring", Head: []string{"firm", "defaulted", "emerged"}, Numeric: []bool{false, false, false}}
		for _, f := range s.Distressed {
			out := f.Emerged
			if out == "" {
				out = "not by the end"
			}
			dt.Rows = append(dt.Rows, []cell{textCell(f.Firm), textCell(f.Month), textCell(out)})
		}
		sec.Blocks = append(sec.Blocks, block{Table: dt})
	}
	return []section{sec}, nil
}

func (d *runData) dealNetworkSections() ([]section, error) {
	if d.network == nil {
		return nil, nil
	}
	secs, err := networkSections(d.network, d.id("deals-"))
	if err != nil {
		return nil, err
	}
	if len(secs) > 0 {
		secs[0].Title = "The deal network (data) and its cycles"
	}
	return secs, nil
}

// paymentsNetwork is the money AI firms paid each other over a run as a
// network, with its maximum circulation; nil when nothing was paid.
func paymentsNetwork(ctx context.Context, res *sim.Result) (*netflow.Graph, *netflow.Decomposition, error) {
	var b netflow.Builder
	for _, f := range res.PairFlows {
		if f.AmountBn <= 0 || f.From == f.To {
			continue
		}
		if err := b.AddEdge(f.From, f.To, f.AmountBn, f.AmountBn, false, f.Kind); err != nil {
			return nil, nil, fmt.Errorf("report: payments network: %w", err)
		}
	}
	g := b.Build()
	if g.NumEdges() == 0 {
		return nil, nil, nil
	}
	dec, err := netflow.MaxCirculation(ctx, g)
	if err != nil {
		return nil, nil, fmt.Errorf("report: payments network: %w", err)
	}
	return g, dec, nil
}

// paymentsSection analyses the money AI firms actually paid each other in
// the run as a network: its circulation is the simulated counterpart of
// the deal network's.
func (d *runData) paymentsSection() ([]section, error) {
	if len(d.res.PairFlows) == 0 {
		return nil, nil
	}
	g, dec, err := paymentsNetwork(context.Background(), d.res)
	if err != nil {
		return nil, err
	}
	if g == nil {
		return nil, nil
	}
	flows := slices.Clone(d.res.PairFlows)
	slices.SortStableFunc(flows, func(a, b sim.PairFlow) int {
		if c := cmp.Compare(b.AmountBn, a.AmountBn); c != 0 {
			return c
		}
		if c := cmp.Compare(a.From, b.From); c != 0 {
			return c
		}
		if c := cmp.Compare(a.To, b.To); c != 0 {
			return c
		}
		return cmp.Compare(a.Kind, b.Kind)
	})
	t := &table{Caption: "Largest payments between AI firms over the run", Head: []string{"from", "to", "kind", "USD bn"}, Numeric: []bool{false, false, false, true}}
	for _, f := range flows[:min(len(flows), 25)] {
		t.Rows = append(t.Rows, []cell{textCell(f.From), textCell(f.To), textCell(f.Kind), numCell(bn(f.AmountBn))})
	}
	if len(flows) > 25 {
		t.Note = fmt.Sprintf("The 25 largest of %d; all are in pair_flows.csv.", len(flows))
	}
	return one(section{ID: d.id("payments"), Title: "Money paid between AI firms in the run",
		Intro: []string{"What the run's contracts and purchases actually moved between AI firms, treated as a network. Its circularity index is the share of these payments that goes round in loops."},
		Blocks: []block{{Facts: []fact{
			{Label: "Paid between AI firms", Value: usd(dec.GrossBn)},
			{Label: "Circular part", Value: usd(dec.CircularFlowBn)},
			{Label: "Circularity index", Value: pct(dec.CircularityIndex)},
		}}, {Table: t}}}, nil)
}

func (d *runData) estimatedSection() ([]section, error) {
	est := d.res.Estimated
	if len(est) == 0 {
		return nil, nil
	}
	t := &table{Caption: "Deals with estimated amounts", Head: []string{"deal", "from", "to", "kind", "USD bn", "basis of the estimate"},
		Numeric: []bool{false, false, false, false, true, false}}
	total := 0.0
	for _, e := range est {
		total += e.AmountBn
		t.Rows = append(t.Rows, []cell{textCell(e.ID), textCell(e.Source), textCell(e.Target), textCell(e.Kind), numCell(bn(e.AmountBn)), textCell(e.Basis)})
	}
	return one(section{ID: d.id("estimated"), Title: "Deals with estimated amounts",
		Intro:  []string{fmt.Sprintf("%d deals had no disclosed amount and were executed at a documented estimate (%s in all). They are flagged here so that no estimate passes for a reported figure.", len(est), usd(total))},
		Blocks: []block{{Table: t}}}, nil)
}

func (d *runData) calibrationSection() ([]section, error) {
	if d.calibration == nil {
		return nil, nil
	}
	t := &table{Caption: "The run against observed figures (data/macro_facts.csv)", Head: []string{"item", "as of", "unit", "observed", "model", "error", "relative error", "months compared", "note"},
		Numeric: []bool{false, false, false, true, true, true, true, false, false}}
	for _, c := range d.calibration {
		t.Rows = append(t.Rows, []cell{textCell(c.Item), textCell(c.AsOf), textCell(c.Unit), numCell(num(c.Observed)), numCell(num(c.Model)),
			numCell(num(c.Error)), numCell(pct(c.RelError)), textCell(c.Window), textCell(c.Note)})
	}
	return one(section{ID: d.id("calibration"), Title: "Calibration", Blocks: []block{{Table: t}}}, nil)
}

// maxEventRows bounds the rows shown per event type; the full log is in
// events.jsonl.
const maxEventRows = 200

func (d *runData) eventsSection() ([]section, error) {
	ev := d.res.Events
	if len(ev) == 0 {
		return nil, nil
	}
	byType := map[string][]sim.Event{}
	for _, e := range ev {
		byType[e.Type] = append(byType[e.Type], e)
	}
	types := make([]string, 0, len(byType))
	for t := range byType {
		types = append(types, t)
	}
	slices.SortFunc(types, func(a, b string) int {
		if c := cmp.Compare(eventRank(a), eventRank(b)); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	var blocks []block
	for _, typ := range types {
		list := byType[typ]
		total := 0.0
		for _, e := range list {
			total += e.AmountBn
		}
		t := &table{Caption: eventLabel(typ), Head: []string{"month", "firm", "counterparty", "deal", "USD bn", "detail"},
			Numeric: []bool{false, false, false, false, true, false}}
		for _, e := range list[:min(len(list), maxEventRows)] {
			t.Rows = append(t.Rows, []cell{textCell(e.Month), textCell(e.Firm), textCell(e.Counterparty), textCell(e.DealID), numCell(bn(e.AmountBn)), textCell(e.Detail)})
		}
		if len(list) > maxEventRows {
			t.Note = fmt.Sprintf("The first %d of %d; the full log is in events.jsonl.", maxEventRows, len(list))
		}
		blocks = append(blocks, block{Details: &details{
			Summary: fmt.Sprintf("%s: %d events, %s", eventLabel(typ), len(list), usd(total)),
			Open:    eventRank(typ) < 2,
			Blocks:  []block{{Table: t}}}})
	}
	return one(section{ID: d.id("events"), Title: "Event log",
		Intro:  []string{fmt.Sprintf("%d events, grouped by kind; open a group to see its events in date order.", len(ev))},
		Blocks: blocks}, nil)
}

// eventRank orders event kinds: defaults and distress first.
func eventRank(t string) int {
	switch t {
	case "contract_default", "loan_default":
		return 0
	case "distress":
		return 1
	case "deal_start", "funding_round":
		return 2
	}
	return 3
}

func eventLabel(t string) string {
	switch t {
	case "contract_default":
		return "Missed contract payments"
	case "loan_default":
		return "Missed loan payments"
	case "distress":
		return "Firms in distress"
	case "deal_start":
		return "Deals starting"
	case "funding_round":
		return "Funding rounds"
	case "bank_loan":
		return "Bank loans"
	case "equity_issue":
		return "Equity issues"
	}
	return strings.ReplaceAll(t, "_", " ")
}

func (d *runData) paramsSection() ([]section, error) {
	return one(paramsSection(d.id("parameters"), d.res.Params), nil)
}

// paramsSection lists every parameter of p, grouped as in scenario files.
func paramsSection(id string, p sim.Params) section {
	var blocks []block
	var cur *table
	var curGroup string
	flush := func() {
		if cur != nil {
			blocks = append(blocks, block{Details: &details{Summary: groupTitle(curGroup) + fmt.Sprintf(" (%d)", len(cur.Rows)), Blocks: []block{{Table: cur}}}})
		}
	}
	for _, f := range params.Fields(p) {
		if f.Group != curGroup || cur == nil {
			flush()
			curGroup = f.Group
			cur = &table{Caption: groupTitle(f.Group), Head: []string{"parameter", "value", "unit", "meaning"}, Numeric: []bool{false, true, false, false}}
		}
		cur.Rows = append(cur.Rows, []cell{textCell(f.Path), numCell(f.Value), textCell(f.Unit), textCell(f.Doc)})
	}
	flush()
	return section{ID: id, Title: "Parameters used",
		Intro:  []string{"Every parameter of the scenario " + p.Name + ", as in its YAML file (scenario.yaml). The source of each default is in docs/model.md."},
		Blocks: blocks}
}

func groupTitle(g string) string {
	if g == "" {
		return "Scenario"
	}
	s := strings.ReplaceAll(g, "_", " ")
	return strings.ToUpper(s[:1]) + s[1:]
}
