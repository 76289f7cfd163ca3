package sweep

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/bubblelab/bubblelab/inputerr"
)

// Fuzz targets for the sweep's inputs beyond the spec's syntax (issue 14,
// item 12): a resolved spec, the --shard flag, a folder's sweep.json and its
// Parquet parts. Each must give an error or a valid value, never a panic.

// isInput reports whether err is bad input, which the CLI reports as exit 2.
func isInput(err error) bool {
	var ie *inputerr.Error
	return errors.As(err, &ie) || inputerr.Is(err)
}

func FuzzParseShard(f *testing.F) {
	for _, s := range []string{"0/1", "3/4", "4/4", "-1/4", "0/0", "01/4", "0/16777216", "0/16777217", "1/ 2", "9223372036854775807/9223372036854775807", "a/b", "/", ""} {
		f.Add(s, int64(1000))
	}
	f.Fuzz(func(t *testing.T, s string, runs int64) {
		sh, err := ParseShard(s)
		if err != nil {
			if !isInput(err) {
				t.Fatalf("%q: error is not bad input: %v", s, err)
			}
			return
		}
		if sh.String() != s {
			t.Fatalf("%q parsed as %v", s, sh)
		}
		if runs < 0 || runs > MaxRuns {
			return
		}
		lo, hi := sh.Range(runs)
		if lo < 0 || lo > hi || hi > runs {
			t.Fatalf("shard %v of %d runs: range [%d, %d)", sh, runs, lo, hi)
		}
		if lo < hi {
			if o := sh.Owner(lo, runs); o != sh.Index {
				t.Fatalf("shard %v of %d runs: run %d owned by %d", sh, runs, lo, o)
			}
		}
	})
}

// FuzzResolveSpec resolves parsed specs against their base: the plan's
// runs are within the limit and its first and last points have values.
func FuzzResolveSpec(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.yaml")
	for _, p := range files {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
	f.Add([]byte("base: baseline\nreplications: 1024\ndesign:\n  method: lhs\n  samples: 1073741824\n  parameters:\n    - path: demand.china_share\n      min: 0.1\n      max: 0.5\n"))
	f.Add([]byte("base: baseline\ndesign:\n  method: grid\n  parameters:\n    - path: months\n      values: [0, -1, 1e9]\n"))
	f.Add([]byte("base: baseline\ndesign:\n  method: saltelli\n  samples: 3\n  parameters:\n    - path: demand.china_share\n      min: 0.5\n      max: 0.1\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		spec, err := ParseSpec(b, "fuzz.yaml")
		if err != nil {
			return // FuzzParseSpec checks these errors
		}
		p, err := NewPlan(spec)
		if err != nil {
			if !isInput(err) {
				t.Fatalf("resolve: error is not bad input: %v", err)
			}
			return
		}
		if p.Runs < 1 || p.Runs > MaxRuns {
			t.Fatalf("%d runs", p.Runs)
		}
		for _, run := range []int64{0, p.Runs - 1} {
			point, _ := p.Locate(run)
			if _, err := p.Values(point); err != nil && !isInput(err) {
				t.Fatalf("values of point %d: %v", point, err)
			}
		}
	})
}

// FuzzLoadPlan opens a sweep folder whose sweep.json and sweep.yaml are
// arbitrary bytes, as merge and resume do.
func FuzzLoadPlan(f *testing.F) {
	spec, _ := os.ReadFile("testdata/small.yaml")
	if p, err := ParseSpec(spec, "small.yaml"); err == nil {
		if plan, err := NewPlan(p); err == nil {
			if man, err := json.Marshal(plan.Manifest()); err == nil {
				f.Add(man, spec)
			}
		}
	}
	f.Add([]byte(`{"format": 1, "fingerprint": "x"}`), spec)
	f.Add([]byte(`{"format": 99}`), spec)
	f.Add([]byte(`[]`), []byte("base: nosuch\n"))
	f.Add([]byte("\xff"), []byte{})
	f.Fuzz(func(t *testing.T, manifest, specYAML []byte) {
		dir := t.TempDir()
		for name, b := range map[string][]byte{"sweep.json": manifest, "sweep.yaml": specYAML} {
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := LoadPlan(dir); err != nil && !isInput(err) {
			t.Fatalf("error is not bad input: %v", err)
		}
	})
}

// FuzzRunsPart reads a runs part whose bytes are arbitrary (a real part
// and damaged copies of it as seeds), as merge does after the checksum.
func FuzzRunsPart(f *testing.F) {
	p := loadPlan(f, "testdata/small.yaml")
	dir := f.TempDir()
	run(f, p, dir, Shard{}, 1, 0)
	runs, _, _, err := listParts(dir)
	if err != nil || len(runs) == 0 {
		f.Fatalf("no runs part: %v", err)
	}
	good, err := os.ReadFile(runs[0].path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	for _, at := range []int{0, 4, len(good) / 2, len(good) - 9, len(good) - 1} {
		bad := append([]byte(nil), good...)
		bad[at] ^= 0x55
		f.Add(bad)
	}
	f.Add(good[:len(good)/2])
	f.Add([]byte("PAR1PAR1"))
	span := runs[0].span
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(t.TempDir(), partName("runs", span))
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		n := int64(0)
		err := eachRow([]partFile{{path: path, kind: "runs", span: span}}, p.RunColumns(), p.Fingerprint, true, func(Row) error { n++; return nil })
		if err == nil && n != span.hi-span.lo {
			t.Fatalf("read %d rows of a part of %d runs without an error", n, span.hi-span.lo)
		}
	})
}
