package proc

import (
	"context"
	"testing"
	"time"
)

var napSquare = Func("proc_test.napSquare", func(ctx context.Context, x int) (int, error) {
	time.Sleep(2 * time.Millisecond)
	return x * x, nil
})

// TestAutoWorkers: a pool whose worker count adapts still computes every
// result in order, and closes without leaving processes or goroutines.
func TestAutoWorkers(t *testing.T) {
	ctx := context.Background()
	p, err := NewPool(ctx, WithWorkers(2), WithAutoWorkers(6))
	if err != nil {
		t.Fatal(err)
	}
	args := make([]int, 300)
	for i := range args {
		args[i] = i
	}
	got, err := Map(ctx, p, napSquare, args, WithChunkSize(1))
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range got {
		if v != i*i {
			t.Fatalf("result %d = %d, want %d", i, v, i*i)
		}
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	noChildren(t, nil)
}

// TestAutoWorkersCancel: cancelling the pool's context frees the drivers
// waiting for a slot (goleak in TestMain checks none is left).
func TestAutoWorkersCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	p, err := NewPool(ctx, WithWorkers(1), WithAutoWorkers(4))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Call(ctx, p, napSquare, 3); err != nil {
		t.Fatal(err)
	}
	cancel()
	p.Close()
	noChildren(t, nil)
}
