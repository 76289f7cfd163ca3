package report

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/bubblelab/bubblelab/dataset"
	"github.com/bubblelab/bubblelab/scenario"
	"github.com/bubblelab/bubblelab/sim"
)

var (
	update        = flag.Bool("update", false, "rewrite the golden SVG files in testdata/golden from the fixture run")
	updateFixture = flag.Bool("update-fixture", false, "re-run the 24-month baseline and rewrite testdata/run-baseline-24.json.gz (then run with -update)")
)

const fixturePath = "testdata/run-baseline-24.json.gz"

// fixtureRun is a small fixed run (baseline, 24 months, seed 1) stored as
// JSON, so that the golden charts change only when the report changes, not
// when the model does. -update-fixture refreshes it from the current model.
func fixtureRun(t *testing.T) *sim.Result {
	t.Helper()
	if *updateFixture {
		p, err := scenario.Builtin("baseline")
		if err != nil {
			t.Fatal(err)
		}
		p.Months = 24
		in, err := sim.DefaultInputs()
		if err != nil {
			t.Fatal(err)
		}
		res, err := sim.Run(context.Background(), p, in, 1, nil)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		if err := json.NewEncoder(zw).Encode(res); err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(fixturePath, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Open(fixturePath)
	if err != nil {
		t.Fatalf("%v (create it with go test ./report -run TestGoldenCharts -update-fixture -update)", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var res sim.Result
	if err := json.NewDecoder(zr).Decode(&res); err != nil {
		t.Fatal(err)
	}
	return &res
}

var figureSVG = regexp.MustCompile(`(?s)<figure id="([^"]+)"(?: data-chart="[^"]+")?>\n<div class="static">(<svg.*?</svg>)</div>\n(?:<script type="application/json" id="[^"]+">.*?</script>\n)?<figcaption>(.*?)</figcaption>`)

// inlineScript matches a script element: its type attribute, if any, and
// its text.
var inlineScript = regexp.MustCompile(`(?s)<script((?: type="[^"]+")?)(?: id="[^"]+")?>(.*?)</script>`)

// inlineStyle matches the page's style sheet.
var inlineStyle = regexp.MustCompile(`(?s)<style>(.*?)</style>`)

// figures returns the SVG and caption of every figure of a page by id.
func figures(t *testing.T, html []byte) (ids []string, svg, caption map[string]string) {
	t.Helper()
	svg, caption = map[string]string{}, map[string]string{}
	for _, m := range figureSVG.FindAllSubmatch(html, -1) {
		id := string(m[1])
		if _, dup := svg[id]; dup {
			t.Errorf("figure id %s appears twice", id)
		}
		ids = append(ids, id)
		svg[id], caption[id] = string(m[2]), string(m[3])
	}
	return ids, svg, caption
}

// The SVG of each chart of a small fixed run is compared with a golden
// file. Run with -update after an intended change and look at the files.
func TestGoldenCharts(t *testing.T) {
	res := fixtureRun(t)
	var buf bytes.Buffer
	if err := (RunReport{Result: res, Summary: sim.Summarize(res)}).Write(&buf); err != nil {
		t.Fatal(err)
	}
	ids, svg, _ := figures(t, buf.Bytes())
	if len(ids) < 10 {
		t.Fatalf("found %d figures, want at least 10", len(ids))
	}
	dir := filepath.Join("testdata", "golden")
	if *update {
		old, _ := filepath.Glob(filepath.Join(dir, "*.svg"))
		for _, f := range old {
			os.Remove(f)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range ids {
		path := filepath.Join(dir, id+".svg")
		got := []byte(svg[id] + "\n")
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s: %v (run with -update)", id, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: SVG differs from %s (run with -update after an intended change)", id, path)
		}
	}
	if !*update {
		files, _ := filepath.Glob(filepath.Join(dir, "*.svg"))
		if len(files) != len(ids) {
			t.Errorf("%d golden files but %d figures: stale files in %s (run with -update)", len(files), len(ids), dir)
		}
	}
}

// seriesNames returns the names of the series drawn in an SVG chart: the
// titles of its lines, areas and bars (first line of each title).
var pathTitle = regexp.MustCompile(`<(?:path|rect)[^>]*><title>([^<]*?)(?:&#10;|</title>)`)

func seriesNames(svg string) []string {
	var out []string
	for _, m := range pathTitle.FindAllStringSubmatch(svg, -1) {
		if !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	return out
}

// Each chart of the run report draws the series its caption promises.
func TestRunReportSeries(t *testing.T) {
	t.Parallel()
	res := fixtureRun(t)
	var buf bytes.Buffer
	if err := (RunReport{Result: res, Summary: sim.Summarize(res)}).Write(&buf); err != nil {
		t.Fatal(err)
	}
	_, svg, caption := figures(t, buf.Bytes())
	for _, c := range []struct {
		figure string
		series []string
	}{
		{"fig-provenance", []string{"final demand", "outside equity", "debt", "other AI firms&#39; investments", "the firm&#39;s own money back"}},
		{"fig-shovel", []string{"AI capex", "AI final demand", "capex / final demand (right axis)"}},
		{"fig-demand", []string{"consumers", "domestic industry", "buyers abroad"}},
		{"fig-valuation", []string{"listed AI market value", "fundamental value"}},
		{"fig-index", []string{"AI index", "non-AI index", "sentiment (right axis)"}},
		{"fig-cohorts", []string{"top 10% of households", "bottom 90% of households"}},
		{"fig-consumption", []string{"top 10%", "bottom 90%"}},
		{"fig-gdp", []string{"GDP", "potential GDP"}},
		{"fig-compute", []string{"book value", "economic value", "stranded"}},
		{"fig-controls", []string{"export-control stringency", "competitor share in China"}},
	} {
		s, ok := svg[c.figure]
		if !ok {
			t.Errorf("figure %s missing", c.figure)
			continue
		}
		got := seriesNames(s)
		for _, name := range c.series {
			if !slices.Contains(got, name) {
				t.Errorf("%s: series %q not drawn; drawn: %q", c.figure, name, got)
			}
		}
		if strings.TrimSpace(caption[c.figure]) == "" {
			t.Errorf("%s has no caption", c.figure)
		}
	}
}

// pageChecks holds the properties every page must have: self-contained,
// accessible basics, valid SVG, unique ids.
func checkPage(t *testing.T, name string, html []byte) {
	t.Helper()
	s := string(html)
	for _, bad := range []string{"<link ", "<img ", "<iframe", " src=", "@import", "url(http", "<script src"} {
		if strings.Contains(s, bad) {
			t.Errorf("%s: contains %q: the page must load nothing", name, bad)
		}
	}
	// The only scripts run are the chart scripts the policy names by hash;
	// the rest are JSON data blocks, which browsers do not run.
	if !strings.Contains(s, `<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src `) {
		t.Errorf("%s: no Content-Security-Policy allowing scripts by hash only", name)
	}
	if m := inlineStyle.FindStringSubmatch(s); m == nil || hashSource(m[1]) != StyleSources() {
		t.Errorf("%s: the style sheet is missing or its hash is not the policy's", name)
	}
	for _, m := range inlineScript.FindAllStringSubmatch(s, -1) {
		if m[1] == ` type="application/json"` {
			continue
		}
		if h := hashSource(m[2]); !strings.Contains(ScriptSources(), h) {
			t.Errorf("%s: an inline script (%d bytes) is not among the allowed hashes", name, len(m[2]))
		}
	}
	for _, must := range []string{"<!DOCTYPE html>", `<html lang="en">`, "<title>", "<h1>", "<main>", `<meta charset="utf-8">`} {
		if !strings.Contains(s, must) {
			t.Errorf("%s: missing %q", name, must)
		}
	}
	ids := regexp.MustCompile(`\sid="([^"]+)"`).FindAllStringSubmatch(s, -1)
	seen := map[string]bool{}
	for _, m := range ids {
		if seen[m[1]] {
			t.Errorf("%s: id %q is not unique", name, m[1])
		}
		seen[m[1]] = true
	}
	for _, m := range regexp.MustCompile(`href="#([^"]+)"`).FindAllStringSubmatch(s, -1) {
		if !seen[m[1]] {
			t.Errorf("%s: link to #%s, which does not exist", name, m[1])
		}
	}
	for i, sv := range topLevelSVGs(s) {
		if head := sv[:min(len(sv), 600)]; !strings.Contains(head, `role="img"`) && !strings.Contains(head, `role="group"`) {
			t.Errorf("%s: svg %d has no role img or group", name, i)
		}
		if !strings.Contains(sv, "<title") {
			t.Errorf("%s: svg %d has no title", name, i)
		}
		d := xml.NewDecoder(strings.NewReader(sv))
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Errorf("%s: svg %d is not well-formed XML: %v", name, i, err)
				break
			}
		}
	}
	if n := strings.Count(s, "<figure "); n != strings.Count(s, "<figcaption>") {
		t.Errorf("%s: %d figures but %d captions", name, n, strings.Count(s, "<figcaption>"))
	}
	if strings.Count(s, "<table>") != strings.Count(s, "<caption>") {
		t.Errorf("%s: a table has no caption", name)
	}
}

// topLevelSVGs returns the outermost <svg> elements of a page (a grid of
// charts nests svg elements).
func topLevelSVGs(s string) []string {
	var out []string
	for {
		start := strings.Index(s, "<svg")
		if start < 0 {
			return out
		}
		depth, i := 0, start
		for i < len(s) {
			open, closing := strings.Index(s[i:], "<svg"), strings.Index(s[i:], "</svg>")
			if closing < 0 {
				return out
			}
			if open >= 0 && open < closing {
				depth++
				i += open + 4
				continue
			}
			depth--
			i += closing + len("</svg>")
			if depth == 0 {
				break
			}
		}
		out = append(out, s[start:i])
		s = s[i:]
	}
}

func TestRunReportPage(t *testing.T) {
	t.Parallel()
	res := testRun(t, "baseline", 36)
	net, err := ShippedNetwork(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	facts := mustFacts(t)
	firms, err := dataset.DefaultFirms()
	if err != nil {
		t.Fatal(err)
	}
	calib, err := sim.Calibration(res, facts, firms)
	if err != nil {
		t.Fatal(err)
	}
	r := RunReport{Result: res, Summary: sim.Summarize(res), Calibration: calib, Network: net, Links: []Link{{Text: "Home", Href: "/"}}}
	var a, b bytes.Buffer
	if err := r.Write(&a); err != nil {
		t.Fatal(err)
	}
	if err := r.Write(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two renders of the same run differ")
	}
	checkPage(t, "run", a.Bytes())
	s := a.String()
	for _, want := range []string{"The run in numbers", `class="lead"`, "Who pays for AI", "shovel gap", "Calibration", "The deal network (data) and its cycles",
		"The largest cycles", "Money paid between AI firms", "Event log", "Parameters used", "demand.china_share", `<a href="/">Home</a>`} {
		if !strings.Contains(s, want) {
			t.Errorf("run report lacks %q", want)
		}
	}
}

func TestWriteRunErrors(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := WriteRun(&buf, nil, sim.Summary{}); err == nil {
		t.Error("WriteRun(nil) succeeded")
	}
	if err := (RunReport{Result: &sim.Result{}}).Write(&buf); err == nil {
		t.Error("a run without months was written")
	}
	bad := &sim.Result{Months: []sim.MonthRecord{{Month: "2023-13"}}}
	if err := (RunReport{Result: bad}).Write(&buf); err == nil {
		t.Error("a run with a bad month was written")
	}
	if buf.Len() != 0 {
		t.Errorf("failed renders wrote %d bytes", buf.Len())
	}
}

func TestEscaping(t *testing.T) {
	t.Parallel()
	res := *testRun(t, "baseline", 24)
	res.Params.Name = `<script>alert(1)</script>`
	res.Params.Description = `"><img src=x onerror=alert(1)>`
	var buf bytes.Buffer
	if err := (RunReport{Result: &res, Summary: sim.Summarize(&res), Links: []Link{{Text: "x", Href: "javascript:alert(1)"}}}).Write(&buf); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	if strings.Contains(s, "<script>alert") || strings.Contains(s, "<img") || strings.Contains(s, "javascript:") {
		t.Error("user text reached the page unescaped")
	}
}
