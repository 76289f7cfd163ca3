package chart

import (
	"strings"
	"unicode"
)

// Layout needs text widths before any browser has measured anything, so
// widths are estimated from per-character advances of a typical sans-serif
// face (Arial/Liberation Sans metrics, in em). The estimate errs slightly on
// the wide side: a little extra margin is better than clipped labels.
func runeEm(r rune) float64 {
	switch {
	case r == ' ', r == '.', r == ',', r == ':', r == ';', r == '!', r == '\'', r == '|':
		return 0.3
	case r == 'i', r == 'j', r == 'l', r == 'I':
		return 0.26
	case r == 'f', r == 't', r == 'r', r == '(', r == ')', r == '[', r == ']', r == '-', r == '/':
		return 0.36
	case r == 'm', r == 'M':
		return 0.86
	case r == 'w', r == 'W':
		return 0.8
	case r == '%':
		return 0.92
	case r == '\u2212', r == '+', r == '=', r == '<', r == '>':
		return 0.6
	case r == '\u2013':
		return 0.56
	case r == '\u2014', r == '\u2026':
		return 1.0
	case r >= '0' && r <= '9', r == '$', r == '#', r == '_':
		return 0.57
	case r >= 'A' && r <= 'Z':
		return 0.69
	case r >= 'a' && r <= 'z':
		return 0.53
	case r < 0x80:
		return 0.57
	case unicode.Is(unicode.Han, r), unicode.Is(unicode.Hangul, r), unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r):
		return 1.0
	case unicode.IsUpper(r):
		return 0.69
	default:
		return 0.6
	}
}

// textWidth estimates the rendered width of s in pixels at the given size.
func textWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		w += runeEm(r)
	}
	return w * size
}

// ellipsize shortens s with a trailing ellipsis so it fits in max pixels.
func ellipsize(s string, max, size float64) string {
	if textWidth(s, size) <= max {
		return s
	}
	limit := max - textWidth("\u2026", size)
	w := 0.0
	for i, r := range s {
		w += runeEm(r) * size
		if w > limit {
			return strings.TrimRightFunc(s[:i], unicode.IsSpace) + "\u2026"
		}
	}
	return s
}

// wrapText breaks s into lines no wider than max pixels at the given size,
// breaking at spaces; a single word longer than a line is ellipsized.
func wrapText(s string, max, size float64) []string {
	words := strings.Fields(s)
	var lines []string
	line := ""
	for _, word := range words {
		cand := word
		if line != "" {
			cand = line + " " + word
		}
		if textWidth(cand, size) <= max || line == "" {
			line = cand
			continue
		}
		lines = append(lines, line)
		line = word
	}
	if line != "" {
		lines = append(lines, line)
	}
	for i, l := range lines {
		lines[i] = ellipsize(l, max, size)
	}
	return lines
}
