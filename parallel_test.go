package crew_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/crewrun/crew"
)

func ints(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

func TestMapOrder(t *testing.T) {
	for _, n := range []int{0, 1, 7, 1000, 100_003} {
		for _, limit := range []int{1, 3, auto} {
			t.Run(fmt.Sprintf("n=%d/limit=%d", n, limit), func(t *testing.T) {
				out, err := crew.Map(context.Background(), ints(n), func(ctx context.Context, v int) (string, error) {
					return fmt.Sprint(v * 2), nil
				}, limitOpt(limit))
				if err != nil {
					t.Fatal(err)
				}
				if len(out) != n {
					t.Fatalf("len = %d, want %d", len(out), n)
				}
				for i, s := range out {
					if s != fmt.Sprint(i*2) {
						t.Fatalf("out[%d] = %q, want %d", i, s, i*2)
					}
				}
			})
		}
	}
}

func TestMapLimit(t *testing.T) {
	for _, limit := range []int{1, 2, 5} {
		var cur, peak atomic.Int64
		_, err := crew.Map(context.Background(), ints(5000), func(ctx context.Context, v int) (int, error) {
			c := cur.Add(1)
			for p := peak.Load(); c > p && !peak.CompareAndSwap(p, c); p = peak.Load() {
			}
			runtime.Gosched()
			cur.Add(-1)
			return v, nil
		}, limitOpt(limit))
		if err != nil {
			t.Fatal(err)
		}
		if peak.Load() > int64(limit) {
			t.Fatalf("limit %d: peak %d", limit, peak.Load())
		}
	}
}

func TestMapLimitRunsAllAtOnce(t *testing.T) {
	const n = 100
	var all sync.WaitGroup
	all.Add(n)
	err := crew.ForEach(context.Background(), ints(n), func(ctx context.Context, v int) error {
		all.Done()
		all.Wait() // only returns if all n run at once
		return nil
	}, crew.Limit(n))
	if err != nil {
		t.Fatal(err)
	}
}

func TestMapFailFast(t *testing.T) {
	var calls atomic.Int64
	out, err := crew.Map(context.Background(), ints(100_000), func(ctx context.Context, v int) (int, error) {
		calls.Add(1)
		if v == 500 {
			return 0, errBoom
		}
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
		return v + 1, nil
	}, crew.Limit(4))
	if err != errBoom {
		t.Fatalf("Map error = %v, want errBoom as is", err)
	}
	if calls.Load() == 100_000 {
		t.Fatalf("the first error did not stop the work")
	}
	if out[1] != 2 || len(out) != 100_000 {
		t.Fatalf("out[1] = %d, want the result of a succeeded element", out[1])
	}
}

func TestMapKeepGoing(t *testing.T) {
	errOdd := errors.New("odd")
	var calls atomic.Int64
	_, err := crew.Map(context.Background(), ints(10), func(ctx context.Context, v int) (int, error) {
		calls.Add(1)
		if ctx.Err() != nil {
			return 0, errors.New("cancelled in keep-going mode")
		}
		if v%2 == 1 {
			return 0, fmt.Errorf("%d: %w", v, errOdd)
		}
		return v, nil
	}, crew.Limit(3), crew.KeepGoing())
	if calls.Load() != 10 {
		t.Fatalf("calls = %d, want 10", calls.Load())
	}
	if !errors.Is(err, errOdd) {
		t.Fatalf("err = %v", err)
	}
	want := "element 1: 1: odd\nelement 3: 3: odd\nelement 5: 5: odd\nelement 7: 7: odd\nelement 9: 9: odd"
	if err.Error() != want {
		t.Fatalf("err = %q, want %q", err, want)
	}

	_, err = crew.Map(context.Background(), ints(10), func(ctx context.Context, v int) (int, error) {
		if v%2 == 1 {
			return 0, errOdd
		}
		return v, nil
	}, crew.Limit(1), crew.KeepGoing(), crew.FirstError())
	if err != errOdd {
		t.Fatalf("KeepGoing+FirstError: err = %v, want errOdd as is", err)
	}
}

func TestMapContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancelCause(context.Background())
	stop := errors.New("stop")
	var calls atomic.Int64
	err := crew.ForEach(ctx, ints(100_000), func(ctx context.Context, v int) error {
		if calls.Add(1) == 100 {
			cancel(stop)
		}
		return nil
	}, crew.Limit(2))
	if !errors.Is(err, stop) {
		t.Fatalf("ForEach = %v, want the context's cause", err)
	}
	if calls.Load() == 100_000 {
		t.Fatalf("cancellation did not stop the work")
	}
}

func TestMapPanic(t *testing.T) {
	_, err := crew.Map(context.Background(), ints(1000), func(ctx context.Context, v int) (int, error) {
		if v == 123 {
			return 0, panicky(ctx)
		}
		return v, nil
	})
	var pe *crew.PanicError
	if !errors.As(err, &pe) || !strings.Contains(string(pe.Stack), "crew_test.panicky") {
		t.Fatalf("Map = %v, want a *PanicError naming panicky", err)
	}

	// KeepGoing: the rest of the panicking chunk is still processed.
	var calls atomic.Int64
	_, err = crew.Map(context.Background(), ints(1000), func(ctx context.Context, v int) (int, error) {
		calls.Add(1)
		if v%100 == 0 {
			panic(v)
		}
		return v, nil
	}, crew.KeepGoing(), crew.Limit(2))
	if calls.Load() != 1000 {
		t.Fatalf("calls = %d, want 1000", calls.Load())
	}
	if n := len(err.(interface{ Unwrap() []error }).Unwrap()); n != 10 {
		t.Fatalf("%d errors, want 10 panics", n)
	}
}

func TestMapRepanic(t *testing.T) {
	defer func() {
		if _, ok := recover().(*crew.PanicError); !ok {
			t.Fatal("want a *PanicError panic")
		}
	}()
	crew.ForEach(context.Background(), ints(100), func(ctx context.Context, v int) error {
		if v == 50 {
			panic("x")
		}
		return nil
	}, crew.Repanic())
	t.Fatal("ForEach returned")
}
