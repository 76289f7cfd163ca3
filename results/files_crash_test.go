package results

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// snapshot returns the files under dir and their contents.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		got[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func fileSet(dir, content string, names ...string) *FileSet {
	s := NewFileSet(dir)
	for _, n := range names {
		s.Add(n, func(w io.Writer) error { _, err := io.WriteString(w, content+" "+n+"\n"); return err })
	}
	return s
}

// A process killed at any step of Commit (before any file, between files,
// before the commit point, between renames, before the clean-up) leaves a
// folder that the next Commit or Recover turns into the old set or the new
// set, never a mix, with no staging folder left once it is stale. Before,
// files were renamed in one at a time with nothing to finish the move, and
// staging folders stayed for good.
func TestFileSetKillAtEveryStep(t *testing.T) {
	t.Parallel()
	names := []string{"a.csv", "b.parquet", "sub/c.json", "z.html"}
	var steps []string
	probe := fileSet(t.TempDir(), "new", names...)
	probe.crash = func(step string) bool { steps = append(steps, step); return false }
	if err := probe.Commit(); err != nil {
		t.Fatal(err)
	}
	if len(steps) != 2*len(names)+2 {
		t.Fatalf("steps %v", steps)
	}
	user := map[string]string{"mine.txt": "a user's own file\n"} // a folder may hold other files
	for i, step := range steps {
		dir := t.TempDir()
		old := fileSet(dir, "old", names...)
		if err := old.Commit(); err != nil {
			t.Fatal(err)
		}
		for n, c := range user {
			os.WriteFile(filepath.Join(dir, n), []byte(c), 0o644)
		}
		oldFiles := snapshot(t, dir)

		next := fileSet(dir, "new", names...)
		next.crash = func(s string) bool { return s == step }
		if err := next.Commit(); !errors.Is(err, errCrashed) {
			t.Fatalf("step %s: %v", step, err)
		}
		if err := Recover(dir); err != nil {
			t.Fatalf("step %s: recover: %v", step, err)
		}
		got := snapshot(t, dir)
		var want map[string]string
		if committed := i > len(names); committed { // the list was written
			want = snapshot(t, probe.dir)
			for n, c := range user {
				want[n] = c
			}
		} else {
			want = oldFiles
		}
		delete(got, ".complete")
		for n := range got {
			if strings.HasPrefix(n, stagingPrefix) {
				delete(got, n) // checked below
			}
		}
		if !sameMap(got, want) {
			t.Errorf("killed at %q: after recovery the folder holds %v, want %v", step, got, want)
		}
		// The abandoned staging folder goes once it is stale.
		stages, _ := filepath.Glob(filepath.Join(dir, stagingPrefix+"*"))
		for _, st := range stages {
			past := time.Now().Add(-2 * StaleAfter)
			filepath.WalkDir(st, func(p string, _ os.DirEntry, _ error) error { return os.Chtimes(p, past, past) })
		}
		if err := Recover(dir); err != nil {
			t.Fatal(err)
		}
		if left, _ := filepath.Glob(filepath.Join(dir, stagingPrefix+"*")); len(left) != 0 {
			t.Errorf("killed at %q: staging left behind: %v", step, left)
		}
		if got := snapshot(t, dir); !sameMap(got, want) {
			t.Errorf("killed at %q: cleaning changed the folder to %v", step, got)
		}
	}
}

// A fresh staging folder is not taken for an abandoned one: it may belong
// to a Commit still writing.
func TestRecoverKeepsFreshStaging(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	live := filepath.Join(dir, stagingPrefix+"live")
	if err := os.MkdirAll(live, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(live, "a.csv"), []byte("half"), 0o644)
	if err := Recover(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(live); err != nil {
		t.Errorf("a live staging folder was removed: %v", err)
	}
	// An earlier version's abandoned staging folder is cleaned; a user's
	// folder that merely starts with .staging is not.
	legacy := filepath.Join(dir, ".staging-123456")
	mine := filepath.Join(dir, ".staging-notes")
	for _, d := range []string{legacy, mine} {
		os.MkdirAll(d, 0o755)
		past := time.Now().Add(-2 * StaleAfter)
		os.Chtimes(d, past, past)
	}
	if err := Recover(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(legacy); err == nil {
		t.Error("an old version's abandoned staging folder was kept")
	}
	if _, err := os.Stat(mine); err != nil {
		t.Errorf("a user's folder was removed: %v", err)
	}
	// A list naming a path outside the folder is refused, not followed.
	bad := filepath.Join(dir, stagingPrefix+"bad")
	os.MkdirAll(bad, 0o755)
	os.WriteFile(filepath.Join(bad, completeList), []byte("../escape\n"), 0o644)
	if err := Recover(dir); err == nil || !strings.Contains(err.Error(), "leaves the folder") {
		t.Errorf("list with ../escape: %v", err)
	}
}

func sameMap(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
