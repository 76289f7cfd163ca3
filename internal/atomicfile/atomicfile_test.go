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
