package report

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/bubblelab/bubblelab/report/chart"
)

//go:embed templates/*.html
var templateFS embed.FS

// pageTemplate is parsed once; it is read-only after that.
var pageTemplate = template.Must(template.New("page.html").ParseFS(templateFS, "templates/*.html"))

// Link is a navigation link drawn at the top of a page, such as the way
// back to the web app. Href must be a relative URL or an http(s) URL;
// anything else is dropped by html/template's URL filter.
type Link struct {
	Text string
	Href string
}

// page is one HTML document.
type page struct {
	Title    string
	Subtitle string
	Links    []Link
	Notice   string // a prominent note under the title, such as a placeholder warning
	Sections []section
	Footer   string
}

// section is one part of a page with its own heading and entry in the
// table of contents.
type section struct {
	ID     string
	Title  string
	Intro  []string
	Blocks []block
}

// block is one element of a section; exactly one field is set.
type block struct {
	Para    string
	Note    string // a highlighted remark (caveat, placeholder warning)
	Figure  *figure
	Table   *table
	Facts   []fact
	Details *details
	Pre     string
	Claim   *claimView
	Columns []column // side-by-side content (comparison page)
}

// figure is an inline SVG chart and its caption.
type figure struct {
	ID      string
	SVG     template.HTML
	Caption string
}

// table is a data table. Numeric columns are right-aligned.
type table struct {
	Caption string
	Head    []string
	Numeric []bool // per column
	Rows    [][]cell
	Note    string // under the table (e.g. "first 300 of 981 rows")
}

// cell is one table cell; Href makes it a link and Mark adds a class.
type cell struct {
	Text string
	Href string
	Mark string
}

// fact is one key figure of a summary.
type fact struct {
	Label string
	Value string
	Note  string
}

// details is a collapsible group.
type details struct {
	Summary string
	Open    bool
	Blocks  []block
}

// column is one side of a side-by-side layout.
type column struct {
	Heading string
	Blocks  []block
}

// render executes the page into a buffer first, so that nothing is
// written to w when rendering fails.
func render(w io.Writer, p page) error {
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, p); err != nil {
		return fmt.Errorf("report: render %q: %w", p.Title, err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// chartFigure renders a chart and wraps it as a figure block. The chart
// package escapes all text, so its SVG is safe to inline.
func chartFigure(id string, c chart.Renderer, caption string) (block, error) {
	var buf bytes.Buffer
	if err := c.WriteSVG(&buf); err != nil {
		return block{}, fmt.Errorf("report: chart %s: %w", id, err)
	}
	return block{Figure: &figure{ID: id, SVG: template.HTML(buf.String()), Caption: caption}}, nil
}

// Number formatting for tables and key figures. Charts format their own.

// bn writes an amount in USD billions: "1,234.5".
func bn(x float64) string {
	switch {
	case math.IsNaN(x):
		return "n/a"
	case math.Abs(x) >= 100:
		return group(strconv.FormatFloat(x, 'f', 0, 64))
	case math.Abs(x) >= 10:
		return strconv.FormatFloat(x, 'f', 1, 64)
	default:
		return strconv.FormatFloat(x, 'f', 2, 64)
	}
}

// usd writes an amount in USD billions with its unit: "$1,234bn".
func usd(x float64) string {
	if math.IsNaN(x) {
		return "n/a"
	}
	s := bn(math.Abs(x))
	if x < 0 {
		return "−$" + s + "bn"
	}
	return "$" + s + "bn"
}

// pct writes a share as a percentage with one decimal: "12.3%".
func pct(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "n/a"
	}
	s := strconv.FormatFloat(100*x, 'f', 1, 64)
	if s == "-0.0" {
		s = "0.0"
	}
	return strings.Replace(s, "-", "−", 1) + "%"
}

// num writes a plain number with up to three significant decimals.
func num(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "n/a"
	}
	var s string
	switch a := math.Abs(x); {
	case a >= 1000:
		s = group(strconv.FormatFloat(x, 'f', 0, 64))
	case a >= 100:
		s = strconv.FormatFloat(x, 'f', 1, 64)
	case a >= 1:
		s = strconv.FormatFloat(x, 'f', 2, 64)
	default:
		s = strconv.FormatFloat(x, 'g', 3, 64)
	}
	return strings.Replace(s, "-", "−", 1)
}

// sci writes a small error in scientific notation.
func sci(x float64) string { return strconv.FormatFloat(x, 'e', 1, 64) }

// group inserts thousands separators into a formatted integer.
func group(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "−" + b.String()
	}
	return b.String()
}

// numCell and textCell build table cells.
func numCell(s string) cell  { return cell{Text: s} }
func textCell(s string) cell { return cell{Text: s} }
