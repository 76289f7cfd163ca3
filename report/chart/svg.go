package chart

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"strconv"
	"strings"
)

// idToken stands in for the element id prefix while a chart is drawn. The
// real prefix is only known once the body is complete (it may be a hash of
// it), so it is substituted afterwards. A NUL byte can never come from user
// text because esc drops it, which makes the substitution unambiguous.
const idToken = "\x00"

// svgWriter accumulates markup. It never fails: everything that can go wrong
// is checked before drawing starts.
type svgWriter struct {
	buf bytes.Buffer
}

func (w *svgWriter) printf(format string, args ...any) {
	fmt.Fprintf(&w.buf, format, args...)
}

func (w *svgWriter) str(s string) { w.buf.WriteString(s) }

// title writes a native tooltip as the first child of the element just opened.
func (w *svgWriter) title(s string) {
	if s == "" {
		return
	}
	w.buf.WriteString("<title>")
	w.buf.WriteString(esc(s))
	w.buf.WriteString("</title>")
}

// maxCoord bounds pixel coordinates so that a value far outside a fixed
// axis range cannot produce a hundreds-of-digits number in the output.
const maxCoord = 1e6

// num formats a coordinate or length with at most two decimals and without
// trailing zeros. Fixed-precision formatting is what makes output
// byte-for-byte reproducible across platforms.
func num(v float64) string {
	if math.IsNaN(v) {
		return "0"
	}
	v = math.Max(-maxCoord, math.Min(maxCoord, v))
	b := strconv.AppendFloat(make([]byte, 0, 16), v, 'f', 2, 64)
	b = bytes.TrimRight(b, "0")
	b = bytes.TrimSuffix(b, []byte("."))
	if string(b) == "-0" {
		return "0"
	}
	return string(b)
}

// esc makes s safe as XML character data and as a quoted attribute value.
// Characters that XML 1.0 cannot carry at all (most C0 controls, invalid
// UTF-8) become U+FFFD rather than disappearing silently.
func esc(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&#39;")
		case '\n':
			b.WriteString("&#10;")
		case '\r':
			b.WriteString("&#13;")
		case '\t':
			b.WriteString("&#9;")
		default:
			if r < 0x20 || r == 0xFFFE || r == 0xFFFF {
				r = '\uFFFD'
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// sanitizeID turns a user-chosen prefix into a valid XML name and HTML id:
// letters, digits, '-' and '_' only, starting with a letter.
func sanitizeID(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	id := b.String()
	if id == "" || !(id[0] >= 'a' && id[0] <= 'z' || id[0] >= 'A' && id[0] <= 'Z') {
		id = "c" + id
	}
	return id
}

// hashID derives an id prefix from the finished body so that different
// charts on one page get different ids without the caller choosing any.
func hashID(body []byte) string {
	h := fnv.New64a()
	h.Write(body)
	return fmt.Sprintf("chart-%012x", h.Sum64()>>16)
}

// finish substitutes the id prefix into body and writes it to out.
func finish(out io.Writer, body []byte, id string) error {
	if id == "" {
		id = hashID(body)
	} else {
		id = sanitizeID(id)
	}
	_, err := out.Write(bytes.ReplaceAll(body, []byte(idToken), []byte(id)))
	return err
}

// pathBuilder accumulates SVG path data.
type pathBuilder struct {
	b    strings.Builder
	open bool
}

func (p *pathBuilder) moveTo(x, y float64) {
	p.b.WriteByte('M')
	p.b.WriteString(num(x))
	p.b.WriteByte(' ')
	p.b.WriteString(num(y))
	p.open = true
}

func (p *pathBuilder) lineTo(x, y float64) {
	if !p.open {
		p.moveTo(x, y)
		return
	}
	p.b.WriteByte('L')
	p.b.WriteString(num(x))
	p.b.WriteByte(' ')
	p.b.WriteString(num(y))
}

func (p *pathBuilder) close() {
	if p.open {
		p.b.WriteByte('Z')
	}
	p.open = false
}

func (p *pathBuilder) String() string { return p.b.String() }
