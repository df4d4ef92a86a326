package crew_test

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/crewrun/crew"
	"github.com/crewrun/crew/internal/adapt"
	"go.uber.org/goleak"
)

// highWater counts tasks running at once and keeps the highest count.
type highWater struct{ cur, peak atomic.Int64 }

func (h *highWater) enter() {
	c := h.cur.Add(1)
	for p := h.peak.Load(); c > p && !h.peak.CompareAndSwap(p, c); p = h.peak.Load() {
	}
}

func (h *highWater) leave() { h.cur.Add(-1) }

// TestStreamAutoGrows: under Auto(), tasks that wait make the number
// running at once grow well past GOMAXPROCS; results stay in input order
// and values read and not yet yielded stay within the read-ahead bound.
// Sleeps overlap however busy the machine is, so the test asserts only
// that growth happens, not when.
func TestStreamAutoGrows(t *testing.T) {
	for _, unordered := range []bool{false, true} {
		opts := []crew.StreamOption{crew.Auto()}
		if unordered {
			opts = append(opts, crew.Unordered())
		}
		var hw highWater
		var read atomic.Int64
		const n = 3000
		seen := make([]bool, n)
		i := 0
		for r, err := range crew.Stream(context.Background(), count(n, &read), func(ctx context.Context, v int) (int, error) {
			hw.enter()
			defer hw.leave()
			time.Sleep(20 * time.Millisecond)
			return v, nil
		}, opts...) {
			if err != nil {
				t.Fatal(err)
			}
			if !unordered && r != i {
				t.Fatalf("result %d = %d, want %d (input order)", i, r, i)
			}
			seen[r] = true
			i++
			if ahead := read.Load() - int64(i); ahead > 2*adapt.DefaultMax+1 {
				t.Fatalf("%d values read and not yielded, want at most %d", ahead, 2*adapt.DefaultMax+1)
			}
		}
		if i != n {
			t.Fatalf("unordered=%v: %d results, want %d", unordered, i, n)
		}
		for v, ok := range seen {
			if !ok {
				t.Fatalf("unordered=%v: value %d never yielded", unordered, v)
			}
		}
		if p, want := hw.peak.Load(), int64(4*runtime.GOMAXPROCS(0)); p <= want {
			t.Errorf("unordered=%v: peak concurrency %d with tasks that sleep, want more than 4×GOMAXPROCS (%d)", unordered, p, want)
		}
	}
}

// TestStreamAutoCPUBound: with tasks that compute, every result comes back
// in order and the number running at once stays within the adaptive
// limit's bound. Where the limit settles for such work is tested with
// simulated workloads in internal/adapt.
func TestStreamAutoCPUBound(t *testing.T) {
	var hw highWater
	var read atomic.Int64
	i := 0
	for r, err := range crew.Stream(context.Background(), count(2000, &read), func(ctx context.Context, v int) (int, error) {
		hw.enter()
		defer hw.leave()
		x := v
		for range 20000 {
			x = x*1103515245 + 12345
		}
		_ = x
		return v * 2, nil
	}, crew.Auto()) {
		if err != nil {
			t.Fatal(err)
		}
		if r != 2*i {
			t.Fatalf("result %d = %d, want %d", i, r, 2*i)
		}
		i++
	}
	if i != 2000 {
		t.Fatalf("%d results, want 2000", i)
	}
	if p := hw.peak.Load(); p > adapt.DefaultMax {
		t.Errorf("peak concurrency %d, want at most %d", p, adapt.DefaultMax)
	}
}

// TestStreamAutoErrorsPanicsBreak: under Auto, errors and panics are
// yielded per value, and a break cancels tasks and leaves no goroutine.
func TestStreamAutoErrorsPanicsBreak(t *testing.T) {
	boom := errors.New("boom")
	var read atomic.Int64
	nerr, npanic, n := 0, 0, 0
	for r, err := range crew.Stream(context.Background(), count(300, &read), func(ctx context.Context, v int) (int, error) {
		switch {
		case v%50 == 7:
			return 0, boom
		case v%100 == 13:
			panic("task panicked")
		}
		return v, nil
	}, crew.Auto()) {
		var pe *crew.PanicError
		switch {
		case errors.Is(err, boom):
			nerr++
		case errors.As(err, &pe):
			npanic++
		case err != nil:
			t.Fatalf("unexpected error %v", err)
		case r != n:
			t.Fatalf("result %d = %d, want %d", n, r, n)
		}
		n++
	}
	if n != 300 || nerr != 6 || npanic != 3 {
		t.Fatalf("%d results, %d errors, %d panics; want 300, 6, 3", n, nerr, npanic)
	}

	before := goleak.IgnoreCurrent()
	var cancelled atomic.Int64
	started := make(chan struct{})
	var once sync.Once
	n = 0
	for range crew.Stream(context.Background(), count(-1, &read), func(ctx context.Context, v int) (int, error) {
		if v > 3 {
			once.Do(func() { close(started) })
			<-ctx.Done()
			cancelled.Add(1)
			return 0, ctx.Err()
		}
		return v, nil
	}, crew.Auto()) {
		if n++; n == 3 {
			<-started
			break
		}
	}
	if err := goleak.Find(before); err != nil {
		t.Fatal(err)
	}
	if cancelled.Load() == 0 {
		t.Fatal("no task saw its context cancelled")
	}
}

// TestStreamAutoContextCancelled: cancelling ctx stops the reading, even
// with the feeder waiting for an adaptive slot, and the last pair reports
// the cause.
func TestStreamAutoContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var read atomic.Int64
	var last error
	n := 0
	for _, err := range crew.Stream(ctx, count(-1, &read), func(ctx context.Context, v int) (int, error) {
		if v == 0 { // only the first tasks get a slot: they all block
			cancel()
		}
		<-ctx.Done()
		return v, nil
	}, crew.Auto()) {
		last = err
		n++
	}
	if !errors.Is(last, context.Canceled) {
		t.Fatalf("last error %v, want %v", last, context.Canceled)
	}
}
