// Package job runs one job: a [Spec] (a command line or a script, its
// environment, directory, standard input, timeout, kill sequence and how its
// output comes back) becomes a local process whose end is a [Result].
//
// The package knows nothing of crew run's options, templates, perl or
// output modes and prints nothing: the submitting side builds the Spec, an
// [Executor] runs it, and output that must be shown while the job runs goes
// to a [Sink]. A Spec and a Result are plain values that encode to JSON, so
// the executor can sit on another machine.
//
// Two layers: [Local] runs a whole Spec (pipes, captures, timeout, retries,
// cancellation); [Start] and [Process] are the process layer under it, for
// callers such as crew run that wire a job's descriptors themselves (a
// terminal, a memfd, a compressor).
//
// Every process starts in its own process group, so the kill sequence
// ([Step]) reaches everything the job started; on Linux it is also killed
// when the caller dies without cleaning up.
package job
