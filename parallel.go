package crew

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/crewrun/crew/internal/adapt"
)

// Map calls fn on every element of in, in parallel, and returns the results
// in input order: out[i] = fn(ctx, in[i]).
//
// Work is split into contiguous chunks (about four per goroutine) that
// goroutines claim with one atomic operation per chunk, so a cheap fn costs
// little more than a serial loop. Options: [Limit] (default GOMAXPROCS; the
// calling goroutine is one of them; "no limit" means one goroutine per
// element), [KeepGoing], [FirstError], [Repanic].
//
// With [Auto] the number of goroutines adapts while Map runs (see
// [Auto]): the work is split into small chunks (len(in)/4096, at least one
// element), each chunk holds a slot of an adaptive limit while it runs,
// and goroutines are started, the caller first, as that limit grows from
// GOMAXPROCS (up to 1024): fn that computes settles at about the core
// count, fn that waits (I/O, sleep) climbs into the hundreds. This costs a
// mutex operation per chunk, and small chunks split a cheap fn less well:
// use Auto for fn that waits.
//
// Errors: by default the first error (or panic) stops the work: no new
// element is started, the ctx passed to fn is cancelled with the error as
// cause, and Map returns that error as is. With [KeepGoing], every element
// is processed and Map returns [errors.Join] of every error, each wrapped as
// "element <index>: <error>" in index order ([FirstError]: only the first,
// as is). If ctx is cancelled before every element was started, Map stops
// and its error includes [context.Cause](ctx). On error, out holds the
// results of the elements that succeeded and zero values elsewhere.
//
// A panic in fn becomes a *[PanicError] (or, with [Repanic], is re-raised in
// Map's caller once every goroutine has stopped).
//
// Cost: a few allocations per call (the result slice, a context, the
// goroutines), none per element; a per-element check of a stop flag and one
// indirect call. Measurements against hand-written chunked loops are in
// bench/RESULTS.md.
func Map[T, R any](ctx context.Context, in []T, fn func(ctx context.Context, v T) (R, error), opts ...MapOption) ([]R, error) {
	out := make([]R, len(in))
	err := runChunks(ctx, len(in), opts, func(ctx context.Context, lo, hi int, c *chunks) (at int, err error) {
		in, out := in[lo:hi], out[lo:hi] // locals: the loop keeps them in registers
		i := 0
		stop := &c.stop
		at = -1        // every return sets it: still -1 in the defer means runtime.Goexit
		defer func() { // once per chunk, not per element
			if r := recover(); r != nil {
				at, err = lo+i, newPanicError(r, fn)
			} else if at < 0 {
				c.goexited(lo+i, hi)
			}
		}()
		for ; i < len(in); i++ {
			if stop.Load() {
				return lo + i, errStopped
			}
			r, err := fn(ctx, in[i])
			if err != nil {
				return lo + i, err
			}
			out[i] = r
		}
		return hi, nil
	})
	return out, err
}

// ForEach calls fn on every element of in, in parallel, like [Map] without
// results; the options ([Auto] included), errors, cancellation and
// panics are as for Map.
func ForEach[T any](ctx context.Context, in []T, fn func(ctx context.Context, v T) error, opts ...MapOption) error {
	return runChunks(ctx, len(in), opts, func(ctx context.Context, lo, hi int, c *chunks) (at int, err error) {
		in := in[lo:hi]
		i := 0
		stop := &c.stop
		at = -1 // as in Map
		defer func() {
			if r := recover(); r != nil {
				at, err = lo+i, newPanicError(r, fn)
			} else if at < 0 {
				c.goexited(lo+i, hi)
			}
		}()
		for ; i < len(in); i++ {
			if stop.Load() {
				return lo + i, errStopped
			}
			if err := fn(ctx, in[i]); err != nil {
				return lo + i, err
			}
		}
		return hi, nil
	})
}

// errStopped is returned by a chunk body that stopped before its end.
var errStopped = errors.New("crew: stopped")

// chunkBody processes elements lo up to hi and returns hi and nil, or the
// index and error of the first element that failed or panicked, or the
// index where it saw c.stop set and errStopped. If fn calls runtime.Goexit,
// it calls c.goexited from its deferred function.
type chunkBody func(ctx context.Context, lo, hi int, c *chunks) (int, error)

// chunks is the shared state of one Map or ForEach call.
type chunks struct {
	next    atomic.Int64 // first element of the next unclaimed chunk
	stop    atomic.Bool  // set on the first error (fail-fast) or when ctx is done
	skipped atomic.Bool  // some element was never started
	n, size int
	body    chunkBody
	ctx     context.Context // passed to fn; cancelled on the first error (fail-fast)
	parent  context.Context
	cancel  context.CancelCauseFunc
	opts    options
	wg      sync.WaitGroup

	// Auto(): each chunk holds a slot of auto while it runs; nwork
	// counts the goroutines, started as the limit grows.
	auto  *adapt.Limiter
	nwork atomic.Int64

	mu       sync.Mutex
	errs     []indexedError
	panicked *PanicError
}

type indexedError struct {
	i   int
	err error
}

func runChunks(ctx context.Context, n int, opts []MapOption, body chunkBody) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if n == 0 {
		return nil
	}
	o := mapOptions(opts)
	lim := newLimiter(&o, true)
	w := lim.workersFor(n)
	c := &chunks{n: n, body: body, opts: o, parent: ctx, auto: lim.auto}
	c.size = max(1, n/(4*w)) // with Auto, many small chunks, so the limit can follow the completions
	c.ctx, c.cancel = context.WithCancelCause(ctx)
	defer c.cancel(context.Canceled)
	if ctx.Done() != nil { // the parent can be cancelled: stop when it is
		stopWatch := context.AfterFunc(ctx, func() { c.stop.Store(true) })
		defer stopWatch()
	}

	if c.auto != nil {
		c.runAuto()
	} else {
		c.run(w)
	}

	if c.panicked != nil && o.repanic {
		panic(c.panicked)
	}
	var err error
	switch {
	case len(c.errs) == 0:
	case !o.keepGoing || o.firstError:
		err = c.errs[0].err
		if err == ErrGoexit { // name the element, as KeepGoing does
			err = fmt.Errorf("element %d: %w", c.errs[0].i, err)
		}
	default:
		slices.SortFunc(c.errs, func(a, b indexedError) int { return cmp.Compare(a.i, b.i) })
		errs := make([]error, len(c.errs))
		for i, e := range c.errs {
			errs[i] = fmt.Errorf("element %d: %w", e.i, e.err)
		}
		err = errors.Join(errs...)
	}
	if c.skipped.Load() && len(c.errs) == 0 || o.keepGoing && c.skipped.Load() {
		if cerr := context.Cause(ctx); cerr != nil {
			err = errors.Join(err, cerr)
		}
	}
	return err
}

// run processes every chunk on w goroutines and returns when all have
// stopped. The caller only waits: a runtime.Goexit in fn ends the goroutine
// that called fn, and must not end Map's caller.
func (c *chunks) run(w int) {
	c.wg.Add(w)
	for range w {
		go c.helper(c.work)
	}
	c.wg.Wait()
}

// helper runs work on a goroutine of its own.
func (c *chunks) helper(work func()) {
	defer c.wg.Done()
	work()
}

// goexited is called, from the deferred function of a chunk body, when fn
// called runtime.Goexit on element at of the span up to hi: it records the
// error and starts a goroutine that finishes the span and goes on with the
// work, in place of the one exiting.
func (c *chunks) goexited(at, hi int) {
	c.fail(at, ErrGoexit)
	c.wg.Add(1)
	go c.helper(func() {
		if c.auto == nil {
			c.span(at+1, hi)
			c.work()
			return
		}
		c.auto.Acquire(context.Background()) // cannot fail without a deadline
		c.span(at+1, hi)
		c.auto.Release()
		c.workAuto()
	})
}

// work processes chunks until none is left or the call stops.
func (c *chunks) work() {
	for !c.stop.Load() && c.chunk() {
	}
	if c.next.Load() < int64(c.n) {
		c.skipped.Store(true)
	}
}

// chunk claims and processes the next chunk. It reports whether to go on;
// when the parent context is done it sets stop, and the caller records
// what was skipped.
func (c *chunks) chunk() bool {
	if c.parent.Err() != nil { // once per chunk; AfterFunc also stops the chunks in progress
		c.stop.Store(true)
		return true
	}
	lo := int(c.next.Add(int64(c.size))) - c.size
	if lo >= c.n {
		return false
	}
	return c.span(lo, min(lo+c.size, c.n))
}

// span processes elements lo up to hi, past the ones that fail. It reports
// whether to go on.
func (c *chunks) span(lo, hi int) bool {
	for lo < hi {
		at, err := c.body(c.ctx, lo, hi, c)
		if err == nil {
			break
		}
		if err == errStopped {
			c.skipped.Store(true)
			return false
		}
		c.fail(at, err)
		lo = at + 1
	}
	return true
}

func (c *chunks) fail(i int, err error) {
	c.mu.Lock()
	if pe, ok := err.(*PanicError); ok && c.panicked == nil {
		c.panicked = pe
	}
	if c.opts.keepGoing || len(c.errs) == 0 {
		c.errs = append(c.errs, indexedError{i, err})
	}
	c.mu.Unlock()
	if !c.opts.keepGoing {
		c.stop.Store(true)
		c.cancel(err)
	}
}

// runAuto processes every chunk under an adaptive limit (Auto()): each
// chunk holds a slot of it while it runs, and goroutines are started, the
// caller being the first, as the limit grows; those beyond a shrunk limit
// wait for a slot. It returns when all have stopped.
func (c *chunks) runAuto() {
	c.nwork.Store(1)
	c.wg.Add(1)
	go c.helper(c.workAuto)
	c.wg.Wait()
}

// workAuto is work under an adaptive limit.
func (c *chunks) workAuto() {
	for !c.stop.Load() {
		c.auto.Acquire(context.Background()) // cannot fail without a deadline
		if !c.autoChunk() {
			return
		}
		c.grow()
	}
	if c.next.Load() < int64(c.n) {
		c.skipped.Store(true)
	}
}

// autoChunk claims and processes one chunk, holding an adaptive slot that
// it releases on every exit (runtime.Goexit in fn too). It reports whether
// to go on.
func (c *chunks) autoChunk() bool {
	defer c.auto.Release()
	return c.chunk()
}

// grow starts goroutines up to the adaptive limit while chunks remain.
func (c *chunks) grow() {
	for {
		k := c.nwork.Load()
		if k >= int64(c.auto.Limit()) || c.next.Load() >= int64(c.n) || c.stop.Load() {
			return
		}
		if c.nwork.CompareAndSwap(k, k+1) {
			c.wg.Add(1)
			go c.helper(c.workAuto)
		}
	}
}
