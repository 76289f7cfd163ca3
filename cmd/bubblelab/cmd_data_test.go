package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDataList(t *testing.T) {
	t.Parallel()
	code, out, errOut := runCLI(t, "data", "list", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rows []dataListRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	got := map[string]dataListRow{}
	for _, r := range rows {
		got[r.Name] = r
	}
	// Row counts and ranges from data/SOURCES.md.
	for _, want := range []dataListRow{
		{Name: "nvda", Rows: 6642, From: "1999-12-31", To: "2026-05-29", Frequency: "daily"},
		{Name: "sp500-pd", Rows: 1680, From: "1871-01-01", To: "2010-12-01", Frequency: "monthly"},
		{Name: "deals", Rows: 98},
		{Name: "firms", Rows: 46},
	} {
		r := got[want.Name]
		if r.Rows != want.Rows || r.From != want.From || r.To != want.To || r.Frequency != want.Frequency {
			t.Errorf("%s: %+v, want rows %d, %s..%s, %s", want.Name, r, want.Rows, want.From, want.To, want.Frequency)
		}
	}
}

func TestDataShowAndExport(t *testing.T) {
	t.Parallel()
	code, out, errOut := runCLI(t, "data", "show", "crwv")
	if code != 0 || !strings.HasPrefix(out, "date,open,high,low,close,volume\n2025-03-28,") {
		t.Fatalf("show crwv: exit %d, %.60q %s", code, out, errOut)
	}
	dir := t.TempDir()
	if code, _, errOut := runCLI(t, "data", "export", "crwv", "data:ai_deals.csv", "--out", dir); code != 0 {
		t.Fatalf("export: exit %d: %s", code, errOut)
	}
	b, err := os.ReadFile(filepath.Join(dir, "prices", "stocks", "CRWV.csv"))
	if err != nil || string(b) != out {
		t.Errorf("exported CRWV.csv differs from data show (%v)", err)
	}
	for _, f := range []string{"ai_deals.csv", "SOURCES.md"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	// An exported deal file is what loops reads by its shipped name.
	_, a, _ := runCLI(t, "loops", "--headline", filepath.Join(dir, "ai_deals.csv"))
	_, b2, _ := runCLI(t, "loops", "--headline", "deals")
	_, a, _ = strings.Cut(a, "\n") // the first line names the file
	_, b2, _ = strings.Cut(b2, "\n")
	if a == "" || a != b2 {
		t.Errorf("loops on the exported file and on the shipped name differ:\n%s\n%s", a, b2)
	}
	for _, args := range [][]string{{"data", "show", "nvdx"}, {"data", "export", "nope", "--out", dir}} {
		if code, _, errOut := runCLI(t, args...); code != 2 || !strings.Contains(errOut, "nvda") {
			t.Errorf("%v: exit %d %q; want 2 listing the names", args, code, errOut)
		}
	}
}

// On a monthly series the LPPLS windows are months, so the default
// indicator covers the last 60 end dates rather than one.
func TestDetectLPPLSMonthlyDefaults(t *testing.T) {
	t.Parallel()
	code, out, errOut := runCLI(t, "detect", "nvda", "--log", "--freq", "monthly", "--from", "2010-01", "--method", "lppls", "--json", "--quiet=false")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep struct {
		File  string `json:"file"`
		LPPLS struct {
			Windows   string            `json:"windows"`
			Indicator []json.RawMessage `json:"indicator"`
		} `json:"lppls"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.File != "data:prices/stocks/NVDA.csv" || len(rep.LPPLS.Indicator) != 60 || !strings.HasPrefix(rep.LPPLS.Windows, "35..10 ") {
		t.Errorf("file %s, windows %q, %d end dates; want data:prices/stocks/NVDA.csv, 35..10, 60", rep.File, rep.LPPLS.Windows, len(rep.LPPLS.Indicator))
	}
}
