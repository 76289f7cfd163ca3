package sweep

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bubblelab/bubblelab/inputerr"
	"github.com/bubblelab/bubblelab/sim"
	"github.com/bubblelab/bubblelab/sweep/sensitivity"
)

var (
	inputsOnce sync.Once
	inputs     sim.Inputs
	inputsErr  error
)

func testInputs(t testing.TB) *sim.Inputs {
	inputsOnce.Do(func() { inputs, inputsErr = sim.DefaultInputs() })
	if inputsErr != nil {
		t.Fatal(inputsErr)
	}
	return &inputs
}

func loadPlan(t testing.TB, file string) *Plan {
	t.Helper()
	s, err := LoadSpec(file)
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPlan(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func run(t testing.TB, p *Plan, dir string, sh Shard, workers, batch int) *Report {
	t.Helper()
	rep, err := Run(context.Background(), p, Options{Dir: dir, Shard: sh, Workers: workers, BatchRuns: batch, Inputs: testInputs(t)})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func merge(t testing.TB, dirs ...string) (string, *Aggregate) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "merged")
	m, err := Merge(context.Background(), MergeOptions{Dirs: dirs, Out: out, CSV: true, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	agg := m.Aggregate
	return out, agg
}

// sameFiles checks that two folders hold the same files, byte for byte.
func sameFiles(t *testing.T, a, b string) {
	t.Helper()
	ea, _ := os.ReadDir(a)
	eb, _ := os.ReadDir(b)
	if len(ea) != len(eb) || len(ea) == 0 {
		t.Fatalf("%s has %d files, %s has %d", a, len(ea), b, len(eb))
	}
	for i := range ea {
		x, _ := os.ReadFile(filepath.Join(a, ea[i].Name()))
		y, _ := os.ReadFile(filepath.Join(b, eb[i].Name()))
		if ea[i].Name() != eb[i].Name() || !bytes.Equal(x, y) {
			t.Errorf("%s differs from %s", filepath.Join(a, ea[i].Name()), filepath.Join(b, eb[i].Name()))
		}
	}
}

// The merged results are the same bytes whether the sweep ran on one
// worker, on two with one run per part, as four shards into one folder, or
// as three shards into three folders.
func TestMergeIndependentOfWorkersAndShards(t *testing.T) {
	for _, spec := range []string{"testdata/small.yaml", "testdata/lhs.yaml"} {
		t.Run(filepath.Base(spec), func(t *testing.T) {
			p := loadPlan(t, spec)
			one := t.TempDir()
			run(t, p, one, Shard{}, 1, 0)
			ref, agg := merge(t, one)
			if agg.Sweep.Runs != p.Runs || len(agg.Measures) < 10 {
				t.Fatalf("aggregate: %+v", agg.Sweep)
			}

			two := t.TempDir()
			run(t, p, two, Shard{}, 2, 1)
			out, _ := merge(t, two)
			sameFiles(t, ref, out)

			shared := t.TempDir()
			for i := 3; i >= 0; i-- {
				run(t, p, shared, Shard{i, 4}, 2, 0)
			}
			out, _ = merge(t, shared)
			sameFiles(t, ref, out)

			var dirs []string
			for i := range 3 {
				d := t.TempDir()
				run(t, p, d, Shard{i, 3}, 1, 2)
				dirs = append(dirs, d)
			}
			out, _ = merge(t, dirs...)
			sameFiles(t, ref, out)
		})
	}
}

// A rerun finds every run done and simulates nothing; stray temporary
// files and month parts without their runs part are removed.
func TestResumeKeepsAndCleans(t *testing.T) {
	p := loadPlan(t, "testdata/lhs.yaml")
	dir := t.TempDir()
	run(t, p, dir, Shard{}, 2, 0)
	ref, _ := merge(t, dir)
	runs, _, _, _ := listParts(dir)
	if len(runs) < 3 {
		t.Fatalf("%d parts", len(runs))
	}

	// Lose one batch, leave a half-written temporary file and an orphaned
	// month part as a kill between the two renames would.
	parts := filepath.Join(dir, partsDir)
	lost := runs[2]
	if err := os.Remove(lost.path); err != nil {
		t.Fatal(err)
	}
	n := lost.span.hi - lost.span.lo
	tmp := filepath.Join(parts, "."+partName("runs", lost.span)+".tmp-123")
	os.WriteFile(tmp, []byte("PAR1 half"), 0o644)
	rep := run(t, p, dir, Shard{}, 2, 0)
	if rep.Ran != n || rep.AlreadyDone != p.Runs-n || rep.RemovedTemp != 1 || rep.RemovedOrphans != 1 {
		t.Errorf("resume: %+v", rep)
	}
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Error("temporary file left")
	}
	out, _ := merge(t, dir)
	sameFiles(t, ref, out)

	rep = run(t, p, dir, Shard{}, 1, 0)
	if rep.Ran != 0 || rep.AlreadyDone != p.Runs {
		t.Errorf("complete sweep rerun: %+v", rep)
	}
	out, _ = merge(t, dir)
	sameFiles(t, ref, out)
}

// A folder belongs to one sweep.
func TestOtherSweepSameFolder(t *testing.T) {
	dir := t.TempDir()
	run(t, loadPlan(t, "testdata/small.yaml"), dir, Shard{0, 10}, 1, 0)
	_, err := Run(context.Background(), loadPlan(t, "testdata/lhs.yaml"), Options{Dir: dir, Inputs: testInputs(t)})
	if !inputerr.Is(err) || !strings.Contains(err.Error(), "another sweep") {
		t.Errorf("got %v", err)
	}
}

// Merge names the missing runs and their shards, and rejects duplicates.
func TestMergeCoverage(t *testing.T) {
	p := loadPlan(t, "testdata/small.yaml")
	dir := t.TempDir()
	for _, i := range []int{0, 1, 3} {
		run(t, p, dir, Shard{i, 4}, 1, 0)
	}
	_, err := Merge(context.Background(), MergeOptions{Dirs: []string{dir}, Out: filepath.Join(dir, "m")})
	var ce *CoverageError
	if !errors.As(err, &ce) {
		t.Fatalf("got %v", err)
	}
	lo, hi := Shard{2, 4}.Range(p.Runs)
	if len(ce.Missing) != 1 || ce.Missing[0].First != lo || ce.Missing[0].End != hi || len(ce.Missing[0].Shards) != 1 || ce.Missing[0].Shards[0] != (Shard{2, 4}) {
		t.Errorf("missing %+v", ce.Missing)
	}
	if !strings.Contains(err.Error(), "--shard 2/4") {
		t.Errorf("message %q does not name the shard to rerun", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "m")); !os.IsNotExist(err) {
		t.Error("a failed merge wrote output")
	}

	// The same runs in two folders are duplicates.
	other := t.TempDir()
	run(t, p, other, Shard{0, 1}, 2, 0)
	run(t, p, dir, Shard{2, 4}, 1, 0)
	_, err = Merge(context.Background(), MergeOptions{Dirs: []string{dir, other}, Out: filepath.Join(dir, "m")})
	if !errors.As(err, &ce) || len(ce.Duplicates) == 0 {
		t.Errorf("duplicates: %v", err)
	}
}

// The monthly series are kept when asked, for every run, in run order.
func TestMonthsOutput(t *testing.T) {
	p := loadPlan(t, "testdata/lhs.yaml")
	dir := t.TempDir()
	run(t, p, dir, Shard{}, 2, 0)
	out, _ := merge(t, dir)
	tf, err := openTable(filepath.Join(out, "months.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	defer tf.close()
	if names := strings.Join(names(tf.cols), ","); names != "run,month,ai_market_value,gdp" {
		t.Errorf("columns %s", names)
	}
	n := int64(0)
	tf.each(func(r Row) error {
		if r[0].Int64() != n/12 {
			t.Fatalf("row %d is run %d", n, r[0].Int64())
		}
		n++
		return nil
	})
	if n != p.Runs*12 {
		t.Errorf("%d month rows, want %d", n, p.Runs*12)
	}
}

// The merge's Sobol bookkeeping (which run is A_j, B_j, AB_ij) is right:
// fed the Ishigami function of each point's parameters instead of the
// model, it recovers the analytic indices.
func TestSaltelliAccumulator(t *testing.T) {
	p := mustPlan(t, "base: baseline\nreplications: 1\ndesign:\n  method: saltelli\n  samples: 4096\n  bootstrap: 100\n  parameters:\n    - path: demand.china_share\n      min: 0\n      max: 1\n    - path: demand.consumer_lab_share\n      min: 0\n      max: 1\n    - path: demand.consumer_income_cap\n      min: 0\n      max: 1\n")
	acc := &accumulator{plan: p, cols: []Column{{"ishigami", Float64}}, measures: []int{0}, burstCol: -1, n: p.Runs}
	vals := make([]float64, p.Runs)
	x := make([]float64, 3)
	for run := range p.Runs {
		v, _ := p.Values(run)
		for i := range x {
			x[i] = -math.Pi + 2*math.Pi*v[i].(float64)
		}
		vals[run] = math.Sin(x[0]) + 7*math.Pow(math.Sin(x[1]), 2) + 0.1*math.Pow(x[2], 4)*math.Sin(x[0])
	}
	acc.values = [][]float64{vals}
	s, err := acc.sobol(2)
	if err != nil {
		t.Fatal(err)
	}
	first := []float64{0.3139, 0.4424, 0}
	total := []float64{0.5576, 0.4424, 0.2437}
	for i, ix := range s.Outputs[0].Indices {
		if math.Abs(ix.First-first[i]) > 0.02 || math.Abs(ix.Total-total[i]) > 0.02 {
			t.Errorf("%s: S %.4f ST %.4f, analytic %.4f %.4f", ix.Parameter, ix.First, ix.Total, first[i], total[i])
		}
	}
	_ = sensitivity.Quantile
}

// A Saltelli sweep of the model merges into Sobol indices for every
// measure and the burst indicator.
func TestSaltelliSweep(t *testing.T) {
	p := loadPlan(t, "testdata/saltelli.yaml")
	dir := t.TempDir()
	run(t, p, dir, Shard{}, 2, 0)
	out, agg := merge(t, dir)
	if agg.Sobol == nil || len(agg.Sobol.Outputs) != len(agg.Measures)+1 {
		t.Fatalf("sobol: %+v", agg.Sobol)
	}
	withIndices := 0
	for _, o := range agg.Sobol.Outputs {
		if len(o.Indices) == 2 {
			withIndices++
		}
	}
	if withIndices == 0 {
		t.Error("no output has indices")
	}
	if _, err := os.Stat(filepath.Join(out, "sobol.csv")); err != nil {
		t.Error(err)
	}
}

// killHelperEnv makes the test binary run a sweep instead of the tests.
const killHelperEnv = "BUBBLELAB_SWEEP_KILL_HELPER"

// TestKillHelper is the sweep the kill test runs in a subprocess.
func TestKillHelper(t *testing.T) {
	dir := os.Getenv(killHelperEnv)
	if dir == "" {
		t.Skip("helper process for TestSIGKILLResume")
	}
	p := loadPlan(t, "testdata/kill.yaml")
	if _, err := Run(context.Background(), p, Options{Dir: dir, Workers: 2, BatchRuns: 2, Inputs: testInputs(t)}); err != nil {
		t.Fatal(err)
	}
}

// A sweep killed with SIGKILL part-way and rerun loses no finished run and
// duplicates none: its merge equals an uninterrupted sweep's.
func TestSIGKILLResume(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocess")
	}
	p := loadPlan(t, "testdata/kill.yaml")
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), killHelperEnv+"="+dir)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once a few batches are on disk, in the middle of others.
	deadline := time.Now().Add(60 * time.Second)
	for {
		runs, _, _, _ := listParts(dir)
		if len(runs) >= 3 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("no parts after 60 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if st, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !st.Signaled() || st.Signal() != syscall.SIGKILL {
		t.Fatalf("helper was not killed by SIGKILL: %v (it may have finished first; make testdata/kill.yaml longer)", cmd.ProcessState)
	}
	runs, _, _, _ := listParts(dir)
	done := int64(0)
	for _, r := range runs {
		done += r.span.hi - r.span.lo
	}
	if done == 0 || done >= p.Runs {
		t.Fatalf("%d of %d runs done at the kill", done, p.Runs)
	}
	rep := run(t, p, dir, Shard{}, 2, 0)
	if rep.AlreadyDone != done || rep.Ran != p.Runs-done {
		t.Errorf("resume: %d already done (parts held %d), %d run now", rep.AlreadyDone, done, rep.Ran)
	}
	t.Logf("killed with %d of %d runs in %d parts; resume ran %d and removed %d temporary files", done, p.Runs, len(runs), rep.Ran, rep.RemovedTemp)
	got, _ := merge(t, dir)
	ref := t.TempDir()
	run(t, p, ref, Shard{}, 1, 0)
	want, _ := merge(t, ref)
	sameFiles(t, want, got)
}

// outputs.counterfactual runs each run's no-burst twin (sim.RunWithTwins)
// and passes the comparison to sim.Metrics.
func TestCounterfactualOutput(t *testing.T) {
	spec := "base: baseline\nset:\n  months: 60\nreplications: 2\noutputs:\n  counterfactual: %v\n"
	with := mustPlan(t, strings.Replace(spec, "%v", "true", 1))
	without := mustPlan(t, strings.Replace(spec, "%v", "false", 1))
	if with.Fingerprint == without.Fingerprint {
		t.Fatal("counterfactual does not change the fingerprint")
	}
	d1, d2 := t.TempDir(), t.TempDir()
	run(t, with, d1, Shard{}, 2, 0)
	run(t, without, d2, Shard{}, 2, 0)
	_, a1 := merge(t, d1)
	out2, a2 := merge(t, d2)
	if !a1.Sweep.Counterfactual || a2.Sweep.Counterfactual {
		t.Error("counterfactual flag not reported")
	}
	// Without twins the loss measures are not computed: no statistics and
	// a note, never a distribution of zeros; with them they are computed,
	// and the other measures are unchanged.
	lossSeen := 0
	for i, m := range a1.Measures {
		m2 := a2.Measures[i]
		if slices.Contains(counterfactualColumns, m.Name) {
			lossSeen++
			if m2.Stats != nil || m2.Count != 0 || m2.Note != NotComputedCounterfactual {
				t.Errorf("%s without twins: count %d, stats %+v, note %q", m.Name, m2.Count, m2.Stats, m2.Note)
			}
			if m.Stats == nil || m.Note != "" {
				t.Errorf("%s with twins: stats %+v, note %q", m.Name, m.Stats, m.Note)
			}
			continue
		}
		if m.Stats != nil && m2.Stats != nil && m.Stats.Mean != m2.Stats.Mean {
			t.Errorf("%s changes with the twin run: %v vs %v", m.Name, m.Stats.Mean, m2.Stats.Mean)
		}
	}
	if lossSeen != len(counterfactualColumns) {
		t.Errorf("%d of the %d loss columns among the measures", lossSeen, len(counterfactualColumns))
	}
	// The runs table holds NaN in the loss columns, and the text says why.
	recs := readCSV(t, filepath.Join(out2, "runs.csv"))
	for _, c := range counterfactualColumns {
		i := slices.Index(recs[0], c)
		if i < 0 {
			t.Fatalf("runs.csv has no column %s", c)
		}
		for _, r := range recs[1:] {
			if r[i] != "NaN" {
				t.Errorf("runs.csv %s = %q without twins, want NaN", c, r[i])
			}
		}
	}
	txt, err := os.ReadFile(filepath.Join(out2, "aggregate.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(txt), "gdp_loss_bn                "+NotComputedCounterfactual) {
		t.Errorf("aggregate.txt does not mark gdp_loss_bn as not computed:\n%s", txt)
	}
}

// counterfactualColumns are exactly the metrics a no-burst twin changes:
// every one of them moves on a run with a burst, and no other column does.
func TestCounterfactualColumns(t *testing.T) {
	p := mustPlan(t, "base: baseline\n")
	res, cmps, err := sim.RunWithTwins(context.Background(), p.Base, *testInputs(t), p.Seed(0), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Bursts) == 0 {
		t.Fatal("the baseline has no burst; pick a scenario with one")
	}
	plain, twin := reflect.ValueOf(sim.Metrics(res)), reflect.ValueOf(sim.Metrics(res, cmps...))
	var changed []string
	for _, f := range recordFields(runMetricsType) {
		if !plain.Field(f.index).Equal(twin.Field(f.index)) {
			changed = append(changed, f.name)
		}
	}
	if !slices.Equal(changed, counterfactualColumns) {
		t.Errorf("the twin changes %v; counterfactualColumns lists %v", changed, counterfactualColumns)
	}
}

// readCSV reads a whole CSV file.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}

// findPart returns the path of the finished part of kind for s.
func findPart(t *testing.T, dir, kind string, s span) string {
	t.Helper()
	runs, months, _, err := listParts(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range slices.Concat(runs, months) {
		if p.kind == kind && p.span == s {
			return p.path
		}
	}
	t.Fatalf("no %s part for runs %d-%d in %s", kind, s.lo, s.hi-1, dir)
	return ""
}
