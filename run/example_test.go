package run_test

import (
	"context"
	"fmt"
	"os"

	"github.com/crewrun/crew/run"
)

// A GNU parallel command line, run in input order (-k) with two jobs at a
// time.
func ExampleRun() {
	opts, err := run.ParseArgs([]string{"-k", "-j2", "echo", "{#}:", "{/.}", ":::", "src/a.go", "lib/b.c"})
	if err != nil {
		fmt.Println(err)
		return
	}
	sum, err := run.Run(context.Background(), opts, run.Stdio{Stdout: os.Stdout, Stderr: os.Stderr})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("exit status", sum.ExitCode)
	// Output:
	// 1: a
	// 2: b
	// exit status 0
}

// Failed jobs are counted in the exit status, as GNU parallel does.
func ExampleRun_exitStatus() {
	opts, _ := run.ParseArgs([]string{"exit {}", ":::", "0", "1", "2"})
	sum, _ := run.Run(context.Background(), opts, run.Stdio{})
	fmt.Println(sum.Jobs, "jobs,", sum.Failed, "failed, exit status", sum.ExitCode)
	// Output: 3 jobs, 2 failed, exit status 2
}

func ExampleParseArgs() {
	opts, _ := run.ParseArgs([]string{"-j", "4", "--halt", "now,fail=1", "gzip", "-9", ":::", "a.log", "b.log"})
	fmt.Println(opts.Jobs, opts.Command, len(opts.Sources[0].Args), opts.Halt.When == run.HaltNow)
	// Output: 4 [gzip -9] 2 true
}

func ExampleQuote() {
	fmt.Println(run.Quote("plain.txt"), run.Quote("a b; rm -rf ~"), run.Quote("it's"))
	// Output: plain.txt 'a b; rm -rf ~' 'it'"'"'s'
}

func ExampleLimiter() {
	l := run.NewLimiter(2)
	a, _ := l.Acquire(context.Background())
	b, _ := l.Acquire(context.Background())
	l.Release(a)
	c, _ := l.Acquire(context.Background()) // the lowest free slot again
	fmt.Println(a, b, c)
	// Output: 1 2 1
}
