package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteFailureKeepsOldContent(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	if err := WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Write(path, 0o644, func(w io.Writer) error {
		io.WriteString(w, "partial")
		return errors.New("interrupted")
	})
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "interrupted") {
		t.Fatalf("error = %v, want one naming %s and the cause", err, path)
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("content = %q, want the old content", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary file left behind: %d entries", len(entries))
	}
}

func TestWriteCreatesParentsAndSetsMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a", "b", "out.txt")
	if err := WriteFile(path, []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want 0600", st.Mode().Perm())
	}
	if b, _ := os.ReadFile(path); string(b) != "hello" {
		t.Errorf("content = %q", b)
	}
}

// A file can be committed under a name chosen once its content is known.
func TestCommitUnderAnotherName(t *testing.T) {
	dir := t.TempDir()
	f, err := Create(filepath.Join(dir, "part.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(filepath.Base(f.Name()), ".part.bin.tmp-") {
		t.Errorf("temporary name %s", f.Name())
	}
	io.WriteString(f, "data")
	final := filepath.Join(dir, "part-1234.bin")
	if err := f.Commit(final, 0o644); err != nil {
		t.Fatal(err)
	}
	f.Abort() // a no-op after Commit
	if b, _ := os.ReadFile(final); string(b) != "data" {
		t.Errorf("content %q", b)
	}
	if err := f.Commit(final, 0o644); err == nil {
		t.Error("second commit accepted")
	}
	g, _ := Create(filepath.Join(dir, "other"))
	g.Abort()
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d entries, want the committed file only", len(entries))
	}
}
