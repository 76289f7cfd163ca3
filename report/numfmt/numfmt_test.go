package numfmt

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// Cases is the shared table of the house style: the browser port of these
// rules (report/assets/bubblelab.js) is checked against it by the e2e
// tests through Vectors.
func TestFormats(t *testing.T) {
	t.Parallel()
	for _, c := range Vectors() {
		if got := c.Format(); got != c.Want {
			t.Errorf("%s(%v) = %q, want %q", c.Func, c.In, got, c.Want)
		}
	}
}

func TestPlural(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		n    int64
		want string
	}{{0, "0 events"}, {1, "1 event"}, {2, "2 events"}, {12345, "12,345 events"}} {
		if got := Plural(c.n, "event", "events"); got != c.want {
			t.Errorf("Plural(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}

// parse reads a formatted number back (minus, commas and units removed).
func parse(t *testing.T, s string) float64 {
	t.Helper()
	s = strings.ReplaceAll(s, Minus, "-")
	s = strings.ReplaceAll(s, ",", "")
	s = strings.Replace(s, "e-", "E-", 1)
	s = strings.ReplaceAll(s, "E-", "e-")
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%q does not parse: %v", s, err)
	}
	return v
}

// Properties of Sig over many magnitudes: it reads back within half a
// unit of its last digit, never uses a hyphen, never writes −0.
func FuzzSig(f *testing.F) {
	for _, x := range []float64{0, 1, -1, 0.0004567, 99.96, -12345.678, 1e14, 3e-7} {
		f.Add(x, 3)
	}
	f.Fuzz(func(t *testing.T, x float64, sig int) {
		if bad(x) || sig < 1 || sig > 12 {
			return
		}
		s := Sig(x, sig)
		if strings.Contains(s, "-") && !strings.Contains(s, "e") {
			t.Fatalf("Sig(%v, %d) = %q has a hyphen", x, sig, s)
		}
		if s == Minus+"0" {
			t.Fatalf("Sig(%v, %d) = −0", x, sig)
		}
		v := parse(t, s)
		tol := 0.0
		if x != 0 {
			tol = 0.5000001 * math.Pow10(int(math.Floor(math.Log10(math.Abs(x))))-sig+1)
		}
		if math.Abs(v-x) > tol+1e-12*math.Abs(x) {
			t.Fatalf("Sig(%v, %d) = %q reads back as %v (tolerance %v)", x, sig, s, v, tol)
		}
	})
}

// Money is monotone in the amount it shows: a larger amount never reads
// as a smaller one, across the bn/tn switch.
func TestMoneyMonotone(t *testing.T) {
	t.Parallel()
	prev := -1.0
	for x := 0.5; x < 5e6; x *= 1.013 {
		s := Money(x)
		v := strings.TrimPrefix(s, "$")
		mul := 1.0
		if strings.HasSuffix(v, "tn") {
			mul, v = 1000, strings.TrimSuffix(v, "tn")
		} else {
			v = strings.TrimSuffix(v, "bn")
		}
		got := parse(t, v) * mul
		if got < prev {
			t.Fatalf("Money(%v) = %q reads as %v, below the previous %v", x, s, got, prev)
		}
		// Three significant digits, two below $1bn.
		if tol := map[bool]float64{true: 0.0101, false: 0.0051}[x < 0.995]; math.Abs(got-x)/x > tol {
			t.Fatalf("Money(%v) = %q is off by more than %v", x, s, tol)
		}
		prev = got
	}
}
