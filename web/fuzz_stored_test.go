package web

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"os"
	"path/filepath"
	"testing"
)

func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// FuzzStoredRun starts the app on a data folder holding a run whose stored
// files (meta.json, run.json.gz, report.html) are arbitrary bytes, as a
// crash or a hand edit can leave them, and asks for every page that reads
// them: the app starts, and every page answers (a damaged run may answer
// 404, or 500 when it trips a bug further down: the first seed makes
// sim.Summarize index past its data; issue 14, item 12).
func FuzzStoredRun(f *testing.F) {
	const id = "0123456789abcdef"
	f.Add([]byte(`{"kind":"run","label":"x","seq":0}`), gzipped([]byte(`{"Months":[{}],"FirmNames":["a"]}`)), []byte("<html><body>\n</body></html>"))
	f.Add([]byte(`{"kind":"run","label":"x","seq":-9223372036854775808}`), gzipped([]byte(`{"Months":null,"RevenueProvenance":[[1,2],[3]]}`)), []byte("<body>\n"))
	f.Add([]byte(`{"kind":"analysis"}`), []byte("not gzip"), []byte{})
	f.Add([]byte(`{`), gzipped([]byte(`[]`)), []byte("\x00"))
	f.Fuzz(func(t *testing.T, meta, run, page []byte) {
		dir := t.TempDir()
		rd := filepath.Join(dir, runsDir, id)
		if err := os.MkdirAll(rd, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, b := range map[string][]byte{metaFile: meta, storedRun: run, reportFile: page} {
			if err := os.WriteFile(filepath.Join(rd, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		s, err := New(Config{DataDir: dir})
		if err != nil {
			t.Fatalf("the app did not start: %v", err)
		}
		defer s.Close()
		for _, path := range []string{"/", "/runs/" + id, "/runs/" + id + "/report", "/runs/" + id + "/files", "/runs/" + id + "/status",
			"/runs/" + id + "/results.zip", "/compare", "/compare?a=" + id + "&b=" + id, "/analyses/" + id} {
			req, err := http.NewRequest(http.MethodGet, "http://127.0.0.1"+path, nil)
			if err != nil {
				t.Fatal(err)
			}
			if w := serve(s, req); w.Code == 0 {
				t.Fatalf("%s: no answer", path)
			}
		}
	})
}
