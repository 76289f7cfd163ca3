package main

import (
	"fmt"
	"testing"

	"github.com/bubblelab/bubblelab/sim"
)

// A failed accounting check is a failure of the run (exit 1), not bad
// input and not an internal error, however deeply it is wrapped.
func TestAccountingCheckExitsOne(t *testing.T) {
	err := fmt.Errorf("run baseline: simulate 2027-03: %w", &sim.CheckError{Check: "balance sheets", Month: "2027-03", Account: "Oracle", RelError: 1e-4})
	if got := exitCode(err); got != exitFailure {
		t.Errorf("exit code %d for %v, want %d", got, err, exitFailure)
	}
}
