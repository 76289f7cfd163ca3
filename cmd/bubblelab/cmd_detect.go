package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// PLACEHOLDER: replaced by the owner of this command.
func newDetectCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "detect",
		Short: "(not built yet)",
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("detect: not built yet")
		},
	}
}
