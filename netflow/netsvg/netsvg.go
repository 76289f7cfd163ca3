package netsvg

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/bubblelab/bubblelab/netflow"
)

// Options controls the picture.
type Options struct {
	// Roles maps node names to a role (e.g. "model_lab"); nodes are grouped
	// by role around the circle in RoleOrder, then any other roles sorted
	// by name. Nodes without a role are grouped as "other".
	Roles map[string]string
	// RoleOrder lists roles in drawing order; zero means DefaultRoleOrder.
	RoleOrder []string
	Title     string  // drawn at the top; empty for none
	Unit      string  // amount unit in tooltips and legend; empty means "bn"
	SizePx    float64 // width and height; zero means 1000
}

// DefaultRoleOrder is the role order of the shipped firm file.
var DefaultRoleOrder = []string{"model_lab", "chip_vendor", "memory_vendor", "hyperscaler", "neocloud", "investor", "other"}

// Render writes an SVG picture of g with the circular flow of d (which must
// come from MaxCirculation on g; nil draws no circular part).
func Render(w io.Writer, g *netflow.Graph, d *netflow.Decomposition, opts Options) error {
	if d != nil && len(d.EdgeCircularBn) != g.NumEdges() {
		return fmt.Errorf("netsvg: decomposition has %d edges, graph %d", len(d.EdgeCircularBn), g.NumEdges())
	}
	size := opts.SizePx
	if size <= 0 {
		size = 1000
	}
	unit := opts.Unit
	if unit == "" {
		unit = "bn"
	}
	order := opts.RoleOrder
	if len(order) == 0 {
		order = DefaultRoleOrder
	}
	role := func(name string) string {
		if r := opts.Roles[name]; r != "" {
			return r
		}
		return "other"
	}
	rank := func(r string) int {
		if i := slices.Index(order, r); i >= 0 {
			return i
		}
		return len(order)
	}
	n := g.NumNodes()
	nodes := make([]int, n)
	for i := range nodes {
		nodes[i] = i
	}
	slices.SortStableFunc(nodes, func(a, b int) int {
		ra, rb := role(g.Name(a)), role(g.Name(b))
		if c := rank(ra) - rank(rb); c != 0 {
			return c
		}
		if c := strings.Compare(ra, rb); c != 0 {
			return c
		}
		return strings.Compare(g.Name(a), g.Name(b))
	})
	// Positions: one slot per node plus a one-slot gap between role groups.
	slots := make([]int, n)
	slot := 0
	for i, v := range nodes {
		if i > 0 && role(g.Name(v)) != role(g.Name(nodes[i-1])) {
			slot++
		}
		slots[v] = slot
		slot++
	}
	cx, cy := size/2, size/2+15
	radius := size * 0.30
	x := make([]float64, n)
	y := make([]float64, n)
	angle := make([]float64, n)
	for v := 0; v < n; v++ {
		angle[v] = 2*math.Pi*float64(slots[v])/float64(max(slot, 1)) - math.Pi/2
		x[v] = cx + radius*math.Cos(angle[v])
		y[v] = cy + radius*math.Sin(angle[v])
	}
	inflow := make([]float64, n)
	outflow := make([]float64, n)
	maxW := 0.0
	for _, e := range g.Edges() {
		inflow[e.To] += e.WeightBn
		outflow[e.From] += e.WeightBn
		maxW = max(maxW, e.WeightBn)
	}
	maxThrough := 0.0
	for v := 0; v < n; v++ {
		maxThrough = max(maxThrough, inflow[v]+outflow[v])
	}
	width := func(amount float64) float64 {
		if maxW <= 0 {
			return 1
		}
		return 0.6 + 9*math.Sqrt(amount/maxW)
	}
	nodeR := func(v int) float64 {
		if maxThrough <= 0 {
			return 5
		}
		return 4 + 12*math.Sqrt((inflow[v]+outflow[v])/maxThrough)
	}

	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	esc := html.EscapeString
	p(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	p(`<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="sans-serif" font-size="11">`+"\n", f1(size), f1(size+30), f1(size), f1(size+30))
	p(`<desc>Deal network drawn by bubblelab loops: grey solid arrows are directional flow, dark red dashed strokes the circular part (maximum circulation).</desc>` + "\n")
	p("<defs>\n")
	p(`<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#888"/></marker>` + "\n")
	p("</defs>\n")
	p(`<rect width="100%%" height="100%%" fill="white"/>` + "\n")
	if opts.Title != "" {
		p(`<text x="%s" y="24" text-anchor="middle" font-size="16" font-weight="bold">%s</text>`+"\n", f1(size/2), esc(opts.Title))
	}
	// Legend.
	p(`<g transform="translate(16,44)">` + "\n")
	p(`<line x1="0" y1="0" x2="40" y2="0" stroke="#9a9a9a" stroke-width="3"/><text x="48" y="4">directional flow (width ~ sqrt of amount)</text>` + "\n")
	p(`<line x1="0" y1="18" x2="40" y2="18" stroke="#9b1b1b" stroke-width="3" stroke-dasharray="6 3"/><text x="48" y="22">circular flow (maximum circulation), dashed</text>` + "\n")
	p(`<circle cx="20" cy="38" r="6" fill="#dfe7f2" stroke="#234" stroke-width="1"/><circle cx="20" cy="38" r="9" fill="none" stroke="#9b1b1b" stroke-width="1.5" stroke-dasharray="3 2"/><text x="48" y="42">firm receiving circular flow (dashed ring)</text>` + "\n")
	p("</g>\n")

	// Edges: directional stroke first, circular overlay on top.
	p(`<g fill="none">` + "\n")
	for i, e := range g.Edges() {
		c := 0.0
		if d != nil {
			c = d.EdgeCircularBn[i]
		}
		path := edgePath(e.From, e.To, x, y, angle, cx, cy, nodeR)
		deals := strings.Join(e.Deals, ", ")
		est := ""
		if e.Estimated {
			est = " (includes estimated amounts)"
		}
		p(`<g><title>%s → %s: %s %s%s; circular %s, directional %s; deals %s</title>`+"\n",
			esc(g.Name(e.From)), esc(g.Name(e.To)), f1(e.WeightBn), esc(unit), est, f1(c), f1(e.WeightBn-c), esc(deals))
		p(`<path d="%s" stroke="#9a9a9a" stroke-opacity="0.75" stroke-width="%s" marker-end="url(#arrow)"/>`+"\n", path, f2(width(e.WeightBn)))
		if c > 1e-9*max(1, e.WeightBn) {
			p(`<path d="%s" stroke="#9b1b1b" stroke-width="%s" stroke-dasharray="7 4"/>`+"\n", path, f2(width(c)))
		}
		p("</g>\n")
	}
	p("</g>\n")

	// Nodes and labels.
	for v := 0; v < n; v++ {
		name := g.Name(v)
		r := nodeR(v)
		circIn := 0.0
		if d != nil {
			circIn = d.Firms[v].CircularInflowBn
		}
		share := 0.0
		if inflow[v] > 0 {
			share = circIn / inflow[v]
		}
		p(`<g><title>%s (%s): inflow %s %s, outflow %s, circular inflow %s (%s%%)</title>`+"\n",
			esc(name), esc(role(name)), f1(inflow[v]), esc(unit), f1(outflow[v]), f1(circIn), f1(100*share))
		p(`<circle cx="%s" cy="%s" r="%s" fill="#dfe7f2" stroke="#234" stroke-width="1"/>`+"\n", f1(x[v]), f1(y[v]), f1(r))
		if circIn > 1e-9 {
			p(`<circle cx="%s" cy="%s" r="%s" fill="none" stroke="#9b1b1b" stroke-width="1.5" stroke-dasharray="3 2"/>`+"\n", f1(x[v]), f1(y[v]), f1(r+3))
		}
		lx := cx + (radius+r+8)*math.Cos(angle[v])
		ly := cy + (radius+r+8)*math.Sin(angle[v])
		anchor := "start"
		if math.Cos(angle[v]) < -0.2 {
			anchor = "end"
		} else if math.Cos(angle[v]) < 0.2 {
			anchor = "middle"
		}
		p(`<text x="%s" y="%s" text-anchor="%s" dominant-baseline="middle">%s</text>`+"\n", f1(lx), f1(ly), anchor, esc(name))
		p("</g>\n")
	}
	p("</svg>\n")
	return bw.Flush()
}

// edgePath returns a quadratic Bézier from u to v that bends towards the
// centre and to the right of its direction, so that u→v and v→u do not
// overlap; it starts and ends at the node circles. A self-loop is a small
// loop outside the circle.
func edgePath(u, v int, x, y, angle []float64, cx, cy float64, nodeR func(int) float64) string {
	if u == v {
		ox, oy := math.Cos(angle[u]), math.Sin(angle[u])
		r := nodeR(u)
		sx, sy := x[u]+r*math.Cos(angle[u]-0.5), y[u]+r*math.Sin(angle[u]-0.5)
		ex, ey := x[u]+r*math.Cos(angle[u]+0.5), y[u]+r*math.Sin(angle[u]+0.5)
		return fmt.Sprintf("M%s,%s C%s,%s %s,%s %s,%s", f1(sx), f1(sy),
			f1(x[u]+(r+30)*ox-15*oy), f1(y[u]+(r+30)*oy+15*ox), f1(x[u]+(r+30)*ox+15*oy), f1(y[u]+(r+30)*oy-15*ox), f1(ex), f1(ey))
	}
	mx, my := (x[u]+x[v])/2, (y[u]+y[v])/2
	dx, dy := x[v]-x[u], y[v]-y[u]
	l := math.Hypot(dx, dy)
	// Control point: pulled 25% towards the centre plus a sideways offset.
	qx := mx + 0.25*(cx-mx) + 0.08*dy
	qy := my + 0.25*(cy-my) - 0.08*dx
	// Trim both ends to the node circles along the tangents.
	trim := func(px, py, tx, ty, r float64) (float64, float64) {
		ddx, ddy := tx-px, ty-py
		dl := math.Hypot(ddx, ddy)
		if dl == 0 || l == 0 {
			return px, py
		}
		return px + r*ddx/dl, py + r*ddy/dl
	}
	sx, sy := trim(x[u], y[u], qx, qy, nodeR(u))
	ex, ey := trim(x[v], y[v], qx, qy, nodeR(v)+2)
	return fmt.Sprintf("M%s,%s Q%s,%s %s,%s", f1(sx), f1(sy), f1(qx), f1(qy), f1(ex), f1(ey))
}

func f1(v float64) string { return trimZero(fmt.Sprintf("%.1f", v)) }
func f2(v float64) string { return trimZero(fmt.Sprintf("%.2f", v)) }

// trimZero drops "-0" artefacts so output is stable across platforms.
func trimZero(s string) string {
	if strings.Trim(s, "-0.") == "" {
		return "0"
	}
	return s
}
