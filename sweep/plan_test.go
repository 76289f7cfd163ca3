package sweep

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/bubblelab/bubblelab/sweep/qmc"
)

func mustPlan(t testing.TB, yaml string) *Plan {
	t.Helper()
	s, err := ParseSpec([]byte(yaml), "spec.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPlan(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// RunSeed is SplitMix64: stream s of master m is output s of the
// generator whose state starts at Mix64(m). These vectors pin the
// documented derivation (docs/sweep.md); changing it would change every
// sweep's results.
func TestRunSeed(t *testing.T) {
	for _, master := range []uint64{0, 1, 20251129} {
		state := qmc.Mix64(master)
		for s := range uint64(5) {
			// SplitMix64's next(): advance the state by γ, then finalise;
			// Mix64 adds γ itself, so output s finalises state + s·γ + γ.
			want := qmc.Mix64(state + s*Golden)
			if got := RunSeed(master, s); got != want {
				t.Errorf("RunSeed(%d, %d) = %#x, want %#x", master, s, got, want)
			}
		}
	}
	if got := fmt.Sprintf("%#x %#x %#x", RunSeed(0, 0), RunSeed(1, 0), RunSeed(7, 3)); got != runSeedVectors {
		t.Errorf("RunSeed vectors changed: %s, want %s", got, runSeedVectors)
	}
}

// Shards partition the runs: contiguous, in order, sizes within one of
// each other, and Owner inverts Range.
func TestShardRange(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		runs := rng.Int64N(5000)
		count := 1 + rng.IntN(64)
		at := int64(0)
		minSize, maxSize := int64(math.MaxInt64), int64(0)
		for i := range count {
			lo, hi := Shard{i, count}.Range(runs)
			if lo != at || hi < lo {
				t.Fatalf("runs %d, %d shards: shard %d is [%d, %d) after %d", runs, count, i, lo, hi, at)
			}
			minSize, maxSize = min(minSize, hi-lo), max(maxSize, hi-lo)
			for r := lo; r < hi; r++ {
				if o := (Shard{Count: count}).Owner(r, runs); o != i {
					t.Fatalf("Owner(%d) = %d, want %d", r, o, i)
				}
			}
			at = hi
		}
		if at != runs || maxSize-minSize > 1 {
			t.Fatalf("runs %d, %d shards: end %d, sizes %d..%d", runs, count, at, minSize, maxSize)
		}
	}
	// Huge sweeps do not overflow.
	lo, hi := Shard{999, 1000}.Range(MaxRuns)
	if hi != MaxRuns || hi-lo != MaxRuns/1000 && hi-lo != MaxRuns/1000+1 {
		t.Errorf("last shard of MaxRuns: [%d, %d)", lo, hi)
	}
}

func TestParseShard(t *testing.T) {
	for _, c := range []struct {
		in string
		ok bool
	}{{"0/1", true}, {"3/4", true}, {"4/4", false}, {"-1/4", false}, {"1/0", false}, {"a/2", false}, {"1", false}, {"01/4", false}, {"1/4 ", false}} {
		_, err := ParseShard(c.in)
		if (err == nil) != c.ok {
			t.Errorf("ParseShard(%q): %v", c.in, err)
		}
	}
}

// Grid points enumerate the cartesian product, the last parameter fastest.
func TestGridValues(t *testing.T) {
	p := mustPlan(t, "base: baseline\nreplications: 2\ndesign:\n  method: grid\n  parameters:\n    - path: demand.china_share\n      values: [0.1, 0.2, 0.3]\n    - path: mechanisms.export_controls\n      values: [true, false]\n")
	if p.Points != 6 || p.Runs != 12 {
		t.Fatalf("points %d runs %d", p.Points, p.Runs)
	}
	var got []string
	for pt := range p.Points {
		v, err := p.Values(pt)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprint(v))
	}
	want := "[[0.1 true] [0.1 false] [0.2 true] [0.2 false] [0.3 true] [0.3 false]]"
	if fmt.Sprint(got) != want {
		t.Errorf("grid %v, want %v", got, want)
	}
	if p.Params[1].Kind != Bool || p.Params[0].Kind != Float64 {
		t.Errorf("kinds %v", p.Params)
	}
	q, err := p.PointParams(3)
	if err != nil {
		t.Fatal(err)
	}
	if q.Demand.ChinaShare != 0.2 || q.Mechanisms.ExportControls {
		t.Errorf("point 3 params: china %v, controls %v", q.Demand.ChinaShare, q.Mechanisms.ExportControls)
	}
	if pt, r := p.Locate(7); pt != 3 || r != 1 {
		t.Errorf("Locate(7) = %d, %d", pt, r)
	}
}

// Latin hypercube points put one point in each of the Samples strata of
// every range (log scale: strata of the log), and whole-number parameters
// get whole numbers in range.
func TestLHSValues(t *testing.T) {
	p := mustPlan(t, "base: baseline\ndesign:\n  method: lhs\n  samples: 40\n  parameters:\n    - path: demand.china_share\n      min: 0.1\n      max: 0.5\n    - path: deals.scale\n      min: 0.5\n      max: 2\n      scale: log\n    - path: finance.round_interval_months\n      min: 3\n      max: 9\n")
	seen := [2]map[int]bool{{}, {}}
	for pt := range p.Points {
		v, _ := p.Values(pt)
		a, b, c := v[0].(float64), v[1].(float64), v[2].(int64)
		seen[0][int((a-0.1)/0.4*40)] = true
		seen[1][int(math.Log(b/0.5)/math.Log(4)*40)] = true
		if c < 3 || c > 9 {
			t.Errorf("whole-number parameter %d outside [3, 9]", c)
		}
	}
	if len(seen[0]) != 40 || len(seen[1]) != 40 {
		t.Errorf("strata hit: %d and %d of 40", len(seen[0]), len(seen[1]))
	}
}

// Saltelli points: A_j, AB_1j..AB_kj, B_j; AB_ij is A_j with column i from
// B_j; common seeds are shared by the rows of a base sample.
func TestSaltelliValues(t *testing.T) {
	p := mustPlan(t, "base: baseline\nreplications: 2\ndesign:\n  method: saltelli\n  samples: 8\n  parameters:\n    - path: demand.china_share\n      min: 0\n      max: 1\n    - path: demand.consumer_lab_share\n      min: 0\n      max: 1\n    - path: demand.consumer_income_cap\n      min: 0\n      max: 1\n")
	const k = 3
	if p.Points != 8*(k+2) || p.Spec.Seeds != Common {
		t.Fatalf("points %d seeds %s", p.Points, p.Spec.Seeds)
	}
	seq, _ := qmc.NewSobol(2 * k)
	u := make([]float64, 2*k)
	for j := range int64(8) {
		seq.Point(uint32(j), u)
		a, _ := p.Values(j * (k + 2))
		b, _ := p.Values(j*(k+2) + k + 1)
		for c := range k {
			if a[c] != u[c] || b[c] != u[k+c] {
				t.Fatalf("sample %d: A %v B %v, Sobol point %v", j, a, b, u)
			}
		}
		for i := range k {
			ab, _ := p.Values(j*(k+2) + int64(i) + 1)
			for c := range k {
				want := a[c]
				if c == i {
					want = b[c]
				}
				if ab[c] != want {
					t.Errorf("AB_%d sample %d column %d = %v, want %v", i+1, j, c, ab[c], want)
				}
			}
		}
		for r := range int64(2) {
			seed := p.Seed((j*(k+2))*2 + r)
			for row := range int64(k + 2) {
				if s := p.Seed((j*(k+2)+row)*2 + r); s != seed {
					t.Errorf("sample %d row %d replication %d: seed %d, A has %d", j, row, r, s, seed)
				}
			}
		}
	}
	if p.Seed(0) == p.Seed(1) || p.Seed(0) == p.Seed(int64(k+2)*2) {
		t.Error("replications or base samples share seeds")
	}
}

// Independent seeds differ for every run; common seeds repeat across points.
func TestSeedSchemes(t *testing.T) {
	ind := mustPlan(t, "base: baseline\nreplications: 3\ndesign:\n  method: grid\n  parameters:\n    - path: demand.china_share\n      values: [0.1, 0.2]\n")
	com := mustPlan(t, "base: baseline\nreplications: 3\nseeds: common\ndesign:\n  method: grid\n  parameters:\n    - path: demand.china_share\n      values: [0.1, 0.2]\n")
	seen := map[uint64]bool{}
	for run := range ind.Runs {
		seen[ind.Seed(run)] = true
		if run < 3 && com.Seed(run) != com.Seed(run+3) {
			t.Errorf("common seeds: run %d and %d differ", run, run+3)
		}
		if ind.Seed(run) != RunSeed(0, uint64(run)) {
			t.Errorf("run %d seed", run)
		}
	}
	if len(seen) != 6 {
		t.Errorf("independent seeds repeat: %d distinct of 6", len(seen))
	}
}

// The fingerprint ignores where the base came from but not what it is.
func TestFingerprint(t *testing.T) {
	a := mustPlan(t, "base: baseline\nset:\n  months: 12\n")
	b := mustPlan(t, "base: baseline\nset:\n  months: 12\n")
	c := mustPlan(t, "base: baseline\nset:\n  months: 13\n")
	d := mustPlan(t, "base: baseline\nseed: 1\nset:\n  months: 12\n")
	if a.Fingerprint != b.Fingerprint || a.Fingerprint == c.Fingerprint || a.Fingerprint == d.Fingerprint {
		t.Errorf("fingerprints %s %s %s %s", a.Fingerprint, b.Fingerprint, c.Fingerprint, d.Fingerprint)
	}
}

// runSeedVectors are RunSeed(0, 0), RunSeed(1, 0) and RunSeed(7, 3) as
// computed by the definition in TestRunSeed.
const runSeedVectors = "0xa706dd2f4d197e6f 0x5e41ab087439611e 0x9aaf21d8296e1e3d"
