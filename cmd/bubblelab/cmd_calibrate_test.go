package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCalibrateCLI(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("parameters:\n  - {path: markets.fundamental_news, min: 0.2}\n"), 0o644)
	code, _, errOut := runCLI(t, "calibrate", bad, "--out", filepath.Join(dir, "o1"))
	if code != 2 || !strings.Contains(errOut, "bad.yaml:2") || !strings.Contains(errOut, "max") {
		t.Errorf("bad spec: exit %d, %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "o1")); err == nil {
		t.Error("bad spec left an output folder")
	}
	if code, _, _ := runCLI(t, "calibrate", bad); code != 2 {
		t.Errorf("no --out: exit %d, want 2", code)
	}
	if testing.Short() {
		return
	}
	good := filepath.Join(dir, "good.yaml")
	os.WriteFile(good, []byte("seeds: 1\nparameters:\n  - {path: markets.fundamental_news, min: 0.2, max: 1.2}\nbootstrap: {replications: 10}\nsmm: {global: 3, local: 0}\nabc: {particles: 0}\n"), 0o644)
	out := filepath.Join(dir, "o2")
	code, stdout, errOut := runCLI(t, "calibrate", good, "--out", out, "--quiet")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(stdout, "holdout") {
		t.Errorf("output %q", stdout)
	}
	for _, f := range []string{"calibration.json", "posterior.csv", "estimate.yaml", "evals.jsonl"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
}
