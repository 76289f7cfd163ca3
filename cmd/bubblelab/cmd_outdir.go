package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/bubblelab/bubblelab/internal/inputerr"
)

// checkOutFlag runs before every command: an --out that names a file, or
// a path under one, can never become the output folder, so it is bad
// input (exit 2) before the simulation or test runs rather than a failure
// (exit 1) when the results are written.
func checkOutFlag(cmd *cobra.Command, _ []string) error {
	f := cmd.Flags().Lookup("out")
	if f == nil || (!f.Changed && f.DefValue == "") {
		return nil
	}
	// Modes that print and exit write nothing to --out.
	for _, name := range []string{"list", "dump-scenario"} {
		if g := cmd.Flags().Lookup(name); g != nil && g.Changed {
			return nil
		}
	}
	return checkOutDir("--out", f.Value.String())
}

// checkOutDir reports dir as bad input when it, or the nearest part of it
// that exists, is not a folder. Other errors (permissions) are left to the
// writer, which names them.
func checkOutDir(flag, dir string) error {
	if dir == "" {
		return nil
	}
	for p := filepath.Clean(dir); ; {
		st, err := os.Stat(p)
		switch {
		case err == nil && !st.IsDir() && p == filepath.Clean(dir):
			return inputerr.New("", 0, flag, "%s is a file; name a folder for the results", dir)
		case err == nil && !st.IsDir():
			return inputerr.New("", 0, flag, "%s: %s is a file, so the folder cannot be created", dir, p)
		case err == nil || !(errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)):
			return nil
		}
		parent := filepath.Dir(p)
		if parent == p {
			return nil
		}
		p = parent
	}
}
