package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

// streams are the terminal I/O a command uses; tests pass buffers.
type streams struct {
	in     io.Reader
	out    io.Writer
	errOut io.Writer
}

// exitError carries a command's exit status. A command that wants a status
// other than 0 (success) or 255 (any other error) returns one.
type exitError struct {
	code int
	err  error // nil when the command has already reported the failure
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// newRootCmd builds the crew command tree.
func newRootCmd(s *streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "crew",
		Short: "Run many tasks well: concurrently, in parallel, in processes",
		Long: `crew runs many tasks well: concurrently when they wait, in parallel when they
compute, in isolated processes when they must not hurt each other, and tells
you which of these your task needs.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	// crew --version prints what crew version prints.
	root.Version = versionLine()
	root.SetVersionTemplate("{{.Version}}\n")
	root.SetIn(s.in)
	root.SetOut(s.out)
	root.SetErr(s.errOut)
	for _, add := range []func(*streams) *cobra.Command{
		newDemoCmd,
		newVersionCmd,
		newRunCmd,
		newSemCmd,
		newCompareCmd,
		newAdviseCmd,
	} {
		root.AddCommand(add(s))
	}
	return root
}

// execute runs the crew command line and returns the process exit status.
func execute(ctx context.Context, args []string, in io.Reader, out, errOut io.Writer) int {
	s := &streams{in: in, out: out, errOut: errOut}
	args = shebangLine(args)
	root := newRootCmd(s)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(errOut, "crew: %v\n", ee.err)
		}
		return ee.code
	}
	fmt.Fprintf(errOut, "crew: %v\n", err)
	return 255
}

// shebangLine makes crew work as a script's interpreter: Linux gives all
// the words of a #! line after the interpreter as one argument, so
// "#!/usr/bin/crew run --shebang -r wget" runs crew with "run --shebang -r
// wget" (and "#!/usr/bin/crew --shebang ..." as GNU parallel's is run
// too); crew run splits the rest.
func shebangLine(args []string) []string {
	if len(args) == 0 {
		return args
	}
	first := strings.TrimLeft(args[0], " \t")
	for _, p := range []string{"--shebang", "--hashbang"} {
		if strings.HasPrefix(first, p) {
			return append([]string{"run"}, args...)
		}
	}
	if rest, ok := strings.CutPrefix(first, "run "); ok {
		return append([]string{"run", strings.TrimLeft(rest, " \t")}, args[1:]...)
	}
	return args
}
