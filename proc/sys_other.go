//go:build !linux

package proc

import (
	"fmt"
	"runtime"
)

// Worker processes need Linux (process groups, Pdeathsig, pipes set up
// with Linux system calls). Elsewhere the package builds, and NewPool
// reports that it cannot start workers.

type conn struct{ pid, tasks int }

func startConn(p *Pool) (*conn, error) {
	return nil, fmt.Errorf("proc: worker processes are not supported on %s (Linux only)", runtime.GOOS)
}

func (c *conn) run(w work) ([]work, bool) { return []work{w}, true }
func (c *conn) close(graceful bool)       {}
func (c *conn) kill(reason error)         {}

func serve() error {
	return fmt.Errorf("proc: worker processes are not supported on %s (Linux only)", runtime.GOOS)
}
