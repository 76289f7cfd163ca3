package report

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/bubblelab/bubblelab/dataset"
	"github.com/bubblelab/bubblelab/scenario"
	"github.com/bubblelab/bubblelab/sim"
)

// runCache holds the runs the tests share, computed once per process.
type runCache struct {
	mu   sync.Mutex
	runs map[string]*sim.Result
}

var testRuns = &runCache{runs: map[string]*sim.Result{}}

// testRun runs a built-in scenario for months months with seed 1 (0: the
// scenario's own horizon).
func testRun(t testing.TB, name string, months int) *sim.Result {
	t.Helper()
	key := fmt.Sprintf("%s/%d", name, months)
	testRuns.mu.Lock()
	defer testRuns.mu.Unlock()
	if r, ok := testRuns.runs[key]; ok {
		return r
	}
	p, err := scenario.Builtin(name)
	if err != nil {
		t.Fatal(err)
	}
	if months > 0 {
		p.Months = months
	}
	in, err := sim.DefaultInputs()
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(context.Background(), p, in, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	testRuns.runs[key] = res
	return res
}

func mustFacts(t testing.TB) []dataset.MacroFact {
	t.Helper()
	f, err := dataset.DefaultMacroFacts()
	if err != nil {
		t.Fatal(err)
	}
	return f
}
