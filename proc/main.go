package proc

import (
	"fmt"
	"os"
	"sync/atomic"
)

// envWorker marks a process started by a [Pool] as its worker. The worker
// removes it from its own environment at once, so programs its tasks start
// do not take themselves for workers.
const envWorker = "CREW_PROC_WORKER"

// Worker file descriptors, passed with exec.Cmd.ExtraFiles.
const (
	fdRequests = 3 // pool -> worker frames
	fdReplies  = 4 // worker -> pool frames
	fdProgress = 5 // shared page: which item the worker is running
)

// inWorker is true in a worker process; a worker never starts a pool, so a
// program that forgot [Main] cannot multiply itself.
var inWorker atomic.Bool

// Main is the process pool's version of Python's
// "if __name__ == '__main__'" guard: call it first in main, before flags
// are parsed or anything else runs.
//
// In the program a user started, Main returns at once and does nothing.
// In a worker, which is the same executable started again by a [Pool], Main
// serves tasks until the pool closes the worker and then exits the process;
// it never returns. A pool whose workers do not reach Main (because main
// does not call it, or calls it too late) fails to start with an error
// saying to call proc.Main first in main.
//
// In tests, call it first in TestMain, before m.Run.
func Main() {
	v, ok := os.LookupEnv(envWorker)
	if !ok {
		return
	}
	os.Unsetenv(envWorker)
	inWorker.Store(true)
	if v != protoMagic {
		fmt.Fprintf(os.Stderr, "proc: worker started by a pool speaking %q, this program speaks %q\n", v, protoMagic)
		os.Exit(2)
	}
	// serve returns only when it fails: at the end of its input it takes
	// the worker's process group, itself included, down.
	err := serve()
	fmt.Fprintf(os.NewFile(2, "stderr"), "proc: worker %d: %v\n", os.Getpid(), err)
	os.Exit(2)
}
