package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMonitorResumes monitors two shipped series in two calls (the first
// with --to) and checks that the history equals a single call's, that the
// dated status table and the dashboard are written, and that a later call
// may not change the settings.
func TestMonitorResumes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	split, whole := filepath.Join(dir, "split"), filepath.Join(dir, "whole")
	base := []string{"monitor", "nvda", "smci", "--from", "2024-01-01", "--reps", "200", "--lppls-every", "0", "--lppls-latest=false", "--quiet"}
	for _, args := range [][]string{
		append(base, "--out", split, "--to", "2024-03-15"),
		{"monitor", "nvda", "smci", "--out", split, "--to", "2024-06-28", "--quiet"},
		append(base, "--out", whole, "--to", "2024-06-28"),
	} {
		if code, _, stderr := runCLI(t, args...); code != exitOK {
			t.Fatalf("bubblelab %s: exit %d: %s", strings.Join(args, " "), code, stderr)
		}
	}
	a, err := os.ReadFile(filepath.Join(split, "history.csv"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(whole, "history.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if string(a) != string(b) {
		t.Fatal("history of two calls differs from one call's")
	}
	if n := strings.Count(string(a), "\n"); n < 2*100 {
		t.Fatalf("history has %d lines, want a row per series and trading day of 2024H1", n)
	}
	for _, f := range []string{"status.csv", "status-2024-03-15.csv", "status-2024-06-28.csv", "report.html", monitorStateFile} {
		if _, err := os.Stat(filepath.Join(split, f)); err != nil {
			t.Errorf("missing %s: %v", f, err)
		}
	}
	page, _ := os.ReadFile(filepath.Join(split, "report.html"))
	if !strings.Contains(string(page), "Bubble status as of 2024-06-28") || !strings.Contains(string(page), "NVDA") {
		t.Errorf("report.html lacks the title or a series")
	}
	code, _, stderr := runCLI(t, "monitor", "nvda", "--out", split, "--min-window", "200")
	if code != exitBadInput || !strings.Contains(stderr, "--min-window 120") {
		t.Errorf("changing --min-window: exit %d, %q; want exit 2 naming the stored setting", code, stderr)
	}
}

func TestMonitorBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk")
	if err := os.MkdirAll(junk, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(junk, monitorStateFile), []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"monitor", "nvda"}, "--out"},
		{[]string{"monitor", "nvda", "--out", filepath.Join(dir, "a"), "--to", "June"}, "--to"},
		{[]string{"monitor", "nosuchseries", "--out", filepath.Join(dir, "b"), "--reps", "20"}, "nosuchseries"},
		{[]string{"monitor", "nvda", "--out", filepath.Join(dir, "c"), "--min-window", "2"}, "minimum window"},
		{[]string{"monitor", "nvda", "--out", junk}, "not a monitor state"},
	} {
		code, _, stderr := runCLI(t, c.args...)
		if code != exitBadInput || !strings.Contains(stderr, c.want) {
			t.Errorf("bubblelab %s: exit %d, %q; want exit 2 with %q", strings.Join(c.args, " "), code, stderr, c.want)
		}
	}
}
