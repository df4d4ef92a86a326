// Package compare measures the seed's "Key Differences" table on this
// machine: it runs the same workloads (tasks that wait, tasks that compute,
// and a mix) under each execution model (serial; goroutines on one core;
// goroutines on all cores; a process pool; one child process per task, as
// crew run does) and reports, for each cell, the wall time, the speed-up
// over serial, the CPU utilisation, the peak memory and the per-task cost.
//
// Each cell runs in a child process of the crew binary, so its CPU time and
// memory come from the operating system's accounting of that process and
// its own children (getrusage), not from estimates, and the one-core model
// is a child started with GOMAXPROCS=1: Go's closest thing to Python's GIL.
//
// [Classify] and [Advise] do the same for a user's own command: they run a
// sample of it, read its CPU time against its wall time, and say whether it
// waits or computes, and so which model and how many jobs to use.
package compare
