package crew

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// queueSize is the number of tasks a limited Group holds in its ring
// waiting for a worker before Go blocks.
const queueSize = 1024

// A Group runs tasks in goroutines and waits for them: [Group.Go] starts a
// task, [Group.Wait] joins them all and returns their errors.
//
// The zero value is ready to use: no limit on running goroutines, no
// context (tasks receive [context.Background]), errors joined. [NewGroup]
// and [WithContext] take options: [Limit], [FirstError], [Repanic] and,
// for WithContext, [KeepGoing].
//
// Tasks run on worker goroutines that the group starts when needed (up to
// the [Limit], if any) and reuses for later tasks: Go puts a task in a
// lock-free ring that busy workers drain, and wakes a parked worker (or
// starts one) unless a worker out of work is polling the ring (one does,
// for a few yields, before it parks). Without a limit a task never waits
// for a busy worker: if no worker is free, Go starts one. Every
// goroutine has exited when Wait returns, so nothing outlives the group. A
// task that panics never crashes the process: the panic becomes a
// *[PanicError] returned by Wait (or re-raised there, with [Repanic]), and
// the other tasks still run.
//
// A Group may be reused after Wait returns. A Group must not be copied after
// first use. As with [sync.WaitGroup], a call to Go that starts a new batch
// (none pending) must happen before Wait, not concurrently with it; tasks may
// call Go on their own group at any time, even when it is full (see
// [Group.Go]). A task must not call Wait on its own group.
type Group struct {
	// Fields are grouped by who writes them, each group on its own cache
	// line, so that the producer's counting does not slow the workers'
	// reads and the other way round.

	pending sync.WaitGroup // tasks submitted and not yet accounted for; Go adds 1 per task
	_       [48]byte
	spinner atomic.Int32 // 1 while a worker out of work polls the ring before parking
	_       [60]byte
	blocked atomic.Int32 // callers of Go waiting for room in the ring; workers read it per task
	_       [60]byte

	// Read on every Go or by every worker, written rarely.
	ready atomic.Bool // ring, ctx and spawn are set up
	ring  *ring       // queued tasks
	lim   limiter
	ctx   context.Context // passed to every task
	nwork atomic.Int32    // workers started since the last Wait
	nidle atomic.Int32    // workers parked or about to park (a hint for Go)
	nover atomic.Int32    // len(overflow)
	// active counts the tasks of a limited group submitted and not yet
	// returned, so that TryGo sees a slot free as soon as a task returns,
	// even while its worker is still looking for the next one.
	active atomic.Int32
	_      [64]byte

	live  sync.WaitGroup // worker goroutines; Wait joins them
	space chan struct{}  // wakes a Go waiting for room in the ring
	spawn func()         // g.work as a func value, built once: starting a worker does not allocate
	// cancel is set by WithContext and cancels ctx.
	cancel context.CancelCauseFunc

	firstError, repanic, keepGoing bool

	mu        sync.Mutex
	errs      []error
	panicked  *PanicError // first panic, for Repanic
	cancelled bool        // the group cancelled ctx itself (first error or Cancel)
	waited    bool        // Wait returned and no Go came since: Wait returns waitErr again
	waitErr   error       // what the last Wait returned
	// overflow holds tasks queued by tasks while the queue was full, so that
	// a task calling Go on its own full group never deadlocks.
	overflow []func(context.Context) error

	idleMu   sync.Mutex
	idleCond sync.Cond   // parked workers wait here; L is &idleMu
	nparked  int         // parked workers not yet claimed
	wakeups  int         // claims that no parked worker has taken yet
	stopping bool        // Wait is stopping the workers
	halt     atomic.Bool // Wait is stopping the workers: a spinner stops polling
}

// NewGroup returns a Group configured by opts: [Limit] bounds the number of
// goroutines running tasks, [FirstError] makes Wait return only the first
// error, [Repanic] re-raises a task's panic in Wait's caller. Tasks receive
// [context.Background]; use [WithContext] for a group that cancels.
func NewGroup(opts ...GroupOption) *Group {
	o := groupOptions(opts)
	return &Group{
		lim:        newLimiter(&o, false),
		firstError: o.firstError,
		repanic:    o.repanic,
		keepGoing:  o.keepGoing,
	}
}

// WithContext returns a Group, configured by opts like [NewGroup], and a
// context derived from ctx that every task receives.
//
// The context is cancelled, with the error as its cause
// ([context.Cause]), when a task first returns an error or panics
// (fail-fast), unless [KeepGoing] is given; it is also cancelled by
// [Group.Cancel], and always when Wait returns.
//
// Wait reports the error that caused a cancellation, not the echoes of it:
// once the group's context is done (first error, Cancel, or ctx itself), a
// task error that only reports that (errors.Is the context's error or its
// cause, e.g. a task returning ctx.Err()) is dropped if an error is already
// recorded. So one failing task among a hundred gives one error, not one
// error and 99 [context.Canceled].
func WithContext(ctx context.Context, opts ...GroupOption) (*Group, context.Context) {
	g := NewGroup(opts...)
	g.ctx, g.cancel = context.WithCancelCause(ctx)
	return g, g.ctx
}

// setup prepares the queue for a new batch of tasks.
func (g *Group) setup() {
	g.mu.Lock()
	if !g.ready.Load() {
		g.waited, g.waitErr = false, nil // a new batch
		if g.ctx == nil {
			g.ctx = context.Background()
		}
		if g.spawn == nil {
			g.spawn = g.work
		}
		g.idleCond.L = &g.idleMu
		g.ring = newRing(queueSize)
		g.space = make(chan struct{}, 1)
		g.ready.Store(true)
	}
	g.mu.Unlock()
}

// Go runs fn(ctx) in a goroutine of the group; ctx is the group's context
// ([context.Background] for groups without one).
//
// Without a limit, fn starts at once, on an idle worker or a new one (Go
// waits only while the queue is full of tasks waiting for new workers to
// get scheduled). With a [Limit], fn goes to an idle worker, else to a new
// worker if fewer than the limit exist, else it waits in the group's
// queue (1024 tasks) for the next free worker; while that queue is full,
// Go waits until half of it has drained, which paces a producer to its
// workers. Waiting tasks start first in, first out.
//
// A task may call Go on its own group, even a full one, at any call depth,
// and so may a goroutine that a task starts and waits for. Blocking there
// could deadlock (with every worker waiting the same way, nothing would
// drain the queue: the classic trap of errgroup and most pools), so the
// group counts the callers of Go waiting for room against its workers: a
// Go that finds the queue full waits only while fewer callers wait than
// the group has workers, and otherwise queues fn beyond the bound at once.
// When every worker might be one of the waiting callers (or be waiting for
// one), none waits; the count is the group's own, so no call stack is
// inspected. The limit on running tasks always holds. The price is pacing:
// while as many producers wait as the group has workers (for example one
// producer feeding a Limit(1) group), they queue beyond the bound too.
//
// Cost: no allocation per task in the steady state; a task is queued with
// one compare-and-swap and taken by a worker that is reused for later
// tasks, so a batch pays for goroutines only as far as it needs them.
// Panics are caught by one deferred recover per worker, so the fast path
// pays nothing for them, and a worker adds one small frame under the task.
// Measurements against errgroup, conc, pond and ants are in
// bench/RESULTS.md.
func (g *Group) Go(fn func(ctx context.Context) error) {
	if fn == nil {
		panic("crew: Group.Go called with a nil function")
	}
	if !g.ready.Load() {
		g.setup()
	}
	fn = g.autoWrap(fn) // Auto(): the task takes an adaptive slot
	if !g.lim.unbounded() {
		g.active.Add(1)
	}
	g.pending.Add(1)
	g.put(fn)
	// A worker polling the ring will take fn; else wake or start one.
	if g.spinner.Load() == 0 {
		g.wakeOne()
	}
}

// wakeOne makes sure a worker will look at the ring: it wakes a parked
// worker, or starts one if the limit allows. A worker out of work counts
// itself in nidle, then looks at the ring once more before it parks; Go
// reads nidle after queueing: one of the two sees the other.
func (g *Group) wakeOne() {
	if g.nidle.Load() > 0 && g.claimIdle() {
		return
	}
	if g.addWorker() {
		g.live.Add(1)
		go g.spawn()
	}
}

// putNow queues fn without waiting, beyond the bound if the ring is full.
func (g *Group) putNow(fn func(context.Context) error) {
	if !g.ring.push(fn) {
		g.pushOverflow(fn)
	}
}

// put queues fn in the ring. While the ring is full it waits for workers
// to drain half of it, unless as many callers wait as the group has
// workers, so that every worker may be one of them (or waiting for one):
// then fn overflows the bound (see Go).
func (g *Group) put(fn func(context.Context) error) {
	if g.ring.push(fn) {
		return
	}
	if g.blocked.Add(1) >= g.nwork.Load() {
		g.blocked.Add(-1)
		g.pushOverflow(fn)
		return
	}
	// A worker that pops a task checks blocked afterwards; put counted
	// itself blocked before it retries: one of them sees the other.
	for !g.ring.push(fn) {
		<-g.space
	}
	g.blocked.Add(-1)
}

// roomFor wakes a blocked put once the ring is half empty.
func (g *Group) roomFor() {
	if g.ring.len() <= queueSize/2 {
		select {
		case g.space <- struct{}{}:
		default:
		}
	}
}

// pushOverflow queues fn beyond the queue's bound; workers take overflowed
// tasks when the queue is empty.
func (g *Group) pushOverflow(fn func(context.Context) error) {
	g.mu.Lock()
	g.overflow = append(g.overflow, fn)
	g.nover.Store(int32(len(g.overflow)))
	g.mu.Unlock()
}

// popOverflow takes the oldest overflowed task, or returns nil.
func (g *Group) popOverflow() func(context.Context) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.overflow) == 0 {
		return nil
	}
	fn := g.overflow[0]
	g.overflow[0] = nil
	g.overflow = g.overflow[1:]
	if len(g.overflow) == 0 {
		g.overflow = nil
	}
	g.nover.Store(int32(len(g.overflow)))
	return fn
}

// TryGo is [Group.Go] that never waits: it starts fn and returns true if
// fewer tasks than the [Limit] are running or waiting to run (a task that
// has returned no longer counts, even while its worker looks for the next
// one), and otherwise returns false without running fn. Without a limit it
// always starts fn. A caller that gets false can run fn itself, or retry later.
func (g *Group) TryGo(fn func(ctx context.Context) error) bool {
	if fn == nil {
		panic("crew: Group.TryGo called with a nil function")
	}
	if !g.ready.Load() {
		g.setup()
	}
	fn = g.autoWrap(fn) // Auto(): the task takes an adaptive slot
	if g.lim.unbounded() {
		g.pending.Add(1)
		g.putNow(fn)
		g.wakeOne()
		return true
	}
	for {
		n := g.active.Load()
		if int(n) >= g.lim.limit() {
			return false
		}
		if g.active.CompareAndSwap(n, n+1) {
			break
		}
	}
	// Fewer tasks than the limit are queued or running, so a worker is
	// free: spinning, parked, about to look at the ring, or not started.
	g.pending.Add(1)
	g.putNow(fn)
	if g.spinner.Load() == 0 {
		g.wakeOne()
	}
	return true
}

// spinTries bounds how many times a worker out of work polls the ring,
// yielding the processor in between, and spinFor how long it polls, before
// it parks: a parked worker costs no CPU.
const (
	spinTries = 32
	spinFor   = 20 * time.Microsecond
)

// spin polls the ring for a while as the group's one spinner, so that a
// producer slower than the workers does not pay a park and a wake-up per
// task: while a worker spins, Go wakes no one. A spinner that finds a task
// and sees more queued (Go counted on it for those too) wakes another
// worker. It returns nil if another worker is spinning or nothing came.
func (g *Group) spin() func(context.Context) error {
	if !g.spinner.CompareAndSwap(0, 1) {
		return nil
	}
	var fn func(context.Context) error
	start := time.Now()
	for range spinTries {
		if fn = g.ring.pop(); fn != nil || g.halt.Load() || time.Since(start) > spinFor {
			break
		}
		runtime.Gosched()
	}
	g.spinner.Store(0)
	// A Go that saw the spinner before the store above left its task to
	// it: look again (now or in park), and pass on any other task.
	if fn == nil {
		return nil
	}
	if g.ring.len() > 0 {
		g.wakeOne()
	}
	return fn
}

// claimIdle wakes one parked worker and reports whether there was one.
func (g *Group) claimIdle() bool {
	if !g.reserveIdle() {
		return false
	}
	g.idleCond.Signal()
	return true
}

// reserveIdle claims one parked worker without waking it yet.
func (g *Group) reserveIdle() bool {
	g.idleMu.Lock()
	defer g.idleMu.Unlock()
	if g.nparked == 0 {
		return false
	}
	g.nparked--
	g.wakeups++
	g.nidle.Add(-1)
	return true
}

// park is the slow path of a worker out of work: it returns a task found
// at the last look, or parks the worker until a Go wakes it (nil, false)
// or Wait stops it (nil, true).
func (g *Group) park() (fn func(context.Context) error, stop bool) {
	g.nidle.Add(1) // before the last look: Go reads nidle after queueing
	g.idleMu.Lock()
	if !g.stopping {
		if fn = g.ring.pop(); fn == nil {
			g.nparked++
			for g.wakeups == 0 && !g.stopping {
				g.idleCond.Wait()
			}
			if g.wakeups > 0 { // claimed: nparked and nidle were counted down
				g.wakeups--
				g.idleMu.Unlock()
				return nil, false
			}
			g.nparked--
		}
	}
	g.nidle.Add(-1)
	g.idleMu.Unlock()
	if fn == nil {
		return nil, true
	}
	if g.ring.len() > 0 { // tasks left to a spinner: pass them on
		g.wakeOne()
	}
	return fn, false
}

// addWorker reserves a slot for a new worker if the limit allows one.
func (g *Group) addWorker() bool {
	if g.lim.unbounded() {
		g.nwork.Add(1)
		return true
	}
	for {
		n := g.nwork.Load()
		if int(n) >= g.lim.limit() {
			return false
		}
		if g.nwork.CompareAndSwap(n, n+1) {
			return true
		}
	}
}

// work is a worker: it runs tasks until Wait stops it. It takes them from
// the ring, then from the overflow; with none, it polls the ring for a
// while, then parks until a Go wakes it. Its frame is the only one between
// the goroutine's start and the task, so a task that blocks keeps a small
// stack. One deferred recover per worker (not per task) catches panics;
// the worker then hands its slot to a fresh worker.
func (g *Group) work() {
	done := 0 // tasks finished, not yet subtracted from pending
	exited := false
	var fn func(context.Context) error // the task running, for the error if it exits
	defer func() {
		if exited {
			g.live.Done()
			return
		}
		var err error
		if r := recover(); r != nil {
			err = newPanicError(r, fn)
		} else {
			err = goexitError(fn)
		}
		if !g.lim.unbounded() {
			g.active.Add(-1)
		}
		g.fail(err)
		g.live.Add(1) // the replacement, before pending may reach zero
		go g.spawn()
		g.pending.Add(-done - 1)
		g.live.Done()
	}()
	r, ctx := g.ring, g.ctx
	limited := !g.lim.unbounded()
	fresh := true // just started or woken: pass on work beyond the first task
	for {
		fn = r.pop()
		if fn == nil && g.nover.Load() > 0 {
			fn = g.popOverflow()
		}
		if fn != nil && fresh {
			// The Go that woke or started this worker may have left more
			// tasks to a spinner: make sure someone looks at those too.
			fresh = false
			if r.len() > 0 {
				g.wakeOne()
			}
		}
		if fn == nil {
			// Out of work: account for the finished tasks in one step,
			// poll the ring for a while, then park until a Go needs this
			// worker.
			if done > 0 { // never Add(0): with the count at zero it would wake Wait
				g.pending.Add(-done)
				done = 0
			}
			if fn = g.spin(); fn == nil {
				var stop bool
				if fn, stop = g.park(); stop {
					exited = true
					return
				}
				if fn == nil { // woken: look at the ring
					fresh = true
					continue
				}
			}
		}
		if g.blocked.Load() > 0 {
			g.roomFor()
		}
		err := fn(ctx)
		if limited {
			g.active.Add(-1)
		}
		if err != nil {
			g.fail(err)
		}
		done++
	}
}

// fail records a task's error and, in fail-fast mode, cancels the group.
func (g *Group) fail(err error) {
	g.mu.Lock()
	if pe, ok := err.(*PanicError); ok && g.panicked == nil {
		g.panicked = pe
	}
	keep := len(g.errs) == 0 || !g.firstError && !g.isEcho(err)
	if keep {
		g.errs = append(g.errs, err)
	}
	cancel := g.cancel != nil && !g.keepGoing && !g.cancelled
	if cancel {
		g.cancelled = true
	}
	g.mu.Unlock()
	if cancel {
		g.cancel(err)
	}
}

// isEcho reports whether err only repeats that the group's context is done.
func (g *Group) isEcho(err error) bool {
	if g.cancel == nil {
		return false
	}
	cerr := g.ctx.Err()
	if cerr == nil {
		return false
	}
	return errors.Is(err, cerr) || errors.Is(err, context.Cause(g.ctx))
}

// Cancel cancels the context of a group from [WithContext], with cause as
// [context.Cause] (context.Canceled if nil). Running tasks see their context
// done; tasks started later receive the cancelled context. Wait still waits
// for every task. For groups without a context, Cancel does nothing.
func (g *Group) Cancel(cause error) {
	if g.cancel == nil {
		return
	}
	if cause == nil {
		cause = context.Canceled
	}
	g.mu.Lock()
	g.cancelled = true
	g.mu.Unlock()
	g.cancel(cause)
}

// Wait waits for every task of the group, including tasks they started
// with Go, then for the group's workers to exit, and cancels the group's
// context.
//
// It returns nil if every task returned nil; otherwise [errors.Join] of the
// task errors in the order they occurred (errors.Is and errors.As see each
// one), or, with [FirstError], the first. A single error is returned as is.
// A panicking task's error is a *[PanicError]; with [Repanic], Wait panics
// with the first *PanicError instead of returning. See [WithContext] for
// the errors dropped after a cancellation.
//
// Wait called again, with no Go in between, returns the same error. A Go
// after Wait starts a new batch: the next Wait waits for it and returns its
// errors only (see the example). The group's context, if it has one, stays
// cancelled, so tasks of a later batch receive a done context. Call Wait
// from one goroutine at a time.
func (g *Group) Wait() error {
	g.pending.Wait()
	g.mu.Lock()
	if g.waited && !g.ready.Load() { // no Go since the last Wait
		err := g.waitErr
		g.mu.Unlock()
		return err
	}
	g.ready.Store(false)
	g.mu.Unlock()
	// Every worker is parked or about to park: stop them all.
	g.halt.Store(true)
	g.idleMu.Lock()
	g.stopping = true
	g.idleMu.Unlock()
	g.idleCond.Broadcast()
	g.live.Wait()
	g.halt.Store(false)
	g.idleMu.Lock()
	g.stopping = false
	g.nparked, g.wakeups = 0, 0
	g.idleMu.Unlock()
	g.nwork.Store(0)
	g.nidle.Store(0)
	g.active.Store(0)

	g.mu.Lock()
	errs, pe := g.errs, g.panicked
	g.errs, g.panicked = nil, nil
	var err error
	switch len(errs) {
	case 0:
	case 1:
		err = errs[0]
	default:
		err = errors.Join(errs...)
	}
	g.waited, g.waitErr = true, err
	g.mu.Unlock()
	if g.cancel != nil {
		g.cancel(err)
	}
	if pe != nil && g.repanic {
		panic(pe)
	}
	return err
}
