package calibrate

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/bubblelab/bubblelab/dataset"
	"github.com/bubblelab/bubblelab/sim"
	"github.com/bubblelab/bubblelab/sweep"
)

// Param is one estimated parameter with its prior box. Estimators work in
// the unit cube; FromUnit maps a coordinate to the parameter's value.
type Param struct {
	Path string  `json:"path"`
	Min  float64 `json:"min"`
	Max  float64 `json:"max"`
	Log  bool    `json:"log,omitempty"`
}

// FromUnit maps u in [0,1] to [Min, Max], uniformly or in the logarithm.
func (p Param) FromUnit(u float64) float64 {
	if p.Log {
		return math.Exp(math.Log(p.Min) + u*(math.Log(p.Max)-math.Log(p.Min)))
	}
	return p.Min + u*(p.Max-p.Min)
}

// ToUnit is the inverse of FromUnit.
func (p Param) ToUnit(x float64) float64 {
	if p.Log {
		return (math.Log(x) - math.Log(p.Min)) / (math.Log(p.Max) - math.Log(p.Min))
	}
	return (x - p.Min) / (p.Max - p.Min)
}

// Sample is what one run at one parameter point yields.
type Sample struct {
	// Moments are in the order of Problem.Names.
	Moments []float64
	// LogPath is the log basket value of each month from the fit window's
	// first month to the holdout's last.
	LogPath []float64
}

// Simulator runs the model at parameter values x (in Problem.Params order)
// with one seed. It must be safe for concurrent use and deterministic.
type Simulator interface {
	Simulate(ctx context.Context, x []float64, seed uint64) (Sample, error)
}

// ModelSimulator runs sim.Run on Base with the estimated parameters set by
// sim.SetParams, for just the months the moments need.
type ModelSimulator struct {
	Base    sim.Params
	Inputs  sim.Inputs
	Paths   []string
	Basket  []BasketFirm
	Fit     Window
	Holdout Window
	Facts   []SpecFact

	macro []dataset.MacroFact
	firms []dataset.Firm
}

// NewModelSimulator checks that base covers the windows and loads the
// tables sim.Calibration compares with.
func NewModelSimulator(base sim.Params, in sim.Inputs, paths []string, basket []BasketFirm, fit, holdout Window, facts []SpecFact) (*ModelSimulator, error) {
	if base.Start > fit.From {
		return nil, fmt.Errorf("the scenario starts in %s, after the fit window's first month %s", base.Start, fit.From)
	}
	m := &ModelSimulator{Base: base, Inputs: in, Paths: paths, Basket: basket, Fit: fit, Holdout: holdout, Facts: facts}
	if len(facts) > 0 {
		var err error
		if m.macro, err = dataset.DefaultMacroFacts(); err != nil {
			return nil, err
		}
		if m.firms, err = dataset.DefaultFirms(); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// Params returns the base with the estimated parameters at x, validated.
func (m *ModelSimulator) Params(x []float64) (sim.Params, error) {
	p := m.Base.Clone()
	vals := make([]any, len(x))
	for i, v := range x {
		vals[i] = v
	}
	if err := sim.SetParams(&p, m.Paths, vals); err != nil {
		return p, err
	}
	return p, nil
}

// Simulate implements Simulator.
func (m *ModelSimulator) Simulate(ctx context.Context, x []float64, seed uint64) (Sample, error) {
	p, err := m.Params(x)
	if err != nil {
		return Sample{}, err
	}
	p.Months = int(m.Holdout.To-p.Start) + 1
	res, err := sim.Run(ctx, p, m.Inputs, seed, nil)
	if err != nil {
		return Sample{}, err
	}
	path, err := ModelBasket(res, m.Basket)
	if err != nil {
		return Sample{}, err
	}
	mom, err := BasketMoments(path, m.Fit)
	if err != nil {
		return Sample{}, err
	}
	if len(m.Facts) > 0 {
		items, err := sim.Calibration(res, m.macro, m.firms)
		if err != nil {
			return Sample{}, err
		}
		for _, f := range m.Facts {
			v, err := factMoment(items, f.Item)
			if err != nil {
				return Sample{}, err
			}
			mom = append(mom, v)
		}
	}
	var lp []float64
	for t := m.Fit.From; t <= m.Holdout.To; t++ {
		v, _ := path.At(t)
		if !(v > 0) || math.IsInf(v, 0) {
			return Sample{}, fmt.Errorf("model basket value %v in %s has no logarithm", v, t)
		}
		lp = append(lp, math.Log(v))
	}
	return Sample{Moments: mom, LogPath: lp}, nil
}

// ErrNoItem marks a fact target that sim.Calibration does not produce.
var ErrNoItem = errors.New("no such row of the calibration table")

// factMoment is model/observed − 1 of the calibration row named item.
func factMoment(items []sim.CalibrationItem, item string) (float64, error) {
	var names []string
	for _, it := range items {
		if it.Item == item {
			if it.Observed == 0 {
				return 0, fmt.Errorf("fact %q: observed value is 0, so a relative error is undefined", item)
			}
			v := it.Model/it.Observed - 1
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return 0, fmt.Errorf("fact %q: model value %v", item, it.Model)
			}
			return v, nil
		}
		names = append(names, it.Item)
	}
	return 0, fmt.Errorf("fact %q: %w; rows: %s", item, ErrNoItem, strings.Join(names, "; "))
}

// ModelBasket sums the month-end market values of the basket firms in a
// run (sim.Result.Prices); a firm missing in a month is an error, so that a
// renamed firm cannot silently shrink the basket.
func ModelBasket(res *sim.Result, basket []BasketFirm) (Monthly, error) {
	if len(res.Months) == 0 {
		return Monthly{}, fmt.Errorf("model basket: the run has no months")
	}
	start, err := sim.ParseMonth(res.Months[0].Month)
	if err != nil {
		return Monthly{}, err
	}
	idx := map[string]bool{}
	for _, f := range basket {
		idx[f.Name] = true
	}
	out := Monthly{Start: start, Values: make([]float64, len(res.Months))}
	seen := make([]int, len(res.Months))
	for _, pr := range res.Prices {
		if !idx[pr.Firm] {
			continue
		}
		t, err := sim.ParseMonth(pr.Month)
		if err != nil {
			return Monthly{}, err
		}
		k := int(t - start)
		if k < 0 || k >= len(out.Values) {
			continue
		}
		out.Values[k] += pr.ValueBn
		seen[k]++
	}
	for k, n := range seen {
		if n != len(basket) {
			return Monthly{}, fmt.Errorf("model basket: %d of the %d basket firms priced in %s (firms: %s)", n, len(basket), start+sim.Month(k), basketNames(basket))
		}
	}
	return out, nil
}

func basketNames(b []BasketFirm) string {
	var s []string
	for _, f := range b {
		s = append(s, f.Name)
	}
	return strings.Join(s, ", ")
}

// Problem is a calibration resolved against the observed data: the moments'
// names, observed values and weights, the parameters and the seeds.
type Problem struct {
	Params []Param `json:"params"`
	// Names, Observed and Weights are the moments: the weighted squared
	// distance is Σ Weights[j]·(simulated[j] − Observed[j])².
	Names    []string  `json:"moments"`
	Observed []float64 `json:"observed"`
	Weights  []float64 `json:"weights"`
	// Variances are the bootstrap (or stated) variances behind Weights.
	Variances []float64 `json:"variances"`
	Fit       Window    `json:"fit"`
	Holdout   Window    `json:"holdout"`
	// ObservedPath is the observed month-end basket, fit and holdout.
	ObservedPath Monthly  `json:"-"`
	Seeds        []uint64 `json:"seeds"`
}

// seedTag separates the model runs' seeds from the other streams.
const seedTag = 0x63616c6962726174

// NewProblem builds the moments from the observed daily basket d: the
// observed moments on the fit window, the bootstrap variances and the
// weights, and the facts (observed 0, variance relative_se²).
func NewProblem(s *Spec, d Daily) (*Problem, error) {
	fit, hold := s.FitWindow(), s.HoldoutWindow()
	p := &Problem{Fit: fit, Holdout: hold}
	for _, sp := range s.Parameters {
		p.Params = append(p.Params, Param{Path: sp.Path, Min: sp.Min, Max: sp.Max, Log: sp.Scale == "log"})
	}
	m, err := MonthEnds(d)
	if err != nil {
		return nil, err
	}
	for t := fit.From; t <= hold.To; t++ {
		if _, ok := m.At(t); !ok {
			return nil, fmt.Errorf("observed basket: no month end in %s (the data cover %s..%s)", t, m.Start, m.End()-1)
		}
	}
	p.ObservedPath = Monthly{Start: fit.From, Values: m.Values[fit.From-m.Start : hold.To-m.Start+1]}
	obs, err := BasketMoments(m, fit)
	if err != nil {
		return nil, err
	}
	vars, err := BootstrapVariance(d, fit, s.Bootstrap.Replications, s.Bootstrap.BlockDays, s.Seed^bootstrapTag)
	if err != nil {
		return nil, err
	}
	names := BasketMomentNames(fit)
	n := fit.Len()
	mult := func(j int) float64 {
		switch {
		case j < n:
			return s.Targets.Levels
		case names[j] == VolatilityMoment:
			return s.Targets.Volatility
		}
		return s.Targets.Autocorrelation
	}
	for j := range names {
		if !(vars[j] > 0) {
			return nil, fmt.Errorf("moment %s: bootstrap variance %v", names[j], vars[j])
		}
		p.Names = append(p.Names, names[j])
		p.Observed = append(p.Observed, obs[j])
		p.Variances = append(p.Variances, vars[j])
		p.Weights = append(p.Weights, mult(j)/vars[j])
	}
	for _, f := range s.Targets.Facts {
		v := f.RelativeSE * f.RelativeSE
		p.Names = append(p.Names, "fact:"+f.Item)
		p.Observed = append(p.Observed, 0)
		p.Variances = append(p.Variances, v)
		p.Weights = append(p.Weights, f.Weight/v)
	}
	for k := range s.Seeds {
		p.Seeds = append(p.Seeds, sweep.RunSeed(s.Seed^seedTag, uint64(k)))
	}
	return p, nil
}

// Distance is the square root of the weighted squared distance of the
// simulated moments m from the observed.
func (p *Problem) Distance(m []float64) float64 {
	j := 0.0
	for i, x := range m {
		d := x - p.Observed[i]
		j += p.Weights[i] * d * d
	}
	return math.Sqrt(j)
}

// Values maps a point of the unit cube to parameter values.
func (p *Problem) Values(u []float64) []float64 {
	x := make([]float64, len(u))
	for i, v := range u {
		x[i] = p.Params[i].FromUnit(v)
	}
	return x
}
