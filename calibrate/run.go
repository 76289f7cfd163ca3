package calibrate

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/bubblelab/bubblelab/internal/atomicfile"
	"github.com/bubblelab/bubblelab/internal/progress"
	"github.com/bubblelab/bubblelab/scenario"
	"github.com/bubblelab/bubblelab/sim"
)

// Options configure Run.
type Options struct {
	Dir     string
	Workers int
	// Progress, if set, receives a progress bar (terminal) or lines.
	Progress io.Writer
	// Inputs are the model's data; nil loads sim.DefaultInputs.
	Inputs *sim.Inputs
	// Simulator replaces the model (tests); nil runs sim.Run.
	Simulator Simulator
}

// Fit is the holdout report of one parameter point: RMSE of
// log(model/observed) basket value over each window, model = mean over
// seeds of the log paths.
type Fit struct {
	X           []float64 `json:"values"`
	Distance    float64   `json:"distance"`
	RMSEFit     float64   `json:"rmse_log_fit"`
	RMSEHoldout float64   `json:"rmse_log_holdout"`
}

// Report is calibration.json.
type Report struct {
	Name      string       `json:"name"`
	Base      string       `json:"base"`
	Problem   *Problem     `json:"problem"`
	Basket    []BasketFirm `json:"basket"`
	Simulated int          `json:"points_simulated"`
	Reused    int          `json:"points_from_log"`
	SMM       *struct {
		Estimate    Fit            `json:"estimate"`
		GlobalBest  Fit            `json:"global_best"`
		GlobalEvals int            `json:"global_evaluations"`
		LocalEvals  int            `json:"local_evaluations"`
		Profile     []ProfilePoint `json:"profile"`
		ProfileStep float64        `json:"profile_step"`
	} `json:"smm,omitempty"`
	ABC *struct {
		Generations   []Generation `json:"generations"`
		PosteriorMean []float64    `json:"posterior_mean"`
		MeanFit       Fit          `json:"best_particle"`
	} `json:"abc,omitempty"`
}

// Run calibrates the spec into opt.Dir: evals.jsonl (every point, the
// resume log), calibration.json and posterior.csv (columns param.PATH,
// weight, distance: a posterior design for bubblelab sweep), the latter two
// written atomically.
func Run(ctx context.Context, s *Spec, opt Options) (*Report, error) {
	if err := os.MkdirAll(opt.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("calibrate: %w", err)
	}
	base, err := loadBase(s)
	if err != nil {
		return nil, err
	}
	basket, err := ShippedBasket(s.Basket)
	if err != nil {
		return nil, err
	}
	daily, err := ObservedBasket(basket, s.FitWindow().From, ShippedPrices)
	if err != nil {
		return nil, err
	}
	prob, err := NewProblem(s, daily)
	if err != nil {
		return nil, err
	}
	simu := opt.Simulator
	if simu == nil {
		in := opt.Inputs
		if in == nil {
			d, err := sim.DefaultInputs()
			if err != nil {
				return nil, err
			}
			in = &d
		}
		var paths []string
		for _, p := range prob.Params {
			paths = append(paths, p.Path)
		}
		if simu, err = NewModelSimulator(base, *in, paths, basket, prob.Fit, prob.Holdout, s.Targets.Facts); err != nil {
			return nil, err
		}
	}
	fp, err := fingerprint(s, base, prob)
	if err != nil {
		return nil, err
	}
	// An upper bound: ABC's later generations stop at their particles'
	// acceptance, usually well before max_proposals.
	total := 0
	if s.SMM.Global > 0 {
		total += s.SMM.Global + s.SMM.Local + 2*len(prob.Params)
	}
	if s.ABC.Particles > 0 {
		total += min(int(math.Ceil(float64(s.ABC.Particles)/s.ABC.Quantile)), s.ABC.MaxProposals) + (s.ABC.Generations-1)*s.ABC.MaxProposals
	}
	ev := &Evaluator{Problem: prob, Sim: simu, Workers: opt.Workers}
	if opt.Progress != nil {
		ev.Progress = progress.New(opt.Progress, "calibrate "+s.Name, total, true)
	}
	loaded, err := ev.OpenLog(filepath.Join(opt.Dir, "evals.jsonl"), fp)
	if err != nil {
		return nil, err
	}
	defer ev.Close()
	rep := &Report{Name: s.Name, Base: s.Base, Problem: prob, Basket: basket, Reused: loaded}
	var posterior []Particle
	if s.SMM.Global > 0 {
		r, err := SMM(ctx, ev, s.SMM.Global, s.SMM.Local)
		if err != nil {
			return nil, err
		}
		rep.SMM = &struct {
			Estimate    Fit            `json:"estimate"`
			GlobalBest  Fit            `json:"global_best"`
			GlobalEvals int            `json:"global_evaluations"`
			LocalEvals  int            `json:"local_evaluations"`
			Profile     []ProfilePoint `json:"profile"`
			ProfileStep float64        `json:"profile_step"`
		}{GlobalEvals: r.GlobalEvals, LocalEvals: r.LocalEvals, Profile: r.Profile, ProfileStep: r.ProfileStep}
		if rep.SMM.Estimate, err = prob.fitOf(r.Best); err != nil {
			return nil, err
		}
		if rep.SMM.GlobalBest, err = prob.fitOf(r.GlobalBest); err != nil {
			return nil, err
		}
		posterior = []Particle{{Eval: r.Best, Weight: 1}}
		if err := writeEstimate(opt.Dir, simu, base, r.Best); err != nil {
			return nil, err
		}
	}
	if s.ABC.Particles > 0 {
		r, err := ABC(ctx, ev, s.ABC.Particles, s.ABC.Generations, s.ABC.Quantile, s.ABC.MaxProposals, s.Seed)
		if err != nil {
			return nil, err
		}
		posterior = r.Population
		mean := make([]float64, len(prob.Params))
		best := r.Population[0].Eval
		for _, p := range r.Population {
			for i, x := range p.Eval.X {
				mean[i] += p.Weight * x
			}
			if p.Eval.Distance < best.Distance {
				best = p.Eval
			}
		}
		rep.ABC = &struct {
			Generations   []Generation `json:"generations"`
			PosteriorMean []float64    `json:"posterior_mean"`
			MeanFit       Fit          `json:"best_particle"`
		}{Generations: r.Generations, PosteriorMean: mean}
		if rep.ABC.MeanFit, err = prob.fitOf(best); err != nil {
			return nil, err
		}
	}
	ev.Progress.Finish()
	rep.Simulated = ev.Simulated
	if err := writePosterior(filepath.Join(opt.Dir, "posterior.csv"), prob, posterior); err != nil {
		return nil, err
	}
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode calibration.json: %w", err)
	}
	if err := atomicfile.WriteFile(filepath.Join(opt.Dir, "calibration.json"), append(b, '\n'), 0o644); err != nil {
		return nil, err
	}
	return rep, nil
}

func loadBase(s *Spec) (sim.Params, error) {
	name := s.Base
	if strings.ContainsAny(name, "/\\.") && !filepath.IsAbs(name) && s.File != "" {
		name = filepath.Join(filepath.Dir(s.File), name)
	}
	p, err := scenario.Load(name)
	if err != nil {
		return p, fmt.Errorf("calibration base: %w", err)
	}
	return p, nil
}

// fingerprint identifies what the evaluations are of: the spec, the base
// scenario and the observed moments and weights.
func fingerprint(s *Spec, base sim.Params, prob *Problem) (string, error) {
	by, err := scenario.Marshal(base)
	if err != nil {
		return "", err
	}
	js, err := json.Marshal(struct {
		Spec    *Spec
		Problem *Problem
	}{s, prob})
	if err != nil {
		return "", err
	}
	h := sha256.New()
	h.Write(by)
	h.Write(js)
	return hex.EncodeToString(h.Sum(nil)), nil
}

// fitOf reports a point's in- and out-of-sample fit.
func (p *Problem) fitOf(e *Eval) (Fit, error) {
	f := Fit{X: e.X, Distance: finite(e.Distance)}
	lp := e.MeanLogPath()
	if lp == nil {
		return f, fmt.Errorf("point %v has no model path: %s", e.X, e.Err)
	}
	var err error
	if f.RMSEFit, err = LogRMSE(lp, p.Fit.From, p.ObservedPath, p.Fit); err != nil {
		return f, err
	}
	if f.RMSEHoldout, err = LogRMSE(lp, p.Fit.From, p.ObservedPath, p.Holdout); err != nil {
		return f, err
	}
	return f, nil
}

// writePosterior writes the population as param.PATH columns, weight and
// distance.
func writePosterior(path string, p *Problem, pop []Particle) error {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	var head []string
	for _, q := range p.Params {
		head = append(head, "param."+q.Path)
	}
	w.Write(append(head, "weight", "distance"))
	for _, pt := range pop {
		var row []string
		for _, x := range pt.Eval.X {
			row = append(row, strconv.FormatFloat(x, 'g', -1, 64))
		}
		row = append(row, strconv.FormatFloat(pt.Weight, 'g', -1, 64), strconv.FormatFloat(pt.Eval.Distance, 'g', -1, 64))
		w.Write(row)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return atomicfile.WriteFile(path, buf.Bytes(), 0o644)
}

// writeEstimate writes the SMM estimate as a scenario a user can run.
func writeEstimate(dir string, simu Simulator, base sim.Params, best *Eval) error {
	ms, ok := simu.(*ModelSimulator)
	if !ok {
		return nil
	}
	p, err := ms.Params(best.X)
	if err != nil {
		return err
	}
	p.Name = base.Name + "-estimated"
	b, err := scenario.Marshal(p)
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(filepath.Join(dir, "estimate.yaml"), b, 0o644)
}
