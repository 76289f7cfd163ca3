package results

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/bubblelab/bubblelab/internal/atomicfile"
)

// FileSet is a set of output files written together: all of them or none.
//
// Commit stages every file in a hidden folder inside the set's directory
// (.bubblelab-staging-*), then writes a list of the files there (.complete, the
// commit point) and renames them into place one by one. A process killed
// before the list is written leaves the old files untouched; one killed
// while renaming leaves the list, and the next Commit into the directory
// (or Recover) first moves the rest of the files into place, so a
// directory is never left mixed for good. Uncommitted staging folders of
// killed processes are deleted by a later Commit once nothing has touched
// them for StaleAfter. The directory is not replaced as a whole: callers
// write into folders that hold other files (an --svg beside a user's own).
type FileSet struct {
	dir   string
	files map[string]func(io.Writer) error
	// crash, set by tests, is asked before each step whether the process
	// dies there; Commit then returns errCrashed at once, cleaning up
	// nothing, as SIGKILL would.
	crash func(step string) bool
}

// StaleAfter is how long an uncommitted staging folder must have been left
// alone before a later Commit deletes it as the remains of a killed
// process (a live Commit touches its folder whenever it writes a file).
const StaleAfter = 10 * time.Minute

const (
	// stagingPrefix names staging folders specifically enough that
	// Recover never takes a user's own folder for one.
	stagingPrefix = ".bubblelab-staging-"
	completeList  = ".complete"
)

// legacyStaging matches the staging folders of earlier versions
// (os.MkdirTemp(dir, ".staging-")), which killed processes left behind.
var legacyStaging = regexp.MustCompile(`^\.staging-[0-9]+$`)

var errCrashed = errors.New("simulated crash")

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

func (s *FileSet) crashed(step string) bool { return s.crash != nil && s.crash(step) }

// Commit writes every file into a hidden staging folder inside dir and, once
// all are complete, renames each into place. If any file fails, nothing in
// dir changes. What an interrupted Commit left in dir is finished or
// removed first (see FileSet).
func (s *FileSet) Commit() error {
	if err := os.MkdirAll(s.dir, 0o755); err != nil {
		return fmt.Errorf("create output directory %s: %w", s.dir, err)
	}
	if err := Recover(s.dir); err != nil {
		return err
	}
	stage, err := os.MkdirTemp(s.dir, stagingPrefix)
	if err != nil {
		return fmt.Errorf("create staging directory in %s: %w", s.dir, err)
	}
	names := s.Names()
	for _, n := range names {
		if s.crashed("write " + n) {
			return errCrashed
		}
		if err := atomicfile.Write(filepath.Join(stage, n), 0o644, s.files[n]); err != nil {
			os.RemoveAll(stage)
			return err
		}
	}
	if s.crashed("list") {
		return errCrashed
	}
	if err := atomicfile.WriteFile(filepath.Join(stage, completeList), []byte(strings.Join(names, "\n")+"\n"), 0o644); err != nil {
		os.RemoveAll(stage)
		return err
	}
	if err := moveInto(s.dir, stage, names, s.crashed); err != nil {
		return err
	}
	return nil
}

// Recover finishes the commits into dir that a killed process left
// half-moved and removes staging folders abandoned before their commit
// point for longer than StaleAfter. Commit calls it first.
func Recover(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return fmt.Errorf("read %s: %w", dir, err)
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), stagingPrefix) && !legacyStaging.MatchString(e.Name()) {
			continue
		}
		stage := filepath.Join(dir, e.Name())
		names, err := readList(filepath.Join(stage, completeList))
		switch {
		case err == nil:
			if err := moveInto(dir, stage, names, nil); err != nil {
				return fmt.Errorf("finish an interrupted write into %s: %w", dir, err)
			}
		case errors.Is(err, fs.ErrNotExist):
			if stale(stage) {
				if err := os.RemoveAll(stage); err != nil {
					return fmt.Errorf("remove abandoned %s: %w", stage, err)
				}
			}
		default:
			return err
		}
	}
	return nil
}

// moveInto renames the staged files into dir and removes the staging
// folder. A file already gone from the staging folder was moved by an
// earlier, interrupted attempt (or by a concurrent Recover) and is skipped.
func moveInto(dir, stage string, names []string, crashed func(string) bool) error {
	for _, n := range names {
		if crashed != nil && crashed("rename "+n) {
			return errCrashed
		}
		dst := filepath.Join(dir, n)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return fmt.Errorf("create %s: %w", filepath.Dir(dst), err)
		}
		if err := os.Rename(filepath.Join(stage, n), dst); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("move %s into place: %w", dst, err)
		}
	}
	if crashed != nil && crashed("clean") {
		return errCrashed
	}
	syncDir(dir)
	return os.RemoveAll(stage)
}

// readList reads a staging folder's list of files, refusing names that
// would leave the directory.
func readList(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var names []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		n := sc.Text()
		if n == "" {
			continue
		}
		if !filepath.IsLocal(n) {
			return nil, fmt.Errorf("%s: file name %q leaves the folder", path, n)
		}
		names = append(names, n)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return names, nil
}

// stale reports whether nothing in the staging folder has changed for
// StaleAfter.
func stale(stage string) bool {
	newest := time.Time{}
	filepath.WalkDir(stage, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if info, err := d.Info(); err == nil && info.ModTime().After(newest) {
			newest = info.ModTime()
		}
		return nil
	})
	return time.Since(newest) > StaleAfter
}

// syncDir makes the renames into dir durable where the system allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
