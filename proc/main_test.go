package proc

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/crewrun/crew/internal/proctest"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	Main()
	if runtime.GOOS != "linux" {
		fmt.Println("proc: worker processes need Linux; skipping the tests")
		os.Exit(0)
	}
	if os.Getenv("PROC_TEST_PARENT") != "" {
		orphanParent()
		return
	}
	goleak.VerifyTestMain(m)
}

var square = Func("proc_test.square", func(ctx context.Context, x int) (int, error) {
	return x * x, nil
})

// noChildren fails the test if a process started by the test remains: a
// child of this process, or a member of one of the process groups pgids. An
// orphaned grandchild that was killed is a zombie until init reaps it, so
// it waits a while for those.
func noChildren(t *testing.T, pgids []int) {
	t.Helper()
	self := os.Getpid()
	left := proctest.Wait(10*time.Second, func(p proctest.Proc) bool {
		return p.PID != self && (p.PPID == self || slices.Contains(pgids, p.PGID))
	})
	for _, p := range left {
		t.Errorf("process left after the pool closed: %v", p)
	}
}

func newPool(t *testing.T, opts ...Option) *Pool {
	t.Helper()
	p, err := NewPool(context.Background(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// orphanParent is the parent process of TestParentKilled.
func orphanParent() {
	p, err := NewPool(context.Background(), WithWorkers(2))
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	fmt.Println(p.pids())
	time.Sleep(time.Hour)
}

func TestSmoke(t *testing.T) {
	p := newPool(t, WithWorkers(2))
	got, err := Call(context.Background(), p, square, 7)
	if err != nil || got != 49 {
		t.Fatalf("Call(square, 7) = %v, %v; want 49", got, err)
	}
	xs := make([]int, 1000)
	for i := range xs {
		xs[i] = i
	}
	res, err := Map(context.Background(), p, square, xs)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if r != i*i {
			t.Fatalf("Map: res[%d] = %d", i, r)
		}
	}
	pg := p.pids()
	p.Close()
	noChildren(t, pg)
	_ = errors.New
}
