package chart

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"
)

// Grid lays out several charts of this package as small multiples in one
// <svg>, row by row, under a common title and above a common caption.
// Every cell is as large as the largest chart; give the charts equal sizes
// and axis ranges for a fair comparison.
type Grid struct {
	Title   string
	Caption string
	Desc    string
	ID      string
	// Columns is the number of charts per row; zero means 2.
	Columns int
	Charts  []Renderer
}

// gridTitleFont is larger than a chart title, so the grid's title reads
// as the heading of the panels' titles.
const gridTitleFont = 17.0

// sized is implemented by the chart kinds of this package, whose size a
// grid needs before drawing them.
type sized interface {
	size() (w, h float64)
}

// SVG returns the grid as an <svg> element.
func (g Grid) SVG() ([]byte, error) { return svgBytes(g) }

func (g Grid) size() (float64, float64) {
	cols, cw, ch, rows := g.cells()
	w, h := float64(cols)*cw, float64(rows)*ch
	if g.Title != "" {
		h += gridTitleFont + 10 + pad
	}
	if g.Caption != "" {
		h += float64(len(wrapText(g.Caption, w-2*pad, captionFont)))*captionFont*1.35 + pad
	}
	return w, h
}

func (g Grid) cells() (cols int, cw, ch float64, rows int) {
	cols = g.Columns
	if cols <= 0 {
		cols = 2
	}
	cols = min(cols, max(1, len(g.Charts)))
	for _, c := range g.Charts {
		if s, ok := c.(sized); ok {
			w, h := s.size()
			cw, ch = math.Max(cw, w), math.Max(ch, h)
		}
	}
	rows = (len(g.Charts) + cols - 1) / cols
	return cols, cw, ch, rows
}

// WriteSVG writes the grid as an <svg> element containing one nested
// <svg> per chart.
func (g Grid) WriteSVG(out io.Writer) error {
	for i, c := range g.Charts {
		if _, ok := c.(sized); !ok {
			return fmt.Errorf("chart: grid cell %d is a %T, not a chart of this package", i, c)
		}
	}
	cols, cw, ch, _ := g.cells()
	W, H := g.size()
	w := &svgWriter{}
	w.printf(`<svg xmlns="http://www.w3.org/2000/svg" id="%s" width="%s" height="%s" viewBox="0 0 %s %s" role="group" aria-labelledby="%s-title %s-desc" font-family="%s" font-size="%s">`,
		idToken, num(W), num(H), num(W), num(H), idToken, idToken, fontFamily, num(tickFont))
	title := g.Title
	if title == "" {
		title = "Small multiples"
	}
	desc := strings.TrimSpace(fmt.Sprintf("%s %s %d charts.", g.Caption, g.Desc, len(g.Charts)))
	w.printf(`<title id="%s-title">%s</title>`, idToken, esc(title))
	w.printf(`<desc id="%s-desc">%s</desc>`, idToken, esc(strings.Join(strings.Fields(desc), " ")))
	w.printf(`<rect width="%s" height="%s" fill="#fff"/>`, num(W), num(H))
	top := 0.0
	if g.Title != "" {
		w.printf(`<text x="%s" y="%s" font-size="%s" font-weight="600" fill="%s">%s</text>`,
			num(pad), num(pad+gridTitleFont*0.8), num(gridTitleFont), inkTitle, esc(ellipsize(g.Title, W-2*pad, gridTitleFont*1.05)))
		top = pad + gridTitleFont + 10
	}
	for i, c := range g.Charts {
		var b bytes.Buffer
		if err := c.WriteSVG(&b); err != nil {
			return fmt.Errorf("grid cell %d: %w", i, err)
		}
		x, y := float64(i%cols)*cw, top+float64(i/cols)*ch
		w.printf(`<g transform="translate(%s %s)">`, num(x), num(y))
		w.buf.Write(b.Bytes())
		w.str(`</g>`)
	}
	if g.Caption != "" {
		lines := wrapText(g.Caption, W-2*pad, captionFont)
		y0 := H - pad - float64(len(lines)-1)*captionFont*1.35
		for i, l := range lines {
			w.printf(`<text x="%s" y="%s" font-size="%s" fill="%s">%s</text>`,
				num(pad), num(y0+float64(i)*captionFont*1.35), num(captionFont), inkText, esc(l))
		}
	}
	w.str(`</svg>`)
	return finish(out, w.buf.Bytes(), g.ID)
}
