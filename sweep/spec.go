package sweep

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/bubblelab/bubblelab/internal/inputerr"
	"github.com/bubblelab/bubblelab/sim"
)

// MaxSpecBytes bounds a sweep spec file; real ones are a few kilobytes.
const MaxSpecBytes = 1 << 20

// Method is how a sweep chooses its parameter points.
type Method string

// The design methods.
const (
	// Seeds runs the base scenario only, Replications times.
	Seeds Method = "seeds"
	// Grid is the cartesian product of listed values, the last parameter
	// varying fastest.
	Grid Method = "grid"
	// LHS is a Latin hypercube of Samples points over the parameters'
	// ranges.
	LHS Method = "lhs"
	// Saltelli is the Saltelli (2010) scheme for Sobol indices: Samples
	// base rows of A and B from a Sobol sequence and the k matrices AB_i,
	// Samples·(k+2) points.
	Saltelli Method = "saltelli"
)

// SeedScheme says which runs share random seeds.
type SeedScheme string

const (
	// Independent gives every run its own seed.
	Independent SeedScheme = "independent"
	// Common gives replication r of every point the same seed (common
	// random numbers); under Saltelli, the rows of base sample j share
	// it.
	Common SeedScheme = "common"
)

// Scale is how a range is sampled.
type Scale string

const (
	// Linear samples uniformly over [min, max].
	Linear Scale = "linear"
	// Log samples uniformly over [log min, log max].
	Log Scale = "log"
)

// Spec is a sweep specification, read from YAML by ParseSpec. See
// docs/sweep.md for the format.
type Spec struct {
	// Name names the sweep in messages and outputs.
	Name string
	// Base is the scenario the runs start from: a built-in name or a
	// scenario file (relative paths are relative to the spec's folder).
	Base string
	// Set are fixed parameter changes applied to the base, in order.
	Set []Assignment
	// Seed is the master seed from which every run's seed is derived.
	Seed uint64
	// Replications is the number of runs (seeds) per parameter point.
	Replications int
	// Seeds says which runs share seeds.
	Seeds SeedScheme
	// Design chooses the parameter points.
	Design Design
	// Outputs says what is kept of every run.
	Outputs Outputs
	// EarlyWarning selects bubble detectors run on every run's AI index.
	EarlyWarning EarlyWarning

	// File is the spec's path (for messages and to resolve Base).
	File string
	line map[string]int // lines of top-level keys and nested fields
}

// Assignment sets one parameter to a value.
type Assignment struct {
	Path  string
	Value any
	Line  int
}

// Design chooses the parameter points of a sweep.
type Design struct {
	Method Method
	// Samples is the number of points (LHS) or base rows N (Saltelli).
	Samples int
	// Bootstrap and Confidence configure the Sobol indices' intervals
	// (Saltelli only).
	Bootstrap  int
	Confidence float64
	Parameters []Parameter
}

// Parameter is one varied parameter: listed values (grid) or a range
// (LHS, Saltelli).
type Parameter struct {
	// Path is the parameter's dotted YAML path, e.g. demand.china_share.
	Path     string
	Values   []any
	Min, Max float64
	Scale    Scale
	Line     int
}

// Outputs says what a sweep keeps.
type Outputs struct {
	// Months keeps every run's monthly series.
	Months bool
	// MonthColumns are the MonthRecord columns kept (all when empty).
	MonthColumns []string
	// BatchRuns is the number of runs per part file (0: automatic).
	BatchRuns int
	// Counterfactual runs every run's no-burst twin (sim.RunWithTwins) to
	// fill the GDP and consumption loss measures, at twice the cost.
	Counterfactual bool
}

// EarlyWarning selects bubble detectors run on each run's monthly listed
// AI market value, and their settings.
type EarlyWarning struct {
	PSY   bool
	LPPLS bool
	// Level is the PSY critical-value level (default 0.95).
	Level float64
	// PSYReplications is the number of Monte Carlo replications of PSY's
	// critical values (default 999).
	PSYReplications int
	// LPPLSThreshold is the positive-bubble confidence indicator at or
	// above which LPPLS warns (default 0.5).
	LPPLSThreshold float64
	// MinMonths is the number of consecutive months a detector must signal
	// before it counts as a warning (default 1).
	MinMonths int
}

// Enabled reports whether any detector is on.
func (e EarlyWarning) Enabled() bool { return e.PSY || e.LPPLS }

// Limits on a spec.
const (
	maxReplications = 1 << 20
	maxSamples      = 1 << 30
	maxParameters   = 64
	maxGridValues   = 1 << 16
	maxBootstrap    = 100000
	// MaxRuns bounds the runs of one sweep.
	MaxRuns = 1 << 40
)

var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$`)

// LoadSpec reads and parses a spec file.
func LoadSpec(path string) (*Spec, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, inputerr.Wrap(fmt.Errorf("load sweep spec: %w", err))
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxSpecBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read sweep spec %s: %w", path, err)
	}
	return ParseSpec(b, path)
}

// ParseSpec parses a sweep spec. file names the spec in messages and
// resolves a relative base scenario path. Unknown keys, wrong types and
// values out of range are errors marked as bad input (inputerr) that name
// the file, line and field. Defaults are filled in.
func ParseSpec(b []byte, file string) (*Spec, error) {
	if len(b) > MaxSpecBytes {
		return nil, inputerr.New(file, 0, "", "larger than the %d KiB limit for a sweep spec", MaxSpecBytes>>10)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		return nil, yamlError(file, err)
	}
	if len(root.Content) == 0 {
		return nil, inputerr.New(file, 1, "", "empty sweep spec: write at least base and replications (see docs/sweep.md)")
	}
	s := &Spec{File: file, line: map[string]int{}, Replications: 1}
	d := &decoder{file: file, lines: s.line}
	doc := root.Content[0]
	err := d.mapping(doc, "", func(key string, k, v *yaml.Node) error {
		var err error
		switch key {
		case "name":
			s.Name, err = d.str(v, key)
			if err == nil && !nameRE.MatchString(s.Name) {
				err = d.errf(v, key, "%q: use letters, digits, '.', '_' and '-' (at most 100)", s.Name)
			}
		case "base":
			s.Base, err = d.str(v, key)
			if err == nil && s.Base == "" {
				err = d.errf(v, key, "empty base scenario")
			}
		case "set":
			err = d.mapping(v, key, func(path string, k, v *yaml.Node) error {
				val, err := d.value(v, "set."+path)
				if err != nil {
					return err
				}
				s.Set = append(s.Set, Assignment{Path: path, Value: val, Line: k.Line})
				return nil
			})
		case "seed":
			s.Seed, err = d.uint(v, key)
		case "replications":
			s.Replications, err = d.intRange(v, key, 1, maxReplications)
		case "seeds":
			var str string
			if str, err = d.str(v, key); err == nil {
				s.Seeds = SeedScheme(str)
				if s.Seeds != Independent && s.Seeds != Common {
					err = d.errf(v, key, "%q: want independent or common", str)
				}
			}
		case "design":
			err = d.design(v, &s.Design)
		case "outputs":
			err = d.outputs(v, &s.Outputs)
		case "early_warning":
			err = d.earlyWarning(v, &s.EarlyWarning)
		default:
			return d.unknown(k, "", "name, base, set, seed, replications, seeds, design, outputs, early_warning")
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if s.Base == "" {
		return nil, inputerr.New(file, doc.Line, "base", "missing: name the scenario the runs start from (e.g. base: baseline)")
	}
	if s.Name == "" {
		s.Name = defaultName(file)
	}
	if err := s.fillDefaults(doc); err != nil {
		return nil, err
	}
	return s, nil
}

// defaultName derives a sweep name from the spec's file name.
func defaultName(file string) string {
	n := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	n = regexp.MustCompile(`[^A-Za-z0-9._-]+`).ReplaceAllString(n, "-")
	n = strings.TrimLeft(n, "._-")
	if len(n) > 100 {
		n = n[:100]
	}
	if n == "" {
		return "sweep"
	}
	return n
}

// fillDefaults completes a parsed spec and checks fields that depend on
// each other.
func (s *Spec) fillDefaults(doc *yaml.Node) error {
	d := &s.Design
	at := func(key string) int {
		if l, ok := s.line[key]; ok {
			return l
		}
		return doc.Line
	}
	if d.Method == "" {
		d.Method = Seeds
		if len(d.Parameters) > 0 {
			return inputerr.New(s.File, at("design.parameters"), "design.method", "missing: parameters are varied by grid, lhs or saltelli")
		}
	}
	if d.Method == Seeds && len(d.Parameters) > 0 {
		return inputerr.New(s.File, at("design.parameters"), "design.parameters", "method seeds varies no parameters")
	}
	if d.Method != Seeds && len(d.Parameters) == 0 {
		return inputerr.New(s.File, at("design"), "design.parameters", "missing: method %s needs at least one parameter", d.Method)
	}
	seen := map[string]bool{}
	for _, p := range d.Parameters {
		if seen[p.Path] {
			return inputerr.New(s.File, p.Line, "design.parameters.path", "%s is varied twice", p.Path)
		}
		seen[p.Path] = true
		switch d.Method {
		case Grid:
			if len(p.Values) == 0 {
				return inputerr.New(s.File, p.Line, "design.parameters.values", "%s: method grid needs values: [...]", p.Path)
			}
			if p.Scale != "" {
				return inputerr.New(s.File, p.Line, "design.parameters.scale", "%s: scale applies to ranges (lhs, saltelli), not to grid values", p.Path)
			}
		case LHS, Saltelli:
			if p.Values != nil {
				return inputerr.New(s.File, p.Line, "design.parameters.values", "%s: method %s samples a range: give min and max, not values", p.Path, d.Method)
			}
			if math.IsNaN(p.Min) || math.IsNaN(p.Max) {
				return inputerr.New(s.File, p.Line, "design.parameters", "%s: method %s needs min and max", p.Path, d.Method)
			}
			if !(p.Min < p.Max) {
				return inputerr.New(s.File, p.Line, "design.parameters.max", "%s: min %v must be below max %v", p.Path, p.Min, p.Max)
			}
		}
	}
	for i := range d.Parameters {
		p := &d.Parameters[i]
		if d.Method != Grid && p.Scale == "" {
			p.Scale = Linear
		}
		if p.Scale == Log && !(p.Min > 0) {
			return inputerr.New(s.File, p.Line, "design.parameters.min", "%s: a log scale needs min > 0, not %v", p.Path, p.Min)
		}
	}
	switch d.Method {
	case LHS, Saltelli:
		if d.Samples == 0 {
			return inputerr.New(s.File, at("design"), "design.samples", "missing: method %s needs samples", d.Method)
		}
	default:
		if d.Samples != 0 {
			return inputerr.New(s.File, at("design.samples"), "design.samples", "method %s takes no samples", d.Method)
		}
	}
	if d.Method == Saltelli {
		if d.Samples < 2 {
			return inputerr.New(s.File, at("design.samples"), "design.samples", "saltelli needs at least 2 base samples, not %d", d.Samples)
		}
		if 2*len(d.Parameters) > 128 {
			return inputerr.New(s.File, at("design.parameters"), "design.parameters", "saltelli varies at most 64 parameters (128 Sobol dimensions), not %d", len(d.Parameters))
		}
		if d.Bootstrap == 0 {
			d.Bootstrap = 1000
		}
		if d.Confidence == 0 {
			d.Confidence = 0.95
		}
	} else if d.Bootstrap != 0 || d.Confidence != 0 {
		return inputerr.New(s.File, at("design"), "design.bootstrap", "bootstrap and confidence apply to method saltelli only")
	}
	if s.Seeds == "" {
		s.Seeds = Independent
		if d.Method == Saltelli {
			s.Seeds = Common
		}
	}
	if _, _, err := s.countRuns(); err != nil {
		return inputerr.New(s.File, at("design"), "design", "%v", err)
	}
	o := &s.Outputs
	if len(o.MonthColumns) > 0 && !o.Months {
		return inputerr.New(s.File, at("outputs"), "outputs.month_columns", "month_columns without months: true")
	}
	ew := &s.EarlyWarning
	if ew.Level == 0 {
		ew.Level = 0.95
	}
	if ew.PSYReplications == 0 {
		ew.PSYReplications = 999
	}
	if ew.LPPLSThreshold == 0 {
		ew.LPPLSThreshold = 0.5
	}
	if ew.MinMonths == 0 {
		ew.MinMonths = 1
	}
	return nil
}

// countRuns returns the number of points and runs of the design.
func (s *Spec) countRuns() (points, runs int64, err error) {
	d := s.Design
	points = 1
	switch d.Method {
	case Grid:
		for _, p := range d.Parameters {
			points *= int64(len(p.Values))
			if points > MaxRuns {
				return 0, 0, fmt.Errorf("the grid has more than %d points", int64(MaxRuns))
			}
		}
	case LHS:
		points = int64(d.Samples)
	case Saltelli:
		points = int64(d.Samples) * int64(len(d.Parameters)+2)
	}
	runs = points * int64(s.Replications)
	if runs > MaxRuns || runs/int64(s.Replications) != points {
		return 0, 0, fmt.Errorf("%d points × %d replications exceed the limit of %d runs", points, s.Replications, int64(MaxRuns))
	}
	return points, runs, nil
}

func (d *decoder) design(n *yaml.Node, ds *Design) error {
	ds.Confidence = 0
	return d.mapping(n, "design", func(key string, k, v *yaml.Node) error {
		field := "design." + key
		var err error
		switch key {
		case "method":
			var m string
			if m, err = d.str(v, field); err == nil {
				ds.Method = Method(m)
				if !slices.Contains([]Method{Seeds, Grid, LHS, Saltelli}, ds.Method) {
					err = d.errf(v, field, "%q: want seeds, grid, lhs or saltelli", m)
				}
			}
		case "samples":
			ds.Samples, err = d.intRange(v, field, 1, maxSamples)
		case "bootstrap":
			ds.Bootstrap, err = d.intRange(v, field, 1, maxBootstrap)
		case "confidence":
			ds.Confidence, err = d.float(v, field)
			if err == nil && !(ds.Confidence > 0 && ds.Confidence < 1) {
				err = d.errf(v, field, "%v must be between 0 and 1 (exclusive)", ds.Confidence)
			}
		case "parameters":
			if v.Kind != yaml.SequenceNode {
				return d.errf(v, field, "want a list of parameters (- path: ...)")
			}
			if len(v.Content) > maxParameters {
				return d.errf(v, field, "%d parameters; at most %d", len(v.Content), maxParameters)
			}
			for _, item := range v.Content {
				p, err := d.parameter(item)
				if err != nil {
					return err
				}
				ds.Parameters = append(ds.Parameters, p)
			}
		default:
			return d.unknown(k, "design", "method, samples, bootstrap, confidence, parameters")
		}
		return err
	})
}

var pathRE = regexp.MustCompile(`^[A-Za-z0-9_]+(\.[A-Za-z0-9_ +&-]+)*$`)

func (d *decoder) parameter(n *yaml.Node) (Parameter, error) {
	p := Parameter{Line: n.Line, Min: math.NaN(), Max: math.NaN()}
	const f = "design.parameters"
	err := d.mapping(n, f, func(key string, k, v *yaml.Node) error {
		field := f + "." + key
		var err error
		switch key {
		case "path":
			p.Path, err = d.str(v, field)
			if err == nil && !pathRE.MatchString(p.Path) {
				err = d.errf(v, field, "%q is not a dotted parameter path such as demand.china_share", p.Path)
			}
		case "values":
			if v.Kind != yaml.SequenceNode {
				return d.errf(v, field, "want a list of values")
			}
			if len(v.Content) == 0 || len(v.Content) > maxGridValues {
				return d.errf(v, field, "%d values; want 1 to %d", len(v.Content), maxGridValues)
			}
			p.Values = []any{}
			for _, item := range v.Content {
				val, err := d.value(item, field)
				if err != nil {
					return err
				}
				p.Values = append(p.Values, val)
			}
		case "min":
			p.Min, err = d.float(v, field)
		case "max":
			p.Max, err = d.float(v, field)
		case "scale":
			var sc string
			if sc, err = d.str(v, field); err == nil {
				p.Scale = Scale(sc)
				if p.Scale != Linear && p.Scale != Log {
					err = d.errf(v, field, "%q: want linear or log", sc)
				}
			}
		default:
			return d.unknown(k, f, "path, values, min, max, scale")
		}
		return err
	})
	if err == nil && p.Path == "" {
		err = inputerr.New(d.file, n.Line, f+".path", "missing: name the parameter, e.g. path: demand.china_share")
	}
	return p, err
}

func (d *decoder) outputs(n *yaml.Node, o *Outputs) error {
	return d.mapping(n, "outputs", func(key string, k, v *yaml.Node) error {
		field := "outputs." + key
		var err error
		switch key {
		case "months":
			o.Months, err = d.boolean(v, field)
		case "month_columns":
			if v.Kind != yaml.SequenceNode {
				return d.errf(v, field, "want a list of column names")
			}
			valid := monthColumnNames()
			for _, item := range v.Content {
				c, err := d.str(item, field)
				if err != nil {
					return err
				}
				if !slices.Contains(valid, c) {
					return d.errf(item, field, "%q is not a monthly column; columns: %s", c, strings.Join(valid, ", "))
				}
				if slices.Contains(o.MonthColumns, c) {
					return d.errf(item, field, "%q listed twice", c)
				}
				o.MonthColumns = append(o.MonthColumns, c)
			}
		case "batch_runs":
			o.BatchRuns, err = d.intRange(v, field, 0, 1<<20)
		case "counterfactual":
			o.Counterfactual, err = d.boolean(v, field)
		default:
			return d.unknown(k, "outputs", "months, month_columns, batch_runs, counterfactual")
		}
		return err
	})
}

func (d *decoder) earlyWarning(n *yaml.Node, e *EarlyWarning) error {
	return d.mapping(n, "early_warning", func(key string, k, v *yaml.Node) error {
		field := "early_warning." + key
		var err error
		switch key {
		case "psy":
			e.PSY, err = d.boolean(v, field)
		case "lppls":
			e.LPPLS, err = d.boolean(v, field)
		case "level":
			e.Level, err = d.float(v, field)
			if err == nil && !(e.Level >= 0.5 && e.Level < 1) {
				err = d.errf(v, field, "%v: want a critical-value level in [0.5, 1), e.g. 0.95", e.Level)
			}
		case "psy_replications":
			e.PSYReplications, err = d.intRange(v, field, 99, 100000)
		case "lppls_threshold":
			e.LPPLSThreshold, err = d.float(v, field)
			if err == nil && !(e.LPPLSThreshold > 0 && e.LPPLSThreshold <= 1) {
				err = d.errf(v, field, "%v: want an indicator level in (0, 1]", e.LPPLSThreshold)
			}
		case "min_months":
			e.MinMonths, err = d.intRange(v, field, 1, 120)
		default:
			return d.unknown(k, "early_warning", "psy, lppls, level, psy_replications, lppls_threshold, min_months")
		}
		return err
	})
}

// monthColumnNames lists the numeric columns of sim.MonthRecord.
func monthColumnNames() []string {
	var names []string
	for _, f := range recordFields(monthRecordType) {
		if f.name != "month" {
			names = append(names, f.name)
		}
	}
	return names
}

// decoder reads YAML nodes strictly, reporting file:line and field.
type decoder struct {
	file  string
	lines map[string]int // line of every key, by dotted field name
}

func (d *decoder) errf(n *yaml.Node, field, format string, args ...any) error {
	return inputerr.New(d.file, n.Line, field, format, args...)
}

func (d *decoder) unknown(k *yaml.Node, parent, known string) error {
	field := k.Value
	if parent != "" {
		field = parent + "." + k.Value
	}
	return d.errf(k, field, "unknown key %q; known keys: %s", k.Value, known)
}

// mapping calls fn for every key of a mapping node, in order, rejecting
// duplicate keys, non-string keys and aliases.
func (d *decoder) mapping(n *yaml.Node, field string, fn func(key string, k, v *yaml.Node) error) error {
	if n.Kind == yaml.AliasNode {
		return d.errf(n, field, "aliases are not supported in a sweep spec")
	}
	if n.Kind != yaml.MappingNode {
		if field == "" {
			return d.errf(n, field, "a sweep spec is a mapping of keys to values (see docs/sweep.md)")
		}
		return d.errf(n, field, "want a mapping of keys to values")
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || (k.Tag != "!!str" && k.Tag != "!!int" && k.Tag != "!!float" && k.Tag != "!!bool") {
			return d.errf(k, field, "keys must be plain names")
		}
		if k.Value == "<<" {
			return d.errf(k, field, "merge keys (<<) are not supported in a sweep spec")
		}
		if seen[k.Value] {
			f := k.Value
			if field != "" {
				f = field + "." + k.Value
			}
			return d.errf(k, f, "duplicate key %q", k.Value)
		}
		seen[k.Value] = true
		if d.lines != nil {
			f := k.Value
			if field != "" {
				f = field + "." + k.Value
			}
			if _, ok := d.lines[f]; !ok {
				d.lines[f] = k.Line
			}
		}
		if v.Kind == yaml.AliasNode {
			return d.errf(v, k.Value, "aliases are not supported in a sweep spec")
		}
		if err := fn(k.Value, k, v); err != nil {
			return err
		}
	}
	return nil
}

func (d *decoder) scalar(n *yaml.Node, field string) error {
	if n.Kind != yaml.ScalarNode {
		return d.errf(n, field, "want a single value")
	}
	return nil
}

func (d *decoder) str(n *yaml.Node, field string) (string, error) {
	if err := d.scalar(n, field); err != nil {
		return "", err
	}
	if n.Tag != "!!str" {
		return "", d.errf(n, field, "%q is not text", n.Value)
	}
	return n.Value, nil
}

func (d *decoder) boolean(n *yaml.Node, field string) (bool, error) {
	if err := d.scalar(n, field); err != nil {
		return false, err
	}
	var b bool
	if n.Tag != "!!bool" || n.Decode(&b) != nil {
		return false, d.errf(n, field, "%q is not true or false", n.Value)
	}
	return b, nil
}

func (d *decoder) intRange(n *yaml.Node, field string, lo, hi int) (int, error) {
	if err := d.scalar(n, field); err != nil {
		return 0, err
	}
	var v int64
	if n.Tag != "!!int" || n.Decode(&v) != nil {
		return 0, d.errf(n, field, "%q is not a whole number", n.Value)
	}
	if v < int64(lo) || v > int64(hi) {
		return 0, d.errf(n, field, "%d must be between %d and %d", v, lo, hi)
	}
	return int(v), nil
}

func (d *decoder) uint(n *yaml.Node, field string) (uint64, error) {
	if err := d.scalar(n, field); err != nil {
		return 0, err
	}
	var v uint64
	if n.Tag != "!!int" || n.Decode(&v) != nil {
		return 0, d.errf(n, field, "%q is not a whole number between 0 and 2^64-1", n.Value)
	}
	return v, nil
}

func (d *decoder) float(n *yaml.Node, field string) (float64, error) {
	if err := d.scalar(n, field); err != nil {
		return 0, err
	}
	var v float64
	if (n.Tag != "!!int" && n.Tag != "!!float") || n.Decode(&v) != nil {
		return 0, d.errf(n, field, "%q is not a number", n.Value)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, d.errf(n, field, "%q is not a finite number", n.Value)
	}
	return v, nil
}

// value reads a parameter value of any YAML type (number, text, true or
// false, list, mapping) as the Go value scenario.Set takes.
func (d *decoder) value(n *yaml.Node, field string) (any, error) {
	if err := checkNoAlias(n); err != nil {
		return nil, d.errf(n, field, "%v", err)
	}
	var v any
	if err := n.Decode(&v); err != nil {
		return nil, d.errf(n, field, "%v", err)
	}
	if f, ok := v.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
		return nil, d.errf(n, field, "%q is not a finite number", n.Value)
	}
	if v == nil {
		return nil, d.errf(n, field, "missing value")
	}
	return v, nil
}

func checkNoAlias(n *yaml.Node) error {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return errors.New("anchors and aliases are not supported in a sweep spec")
	}
	for _, c := range n.Content {
		if err := checkNoAlias(c); err != nil {
			return err
		}
	}
	return nil
}

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// yamlError converts a YAML syntax error into a located input error.
func yamlError(file string, err error) error {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		var n int
		fmt.Sscan(m[1], &n)
		return inputerr.New(file, n, "", "%s", m[2])
	}
	return inputerr.New(file, 0, "", "%s", strings.TrimPrefix(msg, "yaml: "))
}

// Marshal returns the canonical YAML form of the spec: every field with its
// default filled in, in a fixed order. ParseSpec(Marshal(s)) is s.
func (s *Spec) Marshal() ([]byte, error) {
	doc := &yaml.Node{Kind: yaml.MappingNode}
	add := func(m *yaml.Node, key string, v any) error {
		var n yaml.Node
		if err := n.Encode(v); err != nil {
			return fmt.Errorf("encode %s: %w", key, err)
		}
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, &n)
		return nil
	}
	sub := func(m *yaml.Node, key string) *yaml.Node {
		n := &yaml.Node{Kind: yaml.MappingNode}
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, n)
		return n
	}
	var errs []error
	must := func(err error) { errs = append(errs, err) }
	must(add(doc, "name", s.Name))
	must(add(doc, "base", s.Base))
	if len(s.Set) > 0 {
		set := sub(doc, "set")
		for _, a := range s.Set {
			must(add(set, a.Path, a.Value))
		}
	}
	must(add(doc, "seed", s.Seed))
	must(add(doc, "replications", s.Replications))
	must(add(doc, "seeds", string(s.Seeds)))
	d := sub(doc, "design")
	must(add(d, "method", string(s.Design.Method)))
	if s.Design.Samples != 0 {
		must(add(d, "samples", s.Design.Samples))
	}
	if s.Design.Method == Saltelli {
		must(add(d, "bootstrap", s.Design.Bootstrap))
		must(add(d, "confidence", s.Design.Confidence))
	}
	if len(s.Design.Parameters) > 0 {
		list := &yaml.Node{Kind: yaml.SequenceNode}
		d.Content = append(d.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "parameters"}, list)
		for _, p := range s.Design.Parameters {
			m := &yaml.Node{Kind: yaml.MappingNode}
			must(add(m, "path", p.Path))
			if p.Values != nil {
				must(add(m, "values", p.Values))
			} else {
				must(add(m, "min", p.Min))
				must(add(m, "max", p.Max))
				must(add(m, "scale", string(p.Scale)))
			}
			list.Content = append(list.Content, m)
		}
	}
	o := sub(doc, "outputs")
	must(add(o, "months", s.Outputs.Months))
	if len(s.Outputs.MonthColumns) > 0 {
		must(add(o, "month_columns", s.Outputs.MonthColumns))
	}
	if s.Outputs.BatchRuns != 0 {
		must(add(o, "batch_runs", s.Outputs.BatchRuns))
	}
	must(add(o, "counterfactual", s.Outputs.Counterfactual))
	e := sub(doc, "early_warning")
	ew := s.EarlyWarning
	must(add(e, "psy", ew.PSY))
	must(add(e, "lppls", ew.LPPLS))
	must(add(e, "level", ew.Level))
	must(add(e, "psy_replications", ew.PSYReplications))
	must(add(e, "lppls_threshold", ew.LPPLSThreshold))
	must(add(e, "min_months", ew.MinMonths))
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// monthRecordType is reflected for the monthly columns.
var monthRecordType = reflectTypeOf[sim.MonthRecord]()
