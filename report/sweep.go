package report

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/gonum/stat"

	"github.com/bubblelab/bubblelab/report/chart"
	"github.com/bubblelab/bubblelab/sim"
)

// SweepReport is the page of a Monte Carlo sweep or a merge of shards:
// when the bubble bursts across runs, fan charts of monthly paths, loss
// quantiles and the sensitivity of outcomes to the parameters varied.
type SweepReport struct {
	Title    string
	Scenario string
	// Runs holds one row per run.
	Runs []SweepRun
	// Paths are monthly sample paths for fan charts (see SweepPaths); may
	// be empty.
	Paths []PathSet
	Links []Link
}

// SweepRun is one run of a sweep: its metrics and the values of the
// parameters the sweep varied (by YAML path; nil when only seeds vary).
type SweepRun struct {
	Metrics sim.RunMetrics
	Params  map[string]float64
}

// PathSet is one monthly quantity across the runs of a sweep.
type PathSet struct {
	Name    string
	Caption string
	YLabel  string
	Unit    chart.Unit
	Months  []string    // YYYY-MM
	Paths   [][]float64 // one path per run, each len(Months)
}

// SweepPaths collects monthly paths of the quantities drawn as fan charts
// while a sweep runs, so the full results need not be kept: call Add with
// each run's result, then Sets.
type SweepPaths struct {
	months []string
	sets   []PathSet
	values []func(m sim.MonthRecord) float64
}

// NewSweepPaths returns an empty collector of the standard fan-chart
// quantities: listed AI market value, AI revenue, AI capex, stranded
// compute, GDP gap to potential and household consumption.
func NewSweepPaths() *SweepPaths {
	s := &SweepPaths{}
	add := func(name, caption, ylabel string, u chart.Unit, f func(m sim.MonthRecord) float64) {
		s.sets = append(s.sets, PathSet{Name: name, Caption: caption, YLabel: ylabel, Unit: u})
		s.values = append(s.values, f)
	}
	add("Listed AI market value", "The value of listed AI firms across runs.", "USD bn", bnUnit, func(m sim.MonthRecord) float64 { return m.AIMarketValue })
	add("AI revenue", "AI firms' monthly revenue across runs.", "USD bn per month", bnUnit, func(m sim.MonthRecord) float64 { return m.AIRevenue })
	add("AI capex", "AI firms' monthly capital spending across runs.", "USD bn per month", bnUnit, func(m sim.MonthRecord) float64 { return m.AICapex })
	add("Stranded compute", "Compute book value that demand does not use, across runs.", "USD bn", bnUnit, func(m sim.MonthRecord) float64 { return m.ComputeStranded })
	add("GDP gap to potential", "GDP relative to potential output across runs; below zero is a recession gap.", "gap", shareUnit, func(m sim.MonthRecord) float64 {
		if m.PotentialGDP <= 0 {
			return math.NaN()
		}
		return m.GDP/m.PotentialGDP - 1
	})
	add("Household consumption", "Monthly household consumption across runs.", "USD bn per month", bnUnit, func(m sim.MonthRecord) float64 { return m.Consumption })
	return s
}

// Add records the paths of one run. Every run must cover the same months.
func (s *SweepPaths) Add(res *sim.Result) error {
	months := make([]string, len(res.Months))
	for i, m := range res.Months {
		months[i] = m.Month
	}
	if s.months == nil {
		s.months = months
		for i := range s.sets {
			s.sets[i].Months = months
		}
	} else if !slices.Equal(s.months, months) {
		return fmt.Errorf("report: sweep paths: run %s seed %d covers %d months, not the %d of the first run", res.Params.Name, res.Seed, len(months), len(s.months))
	}
	for i, f := range s.values {
		path := make([]float64, len(res.Months))
		for j, m := range res.Months {
			path[j] = f(m)
		}
		s.sets[i].Paths = append(s.sets[i].Paths, path)
	}
	return nil
}

// Sets returns the collected paths.
func (s *SweepPaths) Sets() []PathSet {
	if s.months == nil {
		return nil
	}
	return slices.Clone(s.sets)
}

// WriteSweep writes the page of a sweep.
func WriteSweep(w io.Writer, r *SweepReport) error {
	if r == nil || len(r.Runs) == 0 {
		return fmt.Errorf("report: a sweep report needs at least one run")
	}
	var secs []section
	for _, f := range []func(*SweepReport) ([]section, error){sweepSummary, sweepBursts, sweepFans, sweepQuantiles, sweepSensitivity} {
		s, err := f(r)
		if err != nil {
			return err
		}
		secs = append(secs, s...)
	}
	title := r.Title
	if title == "" {
		title = "bubblelab sweep: " + r.Scenario
	}
	return render(w, page{Title: title, Links: r.Links, Sections: secs,
		Subtitle: fmt.Sprintf("%d runs of scenario %s.", len(r.Runs), r.Scenario)})
}

// sweepParams lists the parameters varied across the runs, sorted.
func sweepParams(r *SweepReport) []string {
	seen := map[string]bool{}
	for _, run := range r.Runs {
		for k := range run.Params {
			seen[k] = true
		}
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func burstTimes(r *SweepReport) []time.Time {
	var ts []time.Time
	for _, run := range r.Runs {
		if t, ok := monthTime(run.Metrics.BurstMonth); ok {
			ts = append(ts, t)
		}
	}
	slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) })
	return ts
}

func sweepSummary(r *SweepReport) ([]section, error) {
	bursts := burstTimes(r)
	facts := []fact{
		{Label: "Runs", Value: strconv.Itoa(len(r.Runs))},
		{Label: "Runs with a burst", Value: fmt.Sprintf("%d (%s)", len(bursts), pct(float64(len(bursts))/float64(len(r.Runs))))},
	}
	if len(bursts) > 0 {
		facts = append(facts, fact{Label: "Median burst month", Value: bursts[(len(bursts)-1)/2].Format("2006-01"), Note: "among runs that burst (lower median)"})
	}
	varied := sweepParams(r)
	p := "Only the random seed varies between runs."
	if len(varied) > 0 {
		p = fmt.Sprintf("Parameters varied: %d (%s).", len(varied), joinShort(varied, 6))
	}
	return []section{{ID: "summary", Title: "Summary", Intro: []string{p}, Blocks: []block{{Facts: facts}}}}, nil
}

func joinShort(s []string, n int) string {
	if len(s) <= n {
		return strings.Join(s, ", ")
	}
	return strings.Join(s[:n], ", ") + fmt.Sprintf(" and %d more", len(s)-n)
}

func sweepBursts(r *SweepReport) ([]section, error) {
	bursts := burstTimes(r)
	sec := section{ID: "bursts", Title: "When does the bubble burst?"}
	if len(bursts) == 0 {
		sec.Blocks = []block{{Para: fmt.Sprintf("None of the %d runs dated a burst within its horizon.", len(r.Runs))}}
		return []section{sec}, nil
	}
	h := chart.Histogram{ID: "chart-bursts", Title: "Burst dates across runs", Name: "runs", Times: bursts, XLabel: "burst month", YLabel: "runs"}
	h.Events = []chart.Event{{Label: "median", T: bursts[(len(bursts)-1)/2]}}
	fig, err := chartFigure("fig-bursts", h, fmt.Sprintf("How many runs burst in each period: %d of %d runs dated a burst (the listed AI market's first large fall from its peak, as the model dates it); the other %d did not burst before the end of the run.",
		len(bursts), len(r.Runs), len(r.Runs)-len(bursts)))
	if err != nil {
		return nil, err
	}
	sec.Blocks = []block{fig}
	return []section{sec}, nil
}

func sweepFans(r *SweepReport) ([]section, error) {
	if len(r.Paths) == 0 {
		return nil, nil
	}
	sec := section{ID: "fans", Title: "Paths across runs",
		Intro: []string{"Fan charts: the line is the median run month by month, the dark band holds the middle half of the runs and the light band 90% of them."}}
	for i, ps := range r.Paths {
		if len(ps.Paths) == 0 {
			continue
		}
		ts := make([]time.Time, len(ps.Months))
		for j, m := range ps.Months {
			t, ok := monthTime(m)
			if !ok {
				return nil, fmt.Errorf("report: sweep paths %q: month %q is not YYYY-MM", ps.Name, m)
			}
			ts[j] = t
		}
		bands, median, err := chart.FanBands(ps.Paths, 0.9, 0.5)
		if err != nil {
			return nil, fmt.Errorf("report: sweep paths %q: %w", ps.Name, err)
		}
		id := fmt.Sprintf("fan-%d", i)
		c := chart.Fan{ID: "chart-" + id, Title: ps.Name, YLabel: ps.YLabel, YUnit: ps.Unit, T: ts, Bands: bands, Median: median, MedianName: "median run"}
		fig, err := chartFigure("fig-"+id, c, ps.Caption+fmt.Sprintf(" %d runs.", len(ps.Paths)))
		if err != nil {
			return nil, err
		}
		sec.Blocks = append(sec.Blocks, fig)
	}
	return []section{sec}, nil
}

// sweepOutcome is one per-run figure summarised across runs.
type sweepOutcome struct {
	name   string
	value  func(m sim.RunMetrics) float64
	format func(float64) string
	share  bool // a fraction, drawn in percent
}

func sweepOutcomes() []sweepOutcome {
	return []sweepOutcome{
		{"largest fall of listed AI value", func(m sim.RunMetrics) float64 { return m.MaxDrawdown }, pct, true},
		{"largest fall of consumption", func(m sim.RunMetrics) float64 { return m.PeakConsumptionDrop }, pct, true},
		{"GDP shortfall at its deepest (−gap)", func(m sim.RunMetrics) float64 { return -m.MinGDPGap }, pct, true},
		{"missed payments, USD bn", func(m sim.RunMetrics) float64 { return m.DefaultAmountBn }, bn, false},
		{"peak stranded compute, USD bn", func(m sim.RunMetrics) float64 { return m.PeakStrandedBn }, bn, false},
		{"stranded compute at the end, USD bn", func(m sim.RunMetrics) float64 { return m.EndStrandedBn }, bn, false},
		{"revenue from AI firms' own investments", func(m sim.RunMetrics) float64 { return m.AIInvestmentShare }, pct, true},
	}
}

var sweepLevels = []float64{0.05, 0.25, 0.5, 0.75, 0.95}

// quantiles returns the sweepLevels quantiles of x by gonum's linear
// interpolation of the empirical distribution, and the mean.
func quantiles(x []float64) ([]float64, float64) {
	s := slices.Clone(x)
	slices.Sort(s)
	q := make([]float64, len(sweepLevels))
	for i, p := range sweepLevels {
		q[i] = stat.Quantile(p, stat.LinInterp, s, nil)
	}
	return q, stat.Mean(s, nil)
}

func sweepQuantiles(r *SweepReport) ([]section, error) {
	t := &table{Caption: "Losses across runs", Head: []string{"outcome", "5%", "25%", "median", "75%", "95%", "mean"},
		Numeric: []bool{false, true, true, true, true, true, true}}
	c := chart.Bar{ID: "chart-losses", Title: "Losses across runs: 5%, median and 95%", Horizontal: true, ValueLabel: "share", ValueUnit: shareUnit}
	var lo, mid, hi []float64
	for _, o := range sweepOutcomes() {
		x := make([]float64, len(r.Runs))
		for i, run := range r.Runs {
			x[i] = o.value(run.Metrics)
		}
		q, mean := quantiles(x)
		row := []cell{textCell(o.name)}
		for _, v := range q {
			row = append(row, numCell(o.format(v)))
		}
		t.Rows = append(t.Rows, append(row, numCell(o.format(mean))))
		if o.share {
			c.Categories = append(c.Categories, o.name)
			lo, mid, hi = append(lo, q[0]), append(mid, q[2]), append(hi, q[4])
		}
	}
	c.Add(chart.BarSeries{Name: "5% of runs", Values: lo}, chart.BarSeries{Name: "median", Values: mid}, chart.BarSeries{Name: "95% of runs", Values: hi})
	fig, err := chartFigure("fig-losses", c, "For each loss, the value below which 5%, 50% and 95% of the runs fall: the spread of outcomes the sweep's randomness and parameter ranges produce.")
	if err != nil {
		return nil, err
	}
	t.Note = "Quantiles interpolate the empirical distribution linearly (gonum stat.Quantile, LinInterp)."
	return []section{{ID: "losses", Title: "Loss quantiles", Blocks: []block{fig, {Table: t}}}}, nil
}

// sweepSensitivity ranks how strongly each varied parameter moves each
// outcome by Spearman's rank correlation across runs.
func sweepSensitivity(r *SweepReport) ([]section, error) {
	keys := sweepParams(r)
	sec := section{ID: "sensitivity", Title: "Sensitivity to the parameters varied"}
	if len(keys) == 0 {
		sec.Blocks = []block{{Para: "Only the seed varies in this sweep, so there is no parameter to rank."}}
		return []section{sec}, nil
	}
	outcomes := sweepOutcomes()[:4]
	c := chart.Bar{ID: "chart-sensitivity", Title: "Rank correlation of each parameter with each outcome", Horizontal: true,
		ValueLabel: "Spearman rank correlation", ValueRange: chart.Range{Min: -1, Max: 1}}
	t := &table{Caption: "Spearman rank correlation across runs", Head: []string{"parameter"}, Numeric: []bool{false}}
	for _, o := range outcomes {
		t.Head = append(t.Head, o.name)
		t.Numeric = append(t.Numeric, true)
	}
	corr := make([][]float64, len(outcomes))
	for _, k := range keys {
		x := make([]float64, len(r.Runs))
		for i, run := range r.Runs {
			v, ok := run.Params[k]
			if !ok {
				v = math.NaN()
			}
			x[i] = v
		}
		row := []cell{textCell(k)}
		for j, o := range outcomes {
			y := make([]float64, len(r.Runs))
			for i, run := range r.Runs {
				y[i] = o.value(run.Metrics)
			}
			rho := spearman(x, y)
			corr[j] = append(corr[j], rho)
			row = append(row, numCell(num(rho)))
		}
		t.Rows = append(t.Rows, row)
		c.Categories = append(c.Categories, k)
	}
	for j, o := range outcomes {
		c.Add(chart.BarSeries{Name: o.name, Values: corr[j]})
	}
	fig, err := chartFigure("fig-sensitivity", c, "How each parameter the sweep varied moves each outcome: Spearman's rank correlation across runs, from −1 (higher parameter, always lower outcome) to +1. A missing bar means the parameter or the outcome did not vary.")
	if err != nil {
		return nil, err
	}
	sec.Blocks = []block{fig, {Table: t}}
	return []section{sec}, nil
}

// spearman is Spearman's rank correlation of x and y (ties get their mean
// rank), computed as gonum's Pearson correlation of the ranks. Pairs with a
// NaN are left out; NaN when fewer than three pairs remain or either side
// is constant.
func spearman(x, y []float64) float64 {
	var xs, ys []float64
	for i := range x {
		if !math.IsNaN(x[i]) && !math.IsNaN(y[i]) {
			xs, ys = append(xs, x[i]), append(ys, y[i])
		}
	}
	if len(xs) < 3 {
		return math.NaN()
	}
	rx, ry := ranks(xs), ranks(ys)
	if stat.Variance(rx, nil) == 0 || stat.Variance(ry, nil) == 0 {
		return math.NaN()
	}
	return stat.Correlation(rx, ry, nil)
}

// ranks returns 1-based ranks with ties given their mean rank.
func ranks(x []float64) []float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(x[a], x[b]) })
	r := make([]float64, len(x))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && x[idx[j+1]] == x[idx[i]] {
			j++
		}
		mean := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			r[idx[k]] = mean
		}
		i = j + 1
	}
	return r
}
