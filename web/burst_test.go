package web

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// A burst of concurrent requests, valid and malformed, gets only the
// answers the app documents (no 5xx), runs beyond the queue are refused
// with 429, every admitted run finishes, and the app still answers.
func TestBurst(t *testing.T) {
	t.Parallel()
	s, ts, _ := newTestServer(t, Config{MaxConcurrentRuns: 2, MaxQueuedRuns: 4, MaxFormBytes: 16 << 10})
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr, Timeout: 60 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	type kind struct {
		name    string
		req     func() *http.Request
		allowed []int
	}
	form := func(path string, v url.Values) func() *http.Request {
		return func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, ts.URL+path, strings.NewReader(v.Encode()))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r.Header.Set("Origin", ts.URL)
			return r
		}
	}
	getReq := func(path string) func() *http.Request {
		return func() *http.Request { r, _ := http.NewRequest(http.MethodGet, ts.URL+path, nil); return r }
	}
	kinds := []kind{
		{"home", getReq("/"), []int{200}},
		{"form", getReq("/scenario"), []int{200}},
		{"validate", form("/validate", short(24)), []int{200}},
		{"bad value", form("/validate", url.Values{"demand.china_share": {"x"}}), []int{400}},
		{"oversized", form("/validate", url.Values{"name": {strings.Repeat("a", 20<<10)}}), []int{413}},
		{"traversal", getReq("/runs/..%2F..%2Fetc%2Fpasswd"), []int{404}},
		{"run", form("/runs", short(12)), []int{303, 429}},
		{"bad upload", func() *http.Request {
			body, ct := multipartBody(t, "deals", "x.csv", []byte("garbage"), nil)
			r, _ := http.NewRequest(http.MethodPost, ts.URL+"/upload/deals", body)
			r.Header.Set("Content-Type", ct)
			r.Header.Set("Origin", ts.URL)
			return r
		}, []int{400, 429}}, // an upload takes a queue place before it is read
	}
	const n = 240
	var mu sync.Mutex
	counts := map[string]map[int]int{}
	var runs []string
	var wg sync.WaitGroup
	for i := range n {
		k := kinds[i%len(kinds)]
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := c.Do(k.req())
			if err != nil {
				t.Errorf("%s: %v", k.name, err)
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			mu.Lock()
			defer mu.Unlock()
			if counts[k.name] == nil {
				counts[k.name] = map[int]int{}
			}
			counts[k.name][res.StatusCode]++
			if res.StatusCode == http.StatusSeeOther {
				runs = append(runs, strings.TrimPrefix(res.Header.Get("Location"), "/runs/"))
			}
			ok := false
			for _, a := range k.allowed {
				ok = ok || a == res.StatusCode
			}
			if !ok {
				t.Errorf("%s: status %d, want one of %v", k.name, res.StatusCode, k.allowed)
			}
		}()
	}
	wg.Wait()
	t.Logf("answers by kind and status: %v", counts)
	if len(runs) == 0 || len(runs) > n/len(kinds) {
		t.Errorf("%d runs admitted", len(runs))
	}
	if counts["run"][429] == 0 {
		t.Log("no run was refused: the runs finished faster than they arrived")
	}
	for _, id := range runs {
		if st := waitRun(t, c, ts.URL, id); st.State != stateDone {
			t.Errorf("run %s ended %s: %s", id, st.State, st.Error)
		}
	}
	s.mu.Lock()
	q := s.queued
	s.mu.Unlock()
	if q != 0 {
		t.Errorf("%d jobs still counted as queued", q)
	}
	if r := get(t, c, ts.URL+"/healthz"); r.status != 200 {
		t.Errorf("after the burst: %d", r.status)
	}
}
