package results

import (
	"bytes"
	"encoding/csv"
	"testing"
)

func TestSafeCell(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"=1+2+cmd|x", "'=1+2+cmd|x"},
		{"+1+2", "'+1+2"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"@SUM(A1:A9)", "'@SUM(A1:A9)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"-", "'-"},
		// Numbers stay numbers.
		{"-0.5", "-0.5"},
		{"+1e3", "+1e3"},
		{"-Inf", "-Inf"},
		// Ordinary text and a formula character later in the cell.
		{"OpenAI", "OpenAI"},
		{"a=b", "a=b"},
		{"OpenAI > Oracle", "OpenAI > Oracle"},
		{"", ""},
	} {
		if got := SafeCell(tc.in); got != tc.want {
			t.Errorf("SafeCell(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// Text cells written by EncodeCSV and CSVWriter cannot start a formula;
// numbers, including negative ones, are written unchanged.
func TestCSVNeutralisesFormulas(t *testing.T) {
	t.Parallel()
	type row struct {
		Firm   string  `json:"firm"`
		LossBn float64 `json:"loss_bn"`
		Round  int     `json:"round"`
	}
	var buf bytes.Buffer
	if err := EncodeCSV(&buf, []row{{"=1+2+cmd|x", -1.5, -1}, {"@SUM(A1)", 2, 3}, {"Oracle", 0, 0}}); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"firm", "loss_bn", "round"}, {"'=1+2+cmd|x", "-1.5", "-1"}, {"'@SUM(A1)", "2", "3"}, {"Oracle", "0", "0"}}
	if len(recs) != len(want) {
		t.Fatalf("%d records, want %d", len(recs), len(want))
	}
	for i := range want {
		for j := range want[i] {
			if recs[i][j] != want[i][j] {
				t.Errorf("record %d cell %d: %q, want %q", i, j, recs[i][j], want[i][j])
			}
		}
	}
	buf.Reset()
	cw := NewCSVWriter(&buf)
	rec := []string{"+cmd", "-3"}
	cw.Write(rec)
	cw.Flush()
	if err := cw.Error(); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != "'+cmd,-3\n" {
		t.Errorf("CSVWriter wrote %q", got)
	}
	if rec[0] != "+cmd" {
		t.Error("CSVWriter changed the caller's record")
	}
}
