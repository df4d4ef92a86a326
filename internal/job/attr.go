package job

import (
	"os"
	"time"
)

// Attr is what a process gets from the caller that starts it with [Start].
type Attr struct {
	// Env, Dir and Nice are the Spec's.
	Env  []string
	Dir  string
	Nice int
	// NicePath is nice(1) for Nice; "" looks it up in PATH.
	NicePath string
	// Stdin, Stdout and Stderr are the process's descriptors 0, 1 and 2.
	Stdin, Stdout, Stderr *os.File
	// Foreground keeps the process in the caller's process group (a job
	// that reads the terminal); signals then reach it alone.
	Foreground bool
}

// Status is how a process ended.
type Status struct {
	ExitVal, Signal    int
	UserCPU, SystemCPU time.Duration
	Killed             KillReason
}
