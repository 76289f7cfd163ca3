package results

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/bubblelab/bubblelab/internal/atomicfile"
)

// FileSet is a set of output files written together: all of them or none.
type FileSet struct {
	dir   string
	files map[string]func(io.Writer) error
}

// NewFileSet returns an empty set of files for dir.
func NewFileSet(dir string) *FileSet {
	return &FileSet{dir: dir, files: map[string]func(io.Writer) error{}}
}

// Add schedules the file name (relative to the set's directory), whose
// content fill writes.
func (s *FileSet) Add(name string, fill func(io.Writer) error) {
	s.files[name] = fill
}

// Names lists the files of the set in order.
func (s *FileSet) Names() []string {
	names := make([]string, 0, len(s.files))
	for n := range s.files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Commit writes every file into a hidden staging folder inside dir and, once
// all are complete, renames each into place. If any file fails, nothing in
// dir changes.
func (s *FileSet) Commit() error {
	if err := os.MkdirAll(s.dir, 0o755); err != nil {
		return fmt.Errorf("create output directory %s: %w", s.dir, err)
	}
	stage, err := os.MkdirTemp(s.dir, ".staging-")
	if err != nil {
		return fmt.Errorf("create staging directory in %s: %w", s.dir, err)
	}
	defer os.RemoveAll(stage)
	names := s.Names()
	for _, n := range names {
		if err := atomicfile.Write(filepath.Join(stage, n), 0o644, s.files[n]); err != nil {
			return err
		}
	}
	for _, n := range names {
		dst := filepath.Join(s.dir, n)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return fmt.Errorf("create %s: %w", filepath.Dir(dst), err)
		}
		if err := os.Rename(filepath.Join(stage, n), dst); err != nil {
			return fmt.Errorf("move %s into place: %w", dst, err)
		}
	}
	return nil
}
