package crew_test

import (
	"context"
	"errors"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/crewrun/crew"
)

// TestGroupAuto checks what Auto() guarantees whatever the timing:
// every task runs once, errors and panics come back, and a panicking task
// gives its slot back (so the tasks after it still run). Where the limit
// settles is tested with simulated workloads in internal/adapt and
// measured in bench/auto.
func TestGroupAuto(t *testing.T) {
	g := crew.NewGroup(crew.Auto())
	var ran atomic.Int64
	boom := errors.New("boom")
	for i := range 500 {
		g.Go(func(context.Context) error {
			ran.Add(1)
			switch i {
			case 7:
				return boom
			case 11, 13, 17: // more panics than slots on a small machine
				panic("task panicked")
			}
			time.Sleep(100 * time.Microsecond)
			return nil
		})
	}
	err := g.Wait()
	if got := ran.Load(); got != 500 {
		t.Errorf("%d tasks ran, want 500", got)
	}
	if !errors.Is(err, boom) {
		t.Errorf("Wait() = %v, want it to include %v", err, boom)
	}
	var pe *crew.PanicError
	if !errors.As(err, &pe) {
		t.Errorf("Wait() = %v, want a *PanicError too", err)
	}

	// TryGo, and reuse after Wait.
	n := 0
	for range 10 {
		if g.TryGo(func(context.Context) error { return nil }) {
			n++
		}
	}
	if err := g.Wait(); err != nil || n == 0 {
		t.Errorf("TryGo after Wait: %d accepted, Wait() = %v; want some and nil", n, err)
	}
}

// TestWithContextAuto: cancellation reaches tasks waiting for a slot.
func TestWithContextAuto(t *testing.T) {
	g, ctx := crew.WithContext(context.Background(), crew.Auto())
	stop := errors.New("stop")
	for i := range 200 {
		g.Go(func(ctx context.Context) error {
			if i == 0 {
				return stop
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(10 * time.Second):
				return errors.New("not cancelled")
			}
		})
	}
	if err := g.Wait(); !errors.Is(err, stop) {
		t.Errorf("Wait() = %v, want %v", err, stop)
	}
	if ctx.Err() == nil {
		t.Error("group context not cancelled after Wait")
	}
}

// TestGroupAutoGrows: tasks that wait make the limit grow past GOMAXPROCS,
// even when Go is blocked on a full queue (workers start as the limit
// grows). Sleeps overlap however busy the machine is, so this holds on a
// loaded machine too; the test asserts only that growth happens, not when.
func TestGroupAutoGrows(t *testing.T) {
	g := crew.NewGroup(crew.Auto())
	var cur, peak atomic.Int64
	for range 3000 {
		g.Go(func(context.Context) error {
			c := cur.Add(1)
			for p := peak.Load(); c > p && !peak.CompareAndSwap(p, c); p = peak.Load() {
			}
			time.Sleep(2 * time.Millisecond)
			cur.Add(-1)
			return nil
		})
	}
	g.Wait()
	if p := peak.Load(); p <= int64(runtime.GOMAXPROCS(0)) {
		t.Errorf("peak concurrency %d with tasks that sleep, want more than GOMAXPROCS (%d)", p, runtime.GOMAXPROCS(0))
	}
}
