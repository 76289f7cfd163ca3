package lppls

import (
	"fmt"
	"math"
)

// Filter holds the conditions under which an LPPLS fit is taken as evidence of
// a bubble. A fit of the window [t1, t2], dt = t2 − t1, qualifies when
//
//	MMin ≤ m ≤ MMax,
//	OmegaMin ≤ ω ≤ OmegaMax,
//	t2 − TcBefore·dt ≤ tc ≤ t2 + TcAfter·dt,
//	O = ω/(2π)·ln|(tc−t1)/(tc−t2)| ≥ MinOscillations,
//	D = m|B|/(ω|C|) ≥ MinDamping.
//
// The sign of B is not a condition: it tells a positive bubble (B < 0) from a
// negative one (B > 0), and the confidence indicator counts each separately.
// Bounds are inclusive unless Strict is set. A maximum may be +Inf to drop a
// condition.
//
// The remaining fields reproduce other implementations' rules exactly (see
// LPPLSPackageFilter); their zero values give the rule above.
type Filter struct {
	MMin, MMax         float64
	OmegaMin, OmegaMax float64
	TcBefore, TcAfter  float64 // fractions of the window length dt
	MinOscillations    float64
	MinDamping         float64

	// TcMaxBefore and TcMaxAfter, when positive, also bound tc to
	// [t2 − TcMaxBefore, t2 + TcMaxAfter] in the time unit of the fit.
	TcMaxBefore, TcMaxAfter float64
	// Strict makes every bound exclusive.
	Strict bool
	// SignedOscillations computes O = ω/(2π)·ln((tc−t1)/(tc−t2)) without
	// the absolute value, so that a tc inside the window (t1 < tc < t2)
	// gives no number and fails the condition, and O is infinite when B or
	// either oscillation amplitude C1, C2 is exactly zero.
	SignedOscillations bool
	// PerSignIndicator makes Indicator divide the qualified fits with B < 0
	// by the number of fits with B < 0 (and likewise for B > 0) instead of
	// by the number of windows.
	PerSignIndicator bool
}

// DefaultFilter returns Sornette2015Filter.
func DefaultFilter() Filter { return Sornette2015Filter() }

// Sornette2015Filter returns filtering condition 1 of Sornette et al. (2015,
// Table 1), used for the LPPLS confidence indicator: m ∈ [0.01, 1.2],
// ω ∈ [2, 25], tc ∈ [t2 − 0.05·dt, t2 + 0.1·dt], O ≥ 2.5, D ≥ 0.8. The paper
// was not readable here; the constants are those of two independent
// implementations of that table, Fantazzini's R package bubble
// (lppl.confidence.A, "filtering condition 1 in Table 1 by Sornette et al.
// (2015)") and octaviantu/lpplsExtended (lppls/conf/shanghai_filter1.json),
// which agree. The table's further condition, a relative fit error below 5%,
// is not applied (its definition differs between the implementations).
func Sornette2015Filter() Filter {
	return Filter{
		MMin: 0.01, MMax: 1.2,
		OmegaMin: 2, OmegaMax: 25,
		TcBefore: 0.05, TcAfter: 0.1,
		MinOscillations: 2.5,
		MinDamping:      0.8,
	}
}

// LPPLSPackageFilter returns the rule of the Python lppls package 0.6
// (Boulder Investment Technologies, LPPLS.compute_indicators with its
// get_oscillations and get_damping), condition for condition:
//
//	max(t2 − 60, t2 − 0.5·dt) < tc < min(t2 + 252, t2 + 0.5·dt),
//	0 < m < 1, 2 < ω < 15,
//	O = ω/(2π)·ln((tc−t1)/(tc−t2)) > 2.5 (no number, hence a failure, when
//	t1 < tc < t2; infinite when B, C1 or C2 is zero),
//	D = m|B|/(ω|C|) > 0.5,
//
// and an indicator that divides by the number of fits of the same sign of
// B. The caps 60 and 252 are in days, lppls' time unit (ordinal dates):
// pass times in days to reproduce it.
func LPPLSPackageFilter() Filter {
	return Filter{
		MMin: 0, MMax: 1,
		OmegaMin: 2, OmegaMax: 15,
		TcBefore: 0.5, TcAfter: 0.5,
		MinOscillations: 2.5,
		MinDamping:      0.5,

		TcMaxBefore: 60, TcMaxAfter: 252,
		Strict:             true,
		SignedOscillations: true,
		PerSignIndicator:   true,
	}
}

func (f Filter) isZero() bool { return f == Filter{} }

func (f Filter) validate() error {
	for _, x := range []float64{f.MMin, f.MMax, f.OmegaMin, f.OmegaMax, f.TcBefore, f.TcAfter, f.MinOscillations, f.MinDamping, f.TcMaxBefore, f.TcMaxAfter} {
		if math.IsNaN(x) {
			return badOption("filter has a NaN bound: %+v", f)
		}
	}
	switch {
	case f.MMin > f.MMax:
		return badOption("Filter m range [%g, %g] is empty", f.MMin, f.MMax)
	case f.OmegaMin > f.OmegaMax:
		return badOption("Filter ω range [%g, %g] is empty", f.OmegaMin, f.OmegaMax)
	case f.TcBefore < 0 || f.TcAfter < 0:
		return badOption("Filter tc fractions %g, %g must not be negative", f.TcBefore, f.TcAfter)
	case f.TcMaxBefore < 0 || f.TcMaxAfter < 0:
		return badOption("Filter tc caps %g, %g must not be negative", f.TcMaxBefore, f.TcMaxAfter)
	}
	return nil
}

// Oscillations returns the number of oscillations of fit as the filter
// counts them (see SignedOscillations).
func (f Filter) Oscillations(fit Fit) float64 {
	if !f.SignedOscillations {
		return fit.Oscillations()
	}
	p := fit.Params
	if p.B == 0 || p.C1 == 0 || p.C2 == 0 {
		return math.Inf(1)
	}
	return p.Omega / (2 * math.Pi) * math.Log((p.Tc-fit.T1)/(p.Tc-fit.T2))
}

// Damping returns the damping of fit as the filter computes it: D of
// Params.Damping, infinite under SignedOscillations when C1 or C2 is exactly
// zero (lppls sets C to 0 then).
func (f Filter) Damping(fit Fit) float64 {
	p := fit.Params
	if f.SignedOscillations && (p.C1 == 0 || p.C2 == 0) {
		return math.Inf(1)
	}
	return p.Damping()
}

// TcRange returns the interval of critical times that qualify for a fit of
// the window [t1, t2].
func (f Filter) TcRange(t1, t2 float64) (lo, hi float64) {
	dt := t2 - t1
	lo, hi = t2-f.TcBefore*dt, t2+f.TcAfter*dt
	if f.TcMaxBefore > 0 {
		lo = max(lo, t2-f.TcMaxBefore)
	}
	if f.TcMaxAfter > 0 {
		hi = min(hi, t2+f.TcMaxAfter)
	}
	return lo, hi
}

// Qualifies reports whether fit passes the filter and, when it does not, one
// reason for each failed condition.
func (f Filter) Qualifies(fit Fit) (bool, []string) {
	p := fit.Params
	if !allFinite(fit.RSS, p.Tc, p.M, p.Omega, p.A, p.B, p.C1, p.C2) {
		return false, []string{"no finite fit"}
	}
	// Comparisons with NaN are false, so a NaN O or D fails either form.
	atLeast := func(x, bound float64) bool { return x >= bound }
	op, open, close := "≥", '[', ']'
	if f.Strict {
		atLeast = func(x, bound float64) bool { return x > bound }
		op, open, close = ">", '(', ')'
	}
	in := func(x, lo, hi float64) bool { return atLeast(x, lo) && atLeast(-x, -hi) }
	var reasons []string
	if !in(p.M, f.MMin, f.MMax) {
		reasons = append(reasons, fmt.Sprintf("m = %.4g outside %c%g, %g%c", p.M, open, f.MMin, f.MMax, close))
	}
	if !in(p.Omega, f.OmegaMin, f.OmegaMax) {
		reasons = append(reasons, fmt.Sprintf("ω = %.4g outside %c%g, %g%c", p.Omega, open, f.OmegaMin, f.OmegaMax, close))
	}
	if lo, hi := f.TcRange(fit.T1, fit.T2); !in(p.Tc, lo, hi) {
		reasons = append(reasons, fmt.Sprintf("tc = %.6g outside %c%.6g, %.6g%c (t2 − %g·dt, t2 + %g·dt%s)", p.Tc, open, lo, hi, close, f.TcBefore, f.TcAfter, f.capNote()))
	}
	if o := f.Oscillations(fit); !atLeast(o, f.MinOscillations) {
		reasons = append(reasons, fmt.Sprintf("oscillations O = %.4g, want %s %g", o, op, f.MinOscillations))
	}
	if d := f.Damping(fit); !atLeast(d, f.MinDamping) {
		reasons = append(reasons, fmt.Sprintf("damping D = %.4g, want %s %g", d, op, f.MinDamping))
	}
	return len(reasons) == 0, reasons
}

func (f Filter) capNote() string {
	if f.TcMaxBefore == 0 && f.TcMaxAfter == 0 {
		return ""
	}
	return fmt.Sprintf(", capped at t2 − %g and t2 + %g", f.TcMaxBefore, f.TcMaxAfter)
}
