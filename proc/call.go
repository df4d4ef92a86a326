package proc

import (
	"context"
	"errors"
	"iter"
	"sync"
	"sync/atomic"
)

// unit is a chunk of one call, with its types erased for the drivers. A
// unit is handled by one driver at a time.
type unit interface {
	core() *callCore
	// appendArgs appends the encoding of arguments [lo, hi) to dst.
	appendArgs(dst []byte, s *gobStream, lo, hi int) (out []byte, fresh bool, err error)
	decodeResults(s *gobStream, payload []byte, fresh, has bool, lo, hi int) error
	// resultSize is the size of a result that can travel as raw memory,
	// 0 if results cannot.
	resultSize() int
	// decodeRawResults copies the raw memory of results [lo, hi) from b.
	decodeRawResults(b []byte, lo, hi int) error
	// settle ends item i with err (nil: its result is in place).
	settle(i int, err error, c *conn)
	// settleRange ends items [lo, hi), whose results are in place.
	settleRange(lo, hi int)
	// tries counts a failed attempt of item i and returns the count.
	tries(i int) int
	// capture keeps output of item i if the call captures; it reports
	// whether it did.
	capture(i int, stream byte, data []byte) bool
}

// callCore is what the chunks of one call share.
type callCore struct {
	ctx       context.Context
	name      string
	opts      callOptions
	capMu     sync.Mutex
	abandoned atomic.Bool
	// steal, when set, claims the call's next chunk for a driver that
	// has room for one more in flight.
	steal func() (work, bool)
}

type chunk[A, R any] struct {
	f     *Function[A, R]
	cc    *callCore
	base  int // index of args[0] in the call
	args  []A
	res   []R
	errs  []error // nil until an item fails
	fails []uint8
	outs  map[int]*[2][]byte
	left  int
	done  func(*chunk[A, R])
}

func newChunk[A, R any](f *Function[A, R], cc *callCore, base int, args []A, res []R, done func(*chunk[A, R])) *chunk[A, R] {
	return &chunk[A, R]{f: f, cc: cc, base: base, args: args, res: res, left: len(args), done: done}
}

func (c *chunk[A, R]) core() *callCore { return c.cc }

// err returns the error of item i.
func (c *chunk[A, R]) err(i int) error {
	if c.errs == nil {
		return nil
	}
	return c.errs[i]
}

func (c *chunk[A, R]) appendArgs(dst []byte, s *gobStream, lo, hi int) ([]byte, bool, error) {
	if zeroSize[A]() {
		return dst, false, nil
	}
	return c.f.argCodec.append(dst, c.args[lo:hi], s)
}

func (c *chunk[A, R]) decodeResults(s *gobStream, payload []byte, fresh, has bool, lo, hi int) error {
	if fresh {
		s.dec = nil
	}
	if !has || zeroSize[R]() {
		return nil
	}
	return c.f.resCodec.decode(payload, c.res[lo:hi], s, fresh)
}

func (c *chunk[A, R]) resultSize() int { return c.f.resCodec.rawSize() }

func (c *chunk[A, R]) decodeRawResults(b []byte, lo, hi int) error {
	return c.f.resCodec.decodeRaw(b, c.res[lo:hi])
}

func (c *chunk[A, R]) tries(i int) int {
	if c.fails == nil {
		c.fails = make([]uint8, len(c.args))
	}
	if c.fails[i] < 255 {
		c.fails[i]++
	}
	return int(c.fails[i])
}

func (c *chunk[A, R]) capture(i int, stream byte, data []byte) bool {
	if c.cc.opts.capture == nil {
		return false
	}
	if c.outs == nil {
		c.outs = make(map[int]*[2][]byte)
	}
	o := c.outs[i]
	if o == nil {
		o = new([2][]byte)
		c.outs[i] = o
	}
	o[stream-streamStdout] = append(o[stream-streamStdout], data...)
	return true
}

func (c *chunk[A, R]) settle(i int, err error, _ *conn) {
	if err != nil {
		var zero R
		c.res[i] = zero
		attempts := 1
		if c.fails != nil {
			attempts = max(1, int(c.fails[i]))
		}
		var te *TaskError
		if !errors.As(err, &te) && !errors.Is(err, ErrClosed) && !errors.Is(err, errAbandoned) {
			err = &TaskError{Func: c.cc.name, Index: c.base + i, Attempts: attempts, Err: err}
		}
		if c.errs == nil {
			c.errs = make([]error, len(c.args))
		}
		c.errs[i] = err
	}
	if fn := c.cc.opts.capture; fn != nil {
		var o [2][]byte
		if p := c.outs[i]; p != nil {
			o = *p
			delete(c.outs, i)
		}
		c.cc.capMu.Lock()
		fn(c.base+i, o[0], o[1])
		c.cc.capMu.Unlock()
	}
	c.left--
	if c.left == 0 && c.done != nil {
		c.done(c)
	}
}

func (c *chunk[A, R]) settleRange(lo, hi int) {
	if lo >= hi {
		return
	}
	if c.cc.opts.capture != nil {
		for i := lo; i < hi; i++ {
			c.settle(i, nil, nil)
		}
		return
	}
	c.left -= hi - lo
	if c.left == 0 && c.done != nil {
		c.done(c)
	}
}

func (p *Pool) newCall(ctx context.Context, name string, opts []CallOption) *callCore {
	cc := &callCore{ctx: ctx, name: name}
	for _, o := range opts {
		o(&cc.opts)
	}
	return cc
}

// Call runs f(arg) in a worker and returns its result. The error is a
// [*TaskError] if the task failed (see there for how), or the pool's or
// the context's error if the task did not run. Cancelling ctx while the
// task runs kills its worker, which the pool replaces.
func Call[A, R any](ctx context.Context, p *Pool, f *Function[A, R], arg A, opts ...CallOption) (R, error) {
	res, errs, err := run(ctx, p, f, []A{arg}, opts)
	var zero R
	if err != nil {
		return zero, err
	}
	if errs != nil && errs[0] != nil {
		return zero, errs[0]
	}
	return res[0], nil
}

// callOn runs f(arg) on one worker, for the initializer.
func callOn[A, R any](c *conn, f *Function[A, R], arg A) (R, error) {
	cc := &callCore{ctx: context.Background(), name: f.name}
	res := make([]R, 1)
	ch := newChunk(f, cc, 0, []A{arg}, res, nil)
	w := work{ch, 0, 1}
	for {
		rest, dead := c.run(w)
		if dead {
			if ch.err(0) == nil {
				return res[0], errors.New("the worker died")
			}
			break
		}
		if len(rest) == 0 {
			break
		}
		w = rest[0]
	}
	return res[0], ch.err(0)
}

// Map runs f on every element of args in the pool's workers and returns
// the results in the order of args, like Python's Pool.map; for a function
// of several arguments (Python's starmap), make A a struct. Items are sent
// in chunks (see [WithChunkSize]). Every item runs even if others fail;
// the error joins the [*TaskError] of each failed item, in order, and the
// failed items' results are zero values.
func Map[A, R any](ctx context.Context, p *Pool, f *Function[A, R], args []A, opts ...CallOption) ([]R, error) {
	res, errs, err := run(ctx, p, f, args, opts)
	if err != nil {
		return nil, err
	}
	return res, errors.Join(errs...)
}

// run is Map with an error per item (errs is nil when none failed); err
// says why the call cannot start.
func run[A, R any](ctx context.Context, p *Pool, f *Function[A, R], args []A, opts []CallOption) ([]R, []error, error) {
	if f.err != nil {
		return nil, nil, f.err
	}
	if err := p.enter(); err != nil {
		return nil, nil, err
	}
	defer p.leave()
	cc := p.newCall(ctx, f.name, opts)
	res := make([]R, len(args))
	if len(args) == 0 {
		return res, nil, nil
	}
	// Chunks are claimed in order from a cursor, by this goroutine (which
	// queues them for the drivers) or by a driver that pipelines.
	size := p.chunkSize(cc, len(args))
	chunks := (len(args) + size - 1) / size
	var cursor atomic.Int64
	var left atomic.Int64
	all := make([]*chunk[A, R], chunks)
	left.Store(int64(chunks))
	finished := make(chan struct{})
	done := func(*chunk[A, R]) {
		if left.Add(-1) == 0 {
			close(finished)
		}
	}
	claim := func() (*chunk[A, R], bool) {
		k := int(cursor.Add(1) - 1)
		if k >= chunks {
			return nil, false
		}
		lo, hi := k*size, min((k+1)*size, len(args))
		ch := newChunk(f, cc, lo, args[lo:hi], res[lo:hi], done)
		all[k] = ch
		return ch, true
	}
	cc.steal = func() (work, bool) {
		ch, ok := claim()
		if !ok {
			return work{}, false
		}
		return work{ch, 0, len(ch.args)}, true
	}
	for {
		ch, ok := claim()
		if !ok {
			break
		}
		if err := p.submit(ctx, work{ch, 0, len(ch.args)}, nil); err != nil {
			for i := range ch.args {
				ch.settle(i, err, nil)
			}
		}
	}
	<-finished
	// Errors are rare: the slice of them exists only when one happened.
	var errs []error
	for _, ch := range all {
		if ch.errs != nil {
			if errs == nil {
				errs = make([]error, len(args))
			}
			copy(errs[ch.base:], ch.errs)
		}
	}
	return res, errs, nil
}

// Result is one result of [ImapUnordered]: the index of the argument in
// the input sequence, and the value or the error.
type Result[R any] struct {
	Index int
	Value R
	Err   error
}

// Imap runs f on each element of args in the pool's workers and yields the
// results in input order as they become ready, like Python's Pool.imap.
// It reads args while earlier items run, keeping a bounded number of
// chunks in flight. Each item's error is a [*TaskError]. Stopping the loop
// early skips the items not yet started and waits for running ones.
func Imap[A, R any](ctx context.Context, p *Pool, f *Function[A, R], args iter.Seq[A], opts ...CallOption) iter.Seq2[R, error] {
	return func(yield func(R, error) bool) {
		stream(ctx, p, f, args, opts, true, func(ch *chunk[A, R]) bool {
			for i := range ch.res {
				if !yield(ch.res[i], ch.err(i)) {
					return false
				}
			}
			return true
		}, func(err error) { var zero R; yield(zero, err) })
	}
}

// ImapUnordered is [Imap] that yields results as they complete, in any
// order, each with its index in args, like Python's Pool.imap_unordered.
func ImapUnordered[A, R any](ctx context.Context, p *Pool, f *Function[A, R], args iter.Seq[A], opts ...CallOption) iter.Seq[Result[R]] {
	return func(yield func(Result[R]) bool) {
		stream(ctx, p, f, args, opts, false, func(ch *chunk[A, R]) bool {
			for i := range ch.res {
				if !yield(Result[R]{Index: ch.base + i, Value: ch.res[i], Err: ch.err(i)}) {
					return false
				}
			}
			return true
		}, func(err error) { yield(Result[R]{Index: -1, Err: err}) })
	}
}

// stream runs a sequence of arguments through the pool, handing finished
// chunks to emit in order (ordered) or as they finish.
func stream[A, R any](ctx context.Context, p *Pool, f *Function[A, R], args iter.Seq[A], opts []CallOption, ordered bool,
	emit func(*chunk[A, R]) bool, fail func(error)) {
	if f.err != nil {
		fail(f.err)
		return
	}
	if err := p.enter(); err != nil {
		fail(err)
		return
	}
	defer p.leave()
	cc := p.newCall(ctx, f.name, opts)
	window := 2 * p.opts.workerCount()
	finished := make(chan *chunk[A, R], window)
	slots := make(chan struct{}, window)
	stop := make(chan struct{})
	produced := make(chan int, 1)
	done := func(ch *chunk[A, R]) { finished <- ch }

	go func() {
		n, count := 0, 0
		var buf []A
		send := func() bool {
			select {
			case slots <- struct{}{}:
			case <-stop:
				return false
			}
			ch := newChunk(f, cc, n, buf, make([]R, len(buf)), done)
			count++
			n += len(buf)
			buf = nil
			if err := p.submit(ctx, work{ch, 0, len(ch.args)}, stop); err != nil {
				for i := range ch.args {
					ch.settle(i, err, nil)
				}
				return err != errAbandoned && ctx.Err() == nil && p.ctx.Err() == nil
			}
			return true
		}
		defer func() { produced <- count }()
		size := p.chunkSize(cc, -1)
		for a := range args {
			buf = append(buf, a)
			if len(buf) >= size {
				if !send() {
					return
				}
				size = p.chunkSize(cc, -1)
			}
		}
		if len(buf) > 0 {
			send()
		}
	}()

	pending := make(map[int]*chunk[A, R])
	next, got, total := 0, 0, -1
	alive := true
	for total < 0 || got < total {
		select {
		case ch := <-finished:
			got++
			if !alive {
				<-slots
				continue
			}
			if !ordered {
				alive = emit(ch)
				<-slots
				break
			}
			pending[ch.base] = ch
			for {
				c, ok := pending[next]
				if !ok || !alive {
					break
				}
				delete(pending, next)
				next += len(c.args)
				alive = emit(c)
				<-slots
			}
		case total = <-produced:
		}
		if !alive {
			cc.abandoned.Store(true)
			select {
			case <-stop:
			default:
				close(stop)
			}
			for range pending {
				<-slots
			}
			clear(pending)
		}
	}
}
