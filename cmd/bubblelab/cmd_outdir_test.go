package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An --out that cannot be a folder is bad input before any work: the
// commands that simulate or test first would otherwise fail at the end.
func TestOutIsAFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	under := filepath.Join(file, "sub")
	for _, args := range [][]string{
		{"run", "baseline", "--out", file},
		{"run", "baseline", "--out", under},
		{"loops", "--out", file},
		{"stress", "--fail", "OpenAI", "--out", file},
		{"detect", "sp500-pd", "--out", under},
		{"compare", "baseline", "early-burst", "--out", file},
		{"claims", "--out", file},
	} {
		code, stdout, stderr := runCLI(t, args...)
		if code != exitBadInput || !strings.Contains(stderr, "--out") || !strings.Contains(stderr, file) || stdout != "" {
			t.Errorf("bubblelab %s: exit %d, stdout %.100q, stderr %q; want exit 2 naming --out and %s", strings.Join(args, " "), code, stdout, stderr, file)
		}
	}
	// Modes that only print ignore --out.
	if code, _, stderr := runCLI(t, "run", "--list", "--out", file); code != exitOK {
		t.Errorf("run --list with --out naming a file: exit %d: %s", code, stderr)
	}
	// A folder that does not exist yet, under one that does, is fine.
	if err := checkOutDir("--out", filepath.Join(dir, "new", "deeper")); err != nil {
		t.Error(err)
	}
}
