package sweep

import (
	"context"
	"errors"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bubblelab/bubblelab/inputerr"
)

func mustPlanIn(t *testing.T, dir, name, spec string) *Plan {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	return loadPlan(t, path)
}

// Planning takes memory for the batches in flight, not for the runs: a
// sweep at the limit of 2^40 runs starts simulating at once.
func TestHugeSweepStartsAtOnce(t *testing.T) {
	p := mustPlanIn(t, t.TempDir(), "huge.yaml", "base: baseline\nset:\n  months: 12\nreplications: 1024\ndesign:\n  method: lhs\n  samples: 1073741824\n  parameters:\n    - path: demand.china_share\n      min: 0.1\n      max: 0.5\n")
	if p.Runs != MaxRuns {
		t.Fatalf("%d runs, want 2^40", p.Runs)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var first time.Duration
	var once sync.Once
	start := time.Now()
	rep, err := Run(ctx, p, Options{Dir: t.TempDir(), Workers: 2, Inputs: testInputs(t), afterRun: func(int64) {
		once.Do(func() { first = time.Since(start) })
		cancel()
	}})
	runtime.ReadMemStats(&after)
	if err == nil || !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want the interruption", err)
	}
	if first == 0 {
		t.Fatal("no run was simulated")
	}
	// One 12-month simulation takes milliseconds; the bound leaves room
	// for a loaded machine, and the old planner needed ~67 GB here.
	if first > 5*time.Second {
		t.Errorf("first run after %v", first)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<30 {
		t.Errorf("allocated %d MB before stopping", grew>>20)
	}
	if rep.Ran < 1 || rep.Parts < 1 {
		t.Errorf("report %+v: the first batch (one run) was not written", rep)
	}
}

// The batch sizes ramp up from one run, so that every attempt of a sweep
// interrupted more often than a full batch takes keeps some runs.
func TestFrequentInterruptionsMakeProgress(t *testing.T) {
	p := loadPlan(t, "testdata/small.yaml")
	dir := t.TempDir()
	done := int64(0)
	for attempt := 0; done < p.Runs; attempt++ {
		if attempt > int(p.Runs) {
			t.Fatalf("%d of %d runs after %d attempts", done, p.Runs, attempt)
		}
		ctx, cancel := context.WithCancel(context.Background())
		n := 0
		rep, err := Run(ctx, p, Options{Dir: dir, Workers: 1, BatchRuns: 8, Inputs: testInputs(t), afterRun: func(int64) {
			if n++; n == 2 {
				cancel() // interrupted during the second run's batch
			}
		}})
		cancel()
		if err != nil && !errors.Is(err, context.Canceled) {
			t.Fatal(err)
		}
		if rep.AlreadyDone != done {
			t.Fatalf("attempt %d found %d runs done, want %d", attempt, rep.AlreadyDone, done)
		}
		runs, _, _, _ := listParts(dir)
		now := partRuns(runs)
		if now == done {
			t.Fatalf("attempt %d kept no run (%d of %d done)", attempt, done, p.Runs)
		}
		done = now
	}
	got, _ := merge(t, dir)
	ref := t.TempDir()
	run(t, p, ref, Shard{}, 2, 0)
	want, _ := merge(t, ref)
	sameFiles(t, want, got)
}

func partRuns(parts []partFile) int64 {
	n := int64(0)
	for _, p := range parts {
		n += p.span.hi - p.span.lo
	}
	return n
}

// A part whose bytes were damaged is refused by merge with its name, and
// run again by resume.
func TestDamagedPartRerun(t *testing.T) {
	p := loadPlan(t, "testdata/lhs.yaml")
	dir := t.TempDir()
	run(t, p, dir, Shard{}, 2, 0)
	ref, _ := merge(t, dir)
	for _, kind := range []string{"runs", "months"} {
		t.Run(kind, func(t *testing.T) {
			runs, months, _, _ := listParts(dir)
			target := runs[1]
			if kind == "months" {
				target = months[1]
			}
			b, err := os.ReadFile(target.path)
			if err != nil {
				t.Fatal(err)
			}
			b[len(b)/2] ^= 0x55 // a flipped byte in the middle of the data
			if err := os.WriteFile(target.path, b, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err = Merge(context.Background(), MergeOptions{Dirs: []string{dir}, Out: filepath.Join(t.TempDir(), "m")})
			if !inputerr.Is(err) || !strings.Contains(err.Error(), filepath.Base(target.path)) || !strings.Contains(err.Error(), "damaged") {
				t.Fatalf("merge of a damaged part: %v", err)
			}
			var log strings.Builder
			rep, err := Run(context.Background(), p, Options{Dir: dir, Workers: 2, Inputs: testInputs(t), Log: &log})
			if err != nil {
				t.Fatal(err)
			}
			n := target.span.hi - target.span.lo
			if rep.RemovedDamaged != 1 || rep.Ran != n || rep.AlreadyDone != p.Runs-n {
				t.Errorf("resume: %+v", rep)
			}
			if !strings.Contains(log.String(), "damaged") {
				t.Errorf("log %q does not mention the damaged part", log.String())
			}
			out, _ := merge(t, dir)
			sameFiles(t, ref, out)
		})
	}
}

// Two different sweeps started into one new folder at once: one wins, the
// other stops with bad input before writing anything, and the folder is
// the winner's, whole.
func TestConcurrentDifferentSweeps(t *testing.T) {
	specs := t.TempDir()
	a := mustPlanIn(t, specs, "a.yaml", "name: a\nbase: baseline\nset:\n  months: 6\nseed: 1\n")
	b := mustPlanIn(t, specs, "b.yaml", "name: b\nbase: baseline\nset:\n  months: 6\nseed: 2\n")
	trials := 20
	if testing.Short() {
		trials = 5
	}
	for trial := range trials {
		dir := filepath.Join(t.TempDir(), "out")
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, p := range []*Plan{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = Run(context.Background(), p, Options{Dir: dir, Workers: 1, Inputs: testInputs(t)})
			}()
		}
		wg.Wait()
		winner := -1
		for i, err := range errs {
			switch {
			case err == nil:
				if winner >= 0 {
					t.Fatalf("trial %d: both sweeps ran into one folder", trial)
				}
				winner = i
			case !inputerr.Is(err) || !strings.Contains(err.Error(), "another sweep"):
				t.Fatalf("trial %d: the losing sweep failed with %v, want bad input naming the other sweep", trial, err)
			}
		}
		if winner < 0 {
			t.Fatalf("trial %d: neither sweep ran: %v", trial, errs)
		}
		got, err := LoadPlan(dir)
		if err != nil {
			t.Fatalf("trial %d: folder not valid: %v", trial, err)
		}
		if want := []*Plan{a, b}[winner]; got.Fingerprint != want.Fingerprint {
			t.Fatalf("trial %d: folder holds %s, the winner was %s", trial, got.Spec.Name, want.Spec.Name)
		}
		if _, err := Merge(context.Background(), MergeOptions{Dirs: []string{dir}, Out: filepath.Join(dir, "merged")}); err != nil {
			t.Fatalf("trial %d: merge: %v", trial, err)
		}
	}
}

// An --out that is a file is bad input.
func TestOutIsAFile(t *testing.T) {
	f := filepath.Join(t.TempDir(), "file")
	os.WriteFile(f, []byte("x"), 0o644)
	_, err := Run(context.Background(), loadPlan(t, "testdata/small.yaml"), Options{Dir: f, Inputs: testInputs(t)})
	if !inputerr.Is(err) || !strings.Contains(err.Error(), "is a file") {
		t.Errorf("got %v", err)
	}
}

// The batcher hands out every run once, in order, ramping up to the size.
func TestBatcher(t *testing.T) {
	b := &batcher{todo: []span{{0, 10}, {12, 40}}, size: 8, workers: 2}
	var got []span
	for s, ok := b.next(); ok; s, ok = b.next() {
		got = append(got, s)
	}
	want := []span{{0, 1}, {1, 2}, {2, 4}, {4, 6}, {6, 10}, {12, 16}, {16, 24}, {24, 32}, {32, 40}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}

// sweep computes; rendering HTML is the front ends' (issue: Merge wrote
// report.html). No file of the package imports report.
func TestNoReportImport(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range af.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); strings.HasPrefix(p, "github.com/bubblelab/bubblelab/report") {
				t.Errorf("%s imports %s", f, p)
			}
		}
	}
}
