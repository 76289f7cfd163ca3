package main

import (
	"github.com/spf13/cobra"

	"github.com/bubblelab/bubblelab/internal/inputerr"
)

// newValidateCmd groups the checks of model blocks against published results.
func newValidateCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "validate",
		Short: "Check model blocks against the published results they reproduce",
		Long: `validate runs a model block many times and compares what it produces with the
published results it is meant to reproduce.

  fw   the Franke & Westerhoff (2012) trader block against the stylised facts
       of daily S&P 500 returns`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return inputerr.Errorf("validate: unknown check %q (see 'bubblelab validate --help')", args[0])
			}
			return cmd.Help()
		},
	}
	cmd.AddCommand(newValidateFWCmd())
	return cmd
}
