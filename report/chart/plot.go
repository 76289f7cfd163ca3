package chart

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
)

// Typography and spacing, in pixels. Sizes follow common report styling:
// 11px tick labels, 12px axis titles and legend, a 15px title.
const (
	fontFamily  = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
	tickFont    = 11.0
	labelFont   = 12.0
	titleFont   = 15.0
	captionFont = 11.0
	annFont     = 11.0
	pad         = 12.0
	legendRow   = 18.0
	annRow      = 15.0
	tickLen     = 4.0
	// minPlot is the smallest plot area side worth drawing.
	minPlot = 30.0
	// maxAnnRows bounds the rows of event and span labels above the plot.
	maxAnnRows = 3
)

// Colours of the frame: dark text, mid-grey axes, light grid.
const (
	inkTitle = "#1a1a1a"
	inkText  = "#444"
	inkAxis  = "#8c8c8c"
	inkGrid  = "#e6e6e6"
	inkZero  = "#9e9e9e"
)

type rect struct{ x, y, w, h float64 }

func (r rect) right() float64  { return r.x + r.w }
func (r rect) bottom() float64 { return r.y + r.h }

type legendKind int

const (
	legendLine legendKind = iota
	legendBox
	legendMarker
)

type legendEntry struct {
	label string
	kind  legendKind
	style resolved
	// paint is the fill of a box swatch (a colour or pattern reference).
	paint   string
	opacity float64
}

// plot is the chart-kind-independent description of a chart with axes.
// Each chart kind validates its input, fills in a plot and supplies a
// function that draws its data once the axes are laid out.
type plot struct {
	kind                     string
	title, caption, desc, id string
	width, height            float64
	x, y, y2                 *axisSpec
	legend                   []legendEntry
	noLegend                 bool
	spans                    []xSpan
	events                   []xEvent
	defs                     func(w *svgWriter)
	draw                     func(w *svgWriter, f *frame)
	// empty marks a chart without any drawable value; it gets a "No data"
	// note instead of axes.
	empty bool
	// notes are extra sentences for the description, such as how many
	// values were left out.
	notes []string
}

// frame is a plot after layout: where everything goes.
type frame struct {
	area     rect
	x, y, y2 *axis
	titleY   float64
	legend   []legendPos
	caption  []string
	captionY float64
	xTitleY  float64
	// xRotate is the rotation of category labels on the x axis, 0 or 40
	// degrees.
	xRotate bool
	ann     []annPos
	annTop  float64
}

type legendPos struct {
	entry legendEntry
	x, y  float64 // top-left of the swatch
}

type annPos struct {
	label string
	event int     // index of the event labelled, -1 for a span
	x     float64 // centre of the label
	row   int
}

// legendSwatch is the width of a legend sample.
const legendSwatch = 22.0

// showLegend reports whether the legend is worth drawing: a single
// entry is already named by the title or axis label, and unnamed series
// have nothing to show.
func (p *plot) showLegend() bool {
	named := 0
	for _, e := range p.legend {
		if e.label != "" {
			named++
		}
	}
	return !p.noLegend && named >= 2
}

// fallbackWidth is how much wider than the estimate a legend label may
// render: the estimate uses Helvetica's widths, and DejaVu Sans, the font
// many Linux systems fall back to, is about a tenth wider. Without the
// margin a long label runs into the next entry's swatch.
const fallbackWidth = 1.12

// layoutLegend places legend entries left to right, wrapping rows.
func layoutLegend(entries []legendEntry, x0, y0, width float64) ([]legendPos, int) {
	var out []legendPos
	x, row := x0, 0
	for _, e := range entries {
		if e.label == "" {
			continue
		}
		e.label = ellipsize(e.label, (width-legendSwatch-6)/fallbackWidth, labelFont)
		w := legendSwatch + 6 + fallbackWidth*textWidth(e.label, labelFont) + 16
		if x > x0 && x+w-16 > x0+width {
			x = x0
			row++
		}
		out = append(out, legendPos{e, x, y0 + float64(row)*legendRow})
		x += w
	}
	return out, row + 1
}

func maxWidth(labels []string, size float64) float64 {
	w := 0.0
	for _, l := range labels {
		w = math.Max(w, textWidth(l, size))
	}
	return w
}

// errTooSmall reports a chart whose size leaves no room for a plot.
var errTooSmall = errors.New("chart: Width and Height leave no room for the plot area")

// ticksFor is the number of tick intervals to aim for along a length of
// pixels with one tick per spacing pixels.
func ticksFor(length, spacing float64) int {
	return max(2, min(12, int(length/spacing)))
}

// layout decides the plot area and lays out the axes. Several quantities
// depend on each other (the left margin on the y tick labels, which
// depend on the plot height, which depends on the annotation rows, which
// depend on the x scale...), so the layout is repeated until it settles.
func (p *plot) layout() (*frame, error) {
	f := &frame{}
	W, H := p.width, p.height
	top := pad
	if p.title != "" {
		f.titleY = top + titleFont*0.8
		top += titleFont + 10
	}
	if p.showLegend() {
		var rows int
		f.legend, rows = layoutLegend(p.legend, pad, top, W-2*pad)
		top += float64(rows)*legendRow + 8
	}
	bottom := H - pad
	if p.caption != "" {
		f.caption = wrapText(p.caption, W-2*pad, captionFont)
		bottom -= float64(len(f.caption)) * captionFont * 1.35
		f.captionY = bottom + captionFont
		bottom -= 8
	}
	if p.empty {
		f.area = rect{pad, top, W - 2*pad, bottom - top}
		if f.area.w < minPlot || f.area.h < minPlot {
			return nil, errTooSmall
		}
		return f, nil
	}
	if p.x.label != "" {
		f.xTitleY = bottom - 3
		bottom -= labelFont + 8
	}

	left, right := pad+40, pad+10
	xTickH := tickLen + 4 + tickFont
	annRows := 0
	for pass := 0; pass < 5; pass++ {
		annH := 0.0
		if annRows > 0 {
			annH = float64(annRows)*annRow + 2
		}
		f.annTop = top
		area := rect{x: left, y: top + annH + 6, w: W - left - right}
		area.h = bottom - xTickH - area.y
		if area.w < minPlot || area.h < minPlot {
			return nil, errTooSmall
		}
		f.area = area

		// Vertical axes: ticks first, then the margins their labels need.
		f.y = p.y.build(ticksFor(area.h, 32), area.h)
		setPixels(f.y, area, false)
		newLeft := pad + 8 + maxWidth(f.y.labels, tickFont)
		if p.y.kind == categoryAxis {
			for i, l := range f.y.labels {
				f.y.labels[i] = ellipsize(l, 0.4*W, tickFont)
			}
			newLeft = pad + 8 + maxWidth(f.y.labels, tickFont)
			if band := f.y.band(); band > 0 {
				f.y.stride = max(1, int(math.Ceil(tickFont*1.2/band)))
			}
		}
		if p.y.label != "" {
			newLeft += labelFont + 8
		}
		newRight := pad
		if p.y2 != nil {
			f.y2 = p.y2.build(ticksFor(area.h, 32), area.h)
			setPixels(f.y2, area, false)
			newRight += 8 + maxWidth(f.y2.labels, tickFont)
			if p.y2.label != "" {
				newRight += labelFont + 8
			}
		}

		// Horizontal axis: as many ticks as fit without labels touching.
		newXTickH := tickLen + 4 + tickFont
		f.xRotate = false
		if p.x.kind == categoryAxis {
			f.x = p.x.build(0, area.w)
			setPixels(f.x, area, true)
			for i, l := range f.x.labels {
				f.x.labels[i] = ellipsize(l, 130, tickFont)
			}
			band := f.x.band()
			if maxWidth(f.x.labels, tickFont) > band-6 {
				f.xRotate = true
				f.x.stride = max(1, int(math.Ceil(tickFont*1.4/band)))
				newXTickH = tickLen + 6 + maxWidth(f.x.labels, tickFont)*math.Sin(40*math.Pi/180) + tickFont
				// Rotated labels reach down and to the left of their
				// category; the first ones may need a wider left margin.
				for i, l := range f.x.labels {
					if i%f.x.stride == 0 {
						reach := textWidth(l, tickFont)*math.Cos(40*math.Pi/180) + tickFont*math.Sin(40*math.Pi/180) - band*(float64(i)+0.5)
						newLeft = math.Max(newLeft, reach+6)
					}
				}
			}
		} else {
			for n := ticksFor(area.w, 80); ; n-- {
				f.x = p.x.build(n, area.w)
				setPixels(f.x, area, true)
				if n <= 1 || !overlaps(f.x, tickFont) {
					break
				}
			}
			// The end labels are centred on their ticks and may stick
			// out of the plot area; widen the margins so they stay
			// inside the chart.
			if k := len(f.x.ticks); k > 0 {
				if p.y2 == nil {
					gap := area.right() - f.x.pxDisplay(f.x.ticks[k-1])
					newRight = math.Max(newRight, pad+textWidth(f.x.labels[k-1], tickFont)/2-gap)
				}
				offset := f.x.pxDisplay(f.x.ticks[0]) - area.x
				newLeft = math.Max(newLeft, textWidth(f.x.labels[0], tickFont)/2-offset+6)
			}
		}

		newAnnRows := p.placeAnnotations(f)
		if newLeft == left && newRight == right && newXTickH == xTickH && newAnnRows == annRows {
			break
		}
		left, right, xTickH, annRows = math.Ceil(newLeft), math.Ceil(newRight), newXTickH, newAnnRows
	}
	return f, nil
}

// setPixels assigns the pixel range of an axis within the plot area.
// Values grow rightwards and upwards; categories run left to right and
// top to bottom, in the order given.
func setPixels(a *axis, area rect, horizontal bool) {
	switch {
	case horizontal:
		a.p0, a.p1 = area.x, area.right()
	case a.kind == categoryAxis:
		a.p0, a.p1 = area.y, area.bottom()
	default:
		a.p0, a.p1 = area.bottom(), area.y
	}
}

// overlaps reports whether neighbouring tick labels of a horizontal axis
// would come closer than a readable gap.
func overlaps(a *axis, size float64) bool {
	for i := 1; i < len(a.ticks); i++ {
		gap := a.pxDisplay(a.ticks[i]) - a.pxDisplay(a.ticks[i-1])
		if gap < (textWidth(a.labels[i], size)+textWidth(a.labels[i-1], size))/2+12 {
			return true
		}
	}
	return false
}

// placeAnnotations puts the labels of events and spans into rows above the
// plot so that they do not overlap each other or the data, and returns how
// many rows are needed.
func (p *plot) placeAnnotations(f *frame) int {
	f.ann = f.ann[:0]
	var rowEnd []float64
	add := func(label string, center float64, event int) {
		if label == "" {
			return
		}
		w := textWidth(label, annFont)
		center = math.Max(pad+w/2, math.Min(p.width-pad-w/2, center))
		left := center - w/2
		row := -1
		for i, end := range rowEnd {
			if left > end+8 {
				row = i
				break
			}
		}
		if row < 0 {
			if len(rowEnd) < maxAnnRows {
				row = len(rowEnd)
				rowEnd = append(rowEnd, 0)
			} else {
				row = 0 // crowded: reuse the row that ends first
				for i := range rowEnd {
					if rowEnd[i] < rowEnd[row] {
						row = i
					}
				}
			}
		}
		rowEnd[row] = center + w/2
		f.ann = append(f.ann, annPos{label, event, center, row})
	}
	for _, s := range p.spans {
		a, b := f.x.px(s.from), f.x.px(s.to)
		a, b = math.Max(a, f.area.x), math.Min(b, f.area.right())
		if b < a {
			continue
		}
		add(s.label, (a+b)/2, -1)
	}
	for i, e := range p.events {
		x := f.x.px(e.x)
		if x < f.area.x-0.5 || x > f.area.right()+0.5 {
			continue
		}
		add(e.label, x, i)
	}
	return len(rowEnd)
}

// write lays the chart out and writes it.
func (p *plot) write(out io.Writer) error {
	if p.width == 0 {
		p.width = 720
	}
	if p.height == 0 {
		p.height = 360
	}
	if !isFinite(p.width) || !isFinite(p.height) || p.width < 0 || p.height < 0 || p.width > maxCoord || p.height > maxCoord {
		return fmt.Errorf("chart: invalid size %vx%v", p.width, p.height)
	}
	f, err := p.layout()
	if err != nil {
		return err
	}
	w := &svgWriter{}
	W, H := num(p.width), num(p.height)
	w.printf(`<svg xmlns="http://www.w3.org/2000/svg" id="%s" width="%s" height="%s" viewBox="0 0 %s %s" role="img" aria-labelledby="%s-title %s-desc" font-family="%s" font-size="%s">`,
		idToken, W, H, W, H, idToken, idToken, fontFamily, num(tickFont))
	title := p.title
	if title == "" {
		title = p.kind
	}
	w.printf(`<title id="%s-title">%s</title>`, idToken, esc(title))
	w.printf(`<desc id="%s-desc">%s</desc>`, idToken, esc(p.description(f)))
	w.printf(`<defs><clipPath id="%s-clip"><rect x="%s" y="%s" width="%s" height="%s"/></clipPath>`,
		idToken, num(f.area.x-2), num(f.area.y-2), num(f.area.w+4), num(f.area.h+4))
	if p.defs != nil && !p.empty {
		p.defs(w)
	}
	w.str(`</defs>`)
	w.printf(`<rect width="%s" height="%s" fill="#fff"/>`, W, H)
	if p.title != "" {
		w.printf(`<text x="%s" y="%s" font-size="%s" font-weight="600" fill="%s">%s</text>`,
			num(pad), num(f.titleY), num(titleFont), inkTitle, esc(ellipsize(p.title, p.width-2*pad, titleFont*1.05)))
	}
	if len(f.legend) > 0 {
		writeLegend(w, f.legend)
	}
	if p.empty {
		w.printf(`<rect x="%s" y="%s" width="%s" height="%s" fill="none" stroke="%s" stroke-dasharray="4 3"/>`,
			num(f.area.x), num(f.area.y), num(f.area.w), num(f.area.h), inkGrid)
		w.printf(`<text x="%s" y="%s" text-anchor="middle" font-size="%s" fill="%s">No data</text>`,
			num(f.area.x+f.area.w/2), num(f.area.y+f.area.h/2), num(labelFont), inkText)
	} else {
		p.writeGrid(w, f)
		p.writeSpans(w, f)
		w.printf(`<g clip-path="url(#%s-clip)">`, idToken)
		p.draw(w, f)
		w.str(`</g>`)
		p.writeEvents(w, f)
		p.writeAxes(w, f)
		p.writeAnnotations(w, f)
	}
	for i, line := range f.caption {
		w.printf(`<text x="%s" y="%s" font-size="%s" fill="%s">%s</text>`,
			num(pad), num(f.captionY+float64(i)*captionFont*1.35), num(captionFont), inkText, esc(line))
	}
	w.str(`</svg>`)
	return finish(out, w.buf.Bytes(), p.id)
}

func writeLegend(w *svgWriter, items []legendPos) {
	w.str(`<g class="legend" font-size="12">`)
	for _, it := range items {
		e := it.entry
		cy := it.y + legendRow/2
		x := it.x
		switch e.kind {
		case legendLine:
			w.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2"%s/>`,
				num(x), num(cy), num(x+legendSwatch), num(cy), esc(e.style.color), dashAttr(e.style.stroke))
			if e.style.marker != MarkerNone {
				writeMarker(w, e.style.marker, x+legendSwatch/2, cy, markerRadius, e.style.color, "")
			}
		case legendBox:
			op := ""
			if e.opacity > 0 && e.opacity < 1 {
				op = fmt.Sprintf(` fill-opacity="%s"`, num(e.opacity))
			}
			w.printf(`<rect x="%s" y="%s" width="%s" height="11" fill="%s"%s stroke="%s" stroke-width="1"/>`,
				num(x+3), num(cy-5.5), num(legendSwatch-6), e.paint, op, esc(e.style.color))
		case legendMarker:
			writeMarker(w, e.style.marker, x+legendSwatch/2, cy, markerRadius, e.style.color, "")
		}
		w.printf(`<text x="%s" y="%s" fill="%s">%s</text>`, num(x+legendSwatch+6), num(cy+4), inkTitle, esc(e.label))
	}
	w.str(`</g>`)
}

func (p *plot) writeGrid(w *svgWriter, f *frame) {
	a := f.area
	var d pathBuilder
	if f.y.kind != categoryAxis {
		for _, t := range f.y.ticks {
			y := f.y.pxDisplay(t)
			d.moveTo(a.x, y)
			d.lineTo(a.right(), y)
		}
	}
	if f.x.kind != categoryAxis {
		for _, t := range f.x.ticks {
			x := f.x.pxDisplay(t)
			d.moveTo(x, a.y)
			d.lineTo(x, a.bottom())
		}
	}
	if s := d.String(); s != "" {
		w.printf(`<path d="%s" stroke="%s" stroke-width="1" fill="none" shape-rendering="crispEdges"/>`, s, inkGrid)
	}
	if p.y.zeroLine && f.y.kind == linearAxis && f.y.d0 < 0 && f.y.d1 > 0 {
		y := f.y.pxDisplay(0)
		w.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1" shape-rendering="crispEdges"/>`,
			num(a.x), num(y), num(a.right()), num(y), inkZero)
	}
	if p.x.zeroLine && f.x.kind == linearAxis && f.x.d0 < 0 && f.x.d1 > 0 {
		x := f.x.pxDisplay(0)
		w.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1" shape-rendering="crispEdges"/>`,
			num(x), num(a.y), num(x), num(a.bottom()), inkZero)
	}
}

// writeSpans shades the spans behind the data, in grey so that they never
// compete with series colours.
func (p *plot) writeSpans(w *svgWriter, f *frame) {
	for _, s := range p.spans {
		x0 := math.Max(f.x.px(s.from), f.area.x)
		x1 := math.Min(f.x.px(s.to), f.area.right())
		if x1 < x0 {
			continue
		}
		w.printf(`<rect x="%s" y="%s" width="%s" height="%s" fill="#000" fill-opacity="0.08">`,
			num(x0), num(f.area.y), num(math.Max(x1-x0, 1)), num(f.area.h))
		w.title(spanText(p.x, s))
		w.str(`</rect>`)
	}
}

func spanText(x *axisSpec, s xSpan) string {
	r := x.valueText(s.from) + " to " + x.valueText(s.to)
	if s.label != "" {
		return s.label + ": " + r
	}
	return r
}

func eventText(x *axisSpec, e xEvent) string {
	if e.label != "" {
		return e.label + ": " + x.valueText(e.x)
	}
	return x.valueText(e.x)
}

func (p *plot) writeEvents(w *svgWriter, f *frame) {
	for i, e := range p.events {
		x := f.x.px(e.x)
		if x < f.area.x-0.5 || x > f.area.right()+0.5 {
			continue
		}
		top := f.area.y
		for _, a := range f.ann {
			if a.event == i {
				top = f.annTop + float64(a.row+1)*annRow - 1
				break
			}
		}
		w.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#333" stroke-width="1.25" stroke-dasharray="4 3">`,
			num(x), num(top), num(x), num(f.area.bottom()))
		w.title(eventText(p.x, e))
		w.str(`</line>`)
	}
}

func (p *plot) writeAnnotations(w *svgWriter, f *frame) {
	for _, a := range f.ann {
		y := f.annTop + float64(a.row)*annRow + annFont
		w.printf(`<text x="%s" y="%s" text-anchor="middle" font-size="%s" fill="#333">%s</text>`,
			num(a.x), num(y), num(annFont), esc(a.label))
	}
}

func (p *plot) writeAxes(w *svgWriter, f *frame) {
	a := f.area
	// Baseline and ticks of the horizontal axis.
	var d pathBuilder
	d.moveTo(a.x, a.bottom())
	d.lineTo(a.right(), a.bottom())
	for _, t := range f.x.ticks {
		x := f.x.pxDisplay(t)
		d.moveTo(x, a.bottom())
		d.lineTo(x, a.bottom()+tickLen)
	}
	w.printf(`<path d="%s" stroke="%s" stroke-width="1" fill="none" shape-rendering="crispEdges"/>`, d.String(), inkAxis)

	w.printf(`<g fill="%s">`, inkText)
	for i, t := range f.x.ticks {
		if i%f.x.stride != 0 {
			continue
		}
		x := f.x.pxDisplay(t)
		y := a.bottom() + tickLen + 3 + tickFont*0.8
		if f.xRotate {
			w.printf(`<text x="%s" y="%s" text-anchor="end" transform="rotate(-40 %s %s)">%s</text>`,
				num(x), num(y), num(x), num(y), esc(f.x.labels[i]))
		} else {
			w.printf(`<text x="%s" y="%s" text-anchor="middle">%s</text>`, num(x), num(y), esc(f.x.labels[i]))
		}
	}
	for i, t := range f.y.ticks {
		if i%f.y.stride != 0 {
			continue
		}
		w.printf(`<text x="%s" y="%s" text-anchor="end">%s</text>`,
			num(a.x-6), num(f.y.pxDisplay(t)+tickFont*0.35), esc(f.y.labels[i]))
	}
	if f.y2 != nil {
		for i, t := range f.y2.ticks {
			w.printf(`<text x="%s" y="%s">%s</text>`,
				num(a.right()+6), num(f.y2.pxDisplay(t)+tickFont*0.35), esc(f.y2.labels[i]))
		}
	}
	w.str(`</g>`)

	// Axis titles.
	if p.x.label != "" {
		w.printf(`<text x="%s" y="%s" text-anchor="middle" font-size="%s" fill="%s">%s</text>`,
			num(a.x+a.w/2), num(f.xTitleY), num(labelFont), inkTitle, esc(ellipsize(p.x.label, a.w, labelFont)))
	}
	if p.y.label != "" {
		x, y := pad+labelFont*0.85, a.y+a.h/2
		w.printf(`<text x="%s" y="%s" text-anchor="middle" font-size="%s" fill="%s" transform="rotate(-90 %s %s)">%s</text>`,
			num(x), num(y), num(labelFont), inkTitle, num(x), num(y), esc(ellipsize(p.y.label, a.h, labelFont)))
	}
	if p.y2 != nil && p.y2.label != "" {
		x, y := p.width-pad-labelFont*0.85, a.y+a.h/2
		w.printf(`<text x="%s" y="%s" text-anchor="middle" font-size="%s" fill="%s" transform="rotate(90 %s %s)">%s</text>`,
			num(x), num(y), num(labelFont), inkTitle, num(x), num(y), esc(ellipsize(p.y2.label, a.h, labelFont)))
	}
}

// description is the text of <desc>: the caption and any extra alt text,
// then a summary generated from the data so that a screen reader user
// learns what the axes show and what was marked.
func (p *plot) description(f *frame) string {
	var parts []string
	for _, s := range []string{p.caption, p.desc} {
		if s = strings.TrimSpace(s); s != "" {
			if !strings.HasSuffix(s, ".") {
				s += "."
			}
			parts = append(parts, s)
		}
	}
	var names []string
	for _, e := range p.legend {
		if e.label != "" {
			names = append(names, e.label)
		}
	}
	switch {
	case p.empty:
		parts = append(parts, p.kind+" without data.")
		return strings.Join(parts, " ")
	case len(names) > 0:
		parts = append(parts, fmt.Sprintf("%s showing %s.", p.kind, listText(names, 12)))
	default:
		parts = append(parts, p.kind+".")
	}
	parts = append(parts, axisSentence("Horizontal axis", p.x)...)
	parts = append(parts, axisSentence("Vertical axis", p.y)...)
	if p.y2 != nil {
		parts = append(parts, axisSentence("Right axis", p.y2)...)
	}
	if len(p.spans) > 0 {
		var s []string
		for _, sp := range p.spans {
			s = append(s, spanText(p.x, sp))
		}
		parts = append(parts, "Shaded periods: "+listText(s, 12)+".")
	}
	if len(p.events) > 0 {
		var s []string
		for _, e := range p.events {
			s = append(s, eventText(p.x, e))
		}
		parts = append(parts, "Marked events: "+listText(s, 12)+".")
	}
	parts = append(parts, p.notes...)
	return strings.Join(parts, " ")
}

func axisSentence(which string, a *axisSpec) []string {
	label := ""
	if a.label != "" {
		label = " (" + a.label + ")"
	}
	switch {
	case a.kind == categoryAxis:
		return []string{which + label + " lists " + listText(a.cats, 12) + "."}
	case !a.has:
		return nil
	case a.kind == logAxis && label != "":
		label = " (" + a.label + ", logarithmic)"
	case a.kind == logAxis:
		label = " (logarithmic)"
	}
	return []string{fmt.Sprintf("%s%s: data from %s to %s.", which, label, a.valueText(a.lo), a.valueText(a.hi))}
}

// listText joins up to max items with semicolons, saying how many more
// there are.
func listText(items []string, max int) string {
	if len(items) > max {
		return strings.Join(items[:max], "; ") + fmt.Sprintf("; and %d more", len(items)-max)
	}
	return strings.Join(items, "; ")
}
