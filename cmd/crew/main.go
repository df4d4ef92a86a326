// Command crew runs many tasks well: concurrently when they wait, in parallel
// when they compute, in isolated processes when they must not hurt each other.
//
// Run "crew --help" for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/crewrun/crew/proc"
)

func main() {
	proc.Main() // in a worker process of a proc.Pool: serve tasks, exit
	os.Exit(realMain())
}

// realMain is main without os.Exit, so tests can run it in-process.
func realMain() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	return execute(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
}
