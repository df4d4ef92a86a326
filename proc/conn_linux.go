//go:build linux

package proc

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"
)

// conn is the pool's side of one worker process. One driver goroutine
// uses it at a time; kill may be called from timers and context callbacks.
type conn struct {
	p        *Pool
	cmd      *exec.Cmd
	pid      int
	req      *os.File
	bw       *bufio.Writer
	resp     *os.File
	br       *bufio.Reader
	rbuf     []byte
	page     []byte
	progress *uint64
	shm      []byte                   // shared with the worker for chunks: page[pageSize:]
	shmUsed  int                      // bytes of shm taken by the chunks in flight
	reqCap   int                      // capacity of the request pipe
	streams  map[string]*[2]gobStream // per function: arguments out, results in
	seq      uint32
	tasks    int
	f        frame

	exited   chan struct{} // closed once the process is reaped
	state    *os.ProcessState
	tail     tailBuffer
	tailDone chan struct{}

	killMu sync.Mutex
	reason error // why the pool killed the worker; nil if it did not
}

type timeoutKill struct{ d time.Duration }

func (t *timeoutKill) Error() string { return fmt.Sprintf("timeout %v", t.d) }

// startConn starts a worker process and waits for its hello.
func startConn(p *Pool) (c *conn, err error) {
	o := &p.opts
	var files []*os.File // the child's ends, closed after Start
	defer func() {
		for _, f := range files {
			f.Close()
		}
	}()
	reqR, reqW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("proc: start worker: %w", err)
	}
	files = append(files, reqR)
	respR, respW, err := os.Pipe()
	if err != nil {
		reqW.Close()
		return nil, fmt.Errorf("proc: start worker: %w", err)
	}
	files = append(files, respW)
	reqCap := growPipe(reqW)
	growPipe(respR)
	errR, errW, err := os.Pipe()
	if err != nil {
		reqW.Close()
		respR.Close()
		return nil, fmt.Errorf("proc: start worker: %w", err)
	}
	files = append(files, errW)
	prog, err := progressFile()
	if err != nil {
		reqW.Close()
		respR.Close()
		errR.Close()
		return nil, fmt.Errorf("proc: start worker: %w", err)
	}
	files = append(files, prog)
	page, err := syscall.Mmap(int(prog.Fd()), 0, pageSize+sharedSize, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED)
	if err != nil {
		reqW.Close()
		respR.Close()
		errR.Close()
		return nil, fmt.Errorf("proc: start worker: map progress page: %w", err)
	}

	exe := p.exe
	if o.exe == "" {
		// The running program's own file, even if the path now names a
		// newer build.
		exe = "/proc/self/exe"
	}
	cmd := exec.Command(exe, o.args...)
	cmd.Args[0] = os.Args[0]
	cmd.Env = append(append(os.Environ(), o.env...), envWorker+"="+protoMagic)
	cmd.Dir = o.dir
	cmd.Stderr = errW
	cmd.ExtraFiles = []*os.File{reqR, respW, prog}
	setProcAttr(cmd)
	c = &conn{
		p:        p,
		cmd:      cmd,
		req:      reqW,
		bw:       bufio.NewWriterSize(reqW, 64<<10),
		resp:     respR,
		br:       bufio.NewReaderSize(respR, 64<<10),
		page:     page,
		progress: (*uint64)(unsafe.Pointer(&page[0])),
		shm:      page[pageSize:],
		reqCap:   reqCap,
		streams:  make(map[string]*[2]gobStream),
		exited:   make(chan struct{}),
		tailDone: make(chan struct{}),
	}
	err = cmd.Start()
	for _, f := range files { // the child has them; EOF needs ours closed
		f.Close()
	}
	files = nil
	if err != nil {
		reqW.Close()
		respR.Close()
		errR.Close()
		syscall.Munmap(page)
		return nil, fmt.Errorf("proc: start worker %s: %w", p.exe, err)
	}
	c.pid = cmd.Process.Pid
	go func() {
		cmd.Wait()
		c.state = cmd.ProcessState
		close(c.exited)
	}()
	go func() {
		defer close(c.tailDone)
		c.tail.readFrom(errR, func(lines []byte) { p.forward(streamStderr, lines) })
		errR.Close()
	}()
	p.track(c, true)

	if o.memory > 0 {
		if err := limitMemory(c.pid, o.memory); err != nil {
			c.close(false)
			return nil, fmt.Errorf("proc: limit worker memory to %d bytes: %w", o.memory, err)
		}
	}
	if err := c.hello(); err != nil {
		c.close(false)
		return nil, err
	}
	if o.init != nil {
		if err := o.init(c); err != nil {
			c.close(false)
			return nil, fmt.Errorf("proc: worker initializer %s: %w", o.initName, err)
		}
	}
	return c, nil
}

// hello waits for the worker's first frame, which proves it runs Main.
func (c *conn) hello() error {
	c.resp.SetReadDeadline(time.Now().Add(c.p.opts.startTimeout))
	kind, body, err := readFrame(c.br, &c.rbuf)
	c.resp.SetReadDeadline(time.Time{})
	if err == nil && kind == kindHello {
		p := parser{b: body}
		if p.str() == protoMagic && p.err == nil {
			return nil
		}
	}
	how := "did not answer"
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded):
		how = fmt.Sprintf("did not answer within %v", c.p.opts.startTimeout)
	case err != nil:
		c.kill(nil)
		<-c.exited
		how = describeExit(c.state)
	}
	var tail string
	if lines := c.stderrLines(); len(lines) > 0 {
		tail = "; stderr: " + strings.Join(lines, " | ")
	}
	return fmt.Errorf("proc: worker process %s %s instead of serving tasks: call proc.Main() first in main (in tests, first in TestMain)%s", c.p.exe, how, tail)
}

func describeExit(st *os.ProcessState) string {
	if st == nil {
		return "stopped"
	}
	if ws, ok := st.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return fmt.Sprintf("was killed by signal %v", ws.Signal())
	}
	return fmt.Sprintf("exited with status %d", st.ExitCode())
}

// kill kills the worker's process group, recording why (first reason wins).
func (c *conn) kill(reason error) {
	c.killMu.Lock()
	defer c.killMu.Unlock()
	if c.reason == nil {
		c.reason = reason
	}
	killGroup(c.pid)
}

func (c *conn) killReason() error {
	c.killMu.Lock()
	defer c.killMu.Unlock()
	return c.reason
}

// close stops the worker: gracefully (close its request pipe, let it exit)
// or at once; either way its process group is gone and reaped afterwards.
func (c *conn) close(graceful bool) {
	c.req.Close()
	if graceful {
		select {
		case <-c.exited:
		case <-time.After(5 * time.Second):
		}
	}
	c.kill(errKilledPool)
	<-c.exited
	killGroup(c.pid) // anything its tasks started that outlived it
	c.resp.Close()
	select {
	case <-c.tailDone:
	case <-time.After(time.Second): // a grandchild that escaped the group holds stderr
	}
	syscall.Munmap(c.page)
	c.p.track(c, false)
}

// death is the error of the task a dead worker was running.
func (c *conn) death() error {
	<-c.exited
	select {
	case <-c.tailDone:
	case <-time.After(time.Second):
	}
	reason := c.killReason()
	if reason == errKilledCancel || reason == errKilledPool {
		return reason
	}
	e := &WorkerError{Pid: c.pid, ExitCode: -1, Stderr: c.stderrLines()}

	if ws, ok := c.state.Sys().(syscall.WaitStatus); ok {
		if ws.Signaled() {
			e.Signal = ws.Signal()
		} else {
			e.ExitCode = ws.ExitStatus()
		}
	}
	var tk *timeoutKill
	if errors.As(reason, &tk) {
		e.Timeout = tk.d
		return fmt.Errorf("%w: %w", ErrTimeout, e)
	}
	return e
}

// stderrLines picks the lines of the worker's stderr that explain a death:
// the start of a Go crash report ("panic:", "fatal error:") if there is
// one, else the last lines.
func (c *conn) stderrLines() []string {
	const maxLines = 8
	crash, tail := c.tail.strings()
	if crash != "" {
		lines := strings.Split(strings.TrimRight(crash, "\n"), "\n")
		return lines[:min(maxLines, len(lines))]
	}
	tail = strings.TrimRight(tail, "\n")
	if tail == "" {
		return nil
	}
	lines := strings.Split(tail, "\n")
	return lines[max(0, len(lines)-maxLines):]
}

// tailBuffer keeps the last bytes a worker wrote to its real stderr, and
// the beginning of the first Go crash report in it.
type tailBuffer struct {
	mu    sync.Mutex
	buf   []byte
	crash []byte
}

const (
	tailMax  = 16 << 10
	crashMax = 2 << 10
)

var crashStarts = [][]byte{[]byte("panic: "), []byte("fatal error: ")}

// readFrom keeps what r yields and passes it on to forward, whole lines
// at a time.
func (t *tailBuffer) readFrom(r io.Reader, forward func([]byte)) {
	var b [4096]byte
	var line []byte
	for {
		n, err := r.Read(b[:])
		if n > 0 {
			t.mu.Lock()
			t.buf = append(t.buf, b[:n]...)
			if t.crash == nil {
				t.findCrash()
			} else if len(t.crash) < crashMax {
				t.crash = append(t.crash, b[:min(n, crashMax-len(t.crash))]...)
			}
			if len(t.buf) > 2*tailMax {
				t.buf = append(t.buf[:0], t.buf[len(t.buf)-tailMax:]...)
			}
			t.mu.Unlock()
			line = append(line, b[:n]...)
			if i := bytes.LastIndexByte(line, '\n'); i >= 0 {
				forward(line[:i+1])
				line = append(line[:0], line[i+1:]...)
			}
		}
		if err != nil {
			if len(line) > 0 {
				forward(append(line, '\n'))
			}
			return
		}
	}
}

func (t *tailBuffer) findCrash() {
	for start := 0; start < len(t.buf); {
		line := t.buf[start:]
		for _, p := range crashStarts {
			if bytes.HasPrefix(line, p) {
				t.crash = bytes.Clone(line[:min(len(line), crashMax)])
				return
			}
		}
		i := bytes.IndexByte(line, '\n')
		if i < 0 {
			return
		}
		start += i + 1
	}
}

func (t *tailBuffer) strings() (crash, tail string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	b := t.buf
	if len(b) > tailMax {
		b = b[len(b)-tailMax:]
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			b = b[i+1:]
		}
	}
	return string(t.crash), string(b)
}

// flight is a piece of work sent to the worker whose items are not all
// settled yet.
type flight struct {
	w      work
	seq    uint32
	next   int // the first item not settled yet
	st     *[2]gobStream
	resOff int // where the worker writes the results in shared memory, or -1
}

// pipelineBelow is how short a chunk must be expected to run for its
// driver to send the worker the call's next chunk before the results
// come back: for cheap tasks the round trip, not the task, is the cost.
const (
	pipelineBelow = time.Millisecond
	pipelineDepth = 4
)

// run sends one piece of work to the worker and settles its items. For a
// Map of cheap tasks it keeps a second chunk of the same call in flight,
// so the worker never waits for the pool. It returns the work still to do
// (items to run again after a crash, or to retry) and whether the worker
// died.
func (c *conn) run(first work) (rest []work, dead bool) {
	cc := first.u.core()
	timeout := c.p.opts.timeout
	pipeline := timeout == 0 && c.p.opts.maxTasks == 0 && cc.steal != nil
	var flights []*flight
	sent := 0
	c.shmUsed = 0 // nothing is in flight

	// deferred is the frame of a chunk sent ahead that was too big to
	// surely fit in the request pipe; it is the last flight.
	var deferred []byte

	// send encodes w and queues its frame; an item that cannot be encoded
	// fails at once. Arguments of a big chunk are encoded straight into
	// shared memory when they fit there, and plain results get room there
	// too, which the worker's function writes in place.
	send := func(w work) bool {
		st := c.streams[cc.name]
		if st == nil {
			st = new([2]gobStream)
			c.streams[cc.name] = st
		}
		c.f.start(kindBatch)
		c.f.u8(0)
		c.f.u32(c.seq + 1)
		c.f.str(cc.name)
		c.f.u32(uint32(w.hi - w.lo))
		fields := len(c.f.b)
		c.f.u32(0) // shared arguments offset
		c.f.u32(0) // and length
		c.f.u32(0) // shared results offset
		var flags byte
		var b []byte
		var fresh bool
		var err error
		resOff := -1
		off := alignShared(c.shmUsed)
		if w.hi-w.lo >= sharedMinItems && off < len(c.shm) {
			// What does not fit in shared memory goes in the frame.
			b, fresh, err = w.u.appendArgs(c.shm[off:off:len(c.shm)], &st[0], w.lo, w.hi)
			if err == nil && len(b) > 0 {
				if unsafe.SliceData(b) == &c.shm[off] {
					flags |= flagShmArgs
					binary.LittleEndian.PutUint32(c.f.b[fields:], uint32(off))
					binary.LittleEndian.PutUint32(c.f.b[fields+4:], uint32(len(b)))
					c.shmUsed = off + len(b)
				} else {
					c.f.b = append(c.f.b, b...)
				}
			}
			b = c.f.b
			if size := w.u.resultSize(); size > 0 {
				roff := alignShared(c.shmUsed)
				if roff+(w.hi-w.lo)*size <= len(c.shm) {
					flags |= flagShmRes
					binary.LittleEndian.PutUint32(c.f.b[fields+8:], uint32(roff))
					c.shmUsed = roff + (w.hi-w.lo)*size
					resOff = roff
				}
			}
		} else {
			b, fresh, err = w.u.appendArgs(c.f.b, &st[0], w.lo, w.hi)
		}
		if err == nil && len(b) > maxFrame {
			err = fmt.Errorf("%d bytes: more than a message holds", len(b))
			st[0].enc = nil // the worker will not see what it encoded
		}
		if err != nil {
			for i := w.lo; i < w.hi; i++ {
				w.u.settle(i, fmt.Errorf("encode the argument: %w", err), c)
			}
			return false
		}
		c.f.b = b
		c.seq++
		if fresh {
			flags |= flagFresh
		}
		if timeout > 0 {
			flags |= flagFlushEach
		}
		if cc.opts.capture != nil {
			flags |= flagCapture
		}
		c.f.b[5] = flags
		flights = append(flights, &flight{w: w, seq: c.seq, next: w.lo, st: st, resOff: resOff})
		sent += w.hi - w.lo
		frame := c.f.finish()
		if len(flights) > 1 && len(frame) > c.reqCap/pipelineDepth {
			// The worker may be busy writing results that this driver
			// reads only after its write: hold the frame until nothing
			// is in flight ahead of it.
			deferred = append(deferred[:0], frame...)
			return true
		}
		_, err = c.bw.Write(frame)
		return err == nil
	}
	if !send(first) {
		return nil, false
	}

	var timer *time.Timer
	if timeout > 0 {
		timer = time.AfterFunc(timeout, func() { c.kill(&timeoutKill{timeout}) })
	}
	stopCancel := context.AfterFunc(cc.ctx, func() { c.kill(errKilledCancel) })
	defer func() {
		if timer != nil && !timer.Stop() {
			dead = true // the timer fired: the worker is being killed
		}
		if !stopCancel() {
			dead = true
		}
		if c.killReason() != nil {
			dead = true
		}
		if !dead {
			c.tasks += sent
		}
	}()

	var err error
	var itemErrs []indexedErr
	for err == nil && len(flights) > 0 {
		// Fill the pipeline at once: the worker then finds its next
		// chunk ready whenever it finishes one.
		for pipeline && deferred == nil && len(flights) < pipelineDepth && cc.ctx.Err() == nil {
			queued := 0
			for _, f := range flights {
				queued += f.w.hi - f.next
			}
			per := c.p.stat(cc.name).Load()
			if per <= 0 || time.Duration(per)*time.Duration(queued) >= pipelineBelow {
				break
			}
			w, ok := cc.steal()
			if !ok || !send(w) {
				break
			}
		}
		if deferred != nil && len(flights) == 1 {
			// The worker is done with everything before it.
			if _, err = c.bw.Write(deferred); err != nil {
				break
			}
			deferred = nil
		}
		if err = c.bw.Flush(); err != nil {
			break
		}
		var kind byte
		var body []byte
		if kind, body, err = readFrame(c.br, &c.rbuf); err != nil {
			break
		}
		f := flights[0]
		switch kind {
		case kindOutput:
			c.output(body, flights)
		case kindBatchErr:
			p := parser{b: body}
			p.u32()
			msg := p.str()
			f.st[0].enc = nil // the worker dropped its decoder
			for i := f.next; i < f.w.hi; i++ {
				f.w.u.settle(i, &remoteError{msg}, c)
			}
			f.next = f.w.hi
		case kindResult:
			p := parser{b: body}
			rseq, from, n, rflags := p.u32(), int(p.u32()), int(p.u32()), p.u8()
			busy := time.Duration(p.u64())
			nerr := int(p.u32())
			itemErrs = itemErrs[:0]
			for range nerr {
				i, k, msg, stack := int(p.u32()), p.u8(), p.str(), p.str()
				if k == errPanic {
					itemErrs = append(itemErrs, indexedErr{i, &PanicError{Value: msg, Stack: stack}})
				} else {
					itemErrs = append(itemErrs, indexedErr{i, &remoteError{msg}})
				}
			}
			w := f.w
			if p.err != nil || rseq != f.seq || w.lo+from != f.next || from+n > w.hi-w.lo {
				err = fmt.Errorf("proc: bad result frame from worker %d", c.pid)
				break
			}
			lo, hi := w.lo+from, w.lo+from+n
			if rflags&flagShmRes != 0 {
				size := w.u.resultSize()
				if f.resOff < 0 || size == 0 {
					err = fmt.Errorf("proc: bad result frame from worker %d: results in shared memory not asked for", c.pid)
					break
				}
				at := f.resOff + from*size
				if derr := w.u.decodeRawResults(c.shm[at:at+n*size], lo, hi); derr != nil {
					err = fmt.Errorf("proc: decode results from worker %d: %w", c.pid, derr)
					break
				}
			} else if rflags&flagPayload != 0 || rflags&flagFresh != 0 {
				if derr := w.u.decodeResults(&f.st[1], p.rest(), rflags&flagFresh != 0, rflags&flagPayload != 0, lo, hi); derr != nil {
					err = fmt.Errorf("proc: decode results from worker %d: %w", c.pid, derr)
					break
				}
			}
			c.p.observe(cc.name, busy, n)
			// The items between failures are settled at once.
			at := lo
			for _, ie := range itemErrs {
				i := w.lo + ie.i
				if i < at || i >= hi {
					continue // out of range or repeated: the worker is confused
				}
				w.u.settleRange(at, i)
				if c.p.opts.retries > 0 && w.u.tries(i) <= c.p.opts.retries {
					rest = append(rest, work{w.u, i, i + 1})
				} else {
					w.u.settle(i, ie.err, c)
				}
				at = i + 1
			}
			w.u.settleRange(at, hi)
			f.next = hi
			if timer != nil {
				timer.Reset(timeout)
			}
		default:
			err = fmt.Errorf("proc: unexpected frame kind %d from worker %d", kind, c.pid)
		}
		if f.next >= f.w.hi {
			flights = flights[1:]
		}
	}
	if len(flights) == 0 {
		return rest, false
	}

	// The worker died (or broke the protocol) before it finished.
	var cause error
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.EPIPE) || errors.Is(err, os.ErrClosed) {
		c.kill(nil)
		cause = c.death()
	} else {
		c.kill(nil)
		<-c.exited
		cause = err
	}
	if cause == errKilledCancel {
		cause = context.Cause(cc.ctx)
	}
	if cause == errKilledPool {
		cause = c.p.stopCause()
	}
	// The progress page names the item the worker was running; the
	// flights after it had not started.
	v := atomic.LoadUint64(c.progress)
	running := 0
	for i, f := range flights {
		if uint32(v>>32) == f.seq {
			running = i
		}
	}
	for i, f := range flights {
		w := f.w
		if i != running {
			rest = append(rest, work{w.u, f.next, w.hi})
			continue
		}
		crashed := f.next
		if uint32(v>>32) == f.seq && int(uint32(v)) > 0 {
			crashed = max(f.next, w.lo+int(uint32(v))-1)
		}
		if crashed > f.next {
			// These ran but their results died with the worker: run them again.
			rest = append(rest, work{w.u, f.next, crashed})
		}
		if crashed < w.hi {
			var we *WorkerError
			if errors.As(cause, &we) && c.p.opts.retries > 0 && w.u.tries(crashed) <= c.p.opts.retries {
				rest = append(rest, work{w.u, crashed, crashed + 1})
			} else {
				w.u.settle(crashed, cause, c)
			}
			if crashed+1 < w.hi {
				rest = append(rest, work{w.u, crashed + 1, w.hi})
			}
		}
	}
	return rest, true
}

// Chunks of at least sharedMinItems items travel in shared memory, at
// offsets aligned for any type.
const sharedMinItems = 256

func alignShared(n int) int { return (n + 63) &^ 63 }

// indexedErr is the error of an item of a result frame.
type indexedErr struct {
	i   int
	err error
}

// output forwards or captures whole lines a task wrote.
func (c *conn) output(body []byte, flights []*flight) {
	p := parser{b: body}
	stream, oseq, item := p.u8(), p.u32(), p.u32()
	data := p.rest()
	if p.err != nil {
		return
	}
	if item != noItem {
		for _, f := range flights {
			if f.seq == oseq && f.w.lo+int(item) < f.w.hi && f.w.u.capture(f.w.lo+int(item), stream, data) {
				return
			}
		}
	}
	c.p.forward(stream, data)
}
