// Package proctest finds processes through /proc, for tests that check that
// no child process is left behind. Linux only: elsewhere it finds nothing.
package proctest

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// Proc is one process, as /proc/PID/stat describes it.
type Proc struct {
	PID, PPID, PGID int
	State           string // R, S, D, Z, ...
	Name            string // the command name, without parentheses
}

func (p Proc) String() string {
	return fmt.Sprintf("pid %d (%s) %s ppid %d pgrp %d", p.PID, p.Name, p.State, p.PPID, p.PGID)
}

// Find lists the processes for which match returns true.
func Find(match func(Proc) bool) []Proc {
	entries, _ := os.ReadDir("/proc")
	var found []Proc
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue // gone since ReadDir
		}
		s := string(b)
		open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if open < 0 || end < open {
			continue
		}
		f := strings.Fields(s[end+1:]) // state ppid pgrp ...
		if len(f) < 3 {
			continue
		}
		p := Proc{PID: pid, State: f[0], Name: s[open+1 : end]}
		p.PPID, _ = strconv.Atoi(f[1])
		p.PGID, _ = strconv.Atoi(f[2])
		if match(p) {
			found = append(found, p)
		}
	}
	return found
}

// Wait calls Find until it finds nothing or timeout passes, and returns
// what the last call found. Processes being reaped need a moment to go.
func Wait(timeout time.Duration, match func(Proc) bool) []Proc {
	deadline := time.Now().Add(timeout)
	for {
		left := Find(match)
		if len(left) == 0 || time.Now().After(deadline) {
			return left
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// ChildOf matches the processes whose parent is pid.
func ChildOf(pid int) func(Proc) bool {
	return func(p Proc) bool { return p.PPID == pid }
}
