package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/crewrun/crew/compare"
	"github.com/spf13/cobra"
)

// adviseOptions are crew advise's flags (also crew compare --task's).
type adviseOptions struct {
	runs  int
	json  bool
	quiet bool
}

func (o *adviseOptions) flags(cmd *cobra.Command) {
	cmd.Flags().IntVar(&o.runs, "runs", 3, "runs of the command one at a time (then a round at -j cores and one at -j 4×cores)")
}

func newAdviseCmd(s *streams) *cobra.Command {
	o := &adviseOptions{}
	cmd := &cobra.Command{
		Use:   "advise CMD [ARG...]",
		Short: "Run a sample of a command and say whether it waits or computes, and which -j to use",
		Long: `crew advise runs a command (with sh -c) a few times one at a time, then a round of
copies at -j cores and one at -j 4×cores. From the CPU time (user+sys, of the
command and its children) against the wall time it classifies the command
I/O-bound, CPU-bound or mixed, and says which model and -j to use, with the
measurement behind the advice. Several arguments are joined with spaces.`,
		Example: `  crew advise 'curl -s https://example.com > /dev/null'
  crew advise 'xz -9 < big.tar > /dev/null'
  crew advise --json sleep 0.2`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return o.run(cmd, s, strings.Join(args, " "))
		},
	}
	o.flags(cmd)
	cmd.Flags().BoolVar(&o.json, "json", false, "print the advice and its measurement as JSON")
	cmd.Flags().BoolVarP(&o.quiet, "quiet", "q", false, "no progress lines on stderr")
	cmd.Flags().SetInterspersed(false)
	return cmd
}

func (o *adviseOptions) run(cmd *cobra.Command, s *streams, command string) error {
	if o.runs < 1 {
		return fmt.Errorf("advise: bad --runs %d: want at least 1", o.runs)
	}
	opts := compare.AdviseOptions{Runs: o.runs}
	if !o.quiet {
		opts.Progress = func(format string, args ...any) {
			fmt.Fprintf(s.errOut, "advise: "+format+"\n", args...)
		}
	}
	a, err := compare.Advise(cmd.Context(), command, opts)
	if err != nil {
		return err
	}
	if o.json {
		enc := json.NewEncoder(s.out)
		enc.SetIndent("", "  ")
		return enc.Encode(a)
	}
	_, err = fmt.Fprint(s.out, a.String())
	return err
}
