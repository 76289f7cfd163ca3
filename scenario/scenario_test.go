package scenario

import (
	"errors"
	"strings"
	"testing"

	"github.com/bubblelab/bubblelab/internal/inputerr"
	"github.com/bubblelab/bubblelab/sim"
)

func TestBuiltinsLoadAndValidate(t *testing.T) {
	t.Parallel()
	names := Names()
	want := []string{"baseline", "long-lived-assets", "no-circular-deals", "no-export-controls", "reindustrialisation"}
	for _, w := range want {
		found := false
		for _, n := range names {
			found = found || n == w
		}
		if !found {
			t.Errorf("built-in scenario %s missing (have %v)", w, names)
		}
	}
	for _, n := range names {
		p, err := Builtin(n)
		if err != nil {
			t.Errorf("%s: %v", n, err)
			continue
		}
		if p.Name != n {
			t.Errorf("scenario file %s names itself %q", n, p.Name)
		}
	}
	p, _ := Builtin("no-export-controls")
	if p.Mechanisms.ExportControls || !p.Mechanisms.CircularDeals {
		t.Errorf("no-export-controls mechanisms %+v", p.Mechanisms)
	}
	p, _ = Builtin("long-lived-assets")
	if p.Compute.AccountingLifeYears != 25 || p.Compute.ChipShareOfCapex != sim.BaselineParams().Compute.ChipShareOfCapex {
		t.Errorf("long-lived-assets compute %+v", p.Compute)
	}
}

func TestReadErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		line     int
		field    string
		msg      string
	}{
		{"unknown key", "name: x\nmonths: 10\nfoo: 1\n", 3, "foo", "unknown key"},
		{"unknown nested key", "name: x\ndemand:\n  chinashare: 0.4\n", 3, "demand.chinashare", "valid keys"},
		{"wrong type", "name: x\nmonths: many\n", 2, "", "cannot unmarshal"},
		{"out of range", "name: x\ndemand:\n  foreign_ratio: 1\n  china_share: 1.5\n", 4, "demand.china_share", "between 0 and 1"},
		{"bad month", "name: x\nstart: 2023-13\n", 2, "start", "not a month"},
		{"schedule order", "name: x\nexport_controls:\n  schedule:\n    - {from: 2024-01, stringency: 0.5}\n    - {from: 2023-01, stringency: 0.6}\n", 5, "export_controls.schedule[1].from", "date order"},
		{"unknown base", "base: nosuch\nname: x\n", 1, "base", "unknown scenario"},
		{"syntax", "name: [x\n", 1, "", "did not find"},
		{"empty", "", 1, "", "empty scenario"},
		{"not a mapping", "- a\n- b\n", 1, "", "mapping"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tc.in), "s.yaml")
			var ie *inputerr.Error
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want an input error", err)
			}
			if ie.File != "s.yaml" || (tc.line > 0 && ie.Line != tc.line) || (tc.field != "" && ie.Field != tc.field) {
				t.Errorf("at %s:%d field %q, want line %d field %q (%v)", ie.File, ie.Line, ie.Field, tc.line, tc.field, err)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("%v does not mention %q", err, tc.msg)
			}
		})
	}
}

func TestOverlayMergesMapsAndReplacesLists(t *testing.T) {
	t.Parallel()
	in := `name: x
compute:
  chip_vendor_shares:
    Nvidia: 0.5
deals:
  exclude: [D001]
`
	p, err := Read(strings.NewReader(in), "s.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if p.Compute.ChipVendorShares["Nvidia"] != 0.5 || p.Compute.ChipVendorShares["AMD"] != sim.BaselineParams().Compute.ChipVendorShares["AMD"] {
		t.Errorf("chip shares %v", p.Compute.ChipVendorShares)
	}
	if len(p.Deals.Exclude) != 1 || p.Deals.Exclude[0] != "D001" {
		t.Errorf("exclude %v", p.Deals.Exclude)
	}
	if p.Months != sim.BaselineParams().Months {
		t.Errorf("months %d", p.Months)
	}
}

// TestMarshalRoundTrip writes every parameter and reads it back unchanged.
func TestMarshalRoundTrip(t *testing.T) {
	t.Parallel()
	for _, n := range Names() {
		p, err := Builtin(n)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		q, err := Read(strings.NewReader(string(b)), n+"-dump.yaml")
		if err != nil {
			t.Fatalf("%s: %v\n%s", n, err, b)
		}
		b2, _ := Marshal(q)
		if string(b) != string(b2) {
			t.Errorf("%s: round trip changed the scenario", n)
		}
	}
}

func FuzzRead(f *testing.F) {
	for _, n := range Names() {
		b, _ := Source(n)
		f.Add(string(b))
	}
	f.Add("name: x\nmonths: -1\n")
	f.Add("name: x\ncompute: {chip_vendor_shares: {Nvidia: .nan}}\n")
	f.Add("base: baseline\nbase: baseline\n")
	f.Add("&a [*a]")
	f.Fuzz(func(t *testing.T, in string) {
		p, err := Read(strings.NewReader(in), "fuzz.yaml")
		if err != nil {
			if !inputerr.Is(err) {
				t.Fatalf("error not marked as bad input: %v", err)
			}
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("accepted an invalid scenario: %v", err)
		}
	})
}

func TestSet(t *testing.T) {
	t.Parallel()
	p := sim.BaselineParams()
	for _, tc := range []struct {
		key string
		val any
	}{{"demand.china_share", 0.3}, {"mechanisms.export_controls", false}, {"compute.chip_vendor_shares.Nvidia", 0.7}, {"months", 24}, {"demand.lab_weights.NewLab", 2.0}} {
		if err := Set(&p, tc.key, tc.val); err != nil {
			t.Fatalf("%s: %v", tc.key, err)
		}
	}
	if p.Demand.ChinaShare != 0.3 || p.Mechanisms.ExportControls || p.Compute.ChipVendorShares["Nvidia"] != 0.7 || p.Months != 24 || p.Demand.LabWeights["NewLab"] != 2 {
		t.Errorf("params after Set: %+v", p)
	}
	if p.Compute.ChipVendorShares["AMD"] != sim.BaselineParams().Compute.ChipVendorShares["AMD"] {
		t.Error("Set lost another map entry")
	}
	for _, bad := range []struct {
		key string
		val any
	}{{"demand.chinashare", 0.3}, {"demand.china_share", 3.0}, {"demand.china_share", "high"}, {"months.x", 1}} {
		q := sim.BaselineParams()
		if err := Set(&q, bad.key, bad.val); err == nil || !inputerr.Is(err) {
			t.Errorf("Set(%s=%v) = %v, want an input error", bad.key, bad.val, err)
		}
	}
}

// A misspelt key is reported with its place in the file and the keys valid
// there, not with Go's type names.
func TestUnknownKeysListValidOnes(t *testing.T) {
	for _, tt := range []struct {
		yaml, field string
		want        []string
	}{
		{"base: baseline\ndemand:\n  demnd: 1\n", "demand.demnd", []string{`unknown key "demnd" in demand`, "china_share", "foreign_ratio"}},
		{"base: baseline\nmarkts:\n  x: 1\n", "markts", []string{"at the top level", "markets", "mechanisms", "base"}},
		{"base: baseline\nfinance:\n  cure_month: 2\n", "finance.cure_month", []string{"in finance", "cure_months", "emergence_coverage"}},
	} {
		_, err := Read(strings.NewReader(tt.yaml), "s.yaml")
		var ie *inputerr.Error
		if !errors.As(err, &ie) {
			t.Fatalf("%q: %v, want an input error", tt.yaml, err)
		}
		if ie.Field != tt.field || ie.Line == 0 {
			t.Errorf("%q: field %q line %d, want field %q and a line", tt.yaml, ie.Field, ie.Line, tt.field)
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%q: %q lacks %q", tt.yaml, err, w)
			}
		}
		if strings.Contains(err.Error(), "sim.") || strings.Contains(err.Error(), "type ") {
			t.Errorf("%q: %q leaks Go type names", tt.yaml, err)
		}
	}
}
