package web

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"github.com/bubblelab/bubblelab/report"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bubblelab/bubblelab/report/params"
	"github.com/bubblelab/bubblelab/sim"
)

func TestHomeAndForm(t *testing.T) {
	t.Parallel()
	_, ts, c := newTestServer(t, Config{})
	home := get(t, c, ts.URL+"/")
	if home.status != 200 || !strings.Contains(home.body, "no-export-controls") || !strings.Contains(home.body, `action="/upload/deals"`) {
		t.Fatalf("home: %d, lacks the scenarios or the upload form", home.status)
	}
	if csp := home.header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP %q", csp)
	}
	form := get(t, c, ts.URL+"/scenario?base=reindustrialisation")
	if form.status != 200 {
		t.Fatalf("form: %d", form.status)
	}
	// Every parameter has an input with a label.
	for _, f := range params.Fields(sim.BaselineParams()) {
		if !strings.Contains(form.body, `name="`+f.Path+`"`) {
			t.Errorf("form lacks parameter %s", f.Path)
		}
	}
	ids := regexp.MustCompile(`<input id="([^"]+)"`).FindAllStringSubmatch(form.body, -1)
	if len(ids) < 100 {
		t.Fatalf("form has %d inputs", len(ids))
	}
	for _, m := range ids {
		if !strings.Contains(form.body, `<label for="`+m[1]+`"`) {
			t.Errorf("input %s has no label", m[1])
		}
	}
	for _, want := range []string{`value="0.18"`, `min="0" max="1"`, "[0 to 1]", "[1 to 1200]", `type="month"`, `type="checkbox"`} {
		if !strings.Contains(form.body, want) {
			t.Errorf("form lacks %q", want)
		}
	}
	if r := get(t, c, ts.URL+"/scenario?base=nonsense"); r.status != http.StatusNotFound {
		t.Errorf("unknown base scenario: %d", r.status)
	}
}

// A run through its whole life: form, progress, report, files, zip,
// comparison, edit again.
func TestRunLifecycle(t *testing.T) {
	t.Parallel()
	_, ts, c := newTestServer(t, Config{})
	v := short(24)
	v.Set("demand.china_share", "0.3")
	v.Set("_seed", "7")
	id := startRun(t, c, ts.URL, v)
	if st := waitRun(t, c, ts.URL, id); st.State != stateDone || st.Done != 24 || st.Total != 24 {
		t.Fatalf("run ended %+v", st)
	}
	if r := get(t, c, ts.URL+"/runs/"+id); r.status != http.StatusSeeOther || r.header.Get("Location") != "/runs/"+id+"/report" {
		t.Errorf("a finished run's page: %d to %q", r.status, r.header.Get("Location"))
	}
	rep := get(t, c, ts.URL+"/runs/"+id+"/report")
	if rep.status != 200 || !strings.Contains(rep.body, "Who pays for AI") || !strings.Contains(rep.body, "Compare with another run") {
		t.Fatalf("report: %d", rep.status)
	}
	// Its only scripts are the chart scripts that the policy allows by
	// hash; nothing is loaded.
	if strings.Contains(rep.body, "<script src") || !strings.Contains(rep.header.Get("Content-Security-Policy"), "script-src "+report.ScriptSources()+";") {
		t.Errorf("the report loads a script, or the policy does not name the chart scripts: %q", rep.header.Get("Content-Security-Policy"))
	}
	files := get(t, c, ts.URL+"/runs/"+id+"/files")
	for _, name := range []string{"months.csv", "months.parquet", "summary.json", "scenario.yaml", "report.html", "events.jsonl"} {
		if !strings.Contains(files.body, "/files/"+name+`"`) {
			t.Errorf("files page lacks %s", name)
		}
	}
	yaml := get(t, c, ts.URL+"/runs/"+id+"/files/scenario.yaml")
	if yaml.status != 200 || !strings.Contains(yaml.body, "china_share: 0.3") || !strings.Contains(yaml.header.Get("Content-Disposition"), "attachment") {
		t.Errorf("scenario.yaml: %d %q", yaml.status, yaml.body[:min(len(yaml.body), 80)])
	}
	var summary sim.Summary
	if err := json.Unmarshal([]byte(get(t, c, ts.URL+"/runs/"+id+"/files/summary.json").body), &summary); err != nil || summary.Seed != 7 {
		t.Errorf("summary.json: seed %d, %v", summary.Seed, err)
	}
	z1 := get(t, c, ts.URL+"/runs/"+id+"/results.zip")
	z2 := get(t, c, ts.URL+"/runs/"+id+"/results.zip")
	if z1.status != 200 || z1.body != z2.body {
		t.Fatal("the zip is missing or not the same twice")
	}
	zr, err := zip.NewReader(strings.NewReader(z1.body), int64(len(z1.body)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if !strings.HasPrefix(f.Name, "bubblelab-"+id+"/") || strings.Contains(f.Name, "..") {
			t.Errorf("zip entry %q", f.Name)
		}
	}
	if len(names) < 10 {
		t.Errorf("zip has %v", names)
	}
	// A second run to compare with; then the comparison and a re-edit.
	id2 := startRun(t, c, ts.URL, url.Values{"_base": {"no-export-controls"}, "months": {"24"}})
	waitRun(t, c, ts.URL, id2)
	cmp := get(t, c, ts.URL+"/compare?a="+id+"&b="+id2)
	if cmp.status != 200 || !strings.Contains(cmp.body, "Side by side") || !strings.Contains(cmp.body, "mechanisms.export_controls") {
		t.Errorf("compare: %d", cmp.status)
	}
	if r := get(t, c, ts.URL+"/compare?a="+id); r.status != 200 || !strings.Contains(r.body, `<select id="cmp-b"`) {
		t.Errorf("compare chooser: %d", r.status)
	}
	again := get(t, c, ts.URL+"/scenario?from="+id)
	if again.status != 200 || !strings.Contains(again.body, `name="demand.china_share" value="0.3"`) || !strings.Contains(again.body, `name="_seed" min="0" step="1" value="7"`) {
		t.Errorf("edit again does not carry the run's parameters: %d", again.status)
	}
	home := get(t, c, ts.URL+"/")
	if !strings.Contains(home.body, "/runs/"+id+"/report") || !strings.Contains(home.body, "1 parameter changed") {
		t.Error("home does not list the run")
	}
}

func TestProgressPage(t *testing.T) {
	t.Parallel()
	s, ts, c := newTestServer(t, Config{MaxConcurrentRuns: 1})
	release := make(chan struct{})
	s.runHook = func() { <-release }
	id := startRun(t, c, ts.URL, short(12))
	p := get(t, c, ts.URL+"/runs/"+id)
	if p.status != 200 || !strings.Contains(p.body, `<meta http-equiv="refresh" content="1">`) || !strings.Contains(p.body, "<progress") {
		t.Errorf("progress page: %d", p.status)
	}
	if r := get(t, c, ts.URL+"/runs/"+id+"/report"); r.status != http.StatusNotFound {
		t.Errorf("report of a running run: %d", r.status)
	}
	close(release)
	waitRun(t, c, ts.URL, id)
}

// With one slot and no queue, a second run is refused with 429 while the
// first holds the slot.
func TestQueueFull(t *testing.T) {
	t.Parallel()
	s, ts, c := newTestServer(t, Config{MaxConcurrentRuns: 1, MaxQueuedRuns: -1})
	release := make(chan struct{})
	s.runHook = func() { <-release }
	id := startRun(t, c, ts.URL, short(12))
	r := postForm(t, c, ts.URL+"/runs", short(12))
	if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" {
		t.Errorf("second run: %d, Retry-After %q", r.status, r.header.Get("Retry-After"))
	}
	close(release)
	waitRun(t, c, ts.URL, id)
	if r := postForm(t, c, ts.URL+"/runs", short(12)); r.status != http.StatusSeeOther {
		t.Errorf("after the first run: %d", r.status)
	}
}

func TestRunTimeout(t *testing.T) {
	t.Parallel()
	// A 120-month run takes tens of milliseconds: far over the limit.
	_, ts, c := newTestServer(t, Config{RunTimeout: time.Millisecond})
	id := startRun(t, c, ts.URL, short(120))
	st := waitRun(t, c, ts.URL, id)
	if st.State != stateFailed || !strings.Contains(st.Error, "longer than the 1ms limit") {
		t.Errorf("run ended %+v, want failed on the time limit", st)
	}
	page := get(t, c, ts.URL+"/runs/"+id)
	if !strings.Contains(page.body, "The run failed") {
		t.Error("the failure is not shown")
	}
}

// Runs survive a restart of the app on the same data folder; the oldest
// are deleted beyond the limit.
func TestStoredRunsAndEviction(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s1, ts1, c1 := newTestServer(t, Config{DataDir: dir, MaxStoredRuns: 2})
	var ids []string
	for range 3 {
		id := startRun(t, c1, ts1.URL, short(6))
		waitRun(t, c1, ts1.URL, id)
		ids = append(ids, id)
	}
	if r := get(t, c1, ts1.URL+"/runs/"+ids[0]+"/report"); r.status != http.StatusNotFound {
		t.Errorf("the oldest run was kept beyond the limit: %d", r.status)
	}
	if _, err := os.Stat(filepath.Join(dir, runsDir, ids[0])); !os.IsNotExist(err) {
		t.Errorf("the oldest run's folder was not deleted: %v", err)
	}
	ts1.Close()
	s1.Close()
	_, ts2, c2 := newTestServer(t, Config{DataDir: dir})
	for _, id := range ids[1:] {
		if r := get(t, c2, ts2.URL+"/runs/"+id+"/report"); r.status != 200 {
			t.Errorf("run %s after a restart: %d", id, r.status)
		}
	}
	if r := get(t, c2, ts2.URL+"/compare?a="+ids[1]+"&b="+ids[2]); r.status != 200 {
		t.Errorf("compare after a restart: %d", r.status)
	}
}

func TestClaimsPage(t *testing.T) {
	t.Parallel()
	_, ts, c := newTestServer(t, Config{})
	r := get(t, c, ts.URL+"/claims")
	if r.status != 200 || !strings.Contains(r.body, "The article&#39;s claims and the evidence") || !strings.Contains(r.body, "claim-C14") {
		t.Fatalf("claims: %d", r.status)
	}
	if r2 := get(t, c, ts.URL+"/claims"); r2.body != r.body {
		t.Error("the claims page changed between two requests")
	}
}

func TestUploads(t *testing.T) {
	t.Parallel()
	_, ts, c := newTestServer(t, Config{})
	deals, err := os.ReadFile("../data/ai_deals.csv")
	if err != nil {
		t.Fatal(err)
	}
	r := postUpload(t, c, ts.URL+"/upload/deals", "deals", "../../my deals.csv", deals, map[string]string{"fail": "OpenAI"})
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/analyses/") {
		t.Fatalf("deal upload: %d %s", r.status, r.body)
	}
	page := get(t, c, ts.URL+r.header.Get("Location"))
	for _, want := range []string{"Eisenberg–Noe clearing", "OpenAI fails", "The largest cycles", "my_deals.csv (uploaded)"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("stress page lacks %q", want)
		}
	}
	r = postUpload(t, c, ts.URL+"/upload/deals", "deals", "deals.csv", deals, nil)
	if r.status != http.StatusSeeOther {
		t.Fatalf("deal upload without a failing firm: %d", r.status)
	}
	if p := get(t, c, ts.URL+r.header.Get("Location")); !strings.Contains(p.body, "Circular financing in a deal network") {
		t.Error("loops page missing")
	}
	prices := pricesCSV(120, func(i int) float64 { return 100 * (1 + 0.01*float64(i)) })
	r = postUpload(t, c, ts.URL+"/upload/prices", "prices", "p.csv", prices, map[string]string{"column": "close"})
	if r.status != http.StatusSeeOther {
		t.Fatalf("price upload: %d %s", r.status, r.body)
	}
	if p := get(t, c, ts.URL+r.header.Get("Location")); !strings.Contains(p.body, "BSADF") || !strings.Contains(p.body, "GSADF") {
		t.Error("detect page lacks the PSY results")
	}
	if home := get(t, c, ts.URL+"/"); strings.Count(home.body, `href="/analyses/`) != 3 {
		t.Error("home does not list the three analyses")
	}
}

// pricesCSV writes n daily prices.
func pricesCSV(n int, f func(i int) float64) []byte {
	var b bytes.Buffer
	b.WriteString("date,close\n")
	t0 := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		fmt.Fprintf(&b, "%s,%s\n", t0.AddDate(0, 0, i).Format("2006-01-02"), strconv.FormatFloat(f(i), 'g', -1, 64))
	}
	return b.Bytes()
}

// Serve stops on context cancellation and lets requests finish.
func TestServeShutdown(t *testing.T) {
	t.Parallel()
	s, err := New(Config{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, ln, s) }()
	res, err := http.Get("http://" + ln.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if string(b) != "ok\n" {
		t.Errorf("healthz: %q", b)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("Serve did not stop")
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/healthz"); err == nil {
		t.Error("the server still answers after shutdown")
	}
}
