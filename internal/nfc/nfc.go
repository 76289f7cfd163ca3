// Package nfc brings text to Unicode's composed form (NFC) for the common
// case, so that a firm name typed with precomposed letters ("Nestlé" with
// U+00E9) and the same name with a combining mark ("Nestle" + U+0301), as
// macOS file names and some exports write it, are one name.
//
// String composes each base letter with the combining marks that follow
// it, using the canonical compositions of the Basic Multilingual Plane
// (table.go, generated from Python's unicodedata by gen_table.py) and
// Hangul's algorithmic syllables. It does not reorder marks into
// canonical order first, so a mark that does not compose can keep a later
// one from composing where full NFC would; for names typed on a keyboard
// or decomposed by NFD the result is NFC. golang.org/x/text/unicode/norm
// does all of NFC; this package keeps the module free of it.
package nfc

import "sort"

//go:generate /usr/bin/python3 gen_table.py

// String returns s with composable sequences composed. ASCII strings are
// returned as they are, without allocating.
func String(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if k := len(out) - 1; k >= 0 {
			if c, ok := compose(out[k], r); ok {
				out[k] = c
				continue
			}
		}
		out = append(out, r)
	}
	return string(out)
}

// Hangul syllable composition (Unicode section 3.12).
const (
	sBase, lBase, vBase, tBase = 0xAC00, 0x1100, 0x1161, 0x11A7
	lCount, vCount, tCount     = 19, 21, 28
	nCount                     = vCount * tCount
)

// compose returns the canonical composite of a followed by b.
func compose(a, b rune) (rune, bool) {
	switch {
	case a >= lBase && a < lBase+lCount && b >= vBase && b < vBase+vCount:
		return sBase + ((a-lBase)*vCount+(b-vBase))*tCount, true
	case a >= sBase && a < sBase+lCount*nCount && (a-sBase)%tCount == 0 && b > tBase && b < tBase+tCount:
		return a + (b - tBase), true
	}
	i := sort.Search(len(pairs), func(i int) bool {
		p := pairs[i]
		return p[0] > a || (p[0] == a && p[1] >= b)
	})
	if i < len(pairs) && pairs[i][0] == a && pairs[i][1] == b {
		return pairs[i][2], true
	}
	return 0, false
}
