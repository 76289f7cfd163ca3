package params

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/bubblelab/bubblelab/scenario"
	"github.com/bubblelab/bubblelab/sim"
)

func fieldMap(p sim.Params) map[string]Field {
	m := map[string]Field{}
	for _, f := range Fields(p) {
		m[f.Path] = f
	}
	return m
}

func TestFieldsKnownPaths(t *testing.T) {
	t.Parallel()
	fs := fieldMap(sim.BaselineParams())
	for _, c := range []struct {
		path, group, value, unit string
		kind                     Kind
	}{
		{"name", "", "baseline", "", Text},
		{"start", "", "2023-01", "YYYY-MM", Month},
		{"months", "", "156", "months", Int},
		{"mechanisms.export_controls", "mechanisms", "true", "", Bool},
		{"demand.china_share", "demand", "0.44", "share", Float},
		{"compute.chip_vendor_shares.Nvidia", "compute", "", "", Float},
		{"export_controls.schedule[0].from", "export_controls", "2022-10", "", Month},
		{"export_controls.schedule[4].stringency", "export_controls", "0.75", "", Float},
		{"deals.exclude", "deals", "D003, D046", "", List},
	} {
		f, ok := fs[c.path]
		if !ok {
			t.Errorf("%s: missing from Fields", c.path)
			continue
		}
		if f.Group != c.group || f.Kind != c.kind || (c.value != "" && f.Value != c.value) || (c.unit != "" && f.Unit != c.unit) {
			t.Errorf("%s: got group %q kind %v value %q unit %q, want %q %v %q %q", c.path, f.Group, f.Kind, f.Value, f.Unit, c.group, c.kind, c.value, c.unit)
		}
	}
	if f := fs["demand.china_share"]; f.Doc == "" || f.Source == "" {
		t.Errorf("demand.china_share: doc %q source %q, want both from the tags", f.Doc, f.Source)
	}
}

// Every built-in scenario survives a round trip through the form: writing
// each field's Value and applying them all gives the same parameters.
func TestApplyRoundTrip(t *testing.T) {
	t.Parallel()
	for _, name := range scenario.Names() {
		p, err := scenario.Builtin(name)
		if err != nil {
			t.Fatal(err)
		}
		values := map[string]string{}
		for _, f := range Fields(p) {
			values[f.Path] = f.Value
		}
		// Apply on top of different parameters, so that nothing passes by
		// being left as it was.
		got, err := Apply(sim.BaselineParams(), values)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(normalise(got), normalise(p)) {
			t.Errorf("%s: round trip changed the parameters", name)
		}
	}
}

// normalise makes empty and nil lists compare equal.
func normalise(p sim.Params) sim.Params {
	if len(p.Deals.Exclude) == 0 {
		p.Deals.Exclude = nil
	}
	return p
}

func TestApplyErrors(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		values map[string]string
		path   string
		msg    string
	}{
		{"not a number", map[string]string{"demand.china_share": "abc"}, "demand.china_share", "not a number"},
		{"infinite", map[string]string{"demand.china_share": "Inf"}, "demand.china_share", "finite"},
		{"out of range", map[string]string{"demand.china_share": "1.5"}, "demand.china_share", "between 0 and 1"},
		{"not whole", map[string]string{"months": "2.5"}, "months", "whole number"},
		{"too many months", map[string]string{"months": "5000"}, "months", "between 1 and 1200"},
		{"bad month", map[string]string{"start": "2023-13"}, "start", "not a month"},
		{"bad bool", map[string]string{"mechanisms.export_controls": "maybe"}, "mechanisms.export_controls", "yes or no"},
		{"unknown", map[string]string{"demand.nonsense": "1"}, "demand.nonsense", "no such parameter"},
		{"group", map[string]string{"demand": "1"}, "demand", "group"},
		{"traversal-like key", map[string]string{"../../etc/passwd": "1"}, "../../etc/passwd", "no such parameter"},
		{"bad index", map[string]string{"export_controls.schedule[x].from": "2024-01"}, "export_controls.schedule[x].from", "malformed"},
		{"huge index", map[string]string{"export_controls.schedule[100000].from": "2024-01"}, "export_controls.schedule[100000].from", "malformed"},
		{"unordered schedule", map[string]string{"export_controls.schedule[0].from": "2025-01", "export_controls.schedule[0].stringency": "0.5",
			"export_controls.schedule[1].from": "2024-01", "export_controls.schedule[1].stringency": "0.5"}, "export_controls.schedule[1].from", "date order"},
		{"map entry bad", map[string]string{"compute.chip_vendor_shares.Nvidia": "x"}, "compute.chip_vendor_shares.Nvidia", "not a number"},
		{"long text", map[string]string{"name": strings.Repeat("a", 600)}, "name", "longer than"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			base := sim.BaselineParams()
			_, err := Apply(base, c.values)
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("got %v, want a *params.Error", err)
			}
			if pe.Path != c.path || !strings.Contains(pe.Msg, c.msg) {
				t.Errorf("got %q, want path %q and a message containing %q", err, c.path, c.msg)
			}
		})
	}
}

func TestApplyScheduleRows(t *testing.T) {
	t.Parallel()
	base := sim.BaselineParams()
	got, err := Apply(base, map[string]string{
		"export_controls.schedule[0].from": "2024-01", "export_controls.schedule[0].stringency": "0.5",
		"export_controls.schedule[1].from": "", "export_controls.schedule[1].stringency": " ", // removed row
		"export_controls.schedule[7].from": "2026-06", "export_controls.schedule[7].stringency": "1", // added row
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []sim.ControlStep{{From: sim.NewMonth(2024, 1), Stringency: 0.5}, {From: sim.NewMonth(2026, 6), Stringency: 1}}
	if !reflect.DeepEqual(got.Controls.Schedule, want) {
		t.Errorf("schedule %v, want %v", got.Controls.Schedule, want)
	}
	if len(base.Controls.Schedule) != 5 {
		t.Errorf("Apply changed the base schedule: %v", base.Controls.Schedule)
	}
}

func TestSetDoesNotShareMaps(t *testing.T) {
	t.Parallel()
	base := sim.BaselineParams()
	before := base.Compute.ChipVendorShares["Nvidia"]
	p := base
	if err := Set(&p, "compute.chip_vendor_shares.Nvidia", "0.5"); err != nil {
		t.Fatal(err)
	}
	if base.Compute.ChipVendorShares["Nvidia"] != before || p.Compute.ChipVendorShares["Nvidia"] != 0.5 {
		t.Errorf("base %v, copy %v: the map was shared", base.Compute.ChipVendorShares["Nvidia"], p.Compute.ChipVendorShares["Nvidia"])
	}
}

func TestAllBounds(t *testing.T) {
	t.Parallel()
	b := AllBounds(sim.BaselineParams())
	for _, c := range []struct {
		path string
		want Bounds
	}{
		{"demand.china_share", Bounds{HasMin: true, HasMax: true, Max: 1}},
		{"demand.adults_millions", Bounds{HasMin: true, MinOpen: true}},
		{"demand.foreign_ratio", Bounds{HasMin: true}},
		{"months", Bounds{HasMin: true, Min: 1, HasMax: true, Max: 1200}},
		{"deals.equity_tranches", Bounds{HasMin: true, Min: 1, HasMax: true, Max: 40}},
		{"deals.compute_start_lag_months", Bounds{HasMin: true, Min: 0, HasMax: true, Max: 120}},
		{"macro.potential_growth", Bounds{HasMin: true, Min: -1, MinOpen: true, HasMax: true, Max: 1, MaxOpen: true}},
		{"compute.chip_vendor_shares.Nvidia", Bounds{HasMin: true, HasMax: true, Max: 1}},
	} {
		if got := b[c.path]; got != c.want {
			t.Errorf("%s: got %+v (%s), want %+v (%s)", c.path, got, got, c.want, c.want)
		}
	}
}

func FuzzApply(f *testing.F) {
	f.Add("demand.china_share", "0.3")
	f.Add("months", "24")
	f.Add("export_controls.schedule[2].from", "2024-05")
	f.Add("compute.chip_vendor_shares.New", "0.1")
	f.Add("deals.exclude", "D001, D002")
	f.Add("start", "1999-12")
	f.Fuzz(func(t *testing.T, key, value string) {
		base := sim.BaselineParams()
		p, err := Apply(base, map[string]string{key: value})
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *params.Error", err)
			}
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("Apply accepted invalid parameters: %v", err)
		}
		if !reflect.DeepEqual(base, sim.BaselineParams()) {
			t.Fatalf("Apply changed its base")
		}
	})
}
