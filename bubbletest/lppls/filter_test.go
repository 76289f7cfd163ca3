package lppls

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

// qualifyingFit passes Sornette2015Filter: the window is [0, 100], so tc must
// lie in [95, 110]; O = 8/(2π)·ln(105/5) = 3.88; D = 0.5·1/(8·0.05) = 1.25.
var qualifyingFit = Fit{
	Params: Params{Tc: 105, M: 0.5, Omega: 8, A: 5, B: -1, C1: 0.03, C2: 0.04},
	T1:     0, T2: 100, N: 101, RSS: 0.1,
}

func TestFilterQualifies(t *testing.T) {
	t.Parallel()
	f := Sornette2015Filter()
	tests := []struct {
		name   string
		modify func(*Fit)
		failed []string // prefixes of the expected reasons, in order
	}{
		{"qualifies", func(*Fit) {}, nil},
		{"negative bubble qualifies too", func(p *Fit) { p.B = 1 }, nil},
		{"m too small", func(p *Fit) { p.M = 0.005; p.B = -200 }, []string{"m = "}},
		{"m too small and too little damping", func(p *Fit) { p.M = 0.005 }, []string{"m = ", "damping"}},
		{"m too large", func(p *Fit) { p.M = 1.3 }, []string{"m = "}},
		{"m at the bound", func(p *Fit) { p.M = 1.2; p.B = -0.5 }, nil},
		{"ω too small", func(p *Fit) { p.Omega = 1.5; p.C1, p.C2 = 0.003, 0.004 }, []string{"ω = ", "oscillations"}},
		{"ω too large", func(p *Fit) { p.Omega = 26 }, []string{"ω = ", "damping"}},
		{"tc too early", func(p *Fit) { p.Tc = 94 }, []string{"tc = "}},
		{"tc at the early bound", func(p *Fit) { p.Tc = 95 }, nil},
		{"tc too late", func(p *Fit) { p.Tc = 111 }, []string{"tc = "}},
		{"tc far too late", func(p *Fit) { p.Tc = 150 }, []string{"tc = ", "oscillations"}},
		{"too few oscillations", func(p *Fit) { p.Omega = 2.5; p.C1, p.C2 = 0.006, 0.008 }, []string{"oscillations"}},
		{"too little damping", func(p *Fit) { p.C1, p.C2 = 0.3, 0.4 }, []string{"damping"}},
		{"no oscillation amplitude: infinite damping", func(p *Fit) { p.C1, p.C2 = 0, 0 }, nil},
		{"non-finite fit", func(p *Fit) { p.RSS = math.Inf(1) }, []string{"no finite fit"}},
	}
	for _, tt := range tests {
		fit := qualifyingFit
		tt.modify(&fit)
		ok, reasons := f.Qualifies(fit)
		if ok != (len(tt.failed) == 0) || len(reasons) != len(tt.failed) {
			t.Errorf("%s: Qualifies = %v, %q; want failures %q", tt.name, ok, reasons, tt.failed)
			continue
		}
		for i, want := range tt.failed {
			if !strings.HasPrefix(reasons[i], want) {
				t.Errorf("%s: reason %d = %q, want prefix %q", tt.name, i, reasons[i], want)
			}
		}
	}
}

// TestFilterPresets pins the constants of the presets to their sources (see
// their doc comments).
func TestFilterPresets(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		got  Filter
		want Filter
	}{
		{"Sornette et al. 2015, condition 1", Sornette2015Filter(), Filter{MMin: 0.01, MMax: 1.2, OmegaMin: 2, OmegaMax: 25, TcBefore: 0.05, TcAfter: 0.1, MinOscillations: 2.5, MinDamping: 0.8}},
		{"lppls 0.6 compute_indicators", LPPLSPackageFilter(), Filter{MMin: 0, MMax: 1, OmegaMin: 2, OmegaMax: 15, TcBefore: 0.5, TcAfter: 0.5, MinOscillations: 2.5, MinDamping: 0.5,
			TcMaxBefore: 60, TcMaxAfter: 252, Strict: true, SignedOscillations: true, PerSignIndicator: true}},
		{"default", DefaultFilter(), Sornette2015Filter()},
	}
	for _, tt := range tests {
		if !reflect.DeepEqual(tt.got, tt.want) {
			t.Errorf("%s: %+v, want %+v", tt.name, tt.got, tt.want)
		}
		if err := tt.got.validate(); err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
	// The default search box must contain the default filter's ranges, so
	// that qualification is decided by the filter and not by the search.
	b, f := DefaultSearchBounds(), DefaultFilter()
	if b.MMin > f.MMin || b.MMax < f.MMax || b.OmegaMin > f.OmegaMin || b.OmegaMax < f.OmegaMax || b.TcBefore < f.TcBefore || b.TcAfter < f.TcAfter {
		t.Errorf("search bounds %+v do not contain filter %+v", b, f)
	}
}

// TestLPPLSPackageRule checks LPPLSPackageFilter against cases worked by
// hand from lppls 0.6's compute_indicators (src/lppls/lppls.py): strict
// bounds, tc capped at t2 − 60 and t2 + 252 days, O from
// ln((tc−t1)/(tc−t2)) without an absolute value (no number for tc inside the
// window), and O and D infinite when C1 or C2 is zero. The window is
// [0, 400] days, so tc must lie in (340, 600).
func TestLPPLSPackageRule(t *testing.T) {
	t.Parallel()
	f := LPPLSPackageFilter()
	base := Fit{Params: Params{Tc: 410, M: 0.5, Omega: 8, A: 5, B: -1, C1: 0.03, C2: 0.04}, T1: 0, T2: 400, N: 401, RSS: 0.1}
	// O = 8/(2π)·ln(410/10) = 4.73; D = 0.5/(8·0.05) = 1.25.
	tests := []struct {
		name   string
		modify func(*Fit)
		failed []string
	}{
		{"qualifies", func(*Fit) {}, nil},
		{"tc inside the window: O has no value", func(p *Fit) { p.Tc = 399 }, []string{"oscillations"}},
		{"tc inside the window passes the absolute-value rule", func(p *Fit) { p.Tc = 399; p.Omega = 14 }, []string{"oscillations"}},
		{"tc at the 60-day cap", func(p *Fit) { p.Tc = 340 }, []string{"tc = ", "oscillations"}},
		{"tc 253 days after t2 fails the 252-day cap", func(p *Fit) { p.T1, p.Omega, p.Tc = -600, 14, 653 }, []string{"tc = "}},
		{"tc 251 days after t2 is within the cap", func(p *Fit) { p.T1, p.Omega, p.Tc = -600, 14, 651 }, nil},
		{"m at 1 fails the strict bound", func(p *Fit) { p.M = 1; p.B = -10 }, []string{"m = "}},
		{"ω at 15 fails the strict bound", func(p *Fit) { p.Omega = 15; p.B = -10 }, []string{"ω = "}},
		{"ω just inside", func(p *Fit) { p.Omega = 14.99; p.B = -10 }, nil},
		{"damping exactly 0.5 fails", func(p *Fit) { p.B = -0.4 }, []string{"damping"}},
		{"C2 = 0: O and D infinite", func(p *Fit) { p.C2 = 0; p.Tc = 399 }, nil},
	}
	for _, tt := range tests {
		fit := base
		tt.modify(&fit)
		ok, reasons := f.Qualifies(fit)
		if ok != (len(tt.failed) == 0) || len(reasons) != len(tt.failed) {
			t.Errorf("%s: Qualifies = %v, %q; want failures %q", tt.name, ok, reasons, tt.failed)
			continue
		}
		for i, want := range tt.failed {
			if !strings.HasPrefix(reasons[i], want) {
				t.Errorf("%s: reason %d = %q, want prefix %q", tt.name, i, reasons[i], want)
			}
		}
	}
}
