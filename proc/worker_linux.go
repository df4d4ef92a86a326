//go:build linux

package proc

import (
	"bufio"
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"
)

// worker is the serving side of the protocol, inside a worker process.
type worker struct {
	in       *bufio.Reader
	outMu    sync.Mutex // guards out and frames sent by the output readers
	out      *bufio.Writer
	progress *uint64 // in the shared page: seq<<32 | item+1
	shm      []byte  // the memory shared for chunks
	servers  map[string]*served
	capture  *capture
	f        frame
}

func serve() error {
	for _, fd := range []int{fdRequests, fdReplies, fdProgress} {
		syscall.CloseOnExec(fd) // not for the tasks' own child processes
	}
	page, err := syscall.Mmap(fdProgress, 0, pageSize+sharedSize, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED)
	if err != nil {
		return fmt.Errorf("map the progress page: %w", err)
	}
	w := &worker{
		in:       bufio.NewReaderSize(os.NewFile(fdRequests, "proc-requests"), 64<<10),
		out:      bufio.NewWriterSize(os.NewFile(fdReplies, "proc-replies"), 64<<10),
		progress: (*uint64)(unsafe.Pointer(&page[0])),
		shm:      page[pageSize:],
		servers:  make(map[string]*served),
	}

	// If the pool's process dies, Pdeathsig sends SIGTERM: take the whole
	// process group (this worker and whatever its tasks started) down.
	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM)
	go func() {
		<-term
		killOwnGroup()
	}()

	// Task output goes to pipes this worker reads, so every line can be
	// tagged with the task that wrote it.
	if w.capture, err = startCapture(w.sendOutput); err != nil {
		return err
	}

	w.f.start(kindHello)
	w.f.str(protoMagic)
	w.f.u32(uint32(os.Getpid()))
	if err := w.send(); err != nil {
		return err
	}

	var buf []byte
	ctx := context.Background()
	for {
		kind, body, err := readFrame(w.in, &buf)
		if err != nil {
			break
		}
		if kind != kindBatch {
			return fmt.Errorf("unexpected frame kind %d", kind)
		}
		if err := w.runBatch(ctx, body); err != nil {
			return err
		}
	}
	// The pool closed the worker (or died): leave nothing behind.
	killOwnGroup()
	return nil
}

func (w *worker) send() error {
	w.outMu.Lock()
	defer w.outMu.Unlock()
	if _, err := w.out.Write(w.f.finish()); err != nil {
		return err
	}
	return w.out.Flush()
}

// sendOutput sends whole lines one task wrote; it runs under capture.mu.
func (w *worker) sendOutput(stream byte, seq, item uint32, data []byte) {
	var f frame
	f.start(kindOutput)
	f.u8(stream)
	f.u32(seq)
	f.u32(item)
	f.raw(data)
	w.outMu.Lock()
	defer w.outMu.Unlock()
	w.out.Write(f.finish())
	w.out.Flush()
}

func (w *worker) runBatch(ctx context.Context, body []byte) error {
	p := parser{b: body}
	flags := p.u8()
	seq := p.u32()
	name := p.str()
	n := int(p.u32())
	argOff, argLen, resOff := uint64(p.u32()), uint64(p.u32()), uint64(p.u32())
	if p.err != nil {
		return fmt.Errorf("bad chunk frame: %w", p.err)
	}
	payload := p.rest()
	if flags&flagShmArgs != 0 {
		if argOff+argLen > uint64(len(w.shm)) {
			return fmt.Errorf("bad chunk frame: arguments at %d+%d outside the shared memory", argOff, argLen)
		}
		payload = w.shm[argOff : argOff+argLen]
	}
	var shared []byte
	if flags&flagShmRes != 0 {
		if resOff >= uint64(len(w.shm)) {
			return fmt.Errorf("bad chunk frame: results at %d outside the shared memory", resOff)
		}
		shared = w.shm[resOff:]
	}
	sv := w.servers[name]
	if sv == nil {
		e := lookup(name)
		if e == nil {
			return w.batchErr(seq, fmt.Sprintf("function %q is not registered in the worker (register it at package level with proc.Func, so it exists before proc.Main runs)", name))
		}
		sv = &served{server: e.newServer()}
		w.servers[name] = sv
	}
	s := sv.server
	if err := s.decode(payload, flags&flagShmArgs != 0, flags&flagFresh != 0, n, shared); err != nil {
		return w.batchErr(seq, fmt.Sprintf("decode the arguments of %q: %v", name, err))
	}

	type itemErr struct {
		i          int
		kind       byte
		msg, stack string
	}
	var errs []itemErr
	from := 0
	start := time.Now()
	flushEach := flags&flagFlushEach != 0
	captured := flags&flagCapture != 0
	// Reading the clock costs a system call on some virtual machines, so a
	// timer says when a partial flush is due instead.
	var due atomic.Bool
	timer := time.AfterFunc(flushEvery, func() { due.Store(true) })
	defer timer.Stop()
	wrote := w.capture.sends()
	flush := func(to int) error {
		w.capture.sync()
		if w.capture.sends() != wrote {
			sv.printed = true
		}
		w.f.start(kindResult)
		w.f.u32(seq)
		w.f.u32(uint32(from))
		w.f.u32(uint32(to - from))
		at := len(w.f.b)
		w.f.u8(0)
		busyAt := len(w.f.b)
		w.f.u64(0)
		putErrs := func(errs []itemErr) {
			w.f.u32(uint32(len(errs)))
			for _, e := range errs {
				w.f.u32(uint32(e.i))
				w.f.u8(e.kind)
				w.f.str(e.msg)
				w.f.str(e.stack)
			}
		}
		putErrs(errs)
		head := len(w.f.b)
		var rf byte
		b, fresh, err := w.f.b, false, error(nil)
		if shared != nil {
			rf |= flagShmRes // the function wrote them in place
		} else {
			b, fresh, err = s.appendResults(w.f.b, from, to)
		}
		if err == nil && len(b) > maxFrame {
			err = fmt.Errorf("%d bytes: more than a message holds", len(b))
		}
		if err != nil {
			// The results cannot go: the items that did not fail fail
			// with why.
			all := make([]itemErr, 0, to-from)
			k := 0
			for i := from; i < to; i++ {
				if k < len(errs) && errs[k].i == i {
					all = append(all, errs[k])
					k++
					continue
				}
				all = append(all, itemErr{i: i, kind: errEncode, msg: fmt.Sprintf("encode the result: %v", err)})
			}
			w.f.b = w.f.b[:busyAt+8]
			putErrs(all)
		} else {
			w.f.b = b
			if len(b) > head {
				rf |= flagPayload
			}
		}
		errs = errs[:0]
		if fresh {
			rf |= flagFresh
		}
		w.f.b[at] = rf
		now := time.Now()
		binary.LittleEndian.PutUint64(w.f.b[busyAt:], uint64(now.Sub(start)))
		from = to
		start = now
		due.Store(false)
		timer.Reset(flushEvery)
		return w.send()
	}
	mark := uint64(seq) << 32
	for i := 0; i < n; {
		// Output is checked item by item while the function may print or
		// the call captures; a quiet function runs a stretch of items per
		// call, until one fails or a flush is due.
		exact := captured || sv.printed || sv.checked < quietAfter
		to := n
		if exact || flushEach {
			to = i + 1
		}
		if exact {
			w.capture.begin(seq, uint32(i))
		}
		next, panicked, stack, err := s.run(ctx, i, to, w.progress, mark, &due)
		if exact {
			sv.checked++
			if w.capture.end() {
				sv.printed = true
			}
		}
		if err != nil {
			kind := errReturned
			if panicked {
				kind = errPanic
			}
			errs = append(errs, itemErr{i: next - 1, kind: kind, msg: err.Error(), stack: stack})
		}
		i = next
		if flushEach || i == n || due.Load() {
			if err := flush(i); err != nil {
				return err
			}
		}
	}
	return nil
}

// served is a function's server in a worker and what the worker learnt
// about the function's output.
type served struct {
	server
	checked int  // tasks whose output was collected when they ended
	printed bool // the function wrote output
}

// A worker collects a task's output when the task ends (one system call)
// for the first quietAfter tasks of a function, for every task of a
// function once it printed, and for every task of a call that captures
// output. A function that stayed quiet that long is trusted to stay quiet:
// its output, if it starts printing, is still forwarded whole lines at a
// time, but a line it leaves unfinished may run into the next task's.
const (
	quietAfter = 64
	flushEvery = 2 * time.Millisecond
)

func (w *worker) batchErr(seq uint32, msg string) error {
	w.f.start(kindBatchErr)
	w.f.u32(seq)
	w.f.str(msg)
	return w.send()
}
