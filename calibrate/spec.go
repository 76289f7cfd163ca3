package calibrate

import (
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/bubblelab/bubblelab/inputerr"
	"github.com/bubblelab/bubblelab/internal/strictyaml"
	"github.com/bubblelab/bubblelab/sim"
)

// MaxSpecBytes bounds a calibration spec file.
const MaxSpecBytes = 256 << 10

// Spec is a calibration spec as written in YAML (docs/calibrate.md).
type Spec struct {
	// Name names the calibration in messages and outputs.
	Name string `yaml:"name"`
	// Base is the scenario estimated: a built-in name or a scenario file
	// (relative to the spec's folder).
	Base string `yaml:"base"`
	// Seed is the master seed of the model runs, the bootstrap and the
	// samplers.
	Seed uint64 `yaml:"seed"`
	// Seeds is the number of model runs per parameter point; every point
	// uses the same seeds (common random numbers).
	Seeds int `yaml:"seeds" range:"[1,1024]"`
	// Parameters are the estimated parameters with their prior ranges.
	Parameters []SpecParam `yaml:"parameters" len:"[1,32]"`
	// Basket names the model firms whose summed market value is the
	// target path (default DefaultBasket).
	Basket []string `yaml:"basket" len:"[1,64]"`
	// Fit and Holdout are the windows of months fitted and held out.
	Fit     SpecWindow `yaml:"fit"`
	Holdout SpecWindow `yaml:"holdout"`
	// Targets weigh the moments.
	Targets SpecTargets `yaml:"targets"`
	// Bootstrap configures the weights' moving-block bootstrap.
	Bootstrap SpecBootstrap `yaml:"bootstrap"`
	// SMM and ABC configure the estimators; a zero budget skips one.
	SMM      SpecSMM      `yaml:"smm"`
	ABC      SpecABC      `yaml:"abc"`
	Forecast SpecForecast `yaml:"forecast"`

	// File is the spec's path.
	File string `yaml:"-"`
	doc  *strictyaml.Doc
}

// SpecParam is one estimated parameter and its uniform prior on
// [min, max] (on log scale: uniform in the logarithm).
type SpecParam struct {
	Path  string  `yaml:"path"`
	Min   float64 `yaml:"min"`
	Max   float64 `yaml:"max"`
	Scale string  `yaml:"scale" enum:"linear|log"`
	Line  int     `yaml:",line"`
}

// SpecWindow is an inclusive range of months, YYYY-MM.
type SpecWindow struct {
	From string `yaml:"from"`
	To   string `yaml:"to"`
}

// SpecTargets are the multipliers of each moment group's inverse-variance
// weights, and the macro facts fitted.
type SpecTargets struct {
	Levels          float64    `yaml:"levels" range:"[0,1e6]"`
	Volatility      float64    `yaml:"volatility" range:"[0,1e6]"`
	Autocorrelation float64    `yaml:"autocorrelation" range:"[0,1e6]"`
	Facts           []SpecFact `yaml:"facts" len:"[0,64]"`
}

// SpecFact fits one row of sim.Calibration: the moment is model/observed −
// 1, held to 0 with standard error relative_se.
type SpecFact struct {
	Item       string  `yaml:"item"`
	RelativeSE float64 `yaml:"relative_se" range:"(0,100]"`
	Weight     float64 `yaml:"weight" range:"[0,1e6]"`
	Line       int     `yaml:",line"`
}

// SpecBootstrap configures BootstrapVariance.
type SpecBootstrap struct {
	Replications int `yaml:"replications" range:"[2,100000]"`
	BlockDays    int `yaml:"block_days" range:"[1,1000]"`
}

// SpecSMM is the simulated method of moments' budget: Global Sobol
// points, then up to Local Nelder–Mead evaluations.
type SpecSMM struct {
	Global int `yaml:"global" range:"[0,1000000]"`
	Local  int `yaml:"local" range:"[0,1000000]"`
}

// SpecABC configures ABC-SMC.
type SpecABC struct {
	Particles   int     `yaml:"particles" range:"[0,100000]"`
	Generations int     `yaml:"generations" range:"[1,100]"`
	Quantile    float64 `yaml:"quantile" range:"(0,1)"`
	// MaxProposals bounds the proposals of one generation; a generation
	// that reaches it keeps the particles accepted so far.
	MaxProposals int `yaml:"max_proposals" range:"[1,10000000]"`
}

// SpecForecast configures the forecast over posterior draws.
type SpecForecast struct {
	Draws int `yaml:"draws" range:"[0,1000000]"`
	Seeds int `yaml:"seeds" range:"[1,1024]"`
	// Months is the forecast horizon from the scenario's start (default:
	// the scenario's own months).
	Months int `yaml:"months" range:"[0,1200]"`
}

var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$`)

// LoadSpec reads and parses a spec file.
func LoadSpec(path string) (*Spec, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, inputerr.Wrap(fmt.Errorf("load calibration spec: %w", err))
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, inputerr.New(path, 0, "", "is a folder; name a calibration spec file (see docs/calibrate.md)")
	}
	b, err := io.ReadAll(io.LimitReader(f, MaxSpecBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read calibration spec %s: %w", path, err)
	}
	return ParseSpec(b, path)
}

// DefaultSpec returns the defaults a parsed spec starts from.
func DefaultSpec() Spec {
	return Spec{
		Base:      "baseline",
		Seed:      1,
		Seeds:     4,
		Basket:    slices.Clone(DefaultBasket),
		Fit:       SpecWindow{From: "2023-01", To: "2025-12"},
		Holdout:   SpecWindow{From: "2026-01", To: "2026-05"},
		Targets:   SpecTargets{Levels: 1, Volatility: 1, Autocorrelation: 1},
		Bootstrap: SpecBootstrap{Replications: 200, BlockDays: 21},
		SMM:       SpecSMM{Global: 64, Local: 64},
		ABC:       SpecABC{Particles: 64, Generations: 4, Quantile: 0.5, MaxProposals: 2000},
		Forecast:  SpecForecast{Draws: 64, Seeds: 4},
	}
}

// ParseSpec parses a spec; errors name the file, line and field.
func ParseSpec(b []byte, file string) (*Spec, error) {
	if len(b) > MaxSpecBytes {
		return nil, inputerr.New(file, 0, "", "larger than the %d KiB limit for a calibration spec", MaxSpecBytes>>10)
	}
	doc, err := strictyaml.Parse(b, file, "calibration spec")
	if err != nil {
		return nil, err
	}
	if doc.Empty() {
		return nil, inputerr.New(file, 1, "", "empty calibration spec: list at least the parameters to estimate (see docs/calibrate.md)")
	}
	s := DefaultSpec()
	s.File, s.doc = file, doc
	if doc.Has("basket") {
		s.Basket = nil
	}
	if err := doc.Decode(&s); err != nil {
		return nil, err
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	return &s, nil
}

func (s *Spec) check() error {
	doc := s.doc
	if s.Name == "" {
		s.Name = strings.TrimSuffix(filepath.Base(s.File), filepath.Ext(s.File))
		if !nameRE.MatchString(s.Name) {
			s.Name = "calibration"
		}
	} else if !nameRE.MatchString(s.Name) {
		return doc.Errorf("name", "%q: use letters, digits, '.', '_' and '-' (at most 100)", s.Name)
	}
	if len(s.Parameters) == 0 {
		return doc.Errorf("parameters", "missing: list the parameters to estimate with min and max")
	}
	for i := range s.Parameters {
		p := &s.Parameters[i]
		at := fmt.Sprintf("parameters[%d]", i)
		for _, k := range []string{"path", "min", "max"} {
			if !doc.Has(at + "." + k) {
				return doc.Errorf(at+"."+k, "missing: each parameter needs path, min and max")
			}
		}
		spec, ok := sim.ParamSpecOf(p.Path)
		if !ok {
			return doc.Errorf(at+".path", "%q is not a parameter of the model (see docs/model.md)", p.Path)
		}
		if spec.Kind != sim.KindFloat {
			return doc.Errorf(at+".path", "%s is a %s; only numbers can be estimated", p.Path, spec.Kind)
		}
		if !(p.Min < p.Max) {
			return doc.Errorf(at+".max", "max %v must be above min %v", p.Max, p.Min)
		}
		for _, x := range []float64{p.Min, p.Max} {
			if !spec.Range.Contains(x) {
				return doc.Errorf(at, "prior bound %v is outside the parameter's range (%s)", x, spec.Range)
			}
		}
		if p.Scale == "" {
			p.Scale = "linear"
		}
		if p.Scale == "log" && !(p.Min > 0) {
			return doc.Errorf(at+".min", "a log-scale prior needs min > 0")
		}
		for _, q := range s.Parameters[:i] {
			if q.Path == p.Path {
				return doc.Errorf(at+".path", "%s listed twice", p.Path)
			}
		}
	}
	for i, f := range s.Targets.Facts {
		at := fmt.Sprintf("targets.facts[%d]", i)
		if strings.TrimSpace(f.Item) == "" {
			return doc.Errorf(at+".item", "missing: name a row of the calibration table (bubblelab run --calibration)")
		}
		if !doc.Has(at + ".relative_se") {
			s.Targets.Facts[i].RelativeSE = 0.1
		}
		if !doc.Has(at + ".weight") {
			s.Targets.Facts[i].Weight = 1
		}
	}
	for _, w := range []struct {
		key string
		win *SpecWindow
	}{{"fit", &s.Fit}, {"holdout", &s.Holdout}} {
		from, err := sim.ParseMonth(w.win.From)
		if err != nil {
			return doc.Errorf(w.key+".from", "%v", err)
		}
		to, err := sim.ParseMonth(w.win.To)
		if err != nil {
			return doc.Errorf(w.key+".to", "%v", err)
		}
		if to < from+3 {
			return doc.Errorf(w.key+".to", "a window needs at least 4 months (%s..%s)", w.win.From, w.win.To)
		}
	}
	fit, hold := s.window(s.Fit), s.window(s.Holdout)
	if hold.From <= fit.To {
		return doc.Errorf("holdout.from", "the holdout (%s) must start after the fit window (%s)", hold, fit)
	}
	if s.SMM.Global+s.SMM.Local == 0 && s.ABC.Particles == 0 {
		return doc.Errorf("smm", "both estimators are off: give smm.global or abc.particles a budget")
	}
	if s.SMM.Local > 0 && s.SMM.Global == 0 {
		return doc.Errorf("smm.global", "the local stage starts from the global stage's best point: give smm.global at least 1")
	}
	if math.IsNaN(s.ABC.Quantile) {
		return doc.Errorf("abc.quantile", "not a number")
	}
	return nil
}

// window returns a checked window.
func (s *Spec) window(w SpecWindow) Window {
	from, _ := sim.ParseMonth(w.From)
	to, _ := sim.ParseMonth(w.To)
	return Window{From: from, To: to}
}

// FitWindow and HoldoutWindow are the spec's windows.
func (s *Spec) FitWindow() Window     { return s.window(s.Fit) }
func (s *Spec) HoldoutWindow() Window { return s.window(s.Holdout) }
