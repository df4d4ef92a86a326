package proc

import (
	"errors"
	"fmt"
	"strings"
	"syscall"
	"time"
)

// ErrClosed is returned by calls on a pool after [Pool.Close].
var ErrClosed = errors.New("proc: pool is closed")

// ErrTimeout is wrapped by the error of a task that ran longer than the
// pool's [WithTimeout]; its worker was killed and replaced.
var ErrTimeout = errors.New("task timed out")

// TaskError is the error of one task: which function, which item of the
// call (0 for [Call]), how many times it ran, and why it failed. Err is a
// [*PanicError] if the task panicked, a [*WorkerError] if its worker died,
// wraps [ErrTimeout] if it ran out of time, or holds the message of the
// error the function returned (the error's type does not cross processes).
type TaskError struct {
	Func     string
	Index    int
	Attempts int
	Err      error
}

func (e *TaskError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "proc: task %s[%d]", e.Func, e.Index)
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (after %d attempts)", e.Attempts)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *TaskError) Unwrap() error { return e.Err }

// PanicError is a panic inside a task, recovered in the worker, which
// keeps serving.
type PanicError struct {
	Value string // the panic value, formatted with %v
	Stack string // the worker goroutine's stack at the panic
}

func (e *PanicError) Error() string { return "panic: " + e.Value }

// WorkerError says how a worker process died while it ran a task.
type WorkerError struct {
	Pid      int
	ExitCode int            // -1 when killed by a signal
	Signal   syscall.Signal // 0 unless killed by a signal
	Timeout  time.Duration  // the timeout that made the pool kill it, if any
	Stderr   []string       // the worker's last stderr lines (crash report)
}

func (e *WorkerError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "worker %d ", e.Pid)
	switch {
	case e.Timeout > 0:
		fmt.Fprintf(&b, "killed after the %v timeout", e.Timeout)
	case e.Signal != 0:
		fmt.Fprintf(&b, "killed by signal %d (%v)", int(e.Signal), e.Signal)
	default:
		fmt.Fprintf(&b, "exited with status %d", e.ExitCode)
	}
	if len(e.Stderr) > 0 {
		b.WriteString("; stderr: ")
		b.WriteString(strings.Join(e.Stderr, " | "))
	}
	return b.String()
}

// Is makes a timeout kill match [ErrTimeout].
func (e *WorkerError) Is(target error) bool { return target == ErrTimeout && e.Timeout > 0 }

// Reasons the pool kills a worker.
var (
	errKilledCancel = errors.New("call cancelled")
	errKilledPool   = errors.New("pool stopped")
)

// remoteError is an error a task returned, by message.
type remoteError struct{ msg string }

func (e *remoteError) Error() string { return e.msg }
