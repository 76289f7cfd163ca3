package sweep

import (
	"crypto/sha256"
	"encoding"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/bubblelab/bubblelab/inputerr"
	"github.com/bubblelab/bubblelab/scenario"
	"github.com/bubblelab/bubblelab/sim"
	"github.com/bubblelab/bubblelab/sweep/qmc"
)

// Plan is a sweep resolved against its base scenario: every run's
// parameters and seed are pure functions of the plan and the run index.
type Plan struct {
	Spec *Spec
	// Base is the base scenario with the spec's set: applied.
	Base sim.Params
	// BaseYAML is scenario.Marshal(Base).
	BaseYAML []byte
	// Points and Runs count the design points and the runs
	// (Points × Replications).
	Points, Runs int64
	// Params describes the varied parameters in spec order.
	Params []ParamInfo
	// Fingerprint identifies the sweep: a SHA-256 of the canonical spec
	// with the base scenario replaced by its resolved parameters. Results
	// with the same fingerprint come from the same runs.
	Fingerprint string

	sobol *qmc.Sobol
	table *pointTable
}

// ParamInfo describes one varied parameter.
type ParamInfo struct {
	Path string
	// Kind is the type of the parameter: Float64, Int64, Bool or String
	// (anything else, such as a list, is written as JSON text).
	Kind Kind
	// Column is the name of its column in the runs table, "param." + Path.
	Column string
}

// ParamColumnPrefix starts the name of every varied parameter's column.
const ParamColumnPrefix = "param."

// NewPlan resolves spec: loads the base scenario (a built-in name, or a
// file relative to the spec's folder), applies set:, and checks that every
// listed value and both ends of every range are valid parameters. Errors
// name the spec's file and line.
func NewPlan(spec *Spec) (*Plan, error) {
	p := &Plan{Spec: spec}
	base, err := loadBase(spec)
	if err != nil {
		return nil, err
	}
	for _, a := range spec.Set {
		if err := scenario.Set(&base, a.Path, a.Value); err != nil {
			return nil, located(spec.File, a.Line, "set."+a.Path, err)
		}
	}
	p.Base = base
	if p.BaseYAML, err = scenario.Marshal(base); err != nil {
		return nil, fmt.Errorf("sweep %s: %w", spec.Name, err)
	}
	kinds, err := paramKinds(base)
	if err != nil {
		return nil, err
	}
	if spec.Design.Method.fromFile() {
		if err := p.loadTable(kinds); err != nil {
			return nil, err
		}
	} else if p.Points, p.Runs, err = spec.countRuns(0); err != nil {
		return nil, inputerr.New(spec.File, 0, "design", "%v", err)
	}
	d := spec.Design
	for _, par := range d.Parameters {
		info := ParamInfo{Path: par.Path, Column: ParamColumnPrefix + par.Path, Kind: String}
		k, ok := kinds(par.Path)
		if ok {
			info.Kind = k
		}
		switch d.Method {
		case Grid:
			if !ok {
				info.Kind = gridKind(par.Values)
			}
			for _, v := range par.Values {
				q := base
				if err := scenario.Set(&q, par.Path, v); err != nil {
					return nil, located(spec.File, par.Line, "design.parameters.values", err)
				}
			}
		case LHS, Saltelli:
			if !ok {
				// A new key of a map-valued parameter (a vendor share).
				info.Kind = Float64
			}
			switch info.Kind {
			case Float64:
			case Int64:
				if par.Min != math.Trunc(par.Min) || par.Max != math.Trunc(par.Max) {
					return nil, inputerr.New(spec.File, par.Line, "design.parameters", "%s is a whole number: min and max must be whole numbers", par.Path)
				}
				if par.Scale == Log {
					return nil, inputerr.New(spec.File, par.Line, "design.parameters.scale", "%s is a whole number: use a linear scale", par.Path)
				}
			default:
				return nil, inputerr.New(spec.File, par.Line, "design.parameters", "%s is not a number and cannot be sampled from a range; use method grid", par.Path)
			}
			for _, v := range []float64{par.Min, par.Max} {
				q := base
				if err := scenario.Set(&q, par.Path, typed(info.Kind, v)); err != nil {
					return nil, located(spec.File, par.Line, "design.parameters", err)
				}
			}
		}
		p.Params = append(p.Params, info)
	}
	if d.Method == Saltelli {
		if p.sobol, err = qmc.NewSobol(2 * len(d.Parameters)); err != nil {
			return nil, err
		}
		if uint64(d.Samples) > math.MaxUint32 {
			return nil, inputerr.New(spec.File, 0, "design.samples", "at most 2^32-1 base samples")
		}
	}
	if p.Fingerprint, err = fingerprint(spec, p.BaseYAML); err != nil {
		return nil, err
	}
	return p, nil
}

// loadBase loads the spec's base scenario.
func loadBase(spec *Spec) (sim.Params, error) {
	name := spec.Base
	if strings.ContainsAny(name, "/\\.") && !filepath.IsAbs(name) && spec.File != "" {
		name = filepath.Join(filepath.Dir(spec.File), name)
	}
	p, err := scenario.Load(name)
	if err != nil {
		return p, located(spec.File, spec.line("base"), "base", err)
	}
	return p, nil
}

// located marks err as bad input at file:line, field, keeping a location
// the error already has inside another file.
func located(file string, line int, field string, err error) error {
	var ie *inputerr.Error
	if errors.As(err, &ie) && ie.File != "" && ie.File != file {
		return &inputerr.Error{File: file, Line: line, Field: field, Err: err}
	}
	if errors.As(err, &ie) {
		return &inputerr.Error{File: file, Line: line, Field: field, Err: ie.Err}
	}
	return &inputerr.Error{File: file, Line: line, Field: field, Err: err}
}

// paramKinds returns a lookup of the Go type of every parameter of p by
// dotted YAML path, from sim.Params' yaml tags (the YAML encoding cannot
// tell a float that happens to be whole from an integer).
func paramKinds(p sim.Params) (func(path string) (Kind, bool), error) {
	textMarshaler := reflect.TypeFor[encoding.TextMarshaler]()
	return func(path string) (Kind, bool) {
		t := reflect.TypeOf(p)
		for _, part := range strings.Split(path, ".") {
			switch t.Kind() {
			case reflect.Struct:
				found := false
				for i := range t.NumField() {
					f := t.Field(i)
					if strings.Split(f.Tag.Get("yaml"), ",")[0] == part {
						t, found = f.Type, true
						break
					}
				}
				if !found {
					return 0, false
				}
			case reflect.Map:
				t = t.Elem()
			default:
				return 0, false
			}
		}
		if t.Implements(textMarshaler) {
			return String, true
		}
		switch t.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			return Int64, true
		case reflect.Float32, reflect.Float64:
			return Float64, true
		case reflect.Bool:
			return Bool, true
		}
		return String, true
	}, nil
}

// gridKind is the column kind of grid values for a parameter the base
// does not show (a new map key): numbers if all are numbers.
func gridKind(values []any) Kind {
	for _, v := range values {
		switch v.(type) {
		case int, float64:
		default:
			return String
		}
	}
	return Float64
}

// typed converts a sampled number to the parameter's type.
func typed(k Kind, v float64) any {
	if k == Int64 {
		return int64(v)
	}
	return v
}

// fingerprint hashes the canonical spec with the base replaced by the
// hash of the resolved base parameters, so that the same sweep run from
// another folder, or with its base scenario inlined, has the same
// fingerprint.
func fingerprint(spec *Spec, baseYAML []byte) (string, error) {
	c := *spec
	bh := sha256.Sum256(baseYAML)
	c.Base = "sha256:" + hex.EncodeToString(bh[:])
	// A table of points is identified by its hash, not its path.
	c.Design.File = ""
	b, err := c.Marshal()
	if err != nil {
		return "", err
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:]), nil
}

// Golden is SplitMix64's increment, the odd integer nearest 2^64/φ.
const Golden = 0x9e3779b97f4a7c15

// RunSeed returns the seed of stream s of a sweep with master seed
// master: output s (counting from 0) of a SplitMix64 generator (Steele, Lea
// and Flood 2014) whose state starts at SplitMix64's first output for
// master, i.e. Mix64(Mix64(master) + s·Golden) with Mix64 the SplitMix64
// step (add Golden, then finalise). It depends on (master, s) alone.
func RunSeed(master, stream uint64) uint64 {
	return qmc.Mix64(qmc.Mix64(master) + stream*Golden)
}

// Locate returns the design point and replication of run.
func (p *Plan) Locate(run int64) (point, rep int64) {
	r := int64(p.Spec.Replications)
	return run / r, run % r
}

// Seed returns the seed of run: RunSeed(master, stream) where stream is
// the run index (seeds: independent), the replication (seeds: common),
// or, under Saltelli with common seeds, base sample × replications +
// replication, so that the rows A_j, B_j and AB_ij of a base sample share
// their seeds.
func (p *Plan) Seed(run int64) uint64 {
	point, rep := p.Locate(run)
	stream := uint64(run)
	if p.Spec.Seeds == Common {
		stream = uint64(rep)
		if p.Spec.Design.Method == Saltelli {
			j := point / int64(len(p.Params)+2)
			stream = uint64(j*int64(p.Spec.Replications) + rep)
		}
	}
	return RunSeed(p.Spec.Seed, stream)
}

// SaltelliRow names the matrix of a Saltelli point: 0 for A, i in 1..k for
// AB_i (A with column i from B), k+1 for B. Point = j·(k+2) + row.
func (p *Plan) SaltelliRow(point int64) (sample int64, row int) {
	k := int64(len(p.Params) + 2)
	return point / k, int(point % k)
}

// Values returns the varied parameters' values at a design point, in
// spec order, as the Go values written to the runs table (float64, int64,
// bool or string).
func (p *Plan) Values(point int64) ([]any, error) {
	if point < 0 || point >= p.Points {
		return nil, fmt.Errorf("point %d outside 0..%d", point, p.Points-1)
	}
	d := p.Spec.Design
	k := len(d.Parameters)
	vals := make([]any, k)
	switch d.Method {
	case Seeds:
	case Points, Posterior:
		return p.tableValues(point), nil
	case Grid:
		// Mixed radix, the last parameter fastest.
		rest := point
		for i := k - 1; i >= 0; i-- {
			n := int64(len(d.Parameters[i].Values))
			vals[i] = d.Parameters[i].Values[rest%n]
			rest /= n
		}
	case LHS:
		u := make([]float64, k)
		h := qmc.LatinHypercube{N: uint64(p.Points), Dim: k, Seed: qmc.Mix64(p.Spec.Seed ^ 0x6c6873)}
		if err := h.Point(uint64(point), u); err != nil {
			return nil, err
		}
		for i := range k {
			vals[i] = p.fromUnit(i, u[i])
		}
	case Saltelli:
		j, row := p.SaltelliRow(point)
		u := make([]float64, 2*k)
		p.sobol.Point(uint32(j), u)
		for i := range k {
			x := u[i] // A
			if row == k+1 || row == i+1 {
				x = u[k+i] // B, or column i of AB_i
			}
			vals[i] = p.fromUnit(i, x)
		}
	}
	return vals, nil
}

// fromUnit maps u in [0, 1) to parameter i's range.
func (p *Plan) fromUnit(i int, u float64) any {
	par := p.Spec.Design.Parameters[i]
	if p.Params[i].Kind == Int64 {
		lo, hi := int64(par.Min), int64(par.Max)
		v := lo + int64(math.Floor(u*float64(hi-lo+1)))
		return min(v, hi)
	}
	if par.Scale == Log {
		return math.Exp(math.Log(par.Min) + u*(math.Log(par.Max)-math.Log(par.Min)))
	}
	return par.Min + u*(par.Max-par.Min)
}

// column converts a design value to its runs-table cell value.
func (p *Plan) column(i int, v any) any {
	switch p.Params[i].Kind {
	case Float64:
		switch x := v.(type) {
		case float64:
			return x
		case int:
			return float64(x)
		case int64:
			return float64(x)
		}
	case Int64:
		switch x := v.(type) {
		case int64:
			return x
		case int:
			return int64(x)
		}
	case Bool:
		if b, ok := v.(bool); ok {
			return b
		}
	}
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// Params returns the model parameters of a design point: the base with
// the point's values set through scenario.Set, which validates them.
func (p *Plan) PointParams(point int64) (sim.Params, error) {
	vals, err := p.Values(point)
	if err != nil {
		return sim.Params{}, err
	}
	q := p.Base
	keys := make([]string, len(vals))
	for i := range vals {
		keys[i] = p.Params[i].Path
	}
	if err := scenario.SetMany(&q, keys, vals); err != nil {
		return sim.Params{}, fmt.Errorf("design point %d: %w", point, err)
	}
	return q, nil
}

// Shard is one of Count contiguous slices of a sweep's runs.
type Shard struct{ Index, Count int }

func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// Range returns the runs [lo, hi) of shard s of a sweep of runs runs:
// lo = floor(Index·runs/Count). Shards differ in size by at most one run.
func (s Shard) Range(runs int64) (lo, hi int64) {
	at := func(i int) int64 {
		h, l := bits.Mul64(uint64(i), uint64(runs))
		q, _ := bits.Div64(h, l, uint64(s.Count))
		return int64(q)
	}
	return at(s.Index), at(s.Index + 1)
}

// Owner returns the shard of Count that owns run.
func (s Shard) Owner(run, runs int64) int {
	// The smallest i with Range(i+1).lo > run.
	lo, hi := 0, s.Count-1
	for lo < hi {
		mid := (lo + hi) / 2
		if _, end := (Shard{mid, s.Count}).Range(runs); end > run {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// ParseShard reads "i/N" with 0 <= i < N.
func ParseShard(s string) (Shard, error) {
	var sh Shard
	a, b, ok := strings.Cut(s, "/")
	if !ok {
		return sh, inputerr.Errorf("shard %q: want i/N, e.g. 0/4", s)
	}
	if _, err := fmt.Sscan(a, &sh.Index); err != nil {
		return sh, inputerr.Errorf("shard %q: index %q is not a number", s, a)
	}
	if _, err := fmt.Sscan(b, &sh.Count); err != nil {
		return sh, inputerr.Errorf("shard %q: count %q is not a number", s, b)
	}
	if fmt.Sprintf("%d/%d", sh.Index, sh.Count) != s {
		return sh, inputerr.Errorf("shard %q: want i/N, e.g. 0/4", s)
	}
	return sh, sh.check()
}

func (s Shard) check() error {
	if s.Count < 1 || s.Count > 1<<24 {
		return inputerr.Errorf("shard count %d: want 1 to %d", s.Count, 1<<24)
	}
	if s.Index < 0 || s.Index >= s.Count {
		return inputerr.Errorf("shard %d/%d: the index must be between 0 and %d", s.Index, s.Count, s.Count-1)
	}
	return nil
}
