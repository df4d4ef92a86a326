//go:build unix

package job

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func script(s string) Command { return Command{Script: s} }

func run(t *testing.T, s Spec) Result {
	t.Helper()
	var l Local
	res := l.Execute(context.Background(), s, nil)
	t.Cleanup(res.Close)
	return res
}

func out(t *testing.T, o Output) string {
	t.Helper()
	b, err := o.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestExecuteCommands(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name            string
		spec            Spec
		stdout, stderr  string
		exitval, signal int
	}{
		{name: "argv", spec: Spec{Command: Command{Argv: []string{"echo", "a b", "c"}}}, stdout: "a b c\n"},
		{name: "script", spec: Spec{Command: script("echo out; echo err >&2; exit 3")}, stdout: "out\n", stderr: "err\n", exitval: 3},
		{name: "argv not found runs the script", spec: Spec{Command: Command{Argv: []string{"no-such-program-here"}, Script: "echo fallback"}}, stdout: "fallback\n"},
		{name: "stdin", spec: Spec{Command: Command{Argv: []string{"cat"}}, Stdin: []byte("in\nput\n")}, stdout: "in\nput\n"},
		{name: "empty stdin", spec: Spec{Command: Command{Argv: []string{"wc", "-c"}}}, stdout: "0\n"},
		{name: "env", spec: Spec{Command: script("echo $A"), Env: []string{"A=1"}}, stdout: "1\n"},
		{name: "dir and PWD", spec: Spec{Command: script("pwd; echo $PWD"), Dir: "/"}, stdout: "/\n/\n"},
		{name: "signal", spec: Spec{Command: script("kill -9 $$")}, signal: 9},
		{name: "nice", spec: Spec{Command: Command{Argv: []string{"nice"}}, Nice: 5}, stdout: "5\n"},
		{name: "shell", spec: Spec{Command: Command{Script: "echo $0", Shell: "/bin/sh"}}, stdout: "/bin/sh\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := run(t, tt.spec)
			if res.Err != "" {
				t.Fatalf("Err = %q", res.Err)
			}
			if got := out(t, res.Stdout); got != tt.stdout {
				t.Errorf("stdout = %q, want %q", got, tt.stdout)
			}
			if got := out(t, res.Stderr); got != tt.stderr {
				t.Errorf("stderr = %q, want %q", got, tt.stderr)
			}
			if res.ExitVal != tt.exitval || res.Signal != tt.signal || res.Attempts != 1 {
				t.Errorf("exit %d signal %d attempts %d, want %d %d 1", res.ExitVal, res.Signal, res.Attempts, tt.exitval, tt.signal)
			}
			if res.Stdout.Size != int64(len(tt.stdout)) {
				t.Errorf("stdout size %d, want %d", res.Stdout.Size, len(tt.stdout))
			}
		})
	}
}

func TestExecuteCannotStart(t *testing.T) {
	t.Parallel()
	res := run(t, Spec{Command: Command{Argv: []string{"no-such-program-here"}}})
	if res.ExitVal != 255 || !strings.Contains(res.Err, "no-such-program-here") {
		t.Errorf("exit %d, Err %q: want 255 naming the program", res.ExitVal, res.Err)
	}
	res = run(t, Spec{Command: Command{Script: "true", Shell: "/no/such/shell"}})
	if res.ExitVal != 255 || !strings.Contains(res.Err, "/no/such/shell") {
		t.Errorf("exit %d, Err %q: want 255 naming the shell", res.ExitVal, res.Err)
	}
	res = run(t, Spec{Command: script("true"), Dir: "/no/such/dir"})
	if res.ExitVal != 255 || res.Err == "" {
		t.Errorf("exit %d, Err %q: want 255 and an error", res.ExitVal, res.Err)
	}
}

func TestExecuteBigOutputInAFile(t *testing.T) {
	t.Parallel()
	res := run(t, Spec{Command: script("head -c 1000000 /dev/zero")})
	if res.Stdout.File == nil || res.Stdout.Data != nil || res.Stdout.Size != 1e6 {
		t.Fatalf("stdout: file %v, %d bytes in memory, size %d: want a file of 1000000", res.Stdout.File != nil, len(res.Stdout.Data), res.Stdout.Size)
	}
	if b := out(t, res.Stdout); len(b) != 1e6 || strings.Trim(b, "\x00") != "" {
		t.Errorf("read %d bytes, want 1000000 zeros", len(b))
	}
}

func TestExecuteTimeout(t *testing.T) {
	t.Parallel()
	res := run(t, Spec{Command: script("echo started; exec sleep 30"), Timeout: 20 * time.Millisecond})
	if res.Killed != KilledTimeout || res.ExitVal != -1 || res.Signal != int(syscall.SIGTERM) {
		t.Errorf("killed %v exit %d signal %d, want timeout -1 15", res.Killed, res.ExitVal, res.Signal)
	}
	if got := out(t, res.Stdout); got != "started\n" {
		t.Errorf("stdout %q", got)
	}
}

func TestExecuteTermSequence(t *testing.T) {
	t.Parallel()
	// The job ignores TERM: the sequence's KILL ends it.
	term := []Step{{syscall.SIGTERM, 10 * time.Millisecond}, {syscall.SIGKILL, 10 * time.Millisecond}}
	res := run(t, Spec{Command: script("trap '' TERM; echo ready; while :; do sleep 0.01; done"), Timeout: 50 * time.Millisecond, Term: term})
	if res.Killed != KilledTimeout || res.Signal != int(syscall.SIGKILL) {
		t.Errorf("killed %v signal %d, want timeout and 9", res.Killed, res.Signal)
	}
}

func TestExecuteCancelKillsTheGroup(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "pid")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var l Local
	done := make(chan Result)
	go func() {
		done <- l.Execute(ctx, Spec{Command: script("sleep 60 & echo $! > " + pidFile + ".tmp; mv " + pidFile + ".tmp " + pidFile + "; wait")}, nil)
	}()
	var pid int
	for pid == 0 {
		if b, err := os.ReadFile(pidFile); err == nil {
			pid = atoi(t, strings.TrimSpace(string(b)))
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	res := <-done
	res.Close()
	if res.Killed != KilledCancel || res.ExitVal != -1 {
		t.Errorf("killed %v exit %d, want cancelled and -1", res.Killed, res.ExitVal)
	}
	if alive(pid) {
		st, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		t.Errorf("the job's background sleep %d outlived the cancellation: %s", pid, st)
	}
}

func TestExecuteCancelledBeforeStart(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var l Local
	res := l.Execute(ctx, Spec{Command: script("echo never")}, nil)
	if res.Killed != KilledCancel || res.Stdout.Size != 0 || res.Err == "" {
		t.Errorf("killed %v, stdout %d bytes, err %q: want cancelled before it ran", res.Killed, res.Stdout.Size, res.Err)
	}
}

func TestExecuteRetries(t *testing.T) {
	t.Parallel()
	count := filepath.Join(t.TempDir(), "count")
	s := "echo x >> " + count + "; [ $(wc -l < " + count + ") -ge 3 ]"
	res := run(t, Spec{Command: script(s), Retries: 5})
	if res.Failed() || res.Attempts != 3 {
		t.Errorf("failed %v after %d attempts, want success at the 3rd", res.Failed(), res.Attempts)
	}
	res = run(t, Spec{Command: script("exit 4"), Retries: 2})
	if res.ExitVal != 4 || res.Attempts != 2 {
		t.Errorf("exit %d after %d attempts, want 4 after 2", res.ExitVal, res.Attempts)
	}
}

type recSink struct {
	mu       sync.Mutex
	out, err bytes.Buffer
}

func (s *recSink) Stdout(seq int, p []byte) { s.mu.Lock(); s.out.Write(p); s.mu.Unlock() }
func (s *recSink) Stderr(seq int, p []byte) { s.mu.Lock(); s.err.Write(p); s.mu.Unlock() }

func TestExecuteStreamAndDiscard(t *testing.T) {
	t.Parallel()
	var l Local
	sink := &recSink{}
	res := l.Execute(context.Background(), Spec{Command: script("echo a; echo b >&2; echo c"), Output: Stream}, sink)
	if sink.out.String() != "a\nc\n" || sink.err.String() != "b\n" {
		t.Errorf("sink got %q and %q", sink.out.String(), sink.err.String())
	}
	if res.Stdout.Size != 4 || res.Stderr.Size != 2 || res.Stdout.Data != nil {
		t.Errorf("result sizes %d %d, data %q: want 4 2 and no data", res.Stdout.Size, res.Stderr.Size, res.Stdout.Data)
	}
	res = l.Execute(context.Background(), Spec{Command: script("echo abc"), Output: Discard}, nil)
	if res.Stdout.Size != 4 || res.Stdout.Data != nil {
		t.Errorf("discard: size %d, data %q", res.Stdout.Size, res.Stdout.Data)
	}
	res = l.Execute(context.Background(), Spec{Command: script("echo abc"), Output: Stream}, nil)
	if res.Err == "" || res.ExitVal != 255 {
		t.Errorf("stream without a sink: exit %d, err %q", res.ExitVal, res.Err)
	}
}

func TestExecuteBackgroundProcessDoesNotHoldTheJob(t *testing.T) {
	t.Parallel()
	var l Local
	sink := &recSink{}
	// The job leaves a sleep that holds its stdout; the executor returns
	// without waiting for it (and its group is killed by the cleanup).
	res := l.Execute(context.Background(), Spec{Command: script("echo a; sleep 30 & echo $! >&2"), Output: Stream}, sink)
	if sink.out.String() != "a\n" || res.ExitVal != 0 {
		t.Errorf("stdout %q exit %d", sink.out.String(), res.ExitVal)
	}
	pid := atoi(t, strings.TrimSpace(sink.err.String()))
	KillGroup(pid, []Step{{syscall.SIGKILL, time.Second}})
}

func TestUserCPU(t *testing.T) {
	t.Parallel()
	res := run(t, Spec{Command: script("i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done")})
	if res.UserCPU+res.SystemCPU <= 0 {
		t.Errorf("CPU time %v + %v, want more than 0 for a busy loop", res.UserCPU, res.SystemCPU)
	}
}

func TestSpecJSON(t *testing.T) {
	t.Parallel()
	s := Spec{Seq: 3, Command: Command{Argv: []string{"echo", "x"}, Script: "echo x", Shell: "/bin/bash"},
		Env: []string{"A=1"}, Dir: "/tmp", Stdin: []byte{0, 1, 2}, Timeout: time.Second, Term: DefaultTerm,
		Nice: 3, Retries: 2, Output: Stream}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var got Spec
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, s) {
		t.Errorf("round trip: %+v, want %+v", got, s)
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("not a number: %q", s)
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// alive reports whether process pid runs: a zombie waiting for its
// parent's wait does not.
func alive(pid int) bool {
	st, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return syscall.Kill(pid, 0) == nil
	}
	if i := bytes.LastIndexByte(st, ')'); i >= 0 && i+2 < len(st) {
		return st[i+2] != 'Z'
	}
	return true
}

func TestExecuteStdinHeldByABackgroundProcess(t *testing.T) {
	t.Parallel()
	var l Local
	sink := &recSink{}
	// The job exits at once, leaving a sleep that holds its stdin unread;
	// 1 MB does not fit a pipe, yet the executor returns.
	res := l.Execute(context.Background(), Spec{Command: script("exec 3<&0; sleep 30 <&3 & echo $! >&2"), Stdin: make([]byte, 1<<20), Output: Stream}, sink)
	if res.ExitVal != 0 {
		t.Errorf("exit %d", res.ExitVal)
	}
	KillGroup(atoi(t, strings.TrimSpace(sink.err.String())), []Step{{syscall.SIGKILL, time.Second}})
}
