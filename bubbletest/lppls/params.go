package lppls

import "math"

// Params are the seven parameters of the LPPLS model in the units of the
// times they were fitted to: Tc is a time, M and Omega are dimensionless, and
// A, B, C1, C2 are in log-price units (B, C1 and C2 per unit of (tc−t)^m).
type Params struct {
	Tc    float64 // critical time, the most probable end of the bubble
	M     float64 // exponent of the power law, 0 < M < 1 for a finite-time singularity
	Omega float64 // angular log-frequency of the oscillations
	A     float64 // log price at Tc
	B     float64 // amplitude of the power law; negative for a positive bubble
	C1    float64 // amplitude of the cosine term
	C2    float64 // amplitude of the sine term
}

// LogPrice returns the model's expected log price at time t. After Tc the
// model is evaluated at |Tc−t|, the convention used when fitting; at Tc itself
// it returns A, the limit of the model as t approaches Tc for M > 0.
func (p Params) LogPrice(t float64) float64 {
	dt := math.Abs(p.Tc - t)
	if dt == 0 {
		return p.A
	}
	lnDt := math.Log(dt)
	f := math.Exp(p.M * lnDt)
	sin, cos := math.Sincos(p.Omega * lnDt)
	return p.A + f*(p.B+p.C1*cos+p.C2*sin)
}

// C returns the amplitude √(C1²+C2²) of the log-periodic oscillation, the C of
// the form C·cos(ω ln(tc−t) − φ).
func (p Params) C() float64 { return math.Hypot(p.C1, p.C2) }

// Damping returns D = M·|B| / (Omega·|C|). For Omega ≫ M, D ≥ 1 is the
// condition of Bothmer & Meister (2003, Physica A 320) that the crash hazard
// rate −B·M − |C|·√(M²+Omega²) stays non-negative; the literature's filters
// apply it with looser thresholds. It is +Inf when the oscillation amplitude
// or Omega is zero.
func (p Params) Damping() float64 {
	den := p.Omega * p.C()
	if den == 0 {
		return math.Inf(1)
	}
	return p.M * math.Abs(p.B) / math.Abs(den)
}

// Oscillations returns the number of log-periodic oscillations the model makes
// over the window [t1, t2]: O = Omega/(2π)·ln|(Tc−t1)/(Tc−t2)|. It is +Inf
// when Tc equals t2, and NaN when Tc equals t1.
func (p Params) Oscillations(t1, t2 float64) float64 {
	num := math.Abs(p.Tc - t1)
	den := math.Abs(p.Tc - t2)
	if num == 0 {
		return math.NaN()
	}
	if den == 0 {
		return math.Inf(1)
	}
	return p.Omega / (2 * math.Pi) * math.Log(num/den)
}

// Bubble classifies the parameters by the sign of B.
func (p Params) Bubble() Bubble {
	switch {
	case p.B < 0:
		return Positive
	case p.B > 0:
		return Negative
	}
	return NoBubble
}

// Bubble is the direction of a bubble.
type Bubble int

const (
	// NoBubble is a fit with B = 0: no power-law acceleration.
	NoBubble Bubble = iota
	// Positive is a bubble with B < 0: prices accelerate upwards and the
	// regime ends in a crash or correction.
	Positive
	// Negative is a bubble with B > 0: prices accelerate downwards and the
	// regime ends in a rebound.
	Negative
)

func (b Bubble) String() string {
	switch b {
	case Positive:
		return "positive"
	case Negative:
		return "negative"
	}
	return "none"
}
