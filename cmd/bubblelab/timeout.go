package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/pflag"
)

// addTimeoutFlag registers --timeout, the wall-clock limit of a long
// analysis (loops, stress, detect, monitor).
func addTimeoutFlag(f *pflag.FlagSet, d *time.Duration) {
	f.DurationVar(d, "timeout", 0, "stop the analysis after this long, e.g. 30s or 10m (0: no limit); Ctrl-C stops it too")
}

// withTimeout runs fn under ctx limited to d (no limit when d is 0) and
// names the flag when the limit is what stopped it.
func withTimeout(ctx context.Context, d time.Duration, fn func(context.Context) error) error {
	if d < 0 {
		return fmt.Errorf("--timeout %v is negative", d)
	}
	if d > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, d)
		defer cancel()
	}
	err := fn(ctx)
	if err != nil && errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("stopped after --timeout %v: %w", d, err)
	}
	return err
}
