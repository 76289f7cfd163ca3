package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/bubblelab/bubblelab/report"
	"github.com/bubblelab/bubblelab/report/params"
	"github.com/bubblelab/bubblelab/sim"
)

// Config sets the limits of a Server. Zero fields take the defaults below.
type Config struct {
	// DataDir holds the app's runs and uploads (created if missing). The
	// app reads and writes nothing outside it.
	DataDir string
	// MaxConcurrentRuns simulations (and uploads) run at once; default 2.
	MaxConcurrentRuns int
	// MaxQueuedRuns more may wait; beyond that a run is refused with 429.
	// Default 8; a negative value allows no queue.
	MaxQueuedRuns int
	// RunTimeout bounds one simulation or upload analysis; default 2 minutes.
	RunTimeout time.Duration
	// MaxFormBytes bounds a form post; default 256 KiB.
	MaxFormBytes int64
	// MaxUploadBytes bounds an uploaded CSV file; default 4 MiB.
	MaxUploadBytes int64
	// MaxStoredRuns is how many finished runs and uploads are kept; the
	// oldest are deleted beyond it. Default 100.
	MaxStoredRuns int
	// AllowAnyHost accepts requests whatever their Host header. Leave it
	// false on loopback: it is what stops DNS-rebinding attacks.
	AllowAnyHost bool
	// ClaimsSeed is the seed of the runs behind the claims page; default 1.
	ClaimsSeed uint64
	// Log receives one line per failed request or run; nil discards.
	Log io.Writer
}

func (c *Config) defaults() {
	if c.MaxConcurrentRuns <= 0 {
		c.MaxConcurrentRuns = 2
	}
	if c.MaxQueuedRuns < 0 {
		c.MaxQueuedRuns = 0
	} else if c.MaxQueuedRuns == 0 {
		c.MaxQueuedRuns = 8
	}
	if c.RunTimeout <= 0 {
		c.RunTimeout = 2 * time.Minute
	}
	if c.MaxFormBytes <= 0 {
		c.MaxFormBytes = 256 << 10
	}
	if c.MaxUploadBytes <= 0 {
		c.MaxUploadBytes = 4 << 20
	}
	if c.MaxStoredRuns <= 0 {
		c.MaxStoredRuns = 100
	}
	if c.ClaimsSeed == 0 {
		c.ClaimsSeed = 1
	}
}

// Server is the web app. It is an http.Handler; Close stops its runs.
type Server struct {
	cfg    Config
	root   *os.Root // DataDir, for every read
	mux    *http.ServeMux
	logger *log.Logger
	inputs sim.Inputs
	bounds map[string]params.Bounds
	// scenarios are the built-in scenarios and forms their blank forms
	// (the form page of each, rendered once: it is the largest page).
	scenarios []scenarioView
	forms     map[string][]byte

	ctx    context.Context // cancelled by Close: stops queued and running jobs
	cancel context.CancelFunc
	slots  chan struct{} // one token per concurrent run
	wg     sync.WaitGroup

	mu     sync.Mutex
	jobs   map[string]*job
	order  []string // job ids, oldest first
	queued int      // jobs admitted and not finished

	claimsMu   sync.Mutex
	claimsHTML []byte

	// runHook, when set by a test, is called by a run once it holds a
	// slot, before it simulates.
	runHook func()
}

// New returns a Server storing its data in cfg.DataDir.
func New(cfg Config) (*Server, error) {
	cfg.defaults()
	if cfg.DataDir == "" {
		return nil, errors.New("web: no data folder")
	}
	for _, d := range []string{"", runsDir, analysesDir} {
		if err := os.MkdirAll(filepath.Join(cfg.DataDir, d), 0o755); err != nil {
			return nil, fmt.Errorf("web: data folder: %w", err)
		}
	}
	root, err := os.OpenRoot(cfg.DataDir)
	if err != nil {
		return nil, fmt.Errorf("web: data folder: %w", err)
	}
	in, err := sim.DefaultInputs()
	if err != nil {
		return nil, fmt.Errorf("web: shipped data: %w", err)
	}
	out := cfg.Log
	if out == nil {
		out = io.Discard
	}
	s := &Server{cfg: cfg, root: root, inputs: in, bounds: params.AllBounds(sim.BaselineParams()),
		logger: log.New(out, "bubblelab serve: ", log.LstdFlags),
		slots:  make(chan struct{}, cfg.MaxConcurrentRuns), jobs: map[string]*job{}}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	if err := s.loadStored(); err != nil {
		root.Close()
		return nil, err
	}
	if err := s.prepareForms(); err != nil {
		root.Close()
		return nil, err
	}
	s.routes()
	return s, nil
}

// Close cancels queued and running jobs and waits for them to stop.
func (s *Server) Close() error {
	s.cancel()
	s.wg.Wait()
	return s.root.Close()
}

const (
	runsDir     = "runs"
	analysesDir = "analyses"
)

func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /{$}", s.handleHome)
	m.HandleFunc("GET /scenario", s.handleScenario)
	m.HandleFunc("POST /validate", s.handleValidate)
	m.HandleFunc("POST /runs", s.handleStartRun)
	m.HandleFunc("GET /runs/{id}", s.handleRun)
	m.HandleFunc("GET /runs/{id}/status", s.handleRunStatus)
	m.HandleFunc("GET /runs/{id}/report", s.handleRunReport)
	m.HandleFunc("GET /runs/{id}/files", s.handleRunFiles)
	m.HandleFunc("GET /runs/{id}/files/{name}", s.handleRunFile)
	m.HandleFunc("GET /runs/{id}/results.zip", s.handleRunZip)
	m.HandleFunc("GET /compare", s.handleCompare)
	m.HandleFunc("GET /claims", s.handleClaims)
	m.HandleFunc("POST /upload/deals", s.handleUploadDeals)
	m.HandleFunc("POST /upload/prices", s.handleUploadPrices)
	m.HandleFunc("GET /analyses/{id}", s.handleAnalysis)
	m.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok\n") })
	s.mux = m
}

// appPolicy is the app's Content-Security-Policy: scripts only by the
// hashes of the reports' chart scripts, blob: images and links for the
// charts' downloads.
var appPolicy = "default-src 'none'; script-src " + report.ScriptSources() + "; style-src 'unsafe-inline'; img-src data: blob:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// ServeHTTP applies the app's guards and dispatches the request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", appPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	// same-origin, not no-referrer: under no-referrer a browser sends
	// "Origin: null" even on the app's own form posts, which checkOrigin
	// refuses. Other sites still get no referrer.
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	// A bug met while answering, for example on a stored run damaged in a
	// way its loader does not check, answers 500 and is logged with its
	// trace, rather than dropping the connection with no answer.
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			s.logger.Printf("%s %s: internal error: %v\n%s", r.Method, r.URL.Path, p, debug.Stack())
			s.fail(w, r, http.StatusInternalServerError, "internal error (a bug): %v", p)
		}
	}()
	if !s.cfg.AllowAnyHost && !loopbackHost(r.Host) {
		s.fail(w, r, http.StatusForbidden, "this app answers only on a loopback address (localhost, 127.0.0.1, [::1]); got host %q", r.Host)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		if err := checkOrigin(r); err != nil {
			s.fail(w, r, http.StatusForbidden, "%v", err)
			return
		}
	}
	s.mux.ServeHTTP(w, r)
}

// checkOrigin accepts a state-changing request only when its Origin header
// names this app, as browsers send on every POST. A missing Origin is
// refused too (no browser omits it, so it is a script, which can set it),
// and so is "null", which a sandboxed frame or a file: page sends: either
// could otherwise start runs that evict the user's stored ones.
func checkOrigin(r *http.Request) error {
	o, ok := r.Header["Origin"]
	switch {
	case !ok || len(o) == 0:
		return errors.New("a request that changes state needs an Origin header naming this app (browsers send it; a script sets Origin: http://HOST:PORT)")
	case len(o) > 1:
		return errors.New("more than one Origin header")
	case !sameOrigin(o[0], r):
		return fmt.Errorf("cross-origin requests are refused (origin %q)", o[0])
	}
	return nil
}

// sameOrigin reports whether origin is the scheme and host the request
// came to.
func sameOrigin(origin string, r *http.Request) bool {
	scheme := "http://"
	if r.TLS != nil {
		scheme = "https://"
	}
	return len(origin) > len(scheme) && strings.EqualFold(origin, scheme+r.Host)
}

// loopbackHost reports whether a Host header names this machine.
func loopbackHost(host string) bool {
	h := host
	if hh, _, err := net.SplitHostPort(host); err == nil {
		h = hh
	}
	h = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// Serve answers HTTP on ln until ctx is cancelled, then shuts down
// gracefully: it stops accepting, lets requests in flight finish (up to 10
// seconds) and stops the app's runs.
func Serve(ctx context.Context, ln net.Listener, s *Server) error {
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          s.logger,
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		s.Close()
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := hs.Shutdown(shut)
	s.Close()
	if e := <-errc; e != nil && !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	return err
}

var idPattern = regexp.MustCompile(`^[0-9a-f]{16}$`)

// newID returns a random 16-hex-digit identifier.
func newID() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return hex.EncodeToString(b[:])
}

// fail answers with an error page (or plain text for clients that do
// not take HTML) and logs server errors.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if status >= 500 {
		s.logger.Printf("%s %s: %d %s", r.Method, r.URL.Path, status, msg)
	}
	if !strings.Contains(r.Header.Get("Accept"), "text/html") {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(status)
		fmt.Fprintf(w, "%d %s: %s\n", status, http.StatusText(status), msg)
		return
	}
	s.page(w, status, "error", pageData{Title: http.StatusText(status), Error: msg, Status: status})
}

// bodyError turns a body-reading error into a status: 413 when the body is
// over its limit, 400 otherwise.
func bodyError(err error) int {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusBadRequest
}

// reportLinks are the app's navigation links drawn at the top of reports.
func reportLinks(extra ...report.Link) []report.Link {
	return append([]report.Link{{Text: "bubblelab home", Href: "/"}, {Text: "New run", Href: "/scenario"}, {Text: "Claims and evidence", Href: "/claims"}}, extra...)
}
