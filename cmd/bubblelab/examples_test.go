package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bubblelab/bubblelab/sweep"
)

// exampleFiles lists the YAML files of examples/DIR and checks that each
// is commented (opens with a comment block) and named in examples/README.md.
func exampleFiles(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("../../examples", dir, "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples in examples/%s (%v)", dir, err)
	}
	readme, err := os.ReadFile("../../examples/README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte("# ")) || bytes.Count(b, []byte("\n#")) < 3 {
			t.Errorf("%s does not open with a comment block saying what it shows and how to run it", f)
		}
		if name := dir + "/" + filepath.Base(f); !strings.Contains(string(readme), name) {
			t.Errorf("examples/README.md does not describe %s", name)
		}
	}
	return files
}

// Every example scenario runs, and changes the parameters of its base.
func TestExampleScenarios(t *testing.T) {
	t.Parallel()
	_, baseline, _ := runCLI(t, "run", "baseline", "--dump-scenario")
	for _, f := range exampleFiles(t, "scenarios") {
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			code, dump, stderr := runCLI(t, "run", f, "--dump-scenario")
			if code != exitOK {
				t.Fatalf("run %s --dump-scenario: exit %d: %s", f, code, stderr)
			}
			if body(dump) == body(baseline) {
				t.Errorf("%s sets nothing that differs from the baseline", f)
			}
			out := filepath.Join(t.TempDir(), "out")
			if code, _, stderr := runCLI(t, "run", f, "--out", out, "--quiet"); code != exitOK {
				t.Fatalf("run %s: exit %d: %s", f, code, stderr)
			}
			if _, err := os.Stat(filepath.Join(out, "summary.json")); err != nil {
				t.Error(err)
			}
		})
	}
}

// body drops the name and description lines of a dumped scenario.
func body(dump string) string {
	var keep []string
	for _, l := range strings.Split(dump, "\n") {
		if !strings.HasPrefix(l, "name:") && !strings.HasPrefix(l, "description:") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

// maxExampleRuns bounds the example sweeps the test runs whole; larger
// (cluster-sized) specs are run for their first shard only.
const maxExampleRuns = 200

// Every example sweep runs and merges; the loss measures are computed
// exactly when the spec asks for the counterfactual.
func TestExampleSweeps(t *testing.T) {
	t.Parallel()
	for _, f := range exampleFiles(t, "sweeps") {
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			spec, err := sweep.LoadSpec(f)
			if err != nil {
				t.Fatal(err)
			}
			plan, err := sweep.NewPlan(spec)
			if err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(t.TempDir(), "sw")
			if plan.Runs > maxExampleRuns {
				// A cluster-sized spec: its first shard of about ten runs.
				shard := fmt.Sprintf("0/%d", plan.Runs/10)
				if code, stdout, stderr := runCLI(t, "sweep", f, "--out", dir, "--shard", shard, "--workers", "2"); code != exitOK || !strings.Contains(stdout, "done") {
					t.Fatalf("sweep %s --shard %s: exit %d: %s%s", f, shard, code, stdout, stderr)
				}
				return
			}
			if code, _, stderr := runCLI(t, "sweep", f, "--out", dir, "--workers", "2", "--quiet"); code != exitOK {
				t.Fatalf("sweep %s: exit %d: %s", f, code, stderr)
			}
			if code, _, stderr := runCLI(t, "merge", dir, "--quiet"); code != exitOK {
				t.Fatalf("merge %s: exit %d: %s", dir, code, stderr)
			}
			b, err := os.ReadFile(filepath.Join(dir, "merged", "aggregate.json"))
			if err != nil {
				t.Fatal(err)
			}
			var agg sweep.Aggregate
			if err := json.Unmarshal(b, &agg); err != nil {
				t.Fatal(err)
			}
			if agg.Sweep.Runs == 0 || len(agg.Measures) == 0 {
				t.Fatalf("aggregate of %s: %d runs, %d measures", f, agg.Sweep.Runs, len(agg.Measures))
			}
			for _, m := range agg.Measures {
				if m.Name == "gdp_loss_bn" && (m.Stats != nil) != spec.Outputs.Counterfactual {
					t.Errorf("%s: counterfactual %v but gdp_loss_bn has stats %v (note %q)", f, spec.Outputs.Counterfactual, m.Stats != nil, m.Note)
				}
			}
			if (len(agg.EarlyWarning) > 0) != spec.EarlyWarning.Enabled() {
				t.Errorf("%s: early-warning summaries %d", f, len(agg.EarlyWarning))
			}
		})
	}
}
