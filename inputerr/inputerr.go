// Package inputerr marks errors caused by bad user input (a malformed file, an
// unknown firm, a negative amount, a bad flag) so that the command line can map
// them to exit code 2 while keeping the cause available to errors.Unwrap.
//
// Every bubblelab package that reads user input (dataset, scenario, sweep,
// netflow, contagion/dealnet, bubbletest/...) returns an *Error, possibly
// wrapped, for input that is wrong rather than a failure of the program, so
// a caller can tell the two apart:
//
//	var bad *inputerr.Error
//	if errors.As(err, &bad) {
//		fmt.Printf("fix %s line %d: %v\n", bad.File, bad.Line, bad.Err)
//	}
//
// Errors from other code can join the scheme without importing this package
// by implementing BadInput() bool; Is honours that method too.
package inputerr

import (
	"errors"
	"fmt"
	"strings"
)

// Error is bad input at a known place. File, Line and Field are optional; the
// message names whichever are set, in the form "file:line: field: reason".
type Error struct {
	File  string // path of the offending file, if any
	Line  int    // 1-based line number, 0 when unknown
	Field string // column or key name, if any
	Err   error  // the reason
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
		}
		b.WriteString(": ")
	} else if e.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, "field %s: ", e.Field)
	}
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	} else {
		b.WriteString("invalid input")
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// BadInput reports true: the error is the user's to fix.
func (e *Error) BadInput() bool { return true }

// New returns an *Error for file, line and field with a formatted reason.
func New(file string, line int, field, format string, args ...any) *Error {
	return &Error{File: file, Line: line, Field: field, Err: fmt.Errorf(format, args...)}
}

// Wrap marks err as bad input without a location. It returns nil for a nil err.
func Wrap(err error) error {
	if err == nil {
		return nil
	}
	var ie *Error
	if errors.As(err, &ie) {
		return err
	}
	return &Error{Err: err}
}

// Errorf is fmt.Errorf whose result is marked as bad input.
func Errorf(format string, args ...any) error {
	return &Error{Err: fmt.Errorf(format, args...)}
}

// Is reports whether err, or anything it wraps, is bad input: an *Error or
// an error whose BadInput method reports true.
func Is(err error) bool {
	var bi interface{ BadInput() bool }
	return errors.As(err, &bi) && bi.BadInput()
}
