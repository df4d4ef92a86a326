package proc

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the pool's output forwarding.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestOutputLines: many tasks print without newlines; every forwarded line
// holds one task's output only, and nothing is lost.
func TestOutputLines(t *testing.T) {
	var out, errOut syncBuffer
	p := newPool(t, WithWorkers(3), WithOutput(&out, &errOut))
	defer p.Close()
	const n = 200
	ops := make([]Op, n)
	for i := range ops {
		ops[i] = Op{Kind: "print", N: i}
	}
	for _, chunk := range []int{0, 1, 16} {
		res, err := Map(context.Background(), p, op, ops, WithChunkSize(chunk))
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range res {
			if r != i*i {
				t.Fatalf("res[%d] = %d", i, r)
			}
		}
	}
	lineRe := regexp.MustCompile(`^(<(\d+)>)+$`)
	seen := map[string]int{}
	for _, l := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
		m := lineRe.FindStringSubmatch(l)
		if m == nil || strings.Count(l, "<") != strings.Count(l, "<"+m[2]+">") {
			t.Fatalf("stdout line %q mixes tasks or is malformed", l)
		}
		seen[m[2]] += strings.Count(l, "<")
	}
	for i := range n {
		if got := seen[strconv.Itoa(i)]; got != 3*20 {
			t.Errorf("task %d: %d fragments on stdout, want %d", i, got, 3*20)
		}
	}
	errLines := strings.Split(strings.TrimSuffix(errOut.String(), "\n"), "\n")
	if len(errLines) != 3*n {
		t.Errorf("stderr has %d lines, want %d", len(errLines), 3*n)
	}
	for _, l := range errLines {
		if !regexp.MustCompile(`^e\d+$`).MatchString(l) {
			t.Fatalf("stderr line %q mixes tasks", l)
		}
	}
}

func TestCapture(t *testing.T) {
	var out syncBuffer
	p := newPool(t, WithWorkers(2), WithOutput(&out, &out))
	defer p.Close()
	ops := make([]Op, 50)
	for i := range ops {
		ops[i] = Op{Kind: "print", N: i}
	}
	got := map[int]string{}
	_, err := Map(context.Background(), p, op, ops, WithCapture(func(i int, stdout, stderr []byte) {
		got[i] = string(stdout) + "|" + string(stderr)
	}))
	if err != nil {
		t.Fatal(err)
	}
	for i := range ops {
		want := strings.Repeat(fmt.Sprintf("<%d>", i), 20) + "\n|" + fmt.Sprintf("e%d\n", i)
		if got[i] != want {
			t.Errorf("captured output of task %d = %q, want %q", i, got[i], want)
		}
	}
	if out.String() != "" {
		t.Errorf("captured output was also forwarded: %q", out.String())
	}
}

// TestForgotMain: workers that never speak the protocol give a clear error
// naming the fix, and no process is left.
func TestForgotMain(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []Option
		want string
	}{
		{"exits", []Option{WithOutput(nil, nil), withExe("/bin/sh", "-c", "echo not a worker >&2")}, "exited with status 0"},
		{"runs on", []Option{withExe("/bin/sh", "-c", "sleep 30"), func(o *options) { o.startTimeout = 200 * time.Millisecond }}, "did not answer within 200ms"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := NewPool(context.Background(), append(tc.opts, WithWorkers(2))...)
			if err == nil {
				p.Close()
				t.Fatal("NewPool succeeded")
			}
			for _, want := range []string{tc.want, "call proc.Main() first in main"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("NewPool error %q does not contain %q", err, want)
				}
			}
			noChildren(t, nil)
		})
	}
}

// TestNoPoolInWorker: a process marked as a worker never starts workers,
// so a program that forgot Main cannot multiply itself.
func TestNoPoolInWorker(t *testing.T) {
	t.Setenv(envWorker, protoMagic)
	p, err := NewPool(context.Background(), WithWorkers(1))
	if err == nil {
		p.Close()
		t.Fatal("NewPool in a worker succeeded")
	}
	if !strings.Contains(err.Error(), "call proc.Main() first in main") {
		t.Errorf("error %q does not name the fix", err)
	}
}

type withChan struct{ C chan int }

var badType = Func("proc_test.badType", func(ctx context.Context, x withChan) (int, error) { return 0, nil })

var anyArg = Func("proc_test.anyArg", func(ctx context.Context, x any) (string, error) { return fmt.Sprint(x), nil })

type unregistered struct{ X int }

func TestEncodeErrors(t *testing.T) {
	p := newPool(t, WithWorkers(1))
	defer p.Close()
	_, err := Call(context.Background(), p, badType, withChan{})
	if err == nil || !strings.Contains(err.Error(), "cannot be sent to a worker") {
		t.Errorf("Call with a chan field = %v; want an encoding error", err)
	}
	_, err = Call(context.Background(), p, anyArg, any(unregistered{1}))
	if err == nil || !strings.Contains(err.Error(), "encode the argument") {
		t.Errorf("Call with an unregistered type in an interface = %v; want an encoding error", err)
	}
	if got, err := Call(context.Background(), p, anyArg, any(42)); err != nil || got != "42" {
		t.Errorf("Call after an encoding error = %q, %v", got, err)
	}
}

func TestNotRegisteredInWorker(t *testing.T) {
	name := fmt.Sprintf("proc_test.late.%d", time.Now().UnixNano()) // -count=n registers it anew
	late := Func(name, func(ctx context.Context, x int) (int, error) { return x, nil })
	p := newPool(t, WithWorkers(1))
	defer p.Close()
	// Registered in this process (during the test) but not in the worker,
	// which stops at Main before tests run.
	_, err := Call(context.Background(), p, late, 1)
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%q is not registered in the worker", name)) {
		t.Fatalf("Call of a late function = %v", err)
	}
	if got, err := Call(context.Background(), p, square, 5); err != nil || got != 25 {
		t.Errorf("Call after = %d, %v", got, err)
	}
}

func TestCancelCall(t *testing.T) {
	p := newPool(t, WithWorkers(1))
	ctx, cancel := context.WithCancelCause(context.Background())
	stop := errors.New("stopped by test")
	time.AfterFunc(100*time.Millisecond, func() { cancel(stop) })
	_, err := Call(ctx, p, op, Op{Kind: "hang"})
	if !errors.Is(err, stop) {
		t.Fatalf("Call = %v; want %v", err, stop)
	}
	if got, err := Call(context.Background(), p, square, 6); err != nil || got != 36 {
		t.Errorf("Call after cancel = %d, %v", got, err)
	}
	pg := p.pids()
	p.Close()
	noChildren(t, pg)
}

func TestCancelPool(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	p, err := NewPool(ctx, WithWorkers(2))
	if err != nil {
		t.Fatal(err)
	}
	pg := p.pids()
	time.AfterFunc(100*time.Millisecond, cancel)
	ops := []Op{{Kind: "hang"}, {Kind: "hang"}, {Kind: "hang"}}
	_, err = Map(context.Background(), p, op, ops, WithChunkSize(1))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Map = %v; want context.Canceled", err)
	}
	if _, err := Call(context.Background(), p, square, 1); !errors.Is(err, context.Canceled) {
		t.Errorf("Call on a cancelled pool = %v", err)
	}
	p.Close()
	noChildren(t, pg)
	if _, err := Call(context.Background(), p, square, 1); !errors.Is(err, ErrClosed) {
		t.Errorf("Call on a closed pool = %v; want ErrClosed", err)
	}
}

func TestImap(t *testing.T) {
	p := newPool(t, WithWorkers(2))
	defer p.Close()
	nums := func(n int) func(func(int) bool) {
		return func(yield func(int) bool) {
			for i := range n {
				if !yield(i) {
					return
				}
			}
		}
	}
	for _, chunk := range []int{0, 1, 3} {
		i := 0
		for r, err := range Imap(context.Background(), p, square, nums(500), WithChunkSize(chunk)) {
			if err != nil || r != i*i {
				t.Fatalf("Imap item %d = %d, %v", i, r, err)
			}
			i++
		}
		if i != 500 {
			t.Fatalf("Imap yielded %d items, want 500", i)
		}
		var idx []int
		for r := range ImapUnordered(context.Background(), p, square, nums(500), WithChunkSize(chunk)) {
			if r.Err != nil || r.Value != r.Index*r.Index {
				t.Fatalf("ImapUnordered = %+v", r)
			}
			idx = append(idx, r.Index)
		}
		slices.Sort(idx)
		if len(idx) != 500 || idx[0] != 0 || idx[499] != 499 || len(slices.Compact(idx)) != 500 {
			t.Fatalf("ImapUnordered yielded indexes %v", idx)
		}
	}
	// Stopping early.
	n := 0
	for range Imap(context.Background(), p, square, nums(1_000_000)) {
		if n++; n == 10 {
			break
		}
	}
	if got, err := Call(context.Background(), p, square, 2); err != nil || got != 4 {
		t.Errorf("Call after an early break = %d, %v", got, err)
	}
}

var pid = Func("proc_test.pid", func(ctx context.Context, _ struct{}) (int, error) { return os.Getpid(), nil })

func TestMaxTasksPerWorker(t *testing.T) {
	p := newPool(t, WithWorkers(1), WithMaxTasksPerWorker(2))
	defer p.Close()
	res, err := Map(context.Background(), p, pid, make([]struct{}, 6), WithChunkSize(1))
	if err != nil {
		t.Fatal(err)
	}
	if distinct := len(slices.Compact(res)); distinct != 3 {
		t.Errorf("6 tasks, 2 per worker ran in %d workers (%v), want 3", distinct, res)
	}
}

var (
	greeting string
	setGreet = Func("proc_test.setGreet", func(ctx context.Context, s string) (struct{}, error) {
		if s == "fail" {
			return struct{}{}, errors.New("init refused")
		}
		greeting = s
		return struct{}{}, nil
	})
	getGreet = Func("proc_test.getGreet", func(ctx context.Context, _ struct{}) (string, error) { return greeting, nil })
	environ  = Func("proc_test.environ", func(ctx context.Context, key string) (string, error) {
		wd, _ := os.Getwd()
		return os.Getenv(key) + " " + wd, nil
	})
)

func TestInitEnvDir(t *testing.T) {
	dir := t.TempDir()
	p := newPool(t, WithWorkers(2), WithInit(setGreet, "hello"), WithEnv("PROC_TEST_X=42"), WithDir(dir))
	defer p.Close()
	if got, err := Call(context.Background(), p, getGreet, struct{}{}); err != nil || got != "hello" {
		t.Errorf("after init: %q, %v", got, err)
	}
	if got, err := Call(context.Background(), p, environ, "PROC_TEST_X"); err != nil || got != "42 "+dir {
		t.Errorf("env and dir: %q, %v; want %q", got, err, "42 "+dir)
	}
	_, err := NewPool(context.Background(), WithWorkers(1), WithInit(setGreet, "fail"))
	if err == nil || !strings.Contains(err.Error(), "init refused") {
		t.Errorf("NewPool with a failing init = %v", err)
	}
}

var alloc = Func("proc_test.alloc", func(ctx context.Context, mb int) (int, error) {
	b := make([]byte, mb<<20)
	b[len(b)-1] = 1
	return len(b), nil
})

func TestMemoryLimit(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector needs more address space than the limit")
	}
	// A Go worker reserves about 1.3 GB of address space on linux/amd64.
	p := newPool(t, WithWorkers(1), WithMemoryLimit(2<<30), WithOutput(nil, nil))
	defer p.Close()
	if _, err := Call(context.Background(), p, alloc, 10); err != nil {
		t.Fatalf("10 MB under a 2 GB limit: %v", err)
	}
	_, err := Call(context.Background(), p, alloc, 3<<10)
	var we *WorkerError
	if !errors.As(err, &we) || !strings.Contains(err.Error(), "out of memory") {
		t.Fatalf("3 GB under a 2 GB limit: %v; want the worker to die out of memory", err)
	}
	if _, err := Call(context.Background(), p, alloc, 10); err != nil {
		t.Errorf("after: %v", err)
	}
}

// TestParentKilled: when the pool's process is killed, its workers and
// their children die too. The parent is this test binary in a mode that
// starts a pool, prints the worker pids and waits to be killed.
func TestParentKilled(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "PROC_TEST_PARENT=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var line [256]byte
	n, _ := out.Read(line[:])
	var pids []int
	for _, f := range strings.Fields(strings.Trim(strings.TrimSpace(string(line[:n])), "[]")) {
		if p, err := strconv.Atoi(f); err == nil {
			pids = append(pids, p)
		}
	}
	if len(pids) != 2 {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("parent printed %q, want two worker pids", line[:n])
	}
	cmd.Process.Kill()
	cmd.Wait()
	noChildren(t, pids)
}

// TestCloseDrains: Close waits for calls in progress, which complete.
func TestCloseDrains(t *testing.T) {
	first := make(chan struct{})
	var once sync.Once
	p := newPool(t, WithWorkers(2), WithOutput(writerFunc(func(b []byte) (int, error) {
		once.Do(func() { close(first) })
		return len(b), nil
	}), nil))
	pg := p.pids()
	ops := make([]Op, 20)
	for i := range ops {
		ops[i] = Op{N: i}
	}
	done := make(chan error)
	go func() {
		res, err := Map(context.Background(), p, slow, ops, WithChunkSize(1))
		if err == nil {
			for i, r := range res {
				if r != i {
					err = fmt.Errorf("res[%d] = %d", i, r)
				}
			}
		}
		done <- err
	}()
	<-first // a task is running
	p.Close()
	if err := <-done; err != nil {
		t.Errorf("Map during Close: %v", err)
	}
	noChildren(t, pg)
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }

var slow = Func("proc_test.slow", func(ctx context.Context, o Op) (int, error) {
	fmt.Println("running", o.N)
	time.Sleep(20 * time.Millisecond)
	return o.N, nil
})
