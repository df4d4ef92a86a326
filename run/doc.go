// Package run is the engine behind "crew run": it runs a command once per
// input, many at a time, with the options and the behaviour of GNU parallel
// (input sources, replacement strings, grouped or ordered output, joblog and
// resume, retries, timeouts, halt conditions, exit status) and the per-job
// cost of xargs -P.
//
// A run is described by [Options], usually built by [ParseArgs] from a GNU
// parallel style command line, and executed by [Run]:
//
//	opts, err := run.ParseArgs([]string{"-k", "echo", "{}", ":::", "a", "b"})
//	if err != nil { ... }
//	st, err := run.Run(ctx, opts, run.Stdio{Stdout: os.Stdout, Stderr: os.Stderr})
//	os.Exit(st.ExitCode)
//
// Cost: a job costs about what xargs -P pays for it, nearly all of it the
// fork and exec of the job itself: a job's output goes straight into a
// memfd (no pipe, no copying goroutine), and memory stays flat however long
// the input. The measurements against xargs, GNU parallel and rush, with
// the commands behind them, are in bench/runners/RESULTS.md.
//
// Jobs whose command needs no shell after substitution are executed
// directly (no sh -c); the others run through $PARALLEL_SHELL, else the
// shell that started the run (as GNU parallel), else $SHELL, else /bin/sh.
// Every job runs in its own process group, so a timeout, a halt or
// a cancelled context reaches the whole process tree of the job.
package run
