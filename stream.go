package crew

import (
	"context"
	"fmt"
	"iter"
	"sync"

	"github.com/crewrun/crew/internal/adapt"
)

// Stream applies fn to each value of in, on up to [Limit] goroutines
// (default GOMAXPROCS), and yields every result with its error: in input
// order by default, or as each completes with [Unordered].
//
// Memory stays bounded: Stream reads in only as work slots free up, with at
// most 2×limit values read and not yet yielded (plus the one the input is
// producing), so in may be huge or infinite.
//
// With [Auto] the limit adapts while the stream runs (see [Auto]):
// each call of fn holds a slot of an adaptive limit that starts at
// GOMAXPROCS and moves with the measured throughput (up to 1024), so fn
// that computes settles at about the core count and fn that waits (I/O,
// sleep) climbs into the hundreds. The read-ahead bound follows the limit
// of the moment: Stream reads a value only while fewer than 2× the current
// limit are read and not yet yielded (never more than 2048). Goroutines
// are started up to the highest limit reached; those beyond the current
// limit wait. Auto adds a few mutex operations per value.
//
// Errors do not stop the stream: each (result, error) pair is yielded, and
// the loop decides; breaking out of the range loop cancels the ctx passed
// to fn, stops reading in, and waits for every goroutine of the stream
// before the loop statement ends (an input that blocks inside its own
// iteration delays that).
//
// If ctx is cancelled, Stream stops reading in: it reads nothing from an
// already cancelled ctx, and no value after the one being read when ctx was
// cancelled. Values already read yield
// fn's result (or [context.Cause](ctx) if fn had not started), then one last
// pair (zero, context.Cause(ctx)) reports that the input was cut short.
//
// A panic in fn is yielded as a *[PanicError] for that value (with
// [Repanic], re-raised in the loop's goroutine after the stream's goroutines
// have stopped). A panic in in itself is re-raised in the loop's goroutine
// as a *PanicError. Options: [Limit], [Unordered], [Repanic].
//
// Cost: four channel operations per element (each value, its result and
// its slot), no allocation per element; worth it when fn does more work
// than that, or waits. Measurements are in bench/RESULTS.md.
func Stream[T, R any](ctx context.Context, in iter.Seq[T], fn func(ctx context.Context, v T) (R, error), opts ...StreamOption) iter.Seq2[R, error] {
	o := streamOptions(opts)
	if ctx == nil {
		ctx = context.Background()
	}
	return func(yield func(R, error) bool) {
		lim := newLimiter(&o, true) // per run: an adaptive limit is not shared
		s := &stream[T, R]{in: in, fn: fn, limit: lim.max, window: 2 * lim.max, opts: o, auto: lim.auto}
		if s.auto != nil {
			s.freed = make(chan struct{}, 1)
		}
		s.run(ctx, yield)
	}
}

type streamJob[T any] struct {
	seq int
	v   T
}

type streamResult[R any] struct {
	seq int
	r   R
	err error
}

type stream[T, R any] struct {
	in            iter.Seq[T]
	fn            func(context.Context, T) (R, error)
	limit, window int
	opts          options

	ctx     context.Context
	jobs    chan streamJob[T]
	results chan streamResult[R]
	slots   chan struct{} // one token per value read and not yet yielded
	fed     chan struct{} // closed when the feeder is done; then total, cut, inPanic are set
	wg      sync.WaitGroup

	// Auto(): tasks in flight hold a slot of auto, and values read and
	// not yet yielded stay under twice its limit of the moment (limit and
	// window above are then only the channels' capacity); the loop signals
	// freed each time it yields, for a feeder waiting on that bound.
	auto  *adapt.Limiter
	freed chan struct{}

	total   int         // values read
	cut     bool        // the feeder stopped because ctx was done
	inPanic *PanicError // the input iterator panicked
}

func (s *stream[T, R]) run(parent context.Context, yield func(R, error) bool) {
	ctx, cancel := context.WithCancelCause(parent)
	s.ctx = ctx
	s.jobs = make(chan streamJob[T], s.window)
	s.results = make(chan streamResult[R], s.window)
	s.slots = make(chan struct{}, s.window)
	s.fed = make(chan struct{})
	defer func() { // on every exit: normal end, break, or a panic
		cancel(context.Canceled)
		s.wg.Wait()
	}()
	s.wg.Add(1)
	go s.feed()

	var ring []streamResult[R]
	var have []bool
	if !s.opts.unordered {
		ring = make([]streamResult[R], s.window)
		have = make([]bool, s.window)
	}
	next, yielded := 0, 0 // next: sequence number to yield (ordered)
	fed := s.fed
	for fed != nil || yielded < s.total {
		select {
		case r := <-s.results:
			if s.opts.unordered {
				<-s.slots
				if s.freed != nil {
					s.signalFreed()
				}
				yielded++
				if !s.yield(yield, r) {
					return
				}
				continue
			}
			ring[r.seq%s.window], have[r.seq%s.window] = r, true
			for k := next % s.window; have[k]; k = next % s.window {
				x := ring[k]
				ring[k], have[k] = streamResult[R]{}, false
				next++
				yielded++
				<-s.slots
				if s.freed != nil {
					s.signalFreed()
				}
				if !s.yield(yield, x) {
					return
				}
			}
		case <-fed:
			fed = nil
			if s.inPanic != nil {
				panic(s.inPanic)
			}
		}
	}
	if s.cut {
		var zero R
		yield(zero, context.Cause(parent))
	}
}

func (s *stream[T, R]) yield(yield func(R, error) bool, r streamResult[R]) bool {
	if s.opts.repanic {
		if pe, ok := r.err.(*PanicError); ok {
			panic(pe)
		}
	}
	return yield(r.r, r.err)
}

// signalFreed tells a feeder waiting for the read-ahead bound (Auto) that a
// value was yielded.
func (s *stream[T, R]) signalFreed() {
	select {
	case s.freed <- struct{}{}:
	default:
	}
}

// admit (Auto only) waits until the value just read may go to a worker:
// until fewer than twice the adaptive limit of values are read and not
// yet yielded, then for a slot of the adaptive limit. It reports false if
// the stream's context is done first.
func (s *stream[T, R]) admit() bool {
	for len(s.slots) > 2*s.auto.Limit() {
		select {
		case <-s.freed:
		case <-s.ctx.Done():
			return false
		}
	}
	return s.auto.Acquire(s.ctx) == nil
}

// feed reads the input, one slot per value, and starts workers as needed.
func (s *stream[T, R]) feed() {
	seq := 0
	defer func() {
		if r := recover(); r != nil {
			s.inPanic = newPanicError(r, s.in)
		}
		s.total = seq
		close(s.jobs)
		close(s.fed)
		s.wg.Done()
	}()
	workers := 0
	done := s.ctx.Done()
	if s.ctx.Err() != nil { // cancelled before the first read: read nothing
		s.cut = true
		return
	}
read:
	for v := range s.in {
		select {
		case s.slots <- struct{}{}:
		case <-done:
			s.cut = true
			break read
		}
		if s.auto != nil && !s.admit() {
			s.cut = true
			break read
		}
		if workers < s.limit && (s.auto == nil || workers < s.auto.Limit()) {
			workers++
			s.wg.Add(1)
			go s.work()
		}
		s.jobs <- streamJob[T]{seq, v}
		seq++
		if s.ctx.Err() != nil { // before the iterator produces another value
			s.cut = true
			break
		}
	}
}

// work runs fn on jobs until the feeder closes them. A job seen after the
// stream's context is done is answered with its cause, without calling fn.
func (s *stream[T, R]) work() {
	var cur streamJob[T]
	busy := false
	defer func() {
		if busy { // fn called runtime.Goexit: answer the job, hand over to a new worker
			if s.auto != nil {
				s.auto.Release()
			}
			s.results <- streamResult[R]{seq: cur.seq, err: fmt.Errorf("crew: element %d: %w", cur.seq, ErrGoexit)}
			s.wg.Add(1)
			go s.work()
		}
		s.wg.Done()
	}()
	for cur = range s.jobs {
		r := streamResult[R]{seq: cur.seq}
		if s.ctx.Err() != nil {
			r.err = context.Cause(s.ctx)
		} else {
			busy = true
			r.r, r.err = callRecover(s.ctx, s.fn, cur.v)
			busy = false
		}
		if s.auto != nil {
			s.auto.Release()
		}
		s.results <- r
	}
}

// callRecover calls fn, turning a panic into a *PanicError.
func callRecover[T, R any](ctx context.Context, fn func(context.Context, T) (R, error), v T) (r R, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = newPanicError(p, fn)
		}
	}()
	return fn(ctx, v)
}
