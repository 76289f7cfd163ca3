package numfmt

import (
	"math"
	"strconv"
	"strings"
)

// Minus is the typographic minus sign.
const Minus = "\u2212"

// NA is written for a value that does not exist (NaN or ±Inf).
const NA = "n/a"

func bad(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) }

// Fixed writes x with dec decimals, thousands separators and a true minus.
// A value that rounds to zero is written without a sign.
func Fixed(x float64, dec int) string {
	if bad(x) {
		return NA
	}
	if dec < 0 {
		dec = 0
	}
	s := strconv.FormatFloat(x, 'f', dec, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if neg && strings.Trim(s, "0.") == "" {
		neg = false
	}
	s = Group(s)
	if neg {
		return Minus + s
	}
	return s
}

// Group inserts commas into the integer part of an unsigned decimal
// ("1234567.5" becomes "1,234,567.5").
func Group(s string) string {
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	if len(intPart) <= 3 {
		return s
	}
	var b strings.Builder
	lead := len(intPart) % 3
	b.WriteString(intPart[:lead])
	for i := lead; i < len(intPart); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(intPart[i : i+3])
	}
	return b.String() + frac
}

// decimalsFor is the number of decimals that gives x about sig
// significant digits, never negative.
func decimalsFor(x float64, sig int) int {
	a := math.Abs(x)
	if a == 0 {
		return 0
	}
	// Round first so that 99.96 at three digits counts as 100.
	e := int(math.Floor(math.Log10(a)))
	r := math.Round(a/math.Pow10(e-sig+1)) * math.Pow10(e-sig+1)
	if r >= math.Pow10(e+1) {
		e++
	}
	return max(0, sig-1-e)
}

// Sig writes x with sig significant digits (at least its whole part),
// trailing zeros trimmed, thousands separators and a true minus.
func Sig(x float64, sig int) string {
	if bad(x) {
		return NA
	}
	if x == 0 {
		return "0"
	}
	if a := math.Abs(x); a < 1e-4 || a >= 1e9 {
		return expo(x, sig)
	}
	s := Fixed(x, decimalsFor(x, sig))
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == Minus+"0" {
		return "0"
	}
	return s
}

// expo writes extreme magnitudes as "1.2e−9".
func expo(x float64, sig int) string {
	m, e, _ := strings.Cut(strconv.FormatFloat(x, 'e', max(0, sig-1), 64), "e")
	if strings.Contains(m, ".") {
		m = strings.TrimRight(strings.TrimRight(m, "0"), ".")
	}
	ei, _ := strconv.Atoi(e)
	return strings.Replace(m, "-", Minus, 1) + "e" + strings.Replace(strconv.Itoa(ei), "-", Minus, 1)
}

// Auto writes a plain number with sensible decimals: none from 100, one
// from 10, two from 1, and three significant digits below 1 ("12,346",
// "123", "12.3", "1.23", "0.123").
func Auto(x float64) string {
	if bad(x) {
		return NA
	}
	switch a := math.Abs(x); {
	case a >= 99.95:
		return Fixed(x, 0)
	case a >= 9.995:
		return Fixed(x, 1)
	case a >= 0.9995:
		return Fixed(x, 2)
	default:
		return Sig(x, 3)
	}
}

// Money writes an amount given in USD billions with its unit, switching
// to trillions from $1,000bn: "$950bn", "$81.9bn", "$0.95bn", "$12.1tn",
// "−$2.14tn".
func Money(bn float64) string {
	if bad(bn) {
		return NA
	}
	sign := ""
	if bn < 0 {
		sign = Minus
	}
	a := math.Abs(bn)
	var s string
	switch {
	case a >= 999.5:
		s = "$" + Sig(a/1000, 3) + "tn"
	case a >= 0.995 || a == 0:
		s = "$" + Auto(a) + "bn"
	default:
		s = "$" + Sig(a, 2) + "bn"
	}
	if s == "$0bn" || s == "$0.00bn" {
		return "$0bn"
	}
	return sign + s
}

// Percent writes a share (0.123) as a percentage with one decimal
// ("12.3%"); from 1,000% on, without decimals.
func Percent(share float64) string {
	return PercentDec(share, 1)
}

// PercentDec writes a share as a percentage with dec decimals.
func PercentDec(share float64, dec int) string {
	if bad(share) {
		return NA
	}
	p := 100 * share
	if math.Abs(p) >= 999.5 {
		dec = 0
	}
	return Fixed(p, dec) + "%"
}

// Points writes a difference of two shares in percentage points with a
// sign: "+1.2 pp", "−0.4 pp", "0.0 pp".
func Points(diff float64) string {
	if bad(diff) {
		return NA
	}
	return Signed(Fixed(100*diff, 1)) + " pp"
}

// Signed puts a plus before a formatted positive number ("+12.3"); a
// negative one already starts with a minus and zero gets no sign.
func Signed(s string) string {
	if s == "" || s == NA || strings.HasPrefix(s, Minus) || strings.Trim(s, "0.,$%bntpk ") == "" {
		return s
	}
	return "+" + s
}

// Count writes a whole number with thousands separators.
func Count(n int64) string { return Fixed(float64(n), 0) }

// Plural writes a count with the singular or plural noun: "1 event",
// "2,300 events".
func Plural(n int64, one, many string) string {
	if n == 1 || n == -1 {
		return Count(n) + " " + one
	}
	return Count(n) + " " + many
}

// Months writes a duration in months: whole months from ten, one decimal
// below ("90 months", "2.5 months", "1 month").
func Months(m float64) string {
	if bad(m) {
		return NA
	}
	var s string
	if math.Abs(m) >= 9.95 {
		s = Fixed(m, 0)
	} else {
		s = Sig(m, 2)
	}
	if s == "1" {
		return "1 month"
	}
	return s + " months"
}

// Ratio writes a multiple with three significant digits: "1.34×".
func Ratio(x float64) string {
	if bad(x) {
		return NA
	}
	return Sig(x, 3) + "×"
}
