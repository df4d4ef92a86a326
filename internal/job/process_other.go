//go:build !unix

package job

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"time"
)

// errUnsupported is what starting a job says where the process layer has
// no implementation yet.
var errUnsupported = fmt.Errorf("job: running processes is not supported on %s", runtime.GOOS)

// Process is a started job's process.
type Process struct{ Pid int }

// Start fails: see errUnsupported.
func Start(c Command, a Attr) (*Process, error) { return nil, errUnsupported }

// Wait fails: no process was started.
func (p *Process) Wait() (Status, error) { return Status{}, errors.ErrUnsupported }

// Kill does nothing.
func (p *Process) Kill(reason KillReason, term []Step) bool { return false }

// KillGroup does nothing.
func KillGroup(pg int, term []Step) {}

// Local runs Specs as processes of this machine.
type Local struct{ TempDir string }

// Execute fails: see errUnsupported.
func (l *Local) Execute(ctx context.Context, s Spec, sink Sink) Result {
	return Result{Seq: s.Seq, ExitVal: 255, Err: errUnsupported.Error(), Start: time.Now()}
}
