package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestServeOptionsValidate(t *testing.T) {
	t.Parallel()
	ok := serveOptions{addr: "127.0.0.1:8080", dataDir: "d", maxRuns: 2, queue: 8, runTimeout: time.Minute, maxUpload: 4, keep: 100}
	for _, c := range []struct {
		name  string
		edit  func(o *serveOptions)
		field string // "" when valid
	}{
		{"defaults", func(o *serveOptions) {}, ""},
		{"ipv6 loopback", func(o *serveOptions) { o.addr = "[::1]:0" }, ""},
		{"localhost", func(o *serveOptions) { o.addr = "localhost:9000" }, ""},
		{"all interfaces", func(o *serveOptions) { o.addr = ":8080" }, "--addr"},
		{"lan address", func(o *serveOptions) { o.addr = "192.168.1.2:8080" }, "--addr"},
		{"public name", func(o *serveOptions) { o.addr = "example.com:80" }, "--addr"},
		{"remote allowed", func(o *serveOptions) { o.addr = "0.0.0.0:8080"; o.allowRemote = true }, ""},
		{"no port", func(o *serveOptions) { o.addr = "127.0.0.1" }, "--addr"},
		{"bad port", func(o *serveOptions) { o.addr = "127.0.0.1:http2x" }, "--addr"},
		{"no data folder", func(o *serveOptions) { o.dataDir = " " }, "--data"},
		{"no runs", func(o *serveOptions) { o.maxRuns = 0 }, "--max-runs"},
		{"negative queue", func(o *serveOptions) { o.queue = -1 }, "--queue"},
		{"tiny timeout", func(o *serveOptions) { o.runTimeout = time.Millisecond }, "--run-timeout"},
		{"huge upload", func(o *serveOptions) { o.maxUpload = 5000 }, "--max-upload-mib"},
		{"keep none", func(o *serveOptions) { o.keep = 0 }, "--keep"},
	} {
		o := ok
		c.edit(&o)
		err := o.validate()
		switch {
		case c.field == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.field != "" && (err == nil || !strings.Contains(err.Error(), c.field)):
			t.Errorf("%s: got %v, want an error naming %s", c.name, err, c.field)
		case c.field != "" && exitCode(err) != exitBadInput:
			t.Errorf("%s: exit code %d, want %d", c.name, exitCode(err), exitBadInput)
		}
	}
}

func TestServeBadFlagsExit2(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"serve", "--addr", "0.0.0.0:8080"},
		{"serve", "--max-runs", "x"},
		{"serve", "extra-argument"},
	} {
		var out, errb bytes.Buffer
		if code := execute(context.Background(), args, &out, &errb); code != exitBadInput {
			t.Errorf("%v: exit %d, want %d (%s)", args, code, exitBadInput, errb.String())
		}
	}
}

// lineWriter sends each complete line written to it on lines (dropping
// lines nobody is waiting for).
type lineWriter struct {
	lines chan string
	buf   bytes.Buffer
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.buf.Write(p)
	for {
		line, err := w.buf.ReadString('\n')
		if err != nil {
			w.buf.WriteString(line)
			return len(p), nil
		}
		select {
		case w.lines <- line:
		default:
		}
	}
}

// The command serves on a free loopback port, answers, and stops with
// exit 0 when its context is cancelled.
func TestServeCommand(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &lineWriter{lines: make(chan string, 8)}
	code := make(chan int, 1)
	dir := t.TempDir()
	go func() {
		code <- execute(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data", dir}, out, io.Discard)
	}()
	var line string
	select {
	case line = <-out.lines:
	case <-time.After(20 * time.Second):
		t.Fatal("serve printed no address")
	}
	m := regexp.MustCompile(`http://(127\.0\.0\.1:\d+)/`).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("serve printed %q", line)
	}
	res, err := http.Get("http://" + m[1] + "/scenario")
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(res.Body)
	found := false
	for sc.Scan() {
		found = found || strings.Contains(sc.Text(), `name="demand.china_share"`)
	}
	res.Body.Close()
	if res.StatusCode != 200 || !found {
		t.Errorf("GET /scenario: %d, form found %v", res.StatusCode, found)
	}
	cancel()
	select {
	case c := <-code:
		if c != exitOK {
			t.Errorf("exit %d after cancellation, want 0", c)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop after cancellation")
	}
}

// serve keeps its data in the user's data directory unless --data names
// one, never in the working directory.
func TestServeDataDir(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		env  map[string]string
		goos string
		want string // "" for an error
	}{
		{"xdg", map[string]string{"XDG_DATA_HOME": "/x/data", "HOME": "/home/u"}, "linux", "/x/data/bubblelab/serve"},
		{"relative xdg ignored", map[string]string{"XDG_DATA_HOME": "data", "HOME": "/home/u"}, "linux", "/home/u/.local/share/bubblelab/serve"},
		{"home", map[string]string{"HOME": "/home/u"}, "linux", "/home/u/.local/share/bubblelab/serve"},
		{"macos", map[string]string{"HOME": "/Users/u"}, "darwin", "/Users/u/Library/Application Support/bubblelab/serve"},
		{"xdg on macos", map[string]string{"XDG_DATA_HOME": "/x", "HOME": "/Users/u"}, "darwin", "/x/bubblelab/serve"},
		{"nothing", map[string]string{}, "linux", ""},
		{"relative home", map[string]string{"HOME": "."}, "linux", ""},
	} {
		got, err := serveDataDir(envOf(c.env), c.goos)
		switch {
		case c.want == "" && (err == nil || exitCode(err) != exitBadInput || !strings.Contains(err.Error(), "--data")):
			t.Errorf("%s: %q, %v; want a bad-input error naming --data", c.name, got, err)
		case c.want != "" && (err != nil || got != c.want):
			t.Errorf("%s: %q, %v; want %q", c.name, got, err, c.want)
		}
	}
}

// Without --data the app starts in the user's data directory and says so.
func TestServeDefaultDataDir(t *testing.T) {
	xdg := t.TempDir()
	t.Setenv("XDG_DATA_HOME", xdg)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &lineWriter{lines: make(chan string, 8)}
	code := make(chan int, 1)
	go func() { code <- execute(ctx, []string{"serve", "--addr", "127.0.0.1:0"}, out, io.Discard) }()
	select {
	case line := <-out.lines:
		want := filepath.Join(xdg, "bubblelab", "serve")
		if !strings.Contains(line, "data in "+want) {
			t.Errorf("serve printed %q, want the data folder %s", line, want)
		}
		if _, err := os.Stat(want); err != nil {
			t.Error(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve printed no address")
	}
	cancel()
	select {
	case <-code:
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop after cancellation")
	}
}
