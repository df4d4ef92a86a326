package main

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"github.com/crewrun/crew/internal/proctest"
	"github.com/crewrun/crew/internal/seedtest"
)

// The seed's multiprocessing program: every task's lines reach the writer,
// the tasks overlap, and no worker process is left afterwards.
func TestDemoProcesses(t *testing.T) {
	for _, n := range []int{1, 3} {
		var out bytes.Buffer
		if err := demoProcesses(context.Background(), &out, n, 300*time.Millisecond); err != nil {
			t.Fatal(err)
		}
		if msg := seedtest.Check(out.String(), n); msg != "" {
			t.Errorf("%d tasks: %s", n, msg)
		}
		if left := childProcesses(t); len(left) > 0 {
			t.Errorf("%d tasks: worker processes left: %v", n, left)
		}
	}
}

func TestDemoProcessesCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	var out bytes.Buffer
	if err := demoProcesses(ctx, &out, 2, time.Hour); err == nil {
		t.Fatal("demoProcesses with a cancelled context succeeded")
	}
	if left := childProcesses(t); len(left) > 0 {
		t.Errorf("worker processes left: %v", left)
	}
}

// childProcesses lists the processes whose parent is this test, waiting
// a little for ones being reaped.
func childProcesses(t *testing.T) []proctest.Proc {
	t.Helper()
	return proctest.Wait(5*time.Second, proctest.ChildOf(os.Getpid()))
}
