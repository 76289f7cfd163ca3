package results

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/bubblelab/bubblelab/sim"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// sampleRow exercises every column kind EncodeCSV writes and one it skips.
type sampleRow struct {
	Month   string   `json:"month" parquet:"month"`
	Value   float64  `json:"value_bn" parquet:"value_bn"`
	Count   int      `json:"count" parquet:"count"`
	Seed    uint64   `json:"seed" parquet:"seed"`
	Default bool     `json:"default" parquet:"default"`
	Skipped []string `json:"skipped" parquet:"-"`
	hidden  int
}

var sampleRows = []sampleRow{
	{Month: "2025-01", Value: 0.1, Count: 3, Seed: 1 << 63, Default: false, Skipped: []string{"x"}},
	{Month: "2025-02", Value: -1234.5678901234567, Count: -1, Seed: 0, Default: true},
	{Month: "with,comma \"quoted\"", Value: 1e-300, Count: 0, Seed: 42},
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run go test ./results -update to create): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden file:\n got: %s\nwant: %s", name, got, want)
	}
}

func TestEncodeCSVGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := EncodeCSV(&buf, sampleRows); err != nil {
		t.Fatal(err)
	}
	golden(t, "sample.csv", buf.Bytes())
}

func TestEncodeJSONLinesGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := EncodeJSONLines(&buf, sampleRows[:2]); err != nil {
		t.Fatal(err)
	}
	golden(t, "sample.jsonl", buf.Bytes())
}

func TestEncodeCSVRejectsNonStruct(t *testing.T) {
	if err := EncodeCSV(io.Discard, []float64{1}); err == nil {
		t.Fatal("EncodeCSV of []float64 succeeded; want an error")
	}
}

// Parquet must read back exactly and be byte-for-byte reproducible, so that
// reruns of a scenario can be diffed.
func TestParquetRoundTripAndDeterminism(t *testing.T) {
	var a, b bytes.Buffer
	if err := EncodeParquet(&a, sampleRows); err != nil {
		t.Fatal(err)
	}
	if err := EncodeParquet(&b, sampleRows); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two encodings of the same rows differ")
	}
	got, err := parquet.Read[sampleRow](bytes.NewReader(a.Bytes()), int64(a.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(sampleRows) {
		t.Fatalf("read %d rows, want %d", len(got), len(sampleRows))
	}
	for i, r := range got {
		w := sampleRows[i]
		if r.Month != w.Month || r.Value != w.Value || r.Count != w.Count || r.Seed != w.Seed || r.Default != w.Default {
			t.Errorf("row %d = %+v, want %+v", i, r, w)
		}
	}
}

func TestFileSetCommitsAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "a.csv")
	if err := os.WriteFile(old, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	set := NewFileSet(dir)
	set.Add("a.csv", func(w io.Writer) error { _, err := io.WriteString(w, "new\n"); return err })
	set.Add("b.csv", func(w io.Writer) error {
		io.WriteString(w, "half")
		return errors.New("disk on fire")
	})
	set.Add("sub/c.csv", func(w io.Writer) error { _, err := io.WriteString(w, "c\n"); return err })
	err := set.Commit()
	if err == nil || !strings.Contains(err.Error(), "disk on fire") || !strings.Contains(err.Error(), "b.csv") {
		t.Fatalf("Commit error = %v, want one naming b.csv and the cause", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "a.csv" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("after a failed commit the directory holds %v, want only the old a.csv", names)
	}
	if b, _ := os.ReadFile(old); string(b) != "old\n" {
		t.Errorf("a.csv = %q after failed commit, want the old content", b)
	}

	set = NewFileSet(dir)
	set.Add("a.csv", func(w io.Writer) error { _, err := io.WriteString(w, "new\n"); return err })
	set.Add("sub/c.csv", func(w io.Writer) error { _, err := io.WriteString(w, "c\n"); return err })
	if err := set.Commit(); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"a.csv": "new\n", "sub/c.csv": "c\n"} {
		if b, err := os.ReadFile(filepath.Join(dir, name)); err != nil || string(b) != want {
			t.Errorf("%s = %q, %v; want %q", name, b, err, want)
		}
	}
	entries, _ = os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("staging left behind: %s", e.Name())
		}
	}
}

// The files of a run must agree with the run: as many month rows as months
// simulated, and the same bytes for the same seed.
func TestRunFilesMatchRun(t *testing.T) {
	p := sim.BaselineParams()
	p.Months = 24
	in, err := sim.DefaultInputs()
	if err != nil {
		t.Fatal(err)
	}
	write := func(dir string) {
		res, err := sim.Run(context.Background(), p, in, 7, nil)
		if err != nil {
			t.Fatal(err)
		}
		set := NewFileSet(dir)
		RunFiles(set, res, sim.Summarize(res), []byte("months: 24\n"), nil)
		if err := set.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	d1, d2 := t.TempDir(), t.TempDir()
	write(d1)
	write(d2)

	f, err := os.Open(filepath.Join(d1, "months.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	months, err := parquet.Read[sim.MonthRecord](f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	if len(months) != p.Months {
		t.Errorf("months.parquet has %d rows, want %d", len(months), p.Months)
	}
	csvBytes, _ := os.ReadFile(filepath.Join(d1, "months.csv"))
	if n := bytes.Count(csvBytes, []byte("\n")); n != p.Months+1 {
		t.Errorf("months.csv has %d lines, want header + %d", n, p.Months)
	}
	for _, name := range []string{"months.parquet", "firms.parquet", "events.jsonl", "summary.json", "revenue_provenance.csv", "flow_matrix.csv"} {
		a, err1 := os.ReadFile(filepath.Join(d1, name))
		b, err2 := os.ReadFile(filepath.Join(d2, name))
		if err1 != nil || err2 != nil {
			t.Fatalf("read %s: %v %v", name, err1, err2)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
	}
}
