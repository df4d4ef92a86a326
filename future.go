package crew

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// A Future is the result of a function running in its own goroutine,
// started by [Async]: like an asyncio task, it is awaited for its value
// ([Future.Await]), cancelled ([Future.Cancel]), or gathered with others
// ([Gather], [GatherAll]).
type Future[T any] struct {
	done   chan struct{}
	cancel context.CancelCauseFunc
	val    T
	err    error

	mu       sync.Mutex
	finished bool
	waiters  []waiter // told the index when the future completes (Gather)
}

type waiter struct {
	ch chan<- int
	i  int
}

// Async runs fn in a new goroutine and returns its Future at once. fn
// receives a context derived from ctx that [Future.Cancel] cancels.
//
// A panic in fn does not crash the process: the future's error becomes a
// *[PanicError] with the panicking goroutine's stack. The goroutine runs
// until fn returns; to bound it, cancel ctx or the future, and have fn
// honour its context. Cost: one goroutine and four small allocations.
func Async[T any](ctx context.Context, fn func(ctx context.Context) (T, error)) *Future[T] {
	if ctx == nil {
		ctx = context.Background()
	}
	fctx, cancel := context.WithCancelCause(ctx)
	f := &Future[T]{done: make(chan struct{}), cancel: cancel}
	go f.run(fctx, fn)
	return f
}

func (f *Future[T]) run(ctx context.Context, fn func(context.Context) (T, error)) {
	returned := false
	defer func() {
		if !returned {
			if r := recover(); r != nil {
				f.err = newPanicError(r, fn)
			} else {
				f.err = goexitError(fn)
			}
		}
		f.cancel(context.Canceled) // release the context's resources
		f.mu.Lock()
		f.finished = true
		ws := f.waiters
		f.waiters = nil
		close(f.done)
		f.mu.Unlock()
		for _, w := range ws {
			w.ch <- w.i
		}
	}()
	f.val, f.err = fn(ctx)
	returned = true
}

// notify sends i on ch (which must have room) when f completes.
func (f *Future[T]) notify(ch chan<- int, i int) {
	f.mu.Lock()
	if f.finished {
		f.mu.Unlock()
		ch <- i
		return
	}
	f.waiters = append(f.waiters, waiter{ch, i})
	f.mu.Unlock()
}

// Await waits for the future's function to return and returns its result.
// ctx bounds the wait, not the function: if ctx is done first, Await
// returns the zero value and [context.Cause](ctx), and the function keeps
// running (call [Future.Cancel] to stop it). Await may be called any number
// of times, from any goroutine.
func (f *Future[T]) Await(ctx context.Context) (T, error) {
	select {
	case <-f.done:
		return f.val, f.err
	default:
	}
	if ctx == nil {
		ctx = context.Background()
	}
	select {
	case <-f.done:
		return f.val, f.err
	case <-ctx.Done():
		var zero T
		return zero, context.Cause(ctx)
	}
}

// Cancel cancels the context of the future's function, with cause
// [context.Canceled]; it does not wait. A function that honours its context
// then returns, typically with that error. Cancel after completion does
// nothing.
func (f *Future[T]) Cancel() {
	f.cancel(context.Canceled)
}

// Done returns a channel closed when the future's function has returned.
func (f *Future[T]) Done() <-chan struct{} {
	return f.done
}

// Gather waits for every future and returns their values in argument order,
// like asyncio.gather. The first future to fail cancels the others: Gather
// then waits for them to return (so none is still running when it returns)
// and returns that error as is, with nil values.
//
// ctx bounds the waiting only: if ctx is done first, Gather returns nil and
// [context.Cause](ctx) at once, and the futures keep running.
func Gather[T any](ctx context.Context, futures ...*Future[T]) ([]T, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	ch := make(chan int, len(futures))
	for i, f := range futures {
		f.notify(ch, i)
	}
	for range futures {
		select {
		case i := <-ch:
			if err := futures[i].err; err != nil {
				for _, f := range futures {
					f.Cancel()
				}
				for _, f := range futures {
					select {
					case <-f.done:
					case <-ctx.Done():
						return nil, err
					}
				}
				return nil, err
			}
		case <-ctx.Done():
			return nil, context.Cause(ctx)
		}
	}
	out := make([]T, len(futures))
	for i, f := range futures {
		out[i] = f.val
	}
	return out, nil
}

// GatherAll waits for every future, even after failures, and returns their
// values in argument order (the zero value where a future failed) and
// [errors.Join] of every error, each wrapped as "future <index>: <error>"
// (errors.Is and errors.As see through). It cancels nothing.
//
// ctx bounds the waiting only: if ctx is done first, GatherAll returns the
// values and errors collected so far joined with [context.Cause](ctx).
func GatherAll[T any](ctx context.Context, futures ...*Future[T]) ([]T, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	out := make([]T, len(futures))
	var errs []error
	for i, f := range futures {
		select {
		case <-f.done:
		case <-ctx.Done():
			errs = append(errs, context.Cause(ctx))
			return out, errors.Join(errs...)
		}
		if f.err != nil {
			errs = append(errs, fmt.Errorf("future %d: %w", i, f.err))
		} else {
			out[i] = f.val
		}
	}
	return out, errors.Join(errs...)
}
