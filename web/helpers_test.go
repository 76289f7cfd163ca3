package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// newTestServer starts an app on a fresh data folder behind an httptest
// server. Redirects are not followed, so tests see them.
func newTestServer(t *testing.T, cfg Config) (*Server, *httptest.Server, *http.Client) {
	t.Helper()
	if cfg.DataDir == "" {
		cfg.DataDir = t.TempDir()
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(func() {
		ts.Close()
		s.Close()
	})
	c := ts.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c.Transport = sameOriginTransport{c.Transport, ts.URL}
	return s, ts, c
}

// sameOriginTransport sets the Origin header a browser sends on a request
// that changes state, unless the test set one (or removed it with an empty
// value).
type sameOriginTransport struct {
	next   http.RoundTripper
	origin string
}

func (t sameOriginTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if _, set := r.Header["Origin"]; !set && r.Method != http.MethodGet && r.Method != http.MethodHead {
		r = r.Clone(r.Context())
		r.Header.Set("Origin", t.origin)
	}
	if v, set := r.Header["Origin"]; set && len(v) == 1 && v[0] == "" {
		r = r.Clone(r.Context())
		r.Header.Del("Origin")
	}
	return t.next.RoundTrip(r)
}

type response struct {
	status int
	header http.Header
	body   string
}

func do(t *testing.T, c *http.Client, req *http.Request) response {
	t.Helper()
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{res.StatusCode, res.Header, string(b)}
}

func get(t *testing.T, c *http.Client, u string) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	return do(t, c, req)
}

func postForm(t *testing.T, c *http.Client, u string, v url.Values) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(v.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return do(t, c, req)
}

// multipartBody builds an upload with one file and text fields.
func multipartBody(t testing.TB, field, filename string, data []byte, text map[string]string) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range text {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if field != "" {
		fw, err := mw.CreateFormFile(field, filename)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(data)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return &buf, mw.FormDataContentType()
}

func postUpload(t *testing.T, c *http.Client, u, field, filename string, data []byte, text map[string]string) response {
	t.Helper()
	body, ct := multipartBody(t, field, filename, data, text)
	req, err := http.NewRequest(http.MethodPost, u, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", ct)
	return do(t, c, req)
}

// startRun posts a scenario and returns the run's id.
func startRun(t *testing.T, c *http.Client, base string, v url.Values) string {
	t.Helper()
	r := postForm(t, c, base+"/runs", v)
	if r.status != http.StatusSeeOther {
		t.Fatalf("POST /runs: %d %s", r.status, r.body)
	}
	loc := r.header.Get("Location")
	id := strings.TrimPrefix(loc, "/runs/")
	if !idPattern.MatchString(id) {
		t.Fatalf("POST /runs redirected to %q", loc)
	}
	return id
}

// waitRun polls a run's status until it ends and returns the final state.
func waitRun(t *testing.T, c *http.Client, base, id string) runStatus {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		r := get(t, c, base+"/runs/"+id+"/status")
		if r.status != http.StatusOK {
			t.Fatalf("status of run %s: %d %s", id, r.status, r.body)
		}
		var st runStatus
		if err := json.Unmarshal([]byte(r.body), &st); err != nil {
			t.Fatal(err)
		}
		if st.State == stateDone || st.State == stateFailed {
			return st
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("run %s did not finish within a minute", id)
	return runStatus{}
}

func short(months int) url.Values {
	return url.Values{"_base": {"baseline"}, "months": {fmt.Sprint(months)}}
}
