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

	"github.com/bubblelab/bubblelab/inputerr"
	"github.com/bubblelab/bubblelab/internal/strictyaml"
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
	// Points runs every row of a table of points (design.file), in file
	// order: the explicit design of programs that choose their own points,
	// such as a calibration's stages.
	Points Method = "points"
	// Posterior draws Samples points from the rows of a posterior sample
	// (design.file) with probability proportional to their weight column,
	// by systematic resampling from the master seed.
	Posterior Method = "posterior"
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
// docs/sweep.md for the format. The yaml tags name the keys; the enum,
// range and len tags are the bounds ParseSpec enforces (package
// internal/strictyaml).
type Spec struct {
	// Name names the sweep in messages and outputs.
	Name string `yaml:"name"`
	// Base is the scenario the runs start from: a built-in name or a
	// scenario file (relative paths are relative to the spec's folder).
	Base string `yaml:"base"`
	// Set are fixed parameter changes applied to the base, in order.
	Set []Assignment `yaml:"set"`
	// Seed is the master seed from which every run's seed is derived.
	Seed uint64 `yaml:"seed"`
	// Replications is the number of runs (seeds) per parameter point.
	Replications int `yaml:"replications" range:"[1,1048576]"`
	// Seeds says which runs share seeds.
	Seeds SeedScheme `yaml:"seeds" enum:"independent|common"`
	// Design chooses the parameter points.
	Design Design `yaml:"design"`
	// Outputs says what is kept of every run.
	Outputs Outputs `yaml:"outputs"`
	// EarlyWarning selects bubble detectors run on every run's AI index.
	EarlyWarning EarlyWarning `yaml:"early_warning"`

	// File is the spec's path (for messages and to resolve Base).
	File string `yaml:"-"`
	doc  *strictyaml.Doc
}

// Assignment sets one parameter to a value.
type Assignment struct {
	Path  string `yaml:",key"`
	Value any    `yaml:",value"`
	Line  int    `yaml:",line"`
}

// Design chooses the parameter points of a sweep.
type Design struct {
	Method Method `yaml:"method" enum:"seeds|grid|lhs|saltelli|points|posterior"`
	// Samples is the number of points (LHS), base rows N (Saltelli) or
	// draws (posterior).
	Samples int `yaml:"samples" range:"[1,1073741824]"`
	// File is the table of points (points) or the posterior sample
	// (posterior): CSV or Parquet, relative to the spec's folder. Its
	// columns param.PATH (or, in a CSV file without such columns, every
	// column but weight) are the parameters; weight weighs the rows.
	File string `yaml:"file"`
	// SHA256 is the hex SHA-256 of File. NewPlan fills it in and, when the
	// spec gives it, checks the file against it, so that a stored spec
	// pins its points.
	SHA256 string `yaml:"sha256"`
	// Bootstrap and Confidence configure the Sobol indices' intervals
	// (Saltelli only).
	Bootstrap  int         `yaml:"bootstrap" range:"[1,100000]"`
	Confidence float64     `yaml:"confidence" range:"(0,1)"`
	Parameters []Parameter `yaml:"parameters" len:"[0,64]"`
}

// Parameter is one varied parameter: listed values (grid) or a range
// (LHS, Saltelli).
type Parameter struct {
	// Path is the parameter's dotted YAML path, e.g. demand.china_share.
	Path   string `yaml:"path"`
	Values []any  `yaml:"values" len:"[1,65536]"`
	// Min and Max are NaN when absent.
	Min   float64 `yaml:"min"`
	Max   float64 `yaml:"max"`
	Scale Scale   `yaml:"scale" enum:"linear|log"`
	Line  int     `yaml:",line"`
}

// Outputs says what a sweep keeps.
type Outputs struct {
	// Months keeps every run's monthly series.
	Months bool `yaml:"months"`
	// MonthColumns are the MonthRecord columns kept (all when empty).
	MonthColumns []string `yaml:"month_columns"`
	// BatchRuns is the number of runs per part file (0: automatic).
	BatchRuns int `yaml:"batch_runs" range:"[0,1048576]"`
	// Counterfactual runs every run's no-burst twin (sim.RunWithNoBurstTwin) to
	// fill the GDP and consumption loss measures, at twice the cost.
	Counterfactual bool `yaml:"counterfactual"`
}

// EarlyWarning selects bubble detectors run on each run's monthly listed
// AI market value, and their settings.
type EarlyWarning struct {
	PSY   bool `yaml:"psy"`
	LPPLS bool `yaml:"lppls"`
	// Level is the PSY critical-value level (default 0.95).
	Level float64 `yaml:"level" range:"[0.5,1)"`
	// PSYReplications is the number of Monte Carlo replications of PSY's
	// critical values (default 999).
	PSYReplications int `yaml:"psy_replications" range:"[99,100000]"`
	// LPPLSThreshold is the positive-bubble confidence indicator at or
	// above which LPPLS warns (default 0.5).
	LPPLSThreshold float64 `yaml:"lppls_threshold" range:"(0,1]"`
	// MinMonths is the number of consecutive months a detector must signal
	// before it counts as a warning (default 1).
	MinMonths int `yaml:"min_months" range:"[1,120]"`
}

// Enabled reports whether any detector is on.
func (e EarlyWarning) Enabled() bool { return e.PSY || e.LPPLS }

// MaxRuns bounds the runs of one sweep.
const MaxRuns = 1 << 40

var (
	nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$`)
	pathRE = regexp.MustCompile(`^[A-Za-z0-9_]+(\.[A-Za-z0-9_ +&-]+)*$`)
)

// LoadSpec reads and parses a spec file.
func LoadSpec(path string) (*Spec, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, inputerr.Wrap(fmt.Errorf("load sweep spec: %w", err))
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, inputerr.New(path, 0, "", "is a folder; name a sweep spec file (see docs/sweep.md)")
	}
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
	doc, err := strictyaml.Parse(b, file, "sweep spec")
	if err != nil {
		return nil, err
	}
	if doc.Empty() {
		return nil, inputerr.New(file, 1, "", "empty sweep spec: write at least base and replications (see docs/sweep.md)")
	}
	s := &Spec{File: file, doc: doc, Replications: 1}
	if err := doc.Decode(s); err != nil {
		return nil, err
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	if s.Name == "" {
		s.Name = defaultName(file)
	}
	if err := s.fillDefaults(); err != nil {
		return nil, err
	}
	return s, nil
}

// check makes the checks of single fields that tags do not express.
func (s *Spec) check() error {
	doc := s.doc
	if doc.Has("name") && !nameRE.MatchString(s.Name) {
		return doc.Errorf("name", "%q: use letters, digits, '.', '_' and '-' (at most 100)", s.Name)
	}
	if s.Base == "" {
		if doc.Has("base") {
			return doc.Errorf("base", "empty base scenario")
		}
		return doc.Errorf("base", "missing: name the scenario the runs start from (e.g. base: baseline)")
	}
	for i := range s.Design.Parameters {
		p := &s.Design.Parameters[i]
		at := fmt.Sprintf("design.parameters[%d]", i)
		if !doc.Has(at + ".path") {
			return doc.Errorf(at+".path", "missing: name the parameter, e.g. path: demand.china_share")
		}
		if !pathRE.MatchString(p.Path) {
			return doc.Errorf(at+".path", "%q is not a dotted parameter path such as demand.china_share", p.Path)
		}
		if !doc.Has(at + ".min") {
			p.Min = math.NaN()
		}
		if !doc.Has(at + ".max") {
			p.Max = math.NaN()
		}
	}
	valid := monthColumnNames()
	for i, c := range s.Outputs.MonthColumns {
		at := fmt.Sprintf("outputs.month_columns[%d]", i)
		if !slices.Contains(valid, c) {
			return doc.Errorf(at, "%q is not a monthly column; columns: %s", c, strings.Join(valid, ", "))
		}
		if slices.Contains(s.Outputs.MonthColumns[:i], c) {
			return doc.Errorf(at, "%q listed twice", c)
		}
	}
	return nil
}

// line returns the line of a key of the spec (see strictyaml.Doc.Line).
func (s *Spec) line(path string) int { return s.doc.Line(path) }

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
func (s *Spec) fillDefaults() error {
	d := &s.Design
	doc := s.doc
	param := func(i int, key string) string { return fmt.Sprintf("design.parameters[%d].%s", i, key) }
	if d.Method == "" {
		d.Method = Seeds
		if len(d.Parameters) > 0 {
			return inputerr.New(s.File, s.line("design.parameters"), "design.method", "missing: parameters are varied by grid, lhs or saltelli")
		}
	}
	if d.Method == Seeds && len(d.Parameters) > 0 {
		return doc.Errorf("design.parameters", "method seeds varies no parameters")
	}
	if d.Method.fromFile() {
		if len(d.Parameters) > 0 {
			return doc.Errorf("design.parameters", "method %s takes its parameters from the columns of design.file", d.Method)
		}
		if d.File == "" {
			return doc.Errorf("design.file", "missing: method %s needs file: a CSV or Parquet table of points", d.Method)
		}
		if d.SHA256 != "" && !sha256RE.MatchString(d.SHA256) {
			return doc.Errorf("design.sha256", "%q is not a hex SHA-256 (64 lower-case hex digits)", d.SHA256)
		}
	} else if d.File != "" || d.SHA256 != "" {
		return inputerr.New(s.File, s.line("design"), "design.file", "file and sha256 apply to methods points and posterior only")
	}
	if d.Method != Seeds && !d.Method.fromFile() && len(d.Parameters) == 0 {
		return doc.Errorf("design.parameters", "missing: method %s needs at least one parameter", d.Method)
	}
	for i, p := range d.Parameters {
		if slices.ContainsFunc(d.Parameters[:i], func(q Parameter) bool { return q.Path == p.Path }) {
			return doc.Errorf(param(i, "path"), "%s is varied twice", p.Path)
		}
		switch d.Method {
		case Grid:
			if len(p.Values) == 0 {
				return inputerr.New(s.File, p.Line, "design.parameters.values", "%s: method grid needs values: [...]", p.Path)
			}
			if p.Scale != "" {
				return doc.Errorf(param(i, "scale"), "%s: scale applies to ranges (lhs, saltelli), not to grid values", p.Path)
			}
		case LHS, Saltelli:
			if p.Values != nil {
				return doc.Errorf(param(i, "values"), "%s: method %s samples a range: give min and max, not values", p.Path, d.Method)
			}
			if math.IsNaN(p.Min) || math.IsNaN(p.Max) {
				return inputerr.New(s.File, p.Line, "design.parameters", "%s: method %s needs min and max", p.Path, d.Method)
			}
			if !(p.Min < p.Max) {
				return doc.Errorf(param(i, "max"), "%s: min %v must be below max %v", p.Path, p.Min, p.Max)
			}
		}
	}
	for i := range d.Parameters {
		p := &d.Parameters[i]
		if d.Method != Grid && p.Scale == "" {
			p.Scale = Linear
		}
		if p.Scale == Log && !(p.Min > 0) {
			return doc.Errorf(param(i, "min"), "%s: a log scale needs min > 0, not %v", p.Path, p.Min)
		}
	}
	switch d.Method {
	case LHS, Saltelli, Posterior:
		if d.Samples == 0 {
			return doc.Errorf("design.samples", "missing: method %s needs samples", d.Method)
		}
	default:
		if d.Samples != 0 {
			return doc.Errorf("design.samples", "method %s takes no samples", d.Method)
		}
	}
	if d.Method == Saltelli {
		if d.Samples < 2 {
			return doc.Errorf("design.samples", "saltelli needs at least 2 base samples, not %d", d.Samples)
		}
		if d.Bootstrap == 0 {
			d.Bootstrap = 1000
		}
		if d.Confidence == 0 {
			d.Confidence = 0.95
		}
	} else if d.Bootstrap != 0 || d.Confidence != 0 {
		return inputerr.New(s.File, s.line("design"), "design.bootstrap", "bootstrap and confidence apply to method saltelli only")
	}
	if s.Seeds == "" {
		s.Seeds = Independent
		if d.Method == Saltelli {
			s.Seeds = Common
		}
	}
	if d.Method != Points {
		if _, _, err := s.countRuns(0); err != nil {
			return inputerr.New(s.File, s.line("design"), "design", "%v", err)
		}
	}
	o := &s.Outputs
	if len(o.MonthColumns) > 0 && !o.Months {
		return inputerr.New(s.File, s.line("outputs"), "outputs.month_columns", "month_columns without months: true")
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

// fromFile reports whether the method reads its points from design.file.
func (m Method) fromFile() bool { return m == Points || m == Posterior }

var sha256RE = regexp.MustCompile(`^[0-9a-f]{64}$`)

// countRuns returns the number of points and runs of the design; rows is
// the number of rows of the points table (method points).
func (s *Spec) countRuns(rows int64) (points, runs int64, err error) {
	d := s.Design
	points = 1
	switch d.Method {
	case Points:
		points = rows
		if points < 1 {
			return 0, 0, fmt.Errorf("the table of points has no rows")
		}
	case Posterior:
		points = int64(d.Samples)
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
	if s.Design.Method.fromFile() {
		must(add(d, "file", s.Design.File))
		must(add(d, "sha256", s.Design.SHA256))
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
