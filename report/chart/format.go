package chart

import (
	"math"
	"strconv"
	"strings"

	"github.com/bubblelab/bubblelab/report/numfmt"
)

// Unit says how the values on an axis are written: Scale multiplies the
// data before display and Prefix and Suffix surround the number. For
// example Unit{Prefix: "$", Suffix: "bn"} writes 12 as "$12bn", and
// Unit{Suffix: "%", Scale: 100} writes the fraction 0.25 as "25%".
// The zero Unit writes plain numbers.
type Unit struct {
	Prefix string
	Suffix string
	// Scale multiplies values before they are shown; 0 means 1. Ticks are
	// chosen in the scaled units, so they stay round numbers.
	Scale float64
	// Thousand, when set, replaces Suffix for values of 1,000 and more
	// (after scaling), which are then written in thousands: with
	// Unit{Prefix: "$", Suffix: "bn", Thousand: "tn"}, 12,000 reads
	// "$12tn". An axis switches as a whole, when its largest tick does.
	Thousand string
}

func (u Unit) mul() float64 {
	if u.Scale == 0 {
		return 1
	}
	return u.Scale
}

// wrap puts the unit around an already formatted magnitude. The sign goes
// before the prefix: "−$3bn", not "$−3bn".
func (u Unit) wrap(s string) string {
	sign := ""
	if strings.HasPrefix(s, "\u2212") {
		sign, s = "\u2212", strings.TrimPrefix(s, "\u2212")
	} else if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	return sign + u.Prefix + s + u.Suffix
}

// wrapWith is wrap with another suffix.
func (u Unit) wrapWith(s, suffix string) string {
	u.Suffix = suffix
	return u.wrap(s)
}

// minus is the typographic minus sign used in tick labels; it is as wide
// as a digit's neighbours expect and does not look like a hyphen.
const minus = "\u2212"

// signMinus replaces a leading hyphen by the typographic minus.
func signMinus(s string) string {
	if strings.HasPrefix(s, "-") {
		return minus + s[1:]
	}
	return s
}

// groupFrom is the magnitude from which digits are grouped by thousands,
// as everywhere in bubblelab (package numfmt). Years sit on date axes, so
// they are not affected.
const groupFrom = 1000

// groupThousands inserts commas into the integer part of a plain decimal.
func groupThousands(s string) string {
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	if len(intPart) > 3 {
		var b strings.Builder
		lead := len(intPart) % 3
		if lead > 0 {
			b.WriteString(intPart[:lead])
		}
		for i := lead; i < len(intPart); i += 3 {
			if b.Len() > 0 {
				b.WriteByte(',')
			}
			b.WriteString(intPart[i : i+3])
		}
		intPart = b.String()
	}
	if neg {
		return "-" + intPart + frac
	}
	return intPart + frac
}

// useExponent reports whether numbers of this magnitude read better in
// exponent notation than as long strings of digits.
func useExponent(mag float64) bool {
	return mag >= 1e9 || (mag > 0 && mag < 1e-4)
}

// formatTicks writes tick values (already in display units) with the
// same number of decimals, enough to tell neighbouring ticks apart.
func formatTicks(ticks []float64, step float64, u Unit) []string {
	mag := 0.0
	for _, t := range ticks {
		mag = math.Max(mag, math.Abs(t))
	}
	if u.Thousand != "" && mag >= 1000 {
		scaled := make([]float64, len(ticks))
		for i, t := range ticks {
			scaled[i] = t / 1000
		}
		return formatTicks(scaled, step/1000, Unit{Prefix: u.Prefix, Suffix: u.Thousand})
	}
	labels := make([]string, len(ticks))
	if useExponent(mag) {
		// Each tick gets its own exponent ("2e−8", "1e−7") with as many
		// mantissa digits as the step needs.
		for extra := 0; ; extra++ {
			for i, t := range ticks {
				labels[i] = expString(t, step, extra)
			}
			if distinct(labels) || extra >= 20 {
				break
			}
		}
	} else {
		dec := 0
		if step > 0 && step < 1 {
			dec = -decade(step)
		}
		// 17 significant digits tell any two doubles apart, and ticks
		// here are at least 1e-4 in magnitude, so 4+17 decimals suffice.
		for ; ; dec++ {
			for i, t := range ticks {
				labels[i] = strconv.FormatFloat(t, 'f', dec, 64)
				if mag >= groupFrom && (u.Prefix != "" || u.Suffix != "" || mag >= 10000) {
					labels[i] = groupThousands(labels[i])
				}
			}
			if distinct(labels) || dec >= 4+17 {
				break
			}
		}
	}
	for i, l := range labels {
		if l == "-0" || strings.Trim(l, "-0.,") == "" && strings.HasPrefix(l, "-") {
			l = strings.TrimPrefix(l, "-")
		}
		labels[i] = u.wrap(signMinus(l))
	}
	return labels
}

// expString writes v as m·10^e in the compact form "2.5e9", with enough
// mantissa digits to resolve step plus extra.
func expString(v, step float64, extra int) string {
	if v == 0 {
		return "0"
	}
	e := decade(math.Abs(v))
	dec := extra
	if step > 0 {
		dec += max(0, e-decade(step))
	}
	// Formatting v itself rather than v/10^e keeps every digit exact.
	m, exp, _ := strings.Cut(strconv.FormatFloat(v, 'e', dec, 64), "e")
	if strings.Contains(m, ".") {
		m = strings.TrimRight(strings.TrimRight(m, "0"), ".")
	}
	ei, _ := strconv.Atoi(exp)
	return m + "e" + signMinus(strconv.Itoa(ei))
}

func distinct(labels []string) bool {
	for i := 1; i < len(labels); i++ {
		if labels[i] == labels[i-1] {
			return false
		}
	}
	return true
}

// formatLogTicks writes ticks of a log axis one by one, since they share
// no common step.
func formatLogTicks(ticks []float64, u Unit) []string {
	labels := make([]string, len(ticks))
	for i, t := range ticks {
		if u.Thousand != "" && math.Abs(t) >= 1000 {
			labels[i] = u.wrapWith(compact(t/1000, 3), u.Thousand)
			continue
		}
		labels[i] = u.wrap(compact(t, 3))
	}
	return labels
}

// formatValue writes a single value for tooltips and descriptions in the
// house style of package numfmt: sensible decimals, thousands separators,
// a true minus and the unit (in thousands from 1,000 when the unit has a
// Thousand suffix).
func formatValue(v float64, u Unit) string {
	if math.IsNaN(v) {
		return "no value"
	}
	d := v * u.mul()
	if u.Thousand != "" && math.Abs(d) >= 999.5 {
		return u.wrapWith(numfmt.Sig(d/1000, 3), u.Thousand)
	}
	if a := math.Abs(d); a > 0 && a < 0.995 && u.Prefix == "$" {
		return u.wrap(numfmt.Sig(d, 2))
	}
	s := numfmt.Sig(d, 3)
	if u.Prefix == "" && u.Suffix == "" && math.Abs(d) < 10000 {
		// Plain four-digit numbers may be years: no separator.
		s = strings.ReplaceAll(s, ",", "")
	}
	return u.wrap(s)
}

// compact writes v with at most sig significant digits, trimming trailing
// zeros, switching to exponent notation for extreme magnitudes.
func compact(v float64, sig int) string {
	if v == 0 {
		return "0"
	}
	a := math.Abs(v)
	if useExponent(a) {
		s := strconv.FormatFloat(v, 'e', sig-1, 64)
		mant, exp, _ := strings.Cut(s, "e")
		if strings.Contains(mant, ".") {
			mant = strings.TrimRight(strings.TrimRight(mant, "0"), ".")
		}
		e, _ := strconv.Atoi(exp)
		return mant + "e" + signMinus(strconv.Itoa(e))
	}
	dec := max(0, sig-1-decade(a))
	s := strconv.FormatFloat(v, 'f', dec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	if a >= groupFrom {
		s = groupThousands(s)
	}
	return s
}
