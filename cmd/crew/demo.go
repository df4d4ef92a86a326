package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newDemoCmd(s *streams) *cobra.Command {
	return &cobra.Command{
		Use:   "demo",
		Short: "Run the seed's programs in Go and time them",
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintln(s.out, "demo: under construction")
			return nil
		},
	}
}
