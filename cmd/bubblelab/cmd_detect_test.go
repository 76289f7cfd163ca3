package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDetectSP500 runs the PSY test on the series of Phillips, Shi and Yu
// (2015) with their settings: the statistics are exuber's (see
// bubbletest/psy for the 1e-5 test), and the 1990s episode must be found.
func TestDetectSP500(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	code, stdout, stderr := runCLI(t, "detect", "../../data/sp500_pd_ratio_monthly.csv", "--min-window", "90", "--reps", "200", "--seed", "2015", "--out", out, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep struct {
		PSY struct {
			Stats []struct {
				Name  string
				Value float64
			} `json:"statistics"`
			Episodes []struct{ Start, End string } `json:"episodes"`
		} `json:"psy"`
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"ADF": -1.16534, "SADF": 3.44324, "GSADF": 4.20687}
	for _, s := range rep.PSY.Stats {
		if d := s.Value - want[s.Name]; d > 1e-5 || d < -1e-5 {
			t.Errorf("%s = %.6f, want %.5f", s.Name, s.Value, want[s.Name])
		}
	}
	found1880, dotcom := false, false
	for _, e := range rep.PSY.Episodes {
		found1880 = found1880 || strings.HasPrefix(e.Start, "1879") || strings.HasPrefix(e.Start, "1880")
		dotcom = dotcom || (e.Start < "1999" && e.End > "2000")
	}
	if !found1880 || !dotcom {
		t.Errorf("episodes %v lack 1879-80 or the dot-com bubble", rep.PSY.Episodes)
	}
	for _, f := range []string{"detect.json", "detect.svg", "episodes.csv", "statistics.csv"} {
		if st, err := os.Stat(filepath.Join(out, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s not written", f)
		}
	}
	svg, _ := os.ReadFile(filepath.Join(out, "detect.svg"))
	if !bytes.Contains(svg, []byte("BSADF")) || !bytes.Contains(svg, []byte("episode 199")) {
		t.Error("chart lacks the BSADF series or the dot-com episode")
	}
}

func TestDetectBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(body), 0o644)
		return p
	}
	unsorted := write("unsorted.csv", "date,close\n2020-01-02,1\n2020-01-01,2\n")
	text := write("text.csv", "date,close\n2020-01-01,1\n2020-01-02,abc\n")
	short := write("short.csv", "date,close\n2020-01-01,1\n2020-01-02,2\n2020-01-03,3\n")
	neg := write("neg.csv", "date,close\n2020-01-01,1\n2020-01-02,-2\n")
	out := filepath.Join(dir, "out")
	tests := []struct {
		args []string
		msg  string
	}{
		{[]string{"detect", unsorted, "--out", out}, "unsorted.csv:3: field date"},
		{[]string{"detect", text, "--out", out}, "text.csv:3: field close"},
		{[]string{"detect", short, "--out", out}, "short"},
		{[]string{"detect", neg, "--log", "--out", out}, "neg.csv:3: field close"},
		{[]string{"detect", "../../data/sp500_pd_ratio_monthly.csv", "--method", "magic"}, "--method"},
		{[]string{"detect", "../../data/sp500_pd_ratio_monthly.csv", "--level", "0.5", "--reps", "10"}, "--level"},
		{[]string{"detect", "../../data/sp500_pd_ratio_monthly.csv", "--column", "nope"}, "no such column"},
		{[]string{"detect", "nosuchfile.csv"}, "nosuchfile.csv"},
	}
	for _, tc := range tests {
		code, _, stderr := runCLI(t, tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.msg) {
			t.Errorf("%v: exit %d, stderr %q, want 2 and %q", tc.args, code, stderr, tc.msg)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("bad input left output")
	}
}

// TestDetectLPPLSFits runs the lppls preset with a filter flag and checks the
// per-fit outputs: one row per fit with its rejection reasons, residuals on
// request, and the conditions used in detect.json.
func TestDetectLPPLSFits(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	code, _, stderr := runCLI(t, "detect", "../../data/lppls_nasdaq_dotcom_daily.csv", "--method", "lppls", "--log", "--quiet",
		"--lppls-filter", "lppls-package", "--lppls-min-damping", "0.3", "--lppls-max-window", "60", "--lppls-min-window", "40",
		"--lppls-step", "10", "--lppls-every", "30", "--lppls-starts", "2", "--lppls-residuals", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	fits, err := os.ReadFile(filepath.Join(out, "lppls_fits.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(fits)), "\n")
	// The last 60 end dates every 30: 2 dates, windows 60, 50, 40: 6 fits.
	if len(lines) != 7 || !strings.HasPrefix(lines[0], "end,window_start,observations,tc,") || !strings.Contains(lines[0], "reasons") {
		t.Errorf("lppls_fits.csv: %d lines, header %q; want 6 fits", len(lines), lines[0])
	}
	res, err := os.ReadFile(filepath.Join(out, "lppls_residuals.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(res), "\n"); n != 1+2*(60+50+40) {
		t.Errorf("lppls_residuals.csv has %d lines, want %d", n, 1+2*150)
	}
	js, _ := os.ReadFile(filepath.Join(out, "detect.json"))
	var rep struct {
		LPPLS struct {
			Conditions map[string]float64 `json:"filter_conditions"`
		} `json:"lppls"`
	}
	if err := json.Unmarshal(js, &rep); err != nil {
		t.Fatal(err)
	}
	if c := rep.LPPLS.Conditions; c["min-damping"] != 0.3 || c["tc-cap-after"] != 252 || c["strict"] != 1 {
		t.Errorf("filter conditions %v: want the lppls preset with min-damping 0.3", c)
	}
	code, _, stderr = runCLI(t, "detect", "../../data/lppls_nasdaq_dotcom_daily.csv", "--method", "lppls", "--log", "--lppls-m-min", "nan")
	if code != 2 || !strings.Contains(stderr, "--lppls-m-min") {
		t.Errorf("--lppls-m-min nan: exit %d, %q; want 2 naming the flag", code, stderr)
	}
}
