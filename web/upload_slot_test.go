package web

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// countingBody records how many bytes of a request body the server read.
type countingBody struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingBody) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

func (c *countingBody) Close() error { return nil }

// uploadRequest is a same-origin upload of data in field, sent straight to
// the handler so that the test sees every byte the server reads.
func uploadRequest(t *testing.T, path, field string, data []byte) (*http.Request, *countingBody) {
	t.Helper()
	body, ct := multipartBody(t, field, "x.csv", data, nil)
	cb := &countingBody{r: body}
	req := httptest.NewRequest(http.MethodPost, path, cb)
	req.Host = "127.0.0.1:8080"
	req.Header.Set("Origin", "http://127.0.0.1:8080")
	req.Header.Set("Content-Type", ct)
	return req, cb
}

func dealsCSV(n int) []byte {
	var b bytes.Buffer
	b.WriteString("id,date_announced,source_firm,target_firm,kind,amount_usd_bn,horizon_years\n")
	for i := range n {
		src, dst := "OpenAI", "Oracle"
		if i%2 == 1 {
			src, dst = dst, src
		}
		fmt.Fprintf(&b, "D%d,2025-01-01,%s,%s,compute_purchase,%d,5\n", i, src, dst, 1+i%7)
	}
	return b.Bytes()
}

// An upload takes its place in the queue and waits for a run slot before
// the server reads its body; beyond the queue it is refused unread. Reading
// and parsing first let 50 concurrent uploads take 3 GB.
func TestUploadTakesSlotBeforeReading(t *testing.T) {
	t.Parallel()
	// One job at a time: the test holds the only slot, so the first
	// upload is that job, waiting, and a second is beyond the queue.
	s, _, _ := newTestServer(t, Config{MaxConcurrentRuns: 1, MaxQueuedRuns: -1})
	s.slots <- struct{}{}
	queuedReq, queuedBody := uploadRequest(t, "/upload/deals", "deals", dealsCSV(20))
	queued := httptest.NewRecorder()
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.ServeHTTP(queued, queuedReq)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s.mu.Lock()
		n := s.queued
		s.mu.Unlock()
		if n == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the upload was never admitted")
		}
		time.Sleep(time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond) // time enough to read a body it should not
	if n := queuedBody.n.Load(); n != 0 {
		t.Errorf("a queued upload read %d bytes before it had a slot", n)
	}

	// The queue is full: refused without reading.
	fullReq, fullBody := uploadRequest(t, "/upload/deals", "deals", dealsCSV(20))
	full := serveWithin(t, s, fullReq, 10*time.Second)
	if full.Code != http.StatusTooManyRequests {
		t.Errorf("upload beyond the queue: %d, want 429 (%s)", full.Code, full.Body)
	}
	if n := fullBody.n.Load(); n != 0 {
		t.Errorf("a refused upload read %d bytes", n)
	}

	<-s.slots // the slot frees: the queued upload runs
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatal("the queued upload did not finish once the slot was free")
	}
	if queued.Code != http.StatusSeeOther {
		t.Errorf("queued upload: %d, want 303 (%s)", queued.Code, queued.Body)
	}
	if queuedBody.n.Load() == 0 {
		t.Error("the queued upload was never read")
	}
}

// serveWithin answers req, failing the test if that takes longer than d.
func serveWithin(t *testing.T, s *Server, req *http.Request, d time.Duration) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.ServeHTTP(rec, req)
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s %s: no answer after %v", req.Method, req.URL.Path, d)
	}
	return rec
}

// An upload refused for its content leaves no job behind and frees its
// queue place.
func TestRefusedUploadLeavesNoJob(t *testing.T) {
	t.Parallel()
	s, _, _ := newTestServer(t, Config{MaxConcurrentRuns: 1, MaxQueuedRuns: -1})
	for range 3 { // more than the one place: each refusal gave its place back
		req, _ := uploadRequest(t, "/upload/deals", "deals", []byte("id,source_firm\nX,OpenAI\n"))
		rec := serveWithin(t, s, req, 30*time.Second)
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "column") {
			t.Fatalf("bad upload: %d %s", rec.Code, rec.Body)
		}
	}
	if list := s.jobList("analysis"); len(list) != 0 {
		t.Errorf("refused uploads left jobs %+v", list)
	}
}

// The deal cap is checked by counting records before the file is parsed:
// a file over the cap is refused as too large even when a row beyond the
// cap would not parse (the parser, run first, answered with that row).
func TestUploadDealCapBeforeParsing(t *testing.T) {
	t.Parallel()
	s, _, _ := newTestServer(t, Config{})
	data := append(dealsCSV(maxUploadDeals+1), "BAD,not-a-date,OpenAI,Oracle,compute_purchase,1,5\n"...)
	req, _ := uploadRequest(t, "/upload/deals", "deals", data)
	rec := serveWithin(t, s, req, 30*time.Second)
	if rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), fmt.Sprintf("more than %d deals", maxUploadDeals)) {
		t.Errorf("%d deals: %d %s", maxUploadDeals+2, rec.Code, rec.Body)
	}
	for _, tc := range []struct {
		data  string
		limit int
		over  bool
	}{
		{"h\n1\n2\n", 2, false},
		{"h\n1\n2\n3\n", 2, true},
		{"h\n", 0, false},
		{"h\n1\n", 0, true},
		{"h\n\"a\nb\"\n2\n", 2, false}, // a quoted newline is one record
		{"h\n\"unterminated\n1\n2\n3\n", 2, false},
	} {
		if got := csvRecordsOver([]byte(tc.data), tc.limit); got != tc.over {
			t.Errorf("csvRecordsOver(%q, %d) = %v, want %v", tc.data, tc.limit, got, tc.over)
		}
	}
}
