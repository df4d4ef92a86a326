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
)

func main() {
	os.Exit(realMain())
}

// realMain is main without os.Exit, so tests can run it in-process.
func realMain() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return execute(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
}
