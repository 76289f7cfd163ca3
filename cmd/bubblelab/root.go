package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

// errUsage marks command-line usage errors (unknown flag, wrong argument count).
var errUsage = errors.New("usage")

type usageError struct{ err error }

func (e usageError) Error() string        { return e.err.Error() }
func (e usageError) Is(target error) bool { return target == errUsage }
func (e usageError) Unwrap() error        { return e.err }

// newRootCmd builds the command tree. Every subcommand writes through the
// given writers so tests can capture output.
func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "bubblelab",
		Short: "Simulate and measure speculative investment booms (built around the AI boom)",
		Long: `bubblelab simulates the AI investment boom as an agent-based, stock-flow-consistent
economy with money-provenance tracing, and measures real data against it: circular
financing in deal networks, bubble tests on price series, default cascades.

Exit codes: 0 success, 1 failure, 2 bad input, 3 internal error (a bug),
130 interrupted by Ctrl-C (128+N for signal N).`,
		SilenceUsage:      true,
		SilenceErrors:     true,
		PersistentPreRunE: checkOutFlag,
		// The root runs so that an unknown command reaches unknownCommand
		// (cobra's own error for it is not a usage error, exit 1).
		Args: cobra.ArbitraryArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return c.Help()
			}
			return unknownCommand(c, args[0])
		},
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{fmt.Errorf("%s: %w (see '%s --help')", c.CommandPath(), err, c.CommandPath())}
	})
	root.AddCommand(
		newRunCmd(),
		newLoopsCmd(),
		newStressCmd(),
		newDetectCmd(),
		newValidateCmd(),
		newSweepCmd(),
		newMergeCmd(),
		newServeCmd(),
		newCompareCmd(),
		newClaimsCmd(),
		newDataCmd(),
		newCalibrateCmd(),
		newMonitorCmd(),
	)
	return root
}

// rangeArgs is cobra.RangeArgs with errors marked as usage errors.
func rangeArgs(min, max int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) >= min && len(args) <= max {
			return nil
		}
		// Say what the arguments are (from the usage line), not cobra's
		// "accepts between 1 and 1 arg(s)".
		var want string
		switch {
		case min == max:
			want = fmt.Sprintf("takes %s", plural(min, "argument"))
		case max >= 1<<16:
			want = fmt.Sprintf("takes at least %s", plural(min, "argument"))
		case min == 0:
			want = fmt.Sprintf("takes at most %s", plural(max, "argument"))
		default:
			want = fmt.Sprintf("takes %d to %d arguments", min, max)
		}
		return usageError{fmt.Errorf("%s %s, got %d (usage: %s)", cmd.CommandPath(), want, len(args), cmd.UseLine())}
	}
}

// unknownCommand is the usage error for a first argument that names no
// command: it lists the commands, and the nearest one when there is one.
func unknownCommand(root *cobra.Command, name string) error {
	var names []string
	for _, c := range root.Commands() {
		if c.IsAvailableCommand() {
			names = append(names, c.Name())
		}
	}
	if root.SuggestionsMinimumDistance <= 0 {
		root.SuggestionsMinimumDistance = 2
	}
	hint := ""
	if s := root.SuggestionsFor(name); len(s) > 0 {
		hint = fmt.Sprintf("did you mean %s? ", strings.Join(s, " or "))
	}
	return usageError{fmt.Errorf("unknown command %q; %sthe commands are %s (see 'bubblelab --help')", name, hint, strings.Join(names, ", "))}
}

// plural writes n and the noun, with an s unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
