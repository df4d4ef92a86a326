package run

import (
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
)

// ttyPath is the controlling terminal, which --tty, -o and -p use.
const ttyPath = "/dev/tty"

// target is what signals for j go to: its process group, or only its
// process when it runs in crew's group to read the terminal (--tty, -o).
func (j *job) target() int {
	if j.onTTY {
		return j.pid
	}
	return -j.pid
}

// ttyStdin opens the terminal as a job's standard input for --tty and -o;
// nil when there is none (the job then gets /dev/null, as in GNU parallel).
func ttyStdin() *os.File {
	f, err := os.Open(ttyPath)
	if err != nil {
		return nil
	}
	return f
}

// ask is -p: it prints "CMD ?..." on standard error and reads a line from
// the terminal; only an answer starting with y or Y (after blanks) runs
// the job. An ended terminal (EOF) answers no.
func (r *runner) ask(j *job) (bool, error) {
	tty, err := os.Open(ttyPath)
	if err != nil {
		return false, fmt.Errorf("-p needs a terminal to ask on: %w", err)
	}
	defer tty.Close()
	r.outMu.Lock()
	io.WriteString(r.s.Stderr, r.line(j)+" ?...")
	r.outMu.Unlock()
	// One byte at a time: what follows the line stays for the next
	// question (or the jobs).
	var line []byte
	b := make([]byte, 1)
	for {
		n, err := tty.Read(b)
		if n == 1 {
			if b[0] == '\n' {
				break
			}
			line = append(line, b[0])
			continue
		}
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			break
		}
	}
	a := strings.TrimLeft(string(line), " \t\r\f\v")
	return strings.HasPrefix(a, "y") || strings.HasPrefix(a, "Y"), nil
}
