package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// openPty opens a new pseudo-terminal: the master side, which the test
// reads and writes, and the slave side, which becomes a process's terminal.
func openPty() (master, slave *os.File, err error) {
	master, err = os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil, nil, err
	}
	fd := int(master.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		master.Close()
		return nil, nil, fmt.Errorf("unlockpt: %w", err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		master.Close()
		return nil, nil, fmt.Errorf("ptsname: %w", err)
	}
	slave, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		master.Close()
		return nil, nil, err
	}
	return master, slave, nil
}

// ttyRun is what a command did on a terminal of its own.
type ttyRun struct {
	stdout string // standard output, a pipe
	screen string // what the terminal showed: standard error, echoed typing
	code   int
	joblog string
}

// runOnTTY runs argv in dir in a new session whose controlling terminal is
// a new pty (its stdin and stderr); typed is typed on the terminal first,
// as a person typing ahead would.
func runOnTTY(t *testing.T, argv []string, dir string, env []string, typed string) ttyRun {
	t.Helper()
	master, slave, err := openPty()
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	defer master.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir, cmd.Env = dir, env
	var stdout bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, &stdout, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	cmd.WaitDelay = 5 * time.Second
	if _, err := master.WriteString(typed); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	slave.Close()
	screen := make(chan string)
	go func() {
		var b bytes.Buffer
		io.Copy(&b, master) // ends with EIO once no process has the terminal
		screen <- b.String()
	}()
	err = cmd.Wait()
	r := ttyRun{stdout: stdout.String()}
	var ee *exec.ExitError
	switch {
	case ctx.Err() != nil:
		t.Fatalf("%q did not finish", argv)
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	r.screen = <-screen
	if b, err := os.ReadFile(filepath.Join(dir, "jl")); err == nil {
		r.joblog = string(b)
	}
	return r
}

// TestTTYCompatGNUParallel is the differential test for the options that
// use the terminal (--tty, -o, -p): each case runs on a pty of its own
// through GNU parallel and through crew run, with the same answers typed.
func TestTTYCompatGNUParallel(t *testing.T) {
	parallel, crew, home, _ := compatTools(t)
	for _, tc := range []struct {
		name  string
		args  []string
		typed string
	}{
		{"interactive-yes-no", []string{"-p", "--joblog", "jl", "echo", ":::", "a", "b"}, "y\nn\n"},
		{"interactive-answers", []string{"--interactive", "-j1", "-k", "echo", ":::", "a", "b", "c", "d"}, "Y\n  yes\nno\n\n"},
		{"interactive-shell-line", []string{"-p", "-k", "echo {} | tr a-z A-Z", ":::", "a", "b"}, "y\ny\n"},
		{"tty-reads-terminal", []string{"--tty", "read x; echo got $x {}", ":::", "a", "b"}, "one\ntwo\n"},
		{"tty-is-terminal", []string{"--tty", "-k", "test -t 0 && tty; : {}", ":::", "a"}, ""},
		{"open-tty", []string{"-o", "-k", "-j2", "test -t 0 && echo tty {}", ":::", "a", "b"}, ""},
		{"open-tty-long", []string{"--open-tty", "-k", "read x; echo {} $x", ":::", "a"}, "typed\n"},
		{"tty-group-kept", []string{"--tty", "--group", "-k", "echo {}; echo {} >&2", ":::", "a"}, ""},
		{"semaphore-interactive", []string{"--semaphore", "--fg", "-p", "--id", "tty-compat", "echo", "hi"}, "y\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got [2]ttyRun
			for i, prefix := range [][]string{{parallel, "--will-cite"}, {crew, "run"}} {
				dir := t.TempDir()
				env := compatEnv(home, dir, t.TempDir())
				got[i] = runOnTTY(t, append(prefix, tc.args...), dir, env, tc.typed)
				got[i].screen = strings.ReplaceAll(got[i].screen, "crew run: ", "parallel: ")
			}
			want, have := got[0], got[1]
			if want.code != have.code || want.stdout != have.stdout || want.screen != have.screen {
				t.Errorf("crew run %s\nGNU parallel: exit %d, stdout %q, terminal %q\ncrew:         exit %d, stdout %q, terminal %q",
					quoteArgs(tc.args), want.code, want.stdout, want.screen, have.code, have.stdout, have.screen)
			}
			if d := compareJoblogs(want.joblog, have.joblog); d != "" {
				t.Errorf("joblog: %s\nGNU parallel: %q\ncrew:         %q", d, want.joblog, have.joblog)
			}
		})
	}
}

// Without a terminal (a new session has none), --tty jobs read /dev/null
// and -p cannot ask: one line of error, exit 255, no job run.
func TestTTYWithoutTerminal(t *testing.T) {
	crew, err := exec.LookPath("crew")
	if err != nil {
		t.Fatalf("crew is not on $PATH: %v", err)
	}
	for _, tc := range []struct {
		args           []string
		stdout, stderr string
		code           int
	}{
		{[]string{"--tty", "-k", "test -t 0 || echo no tty {}; cat", ":::", "a"}, "no tty a\n", "", 0},
		{[]string{"-o", "cat; echo {}", ":::", "a"}, "a\n", "", 0},
		{[]string{"-p", "touch", ":::", "a"}, "", "crew: run: -p needs a terminal to ask on: open /dev/tty: no such device or address\n", 255},
	} {
		dir := t.TempDir()
		cmd := exec.Command(crew, append([]string{"run"}, tc.args...)...)
		cmd.Dir = dir
		cmd.Stdin = strings.NewReader("stdin\n")
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		err := cmd.Run()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		}
		if code != tc.code || stdout.String() != tc.stdout || stderr.String() != tc.stderr {
			t.Errorf("crew run %s: exit %d, stdout %q, stderr %q; want %d, %q, %q",
				quoteArgs(tc.args), code, stdout.String(), stderr.String(), tc.code, tc.stdout, tc.stderr)
		}
		if _, err := os.Stat(filepath.Join(dir, "a")); err == nil {
			t.Errorf("crew run %s ran the job", quoteArgs(tc.args))
		}
	}
}

// GNU parallel cannot kill a --tty job (it signals a process group the job
// is not in) and waits for it; crew signals the job's process.
func TestTTYTimeoutKillsJob(t *testing.T) {
	crew, err := exec.LookPath("crew")
	if err != nil {
		t.Fatalf("crew is not on $PATH: %v", err)
	}
	dir := t.TempDir()
	start := time.Now()
	r := runOnTTY(t, []string{crew, "run", "--tty", "--timeout", "0.2", "exec sleep 30; : {}", ":::", "a"}, dir, os.Environ(), "")
	if r.code != 1 || !strings.Contains(r.screen, "timed out") || time.Since(start) >= 30*time.Second {
		t.Errorf("exit %d after %v, terminal %q; want 1 before the job's 30 s sleep ends, and a timeout warning", r.code, time.Since(start), r.screen)
	}
}
