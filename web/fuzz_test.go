package web

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// fuzzServer is one app shared by the iterations of a fuzz target.
// Its data folder belongs to the fuzz target, so that it outlives the
// iteration that created the app.
type fuzzServer struct {
	dir  string
	once sync.Once
	s    *Server
}

func newFuzzServer(f *testing.F) *fuzzServer {
	fs := &fuzzServer{dir: f.TempDir()}
	f.Cleanup(func() {
		if fs.s != nil {
			fs.s.Close()
		}
	})
	return fs
}

func (f *fuzzServer) get(t *testing.T) *Server {
	f.once.Do(func() {
		s, err := New(Config{DataDir: f.dir, MaxStoredRuns: 5, MaxUploadBytes: 64 << 10, MaxFormBytes: 64 << 10})
		if err != nil {
			t.Fatal(err)
		}
		f.s = s
	})
	return f.s
}

func serve(s *Server, req *http.Request) *httptest.ResponseRecorder {
	if req.Method == http.MethodPost {
		req.Header.Set("Origin", "http://"+req.Host)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, req)
	return w
}

// FuzzValidate posts arbitrary bodies to the scenario check: the answer is
// always 200, 400 or 413, never a crash or a 5xx.
func FuzzValidate(f *testing.F) {
	f.Add("months=24&demand.china_share=0.3")
	f.Add("_base=reindustrialisation&_seed=99")
	f.Add("export_controls.schedule[9].from=2030-01&export_controls.schedule[9].stringency=0.2")
	f.Add("compute.chip_vendor_shares.NewCo=0.1")
	f.Add("mechanisms.export_controls=false&mechanisms.export_controls=true")
	f.Add("a=%zz")
	f.Add("deals.exclude=" + strings.Repeat("D1,", 200))
	fs := newFuzzServer(f)
	f.Fuzz(func(t *testing.T, body string) {
		s := fs.get(t)
		req := httptest.NewRequest(http.MethodPost, "http://127.0.0.1/validate", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		w := serve(s, req)
		switch w.Code {
		case 200, 400, 413:
		default:
			t.Fatalf("status %d for %q: %s", w.Code, body, w.Body)
		}
	})
}

// FuzzUploadDeals uploads arbitrary files as deal CSVs.
func FuzzUploadDeals(f *testing.F) {
	f.Add([]byte("id,date_announced,source_firm,target_firm,kind,amount_usd_bn,horizon_years\nX1,2025-01-01,OpenAI,Oracle,compute_purchase,30,5\nX2,2025-02-01,Oracle,OpenAI,equity_investment,10,\n"), "OpenAI")
	f.Add([]byte("id,date_announced,source_firm,target_firm,kind,amount_usd_bn,horizon_years\nX1,2025-01-01,A,B,loan,1,\nX2,2025-01-01,B,A,loan,1,\n"), "A")
	f.Add([]byte("id,source\n"), "")
	f.Add([]byte("\xff\xfe"), "")
	fs := newFuzzServer(f)
	f.Fuzz(func(t *testing.T, data []byte, fail string) {
		s := fs.get(t)
		body, ct := multipartBody(t, "deals", "f.csv", data, map[string]string{"fail": fail})
		req := httptest.NewRequest(http.MethodPost, "http://127.0.0.1/upload/deals", body)
		req.Header.Set("Content-Type", ct)
		w := serve(s, req)
		switch w.Code {
		case 303, 400, 413, 422:
		default:
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
	})
}

// FuzzUploadPrices uploads arbitrary files as price CSVs.
func FuzzUploadPrices(f *testing.F) {
	f.Add(pricesCSV(50, func(i int) float64 { return 10 + float64(i%7) }), "")
	f.Add([]byte("date,close\n2020-01-01,1\n2020-01-01,2\n"), "close")
	f.Add([]byte("Date,Value\n2020-01,1\n"), "value")
	fs := newFuzzServer(f)
	f.Fuzz(func(t *testing.T, data []byte, column string) {
		s := fs.get(t)
		body, ct := multipartBody(t, "prices", "p.csv", data, map[string]string{"column": column})
		req := httptest.NewRequest(http.MethodPost, "http://127.0.0.1/upload/prices", body)
		req.Header.Set("Content-Type", ct)
		w := serve(s, req)
		switch w.Code {
		case 303, 400, 413, 422:
		default:
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
	})
}

// FuzzPath requests arbitrary paths: nothing outside the app's data is
// ever served and nothing crashes.
func FuzzPath(f *testing.F) {
	for _, p := range []string{"/", "/runs/0123456789abcdef/files/x", "/runs/../../etc/passwd", "/analyses/%2e%2e", "/compare?a=..&b=/", "/scenario?from=x&base=y"} {
		f.Add(p)
	}
	fs := newFuzzServer(f)
	f.Fuzz(func(t *testing.T, path string) {
		s := fs.get(t)
		req, err := http.NewRequest(http.MethodGet, "http://127.0.0.1"+path, nil)
		if err != nil || !strings.HasPrefix(path, "/") {
			return
		}
		w := serve(s, req)
		if w.Code >= 500 {
			t.Fatalf("status %d for %q", w.Code, path)
		}
		if bytes.Contains(w.Body.Bytes(), []byte("root:x:")) {
			t.Fatalf("%q served a system file", path)
		}
	})
}
