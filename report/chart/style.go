package chart

import (
	"fmt"
	"math"
)

// Style overrides how one series is drawn. Every zero field is chosen
// automatically from the series' position, so that series differ in colour
// and also in a way that survives greyscale printing and colour blindness:
// dash pattern for lines, marker shape for scatter points, hatching for
// areas and bars.
type Style struct {
	// Color is any SVG colour ("#0072B2", "teal"); empty picks the next
	// colour of the Okabe–Ito palette.
	Color  string
	Stroke Stroke
	Marker Marker
	Fill   Fill
}

// Stroke is the dash pattern of a line.
type Stroke int

// Dash patterns, in the order they are assigned automatically.
const (
	StrokeAuto Stroke = iota
	StrokeSolid
	StrokeDashed
	StrokeDotted
	StrokeDashDot
	StrokeLongDash
	StrokeDashDotDot
)

// Marker is the shape drawn at data points.
type Marker int

// Marker shapes, in the order scatter charts assign them automatically.
// Lines draw no markers unless asked.
const (
	MarkerAuto Marker = iota
	MarkerNone
	MarkerCircle
	MarkerSquare
	MarkerTriangle
	MarkerDiamond
	MarkerCross
	MarkerPlus
	MarkerTriangleDown
)

// Fill is the pattern laid over the colour of an area or bar.
type Fill int

// Fill patterns, in the order they are assigned automatically.
const (
	FillAuto Fill = iota
	FillSolid
	FillHatch     // diagonal lines rising to the right
	FillDots      // a dot grid
	FillBackHatch // diagonal lines falling to the right
	FillHorizontal
	FillCrossHatch
	FillVertical
)

// paletteColor returns colour i of the Okabe–Ito colour-blind-safe
// palette, reordered so the colours with the most contrast against white
// come first; yellow, the weakest on white, is last.
func paletteColor(i int) string {
	colors := [...]string{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"}
	return colors[i%len(colors)]
}

// resolved is a Style with every automatic choice made.
type resolved struct {
	color  string
	stroke Stroke
	marker Marker
	fill   Fill
}

// resolve makes the automatic choices for series number i. markers says
// whether the chart kind draws markers by default (scatter does, lines
// don't).
func (s Style) resolve(i int, markers bool) resolved {
	r := resolved{color: s.Color, stroke: s.Stroke, marker: s.Marker, fill: s.Fill}
	if r.color == "" {
		r.color = paletteColor(i)
	}
	if r.stroke == StrokeAuto {
		r.stroke = Stroke(1 + i%6)
	}
	if r.marker == MarkerAuto {
		r.marker = MarkerNone
		if markers {
			r.marker = Marker(2 + i%7)
		}
	}
	if r.fill == FillAuto {
		r.fill = Fill(1 + i%7)
	}
	return r
}

// dashArray is the stroke-dasharray for a stroke, empty for solid. The
// lengths suit 2px lines.
func dashArray(s Stroke) string {
	switch s {
	case StrokeDashed:
		return "7 4"
	case StrokeDotted:
		return "2 3"
	case StrokeDashDot:
		return "9 3 2 3"
	case StrokeLongDash:
		return "16 5"
	case StrokeDashDotDot:
		return "9 3 2 3 2 3"
	default:
		return ""
	}
}

// dashAttr is the attribute text for a stroke, with a leading space.
func dashAttr(s Stroke) string {
	if d := dashArray(s); d != "" {
		return ` stroke-dasharray="` + d + `"`
	}
	return ""
}

// markerPath returns path data for a marker centred at (x, y) with the
// given radius; filled reports whether the shape is drawn filled (crosses
// and pluses are strokes only).
func markerPath(m Marker, x, y, r float64) (d string, filled bool) {
	var p pathBuilder
	switch m {
	case MarkerSquare:
		s := r * 0.88
		p.moveTo(x-s, y-s)
		p.lineTo(x+s, y-s)
		p.lineTo(x+s, y+s)
		p.lineTo(x-s, y+s)
		p.close()
		return p.String(), true
	case MarkerTriangle, MarkerTriangleDown:
		s := r * 1.2
		dir := 1.0
		if m == MarkerTriangleDown {
			dir = -1
		}
		p.moveTo(x, y-dir*s)
		p.lineTo(x+s*0.87, y+dir*s*0.5)
		p.lineTo(x-s*0.87, y+dir*s*0.5)
		p.close()
		return p.String(), true
	case MarkerDiamond:
		s := r * 1.25
		p.moveTo(x, y-s)
		p.lineTo(x+s, y)
		p.lineTo(x, y+s)
		p.lineTo(x-s, y)
		p.close()
		return p.String(), true
	case MarkerCross:
		s := r * 0.9
		p.moveTo(x-s, y-s)
		p.lineTo(x+s, y+s)
		p.moveTo(x-s, y+s)
		p.lineTo(x+s, y-s)
		return p.String(), false
	case MarkerPlus:
		s := r * 1.15
		p.moveTo(x-s, y)
		p.lineTo(x+s, y)
		p.moveTo(x, y-s)
		p.lineTo(x, y+s)
		return p.String(), false
	default: // circle, as two arcs
		return fmt.Sprintf("M%s %sa%s %s 0 1 0 %s 0a%s %s 0 1 0 %s 0Z",
			num(x-r), num(y), num(r), num(r), num(2*r), num(r), num(r), num(-2*r)), true
	}
}

// writeMarker draws one marker with an optional tooltip.
func writeMarker(w *svgWriter, m Marker, x, y, r float64, color, tip string) {
	d, filled := markerPath(m, x, y, r)
	if filled {
		w.printf(`<path d="%s" fill="%s" fill-opacity="0.85" stroke="%s" stroke-width="1">`, d, esc(color), esc(color))
	} else {
		w.printf(`<path d="%s" fill="none" stroke="%s" stroke-width="1.75">`, d, esc(color))
	}
	w.title(tip)
	w.str("</path>")
}

// patternDef writes a <pattern> that paints the colour with a fill
// pattern on top. The overlay is dark and translucent so it shows on every
// palette colour, light or dark.
func patternDef(w *svgWriter, id string, color string, f Fill) {
	w.printf(`<pattern id="%s" patternUnits="userSpaceOnUse" width="8" height="8">`, id)
	w.printf(`<rect width="8" height="8" fill="%s"/>`, esc(color))
	const ink = `stroke="#000" stroke-opacity="0.45" stroke-width="1.2"`
	switch f {
	case FillHatch:
		w.printf(`<path d="M-2 2L2 -2M0 8L8 0M6 10L10 6" %s/>`, ink)
	case FillBackHatch:
		w.printf(`<path d="M-2 6L2 10M0 0L8 8M6 -2L10 2" %s/>`, ink)
	case FillCrossHatch:
		w.printf(`<path d="M-2 2L2 -2M0 8L8 0M6 10L10 6M-2 6L2 10M0 0L8 8M6 -2L10 2" %s/>`, ink)
	case FillHorizontal:
		w.printf(`<path d="M0 4H8" %s/>`, ink)
	case FillVertical:
		w.printf(`<path d="M4 0V8" %s/>`, ink)
	case FillDots:
		w.str(`<circle cx="2" cy="2" r="1.3" fill="#000" fill-opacity="0.5"/><circle cx="6" cy="6" r="1.3" fill="#000" fill-opacity="0.5"/>`)
	}
	w.str(`</pattern>`)
}

// fillPaint returns the fill attribute value for series i of a chart: a
// plain colour for solid fills, otherwise a reference to its pattern.
func fillPaint(r resolved, i int) string {
	if r.fill == FillSolid {
		return esc(r.color)
	}
	return fmt.Sprintf("url(#%s-f%d)", idToken, i)
}

// fillDefs writes the patterns for series styles that need one.
func fillDefs(w *svgWriter, styles []resolved) {
	for i, r := range styles {
		if r.fill != FillSolid {
			patternDef(w, fmt.Sprintf("%s-f%d", idToken, i), r.color, r.fill)
		}
	}
}

// markerRadius is the default marker radius in pixels.
const markerRadius = 3.5

// isFinite reports whether v is neither NaN nor infinite.
func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
