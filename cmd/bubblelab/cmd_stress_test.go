package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bubblelab/bubblelab/contagion"
)

func stressCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = execute(context.Background(), append([]string{"stress"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

// toyArgs is the toy network of testdata/stress: A owes B 10 and C 2, B owes
// C 6 (one-year contracts). Capital: A 0.1 × 10 = 1, B 0.1 × 40 = 4; C has
// no valuation, and balance.csv gives it external assets 0 and outside debts
// 4.5, so its equity is 8 − 4.5 = 3.5. This is the Furfine example of
// package contagion: with A failed and loss given default 0.5, B loses 5 > 4
// (round 2), then C loses 1 + 3 = 4 > 3.5 (round 3); equity lost 1+4+3.5.
func toyArgs(extra ...string) []string {
	return append([]string{"testdata/stress/deals.csv", "--firms", "testdata/stress/firms.csv",
		"--balance", "testdata/stress/balance.csv"}, extra...)
}

func TestStressToyFurfine(t *testing.T) {
	t.Parallel()
	code, out, errOut := stressCLI(t, toyArgs("--fail", "A", "--method", "furfine", "--lgd", "0.5", "--json")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep stressReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) != 1 {
		t.Fatalf("%d results", len(rep.Results))
	}
	r := rep.Results[0]
	var rounds [][]string
	for _, rd := range r.Rounds {
		rounds = append(rounds, rd.NewDefaults)
	}
	if !slices.EqualFunc(rounds, [][]string{{"A"}, {"B"}, {"C"}}, slices.Equal) {
		t.Errorf("rounds %v", rounds)
	}
	if math.Abs(r.SystemLossUSDBn-8.5) > 1e-9 {
		t.Errorf("system loss %v, want 8.5", r.SystemLossUSDBn)
	}
	// Text output: the same rounds, one per line.
	code, out, _ = stressCLI(t, toyArgs("--fail", "A", "--method", "furfine", "--lgd", "0.5")...)
	if code != 0 {
		t.Fatal(out)
	}
	for _, want := range []string{"scenario: fail A", "1      A", "2      B", "3      C", "equity lost 8.50 bn"} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
}

// TestStressToyEN: A is failed (external assets 1 + 12 = 13 written off) and
// pays 0; B then has 0 and pays 0 of 6; C receives nothing and pays 0 of its
// outside debt of 4.5. Rounds: A, B, C.
func TestStressToyEN(t *testing.T) {
	t.Parallel()
	code, out, errOut := stressCLI(t, toyArgs("--fail", "A", "--method", "en", "--json")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep stressReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	r := rep.Results[0]
	if !slices.Equal(r.Defaulters, []string{"A", "B", "C"}) || math.Abs(r.ExternalCreditorLoss-4.5) > 1e-9 {
		t.Errorf("defaulters %v, external creditor loss %v", r.Defaulters, r.ExternalCreditorLoss)
	}
	if got := rep.Scenario[0].ExternalAssetLossUSDBn; got != 13 {
		t.Errorf("A's written-off external assets %v, want 13", got)
	}
}

func TestStressShipped(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	code, out, errOut := stressCLI(t, "--fail", "OpenAI", "--shock", "Nvidia=10%", "--out", dir, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep stressReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) != len(stressMethods) {
		t.Fatalf("%d results, want %d", len(rep.Results), len(stressMethods))
	}
	for _, r := range rep.Results {
		if len(r.Rounds) == 0 || !slices.Contains(r.Rounds[0].NewDefaults, "OpenAI") {
			t.Errorf("%s: OpenAI not in round 1: %+v", r.Method, r.Rounds)
		}
		if !(r.SystemDistress >= 0 && r.SystemDistress <= 1) || r.SystemLossUSDBn <= 0 {
			t.Errorf("%s: H = %v, loss %v", r.Method, r.SystemDistress, r.SystemLossUSDBn)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "stress.json"))
	if err != nil || !bytes.Equal(b, []byte(out)) {
		t.Errorf("stress.json differs from --json output (%v)", err)
	}
	f, err := os.Open(filepath.Join(dir, "losses.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if want := 1 + len(stressMethods)*rep.Network.Firms; len(rows) != want {
		t.Errorf("losses.csv has %d rows, want %d", len(rows), want)
	}
}

func TestStressBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown firm", []string{"--fail", "OpenAl"}, `near matches: "OpenAI"`},
		{"unknown shock firm", []string{"--shock", "Orakle=0.5"}, `"Oracle"`},
		{"bad shock", []string{"--shock", "Oracle=1.5"}, "--shock"},
		{"absorbing", []string{"--fail", "Bond investors"}, "absorbing"},
		{"method", []string{"--fail", "OpenAI", "--method", "montecarlo"}, "--method"},
		{"alpha", []string{"--fail", "OpenAI", "--alpha", "2"}, "--alpha"},
		{"lgd", []string{"--fail", "OpenAI", "--lgd", "-1"}, "--lgd"},
		{"basis", []string{"--fail", "OpenAI", "--basis", "monthly"}, "--basis"},
		{"as-of", []string{"--fail", "OpenAI", "--as-of", "May 2026"}, "--as-of"},
		{"horizon", []string{"--fail", "OpenAI", "--default-horizon", "0"}, "--default-horizon"},
		{"exclude", []string{"--fail", "OpenAI", "--exclude-deals", "D999"}, "D999"},
		{"deals file", []string{"testdata/stress/bad_deals.csv", "--fail", "A"}, "bad_deals.csv:3"},
		{"balance file", toyArgs("--fail", "A", "--balance", "testdata/stress/bad_balance.csv"), "bad_balance.csv:3: field capital_usd_bn"},
		{"missing deals", []string{"testdata/stress/none.csv", "--fail", "A"}, "none.csv"},
		{"no shock", []string{"--method", "en"}, "no shock given"},
		{"no shock and a failure", []string{"--fail", "OpenAI", "--no-shock"}, "--no-shock cannot be combined"},
		{"two args", []string{"a.csv", "b.csv"}, "takes at most 1 argument"},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		code, out, errOut := stressCLI(t, append(tt.args, "--out", dir)...)
		if code != exitBadInput || !strings.Contains(errOut, tt.want) {
			t.Errorf("%s: exit %d, stderr %q; want exit 2 mentioning %q", tt.name, code, errOut, tt.want)
		}
		if out != "" {
			t.Errorf("%s: wrote to stdout: %q", tt.name, out)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("%s: left files in --out", tt.name)
		}
	}
}

func TestStressBaseline(t *testing.T) {
	t.Parallel()
	code, out, _ := stressCLI(t, "--method", "en", "--no-shock")
	if code != 0 || !strings.Contains(out, "scenario: no shock") || !strings.Contains(out, "defaults: 0 of") {
		t.Errorf("baseline: exit %d\n%s", code, out)
	}
	// With revenue as external assets some firms are insolvent before any
	// shock; the report lists them.
	code, out, _ = stressCLI(t, "--method", "en", "--assets", "revenue", "--no-shock")
	if code != 0 || !strings.Contains(out, "insolvent before any shock: ") {
		t.Errorf("revenue baseline: exit %d\n%s", code, out)
	}
}

func TestUnknownFirmsWarning(t *testing.T) {
	t.Parallel()
	many := make([]string, 13)
	for i := range many {
		many[i] = fmt.Sprintf("F%d", i)
	}
	for _, tc := range []struct {
		names []string
		want  string
	}{
		{nil, ""},
		{[]string{"MGX"}, `firm "MGX" is not in the firm table: capital 0`},
		{[]string{"MGX", "Bond investors"}, `2 firms are not in the firm table: capital 0 ("MGX", "Bond investors")`},
		{many, `13 firms are not in the firm table: capital 0 ("F0", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9" and 3 more)`},
	} {
		if got := unknownFirmsWarning(tc.names); got != tc.want {
			t.Errorf("%v: got %q, want %q", tc.names, got, tc.want)
		}
	}
}

// TestStressDistressWithoutCapital: when every firm's capital is zero the
// equity weights of H are rounding residues, so H is reported undefined,
// and a loss that rounds to zero prints without a minus sign.
func TestStressDistressWithoutCapital(t *testing.T) {
	// A owes B 1, B owes A 1 + 0.1 + 0.2 − 0.3 (a residue of 5.55e-17),
	// external assets exactly cover the rest: capital is zero up to rounding.
	net := &contagion.Network{
		Obligations:    []contagion.Obligation{{Debtor: 0, Creditor: 1, Amount: 1}, {Debtor: 1, Creditor: 0, Amount: 1 + 0.1 + 0.2 - 0.3}},
		ExternalAssets: []float64{0.1 + 0.2 - 0.3, 0},
	}
	r, err := contagion.DebtRank{}.Run(net, []contagion.Shock{{Firm: 0, ExternalAssetLoss: 1e-17}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		net  *contagion.Network
		r    *contagion.Result
		want string
	}{
		{net, r, "H undefined: no firm has capital"},
		{net, &contagion.Result{EquityBefore: []float64{1, 1}, SystemDistress: 0.25, DebtRank: 0.05}, "H = 25.00%, of which propagation R = 5.00%"},
	} {
		if got := distressText(c.net, c.r); got != c.want {
			t.Errorf("distressText = %q, want %q", got, c.want)
		}
	}
	if got := bn2(-1e-12); got != "0.00" {
		t.Errorf("bn2(-1e-12) = %q", got)
	}
}
