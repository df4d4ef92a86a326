package run

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/crewrun/crew/internal/proctest"
)

func TestSemaphoreFileName(t *testing.T) {
	for in, want := range map[string]string{
		"abc-_Z9":    "abc-_Z9",
		"not a tty":  "not20a20tty",
		"/dev/pts/3": "2fdev2fpts2f3",
	} {
		if got := semaphoreFileName(in); got != want {
			t.Errorf("semaphoreFileName(%q) = %q, want %q", in, got, want)
		}
	}
}

// Holders in one process each have their own open file, and flock(2) locks
// of different open files conflict as between processes: goroutines stand
// for separate crew processes here.
func TestSemaphoreCountsHolders(t *testing.T) {
	sem, err := OpenSemaphore(t.TempDir(), "count")
	if err != nil {
		t.Fatal(err)
	}
	const n, workers, rounds = 3, 8, 10
	var cur, peak atomic.Int32
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range rounds {
				slot, _, err := sem.Acquire(t.Context(), n, 0)
				if err != nil {
					t.Error(err)
					return
				}
				c := cur.Add(1)
				for p := peak.Load(); c > p && !peak.CompareAndSwap(p, c); p = peak.Load() {
				}
				time.Sleep(time.Millisecond)
				cur.Add(-1)
				if err := slot.Release(); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if p := peak.Load(); p != n {
		t.Errorf("at most %d holders at once, want %d", p, n)
	}
	if held, err := sem.Held(); err != nil || held != 0 {
		t.Errorf("held %d after all released (%v)", held, err)
	}
}

func TestSemaphoreTimeouts(t *testing.T) {
	sem, err := OpenSemaphore(t.TempDir(), "timeout")
	if err != nil {
		t.Fatal(err)
	}
	first, _, err := sem.Acquire(t.Context(), 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Release()
	start := time.Now()
	if _, _, err := sem.Acquire(t.Context(), 1, -50*time.Millisecond); !errors.Is(err, ErrSemaphoreTimeout) {
		t.Fatalf("negative timeout: %v, want ErrSemaphoreTimeout", err)
	}
	if d := time.Since(start); d < 50*time.Millisecond {
		t.Errorf("gave up after %v, before the timeout", d)
	}
	stolen, ok, err := sem.Acquire(t.Context(), 1, 50*time.Millisecond)
	if err != nil || !ok {
		t.Fatalf("positive timeout: stolen %v, %v", ok, err)
	}
	if held, _ := sem.Held(); held != 2 {
		t.Errorf("held %d after stealing, want 2", held)
	}
	stolen.Release()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Millisecond)
	defer cancel()
	if _, _, err := sem.Acquire(ctx, 1, 0); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("ended context: %v", err)
	}
	if err := sem.WaitIdle(t.Context(), -20*time.Millisecond); !errors.Is(err, ErrSemaphoreTimeout) {
		t.Errorf("WaitIdle with a holder: %v", err)
	}
	done := make(chan error)
	go func() { done <- sem.WaitIdle(t.Context(), 0) }()
	time.Sleep(20 * time.Millisecond)
	select {
	case err := <-done:
		t.Fatalf("WaitIdle returned %v while a slot is held", err)
	default:
	}
	first.Release()
	if err := <-done; err != nil {
		t.Errorf("WaitIdle: %v", err)
	}
}

// A holder that dies, however it dies, gives its slot back: another
// process (flock(1) here) holds a slot's file, and is killed.
func TestSemaphoreDeadHolder(t *testing.T) {
	flock, err := exec.LookPath("flock")
	if err != nil {
		t.Skip("flock(1) not installed")
	}
	sem, err := OpenSemaphore(t.TempDir(), "dead")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(sem.dir, semaphorePrefix+"other")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(flock, "-x", file, "sh", "-c", "echo locked; exec sleep 60")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 7)
	if _, err := out.Read(buf); err != nil || string(buf) != "locked\n" {
		t.Fatalf("flock: %q %v", buf, err)
	}
	if _, _, err := sem.Acquire(t.Context(), 1, -30*time.Millisecond); !errors.Is(err, ErrSemaphoreTimeout) {
		t.Fatalf("slot held by a live process: %v", err)
	}
	syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	cmd.Wait()
	slot, _, err := sem.Acquire(t.Context(), 1, -5*time.Second)
	if err != nil {
		t.Fatalf("slot of a killed holder: %v", err)
	}
	slot.Release()
	if _, err := os.Stat(file); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the dead holder's file is still there: %v", err)
	}
	if left := proctest.Wait(time.Second, proctest.ChildOf(os.Getpid())); len(left) > 0 {
		t.Errorf("processes left: %v", left)
	}
}

func TestRunSemaphore(t *testing.T) {
	t.Setenv("PARALLEL_HOME", t.TempDir())
	for _, tc := range []struct {
		args  []string
		stdin string
		out   string
		code  int
	}{
		{[]string{"--semaphore", "--fg", "--id", "a", "exit 3"}, "", "", 3},
		{[]string{"--fg", "--id", "a", "kill -9 $$"}, "", "", 137},
		{[]string{"--fg", "--id", "a", "cat; echo [{}] {#} {%}", ":::", "x", "y"}, "in\n", "in\n[] 1 1\n", 0},
		{[]string{"--fg", "--id", "a", "-v", "echo", "hi"}, "", "echo hi \nhi\n", 0},
		{[]string{"--fg", "--id", "a", "exit 300"}, "", "", 44},
		{[]string{"--wait", "--id", "a", "echo", "not run"}, "", "", 0},
	} {
		o, err := ParseArgs(tc.args)
		if err != nil {
			t.Fatalf("ParseArgs(%q): %v", tc.args, err)
		}
		var out strings.Builder
		sum, err := Run(t.Context(), o, Stdio{Stdin: strings.NewReader(tc.stdin), Stdout: &out, Stderr: &out})
		if err != nil || sum.ExitCode != tc.code || out.String() != tc.out {
			t.Errorf("%q: exit %d, output %q, %v; want exit %d, output %q", tc.args, sum.ExitCode, out.String(), err, tc.code, tc.out)
		}
	}
}

func TestParseSemaphoreArgs(t *testing.T) {
	o, err := ParseArgs([]string{"--id", "x", "--st", "-1m", "echo"})
	if err != nil {
		t.Fatal(err)
	}
	so := o.Semaphore
	if so == nil || so.Name != "x" || so.Timeout != -time.Minute || !so.Background || o.Jobs != 1 {
		t.Errorf("semaphore options %+v, jobs %d", so, o.Jobs)
	}
	if o, _ := ParseArgs([]string{"--bg", "--fg", "-j3", "echo"}); o.Semaphore.Background || o.Jobs != 3 {
		t.Errorf("--bg --fg -j3: %+v jobs %d", o.Semaphore, o.Jobs)
	}
	for _, bad := range [][]string{
		{"--st", "x", "echo"},
		{"--semaphore", "-a", "f", "-a", "g", "echo"},
	} {
		if _, err := ParseArgs(bad); err == nil {
			t.Errorf("ParseArgs(%q) took it", bad)
		}
	}
}
