// Command bubblelab simulates and measures speculative investment booms.
//
// Exit codes: 0 success, 1 failure, 2 bad input (malformed files, unknown
// firms, invalid flags), 3 internal error (a bug: a crash, reported with
// its trace), 128+N stopped by signal N (130 for Ctrl-C, 143 for SIGTERM).
// See `bubblelab --help` and README.md.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/bubblelab/bubblelab/internal/inputerr"
	"github.com/spf13/cobra"
)

// Exit codes of the bubblelab binary.
const (
	exitOK       = 0
	exitFailure  = 1
	exitBadInput = 2
	// exitInternal is a bug: a panic or a Go runtime crash. Go itself
	// exits 2 on a crash, which would read as bad input.
	exitInternal = 3
	// exitSignal plus the signal's number is the code of a command stopped
	// by a signal, as shells report it (130 for Ctrl-C).
	exitSignal = 128
)

func main() {
	// Unless it is the supervised child (or supervision is off), the
	// process runs the command in a child and maps its crashes to exit 3;
	// see supervise.
	if code, ok := supervise(); ok {
		os.Exit(code)
	}
	ctx, stop := interruptContext()
	defer stop()
	os.Exit(execute(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// interrupted is the cause of the context cancelled by a signal.
type interrupted struct{ sig os.Signal }

func (e interrupted) Error() string { return "stopped by signal: " + e.sig.String() }

// interruptContext returns a context cancelled, with cause interrupted, by
// the first Ctrl-C or SIGTERM (later ones are absorbed: commands unwind and
// keep what they finished).
func interruptContext() (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-sigs:
			cancel(interrupted{s})
		case <-done:
		}
	}()
	return ctx, func() {
		close(done)
		cancel(nil)
	}
}

// signalCode is the exit code of a command stopped by sig.
func signalCode(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return exitSignal + int(s)
	}
	return exitSignal + int(syscall.SIGINT)
}

// execute runs the command line args and returns the process exit code.
func execute(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return executeCmd(ctx, newRootCmd(stdout, stderr), args, stderr)
}

// executeCmd runs root with args. A panic in the command's goroutine is
// recovered and reported as an internal error (exit 3); a command that
// fails after a signal cancelled ctx exits 128+signal. A command that
// finishes cleanly after a signal (serve shuts down gracefully) exits 0.
func executeCmd(ctx context.Context, root *cobra.Command, args []string, stderr io.Writer) (code int) {
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(stderr, "bubblelab: internal error (a bug, not your input): %v\n%s\nbubblelab: please report this message and its trace\n", p, debug.Stack())
			code = exitInternal
		}
	}()
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var sig interrupted
	if errors.As(context.Cause(ctx), &sig) {
		fmt.Fprintf(stderr, "bubblelab: %v (%v)\n", err, sig)
		return signalCode(sig.sig)
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
