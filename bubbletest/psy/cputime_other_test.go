//go:build !unix

package psy

import "time"

// processCPU is not available on this platform; benchmarks report zero.
func processCPU() time.Duration { return 0 }
