package netflow

import (
	"context"
	"errors"
	"testing"
	"time"
)

// Cancellation reaches inside one root's search: on a complete digraph of
// 150 nodes the search from node 0 alone would take longer than the age of
// the universe, so a context polled only between roots is never seen.
func TestCyclesCancelInsideSearch(t *testing.T) {
	t.Parallel()
	g := completeDigraph(t, 150, false)
	const deadline = 50 * time.Millisecond
	for _, tc := range []struct {
		name string
		run  func(ctx context.Context) error
	}{
		{"CountCycles", func(ctx context.Context) error {
			_, err := CountCycles(ctx, g, CycleOptions{MaxLen: 150, Workers: 2})
			return err
		}},
		{"TopCycles", func(ctx context.Context) error {
			_, _, err := TopCycles(ctx, g, CycleOptions{MaxLen: 150, Workers: 2}, 10)
			return err
		}},
		{"EachCycle", func(ctx context.Context) error {
			return EachCycle(ctx, g, CycleOptions{MaxLen: 150, Workers: 2}, func(Cycle) error { return nil })
		}},
		{"EachCycle one worker, default length", func(ctx context.Context) error {
			return EachCycle(ctx, g, CycleOptions{Workers: 1}, func(Cycle) error { return nil })
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), deadline)
			defer cancel()
			start := time.Now()
			errc := make(chan error, 1)
			go func() { errc <- tc.run(ctx) }()
			select {
			case err := <-errc:
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("got %v, want the deadline", err)
				}
				// The bound is one second after the deadline.
				if late := time.Since(start) - deadline; late > time.Second {
					t.Errorf("stopped %v after the deadline", late)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("still searching 10 s after a 50 ms deadline")
			}
		})
	}
}

// A search that is not cancelled is not cut short by the polling: the
// counts on a complete digraph stay exact with polls in every root.
func TestCyclesPollingKeepsCounts(t *testing.T) {
	t.Parallel()
	g := completeDigraph(t, 9, false) // many polls per root
	c, err := CountCycles(context.Background(), g, CycleOptions{MaxLen: 9, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	want := int64(0)
	for k := 2; k <= 9; k++ {
		want += completeCycles(9, k)
	}
	if c.Total != want {
		t.Errorf("K9: %d cycles, want %d", c.Total, want)
	}
}
