// Package atomicfile writes files so that a reader, or a crash, sees either the
// old content or the complete new content, never a partial file: data goes to a
// temporary file in the same directory, is synced, and is renamed over the target.
package atomicfile

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// WriteFile atomically replaces path with data, creating parent directories.
func WriteFile(path string, data []byte, perm os.FileMode) error {
	return Write(path, perm, func(w io.Writer) error {
		_, err := io.Copy(w, bytes.NewReader(data))
		return err
	})
}

// Write atomically replaces path with whatever fill writes. If fill returns an
// error the target is left untouched and the temporary file is removed.
func Write(path string, perm os.FileMode, fill func(w io.Writer) error) error {
	f, err := Create(path)
	if err != nil {
		return err
	}
	if err := fill(f); err != nil {
		f.Abort()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Commit(path, perm)
}

// File is a temporary file beside its target, named "." + the target's
// name + ".tmp-" + a random suffix, that becomes a real file on Commit.
type File struct {
	*os.File
	done bool
}

// Create creates the temporary file for path (and path's directory).
func Create(path string) (*File, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create directory %s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("create temporary file for %s: %w", path, err)
	}
	return &File{File: tmp}, nil
}

// Commit syncs and closes the file and renames it to path, which must be
// in the same directory as the path it was created for (its name may
// differ: a name that depends on the content, say). On error the
// temporary file is removed.
func (f *File) Commit(path string, perm os.FileMode) (err error) {
	if f.done {
		return fmt.Errorf("commit %s: file already committed or aborted", path)
	}
	f.done = true
	defer func() {
		if err != nil {
			f.File.Close()
			os.Remove(f.Name())
		}
	}()
	if err = f.Chmod(perm); err != nil {
		return fmt.Errorf("chmod %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	if err = f.File.Close(); err != nil {
		return fmt.Errorf("close %s: %w", path, err)
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("rename into %s: %w", path, err)
	}
	return nil
}

// Abort closes and removes the temporary file; after Commit it does
// nothing.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	f.File.Close()
	os.Remove(f.Name())
}
