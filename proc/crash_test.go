package proc

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Op tells the op function what to do with N.
type Op struct {
	Kind string // "", "error", "panic", "exit3", "hang", "segv", "pidfile", "spawn", "print"
	N    int
	Dir  string
}

var op = Func("proc_test.op", func(ctx context.Context, o Op) (int, error) {
	switch o.Kind {
	case "error":
		return 0, fmt.Errorf("bad input %d", o.N)
	case "panic":
		panic(fmt.Sprintf("boom %d", o.N))
	case "exit3":
		os.Exit(3)
	case "hang":
		time.Sleep(time.Hour)
	case "segv":
		// A nil dereference outside the task's goroutine cannot be
		// recovered: the Go runtime reports SIGSEGV and exits.
		done := make(chan int)
		go func() {
			var p *Op
			done <- p.N
		}()
		<-done
	case "pidfile":
		// Tell the test our pid, then wait for it to kill -9 us.
		os.WriteFile(filepath.Join(o.Dir, "pid"), []byte(strconv.Itoa(os.Getpid())), 0o644)
		time.Sleep(time.Hour)
	case "spawn":
		// A grandchild that would outlive a careless pool.
		cmd := exec.Command("sleep", "1000")
		cmd.Start()
		os.WriteFile(filepath.Join(o.Dir, "grandchild"), []byte(strconv.Itoa(cmd.Process.Pid)), 0o644)
		time.Sleep(time.Hour)
	case "print":
		for range 20 {
			fmt.Printf("<%d>", o.N)
		}
		fmt.Fprintf(os.Stderr, "e%d", o.N)
	}
	return o.N * o.N, nil
})

// checkResults checks that every item with Kind "" returned N*N and every
// other item failed with a *TaskError naming it whose text contains want.
func checkResults(t *testing.T, ops []Op, res []int, err error, want map[string]string) {
	t.Helper()
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else if err != nil {
		errs = []error{err}
	}
	failed := map[int]*TaskError{}
	for _, e := range errs {
		var te *TaskError
		if !errors.As(e, &te) {
			t.Errorf("error %v is not a *TaskError", e)
			continue
		}
		failed[te.Index] = te
	}
	for i, o := range ops {
		te := failed[i]
		if o.Kind == "" {
			if te != nil || res[i] != o.N*o.N {
				t.Errorf("item %d: got %d, %v; want %d", i, res[i], te, o.N*o.N)
			}
			continue
		}
		if te == nil {
			t.Errorf("item %d (%s): no error", i, o.Kind)
			continue
		}
		if te.Func != op.Name() || !strings.Contains(te.Error(), want[o.Kind]) || !strings.Contains(te.Error(), fmt.Sprintf("op[%d]", i)) {
			t.Errorf("item %d (%s): error %q; want it to name proc_test.op[%d] and contain %q", i, o.Kind, te, i, want[o.Kind])
		}
	}
}

var crashWant = map[string]string{
	"error": "bad input",
	"panic": "panic: boom",
	"exit3": "exited with status 3",
	"segv":  "SIGSEGV",
	"hang":  "timed out",
}

// TestCrashes mixes failing tasks with good ones in one Map, in chunks of
// several items and of one: each failure costs only its own item.
func TestCrashes(t *testing.T) {
	for _, chunk := range []int{0, 1, 7} {
		t.Run(fmt.Sprintf("chunk=%d", chunk), func(t *testing.T) {
			p := newPool(t, WithWorkers(2), WithTimeout(3*time.Second), WithOutput(nil, nil))
			var ops []Op
			kinds := []string{"error", "panic", "exit3", "segv", "hang"}
			for i := range 40 {
				o := Op{N: i}
				if i%8 == 3 {
					o.Kind = kinds[(i/8)%len(kinds)]
				}
				ops = append(ops, o)
			}
			res, err := Map(context.Background(), p, op, ops, WithChunkSize(chunk))
			checkResults(t, ops, res, err, crashWant)
			// The pool still works.
			if got, err := Call(context.Background(), p, square, 3); got != 9 || err != nil {
				t.Errorf("after crashes: Call = %d, %v", got, err)
			}
			pg := p.pids()
			p.Close()
			noChildren(t, pg)
		})
	}
}

func TestPanicError(t *testing.T) {
	p := newPool(t, WithWorkers(1))
	defer p.Close()
	_, err := Call(context.Background(), p, op, Op{Kind: "panic", N: 5})
	var pe *PanicError
	if !errors.As(err, &pe) || pe.Value != "boom 5" || !strings.Contains(pe.Stack, "crash_test.go") {
		t.Fatalf("Call(panic) = %v; want a *PanicError with value %q and a stack", err, "boom 5")
	}
}

// TestKill9 kills a worker from outside while it runs a task.
func TestKill9(t *testing.T) {
	dir := t.TempDir()
	p := newPool(t, WithWorkers(2))
	ops := []Op{{N: 1}, {Kind: "pidfile", Dir: dir}, {N: 2}, {N: 3}}
	go func() {
		for {
			b, err := os.ReadFile(filepath.Join(dir, "pid"))
			if err == nil {
				pid, _ := strconv.Atoi(string(b))
				syscall.Kill(pid, syscall.SIGKILL)
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	res, err := Map(context.Background(), p, op, ops, WithChunkSize(4))
	checkResults(t, ops, res, err, map[string]string{"pidfile": "killed by signal 9"})
	var we *WorkerError
	if !errors.As(err, &we) || we.Signal != syscall.SIGKILL {
		t.Errorf("error %v: want a *WorkerError with Signal SIGKILL", err)
	}
	pg := p.pids()
	p.Close()
	noChildren(t, pg)
}

// TestTimeoutKillsGroup: a task that hangs past the timeout is killed with
// the process it started.
func TestTimeoutKillsGroup(t *testing.T) {
	dir := t.TempDir()
	p := newPool(t, WithWorkers(1), WithTimeout(time.Second))
	pg := p.pids()
	_, err := Call(context.Background(), p, op, Op{Kind: "spawn", Dir: dir})
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("Call(spawn and hang) = %v; want ErrTimeout", err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "grandchild"))
	gpid, _ := strconv.Atoi(string(b))
	if gpid == 0 {
		t.Fatal("the task did not start its child")
	}
	if got, err := Call(context.Background(), p, square, 4); got != 16 || err != nil {
		t.Errorf("after timeout: Call = %d, %v", got, err)
	}
	pg = append(pg, p.pids()...)
	p.Close()
	noChildren(t, pg) // the grandchild was in the killed worker's group
}

// TestRetries: with retries, a task that crashes once succeeds.
var flaky = Func("proc_test.flaky", func(ctx context.Context, dir string) (int, error) {
	f := filepath.Join(dir, "count")
	b, _ := os.ReadFile(f)
	n, _ := strconv.Atoi(string(b))
	os.WriteFile(f, []byte(strconv.Itoa(n+1)), 0o644)
	if n < 2 {
		os.Exit(7)
	}
	return n, nil
})

func TestRetries(t *testing.T) {
	p := newPool(t, WithWorkers(1), WithRetries(2))
	defer p.Close()
	got, err := Call(context.Background(), p, flaky, t.TempDir())
	if err != nil || got != 2 {
		t.Fatalf("Call(flaky) with 2 retries = %d, %v; want 2, nil", got, err)
	}
	p2 := newPool(t, WithWorkers(1), WithRetries(1))
	defer p2.Close()
	_, err = Call(context.Background(), p2, flaky, t.TempDir())
	var te *TaskError
	if !errors.As(err, &te) || te.Attempts != 2 || !strings.Contains(err.Error(), "status 7") {
		t.Fatalf("Call(flaky) with 1 retry = %v; want a failure after 2 attempts", err)
	}
}

// TestStreamCrashes: the streaming calls report each failed item in place
// and deliver every other result.
func TestStreamCrashes(t *testing.T) {
	p := newPool(t, WithWorkers(2), WithOutput(nil, nil))
	defer p.Close()
	ops := make([]Op, 30)
	for i := range ops {
		ops[i] = Op{N: i}
	}
	ops[4].Kind, ops[17].Kind, ops[25].Kind = "exit3", "panic", "error"
	seq := func(yield func(Op) bool) {
		for _, o := range ops {
			if !yield(o) {
				return
			}
		}
	}
	check := func(i, r int, err error) {
		t.Helper()
		if ops[i].Kind == "" {
			if err != nil || r != i*i {
				t.Errorf("item %d = %d, %v", i, r, err)
			}
			return
		}
		var te *TaskError
		if !errors.As(err, &te) || te.Index != i || !strings.Contains(err.Error(), crashWant[ops[i].Kind]) {
			t.Errorf("item %d (%s): error %v", i, ops[i].Kind, err)
		}
	}
	i := 0
	for r, err := range Imap(context.Background(), p, op, seq, WithChunkSize(4)) {
		check(i, r, err)
		i++
	}
	if i != len(ops) {
		t.Errorf("Imap yielded %d items, want %d", i, len(ops))
	}
	seen := 0
	for r := range ImapUnordered(context.Background(), p, op, seq, WithChunkSize(4)) {
		check(r.Index, r.Value, r.Err)
		seen++
	}
	if seen != len(ops) {
		t.Errorf("ImapUnordered yielded %d items, want %d", seen, len(ops))
	}
}

var spawnStderr = Func("proc_test.spawnStderr", func(ctx context.Context, msg string) (struct{}, error) {
	println(msg + "-runtime") // the Go runtime writes to fd 2 directly
	cmd := exec.Command("sh", "-c", "echo "+msg+"-child >&2")
	cmd.Stderr = os.Stderr
	return struct{}{}, cmd.Run()
})

// TestChildStderrForwarded: what a task's child process writes to
// os.Stderr, and what the worker writes to its fd 2, reach the pool's
// stderr.
func TestChildStderrForwarded(t *testing.T) {
	var errOut syncBuffer
	p := newPool(t, WithWorkers(1), WithOutput(nil, &errOut))
	if _, err := Call(context.Background(), p, spawnStderr, "hello"); err != nil {
		t.Fatal(err)
	}
	p.Close()
	for _, want := range []string{"hello-runtime\n", "hello-child\n"} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("stderr = %q; want %q in it", errOut.String(), want)
		}
	}
}

// TestCrashPipelined: with cheap tasks the pool keeps two chunks in flight
// per worker; a crash in one still costs only its task.
func TestCrashPipelined(t *testing.T) {
	p := newPool(t, WithWorkers(2), WithOutput(nil, nil))
	warm := make([]Op, 500)
	for i := range warm {
		warm[i] = Op{N: i}
	}
	if _, err := Map(context.Background(), p, op, warm, WithChunkSize(1)); err != nil {
		t.Fatal(err)
	}
	kinds := []string{"exit3", "panic", "error", "segv"}
	ops := make([]Op, 400)
	for i := range ops {
		ops[i] = Op{N: i}
		if i%50 == 7 {
			ops[i].Kind = kinds[(i/50)%len(kinds)]
		}
	}
	for _, chunk := range []int{1, 3} {
		res, err := Map(context.Background(), p, op, ops, WithChunkSize(chunk))
		checkResults(t, ops, res, err, crashWant)
	}
	pg := p.pids()
	p.Close()
	noChildren(t, pg)
}

// crashInt exits its worker for 1_000_003 and panics for 2_000_003: plain
// ints, so big chunks travel in shared memory and are sent ahead.
var crashInt = Func("proc_test.crashInt", func(ctx context.Context, x int) (int, error) {
	switch x {
	case 1_000_003:
		os.Exit(3)
	case 2_000_003:
		panic("boom")
	}
	return x + 1, nil
})

// TestCrashSharedMemory: a worker that dies in a chunk whose arguments and
// results are in shared memory, with more chunks in flight, costs only
// its task; items of its chunk that had run run again.
func TestCrashSharedMemory(t *testing.T) {
	p := newPool(t, WithWorkers(2), WithOutput(nil, nil))
	defer p.Close()
	ctx := context.Background()
	in := make([]int, 20_000)
	for i := range in {
		in[i] = i
	}
	if _, err := Map(ctx, p, crashInt, in); err != nil { // the pool learns they are quick
		t.Fatal(err)
	}
	bad := map[int]string{7_777: "exited with status 3", 12_345: "panic: boom", 19_999: "exited with status 3"}
	for i, want := range bad {
		in[i] = 1_000_003
		if strings.HasPrefix(want, "panic") {
			in[i] = 2_000_003
		}
	}
	for _, chunk := range []int{0, 300, 5} {
		res, err := Map(ctx, p, crashInt, in, WithChunkSize(chunk))
		var errs []error
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			errs = j.Unwrap()
		}
		if len(errs) != len(bad) {
			t.Fatalf("chunk %d: %d errors, want %d: %v", chunk, len(errs), len(bad), err)
		}
		for _, e := range errs {
			var te *TaskError
			if !errors.As(e, &te) || !strings.Contains(e.Error(), bad[te.Index]) {
				t.Errorf("chunk %d: error %v: want one of %v", chunk, e, bad)
			}
		}
		for i, r := range res {
			if _, isBad := bad[i]; !isBad && r != i+1 || isBad && r != 0 {
				t.Fatalf("chunk %d: res[%d] = %d", chunk, i, r)
			}
		}
	}
}
