// Command bubblelab simulates and measures speculative investment booms.
//
// Exit codes: 0 success, 1 failure, 2 bad input (malformed files, unknown
// firms, invalid flags). See `bubblelab --help`.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/bubblelab/bubblelab/internal/inputerr"
)

// Exit codes of the bubblelab binary.
const (
	exitOK       = 0
	exitFailure  = 1
	exitBadInput = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(execute(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// execute runs the command line args and returns the process exit code.
func execute(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRootCmd(stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	fmt.Fprintf(stderr, "bubblelab: %v\n", err)
	return exitCode(err)
}

// exitCode maps an error to the documented exit code: bad input (including
// command-line usage errors) is 2, everything else 1.
func exitCode(err error) int {
	switch {
	case err == nil:
		return exitOK
	case inputerr.Is(err), errors.Is(err, errUsage):
		return exitBadInput
	default:
		return exitFailure
	}
}
