package proc

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

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

// children lists the processes whose parent is this process, and those in
// the given process groups.
func children(t *testing.T, pgids []int) []string {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	self := os.Getpid()
	var out []string
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		s := string(b)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(s[i+1:]) // state ppid pgrp ...
		if len(f) < 3 {
			continue
		}
		ppid, _ := strconv.Atoi(f[1])
		pgrp, _ := strconv.Atoi(f[2])
		match := ppid == self
		for _, g := range pgids {
			if pgrp == g {
				match = true
			}
		}
		if match && pid != self {
			out = append(out, fmt.Sprintf("pid %d %s", pid, strings.TrimSpace(s[:i+1])+" "+f[0]))
		}
	}
	return out
}

// noChildren fails the test if a process started by the test remains. An
// orphaned grandchild that was killed is a zombie until init reaps it, so
// it waits a while for those.
func noChildren(t *testing.T, pgids []int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		left := children(t, pgids)
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("processes left after the pool closed:\n%s", strings.Join(left, "\n"))
			return
		}
		time.Sleep(20 * time.Millisecond)
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
