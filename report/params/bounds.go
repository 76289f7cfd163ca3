package params

import (
	"errors"
	"math"
	"strconv"

	"github.com/bubblelab/bubblelab/sim"
)

// Bounds are the limits sim.Params.Validate puts on one numeric parameter,
// as far as Probe can tell.
type Bounds struct {
	HasMin bool
	Min    float64
	// MinExclusive: the value must be above Min, not equal to it.
	MinExclusive bool
	HasMax       bool
	Max          float64
}

// String writes the bounds for people: "0 to 1", "above 0", "1 to 1200".
func (b Bounds) String() string {
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	switch {
	case b.HasMin && b.HasMax && !b.MinExclusive:
		return f(b.Min) + " to " + f(b.Max)
	case b.HasMin && b.HasMax:
		return "above " + f(b.Min) + ", at most " + f(b.Max)
	case b.HasMin && b.MinExclusive:
		return "above " + f(b.Min)
	case b.HasMin:
		return "at least " + f(b.Min)
	case b.HasMax:
		return "at most " + f(b.Max)
	}
	return ""
}

// Probe finds the bounds of every numeric parameter of p (which must be
// valid) by asking p.Validate about values just outside candidate limits:
// zero (inclusive or exclusive) below, one above for real numbers, and the
// exact limits of whole numbers by bisection. Bounds that depend on other
// parameters (a sum of shares at most 1) are not found; the hints are for
// forms, and Validate remains the check.
func Probe(p sim.Params) map[string]Bounds {
	out := map[string]Bounds{}
	for _, f := range Fields(p) {
		if f.Kind != Float && f.Kind != Int {
			continue
		}
		invalid := func(text string) bool {
			q := p
			if err := Set(&q, f.Path, text); err != nil {
				return true
			}
			var pe *sim.ParamError
			err := q.Validate()
			return errors.As(err, &pe) && pe.Key == f.Path
		}
		var b Bounds
		if f.Kind == Float {
			if invalid("-1e-9") {
				b.HasMin = true
				b.MinExclusive = invalid("0")
			}
			if invalid("1.000000001") && !invalid("1") {
				b.HasMax, b.Max = true, 1
			}
		} else {
			cur, _ := strconv.Atoi(f.Value)
			if lo, ok := intEdge(cur, -1, invalid); ok {
				b.HasMin, b.Min = true, float64(lo)
			}
			if hi, ok := intEdge(cur, +1, invalid); ok {
				b.HasMax, b.Max = true, float64(hi)
			}
		}
		if b != (Bounds{}) {
			out[f.Path] = b
		}
	}
	return out
}

// intEdge finds the last valid whole number going from the valid value cur
// in direction dir, searching up to a million away.
func intEdge(cur, dir int, invalid func(string) bool) (int, bool) {
	const reach = 1 << 20
	far := cur + dir*reach
	if !invalid(strconv.Itoa(far)) {
		return 0, false
	}
	good, bad := cur, far // invariant: good valid, bad invalid
	for int(math.Abs(float64(bad-good))) > 1 {
		mid := good + (bad-good)/2
		if invalid(strconv.Itoa(mid)) {
			bad = mid
		} else {
			good = mid
		}
	}
	return good, true
}
