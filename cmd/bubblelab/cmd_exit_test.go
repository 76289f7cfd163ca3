package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExitCodes checks the documented exit codes on the command line: every
// bad command, argument, path or flag value is bad input (2) with a message
// that names it, and writes nothing to standard output.
func TestExitCodes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "file.txt")
	if err := os.WriteFile(file, []byte("not a sweep\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string // in the message
	}{
		{"unknown command", []string{"nosuch"}, `unknown command "nosuch"`},
		{"misspelt command", []string{"rnu"}, "did you mean run?"},
		{"unknown flag", []string{"run", "--no-such-flag"}, "--no-such-flag"},
		{"too many arguments", []string{"run", "a", "b"}, "takes at most 1 argument, got 2 (usage: bubblelab run [SCENARIO]"},
		{"run on a directory", []string{"run", dir, "--out", filepath.Join(dir, "out")}, dir + ": is a directory"},
		{"loops on a directory", []string{"loops", dir}, "is a directory"},
		{"stress on a directory", []string{"stress", dir, "--fail", "OpenAI"}, "is a directory"},
		{"detect on a directory", []string{"detect", dir}, "is a directory"},
		{"sweep on a directory", []string{"sweep", dir, "--out", filepath.Join(dir, "sw")}, "is a folder"},
		{"merge on a file", []string{"merge", file}, file + " is a file"},
		{"merge on a folder without a sweep", []string{"merge", dir}, "not a sweep output folder"},
		{"stress without a shock", []string{"stress"}, "no shock given"},
		// With a timeout far shorter than the Monte Carlo, a level checked
		// only after it would end in a timeout (exit 1), not exit 2.
		{"detect level before the Monte Carlo", []string{"detect", "sp500-pd", "--level", "0.5", "--reps", "100000", "--timeout", "2s"}, "--level"},
	}
	for _, tt := range tests {
		code, stdout, stderr := runCLI(t, tt.args...)
		if code != exitBadInput || !strings.Contains(stderr, tt.want) {
			t.Errorf("%s: bubblelab %s: exit %d, stderr %q; want exit 2 with %q", tt.name, strings.Join(tt.args, " "), code, stderr, tt.want)
		}
		if stdout != "" {
			t.Errorf("%s: wrote to stdout: %.200q", tt.name, stdout)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
		t.Error("run on a directory created its --out folder")
	}
}

// TestNoArgumentsPrintsHelp: the bare command is not an error.
func TestNoArgumentsPrintsHelp(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := runCLI(t)
	if code != exitOK || !strings.Contains(stdout, "Available Commands") || stderr != "" {
		t.Errorf("bubblelab: exit %d, stdout %.200q, stderr %q", code, stdout, stderr)
	}
}
