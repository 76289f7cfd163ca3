package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runLoopsCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = execute(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestLoopsOptionsValidate(t *testing.T) {
	t.Parallel()
	ok := loopsOptions{maxLen: 6, top: 15, maxCycles: 100}
	tests := []struct {
		name  string
		edit  func(*loopsOptions)
		field string // empty when valid
	}{
		{"defaults", func(*loopsOptions) {}, ""},
		{"zero length", func(o *loopsOptions) { o.maxLen = 0 }, "--max-len"},
		{"long bound", func(o *loopsOptions) { o.maxLen = 500 }, ""},
		{"negative top", func(o *loopsOptions) { o.top = -1 }, "--top"},
		{"negative cap", func(o *loopsOptions) { o.maxCycles = -1 }, "--max-cycles"},
		{"negative workers", func(o *loopsOptions) { o.workers = -2 }, "--workers"},
		{"negative edge cap", func(o *loopsOptions) { o.maxEdges = -1 }, "--max-edges"},
		{"negative firm cap", func(o *loopsOptions) { o.maxFirms = -1 }, "--max-firms"},
		{"NaN horizon", func(o *loopsOptions) { o.assumedHorizonYears = math.NaN() }, "--assumed-horizon"},
		{"horizon with headline", func(o *loopsOptions) { o.assumedHorizonYears = 3; o.headline = true }, "--assumed-horizon"},
		{"unknown kind", func(o *loopsOptions) { o.kinds = []string{"gift"} }, "--kinds"},
		{"unknown excluded kind", func(o *loopsOptions) { o.excludeKinds = []string{"Loan"} }, "--kinds"},
		{"edge list with deal options", func(o *loopsOptions) { o.edgeList = true; o.estimateUndisclosed = true }, "--edge-list"},
		{"valid kinds", func(o *loopsOptions) { o.kinds = []string{"loan", "lease"} }, ""},
	}
	for _, tt := range tests {
		o := ok
		tt.edit(&o)
		err := o.validate()
		switch {
		case tt.field == "" && err != nil:
			t.Errorf("%s: unexpected error %v", tt.name, err)
		case tt.field != "" && (err == nil || !strings.Contains(err.Error(), tt.field)):
			t.Errorf("%s: got %v, want an error naming %s", tt.name, err, tt.field)
		case tt.field != "" && exitCode(err) != exitBadInput:
			t.Errorf("%s: exit code %d, want %d", tt.name, exitCode(err), exitBadInput)
		}
	}
}

// TestLoopsToyJSON runs the vendor-financing toy of the issue as a deal file:
// T3 (400 over 5 years) annualises to 80, T1+T2 merge to 100, T6 is
// undisclosed and left out, so the network is N→O 100, O→C 80, C→N 60,
// H→O 10: gross 250, circular 180, circularity 0.72, minimal gross 50.
func TestLoopsToyJSON(t *testing.T) {
	t.Parallel()
	code, out, errOut := runLoopsCLI(t, "loops", "--json", "testdata/loops/toy_deals.csv")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep loopsReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	c := rep.Circulation
	if rep.Schema != loopsSchema || rep.Unit != "bn/yr" || c == nil {
		t.Fatalf("schema %q unit %q circulation %v", rep.Schema, rep.Unit, c)
	}
	for _, x := range []struct {
		name      string
		got, want float64
	}{
		{"gross", c.GrossBn, 250}, {"circular", c.CircularBn, 180}, {"index", c.CircularityIndex, 0.72},
		{"minimal gross", c.MinimalGrossBn, 50}, {"excess", c.ExcessBn, 200}, {"removable", c.ConservativeRemovableBn, 180},
	} {
		if math.Abs(x.got-x.want) > 1e-12 {
			t.Errorf("%s = %v, want %v", x.name, x.got, x.want)
		}
	}
	if rep.Input.Deals != 6 || rep.Input.DealsUsed != 5 || len(rep.Input.Excluded) != 1 || rep.Input.Excluded[0].ID != "T6" || rep.Input.Excluded[0].Line != 7 {
		t.Errorf("input summary %+v", rep.Input)
	}
	if rep.Cycles.Count != 1 || len(rep.Cycles.Items) != 1 {
		t.Fatalf("cycles %+v", rep.Cycles)
	}
	it := rep.Cycles.Items[0]
	if strings.Join(it.Firms, ">") != "C>N>O" || it.BottleneckBn != 60 || strings.Join(it.Deals[1], "+") != "T1+T2" {
		t.Errorf("cycle %+v", it)
	}
	for _, e := range c.Edges {
		if e.Source == "O" && e.Target == "C" && (e.WeightBn != 80 || e.HeadlineBn != 400) {
			t.Errorf("O→C edge %+v, want weight 80 (annualised) and headline 400", e)
		}
	}
	// Headline amounts: O→C is 400 and the cycle's bottleneck stays 60.
	code, out, _ = runLoopsCLI(t, "loops", "--json", "--headline", "testdata/loops/toy_deals.csv")
	if code != exitOK {
		t.Fatal(code)
	}
	rep = loopsReport{}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Circulation.GrossBn != 570 || rep.Circulation.CircularBn != 180 {
		t.Errorf("headline: gross %v circular %v, want 570 and 180", rep.Circulation.GrossBn, rep.Circulation.CircularBn)
	}
}

// TestLoopsShipped runs the shipped data through every output and checks
// their consistency and that results do not depend on the worker count.
func TestLoopsShipped(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	code, text, errOut := runLoopsCLI(t, "loops", "--out", dir, "--workers", "1")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"Simple cycles of at most 6 deals", "circularity index", "Round-trippers"} {
		if !strings.Contains(text, want) {
			t.Errorf("text output lacks %q", want)
		}
	}
	raw, err := os.ReadFile(filepath.Join(dir, "loops.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep loopsReport
	if err := json.Unmarshal(raw, &rep); err != nil {
		t.Fatal(err)
	}
	c := rep.Circulation
	if rep.Cycles.Count == 0 || c.CircularityIndex <= 0 || c.CircularityIndex >= 1 {
		t.Fatalf("shipped data: %d cycles, circularity %v", rep.Cycles.Count, c.CircularityIndex)
	}
	if math.Abs(c.CircularityIndex-c.CircularBn/c.GrossBn) > 1e-15 || math.Abs(c.GrossBn-rep.Graph.GrossBn) > 1e-9 {
		t.Errorf("inconsistent summary %+v", c)
	}
	for _, f := range c.Firms {
		if f.CircularInflowMinBn == nil || *f.CircularInflowMinBn > f.CircularInflowBn || f.CircularInflowBn > *f.CircularInflowMaxBn {
			t.Errorf("firm %s: circular inflow %v outside its range", f.Firm, f.CircularInflowBn)
		}
	}
	csvRaw, err := os.ReadFile(filepath.Join(dir, "cycles.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Count(string(csvRaw), "\n"); lines != int(rep.Cycles.Count)+1 {
		t.Errorf("cycles.csv has %d lines, want %d cycles + header", lines, rep.Cycles.Count)
	}
	svg, err := os.ReadFile(filepath.Join(dir, "network.svg"))
	if err != nil || !bytes.HasPrefix(svg, []byte("<?xml")) || !bytes.Contains(svg, []byte("stroke-dasharray")) {
		t.Errorf("network.svg missing or without circular strokes (%v)", err)
	}
	code, out3, _ := runLoopsCLI(t, "loops", "--json", "--workers", "3")
	if code != exitOK {
		t.Fatal(code)
	}
	if out3 != string(raw) {
		t.Error("JSON differs between 1 and 3 workers")
	}
}

func TestLoopsBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string // substring of the error
	}{
		{"bad amount", []string{"loops", "testdata/loops/bad_amount.csv"}, "bad_amount.csv:3: field amount_usd_bn"},
		{"missing file", []string{"loops", "testdata/loops/nope.csv"}, "nope.csv"},
		{"bad edge list", []string{"loops", "--edge-list", "testdata/loops/toy_deals.csv"}, "toy_deals.csv:1"},
		{"unknown deal id", []string{"loops", "--exclude-deals", "D999"}, "D999"},
		{"unknown flag", []string{"loops", "--bogus"}, "bogus"},
		{"two arguments", []string{"loops", "a.csv", "b.csv"}, "arg"},
		{"bad kind", []string{"loops", "--kinds", "gift"}, "gift"},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		code, out, errOut := runLoopsCLI(t, append(tt.args, "--out", dir)...)
		if code != exitBadInput {
			t.Errorf("%s: exit %d, want %d (stderr %q)", tt.name, code, exitBadInput, errOut)
		}
		if !strings.Contains(errOut, tt.want) {
			t.Errorf("%s: stderr %q lacks %q", tt.name, errOut, tt.want)
		}
		if out != "" {
			t.Errorf("%s: wrote to stdout: %q", tt.name, out)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("%s: left %d files in --out", tt.name, len(entries))
		}
	}
}

func TestLoopsEdgeListCountOnly(t *testing.T) {
	t.Parallel()
	code, out, errOut := runLoopsCLI(t, "loops", "--edge-list", "--count-only", "--json", "testdata/loops/toy_edges.txt")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep loopsReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Cycles.Count != 1 || rep.Cycles.Listed != 0 || !rep.Cycles.Truncated || rep.Circulation != nil {
		t.Errorf("count-only report %+v", rep.Cycles)
	}
	// The D'Errico–Roukny example: circularity 1/3.
	code, out, _ = runLoopsCLI(t, "loops", "--edge-list", "--json", "testdata/loops/toy_edges.txt")
	if code != exitOK {
		t.Fatal(code)
	}
	rep = loopsReport{}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if math.Abs(rep.Circulation.CircularityIndex-1.0/3) > 1e-15 || rep.Circulation.ExcessBn != 20 {
		t.Errorf("edge-list circulation %+v", rep.Circulation)
	}
}
