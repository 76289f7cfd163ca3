package sweep

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/bubblelab/bubblelab/results"
	"github.com/bubblelab/bubblelab/sim"
	"github.com/bubblelab/bubblelab/sweep/sensitivity"
)

// QuantileLevels are the quantiles reported for every measure.
var QuantileLevels = []float64{0.01, 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99}

// Aggregate is the merged summary of a sweep (aggregate.json).
type Aggregate struct {
	Sweep        SweepInfo         `json:"sweep"`
	Burst        *BurstSummary     `json:"burst,omitempty"`
	Measures     []MeasureSummary  `json:"measures"`
	Sobol        *SobolSummary     `json:"sobol,omitempty"`
	EarlyWarning []DetectorSummary `json:"early_warning,omitempty"`
}

// SweepInfo describes the merged sweep.
type SweepInfo struct {
	Name         string     `json:"name"`
	Fingerprint  string     `json:"fingerprint"`
	Runs         int64      `json:"runs"`
	Points       int64      `json:"points"`
	Replications int        `json:"replications"`
	Method       Method     `json:"method"`
	Seeds        SeedScheme `json:"seeds"`
	MasterSeed   uint64     `json:"master_seed"`
	Parameters   []string   `json:"parameters"`
	Start        string     `json:"start"`
	Months       int        `json:"months"`
	// BurstDrawdown is the base scenario's markets.burst_drawdown, the
	// fall from the running peak that dates a burst.
	BurstDrawdown float64 `json:"burst_drawdown"`
	// Counterfactual reports that every run was compared with its
	// no-burst twin (outputs: counterfactual), which fills the loss
	// measures.
	Counterfactual bool `json:"counterfactual"`
}

// BurstSummary is the probability of a burst (the listed AI market value
// falling sim.BurstDrawdown below its running peak), overall and by the
// calendar year in which it happens.
type BurstSummary struct {
	Runs          int64       `json:"runs"`
	RunsWithBurst int64       `json:"runs_with_burst"`
	Probability   float64     `json:"probability"`
	ByYear        []BurstYear `json:"by_year"`
}

// BurstYear is the share of runs whose burst falls in a year, and of those
// whose burst falls in it or before.
type BurstYear struct {
	Year        int     `json:"year"`
	Runs        int64   `json:"runs"`
	Probability float64 `json:"probability"`
	Cumulative  float64 `json:"cumulative"`
}

// MeasureSummary is the distribution of one numeric column of the runs
// table over all runs.
type MeasureSummary struct {
	Name string `json:"name"`
	// Count is the number of runs with a finite value; NonFinite counts
	// the others, which the statistics leave out.
	Count     int64         `json:"count"`
	NonFinite int64         `json:"non_finite,omitempty"`
	Stats     *MeasureStats `json:"stats,omitempty"`
	// Note says why a measure has no statistics when the sweep did not
	// compute it (Plan.NotComputed); its Count is then 0.
	Note string `json:"note,omitempty"`
}

// MeasureStats are the statistics of a measure's finite values: quantiles
// by linear interpolation between order statistics (R's type 7), the
// standard deviation with n-1 in the denominator.
type MeasureStats struct {
	Mean      float64    `json:"mean"`
	SD        float64    `json:"sd"`
	Min       float64    `json:"min"`
	Max       float64    `json:"max"`
	Quantiles []Quantile `json:"quantiles"`
}

// Quantile is the value at quantile level P.
type Quantile struct {
	P     float64 `json:"p"`
	Value float64 `json:"value"`
}

// SobolSummary holds the Sobol indices of every measure (saltelli).
type SobolSummary struct {
	BaseSamples  int           `json:"base_samples"`
	Replications int           `json:"replications"`
	Seeds        SeedScheme    `json:"seeds"`
	Bootstrap    int           `json:"bootstrap"`
	Confidence   float64       `json:"confidence"`
	Outputs      []SobolOutput `json:"outputs"`
}

// SobolOutput is the indices of one output.
type SobolOutput struct {
	Output   string       `json:"output"`
	Variance float64      `json:"variance"`
	Note     string       `json:"note,omitempty"`
	Indices  []SobolIndex `json:"indices,omitempty"`
}

// SobolIndex is one parameter's first-order and total index with their
// bootstrap percentile intervals.
type SobolIndex struct {
	Parameter string     `json:"parameter"`
	First     float64    `json:"first"`
	FirstCI   [2]float64 `json:"first_ci"`
	Total     float64    `json:"total"`
	TotalCI   [2]float64 `json:"total_ci"`
}

// DetectorSummary is how an early-warning detector did over the runs.
type DetectorSummary struct {
	Detector string `json:"detector"`
	// RunsWithBurst and WarnedBeforeBurst count the runs with a burst and
	// those warned no later than their burst; HitRate is their ratio.
	RunsWithBurst     int64   `json:"runs_with_burst"`
	WarnedBeforeBurst int64   `json:"warned_before_burst"`
	HitRate           float64 `json:"hit_rate"`
	// LeadMonths is the distribution of months from the first warning to
	// the burst over the warned runs.
	LeadMonths *MeasureStats `json:"lead_months,omitempty"`
	// RunsWithoutBurst and FalseAlarms count the runs without a burst and
	// those the detector warned about anyway.
	RunsWithoutBurst int64   `json:"runs_without_burst"`
	FalseAlarms      int64   `json:"false_alarms"`
	FalseAlarmRate   float64 `json:"false_alarm_rate"`
}

// Column roles in the runs table.
func isIndexColumn(name string) bool {
	return name == "run" || name == "point" || name == "replication" || name == "seed"
}

// isMeasure reports whether a runs-table column is an outcome to
// summarise: a number that is not an index, a varied parameter, an
// early-warning column or a calendar year (whose 0 means "none").
func isMeasure(c Column) bool {
	if c.Kind == String || isIndexColumn(c.Name) || strings.HasPrefix(c.Name, ParamColumnPrefix) || strings.HasPrefix(c.Name, "ew_") {
		return false
	}
	return !strings.HasSuffix(c.Name, "_year")
}

// accumulator collects the columns the aggregate needs, in run order.
type accumulator struct {
	plan     *Plan
	cols     []Column
	measures []int       // column indices of measures
	values   [][]float64 // [measure][run]
	burstCol int         // burst_year, or -1
	bursts   []int32     // burst year per run (0: none)
	ew       []ewCols
	ewVals   [][]ewRun
	points   []pointAcc // grid only
	paramIdx []int
	n        int64
}

type ewCols struct {
	name               string
	alarm, month, lead int
}

type ewRun struct {
	alarm bool
	lead  int32
}

type pointAcc struct {
	values []any
	runs   int64
	bursts int64
	sums   []float64
	counts []int64
}

func newAccumulator(plan *Plan, cols []Column) *accumulator {
	a := &accumulator{plan: plan, cols: cols, burstCol: -1}
	for i, c := range cols {
		switch {
		case isMeasure(c):
			a.measures = append(a.measures, i)
		case c.Name == "burst_year":
			a.burstCol = i
		case strings.HasPrefix(c.Name, ParamColumnPrefix):
			a.paramIdx = append(a.paramIdx, i)
		}
	}
	for _, d := range plan.Spec.EarlyWarning.detectors(0) {
		n := "ew_" + d.Name()
		a.ew = append(a.ew, ewCols{name: d.Name(), alarm: slices.IndexFunc(cols, func(c Column) bool { return c.Name == n+"_alarm" }),
			month: slices.IndexFunc(cols, func(c Column) bool { return c.Name == n+"_alarm_month" }),
			lead:  slices.IndexFunc(cols, func(c Column) bool { return c.Name == n+"_lead_months" })})
	}
	a.values = make([][]float64, len(a.measures))
	a.ewVals = make([][]ewRun, len(a.ew))
	if plan.Spec.Design.Method == Grid {
		a.points = make([]pointAcc, 0, plan.Points)
	}
	return a
}

func (a *accumulator) add(r Row) error {
	run := r[0].Int64()
	if run != a.n {
		return fmt.Errorf("run %d out of order (expected %d)", run, a.n)
	}
	point, rep := a.plan.Locate(run)
	if r[1].Int64() != point || r[2].Int64() != rep {
		return fmt.Errorf("run %d is labelled point %d replication %d, the plan says %d and %d", run, r[1].Int64(), r[2].Int64(), point, rep)
	}
	if i := slices.IndexFunc(a.cols, func(c Column) bool { return c.Name == "seed" }); i >= 0 {
		if got, want := uint64(r[i].Int64()), a.plan.Seed(run); got != want {
			return fmt.Errorf("run %d has seed %d, the plan says %d", run, got, want)
		}
	}
	for j, i := range a.measures {
		a.values[j] = append(a.values[j], float(a.cols[i].Kind, r[i]))
	}
	burst := int32(0)
	if a.burstCol >= 0 {
		burst = int32(r[a.burstCol].Int64())
		a.bursts = append(a.bursts, burst)
	}
	for j, e := range a.ew {
		a.ewVals[j] = append(a.ewVals[j], ewRun{alarm: r[e.alarm].Boolean(), lead: int32(r[e.lead].Int64())})
	}
	if a.points != nil {
		if int64(len(a.points)) == point {
			vals, err := a.plan.Values(point)
			if err != nil {
				return err
			}
			a.points = append(a.points, pointAcc{values: vals, sums: make([]float64, len(a.measures)), counts: make([]int64, len(a.measures))})
		}
		p := &a.points[point]
		p.runs++
		if burst != 0 {
			p.bursts++
		}
		for j, i := range a.measures {
			if v := float(a.cols[i].Kind, r[i]); !math.IsNaN(v) && !math.IsInf(v, 0) {
				p.sums[j] += v
				p.counts[j]++
			}
		}
	}
	a.n++
	return nil
}

// stats summarises values (any order); ok is false when none is finite.
func stats(values []float64) (*MeasureStats, int64, int64) {
	fin := make([]float64, 0, len(values))
	for _, v := range values {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			fin = append(fin, v)
		}
	}
	nonFinite := int64(len(values) - len(fin))
	if len(fin) == 0 {
		return nil, 0, nonFinite
	}
	sum := 0.0
	for _, v := range fin {
		sum += v
	}
	mean := sum / float64(len(fin))
	ss := 0.0
	for _, v := range fin {
		ss += (v - mean) * (v - mean)
	}
	sd := 0.0
	if len(fin) > 1 {
		sd = math.Sqrt(ss / float64(len(fin)-1))
	}
	slices.Sort(fin)
	s := &MeasureStats{Mean: mean, SD: sd, Min: fin[0], Max: fin[len(fin)-1]}
	for _, p := range QuantileLevels {
		s.Quantiles = append(s.Quantiles, Quantile{P: p, Value: sensitivity.Quantile(fin, p)})
	}
	return s, int64(len(fin)), nonFinite
}

func (a *accumulator) aggregate(workers int) (*Aggregate, error) {
	plan := a.plan
	if a.n != plan.Runs {
		return nil, fmt.Errorf("read %d runs of %d", a.n, plan.Runs)
	}
	agg := &Aggregate{Sweep: SweepInfo{
		Name: plan.Spec.Name, Fingerprint: plan.Fingerprint, Runs: plan.Runs, Points: plan.Points,
		Replications: plan.Spec.Replications, Method: plan.Spec.Design.Method, Seeds: plan.Spec.Seeds,
		MasterSeed: plan.Spec.Seed, Parameters: []string{}, Start: plan.Base.Start.String(), Months: plan.Base.Months,
		BurstDrawdown: plan.Base.Markets.BurstDrawdown, Counterfactual: plan.Spec.Outputs.Counterfactual,
	}}
	for _, p := range plan.Params {
		agg.Sweep.Parameters = append(agg.Sweep.Parameters, p.Path)
	}
	if a.burstCol >= 0 {
		agg.Burst = a.burstSummary()
	}
	absent := plan.NotComputed()
	for j, i := range a.measures {
		name := a.cols[i].Name
		// Parts written before the loss columns were NaN hold zeros
		// there: the note, not the values, decides.
		if note, ok := absent[name]; ok {
			agg.Measures = append(agg.Measures, MeasureSummary{Name: name, NonFinite: a.n, Note: note})
			continue
		}
		st, n, nf := stats(a.values[j])
		agg.Measures = append(agg.Measures, MeasureSummary{Name: name, Count: n, NonFinite: nf, Stats: st})
	}
	if plan.Spec.Design.Method == Saltelli {
		s, err := a.sobol(workers)
		if err != nil {
			return nil, err
		}
		agg.Sobol = s
	}
	for j, e := range a.ew {
		agg.EarlyWarning = append(agg.EarlyWarning, a.detectorSummary(e.name, a.ewVals[j]))
	}
	return agg, nil
}

func (a *accumulator) burstSummary() *BurstSummary {
	b := &BurstSummary{Runs: a.n}
	first := a.plan.Base.Start.Year()
	last := (a.plan.Base.Start + sim.Month(a.plan.Base.Months) - 1).Year()
	count := map[int]int64{}
	for _, y := range a.bursts {
		if y != 0 {
			b.RunsWithBurst++
			count[int(y)]++
			first, last = min(first, int(y)), max(last, int(y))
		}
	}
	b.Probability = float64(b.RunsWithBurst) / float64(a.n)
	cum := int64(0)
	for y := first; y <= last; y++ {
		cum += count[y]
		b.ByYear = append(b.ByYear, BurstYear{Year: y, Runs: count[y], Probability: float64(count[y]) / float64(a.n), Cumulative: float64(cum) / float64(a.n)})
	}
	return b
}

func (a *accumulator) detectorSummary(name string, runs []ewRun) DetectorSummary {
	d := DetectorSummary{Detector: name}
	var leads []float64
	for i, r := range runs {
		burst := a.burstCol >= 0 && a.bursts[i] != 0
		switch {
		case burst:
			d.RunsWithBurst++
			if r.lead >= 0 {
				d.WarnedBeforeBurst++
				leads = append(leads, float64(r.lead))
			}
		default:
			d.RunsWithoutBurst++
			if r.alarm {
				d.FalseAlarms++
			}
		}
	}
	if d.RunsWithBurst > 0 {
		d.HitRate = float64(d.WarnedBeforeBurst) / float64(d.RunsWithBurst)
	}
	if d.RunsWithoutBurst > 0 {
		d.FalseAlarmRate = float64(d.FalseAlarms) / float64(d.RunsWithoutBurst)
	}
	d.LeadMonths, _, _ = stats(leads)
	return d
}

// sobolSeed keys the bootstrap of the Sobol indices.
const sobolSeed = 0x736f626f6c

// sobol estimates the indices of every measure and of the burst
// indicator. Each (base sample j, replication r) is one bootstrap unit
// with its outputs at A_j, B_j and AB_ij.
func (a *accumulator) sobol(workers int) (*SobolSummary, error) {
	plan := a.plan
	d := plan.Spec.Design
	k := len(plan.Params)
	reps := int64(plan.Spec.Replications)
	units := int64(d.Samples) * reps
	s := &SobolSummary{BaseSamples: d.Samples, Replications: plan.Spec.Replications, Seeds: plan.Spec.Seeds, Bootstrap: d.Bootstrap, Confidence: d.Confidence}
	run := func(j int64, row int, r int64) int64 { return (j*int64(k+2)+int64(row))*reps + r }
	sample := func(values func(run int64) float64) sensitivity.Sample {
		sm := sensitivity.Sample{FA: make([]float64, units), FB: make([]float64, units), FAB: make([][]float64, k)}
		for i := range sm.FAB {
			sm.FAB[i] = make([]float64, units)
		}
		for j := range int64(d.Samples) {
			for r := range reps {
				u := j*reps + r
				sm.FA[u] = values(run(j, 0, r))
				sm.FB[u] = values(run(j, k+1, r))
				for i := range k {
					sm.FAB[i][u] = values(run(j, i+1, r))
				}
			}
		}
		return sm
	}
	type output struct {
		name   string
		values func(int64) float64
	}
	var outs []output
	absent := plan.NotComputed()
	for j, i := range a.measures {
		vals := a.values[j]
		outs = append(outs, output{a.cols[i].Name, func(run int64) float64 { return vals[run] }})
	}
	if a.burstCol >= 0 {
		outs = append(outs, output{"burst", func(run int64) float64 {
			if a.bursts[run] != 0 {
				return 1
			}
			return 0
		}})
	}
	for _, o := range outs {
		if note, ok := absent[o.name]; ok {
			s.Outputs = append(s.Outputs, SobolOutput{Output: o.name, Note: note})
			continue
		}
		res, err := sensitivity.Estimate(sample(o.values), sensitivity.Bootstrap{Resamples: d.Bootstrap, Confidence: d.Confidence, Seed: RunSeed(plan.Spec.Seed, sobolSeed), Workers: workers})
		so := SobolOutput{Output: o.name}
		switch {
		case errors.Is(err, sensitivity.ErrNoVariance):
			so.Note = "constant over the sample: no variance to attribute"
		case err != nil:
			so.Note = err.Error()
		default:
			so.Variance = res.Variance
			for i, p := range plan.Params {
				so.Indices = append(so.Indices, SobolIndex{Parameter: p.Path, First: res.First[i], FirstCI: res.FirstCI[i], Total: res.Total[i], TotalCI: res.TotalCI[i]})
			}
		}
		s.Outputs = append(s.Outputs, so)
	}
	return s, nil
}

func g(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func (s *SobolSummary) writeCSV(w io.Writer) error {
	cw := results.NewCSVWriter(w)
	if err := cw.Write([]string{"output", "parameter", "first", "first_low", "first_high", "total", "total_low", "total_high"}); err != nil {
		return err
	}
	for _, o := range s.Outputs {
		for _, ix := range o.Indices {
			if err := cw.Write([]string{o.Output, ix.Parameter, g(ix.First), g(ix.FirstCI[0]), g(ix.FirstCI[1]), g(ix.Total), g(ix.TotalCI[0]), g(ix.TotalCI[1])}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// writePoints writes points.csv: per grid point, its parameter values, its
// runs, the share with a burst and the mean of every measure.
func (a *accumulator) writePoints(w io.Writer) error {
	cw := results.NewCSVWriter(w)
	head := []string{"point"}
	for _, p := range a.plan.Params {
		head = append(head, p.Column)
	}
	head = append(head, "runs", "burst_probability")
	for _, i := range a.measures {
		head = append(head, "mean_"+a.cols[i].Name)
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	absent := a.plan.NotComputed()
	for pi, p := range a.points {
		rec := []string{strconv.Itoa(pi)}
		for i, v := range p.values {
			rec = append(rec, fmt.Sprint(a.plan.column(i, v)))
		}
		rec = append(rec, strconv.FormatInt(p.runs, 10), g(float64(p.bursts)/float64(p.runs)))
		for j, i := range a.measures {
			if _, ok := absent[a.cols[i].Name]; ok || p.counts[j] == 0 {
				rec = append(rec, "")
				continue
			}
			rec = append(rec, g(p.sums[j]/float64(p.counts[j])))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteText writes the aggregate as plain tables.
func (agg *Aggregate) WriteText(w io.Writer) error {
	var b strings.Builder
	s := agg.Sweep
	fmt.Fprintf(&b, "Sweep %s: %d runs (%d points x %d replications, %s design, %s seeds, master seed %d), %d months from %s\n",
		s.Name, s.Runs, s.Points, s.Replications, s.Method, s.Seeds, s.MasterSeed, s.Months, s.Start)
	if len(s.Parameters) > 0 {
		fmt.Fprintf(&b, "Varied: %s\n", strings.Join(s.Parameters, ", "))
	}
	fmt.Fprintf(&b, "Fingerprint %s\n", s.Fingerprint)
	if br := agg.Burst; br != nil {
		fmt.Fprintf(&b, "\nBurst (listed AI market value %.0f%% below its running peak, markets.burst_drawdown of the base): %d of %d runs, probability %.4f\n", 100*s.BurstDrawdown, br.RunsWithBurst, br.Runs, br.Probability)
		fmt.Fprintf(&b, "  %-6s %10s %12s %12s\n", "year", "runs", "probability", "cumulative")
		for _, y := range br.ByYear {
			fmt.Fprintf(&b, "  %-6d %10d %12.4f %12.4f\n", y.Year, y.Runs, y.Probability, y.Cumulative)
		}
	}
	fmt.Fprintf(&b, "\nMeasures over runs (quantiles: R type 7)\n")
	fmt.Fprintf(&b, "  %-26s %12s %12s %12s %12s %12s %12s %12s\n", "measure", "mean", "sd", "p05", "p25", "p50", "p75", "p95")
	q := func(st *MeasureStats, p float64) float64 {
		for _, x := range st.Quantiles {
			if x.P == p {
				return x.Value
			}
		}
		return math.NaN()
	}
	for _, m := range agg.Measures {
		switch {
		case m.Note != "":
			fmt.Fprintf(&b, "  %-26s %s\n", m.Name, m.Note)
			continue
		case m.Stats == nil:
			fmt.Fprintf(&b, "  %-26s %12s\n", m.Name, "no finite values")
			continue
		}
		st := m.Stats
		fmt.Fprintf(&b, "  %-26s %12.5g %12.5g %12.5g %12.5g %12.5g %12.5g %12.5g\n", m.Name, st.Mean, st.SD, q(st, 0.05), q(st, 0.25), q(st, 0.5), q(st, 0.75), q(st, 0.95))
	}
	if so := agg.Sobol; so != nil {
		fmt.Fprintf(&b, "\nSobol indices (Saltelli 2010 first order, Jansen 1999 total; %d base samples x %d replications, %.0f%% bootstrap intervals from %d resamples)\n",
			so.BaseSamples, so.Replications, 100*so.Confidence, so.Bootstrap)
		for _, o := range so.Outputs {
			if o.Note != "" {
				fmt.Fprintf(&b, "  %s: %s\n", o.Output, o.Note)
				continue
			}
			fmt.Fprintf(&b, "  %s (variance %.5g)\n", o.Output, o.Variance)
			for _, ix := range o.Indices {
				fmt.Fprintf(&b, "    %-40s S %7.4f [%7.4f, %7.4f]   ST %7.4f [%7.4f, %7.4f]\n", ix.Parameter, ix.First, ix.FirstCI[0], ix.FirstCI[1], ix.Total, ix.TotalCI[0], ix.TotalCI[1])
			}
		}
	}
	for _, d := range agg.EarlyWarning {
		fmt.Fprintf(&b, "\nEarly warning by %s: warned before the burst in %d of %d runs with a burst (hit rate %.4f); false alarms in %d of %d runs without (rate %.4f)\n",
			d.Detector, d.WarnedBeforeBurst, d.RunsWithBurst, d.HitRate, d.FalseAlarms, d.RunsWithoutBurst, d.FalseAlarmRate)
		if st := d.LeadMonths; st != nil {
			fmt.Fprintf(&b, "  months of warning before the burst: mean %.1f, p10 %.1f, median %.1f, p90 %.1f\n", st.Mean, q(st, 0.1), q(st, 0.5), q(st, 0.9))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
