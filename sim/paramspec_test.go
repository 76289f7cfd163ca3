package sim

import (
	"errors"
	"math"
	"reflect"
	"strconv"
	"testing"
)

func TestParseRange(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in   string
		want Range
		text string
	}{
		{"[0,1]", Range{HasMin: true, HasMax: true, Max: 1}, "0 to 1"},
		{"(0,)", Range{HasMin: true, MinOpen: true}, "above 0"},
		{"[0,)", Range{HasMin: true}, "at least 0"},
		{"[1,1200]", Range{HasMin: true, Min: 1, HasMax: true, Max: 1200}, "1 to 1200"},
		{"[0,1)", Range{HasMin: true, HasMax: true, Max: 1, MaxOpen: true}, "in [0, 1)"},
		{"(-1,)", Range{HasMin: true, Min: -1, MinOpen: true}, "above -1"},
		{"(,5]", Range{HasMax: true, Max: 5}, "at most 5"},
	} {
		got, err := ParseRange(c.in)
		if err != nil || got != c.want || got.String() != c.text {
			t.Errorf("ParseRange(%q) = %+v %q, %v; want %+v %q", c.in, got, got.String(), err, c.want, c.text)
		}
	}
	for _, bad := range []string{"", "0,1", "[0;1]", "[2,1]", "[a,1]"} {
		if _, err := ParseRange(bad); err == nil {
			t.Errorf("ParseRange(%q) accepted", bad)
		}
	}
}

// TestDeclaredRangesAreEnforced checks, for every numeric value of the
// baseline with a declared bound, that Validate rejects a value just past
// the bound (naming that parameter) and accepts the bound itself when it is
// closed: the tags are the whole declaration.
func TestDeclaredRangesAreEnforced(t *testing.T) {
	t.Parallel()
	base := BaselineParams()
	for _, v := range ParamValues(base) {
		s := v.Spec
		if s.Kind != KindFloat && s.Kind != KindInt {
			continue
		}
		r := s.Range
		step := 1e-9
		if s.Kind == KindInt {
			step = 1
		}
		try := func(x float64, wantValid bool) {
			q := base.Clone()
			text := strconv.FormatFloat(x, 'g', -1, 64)
			if err := SetParamText(&q, v.Path, text); err != nil {
				t.Fatalf("%s = %s: %v", v.Path, text, err)
			}
			err := checkDeclared(q)
			if wantValid && err != nil {
				t.Errorf("%s = %s rejected: %v", v.Path, text, err)
			}
			if !wantValid && (err == nil || err.Key != v.Path) {
				t.Errorf("%s = %s: got %v, want a ParamError naming it", v.Path, text, err)
			}
		}
		if r.HasMin {
			try(r.Min-step, false)
			if !r.MinOpen {
				try(r.Min, true)
			} else {
				try(r.Min, false)
			}
		}
		if r.HasMax {
			try(r.Max+step, false)
			if !r.MaxOpen {
				try(r.Max, true)
			}
		}
	}
}

func TestEveryParameterDeclared(t *testing.T) {
	t.Parallel()
	for _, s := range ParamSpecs() {
		if (s.Kind == KindFloat || s.Kind == KindInt) && s.Range == (Range{}) {
			t.Errorf("%s has no declared range", s.Path)
		}
		if s.Kind == KindText && s.Group != "" && len(s.Enum) == 0 {
			t.Errorf("%s is text without an enum", s.Path)
		}
	}
}

func TestSetParam(t *testing.T) {
	t.Parallel()
	p := BaselineParams()
	before := p.Compute.ChipVendorShares["Nvidia"]
	for _, c := range []struct {
		path  string
		value any
	}{
		{"demand.china_share", 0.3},
		{"months", 24},
		{"mechanisms.export_controls", false},
		{"start", "2024-01"},
		{"compute.chip_vendor_shares.Nvidia", 0.5},
		{"deals.exclude", []any{"D001", "D002"}},
		{"export_controls.schedule[1].stringency", 0.2},
		{"markets.trade_momentum[2]", 0.05},
		{"export_controls.schedule", []any{map[string]any{"from": "2024-01", "stringency": 0.5}}},
	} {
		if err := SetParam(&p, c.path, c.value); err != nil {
			t.Errorf("SetParam(%s, %v): %v", c.path, c.value, err)
		}
	}
	if p.Demand.ChinaShare != 0.3 || p.Months != 24 || p.Mechanisms.ExportControls || p.Start != NewMonth(2024, 1) ||
		p.Compute.ChipVendorShares["Nvidia"] != 0.5 || len(p.Deals.Exclude) != 2 || p.Markets.TradeMomentum[2] != 0.05 ||
		len(p.Controls.Schedule) != 1 || p.Controls.Schedule[0].Stringency != 0.5 {
		t.Errorf("values not set: %+v", p)
	}
	if BaselineParams().Compute.ChipVendorShares["Nvidia"] != before {
		t.Error("SetParam changed a map shared with the baseline")
	}
	for _, c := range []struct {
		path  string
		value any
	}{
		{"demand.chna_share", 0.3},
		{"demand", 0.3},
		{"months", "x"},
		{"markets.trade_momentum[3]", 0.1},
		{"demand.china_share", math.NaN()},
		{"mechanisms.export_controls", "maybe"},
	} {
		q := BaselineParams()
		err := SetParam(&q, c.path, c.value)
		var pe *ParamError
		if !errors.As(err, &pe) {
			t.Errorf("SetParam(%s, %v) = %v, want a *ParamError", c.path, c.value, err)
		}
	}
}

func TestSetParamsAtomic(t *testing.T) {
	t.Parallel()
	p := BaselineParams()
	err := SetParams(&p, []string{"months", "demand.china_share"}, []any{24, 1.5})
	if err == nil || !reflect.DeepEqual(p, BaselineParams()) {
		t.Errorf("SetParams with an invalid value: err %v, params changed %v", err, !reflect.DeepEqual(p, BaselineParams()))
	}
}

func FuzzSetParamText(f *testing.F) {
	f.Add("demand.china_share", "0.3")
	f.Add("export_controls.schedule[5].from", "2027-01")
	f.Add("compute.chip_vendor_shares.New", "0.1")
	f.Add("markets.trade_value[1]", "0.2")
	f.Add("deals.exclude", "D001, D002")
	f.Fuzz(func(t *testing.T, path, text string) {
		base := BaselineParams()
		p := base.Clone()
		err := SetParamText(&p, path, text)
		if err != nil {
			var pe *ParamError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParamError", err)
			}
		}
		_ = p.Validate() // must not panic
		if !reflect.DeepEqual(base, BaselineParams()) {
			t.Fatal("SetParamText changed the baseline")
		}
	})
}
