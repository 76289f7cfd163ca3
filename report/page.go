package report

import (
	"bytes"
	"embed"
	"encoding/base64"
	"encoding/csv"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/bubblelab/bubblelab/report/chart"
	"github.com/bubblelab/bubblelab/report/numfmt"
)

//go:embed templates/*.html
var templateFS embed.FS

// pageTemplate is parsed once; it is read-only after that.
var pageTemplate = template.Must(template.New("page.html").Funcs(template.FuncMap{"nw": noWrapDates}).ParseFS(templateFS, "templates/*.html"))

// datePattern matches the dates and months written in reports.
var datePattern = regexp.MustCompile(`\b\d{4}-\d{2}(?:-\d{2})?\b`)

// noWrapDates escapes s for HTML and keeps each date in it on one line:
// browsers may otherwise break "2027-08-02" after a hyphen.
func noWrapDates(s string) template.HTML {
	e := template.HTMLEscapeString(s)
	return template.HTML(datePattern.ReplaceAllString(e, `<span class="nw">$0</span>`))
}

// Link is a navigation link drawn at the top of a page, such as the way
// back to the web app. Href must be a relative URL or an http(s) URL;
// anything else is dropped by html/template's URL filter.
type Link struct {
	Text string
	Href string
}

// page is one HTML document.
type page struct {
	Lang     Lang
	Title    string
	Subtitle string
	Links    []Link
	Notice   string // a prominent note under the title, such as a placeholder warning
	// Headline is the computed paragraph that opens the page: what
	// happened, when, how big and against what. KeyFacts are the at most
	// six figures drawn under it.
	Headline string
	KeyFacts []fact
	Sections []section
	Footer   string

	// Set by render.
	Assets     pageAssets
	FooterNote string
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

// figure is an inline SVG chart and its caption. Data, when set, is the
// chart's numbers as JSON (chart.Data), from which the page's script draws
// it again interactively; the SVG stays for print and without scripts.
type figure struct {
	ID      string
	SVG     template.HTML
	Data    template.JS
	Caption string
}

// table is a data table. Numeric columns are right-aligned.
type table struct {
	Caption string
	Head    []string
	Numeric []bool // per column
	Rows    [][]cell
	Note    string // under the table (e.g. "first 300 of 981 rows")

	// Set by prepare: the table as a CSV file to download, its file name,
	// and whether it is long enough to be collapsed.
	CSV      template.URL
	File     string
	Collapse bool
	Download string // the download link's text
	Rows_    string // "45 rows", for the collapsed summary
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
	// Tone colours the value by what it means: "good", "bad" or "" for
	// neutral. The words always say it too.
	Tone string
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

// collapseRows is the length from which a table is shown collapsed, and
// minDownloadRows the length from which it can be downloaded.
const (
	collapseRows    = 15
	minDownloadRows = 4
)

// prepare gives every table its CSV download and collapses long tables
// that are not already inside a collapsible group.
func prepare(p *page) {
	l := tr{lang: p.Lang}
	used := map[string]int{}
	var walk func(bs []block, inDetails bool)
	walk = func(bs []block, inDetails bool) {
		for _, b := range bs {
			if t := b.Table; t != nil {
				name := slug(t.Caption)
				if name == "" {
					name = "table"
				}
				used[name]++
				if n := used[name]; n > 1 {
					name += "-" + strconv.Itoa(n)
				}
				if len(t.Rows) >= minDownloadRows {
					t.File = name + ".csv"
					t.CSV = template.URL("data:text/csv;charset=utf-8;base64," + base64.StdEncoding.EncodeToString([]byte(tableCSV(t))))
					t.Download = l.T("Download this table (CSV)")
				}
				t.Collapse = !inDetails && len(t.Rows) > collapseRows
				t.Rows_ = plural(l, int64(len(t.Rows)), "row", "rows")
			}
			if b.Details != nil {
				walk(b.Details.Blocks, true)
			}
			for _, c := range b.Columns {
				walk(c.Blocks, inDetails)
			}
		}
	}
	for _, s := range p.Sections {
		walk(s.Blocks, false)
	}
}

// slug turns a caption into a file name: lower-case letters, digits and
// hyphens.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 48 {
			break
		}
	}
	return strings.Trim(b.String(), "-")
}

// tableCSV writes a table as CSV (RFC 4180). Numeric cells lose their
// thousands separators and get an ASCII minus so that spreadsheets read
// them as numbers; a text cell that a spreadsheet would run as a formula
// gets a leading apostrophe.
func tableCSV(t *table) string {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(t.Head)
	for _, row := range t.Rows {
		rec := make([]string, len(row))
		for i, c := range row {
			s := c.Text
			if i < len(t.Numeric) && t.Numeric[i] {
				s = strings.ReplaceAll(strings.ReplaceAll(s, ",", ""), numfmt.Minus, "-")
			} else if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
				s = "'" + s
			}
			rec[i] = s
		}
		w.Write(rec)
	}
	w.Flush()
	return buf.String()
}

// render executes the page into a buffer first, so that nothing is
// written to w when rendering fails.
func render(w io.Writer, p page) error {
	prepare(&p)
	charts := hasCharts(p.Sections)
	p.Assets = assetsFor(charts)
	l := tr{lang: p.Lang}
	if charts {
		p.FooterNote = l.T("Made by bubblelab. This page is self-contained: it loads nothing from the network. Its charts are interactive with scripts on and drawn as pictures without them.")
	} else {
		p.FooterNote = l.T("Made by bubblelab. This page is self-contained: it loads nothing from the network and needs no scripts.")
	}
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, p); err != nil {
		return fmt.Errorf("report: render %q: %w", p.Title, err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// hasCharts reports whether any figure of the sections can be drawn
// interactively, so that the page needs the chart scripts.
func hasCharts(sections []section) bool {
	var walk func(bs []block) bool
	walk = func(bs []block) bool {
		for _, b := range bs {
			if b.Figure != nil && b.Figure.Data != "" {
				return true
			}
			if b.Details != nil && walk(b.Details.Blocks) {
				return true
			}
			for _, c := range b.Columns {
				if walk(c.Blocks) {
					return true
				}
			}
		}
		return false
	}
	for _, s := range sections {
		if walk(s.Blocks) {
			return true
		}
	}
	return false
}

// chartFigure renders a chart and wraps it as a figure block. The chart
// package escapes all text, so its SVG is safe to inline; a chart that can
// be drawn interactively also carries its numbers as JSON, which
// json.Marshal makes safe inside a script element.
func chartFigure(id string, c chart.Renderer, caption string) (block, error) {
	var buf bytes.Buffer
	if err := c.WriteSVG(&buf); err != nil {
		return block{}, fmt.Errorf("report: chart %s: %w", id, err)
	}
	f := &figure{ID: id, SVG: template.HTML(buf.String()), Caption: caption}
	if ic, ok := c.(chart.Interactive); ok {
		d, err := ic.Data()
		if err != nil {
			return block{}, fmt.Errorf("report: chart %s: %w", id, err)
		}
		if d != nil {
			js, err := d.JSON()
			if err != nil {
				return block{}, fmt.Errorf("report: chart %s: %w", id, err)
			}
			f.Data = template.JS(js)
		}
	}
	return block{Figure: f}, nil
}

// Number formatting for tables, key figures and headlines: thin names for
// package numfmt, which the charts use too.

// bn writes an amount in USD billions without its unit, for columns
// headed "USD bn": "1,234", "12.3", "1.23".
func bn(x float64) string { return numfmt.Auto(x) }

// usd writes an amount in USD billions with its unit, switching to
// trillions: "$950bn", "$12.1tn".
func usd(x float64) string { return numfmt.Money(x) }

// pct writes a share as a percentage with one decimal: "12.3%".
func pct(x float64) string { return numfmt.Percent(x) }

// num writes a plain number with sensible decimals.
func num(x float64) string { return numfmt.Auto(x) }

// sci writes a small error in scientific notation: "1.1e−13".
func sci(x float64) string {
	if x == 0 {
		return "0"
	}
	return numfmt.Sig(x, 2)
}

// group writes a count with thousands separators.
func group(s string) string {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return numfmt.Count(n)
	}
	return s
}

// numCell and textCell build table cells.
func numCell(s string) cell  { return cell{Text: s} }
func textCell(s string) cell { return cell{Text: s} }
