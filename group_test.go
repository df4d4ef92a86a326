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

var errBoom = errors.New("boom")

func TestZeroValueGroup(t *testing.T) {
	var g crew.Group
	for round := range 3 { // reusable after Wait
		var n atomic.Int64
		for range 1000 {
			g.Go(func(ctx context.Context) error {
				if ctx == nil || ctx.Err() != nil {
					return errors.New("want a live context")
				}
				n.Add(1)
				return nil
			})
		}
		if err := g.Wait(); err != nil {
			t.Fatalf("round %d: Wait = %v, want nil", round, err)
		}
		if n.Load() != 1000 {
			t.Fatalf("round %d: ran %d tasks, want 1000", round, n.Load())
		}
	}
	if err := g.Wait(); err != nil { // Wait without tasks
		t.Fatalf("empty Wait = %v", err)
	}
}

func TestGroupErrors(t *testing.T) {
	errA, errB := errors.New("a"), errors.New("b")
	tests := []struct {
		name    string
		opts    []crew.GroupOption
		tasks   []error
		wantIs  []error
		wantNot []error
	}{
		{"none", nil, []error{nil, nil}, nil, nil},
		{"one is returned as is", nil, []error{nil, errA}, []error{errA}, nil},
		{"joined", nil, []error{errA, nil, errB}, []error{errA, errB}, nil},
		{"joined limited", []crew.GroupOption{crew.Limit(1)}, []error{errA, errB}, []error{errA, errB}, nil},
		{"first only", []crew.GroupOption{crew.FirstError(), crew.Limit(1)}, []error{errA, errB}, []error{errA}, []error{errB}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := crew.NewGroup(tt.opts...)
			for _, e := range tt.tasks {
				g.Go(func(context.Context) error { return e })
			}
			err := g.Wait()
			if len(tt.wantIs) == 0 && err != nil {
				t.Fatalf("Wait = %v, want nil", err)
			}
			for _, w := range tt.wantIs {
				if !errors.Is(err, w) {
					t.Errorf("errors.Is(%v, %v) = false", err, w)
				}
			}
			for _, w := range tt.wantNot {
				if errors.Is(err, w) {
					t.Errorf("errors.Is(%v, %v) = true, want false", err, w)
				}
			}
			if len(tt.wantIs) == 1 && err != tt.wantIs[0] {
				t.Errorf("Wait = %#v, want the error as is", err)
			}
		})
	}
}

// panicky is a named function so that the test can find it in the stack.
func panicky(ctx context.Context) error {
	panic("kaboom")
}

func TestGroupPanicBecomesError(t *testing.T) {
	for _, limit := range []int{0, 1, 3} {
		t.Run(fmt.Sprintf("limit=%d", limit), func(t *testing.T) {
			g := crew.NewGroup(limitOpt(limit))
			var n atomic.Int64
			for i := range 100 {
				if i%10 == 0 {
					g.Go(panicky)
					continue
				}
				g.Go(func(context.Context) error { n.Add(1); return nil })
			}
			err := g.Wait()
			if n.Load() != 90 {
				t.Fatalf("other tasks ran %d times, want 90", n.Load())
			}
			var pe *crew.PanicError
			if !errors.As(err, &pe) {
				t.Fatalf("Wait = %v, want a *PanicError", err)
			}
			if pe.Value != "kaboom" {
				t.Errorf("Value = %v, want kaboom", pe.Value)
			}
			if !strings.Contains(string(pe.Stack), "crew_test.panicky") {
				t.Errorf("stack does not name the panicking function:\n%s", pe.Stack)
			}
			if got := pe.Error(); got != "panic in github.com/crewrun/crew_test.panicky: kaboom" {
				t.Errorf("Error() = %q, want one line with the value and the function", got)
			}
			if got := fmt.Sprintf("%+v", pe); !strings.HasPrefix(got, pe.Error()+"\n\n") || !strings.Contains(got, "crew_test.panicky") {
				t.Errorf("%%+v = %q, want Error() then the stack", got)
			}
			if got := len(err.(interface{ Unwrap() []error }).Unwrap()); got != 10 {
				t.Errorf("joined %d errors, want 10 panics", got)
			}
		})
	}
}

func TestPanicErrorUnwrap(t *testing.T) {
	var g crew.Group
	g.Go(func(context.Context) error { panic(fmt.Errorf("wrapped: %w", errBoom)) })
	err := g.Wait()
	if !errors.Is(err, errBoom) {
		t.Fatalf("errors.Is(%v, errBoom) = false: a panic(err) should unwrap to err", err)
	}
	var pe *crew.PanicError
	if !errors.As(err, &pe) {
		t.Fatalf("errors.As(*PanicError) = false")
	}
	if (&crew.PanicError{Value: 1}).Unwrap() != nil {
		t.Errorf("Unwrap of a non-error value should be nil")
	}
}

func TestGroupRepanic(t *testing.T) {
	g := crew.NewGroup(crew.Repanic(), crew.Limit(2))
	var n atomic.Int64
	for range 10 {
		g.Go(func(context.Context) error { n.Add(1); return nil })
	}
	g.Go(panicky)
	defer func() {
		r := recover()
		pe, ok := r.(*crew.PanicError)
		if !ok {
			t.Fatalf("recovered %v (%T), want *crew.PanicError", r, r)
		}
		if pe.Value != "kaboom" || !strings.Contains(string(pe.Stack), "crew_test.panicky") {
			t.Errorf("PanicError = %v", pe)
		}
		if n.Load() != 10 {
			t.Errorf("other tasks ran %d times, want 10", n.Load())
		}
	}()
	g.Wait()
	t.Fatal("Wait returned, want a panic")
}

func TestGroupGoexit(t *testing.T) {
	g := crew.NewGroup(crew.Limit(1))
	var n atomic.Int64
	g.Go(func(context.Context) error { runtime.Goexit(); return nil })
	for range 5 {
		g.Go(func(context.Context) error { n.Add(1); return nil })
	}
	err := g.Wait()
	if err == nil || !strings.Contains(err.Error(), "Goexit") {
		t.Fatalf("Wait = %v, want an error naming runtime.Goexit", err)
	}
	if n.Load() != 5 {
		t.Fatalf("other tasks ran %d times, want 5", n.Load())
	}
}

func TestWithContextFailFast(t *testing.T) {
	for _, limit := range []int{0, 4} {
		t.Run(fmt.Sprintf("limit=%d", limit), func(t *testing.T) {
			g, ctx := crew.WithContext(context.Background(), limitOpt(limit))
			var started sync.WaitGroup
			started.Add(3)
			for range 3 {
				g.Go(func(ctx context.Context) error {
					started.Done()
					<-ctx.Done()
					return ctx.Err() // an echo of the cancellation
				})
			}
			g.Go(func(context.Context) error {
				started.Wait()
				return errBoom
			})
			err := g.Wait()
			if err != errBoom {
				t.Fatalf("Wait = %v, want errBoom alone (echoes of the cancellation dropped)", err)
			}
			if context.Cause(ctx) != errBoom {
				t.Fatalf("context.Cause = %v, want errBoom", context.Cause(ctx))
			}
		})
	}
}

func TestWithContextParentCancelled(t *testing.T) {
	parent, cancel := context.WithCancel(context.Background())
	g, _ := crew.WithContext(parent)
	for range 5 {
		g.Go(func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() })
	}
	cancel()
	if err := g.Wait(); err != context.Canceled {
		t.Fatalf("Wait = %v, want one context.Canceled", err)
	}
}

func TestWithContextPanicCancels(t *testing.T) {
	g, ctx := crew.WithContext(context.Background())
	g.Go(func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() })
	g.Go(panicky)
	err := g.Wait()
	var pe *crew.PanicError
	if !errors.As(err, &pe) || errors.Is(err, context.Canceled) {
		t.Fatalf("Wait = %v, want the PanicError alone", err)
	}
	if !errors.As(context.Cause(ctx), &pe) {
		t.Fatalf("cause = %v, want the PanicError", context.Cause(ctx))
	}
}

func TestKeepGoing(t *testing.T) {
	errA := errors.New("a")
	g, ctx := crew.WithContext(context.Background(), crew.KeepGoing())
	g.Go(func(context.Context) error { return errA })
	g.Go(func(context.Context) error { return errBoom })
	// Let both fail before checking the context.
	var h crew.Group
	h.Go(func(context.Context) error { return nil })
	h.Wait()
	done := make(chan struct{})
	g.Go(func(ctx context.Context) error {
		<-done
		return ctx.Err()
	})
	close(done)
	err := g.Wait()
	if !errors.Is(err, errA) || !errors.Is(err, errBoom) {
		t.Fatalf("Wait = %v, want errA and errBoom joined", err)
	}
	if errors.Is(err, context.Canceled) {
		t.Fatalf("Wait = %v: the context was cancelled before Wait", err)
	}
	if ctx.Err() == nil {
		t.Fatalf("Wait should cancel the context")
	}
}

func TestCancel(t *testing.T) {
	stop := errors.New("stop")
	g, ctx := crew.WithContext(context.Background(), crew.KeepGoing())
	for range 4 {
		g.Go(func(ctx context.Context) error { <-ctx.Done(); return context.Cause(ctx) })
	}
	g.Cancel(stop)
	if err := g.Wait(); err != stop {
		t.Fatalf("Wait = %v, want the cause once", err)
	}
	if context.Cause(ctx) != stop {
		t.Fatalf("Cause = %v", context.Cause(ctx))
	}
	var zero crew.Group
	zero.Cancel(stop) // no context: nothing to do
}

func TestLimitNeverExceeded(t *testing.T) {
	for _, limit := range []int{1, 2, 7, 64} {
		t.Run(fmt.Sprintf("limit=%d", limit), func(t *testing.T) {
			g := crew.NewGroup(limitOpt(limit))
			var cur, peak, n atomic.Int64
			task := func(context.Context) error {
				c := cur.Add(1)
				for p := peak.Load(); c > p && !peak.CompareAndSwap(p, c); p = peak.Load() {
				}
				runtime.Gosched()
				cur.Add(-1)
				n.Add(1)
				return nil
			}
			for i := range 2000 {
				if i%100 == 0 { // tasks that start tasks
					g.Go(func(context.Context) error {
						for range 10 {
							g.Go(task)
						}
						return task(nil)
					})
					continue
				}
				g.Go(task)
			}
			if err := g.Wait(); err != nil {
				t.Fatal(err)
			}
			if n.Load() != 2000+20*10 {
				t.Fatalf("ran %d tasks, want 2200", n.Load())
			}
			if peak.Load() > int64(limit) {
				t.Fatalf("peak concurrency %d > limit %d", peak.Load(), limit)
			}
		})
	}
}

func TestLimitAuto(t *testing.T) {
	g := crew.NewGroup(crew.Auto())
	var cur, peak atomic.Int64
	for range 500 {
		g.Go(func(context.Context) error {
			c := cur.Add(1)
			for p := peak.Load(); c > p && !peak.CompareAndSwap(p, c); p = peak.Load() {
			}
			runtime.Gosched()
			cur.Add(-1)
			return nil
		})
	}
	g.Wait()
	// Auto adapts (it starts at GOMAXPROCS and may grow while the tasks
	// run), but never past adapt's maximum.
	if p := peak.Load(); p > 1024 {
		t.Fatalf("peak %d > 1024", p)
	}
}

func TestTryGo(t *testing.T) {
	g := crew.NewGroup(crew.Limit(2))
	release := make(chan struct{})
	var started sync.WaitGroup
	started.Add(2)
	for range 2 {
		if !g.TryGo(func(context.Context) error { started.Done(); <-release; return nil }) {
			t.Fatal("TryGo = false with free slots")
		}
	}
	started.Wait()
	ran := false
	if g.TryGo(func(context.Context) error { ran = true; return nil }) {
		t.Fatal("TryGo = true while the group is full")
	}
	close(release)
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
	if ran {
		t.Fatal("a task refused by TryGo ran")
	}
	var n atomic.Int64
	var zero crew.Group // no limit: always starts
	for range 100 {
		if !zero.TryGo(func(context.Context) error { n.Add(1); return nil }) {
			t.Fatal("TryGo = false without a limit")
		}
	}
	zero.Wait()
	if n.Load() != 100 {
		t.Fatalf("ran %d, want 100", n.Load())
	}
}

func TestUnboundedRunsAllAtOnce(t *testing.T) {
	// Every task waits for all the others: this only ends if they all run at once.
	var g crew.Group
	const n = 3000 // more than the group's queue holds
	var all sync.WaitGroup
	all.Add(n)
	for range n {
		g.Go(func(context.Context) error { all.Done(); all.Wait(); return nil })
	}
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
	// again, now that idle workers exist from a previous batch in this group
	for round := range 3 {
		all.Add(n)
		for range n {
			g.Go(func(context.Context) error { all.Done(); all.Wait(); return nil })
		}
		if err := g.Wait(); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
	}
}

func TestLimitedRunsUpToLimitAtOnce(t *testing.T) {
	g := crew.NewGroup(crew.Limit(50))
	var all sync.WaitGroup
	all.Add(50)
	for range 50 {
		g.Go(func(context.Context) error { all.Done(); all.Wait(); return nil })
	}
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
}

func TestGoNil(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("Go(nil) did not panic")
		}
	}()
	var g crew.Group
	g.Go(nil)
}

func TestTasksFanOutOnFullGroup(t *testing.T) {
	// Every task starts three more, down to depth 8 (9841 tasks), on 2 slots:
	// the queue overflows while the only goroutines able to drain it are
	// calling Go. It must neither deadlock nor exceed the limit.
	for _, limit := range []int{1, 2} {
		g := crew.NewGroup(limitOpt(limit))
		var n, cur, peak atomic.Int64
		var spawn func(depth int) func(context.Context) error
		spawn = func(depth int) func(context.Context) error {
			return func(context.Context) error {
				c := cur.Add(1)
				for p := peak.Load(); c > p && !peak.CompareAndSwap(p, c); p = peak.Load() {
				}
				n.Add(1)
				if depth < 8 {
					for range 3 {
						g.Go(spawn(depth + 1))
					}
				}
				cur.Add(-1)
				return nil
			}
		}
		g.Go(spawn(0))
		if err := g.Wait(); err != nil {
			t.Fatal(err)
		}
		if want := int64(9841); n.Load() != want { // 1 + 3 + ... + 3^8
			t.Fatalf("limit %d: ran %d tasks, want %d", limit, n.Load(), want)
		}
		if peak.Load() > int64(limit) {
			t.Fatalf("limit %d: peak %d", limit, peak.Load())
		}
	}
}

func TestConcurrentProducers(t *testing.T) {
	g, _ := crew.WithContext(context.Background(), crew.Limit(3))
	var cur, peak, n atomic.Int64
	var producers sync.WaitGroup
	for range 8 {
		producers.Add(1)
		go func() {
			defer producers.Done()
			for i := range 2000 {
				task := func(context.Context) error {
					c := cur.Add(1)
					for p := peak.Load(); c > p && !peak.CompareAndSwap(p, c); p = peak.Load() {
					}
					n.Add(1)
					cur.Add(-1)
					return nil
				}
				if i%2 == 0 || !g.TryGo(task) {
					g.Go(task)
				}
			}
		}()
	}
	producers.Wait()
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
	if n.Load() != 16000 || peak.Load() > 3 {
		t.Fatalf("ran %d tasks (want 16000), peak %d (limit 3)", n.Load(), peak.Load())
	}
}

func TestLimitReachedWithIdleWorkers(t *testing.T) {
	// Quick tasks first leave parked, idle or spinning workers behind; then
	// exactly limit tasks that all wait for each other must still run at
	// once, whether they are submitted in a burst or one by one.
	for _, paced := range []bool{false, true} {
		for round := range 50 {
			const limit = 16
			g := crew.NewGroup(limitOpt(limit))
			for range 100 {
				g.Go(func(context.Context) error { return nil })
			}
			var all sync.WaitGroup
			all.Add(limit)
			for range limit {
				if paced {
					runtime.Gosched()
				}
				g.Go(func(context.Context) error { all.Done(); all.Wait(); return nil })
			}
			if err := g.Wait(); err != nil {
				t.Fatalf("paced=%v round %d: %v", paced, round, err)
			}
		}
	}
}

func TestEmptyGroups(t *testing.T) {
	for _, g := range []*crew.Group{new(crew.Group), crew.NewGroup(crew.Limit(2)), crew.NewGroup(crew.Auto())} {
		if err := g.Wait(); err != nil {
			t.Fatal(err)
		}
		g.Go(func(context.Context) error { return errBoom })
		if err := g.Wait(); err != errBoom {
			t.Fatalf("Wait = %v, want errBoom", err)
		}
		if err := g.Wait(); err != errBoom { // as errgroup: the same error again
			t.Fatalf("second Wait = %v, want errBoom again", err)
		}
		g.Go(func(context.Context) error { return nil }) // a new batch
		if err := g.Wait(); err != nil {
			t.Fatalf("Wait after a new batch = %v, want nil", err)
		}
	}
	g, ctx := crew.WithContext(context.Background())
	if err := g.Wait(); err != nil || ctx.Err() == nil {
		t.Fatalf("Wait = %v, ctx.Err = %v: want nil and a cancelled context", err, ctx.Err())
	}
}

func TestLimitBelowOnePanics(t *testing.T) {
	for _, n := range []int{0, -1, -5} {
		func() {
			defer func() {
				msg, _ := recover().(string)
				if !strings.Contains(msg, fmt.Sprintf("Limit(%d)", n)) || !strings.Contains(msg, "crew.Auto()") || !strings.Contains(msg, "no Limit") {
					t.Errorf("Limit(%d) panicked with %q, want a message naming the value and what to pass instead", n, msg)
				}
			}()
			crew.Limit(n)
		}()
	}
}
