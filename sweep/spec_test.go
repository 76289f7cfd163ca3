package sweep

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bubblelab/bubblelab/inputerr"
)

func TestParseSpecFiles(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.yaml")
	if len(files) < 3 {
		t.Fatalf("only %d spec files in testdata", len(files))
	}
	for _, f := range files {
		s, err := LoadSpec(f)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if _, err := NewPlan(s); err != nil {
			t.Errorf("%s: plan: %v", f, err)
		}
	}
}

func TestParseSpecDefaults(t *testing.T) {
	s, err := ParseSpec([]byte("base: baseline\n"), "dir/my sweep.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "my-sweep" || s.Replications != 1 || s.Design.Method != Seeds || s.Seeds != Independent {
		t.Errorf("defaults: %+v", s)
	}
	if s.EarlyWarning.Level != 0.95 || s.EarlyWarning.MinMonths != 1 || s.EarlyWarning.PSYReplications != 999 {
		t.Errorf("early warning defaults: %+v", s.EarlyWarning)
	}
	s, err = LoadSpec("testdata/saltelli.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if s.Seeds != Common || s.Design.Parameters[0].Scale != Linear {
		t.Errorf("saltelli defaults: seeds %s, scale %s", s.Seeds, s.Design.Parameters[0].Scale)
	}
}

// Every bad spec is bad input naming the file, the line and the field.
func TestParseSpecErrors(t *testing.T) {
	for _, c := range []struct {
		name, yaml string
		line       int
		field      string
		msg        string
	}{
		{"unknown key", "base: baseline\nreplicates: 3\n", 2, "replicates", "unknown key"},
		{"nested unknown", "base: baseline\ndesign:\n  method: grid\n  sample: 3\n", 4, "design.sample", "unknown key"},
		{"missing base", "seed: 1\n", 1, "base", "missing"},
		{"bad type", "base: baseline\nreplications: many\n", 2, "replications", "whole number"},
		{"range", "base: baseline\nreplications: 0\n", 2, "replications", "between 1"},
		{"negative seed", "base: baseline\nseed: -1\n", 2, "seed", "whole number"},
		{"method", "base: baseline\ndesign:\n  method: sobol\n", 3, "design.method", "want seeds"},
		{"grid without values", "base: baseline\ndesign:\n  method: grid\n  parameters:\n    - path: demand.china_share\n      min: 0\n      max: 1\n", 5, "design.parameters.values", "needs values"},
		{"lhs min>=max", "base: baseline\ndesign:\n  method: lhs\n  samples: 4\n  parameters:\n    - path: demand.china_share\n      min: 1\n      max: 0.5\n", 8, "design.parameters.max", "below max"},
		{"lhs no samples", "base: baseline\ndesign:\n  method: lhs\n  parameters:\n    - path: demand.china_share\n      min: 0\n      max: 1\n", 2, "design.samples", "needs samples"},
		{"log with zero", "base: baseline\ndesign:\n  method: lhs\n  samples: 2\n  parameters:\n    - path: demand.china_share\n      min: 0\n      max: 1\n      scale: log\n", 7, "design.parameters.min", "min > 0"},
		{"duplicate key", "base: baseline\nseed: 1\nseed: 2\n", 3, "seed", "duplicate"},
		{"duplicate parameter", "base: baseline\ndesign:\n  method: grid\n  parameters:\n    - path: a.b\n      values: [1]\n    - path: a.b\n      values: [2]\n", 7, "design.parameters.path", "twice"},
		{"bad path", "base: baseline\ndesign:\n  method: grid\n  parameters:\n    - path: 'a..b'\n      values: [1]\n", 5, "design.parameters.path", "dotted"},
		{"nan", "base: baseline\ndesign:\n  method: lhs\n  samples: 2\n  parameters:\n    - path: a.b\n      min: .nan\n      max: 1\n", 7, "design.parameters.min", "finite"},
		{"syntax", "base: [baseline\n", 1, "", "expected"},
		{"not a mapping", "- base\n", 1, "", "mapping"},
		{"alias", "base: &b baseline\nname: *b\n", 2, "name", "alias"},
		{"month column", "base: baseline\noutputs:\n  months: true\n  month_columns: [gdp, nope]\n", 4, "outputs.month_columns", "not a monthly column"},
		{"columns without months", "base: baseline\noutputs:\n  month_columns: [gdp]\n", 2, "outputs.month_columns", "without months"},
		{"bootstrap on grid", "base: baseline\ndesign:\n  method: grid\n  bootstrap: 10\n  parameters:\n    - path: a.b\n      values: [1]\n", 2, "design.bootstrap", "saltelli only"},
		{"seeds scheme", "base: baseline\nseeds: shared\n", 2, "seeds", "independent or common"},
		{"early warning level", "base: baseline\nearly_warning:\n  psy: true\n  level: 2\n", 4, "early_warning.level", "level"},
		{"name", "base: baseline\nname: 'a b'\n", 2, "name", "letters"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseSpec([]byte(c.yaml), "spec.yaml")
			var ie *inputerr.Error
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an input error", err)
			}
			if ie.File != "spec.yaml" || ie.Line != c.line || ie.Field != c.field || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("got %q (line %d, field %q), want line %d, field %q, containing %q", err, ie.Line, ie.Field, c.line, c.field, c.msg)
			}
		})
	}
}

// Errors found while resolving the spec against the model point at the
// spec's lines too.
func TestNewPlanErrors(t *testing.T) {
	for _, c := range []struct {
		name, yaml string
		line       int
		msg        string
	}{
		{"unknown base", "base: nosuch\n", 1, "unknown scenario"},
		{"bad set", "base: baseline\nset:\n  demand.china_share: 7\n", 3, "between 0 and 1"},
		{"unknown parameter", "base: baseline\ndesign:\n  method: grid\n  parameters:\n    - path: demand.nope\n      values: [1]\n", 5, "no such parameter"},
		{"grid value out of range", "base: baseline\ndesign:\n  method: grid\n  parameters:\n    - path: demand.china_share\n      values: [0.5, 1.5]\n", 5, "between 0 and 1"},
		{"range end out of range", "base: baseline\ndesign:\n  method: lhs\n  samples: 3\n  parameters:\n    - path: demand.china_share\n      min: 0.5\n      max: 2\n", 6, "between 0 and 1"},
		{"range of a bool", "base: baseline\ndesign:\n  method: lhs\n  samples: 3\n  parameters:\n    - path: mechanisms.export_controls\n      min: 0\n      max: 1\n", 6, "not a number"},
		{"fractional int", "base: baseline\ndesign:\n  method: lhs\n  samples: 3\n  parameters:\n    - path: months\n      min: 12.5\n      max: 24\n", 6, "whole numbers"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := ParseSpec([]byte(c.yaml), "spec.yaml")
			if err != nil {
				t.Fatal(err)
			}
			_, err = NewPlan(s)
			var ie *inputerr.Error
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an input error", err)
			}
			if ie.File != "spec.yaml" || ie.Line != c.line || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("got %q (line %d), want line %d containing %q", err, ie.Line, c.line, c.msg)
			}
		})
	}
}

// A spec file's relative base path is resolved from the spec's folder.
func TestBaseRelativeToSpec(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "short.yaml"), []byte("base: baseline\nname: short\nmonths: 6\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "sweep.yaml"), []byte("base: short.yaml\n"), 0o644)
	s, err := LoadSpec(filepath.Join(dir, "sweep.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPlan(s)
	if err != nil {
		t.Fatal(err)
	}
	if p.Base.Months != 6 {
		t.Errorf("months %d", p.Base.Months)
	}
}

// The canonical form parses back to itself.
func TestSpecMarshalRoundTrip(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.yaml")
	for _, f := range files {
		s, err := LoadSpec(f)
		if err != nil {
			t.Fatal(err)
		}
		checkRoundTrip(t, s)
	}
}

func checkRoundTrip(t *testing.T, s *Spec) {
	t.Helper()
	a, err := s.Marshal()
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	s2, err := ParseSpec(a, s.File)
	if err != nil {
		t.Fatalf("canonical form does not parse: %v\n%s", err, a)
	}
	b, err := s2.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if string(a) != string(b) {
		t.Fatalf("canonical form not stable:\n%s\n---\n%s", a, b)
	}
}

// FuzzParseSpec: any input either parses, with a canonical form that
// parses back to itself, or fails with an input error that names the file.
func FuzzParseSpec(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.yaml")
	for _, p := range files {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
	f.Add([]byte("base: baseline\nset:\n  deals.scale: 2\ndesign:\n  method: grid\n  parameters:\n    - path: x.y\n      values: [1, 'a', true, [1, 2], {a: 1}]\n"))
	f.Add([]byte("base: x\nreplications: 999999999999999999999\n"))
	f.Add([]byte("base: x\n<<: {seed: 1}\n"))
	f.Add([]byte("base: x\nseed: 0x10\nearly_warning: {psy: yes}\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := ParseSpec(b, "fuzz.yaml")
		if err != nil {
			var ie *inputerr.Error
			if !errors.As(err, &ie) || ie.File != "fuzz.yaml" {
				t.Fatalf("error without a location: %v", err)
			}
			return
		}
		checkRoundTrip(t, s)
	})
}
