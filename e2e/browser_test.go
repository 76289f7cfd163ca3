package e2e

import (
	"context"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/bubblelab/bubblelab/report"
	"github.com/bubblelab/bubblelab/scenario"
	"github.com/bubblelab/bubblelab/sim"
	"github.com/bubblelab/bubblelab/web"
)

// chromium returns the browser binary or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("browser tests are skipped with -short")
	}
	if p := os.Getenv("BUBBLELAB_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("Chromium not found: install the Debian package chromium (apt-get install -y chromium) or set BUBBLELAB_CHROMIUM")
	return ""
}

// browser starts a headless Chromium with a fresh profile and returns a
// context for one tab.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := chromium(t)
	profile, err := os.MkdirTemp("", "bubblelab-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 1000),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
		// Chromium's helpers may still write to the profile for a moment.
		for range 50 {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	// Start the browser now, outside any timeout (see chromedp.Run).
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[int](`1`)); err != nil {
		t.Fatalf("start %s: %v", path, err)
	}
	return ctx
}

// within runs actions with a time limit.
func within[T any](t *testing.T, ctx context.Context, d time.Duration, a chromedp.Action[T]) T {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	v, err := chromedp.Run(c, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// artifactDir is where screenshots go.
func artifactDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("BUBBLELAB_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "bubblelab-e2e")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// screenshot saves what the window shows (a full-page capture of a long
// report takes many seconds).
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	buf := within(t, ctx, 30*time.Second, chromedp.CaptureScreenshot())
	path := filepath.Join(artifactDir(t), name)
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes)", path, len(buf))
}

// figureSeries is what the browser sees of each figure: its id, whether it
// holds an SVG chart with a title, its caption, and the names of the series
// drawn (titles of lines, areas and bars).
type figureSeries struct {
	ID      string   `json:"id"`
	Charts  int      `json:"charts"`
	Titled  bool     `json:"titled"`
	Caption string   `json:"caption"`
	Series  []string `json:"series"`
}

const figuresJS = `Array.from(document.querySelectorAll('figure')).map(f => ({
	id: f.id,
	charts: f.querySelectorAll('svg[role=img]').length,
	titled: !!(f.querySelector('svg title') || f.querySelector('svg[aria-label]')),
	caption: (f.querySelector('figcaption') || {}).textContent || '',
	series: Array.from(new Set(Array.from(f.querySelectorAll('svg path > title, svg rect > title')).map(t => t.textContent.split('\n')[0])))
}))`

// checkRunFigures checks that the run report's charts are there with the
// series a reader expects.
func checkRunFigures(t *testing.T, figs []figureSeries) {
	t.Helper()
	byID := map[string]figureSeries{}
	for _, f := range figs {
		byID[f.ID] = f
		if f.Charts == 0 || !f.Titled || strings.TrimSpace(f.Caption) == "" {
			t.Errorf("figure %s: %d charts, titled %v, caption %q", f.ID, f.Charts, f.Titled, f.Caption)
		}
	}
	for _, want := range []struct {
		id     string
		series []string
	}{
		{"fig-provenance", []string{"final demand", "outside equity", "debt", "other AI firms' investments", "the firm's own money back"}},
		{"fig-shovel", []string{"AI capex", "AI final demand"}},
		{"fig-consumption", []string{"top 10%", "bottom 90%"}},
		{"fig-gdp", []string{"GDP", "potential GDP"}},
		{"fig-compute", []string{"book value", "economic value", "stranded"}},
	} {
		f, ok := byID[want.id]
		if !ok {
			t.Errorf("figure %s missing; figures: %d", want.id, len(figs))
			continue
		}
		for _, s := range want.series {
			if !slices.Contains(f.Series, s) {
				t.Errorf("%s: series %q not drawn; drawn: %q", want.id, s, f.Series)
			}
		}
	}
}

// A report written to a file opens offline: its charts are drawn with
// their series, and the page asks the network for nothing.
func TestReportFileInBrowser(t *testing.T) {
	ctx := browser(t)
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
	file := filepath.Join(t.TempDir(), "report.html")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := report.WriteRun(f, res, sim.Summarize(res)); err != nil {
		t.Fatal(err)
	}
	f.Close()

	var mu sync.Mutex
	var requests []string
	evCtx, stop := context.WithCancel(ctx)
	defer stop()
	events := chromedp.Events(evCtx, network.RequestWillBeSent)
	go func() {
		for ev, err := range events {
			if err != nil {
				return
			}
			mu.Lock()
			requests = append(requests, ev.Request.URL)
			mu.Unlock()
		}
	}()
	within(t, ctx, 30*time.Second, chromedp.Navigate("file://"+file))
	figs := within(t, ctx, 30*time.Second, chromedp.Evaluate[[]figureSeries](figuresJS))
	checkRunFigures(t, figs)
	title := within(t, ctx, 10*time.Second, chromedp.Title())
	if title != "bubblelab run: baseline" {
		t.Errorf("title %q", title)
	}
	screenshot(t, ctx, "report-file.png")
	stop()
	mu.Lock()
	defer mu.Unlock()
	for _, u := range requests {
		if !strings.HasPrefix(u, "file://") {
			t.Errorf("the report asked the network for %s", u)
		}
	}
}

// The app driven through its form: a bad value is refused at its field; a
// 24-month run goes through the progress page to its report, whose charts
// have the expected series.
func TestAppInBrowser(t *testing.T) {
	ctx := browser(t)
	app, err := web.New(web.Config{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(app)
	defer func() { ts.Close(); app.Close() }()

	// Server-side validation: two shares that are each valid but too large
	// together (the browser's own min/max checks cannot catch this).
	within(t, ctx, 30*time.Second, chromedp.Steps(
		chromedp.Navigate(ts.URL+"/scenario"),
		chromedp.SetValue(chromedp.CSS(`input[name="months"]`), "24"),
		chromedp.SetValue(chromedp.CSS(`input[name="demand.enterprise_lab_share"]`), "0.9"),
		chromedp.SetValue(chromedp.CSS(`input[name="demand.enterprise_neocloud_share"]`), "0.9"),
	))
	within(t, ctx, 30*time.Second, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.ID("run-button"))))
	alert := within(t, ctx, 10*time.Second, chromedp.Text(chromedp.ID("form-error")))
	if !strings.Contains(alert, "demand.enterprise_neocloud_share") {
		t.Errorf("the error names no field: %q", alert)
	}
	invalid := within(t, ctx, 10*time.Second, chromedp.Evaluate[string](`document.querySelector('[aria-invalid=true]').name`))
	if invalid != "demand.enterprise_neocloud_share" {
		t.Errorf("field marked invalid: %q", invalid)
	}
	screenshot(t, ctx, "app-form-error.png")

	// Fix the value and run.
	within(t, ctx, 30*time.Second, chromedp.Steps(
		chromedp.SetValue(chromedp.CSS(`input[name="demand.enterprise_lab_share"]`), "0.35"),
		chromedp.SetValue(chromedp.CSS(`input[name="demand.enterprise_neocloud_share"]`), "0.15"),
	))
	within(t, ctx, 30*time.Second, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.ID("run-button"))))
	within(t, ctx, 90*time.Second, chromedp.WaitVisible(chromedp.ID("fig-provenance")))
	// The report is long: under load its later figures may still be
	// arriving when the first shows, so wait for the footer, its end.
	within(t, ctx, 90*time.Second, chromedp.WaitReady(chromedp.CSS("body > footer")))
	loc := within(t, ctx, 10*time.Second, chromedp.Location())
	u, err := url.Parse(loc)
	if err != nil || !strings.HasSuffix(u.Path, "/report") {
		t.Fatalf("ended at %q, want a run's report", loc)
	}
	figs := within(t, ctx, 30*time.Second, chromedp.Evaluate[[]figureSeries](figuresJS))
	checkRunFigures(t, figs)
	months := within(t, ctx, 10*time.Second, chromedp.Evaluate[string](`document.querySelector('.subtitle').textContent`))
	if !strings.Contains(months, "(24 months)") {
		t.Errorf("the report is not of the 24-month run: %q", months)
	}
	screenshot(t, ctx, "app-report.png")

	// The download link leads to the run's files.
	within(t, ctx, 30*time.Second, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(`a[href$="/files"]`))))
	links := within(t, ctx, 10*time.Second, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('main a')).map(a => a.textContent)`))
	for _, want := range []string{"months.csv", "report.html", "scenario.yaml"} {
		if !slices.Contains(links, want) {
			t.Errorf("files page lacks %s: %v", want, links)
		}
	}
}
