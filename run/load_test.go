package run

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/crewrun/crew/internal/proctest"
)

func TestParseLoad(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "load")
	os.WriteFile(file, []byte("150%\n"), 0o644)
	for _, tc := range []struct {
		in   string
		want float64
		file string
	}{
		{"3", 3, ""}, {"2.5", 2.5, ""}, {"0", 0.01, ""}, {"+2", 6, ""}, {"-1", 3, ""},
		{"-9", 0.01, ""}, {"50%", 2, ""}, {file, 6, file},
	} {
		got, f, err := parseLoad(tc.in, 4)
		if err != nil || got != tc.want || f != tc.file {
			t.Errorf("parseLoad(%q) = %v, %q, %v; want %v, %q", tc.in, got, f, err, tc.want, tc.file)
		}
	}
	for _, bad := range []string{"", "x", "1.5%", "+1.5", dir} {
		if _, _, err := parseLoad(bad, 4); err == nil {
			t.Errorf("parseLoad(%q) took it", bad)
		}
	}
}

// runAsync runs a command line in the background; wait returns its
// output and exit code.
func runAsync(t *testing.T, ctx context.Context, args ...string) (wait func() (string, int)) {
	t.Helper()
	o, err := ParseArgs(args)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	done := make(chan int, 1)
	go func() {
		sum, err := Run(ctx, o, Stdio{Stdout: &out, Stderr: &out})
		if err != nil {
			out.WriteString(err.Error())
		}
		done <- sum.ExitCode
	}()
	return func() (string, int) {
		code := <-done
		return out.String(), code
	}
}

// waitFor polls cond until it holds, or fails the test.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func TestLoadHoldsJobs(t *testing.T) {
	var load atomic.Int64
	var calls atomic.Int32
	load.Store(5)
	loadNow = func() float64 { calls.Add(1); return float64(load.Load()) }
	defer func() { loadNow = procLoad }()
	dir := t.TempDir()
	wait := runAsync(t, t.Context(), "--load", "2", "touch "+dir+"/{}", ":::", "a")
	waitFor(t, "load checks", func() bool { return calls.Load() >= 3 })
	if _, err := os.Stat(filepath.Join(dir, "a")); err == nil {
		t.Fatal("a job started while the load was over --load")
	}
	load.Store(1)
	if out, code := wait(); code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
}

func TestNoSwapHoldsJobs(t *testing.T) {
	var pages, calls atomic.Int64
	var swapping atomic.Bool
	swapping.Store(true)
	swapCounters = func() (int64, int64, error) {
		calls.Add(1)
		if swapping.Load() {
			pages.Add(1)
		}
		return pages.Load(), pages.Load(), nil
	}
	swapInterval = 20 * time.Millisecond
	defer func() { swapCounters, swapInterval = procSwapCounters, time.Second }()
	dir := t.TempDir()
	wait := runAsync(t, t.Context(), "-j1", "--noswap", "touch "+dir+"/{}", ":::", "a", "b")
	waitFor(t, "the first job", func() bool { _, err := os.Stat(filepath.Join(dir, "a")); return err == nil })
	waitFor(t, "swap checks", func() bool { return calls.Load() >= 4 })
	if _, err := os.Stat(filepath.Join(dir, "b")); err == nil {
		t.Fatal("a job started while the machine swapped in and out")
	}
	swapping.Store(false)
	if out, code := wait(); code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
}

func TestLimitCommand(t *testing.T) {
	dir := t.TempDir()
	// exit 1 (hold) until the file go exists.
	limit := "echo >> " + dir + "/calls; test -e " + dir + "/go"
	wait := runAsync(t, t.Context(), "--limit", limit, "touch "+dir+"/{}", ":::", "a")
	waitFor(t, "limit runs", func() bool {
		b, _ := os.ReadFile(filepath.Join(dir, "calls"))
		return len(b) >= 2
	})
	if _, err := os.Stat(filepath.Join(dir, "a")); err == nil {
		t.Fatal("a job started while --limit exited 1")
	}
	os.WriteFile(filepath.Join(dir, "go"), nil, 0o644)
	if out, code := wait(); code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "a")); err != nil {
		t.Fatal("the job did not run")
	}
}

func TestLimitKillsYoungest(t *testing.T) {
	limitGuardEvery = 10 * time.Millisecond
	defer func() { limitGuardEvery = time.Second }()
	dir := t.TempDir()
	// exit 2 once, when the file k exists.
	limit := "test -e " + dir + "/k || exit 0; rm " + dir + "/k; exit 2"
	wait := runAsync(t, t.Context(), "-j2", "--joblog", dir+"/log", "--limit", limit,
		"touch "+dir+"/started{}; sleep 1; echo done {}", ":::", "1", "2")
	waitFor(t, "both jobs", func() bool {
		_, e1 := os.Stat(filepath.Join(dir, "started1"))
		_, e2 := os.Stat(filepath.Join(dir, "started2"))
		return e1 == nil && e2 == nil
	})
	os.WriteFile(filepath.Join(dir, "k"), nil, 0o644)
	out, code := wait()
	if code != 1 || out != "done 1\n" {
		t.Fatalf("exit %d, output %q; want 1, the oldest job's output only", code, out)
	}
	log, _ := os.ReadFile(filepath.Join(dir, "log"))
	if !strings.Contains(string(log), "\t-1\t15\ttouch "+dir+"/started2") {
		t.Errorf("joblog does not show job 2 killed:\n%s", log)
	}
}

func TestLimitBuiltins(t *testing.T) {
	defer func() { memAvailable, loadNow = procMemAvailable, procLoad }()
	memAvailable = func() int64 { return 300 }
	loadNow = func() float64 { return 3 }
	for _, tc := range []struct {
		spec string
		want int
	}{
		{"mem 200", 0}, {"mem 400", 1}, {"mem 1k", 2}, {"load 3", 0}, {"load 2", 1},
	} {
		l, err := newLimitRun(tc.spec, "/bin/sh", nil, Stdio{})
		if err != nil {
			t.Fatal(err)
		}
		if got := l.status(); got != tc.want {
			t.Errorf("--limit %q: %d, want %d", tc.spec, got, tc.want)
		}
	}
	if _, err := newLimitRun("mem", "/bin/sh", nil, Stdio{}); err == nil {
		t.Error(`--limit "mem" without a size taken`)
	}
	l, _ := newLimitRun("io 100", "/bin/sh", nil, Stdio{})
	if got := l.status(); got != 0 {
		t.Errorf(`--limit "io 100": %d, want 0`, got)
	}
}

// --memsuspend: below SIZE only the oldest job runs, the others are
// stopped; with memory back they all resume and finish.
func TestMemSuspend(t *testing.T) {
	var free atomic.Int64
	free.Store(1 << 40)
	memAvailable = func() int64 { return free.Load() }
	memSuspendEvery = 5 * time.Millisecond
	defer func() { memAvailable, memSuspendEvery = procMemAvailable, 250*time.Millisecond }()
	dir := t.TempDir()
	wait := runAsync(t, t.Context(), "-j3", "--memsuspend", "1M",
		"touch "+dir+"/started{}; while ! test -e "+dir+"/end; do sleep 0.01; done; echo {}", ":::", "1", "2", "3")
	waitFor(t, "three jobs", func() bool {
		m, _ := filepath.Glob(filepath.Join(dir, "started*"))
		return len(m) == 3
	})
	me := os.Getpid()
	stopped := func() []proctest.Proc {
		return proctest.Find(func(p proctest.Proc) bool { return p.PPID == me && p.State == "T" })
	}
	free.Store(512 << 10)
	waitFor(t, "two jobs suspended", func() bool { return len(stopped()) == 2 })
	os.WriteFile(filepath.Join(dir, "end"), nil, 0o644)
	free.Store(1 << 40)
	out, code := wait()
	if code != 0 || len(strings.Fields(out)) != 3 {
		t.Fatalf("exit %d, output %q", code, out)
	}
}

// A suspended job that is killed (a Ctrl-C here) still ends.
func TestMemSuspendedJobKilled(t *testing.T) {
	var free atomic.Int64
	free.Store(1 << 40)
	memAvailable = func() int64 { return free.Load() }
	memSuspendEvery = 5 * time.Millisecond
	defer func() { memAvailable, memSuspendEvery = procMemAvailable, 250*time.Millisecond }()
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	wait := runAsync(t, ctx, "-j2", "--memsuspend", "1M", "touch "+dir+"/started{}; sleep 30", ":::", "1", "2")
	waitFor(t, "two jobs", func() bool {
		m, _ := filepath.Glob(filepath.Join(dir, "started*"))
		return len(m) == 2
	})
	free.Store(1)
	me := os.Getpid()
	waitFor(t, "a job suspended", func() bool {
		return len(proctest.Find(func(p proctest.Proc) bool { return p.PPID == me && p.State == "T" })) == 1
	})
	cancel()
	if _, code := wait(); code != 255 {
		t.Fatalf("exit %d, want 255", code)
	}
	if left := proctest.Wait(2*time.Second, func(p proctest.Proc) bool { return p.PPID == me && p.State != "Z" }); len(left) > 0 {
		t.Errorf("processes left: %v", left)
		for _, p := range left {
			syscall.Kill(p.PID, syscall.SIGKILL)
		}
	}
}

func TestDelayAuto(t *testing.T) {
	start := time.Now()
	_, _, code := runArgs(t, t.Context(), "-j1", "--delay", "0.1auto", "false", ":::", "1", "2", "3")
	// 0.13 s after the first failure, 0.169 s after the second.
	if d := time.Since(start); code != 3 || d < 290*time.Millisecond {
		t.Errorf("exit %d after %v; want 3 after at least 0.299 s", code, d)
	}
	o, err := ParseArgs([]string{"--delay", "auto", "true"})
	if err != nil || !o.DelayAuto || o.Delay != 0 {
		t.Errorf("--delay auto: %v %v %v", o.DelayAuto, o.Delay, err)
	}
	if _, err := ParseArgs([]string{"--delay", "xauto", "true"}); err == nil {
		t.Error("--delay xauto taken")
	}
}
