package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"runtime/debug"
	"syscall"
)

// supervisedEnv tells a bubblelab process what it is: "child" is the
// supervised child, whose crash reports go to file descriptor 3 as well as
// standard error; "off" runs the command in one process (a crash then
// exits 2, Go's own code). Unset: this process is the supervisor.
const supervisedEnv = "BUBBLELAB_SUPERVISED"

// crashFD is the child's descriptor for crash reports.
const crashFD = 3

// supervise runs this command line in a child process and returns its exit
// code, with true, unless this process is the child or supervision is off
// (then false, and the caller runs the command itself).
//
// Go's runtime exits 2 on an unrecovered panic in any goroutine and on a
// fatal error such as a stack overflow, and nothing inside the process can
// change that code. The child therefore sends its crash reports to a pipe
// too (debug.SetCrashOutput), and the supervisor exits 3 when the pipe
// carried one. The child shares standard input, output and error and the
// process group, so Ctrl-C reaches it directly; signals sent to the
// supervisor alone are passed on, and the child is killed if the
// supervisor dies.
func supervise() (int, bool) {
	switch os.Getenv(supervisedEnv) {
	case "off":
		return 0, false
	case "child":
		if f := os.NewFile(crashFD, "crash-report"); f != nil {
			syscall.CloseOnExec(crashFD) // not inherited by the child's own children
			if err := debug.SetCrashOutput(f, debug.CrashOptions{}); err == nil {
				f.Close() // SetCrashOutput keeps its own copy
			}
		}
		return 0, false
	}
	exe, err := os.Executable()
	if err != nil {
		return 0, false // run in this process: only the crash code is lost
	}
	code, err := superviseChild(exe, os.Args, os.Environ(), os.Stderr)
	if err != nil {
		return 0, false
	}
	return code, true
}

// superviseChild runs exe with args (args[0] is the name it is given) and
// the environment env as the supervised child and returns the exit code to report. An error means
// the child could not be started.
func superviseChild(exe string, args, env []string, stderr io.Writer) (int, error) {
	pr, pw, err := os.Pipe()
	if err != nil {
		return 0, err
	}
	defer pr.Close()
	cmd := exec.Command(exe, args[1:]...)
	cmd.Args[0] = args[0]
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, stderr
	cmd.ExtraFiles = []*os.File{pw} // descriptor 3 == crashFD
	cmd.Env = append(env, supervisedEnv+"=child")
	// Pdeathsig fires when the thread that started the child ends, so
	// this goroutine keeps its thread until the process exits.
	runtime.LockOSThread()
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)
	if err := cmd.Start(); err != nil {
		pw.Close()
		return 0, err
	}
	pw.Close()
	report := make(chan int64, 1)
	go func() {
		n, _ := io.Copy(io.Discard, pr) // the trace itself is on standard error
		report <- n
	}()
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for {
			select {
			case s := <-sigs:
				// A Ctrl-C reaches the child from the terminal too; a
				// second copy changes nothing, as the child absorbs it.
				cmd.Process.Signal(s)
			case <-stop:
				return
			}
		}
	}()
	err = cmd.Wait()
	crashed := <-report > 0
	return childCode(err, crashed, stderr), nil
}

// childCode is the exit code that reports how the child ended.
func childCode(err error, crashed bool, stderr io.Writer) int {
	if crashed {
		fmt.Fprintln(stderr, "bubblelab: internal error (a bug, not your input): the program crashed; please report the trace above")
		return exitInternal
	}
	if err == nil {
		return exitOK
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		fmt.Fprintf(stderr, "bubblelab: %v\n", err)
		return exitFailure
	}
	if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		hint := ""
		if ws.Signal() == syscall.SIGKILL {
			hint = " (the system may have run out of memory)"
		}
		fmt.Fprintf(stderr, "bubblelab: killed by signal %v%s\n", ws.Signal(), hint)
		return signalCode(ws.Signal())
	}
	return ee.ExitCode()
}
