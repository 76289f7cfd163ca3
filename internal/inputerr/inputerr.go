// Package inputerr is the former home of the bad-input error type, now the
// public package github.com/bubblelab/bubblelab/inputerr so that researchers
// calling bubblelab's packages can errors.As it. The names here are aliases
// of that package's (the same type and functions), kept so that code still
// importing this path keeps building while its imports move over.
package inputerr

import "github.com/bubblelab/bubblelab/inputerr"

// Error is inputerr.Error.
type Error = inputerr.Error

// New is inputerr.New.
func New(file string, line int, field, format string, args ...any) *Error {
	return inputerr.New(file, line, field, format, args...)
}

// Wrap is inputerr.Wrap.
func Wrap(err error) error { return inputerr.Wrap(err) }

// Errorf is inputerr.Errorf.
func Errorf(format string, args ...any) error { return inputerr.Errorf(format, args...) }

// Is is inputerr.Is.
func Is(err error) bool { return inputerr.Is(err) }
