package proc

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/crewrun/crew/internal/adapt"
)

// Pool is a set of worker processes that run registered functions
// ([Func]) for [Call], [Map], [Imap] and [ImapUnordered]. Each worker is
// the pool's own executable started again; [Main] makes it serve.
//
// A worker that dies while it runs a task (it exits, panics outside the
// task's goroutine, is killed, segfaults or runs out of memory) costs only
// that task: the task fails with a [*TaskError] saying how the worker died,
// a new worker takes its place and every other task completes. No worker
// process outlives the pool: each runs in its own process group, which the
// pool kills when it is done with it, and on Linux the workers die with
// the pool's process.
//
// A Pool is safe for concurrent use.
type Pool struct {
	opts  options
	exe   string
	ctx   context.Context
	stop  context.CancelCauseFunc
	queue chan work
	quit  chan struct{}
	once  sync.Once

	wg      sync.WaitGroup // drivers
	mu      sync.Mutex
	closed  bool
	calls   sync.WaitGroup
	conns   map[*conn]struct{}
	outMu   sync.Mutex
	statsMu sync.Mutex
	stats   map[string]*atomic.Int64 // name -> EWMA of ns per item

	auto     *adapt.Limiter  // WithAutoWorkers: a driver takes a slot per unit of work
	autoDone context.Context // done when quit closes, to free drivers waiting for a slot
}

// work is items [lo, hi) of a unit.
type work struct {
	u      unit
	lo, hi int
}

// NewPool starts a pool's workers and waits until each serves (see
// [WithWorkers] for their number). It fails if a worker does not start
// serving, which is what happens when the program does not call [Main]
// first in main; it never starts workers from inside a worker.
//
// Cancelling ctx stops the pool: running tasks are killed with their
// workers and fail with the context's cause; so do later calls.
func NewPool(ctx context.Context, opts ...Option) (*Pool, error) {
	if inWorker.Load() || os.Getenv(envWorker) != "" {
		return nil, errors.New("proc: NewPool called in a proc worker process: a worker never starts pools; call proc.Main() first in main")
	}
	p := &Pool{
		opts:  defaultOptions(),
		queue: make(chan work),
		quit:  make(chan struct{}),
		conns: make(map[*conn]struct{}),
		stats: make(map[string]*atomic.Int64),
	}
	for _, o := range opts {
		o(&p.opts)
	}
	p.exe = p.opts.exe
	if p.exe == "" {
		exe, err := os.Executable()
		if err != nil {
			return nil, fmt.Errorf("proc: find this program's executable for the workers: %w", err)
		}
		p.exe = exe
	}
	p.ctx, p.stop = context.WithCancelCause(ctx)
	n := p.opts.workerCount()
	conns := make([]*conn, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { conns[i], errs[i] = startConn(p) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		for _, c := range conns {
			if c != nil {
				c.close(false)
			}
		}
		p.stop(err)
		return nil, firstErr(errs)
	}
	if max := p.opts.autoMax; max > 0 {
		cfg := adapt.ForProcesses(max)
		cfg.Initial = n
		p.auto = adapt.New(cfg)
		done, cancel := context.WithCancel(context.Background())
		p.autoDone = done
		go func() { <-p.quit; cancel() }()
		for range max - n { // drivers whose worker starts with their first work
			conns = append(conns, nil)
		}
	}
	for _, c := range conns {
		p.wg.Add(1)
		go p.drive(c)
	}
	context.AfterFunc(p.ctx, p.abort)
	return p, nil
}

func firstErr(errs []error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// Close waits for the calls in progress, then stops the workers. Calls
// made after Close fail with [ErrClosed]. Close is idempotent.
func (p *Pool) Close() error {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	p.calls.Wait()
	p.once.Do(func() { close(p.quit) })
	p.wg.Wait()
	p.stop(ErrClosed)
	return nil
}

// abort runs when the pool's context ends: stop everything now.
func (p *Pool) abort() {
	p.once.Do(func() { close(p.quit) })
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.conns {
		c.kill(errKilledPool)
	}
}

// stopCause is the error of tasks a stopped pool did not run.
func (p *Pool) stopCause() error {
	if err := context.Cause(p.ctx); err != nil && err != ErrClosed {
		return fmt.Errorf("proc: pool stopped: %w", err)
	}
	return ErrClosed
}

func (p *Pool) track(c *conn, live bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if live {
		p.conns[c] = struct{}{}
	} else {
		delete(p.conns, c)
	}
}

// enter registers a call; Close waits for it.
func (p *Pool) enter() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return ErrClosed
	}
	if p.ctx.Err() != nil {
		return p.stopCause()
	}
	p.calls.Add(1)
	return nil
}

func (p *Pool) leave() { p.calls.Done() }

// submit hands work to a driver.
func (p *Pool) submit(ctx context.Context, w work, abandon <-chan struct{}) error {
	select {
	case p.queue <- w:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-p.quit:
		return p.stopCause()
	case <-abandon:
		return errAbandoned
	}
}

var errAbandoned = errors.New("proc: the caller stopped reading results")

// drive runs one worker slot: it takes work from the queue and replaces
// its worker when the worker dies or has run its share of tasks.
func (p *Pool) drive(c *conn) {
	defer p.wg.Done()
	defer func() {
		if c != nil {
			c.close(true)
		}
	}()
	for {
		if p.auto != nil && p.auto.Acquire(p.autoDone) != nil {
			return
		}
		select {
		case <-p.quit:
			return
		case w := <-p.queue:
			c = p.runWork(c, w)
		}
		if p.auto != nil {
			p.auto.Release()
		}
	}
}

func (p *Pool) runWork(c *conn, first work) *conn {
	stack := []work{first}
	for len(stack) > 0 {
		w := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		cc := w.u.core()
		var skip error
		switch {
		case p.ctx.Err() != nil:
			skip = p.stopCause()
		case cc.ctx.Err() != nil:
			skip = context.Cause(cc.ctx)
		case cc.abandoned.Load():
			skip = errAbandoned
		}
		if skip == nil && c == nil {
			var err error
			if c, err = startConn(p); err != nil {
				skip = err
			}
		}
		if skip != nil {
			for i := w.lo; i < w.hi; i++ {
				w.u.settle(i, skip, nil)
			}
			continue
		}
		rest, dead := c.run(w)
		if dead {
			c.close(false)
			c = nil
		} else if p.opts.maxTasks > 0 && c.tasks >= p.opts.maxTasks {
			c.close(true)
			c = nil
		}
		// Run what is left in order: the stack pops the last pushed first.
		for i := len(rest) - 1; i >= 0; i-- {
			stack = append(stack, rest[i])
		}
	}
	return c
}

// forward writes whole lines of task output to the pool's stdout/stderr.
func (p *Pool) forward(stream byte, data []byte) {
	var w io.Writer = p.opts.stdout
	if stream == streamStderr {
		w = p.opts.stderr
	}
	p.outMu.Lock()
	defer p.outMu.Unlock()
	w.Write(data)
}

// Chunk sizing: aim for chunks of about chunkTarget of worker time.
const (
	chunkTarget    = 2 * time.Millisecond
	maxStreamChunk = 4096
)

func (p *Pool) observe(name string, busy time.Duration, n int) {
	if n <= 0 {
		return
	}
	s := p.stat(name)
	per := int64(busy) / int64(n)
	if per < 1 {
		per = 1
	}
	// A moving average that believes a faster result at once, weighing
	// it n/(n+3) (a whole chunk of a Map nearly all, so that a Map of
	// cheap tasks after slow single Calls pipelines at once), and a slower
	// one by a quarter: a worker that lost its CPU for a while makes one
	// chunk look slow, and should not stop the pipelining.
	old := s.Load()
	switch {
	case old == 0:
		s.Store(per)
	case per < old:
		s.Store(old + (per-old)*int64(n)/int64(n+3))
	default:
		s.Store((3*old + per) / 4)
	}
}

func (p *Pool) stat(name string) *atomic.Int64 {
	p.statsMu.Lock()
	defer p.statsMu.Unlock()
	s := p.stats[name]
	if s == nil {
		s = new(atomic.Int64)
		p.stats[name] = s
	}
	return s
}

// chunkSize picks the next chunk's size for a call of total items (-1 when
// the number is not known, as in a stream). A call with a known length
// gets Python's rule: about four chunks per worker, so that a map of cheap
// tasks costs a few messages and slow ones still spread over the workers.
// A stream starts with chunks of one and grows them until a chunk takes
// about chunkTarget of a worker's time.
func (p *Pool) chunkSize(cc *callCore, total int) int {
	if cc.opts.chunk > 0 {
		return cc.opts.chunk
	}
	if total >= 0 {
		w := p.opts.workerCount()
		return max(1, (total+4*w-1)/(4*w))
	}
	per := p.stat(cc.name).Load()
	if per == 0 {
		return 1
	}
	return max(1, min(maxStreamChunk, int(int64(chunkTarget)/per)))
}
