//go:build unix

package job

import (
	"errors"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Process is a started job's process and its process group.
type Process struct {
	// Pid is the process id; unless started in the foreground, it is
	// also the id of its process group.
	Pid        int
	foreground bool
	done       chan struct{}

	mu        sync.Mutex
	exited    bool
	reason    KillReason
	suspended bool
}

// Start starts c's program with a: Argv directly when Path (or Argv[0]
// looked up in PATH) is there, else Script with Shell -c, which is also
// tried when the direct start fails.
func Start(c Command, a Attr) (*Process, error) {
	sys := sysProcAttr()
	sys.Setpgid = !a.Foreground
	attr := &syscall.ProcAttr{
		Env:   a.Env,
		Dir:   a.Dir,
		Files: []uintptr{a.Stdin.Fd(), a.Stdout.Fd(), a.Stderr.Fd()},
		Sys:   sys,
	}
	if a.Dir != "" {
		// The job's $PWD, as cd in a shell sets it.
		env := slices.DeleteFunc(slices.Clone(a.Env), func(e string) bool { return strings.HasPrefix(e, "PWD=") })
		attr.Env = append(env, "PWD="+a.Dir)
	}
	start := func(path string, argv []string) (int, error) {
		if a.Nice != 0 {
			nice := a.NicePath
			if nice == "" {
				var err error
				if nice, err = exec.LookPath("nice"); err != nil {
					return 0, err
				}
			}
			argv = append([]string{nice, "-n", strconv.Itoa(a.Nice), path}, argv[1:]...)
			path = nice
		}
		// syscall.ForkExec, not os.StartProcess: the latter holds a pidfd
		// per running process, and every descriptor the caller holds
		// makes each later fork slower.
		return syscall.ForkExec(path, argv, attr)
	}
	var pid int
	err := errNoProgram
	if len(c.Argv) > 0 {
		path := c.Path
		if path == "" {
			path, _ = exec.LookPath(c.Argv[0])
		}
		if path != "" {
			pid, err = start(path, c.Argv)
		}
	}
	if err != nil && (c.Script != "" || len(c.Argv) == 0) {
		shell := c.Shell
		if shell == "" {
			shell = "/bin/sh"
		}
		if pid, err = start(shell, []string{shell, "-c", c.Script}); err != nil {
			return nil, &os.PathError{Op: "start", Path: shell, Err: err}
		}
	}
	if err != nil {
		return nil, &os.PathError{Op: "start", Path: c.Argv[0], Err: err}
	}
	return &Process{Pid: pid, foreground: a.Foreground, done: make(chan struct{})}, nil
}

var errNoProgram = errors.New("no program to run")

// Wait waits for the process to exit and reaps it. A process that was
// killed ([Process.Kill]) has ExitVal -1 and, when it exited on its own
// in the meantime, Signal SIGTERM, as GNU parallel records killed jobs.
// Call it once.
func (p *Process) Wait() (Status, error) {
	var ws syscall.WaitStatus
	var ru syscall.Rusage
	var err error
	for {
		if _, err = syscall.Wait4(p.Pid, &ws, 0, &ru); err != syscall.EINTR {
			break
		}
	}
	p.mu.Lock()
	p.exited = true
	close(p.done)
	reason := p.reason
	p.mu.Unlock()
	st := Status{
		UserCPU:   time.Duration(ru.Utime.Nano()),
		SystemCPU: time.Duration(ru.Stime.Nano()),
		Killed:    reason,
	}
	switch {
	case err != nil:
		st.ExitVal = 255
	case ws.Signaled():
		st.Signal = int(ws.Signal())
	default:
		st.ExitVal = ws.ExitStatus()
	}
	if reason != NotKilled {
		st.ExitVal = -1
		if st.Signal == 0 {
			st.Signal = int(syscall.SIGTERM)
		}
	}
	return st, err
}

// Done is closed when Wait has reaped the process.
func (p *Process) Done() <-chan struct{} { return p.done }

// Live reports whether the process runs and no kill is under way.
func (p *Process) Live() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return !p.exited && p.reason == NotKilled
}

// Reason is why the process was killed, NotKilled if it was not.
func (p *Process) Reason() KillReason {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.reason
}

// target is where signals go: the process group, or the process alone in
// the foreground.
func (p *Process) target() int {
	if p.foreground {
		return p.Pid
	}
	return -p.Pid
}

// Leftover reports, once the process has exited, whether processes it
// started still run in its process group.
func (p *Process) Leftover() bool {
	return !p.foreground && syscall.Kill(-p.Pid, 0) == nil
}

// Suspend stops the process group (SIGSTOP) unless it is stopped, exited
// or being killed; it reports whether it did.
func (p *Process) Suspend() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.suspended || p.exited || p.reason != NotKilled {
		return false
	}
	p.suspended = true
	syscall.Kill(p.target(), syscall.SIGSTOP)
	return true
}

// Resume continues a group that Suspend stopped; it reports whether it
// was stopped.
func (p *Process) Resume() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.suspended {
		return false
	}
	p.suspended = false
	if !p.exited {
		syscall.Kill(p.target(), syscall.SIGCONT)
	}
	return true
}

// Kill runs the kill sequence term on the process group until the process
// and its group have exited, recording reason. It does nothing when the
// process has exited or another Kill is under way, and reports whether it
// ran. With KilledCancel, whatever the process left in its group is
// killed with SIGKILL once it has exited. Kill needs Wait to be running.
func (p *Process) Kill(reason KillReason, term []Step) bool {
	p.mu.Lock()
	if p.exited || p.reason != NotKilled {
		p.mu.Unlock()
		return false
	}
	p.reason = reason
	p.mu.Unlock()
	pg := p.target()
	gone := func() bool {
		p.mu.Lock()
		defer p.mu.Unlock()
		return p.exited && syscall.Kill(pg, 0) != nil
	}
steps:
	for _, st := range term {
		if gone() {
			break
		}
		syscall.Kill(pg, st.Signal)
		p.Resume() // a stopped job must run to act on the signal
		deadline := time.Now().Add(st.Wait)
		for time.Now().Before(deadline) {
			select {
			case <-p.done:
				// The process is done; wait for the rest of its group.
				if gone() {
					break steps
				}
				time.Sleep(5 * time.Millisecond)
			case <-time.After(time.Until(deadline)):
			}
		}
	}
	if reason == KilledCancel {
		<-p.done
		if syscall.Kill(pg, syscall.SIGKILL) == nil {
			// Give the kernel a moment to remove them, so that they are
			// gone when the caller returns.
			for i := 0; i < 100 && syscall.Kill(pg, 0) == nil; i++ {
				time.Sleep(5 * time.Millisecond)
			}
		}
	}
	return true
}

// KillGroup runs the kill sequence term on process group pg, whose
// leader is gone, until the group is empty.
func KillGroup(pg int, term []Step) {
	for _, st := range term {
		if syscall.Kill(-pg, st.Signal) != nil {
			return // no process left in the group
		}
		for deadline := time.Now().Add(st.Wait); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			if syscall.Kill(-pg, 0) != nil {
				return
			}
		}
	}
}
