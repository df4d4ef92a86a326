package job

import (
	"syscall"
	"time"
)

// Spec is one job to run, as a value: it can be printed, compared and
// encoded, and runs the same wherever an [Executor] takes it.
type Spec struct {
	// Seq is the job's number in its run, copied to its Result.
	Seq int `json:"seq"`
	// Command is what runs.
	Command Command `json:"command"`
	// Env is the job's whole environment ("NAME=value" entries); nil
	// gives it none.
	Env []string `json:"env,omitempty"`
	// Dir is the working directory; "" is the executor's.
	Dir string `json:"dir,omitempty"`
	// Stdin is the job's standard input; nil is an empty one.
	Stdin []byte `json:"stdin,omitempty"`
	// Timeout kills the job (with Term) once it has run this long; 0 is
	// none.
	Timeout time.Duration `json:"timeout,omitempty"`
	// Term is the kill sequence for a timeout or a cancellation;
	// nil is [DefaultTerm].
	Term []Step `json:"term,omitempty"`
	// Nice, when not 0, runs the job under nice(1) with this niceness,
	// so that everything it starts has it too.
	Nice int `json:"nice,omitempty"`
	// Retries is how many times in all a failing job runs (0 and 1:
	// once); a job killed by a cancellation is not run again.
	Retries int `json:"retries,omitempty"`
	// Output says how stdout and stderr come back.
	Output Capture `json:"output,omitempty"`
}

// Command is a job's program: Argv run directly when its first word is
// found in PATH, else Script through Shell. An empty Argv always runs
// Script.
type Command struct {
	// Argv is the program and its arguments, run without a shell.
	Argv []string `json:"argv,omitempty"`
	// Path is Argv[0] resolved; "" looks it up in PATH at start.
	Path string `json:"path,omitempty"`
	// Script is the command line for Shell -c.
	Script string `json:"script,omitempty"`
	// Shell runs Script; "" is /bin/sh.
	Shell string `json:"shell,omitempty"`
}

// Capture is how a job's output comes back.
type Capture uint8

const (
	// Collect keeps stdout and stderr whole in the Result, in memory
	// while small and in an unlinked temporary file past that.
	Collect Capture = iota
	// Stream hands the output to the Sink as it comes; the Result holds
	// only its sizes.
	Stream
	// Discard drops the output; the Result holds its sizes.
	Discard
)

// Step is one step of a kill sequence: send Signal to the job's process
// group, then wait up to Wait for it to exit.
type Step struct {
	Signal syscall.Signal `json:"signal"`
	Wait   time.Duration  `json:"wait"`
}

// DefaultTerm is GNU parallel's kill sequence for timed out, halted and
// interrupted jobs: TERM,200,TERM,100,TERM,50,KILL,25.
var DefaultTerm = []Step{
	{syscall.SIGTERM, 200 * time.Millisecond},
	{syscall.SIGTERM, 100 * time.Millisecond},
	{syscall.SIGTERM, 50 * time.Millisecond},
	{syscall.SIGKILL, 25 * time.Millisecond},
}
