package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Firm names from a user's deal file cannot become spreadsheet formulas in
// the CSV files loops and stress write (a firm named =1+2+cmd|x was written
// unchanged into cycles.csv and losses.csv).
func TestCSVOutputsNeutraliseFormulas(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	deals := filepath.Join(dir, "evil.csv")
	if err := os.WriteFile(deals, []byte("id,date_announced,source_firm,target_firm,kind,amount_usd_bn,horizon_years\n"+
		"X1,2025-01-01,=1+2+cmd|x,Oracle,compute_purchase,30,5\n"+
		"X2,2025-02-01,Oracle,=1+2+cmd|x,equity_investment,10,\n"+
		"X3,2025-03-01,@SUM(A1),Oracle,compute_purchase,5,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		file string
	}{
		{[]string{"loops", deals, "--out", filepath.Join(dir, "loops")}, filepath.Join(dir, "loops", "cycles.csv")},
		{[]string{"stress", deals, "--fail", "Oracle", "--out", filepath.Join(dir, "stress")}, filepath.Join(dir, "stress", "losses.csv")},
	} {
		if code, _, stderr := runCLI(t, tc.args...); code != exitOK {
			t.Fatalf("bubblelab %s: exit %d: %s", strings.Join(tc.args, " "), code, stderr)
		}
		b, err := os.ReadFile(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		if !strings.Contains(text, "'=1+2+cmd|x") {
			t.Errorf("%s lacks the neutralised firm name:\n%s", filepath.Base(tc.file), text)
		}
		for _, line := range strings.Split(text, "\n") {
			for _, cell := range strings.Split(line, ",") {
				if strings.HasPrefix(cell, "=") || strings.HasPrefix(cell, "@") {
					t.Errorf("%s: cell %q can run as a formula", filepath.Base(tc.file), cell)
				}
			}
		}
	}
}
