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
// Bounds are inclusive. A maximum may be +Inf to drop a condition.
type Filter struct {
	MMin, MMax         float64
	OmegaMin, OmegaMax float64
	TcBefore, TcAfter  float64 // fractions of the window length dt
	MinOscillations    float64
	MinDamping         float64
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

// LPPLSPackageFilter returns the filter of the Python lppls package 0.6
// (LPPLS.compute_indicators, Boulder Investment Technologies): m ∈ [0, 1],
// ω ∈ [2, 15], tc ∈ [t2 − 0.5·dt, t2 + 0.5·dt], O ≥ 2.5, D ≥ 0.5. The package
// also caps tc to [t2 − 60, t2 + 252] in days; that unit-dependent cap is
// not reproduced, and the package's strict inequalities are inclusive here.
func LPPLSPackageFilter() Filter {
	return Filter{
		MMin: 0, MMax: 1,
		OmegaMin: 2, OmegaMax: 15,
		TcBefore: 0.5, TcAfter: 0.5,
		MinOscillations: 2.5,
		MinDamping:      0.5,
	}
}

func (f Filter) isZero() bool { return f == Filter{} }

func (f Filter) validate() error {
	for _, x := range []float64{f.MMin, f.MMax, f.OmegaMin, f.OmegaMax, f.TcBefore, f.TcAfter, f.MinOscillations, f.MinDamping} {
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
	}
	return nil
}

// Qualifies reports whether fit passes the filter and, when it does not, one
// reason for each failed condition.
func (f Filter) Qualifies(fit Fit) (bool, []string) {
	p := fit.Params
	if !allFinite(fit.RSS, p.Tc, p.M, p.Omega, p.A, p.B, p.C1, p.C2) {
		return false, []string{"no finite fit"}
	}
	var reasons []string
	if p.M < f.MMin || p.M > f.MMax {
		reasons = append(reasons, fmt.Sprintf("m = %.4g outside [%g, %g]", p.M, f.MMin, f.MMax))
	}
	if p.Omega < f.OmegaMin || p.Omega > f.OmegaMax {
		reasons = append(reasons, fmt.Sprintf("ω = %.4g outside [%g, %g]", p.Omega, f.OmegaMin, f.OmegaMax))
	}
	dt := fit.T2 - fit.T1
	lo, hi := fit.T2-f.TcBefore*dt, fit.T2+f.TcAfter*dt
	if p.Tc < lo || p.Tc > hi {
		reasons = append(reasons, fmt.Sprintf("tc = %.6g outside [%.6g, %.6g] (t2 − %g·dt, t2 + %g·dt)", p.Tc, lo, hi, f.TcBefore, f.TcAfter))
	}
	if o := fit.Oscillations(); !(o >= f.MinOscillations) {
		reasons = append(reasons, fmt.Sprintf("oscillations O = %.4g below %g", o, f.MinOscillations))
	}
	if d := p.Damping(); !(d >= f.MinDamping) {
		reasons = append(reasons, fmt.Sprintf("damping D = %.4g below %g", d, f.MinDamping))
	}
	return len(reasons) == 0, reasons
}
