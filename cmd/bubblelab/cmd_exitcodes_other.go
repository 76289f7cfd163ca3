//go:build !linux

package main

// supervise runs the command in this process on systems other than Linux,
// which lack the parent-death signal that keeps a supervised child from
// outliving its supervisor; a Go crash there exits 2, Go's own code.
func supervise() (int, bool) { return 0, false }
