package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

// A panic in a command is an internal error (3) with a message saying so,
// not bad input (2, Go's own crash code) and not a plain failure.
func TestPanicExitsInternal(t *testing.T) {
	t.Parallel()
	var stderr bytes.Buffer
	root := &cobra.Command{Use: "bubblelab", SilenceErrors: true, SilenceUsage: true}
	root.AddCommand(&cobra.Command{Use: "boom", RunE: func(*cobra.Command, []string) error {
		var m map[string]int
		m["x"] = 1 // assignment to a nil map: a runtime panic
		return nil
	}})
	code := executeCmd(context.Background(), root, []string{"boom"}, &stderr)
	if code != exitInternal || !strings.Contains(stderr.String(), "internal error (a bug, not your input)") || !strings.Contains(stderr.String(), "nil map") {
		t.Errorf("exit %d, stderr %q; want 3 with the panic", code, stderr.String())
	}
}

// Ctrl-C stops a long analysis within a second and exits 130: here loops
// on a complete graph of 150 firms, whose cycle search from the first firm
// alone would never end (it ignored two SIGINTs before).
func TestInterruptExits130(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	for u := range 150 {
		for v := range 150 {
			if u != v {
				fmt.Fprintf(&b, "f%d f%d %d\n", u, v, 1+(u*v)%9)
			}
		}
	}
	edges := filepath.Join(t.TempDir(), "complete.txt")
	if err := os.WriteFile(edges, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		sig  os.Signal
		code int
	}{{os.Interrupt, 130}, {syscall.SIGTERM, 143}} {
		ctx, cancel := context.WithCancelCause(context.Background())
		var stdout, stderr bytes.Buffer
		codes := make(chan int, 1)
		go func() {
			codes <- execute(ctx, []string{"loops", "--edge-list", edges, "--count-only", "--max-len", "150", "--workers", "2"}, &stdout, &stderr)
		}()
		time.Sleep(300 * time.Millisecond) // into the search
		sent := time.Now()
		cancel(interrupted{tc.sig})
		select {
		case code := <-codes:
			if code != tc.code {
				t.Errorf("%v: exit %d, want %d (%s)", tc.sig, code, tc.code, stderr.String())
			}
			if d := time.Since(sent); d > time.Second {
				t.Errorf("%v: stopped %v after the signal", tc.sig, d)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("%v: loops still running 20 s after the signal", tc.sig)
		}
	}
}

// The supervisor's code for each way its child can end. The child is this
// test binary, running TestSupervisedChildHelper with a mode.
func TestSupervisorExitCodes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		mode string
		code int
		msg  string
	}{
		{"ok", exitOK, ""},
		{"bad-input", exitBadInput, ""},
		{"goroutine-panic", exitInternal, "internal error (a bug, not your input)"},
		{"stack-overflow", exitInternal, "internal error (a bug, not your input)"},
		{"sigkill", exitSignal + int(syscall.SIGKILL), "killed by signal killed"},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			t.Parallel()
			var stderr bytes.Buffer
			env := append(os.Environ(), "BUBBLELAB_TEST_CHILD="+tc.mode)
			code, err := superviseChild(os.Args[0], []string{os.Args[0], "-test.run=^TestSupervisedChildHelper$", "-test.count=1"}, env, &stderr)
			if err != nil {
				t.Fatal(err)
			}
			if code != tc.code || !strings.Contains(stderr.String(), tc.msg) {
				t.Errorf("exit %d, want %d with %q; stderr: %.2000s", code, tc.code, tc.msg, stderr.String())
			}
		})
	}
}

// TestSupervisedChildHelper is the child of TestSupervisorExitCodes; it does
// nothing in a normal test run.
func TestSupervisedChildHelper(t *testing.T) {
	mode := os.Getenv("BUBBLELAB_TEST_CHILD")
	if mode == "" || os.Getenv(supervisedEnv) != "child" {
		t.Skip("helper process only")
	}
	if _, ok := supervise(); ok {
		t.Fatal("the child supervised itself")
	}
	switch mode {
	case "ok":
		os.Exit(0)
	case "bad-input":
		os.Exit(exitBadInput)
	case "goroutine-panic":
		go func() { panic("boom in a worker") }()
		select {}
	case "stack-overflow":
		debug.SetMaxStack(16 << 20) // overflow in milliseconds, not after 1 GB
		var recurse func(int) int
		recurse = func(n int) int { return recurse(n+1) + 1 }
		recurse(0)
	case "sigkill":
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {}
	}
}
