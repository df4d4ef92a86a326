package crew_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/crewrun/crew"
	"go.uber.org/goleak"
)

// count yields 0, 1, ... n-1 (forever if n < 0) and counts how many it has read.
func count(n int, read *atomic.Int64) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; n < 0 || i < n; i++ {
			read.Add(1)
			if !yield(i) {
				return
			}
		}
	}
}

// jitter makes task durations vary so that completion order differs from input order.
func jitter(v int) { time.Sleep(time.Duration(v*7%5) * 100 * time.Microsecond) }

func TestStreamOrdered(t *testing.T) {
	for _, limit := range []int{1, 4, 16} {
		var read atomic.Int64
		var got []int
		for r, err := range crew.Stream(context.Background(), count(500, &read), func(ctx context.Context, v int) (int, error) {
			jitter(v)
			return v * v, nil
		}, limitOpt(limit)) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, r)
		}
		if len(got) != 500 {
			t.Fatalf("limit %d: %d results, want 500", limit, len(got))
		}
		for i, r := range got {
			if r != i*i {
				t.Fatalf("limit %d: result %d = %d, want %d (input order)", limit, i, r, i*i)
			}
		}
	}
}

func TestStreamUnordered(t *testing.T) {
	var read atomic.Int64
	var got []int
	for r, err := range crew.Stream(context.Background(), count(300, &read), func(ctx context.Context, v int) (int, error) {
		jitter(v)
		return v, nil
	}, crew.Limit(8), crew.Unordered()) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	}
	slices.Sort(got)
	if !slices.Equal(got, ints(300)) {
		t.Fatalf("unordered results are not a permutation of the input: %v", got)
	}
}

func TestStreamBoundedMemory(t *testing.T) {
	for _, unordered := range []bool{false, true} {
		for _, limit := range []int{1, 3, 8} {
			t.Run(fmt.Sprintf("limit=%d/unordered=%v", limit, unordered), func(t *testing.T) {
				opts := []crew.StreamOption{limitOpt(limit)}
				if unordered {
					opts = append(opts, crew.Unordered())
				}
				var read atomic.Int64
				yields := int64(0)
				bound := int64(2*limit + 2)
				for _, err := range crew.Stream(context.Background(), count(-1, &read), func(ctx context.Context, v int) (int, error) {
					jitter(v)
					return v, nil
				}, opts...) {
					if err != nil {
						t.Fatal(err)
					}
					yields++
					if ahead := read.Load() - yields; ahead > bound {
						t.Fatalf("read %d values ahead of the loop, bound %d", ahead, bound)
					}
					if yields == 500 {
						break // an infinite input: only a break ends it
					}
				}
				goleak.VerifyNone(t, goleak.IgnoreCurrent())
			})
		}
	}
}

func TestStreamBreakLeaksNothing(t *testing.T) {
	before := goleak.IgnoreCurrent()
	var read atomic.Int64
	var cancelled atomic.Int64
	started := make(chan struct{})
	var once sync.Once
	n := 0
	for range crew.Stream(context.Background(), count(-1, &read), func(ctx context.Context, v int) (int, error) {
		if v > 3 {
			once.Do(func() { close(started) })
			<-ctx.Done() // blocks until the break cancels it
			cancelled.Add(1)
			return 0, ctx.Err()
		}
		return v, nil
	}, crew.Limit(4)) {
		if n++; n == 3 {
			<-started // a task is blocked in fn: the break must cancel it
			break
		}
	}
	// Every goroutine of the stream is gone when the loop statement ends.
	if err := goleak.Find(before); err != nil {
		t.Fatal(err)
	}
	if cancelled.Load() == 0 {
		t.Fatal("no task saw its context cancelled")
	}
}

func TestStreamErrorsAndPanics(t *testing.T) {
	var read atomic.Int64
	i := 0
	for r, err := range crew.Stream(context.Background(), count(20, &read), func(ctx context.Context, v int) (int, error) {
		switch v % 5 {
		case 1:
			return 0, fmt.Errorf("%d: %w", v, errBoom)
		case 2:
			panicky(ctx)
		}
		return v, nil
	}, crew.Limit(3)) {
		var pe *crew.PanicError
		switch i % 5 {
		case 1:
			if !errors.Is(err, errBoom) {
				t.Errorf("%d: err = %v, want errBoom", i, err)
			}
		case 2:
			if !errors.As(err, &pe) {
				t.Errorf("%d: err = %v, want a PanicError", i, err)
			}
		default:
			if err != nil || r != i {
				t.Errorf("%d: %v, %v", i, r, err)
			}
		}
		i++
	}
	if i != 20 {
		t.Fatalf("%d results, want 20", i)
	}
}

func TestStreamRepanic(t *testing.T) {
	var read atomic.Int64
	defer func() {
		if _, ok := recover().(*crew.PanicError); !ok {
			t.Fatal("want a *PanicError panic")
		}
	}()
	for range crew.Stream(context.Background(), count(10, &read), func(ctx context.Context, v int) (int, error) {
		if v == 5 {
			panic("x")
		}
		return v, nil
	}, crew.Repanic()) {
	}
	t.Fatal("loop ended without a panic")
}

func TestStreamInputPanic(t *testing.T) {
	in := func(yield func(int) bool) {
		yield(1)
		panic("bad input")
	}
	defer func() {
		pe, ok := recover().(*crew.PanicError)
		if !ok || pe.Value != "bad input" {
			t.Fatalf("recovered %v, want a *PanicError of the input's panic", pe)
		}
	}()
	for range crew.Stream(context.Background(), in, func(ctx context.Context, v int) (int, error) { return v, nil }) {
	}
	t.Fatal("loop ended without a panic")
}

func TestStreamContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancelCause(context.Background())
	stop := errors.New("stop")
	var read atomic.Int64
	var last error
	n := 0
	for _, err := range crew.Stream(ctx, count(-1, &read), func(ctx context.Context, v int) (int, error) {
		if v == 10 {
			cancel(stop)
		}
		return v, nil
	}, crew.Limit(2)) {
		n++
		last = err
	}
	if last != stop {
		t.Fatalf("last error = %v, want the context's cause", last)
	}
	if n < 10 {
		t.Fatalf("%d results, want at least the 10 before the cancellation", n)
	}
}

func TestStreamCancelledReadsNoMore(t *testing.T) {
	stop := errors.New("stop")
	for _, limit := range []int{1, 4, auto} {
		ctx, cancel := context.WithCancelCause(context.Background())
		cancel(stop)
		var read atomic.Int64
		var got []error
		for _, err := range crew.Stream(ctx, count(-1, &read), func(ctx context.Context, v int) (int, error) {
			return v, nil
		}, limitOpt(limit)) {
			got = append(got, err)
		}
		if read.Load() != 0 || len(got) != 1 || got[0] != stop {
			t.Fatalf("limit %d, cancelled ctx: read %d values, yielded %v; want none read and one pair with the cause", limit, read.Load(), got)
		}

		ctx, cancel = context.WithCancelCause(context.Background())
		read.Store(0)
		var atCancel atomic.Int64
		for range crew.Stream(ctx, count(-1, &read), func(ctx context.Context, v int) (int, error) {
			if v == 10 {
				atCancel.Store(read.Load())
				cancel(stop)
			}
			return v, nil
		}, limitOpt(limit)) {
		}
		bound := int64(limit)
		if limit == auto {
			bound = int64(runtime.GOMAXPROCS(0))
		}
		if more := read.Load() - atCancel.Load(); more > bound {
			t.Fatalf("limit %d: read %d values after the cancellation, want at most %d", limit, more, bound)
		}
	}
}

func TestStreamNoLimitStillBounded(t *testing.T) {
	var read atomic.Int64
	n := int64(0)
	for _, err := range crew.Stream(context.Background(), count(-1, &read), func(ctx context.Context, v int) (int, error) {
		return v, nil
	}, crew.LimitOption{}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if bound := int64(2*runtime.GOMAXPROCS(0) + 2); read.Load()-n > bound {
			t.Fatalf("read %d ahead, bound %d", read.Load()-n, bound)
		}
		if n == 200 {
			break
		}
	}
}
