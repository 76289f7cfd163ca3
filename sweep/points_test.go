package sweep

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/bubblelab/bubblelab/inputerr"
	"github.com/bubblelab/bubblelab/sim"
)

func TestPointsDesign(t *testing.T) {
	p := loadPlan(t, "testdata/points.yaml")
	if p.Points != 3 || p.Runs != 6 {
		t.Fatalf("points %d runs %d, want 3 and 6", p.Points, p.Runs)
	}
	if got := []Kind{p.Params[0].Kind, p.Params[1].Kind}; got[0] != Float64 || got[1] != Int64 {
		t.Errorf("kinds %v, want double and int64 (from sim.Params)", got)
	}
	want := [][]any{{0.2, int64(6)}, {0.35, int64(9)}, {0.5, int64(12)}}
	for i, w := range want {
		v, err := p.Values(int64(i))
		if err != nil || !slices.Equal(v, w) {
			t.Errorf("point %d: %v %v, want %v", i, v, err, w)
		}
		if p.TableRow(int64(i)) != i {
			t.Errorf("point %d uses row %d", i, p.TableRow(int64(i)))
		}
	}
	q, err := p.PointParams(2)
	if err != nil || q.Demand.ChinaShare != 0.5 || q.Finance.RoundIntervalMonths != 12 {
		t.Errorf("point 2 parameters: %v %v", q.Demand.ChinaShare, err)
	}
	// Common seeds: replication r of every point shares its seed.
	if p.Seed(0) != p.Seed(2) || p.Seed(0) == p.Seed(1) {
		t.Error("common seeds are not shared by replication")
	}
	if len(p.Spec.Design.SHA256) != 64 {
		t.Errorf("sha256 %q not filled in", p.Spec.Design.SHA256)
	}
}

// A table of points is identified by its content: the same points under
// another name give the same sweep; changed points another one.
func TestPointsFingerprint(t *testing.T) {
	a := loadPlan(t, "testdata/points.yaml")
	dir := t.TempDir()
	csv, _ := os.ReadFile("testdata/points.csv")
	os.WriteFile(filepath.Join(dir, "other.csv"), csv, 0o644)
	spec, _ := os.ReadFile("testdata/points.yaml")
	os.WriteFile(filepath.Join(dir, "s.yaml"), []byte(strings.Replace(string(spec), "file: points.csv", "file: other.csv", 1)), 0o644)
	b := loadPlan(t, filepath.Join(dir, "s.yaml"))
	if a.Fingerprint != b.Fingerprint {
		t.Error("the same points under another file name changed the fingerprint")
	}
	os.WriteFile(filepath.Join(dir, "other.csv"), []byte(strings.Replace(string(csv), "0.35", "0.36", 1)), 0o644)
	c := loadPlan(t, filepath.Join(dir, "s.yaml"))
	if c.Fingerprint == a.Fingerprint {
		t.Error("changed points kept the fingerprint")
	}
	// A pinned hash refuses changed points.
	os.WriteFile(filepath.Join(dir, "p.yaml"), []byte(strings.Replace(string(spec), "file: points.csv", "file: other.csv\n  sha256: "+a.Spec.Design.SHA256, 1)), 0o644)
	s, err := LoadSpec(filepath.Join(dir, "p.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewPlan(s); err == nil || !strings.Contains(err.Error(), "points changed") {
		t.Errorf("pinned hash: %v", err)
	}
}

// Runs of a points design go through the whole engine: the folder alone
// describes the sweep (its copy of the points), merge accepts it, and
// ReadMonths gives each run's series as a direct run does.
func TestPointsRunAndReadMonths(t *testing.T) {
	p := loadPlan(t, "testdata/points.yaml")
	dir := t.TempDir()
	run(t, p, dir, Shard{0, 2}, 1, 1)
	run(t, p, dir, Shard{1, 2}, 2, 0)
	if n, err := Finished(dir); err != nil || n != p.Runs {
		t.Fatalf("Finished: %d %v, want %d", n, err, p.Runs)
	}
	stored, err := LoadPlan(dir)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Fingerprint != p.Fingerprint {
		t.Fatal("the stored plan differs")
	}
	merge(t, dir)
	runs := 0
	err = p.ReadMonths(context.Background(), []string{dir}, func(r int64, months []sim.MonthRecord) error {
		if r != int64(runs) {
			t.Fatalf("run %d where %d belongs", r, runs)
		}
		runs++
		point, _ := p.Locate(r)
		q, err := p.PointParams(point)
		if err != nil {
			return err
		}
		res, err := sim.Run(context.Background(), q, *testInputs(t), p.Seed(r), nil)
		if err != nil {
			return err
		}
		if len(months) != len(res.Months) {
			t.Fatalf("run %d: %d months, want %d", r, len(months), len(res.Months))
		}
		for i, m := range months {
			w := res.Months[i]
			if m.Month != w.Month || m.AIMarketValue != w.AIMarketValue || m.GDP != w.GDP || m.Consumption != 0 {
				t.Fatalf("run %d month %d: %+v, want %s %v %v and unkept columns zero", r, i, m, w.Month, w.AIMarketValue, w.GDP)
			}
		}
		return nil
	})
	if err != nil || runs != int(p.Runs) {
		t.Fatalf("ReadMonths: %v after %d runs", err, runs)
	}
	// An incomplete folder is refused, not read with a gap.
	parts, _ := filepath.Glob(filepath.Join(dir, "parts", "runs-*"))
	os.Remove(parts[0])
	if err := p.ReadMonths(context.Background(), []string{dir}, func(int64, []sim.MonthRecord) error { return nil }); err == nil {
		t.Error("ReadMonths of an incomplete folder succeeded")
	}
}

func writeParquetPosterior(t *testing.T, path string, share []float64, w []float64) {
	t.Helper()
	type row struct {
		Particle int64   `parquet:"particle"`
		Share    float64 `parquet:"param.demand.china_share"`
		Weight   float64 `parquet:"weight"`
	}
	rows := make([]row, len(share))
	for i := range share {
		rows[i] = row{int64(i), share[i], w[i]}
	}
	if err := parquet.WriteFile(path, rows); err != nil {
		t.Fatal(err)
	}
}

// Posterior draws follow the weights: systematic resampling draws every
// row ⌊n·w⌋ or ⌈n·w⌉ times, never a row of weight zero, and the same
// draws for the same seed.
func TestPosteriorDesign(t *testing.T) {
	dir := t.TempDir()
	share := []float64{0.1, 0.2, 0.3, 0.4, 0.5}
	w := []float64{1, 0, 2, 3.5, 1.5}
	writeParquetPosterior(t, filepath.Join(dir, "post.parquet"), share, w)
	spec := "base: baseline\nseed: 9\nreplications: 4\ndesign:\n  method: posterior\n  file: post.parquet\n  samples: 80\n"
	os.WriteFile(filepath.Join(dir, "s.yaml"), []byte(spec), 0o644)
	p := loadPlan(t, filepath.Join(dir, "s.yaml"))
	if p.Points != 80 || p.Runs != 320 || len(p.Params) != 1 || p.Params[0].Path != "demand.china_share" {
		t.Fatalf("points %d runs %d params %v", p.Points, p.Runs, p.Params)
	}
	count := make([]int, len(share))
	for k := range p.Points {
		v, _ := p.Values(k)
		i := slices.Index(share, v[0].(float64))
		if i != p.TableRow(k) {
			t.Fatalf("draw %d: value %v from row %d", k, v[0], p.TableRow(k))
		}
		count[i]++
	}
	for i, c := range count {
		exact := 80 * w[i] / 8
		if float64(c) < math.Floor(exact) || float64(c) > math.Ceil(exact) {
			t.Errorf("row %d drawn %d times, want ⌊%v⌋ or ⌈%v⌉", i, c, exact, exact)
		}
	}
	again := loadPlan(t, filepath.Join(dir, "s.yaml"))
	for k := range p.Points {
		if p.TableRow(k) != again.TableRow(k) {
			t.Fatal("the same seed drew other rows")
		}
	}
}

func TestSystematicResample(t *testing.T) {
	for _, c := range []struct {
		w []float64
		n int
	}{
		{[]float64{1}, 5},
		{[]float64{0.5, 0.5}, 3},
		{[]float64{0, 0, 1, 0}, 4},
		{[]float64{0.1, 0.2, 0.3, 0.4}, 1000},
		{[]float64{1.0 / 3, 1.0 / 3, 1.0 / 3, 0}, 7},
	} {
		for seed := range uint64(50) {
			d := SystematicResample(c.w, c.n, seed)
			if len(d) != c.n || !slices.IsSorted(d) {
				t.Fatalf("%v: draws %v", c.w, d)
			}
			for i, w := range c.w {
				k := 0
				for _, x := range d {
					if x == i {
						k++
					}
				}
				e := float64(c.n) * w
				if float64(k) < math.Floor(e+1e-9) || float64(k) > math.Ceil(e-1e-9) {
					t.Errorf("%v seed %d: row %d drawn %d times for %v expected", c.w, seed, i, k, e)
				}
			}
		}
	}
}

func TestPointsErrors(t *testing.T) {
	for _, c := range []struct {
		name, csv, spec string
		line            int
		msg             string
	}{
		{"no parameter columns", "weight\n1\n", "", 1, "no parameter columns"},
		{"not a number", "param.demand.china_share\n0.2\nabc\n", "", 3, "not a number"},
		{"not whole", "param.finance.round_interval_months\n6.5\n", "", 2, "not a whole number"},
		{"invalid value", "param.demand.china_share\n0.2\n7\n", "", 3, "china_share"},
		{"unknown parameter", "param.demand.nope\n0.2\n", "", 2, "nope"},
		{"negative weight", "param.demand.china_share,weight\n0.2,-1\n", "", 2, "weight"},
		{"zero weights", "param.demand.china_share,weight\n0.2,0\n", "\n  samples: 3", 0, "sum to 0"},
		{"no rows", "param.demand.china_share\n", "", 0, "no rows"},
		{"bare and prefixed", "demand.china_share,param.demand.china_share\n0.2,0.2\n", "", 2, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "p.csv"), []byte(c.csv), 0o644)
			method := "points"
			if c.spec != "" {
				method = "posterior"
			}
			spec := "base: baseline\ndesign:\n  method: " + method + "\n  file: p.csv" + c.spec + "\n"
			os.WriteFile(filepath.Join(dir, "s.yaml"), []byte(spec), 0o644)
			s, err := LoadSpec(filepath.Join(dir, "s.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			_, err = NewPlan(s)
			if c.name == "bare and prefixed" {
				// Only the param. column is a parameter; the other is ignored.
				if err != nil {
					t.Errorf("%v", err)
				}
				return
			}
			var ie *inputerr.Error
			if err == nil || !inputerr.Is(err) || !strings.Contains(err.Error(), c.msg) {
				t.Fatalf("got %v, want bad input containing %q", err, c.msg)
			}
			if c.line > 0 && (!errors.As(err, &ie) || !strings.Contains(err.Error(), "p.csv") || !strings.Contains(err.Error(), ":"+strconv.Itoa(c.line))) {
				t.Errorf("error %q does not name p.csv line %d", err, c.line)
			}
		})
	}
	for _, c := range []struct{ spec, msg string }{
		{"base: baseline\ndesign:\n  method: points\n", "needs file"},
		{"base: baseline\ndesign:\n  method: posterior\n  file: x.csv\n", "needs samples"},
		{"base: baseline\ndesign:\n  method: points\n  file: x.csv\n  samples: 3\n", "takes no samples"},
		{"base: baseline\ndesign:\n  method: lhs\n  samples: 3\n  file: x.csv\n  parameters:\n    - {path: demand.china_share, min: 0, max: 1}\n", "points and posterior only"},
		{"base: baseline\ndesign:\n  method: points\n  file: x.csv\n  parameters:\n    - {path: demand.china_share, values: [1]}\n", "columns of design.file"},
		{"base: baseline\ndesign:\n  method: points\n  file: x.csv\n  sha256: abc\n", "not a hex SHA-256"},
	} {
		if _, err := ParseSpec([]byte(c.spec), "s.yaml"); err == nil || !inputerr.Is(err) || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%q: %v, want %q", c.spec, err, c.msg)
		}
	}
}
