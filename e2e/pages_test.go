package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/bubblelab/bubblelab/report"
	"github.com/bubblelab/bubblelab/report/numfmt"
	"github.com/bubblelab/bubblelab/scenario"
	"github.com/bubblelab/bubblelab/sim"
	"github.com/bubblelab/bubblelab/web"
)

// widths are the window widths every page is checked at: a laptop and a
// phone.
var widths = []struct {
	name string
	w, h int64
}{{"1400", 1400, 900}, {"390", 390, 844}}

// appClient posts to the app as its own pages do (with its Origin) and
// does not follow redirects, so that the caller sees where they lead.
type appClient struct {
	base string
	c    *http.Client
}

func newAppClient(base string) *appClient {
	return &appClient{base: base, c: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (a *appClient) post(t *testing.T, path, contentType string, body io.Reader) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, a.base+path, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Origin", a.base)
	res, err := a.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST %s: %d %s", path, res.StatusCode, b)
	}
	return res.Header.Get("Location")
}

// run starts a run from form values and waits for it; it returns the
// run's id.
func (a *appClient) run(t *testing.T, v url.Values) string {
	t.Helper()
	loc := a.post(t, "/runs", "application/x-www-form-urlencoded", strings.NewReader(v.Encode()))
	id := loc[strings.LastIndex(loc, "/")+1:]
	deadline := time.Now().Add(3 * time.Minute)
	for time.Now().Before(deadline) {
		res, err := a.c.Get(a.base + "/runs/" + id + "/status")
		if err != nil {
			t.Fatal(err)
		}
		var st struct {
			State, Error string
		}
		err = json.NewDecoder(res.Body).Decode(&st)
		res.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		switch st.State {
		case "done":
			return id
		case "failed":
			t.Fatalf("run %s failed: %s", id, st.Error)
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("run %s did not finish", id)
	return ""
}

// upload posts a file with text fields and returns the analysis page.
func (a *appClient) upload(t *testing.T, path, field, file string, text map[string]string) string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile(field, filepath.Base(file))
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	for k, v := range text {
		mw.WriteField(k, v)
	}
	mw.Close()
	return a.post(t, path, mw.FormDataContentType(), &body)
}

// pageCheck is what the browser reports about one page.
type pageCheck struct {
	Overflow    int      `json:"overflow"`    // page width beyond the window, px
	Culprits    []string `json:"culprits"`    // elements sticking out of the window
	Overlaps    []string `json:"overlaps"`    // legend texts that overlap
	Charts      int      `json:"charts"`      // interactive charts drawn
	StaticShown int      `json:"staticShown"` // static pictures shown where a chart is drawn
	Title       string   `json:"title"`
}

// checkJS opens every collapsed part (so that what is inside is measured
// too) and measures the page: horizontal overflow and the elements that
// cause it (outside any scrolling box), legend entries whose boxes
// overlap, in the interactive legends and in the SVG legends shown.
const openAllJS = `document.querySelectorAll('details').forEach(d => d.open = true); true`

const checkJS = `(() => {
	const vw = document.documentElement.clientWidth;
	const overflow = Math.max(0, document.documentElement.scrollWidth - vw);
	const clips = el => {
		for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
			const o = getComputedStyle(p).overflowX;
			if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
		}
		return false;
	};
	const culprits = [];
	if (overflow > 1) {
		for (const el of document.body.querySelectorAll('*')) {
			const r = el.getBoundingClientRect();
			if (r.width > 0 && r.right > vw + 1 && !clips(el)) {
				culprits.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && el.className.baseVal === undefined ? '.' + String(el.className).split(' ').join('.') : '') + ' right=' + Math.round(r.right));
				if (culprits.length >= 5) break;
			}
		}
	}
	const overlaps = [];
	const boxes = els => els.map(e => [e, e.getBoundingClientRect()]).filter(([e, r]) => r.width > 0 && r.height > 0);
	const hit = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
	const groups = [];
	document.querySelectorAll('.u-legend').forEach(l => groups.push(Array.from(l.querySelectorAll('.u-series')).filter(s => s.offsetParent !== null)));
	document.querySelectorAll('svg g.legend').forEach(g => { if (g.getBoundingClientRect().width > 0) groups.push(Array.from(g.children)); });
	for (const g of groups) {
		const bs = boxes(g);
		for (let i = 0; i < bs.length; i++) for (let j = i + 1; j < bs.length; j++) {
			if (hit(bs[i][1], bs[j][1])) overlaps.push((bs[i][0].textContent || bs[i][0].tagName) + ' / ' + (bs[j][0].textContent || bs[j][0].tagName));
		}
	}
	const live = Array.from(document.querySelectorAll('figure.live'));
	return {overflow, culprits, overlaps: overlaps.slice(0, 5),
		charts: document.querySelectorAll('.ichart-one canvas').length,
		staticShown: live.filter(f => f.querySelector('.static').offsetParent !== null).length,
		title: document.title};
})()`

// widestTableJS scrolls the widest table into view, if the page has one.
const widestTableJS = `(() => {
	const ts = Array.from(document.querySelectorAll('main table')).filter(t => t.offsetParent !== null);
	if (!ts.length) return false;
	ts.sort((a, b) => b.scrollWidth - a.scrollWidth);
	ts[0].scrollIntoView({block: 'start'});
	return true;
})()`

// consoleWatch collects console errors, uncaught exceptions and browser
// log errors (such as refused Content-Security-Policy) of a tab.
type consoleWatch struct {
	mu   sync.Mutex
	errs []string
}

func watchConsole(t *testing.T, ctx context.Context) *consoleWatch {
	t.Helper()
	w := &consoleWatch{}
	err := chromedp.Listen(ctx, func(ev any) {
		var msg string
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeWarning {
				var parts []string
				for _, a := range e.Args {
					parts = append(parts, strings.Trim(string(a.Value), `"`)+a.Description)
				}
				msg = "console." + string(e.Type) + ": " + strings.Join(parts, " ")
			}
		case *runtime.EventExceptionThrown:
			msg = "exception: " + e.ExceptionDetails.Text
			if e.ExceptionDetails.Exception != nil {
				msg += " " + e.ExceptionDetails.Exception.Description
			}
		case *cdplog.EventEntryAdded:
			if e.Entry.Level == cdplog.EntryLevelError || e.Entry.Level == cdplog.EntryLevelWarning {
				msg = "log " + string(e.Entry.Source) + ": " + e.Entry.Text
			}
		}
		if msg != "" {
			w.mu.Lock()
			w.errs = append(w.errs, msg)
			w.mu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *consoleWatch) take() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	e := w.errs
	w.errs = nil
	return e
}

// shot saves what the window shows as a PNG.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	buf := within(t, ctx, 30*time.Second, chromedp.CaptureScreenshot())
	path := filepath.Join(artifactDir(t), name+".png")
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Every report and app page, at 1400 and 390 px: the page never scrolls
// sideways, legend entries do not overlap, nothing is logged as an error,
// and each interactive chart replaces its static picture. On the run
// report a hover reads out every series, a drag zooms on time and a
// legend click hides a series; the headline with the burst sits in the
// first 600 px; Chinese text renders with real glyphs; the browser
// formats numbers as package numfmt does. Screenshots of each page at
// both widths go to $BUBBLELAB_ARTIFACTS (default: bubblelab-e2e in the
// temporary folder); docs/report.md shows a selection.
func TestPagesAtTwoWidths(t *testing.T) {
	ctx := browser(t)
	watch := watchConsole(t, ctx)

	app, err := web.New(web.Config{DataDir: t.TempDir(), RunTimeout: 5 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(app)
	defer func() { ts.Close(); app.Close() }()
	ac := newAppClient(ts.URL)

	// Two runs with long labels, which used to squeeze the comparison.
	a := ac.run(t, url.Values{"_base": {"baseline"}, "_seed": {"1"}, "name": {"baseline with a long descriptive label for the comparison"}})
	b := ac.run(t, url.Values{"_base": {"no-export-controls"}, "_seed": {"2"}, "months": {"120"}, "name": {"no export controls, and another long label"}})
	nvda := ac.upload(t, "/upload/prices", "prices", filepath.Join("..", "data", "prices", "stocks", "NVDA.csv"), nil)
	stress := ac.upload(t, "/upload/deals", "deals", filepath.Join("..", "data", "ai_deals.csv"), map[string]string{"fail": "OpenAI"})
	loops := ac.upload(t, "/upload/deals", "deals", filepath.Join("..", "data", "ai_deals.csv"), nil)

	dir := t.TempDir()
	runFile := writeRunReport(t, dir)
	sweepFile := writeSweepReport(t, dir)

	pages := []struct{ name, url string }{
		{"app-home", ts.URL + "/"},
		{"app-scenario", ts.URL + "/scenario"},
		{"app-run-report", ts.URL + "/runs/" + a + "/report"},
		{"app-files", ts.URL + "/runs/" + a + "/files"},
		{"app-compare-choose", ts.URL + "/compare?a=" + a},
		{"app-compare", ts.URL + "/compare?a=" + a + "&b=" + b},
		{"app-detect-nvda", ts.URL + nvda},
		{"app-stress", ts.URL + stress},
		{"app-loops", ts.URL + loops},
		{"app-claims", ts.URL + "/claims"},
		{"app-not-found", ts.URL + "/runs/0000000000000000/report"},
		{"report-run", "file://" + runFile},
		{"report-sweep", "file://" + sweepFile},
	}
	for _, wd := range widths {
		within(t, ctx, 10*time.Second, chromedp.EmulateViewport(wd.w, wd.h))
		for _, p := range pages {
			name := p.name + "-" + wd.name
			within(t, ctx, 3*time.Minute, chromedp.Navigate(p.url))
			shot(t, ctx, name)
			within(t, ctx, 10*time.Second, chromedp.Evaluate[bool](openAllJS))
			time.Sleep(300 * time.Millisecond) // charts in opened parts draw on resize
			c := within(t, ctx, 30*time.Second, chromedp.Evaluate[pageCheck](checkJS))
			// The widest table, where a squeezed column or a cut-off one
			// would show.
			if within(t, ctx, 10*time.Second, chromedp.Evaluate[bool](widestTableJS)) {
				shot(t, ctx, name+"-table")
			}
			if c.Overflow > 1 {
				t.Errorf("%s: the page is %d px wider than the window; sticking out: %q", name, c.Overflow, c.Culprits)
			}
			if len(c.Overlaps) > 0 {
				t.Errorf("%s: legend entries overlap: %q", name, c.Overlaps)
			}
			if c.StaticShown > 0 {
				t.Errorf("%s: %d static pictures shown beside their interactive charts", name, c.StaticShown)
			}
			if strings.HasPrefix(p.name, "report-") || strings.Contains(p.name, "report") || p.name == "app-compare" || p.name == "app-detect-nvda" {
				if c.Charts == 0 {
					t.Errorf("%s: no interactive chart drawn", name)
				}
			}
			for _, e := range watch.take() {
				if p.name == "app-not-found" && strings.Contains(e, "404") {
					continue // the browser logs the status of a missing page
				}
				t.Errorf("%s: %s", name, e)
			}
		}
		checkRunReport(t, ctx, "file://"+runFile, wd.name)
		for _, e := range watch.take() {
			t.Errorf("run report interactions at %s px: %s", wd.name, e)
		}
	}
	checkCJK(t, ctx, ts.URL+"/claims")
	checkNumbers(t, ctx, "file://"+runFile)
	for _, e := range watch.take() {
		t.Errorf("%s", e)
	}
}

func writeRunReport(t *testing.T, dir string) string {
	t.Helper()
	p, err := scenario.Builtin("baseline")
	if err != nil {
		t.Fatal(err)
	}
	in, err := sim.DefaultInputs()
	if err != nil {
		t.Fatal(err)
	}
	// As bubblelab run writes it: with the twins, which the headline's GDP
	// loss needs.
	res, cmps, twins, err := sim.RunTwins(context.Background(), p, in, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	net, err := report.ShippedNetwork(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	summary := sim.Summarize(res)
	summary.Comparisons = cmps
	var buf bytes.Buffer
	if err := (report.RunReport{Result: res, Summary: summary, Counterfactual: twins.NoBurst, Network: net}).Write(&buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "report.html")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func writeSweepReport(t *testing.T, dir string) string {
	t.Helper()
	in, err := sim.DefaultInputs()
	if err != nil {
		t.Fatal(err)
	}
	paths := report.NewSweepPaths()
	rep := &report.SweepReport{Scenario: "baseline"}
	for seed := uint64(1); seed <= 8; seed++ {
		p, err := scenario.Builtin("baseline")
		if err != nil {
			t.Fatal(err)
		}
		p.Months = 60
		share := 0.2 + 0.04*float64(seed)
		if err := scenario.Set(&p, "demand.china_share", share); err != nil {
			t.Fatal(err)
		}
		res, err := sim.Run(context.Background(), p, in, seed, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := paths.Add(res); err != nil {
			t.Fatal(err)
		}
		rep.Runs = append(rep.Runs, report.SweepRun{Metrics: sim.Metrics(res), Params: map[string]float64{"demand.china_share": share}})
	}
	rep.Paths = paths.Sets()
	var buf bytes.Buffer
	if err := report.WriteSweep(&buf, rep); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "sweep.html")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// chartState is what the first interactive chart of a page shows.
type chartState struct {
	X, Y, W, H float64 // the plot area, in page coordinates of the window
	XMin, XMax float64
	Readout    []string // the legend's values: the date, then each series
	Off        int      // series hidden by a legend click
}

const chartStateJS = `(() => {
	const one = document.querySelector(SEL);
	const over = one.querySelector('.u-over');
	const r = over.getBoundingClientRect();
	return {x: r.left, y: r.top, w: r.width, h: r.height,
		xMin: Number(one.getAttribute('data-xmin')), xMax: Number(one.getAttribute('data-xmax')),
		readout: Array.from(one.querySelectorAll('.u-legend .u-series')).filter(s => s.offsetParent !== null).map(s => s.querySelector('.u-value').textContent),
		off: Array.from(one.querySelectorAll('.u-legend .u-series.u-off')).filter(s => s.offsetParent !== null).length};
})()`

// checkRunReport hovers, zooms and toggles a series on the run report's
// provenance chart, and checks the headline's place.
func checkRunReport(t *testing.T, ctx context.Context, u, width string) {
	t.Helper()
	within(t, ctx, time.Minute, chromedp.Navigate(u))
	lead := within(t, ctx, 10*time.Second, chromedp.Evaluate[map[string]any](`(() => { const l = document.querySelector('.lead'); const r = l.getBoundingClientRect(); return {top: r.top, text: l.textContent}; })()`))
	text, _ := lead["text"].(string)
	if top, _ := lead["top"].(float64); top > 600 || !strings.Contains(text, "bursts in") || !strings.Contains(text, "GDP is") || !strings.Contains(text, "%") {
		t.Errorf("%s px: the headline starts at %v px: %q", width, lead["top"], text)
	}
	sel := "#fig-provenance .ichart-one"
	js := strings.Replace(chartStateJS, "SEL", "'"+sel+"'", 1)
	within(t, ctx, 10*time.Second, chromedp.ScrollIntoView(chromedp.CSS(sel)))
	time.Sleep(200 * time.Millisecond)
	st := within(t, ctx, 10*time.Second, chromedp.Evaluate[chartState](js))
	if st.W < 100 || st.H < 100 {
		t.Fatalf("%s px: the chart's plot is %v × %v px", width, st.W, st.H)
	}
	full := st.XMax - st.XMin

	// Hover: every series reads out at the date under the pointer.
	mx, my := st.X+st.W*0.6, st.Y+st.H*0.5
	within(t, ctx, 10*time.Second, chromedp.MouseEvent(chromedp.MouseMoved, mx, my))
	time.Sleep(150 * time.Millisecond)
	st = within(t, ctx, 10*time.Second, chromedp.Evaluate[chartState](js))
	if len(st.Readout) < 3 || !strings.Contains(st.Readout[0], "20") {
		t.Errorf("%s px: hover reads out %q, want a date and every series", width, st.Readout)
	}
	for i, v := range st.Readout[1:] {
		if !strings.HasPrefix(v, "$") && !strings.HasPrefix(v, numfmt.Minus+"$") {
			t.Errorf("%s px: series %d reads %q, want an amount", width, i+1, v)
		}
	}
	shot(t, ctx, "report-run-hover-"+width)

	// Zoom: a drag from 30% to 70% of the width narrows the x range.
	x0, x1 := st.X+st.W*0.3, st.X+st.W*0.7
	within(t, ctx, 10*time.Second, chromedp.Steps(
		chromedp.MouseEvent(chromedp.MouseMoved, x0, my),
		chromedp.MouseEvent(chromedp.MousePressed, x0, my, chromedp.ButtonLeft),
		chromedp.MouseEvent(chromedp.MouseMoved, (x0+x1)/2, my, chromedp.ButtonLeft),
		chromedp.MouseEvent(chromedp.MouseMoved, x1, my, chromedp.ButtonLeft),
		chromedp.MouseEvent(chromedp.MouseReleased, x1, my, chromedp.ButtonLeft),
	))
	time.Sleep(150 * time.Millisecond)
	z := within(t, ctx, 10*time.Second, chromedp.Evaluate[chartState](js))
	if got := z.XMax - z.XMin; !(got > 0.2*full && got < 0.6*full) {
		t.Errorf("%s px: after the drag the x range is %v s of %v", width, got, full)
	}
	shot(t, ctx, "report-run-zoom-"+width)

	// A legend click hides a series.
	within(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(sel+" .u-legend .u-series:nth-child(2) th")))
	if off := within(t, ctx, 10*time.Second, chromedp.Evaluate[chartState](js)).Off; off != 1 {
		t.Errorf("%s px: %d series hidden after a legend click, want 1", width, off)
	}
}

// checkCJK checks that the claims page's Chinese quotes render with real
// glyphs: a Chinese string is wider than the missing-glyph boxes of the
// same number of characters that no font has.
func checkCJK(t *testing.T, ctx context.Context, u string) {
	t.Helper()
	within(t, ctx, time.Minute, chromedp.Navigate(u))
	m := within(t, ctx, 10*time.Second, chromedp.Evaluate[map[string]float64](`(() => {
		const q = document.querySelector('blockquote[lang^=zh]');
		const probe = s => { const e = document.createElement('span'); e.lang = 'zh-Hant'; e.style.whiteSpace = 'nowrap'; e.textContent = s; q.appendChild(e); const w = e.getBoundingClientRect().width; e.remove(); return w; };
		return {quotes: document.querySelectorAll('blockquote[lang^=zh]').length, zh: probe('泡沫經濟循環融資'), tofu: probe('\u{10FFF0}\u{10FFF1}\u{10FFF2}\u{10FFF3}\u{10FFF4}\u{10FFF5}\u{10FFF6}\u{10FFF7}')};
	})()`))
	if m["quotes"] == 0 {
		t.Fatal("the claims page has no Chinese quotes")
	}
	if m["zh"] == m["tofu"] || m["zh"] == 0 {
		t.Errorf("Chinese text renders as missing-glyph boxes (width %v, boxes %v): install a CJK font (fonts-noto-cjk or fonts-wqy-microhei)", m["zh"], m["tofu"])
	}
}

// checkNumbers compares the browser's number formatter with package
// numfmt on its table of cases.
func checkNumbers(t *testing.T, ctx context.Context, u string) {
	t.Helper()
	within(t, ctx, time.Minute, chromedp.Navigate(u))
	vs := numfmt.Vectors()
	js, _ := json.Marshal(vs)
	got := within(t, ctx, 10*time.Second, chromedp.Evaluate[[]string](fmt.Sprintf(`%s.map(v => window.bubblelabFormat[v.f](v.x))`, js)))
	for i, v := range vs {
		if i >= len(got) || got[i] != v.Want {
			g := ""
			if i < len(got) {
				g = got[i]
			}
			t.Errorf("browser %s(%v) = %q, numfmt gives %q", v.Func, v.In, g, v.Want)
		}
	}
}
