package nfc

import (
	"testing"
	"unicode/utf8"
)

func TestString(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Nvidia", "Nvidia"},
		{"Nestle\u0301", "Nestlé"},
		{"Nestlé", "Nestlé"},
		{"Societe Ge\u0301ne\u0301rale", "Societe Générale"},
		{"A\u030Angstro\u0308m", "Ångström"},
		{"Vie\u0323\u0302t", "Việt"}, // two marks in canonical order
		{"\u1112\u1161\u11AB", "한"},  // Hangul L V T
		{"x\u0301", "x\u0301"},       // no composite: left as it is
		{"e\u0301\u0301", "é\u0301"}, // only the first composes
		{"\u00C5", "\u00C5"},         // already composed
		{"\u212B", "\u212B"},         // a singleton (Angstrom sign) is not composed from anything
	} {
		if got := String(c.in); got != c.want {
			t.Errorf("String(%+q) = %+q, want %+q", c.in, got, c.want)
		}
	}
	if len(pairs) < 900 || unicodeVersion == "" {
		t.Fatalf("table has %d pairs (Unicode %s)", len(pairs), unicodeVersion)
	}
	for i := 1; i < len(pairs); i++ {
		if a, b := pairs[i-1], pairs[i]; a[0] > b[0] || (a[0] == b[0] && a[1] >= b[1]) {
			t.Fatalf("pairs not sorted at %d", i)
		}
	}
}

func TestStringASCIINoAlloc(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { _ = String("OpenAI") }); n != 0 {
		t.Fatalf("%v allocations for an ASCII name", n)
	}
}

func FuzzString(f *testing.F) {
	f.Add("Nestle\u0301")
	f.Fuzz(func(t *testing.T, s string) {
		got := String(s)
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("String(%+q) = %+q is not valid UTF-8", s, got)
		}
		if String(got) != got {
			t.Fatalf("not idempotent on %+q", s)
		}
	})
}
