package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI executes the command line and returns its exit code and output.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := execute(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestRunWritesOutputsDeterministically(t *testing.T) {
	t.Parallel()
	dirA, dirB, dirC := t.TempDir(), t.TempDir(), t.TempDir()
	for _, dir := range []string{dirA, dirB} {
		code, out, errOut := runCLI(t, "run", "--seed", "3", "--out", dir)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		for _, want := range []string{"Where AI revenue came from", "Round trips", "Markets: listed US AI firms peaked", "burst on", "no-burst counterfactual",
			"Who holds the parcel", "Shovels vs mining", "Stranded compute", "GDP and consumption", "Accounting checks"} {
			if !strings.Contains(out, want) {
				t.Errorf("summary lacks %q", want)
			}
		}
	}
	if code, _, errOut := runCLI(t, "run", "--seed", "4", "--out", dirC, "--quiet"); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	files, err := os.ReadDir(dirA)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"ai_index_daily.csv", "cohorts.csv", "days.parquet", "estimated_deals.csv", "events.jsonl", "firms.csv", "firms.parquet", "flow_matrix.csv",
		"months.csv", "months.parquet", "pair_flows.csv", "prices.csv", "prices.parquet", "report.html", "revenue_provenance.csv", "scenario.yaml", "summary.json"}
	var names []string
	for _, f := range files {
		names = append(names, f.Name())
	}
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Fatalf("files %v, want %v (no staging leftovers)", names, want)
	}
	for _, n := range want {
		a, _ := os.ReadFile(filepath.Join(dirA, n))
		b, _ := os.ReadFile(filepath.Join(dirB, n))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs with the same seed", n)
		}
	}
	a, _ := os.ReadFile(filepath.Join(dirA, "months.csv"))
	c, _ := os.ReadFile(filepath.Join(dirC, "months.csv"))
	if bytes.Equal(a, c) {
		t.Error("months.csv identical for different seeds")
	}
}

func TestRunBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	badScenario := filepath.Join(dir, "bad.yaml")
	os.WriteFile(badScenario, []byte("name: bad\ndemand:\n  china_share: 7\n"), 0o644)
	badDeals := filepath.Join(dir, "deals.csv")
	os.WriteFile(badDeals, []byte("id,date_announced,source_firm,target_firm,kind,amount_usd_bn,horizon_years\nX1,2024-01-01,OpenAI,Nvidiaa,chip_purchase,5,\n"), 0o644)
	negDeals := filepath.Join(dir, "neg.csv")
	os.WriteFile(negDeals, []byte("id,date_announced,source_firm,target_firm,kind,amount_usd_bn,horizon_years\nX1,2024-01-01,OpenAI,Nvidia,chip_purchase,-5,\n"), 0o644)
	out := filepath.Join(dir, "out")
	tests := []struct {
		args []string
		msg  string
	}{
		{[]string{"run", badScenario, "--out", out}, "bad.yaml:3: field demand.china_share"},
		{[]string{"run", "nosuchscenario", "--out", out}, "unknown scenario"},
		{[]string{"run", "--deals", badDeals, "--out", out}, `deals.csv:2: field target_firm: unknown firm "Nvidiaa"`},
		{[]string{"run", "--deals", negDeals, "--out", out}, "neg.csv:2: field amount_usd_bn"},
		{[]string{"run", "--seed", "abc"}, "invalid argument"},
		{[]string{"run", "a", "b"}, "takes at most 1 argument, got 2"},
	}
	for _, tc := range tests {
		code, _, errOut := runCLI(t, tc.args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", tc.args, code, errOut)
		}
		if !strings.Contains(errOut, tc.msg) {
			t.Errorf("%v: stderr %q lacks %q", tc.args, errOut, tc.msg)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("bad input left an output directory")
	}
}

func TestRunListAndDump(t *testing.T) {
	t.Parallel()
	code, out, _ := runCLI(t, "run", "--list")
	if code != 0 || !strings.Contains(out, "no-export-controls") {
		t.Errorf("--list: %d %q", code, out)
	}
	code, out, _ = runCLI(t, "run", "long-lived-assets", "--dump-scenario")
	if code != 0 || !strings.Contains(out, "accounting_life_years: 25") {
		t.Errorf("--dump-scenario: %d", code)
	}
}
