package run

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
)

// captured is one stream of a finished job in --group mode: small outputs
// are held in memory, large ones stay in an unlinked temporary file (see
// capture).
type captured struct {
	data []byte
	f    *os.File
	size int64
	// unzip, with --compress, decompresses data or f, whose size is
	// then that of the decompressed output.
	unzip *compressor
}

var copyBufs = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// copyPipe copies a job's pipe to w until EOF or a read deadline.
func copyPipe(w io.Writer, r *os.File) {
	bp := copyBufs.Get().(*[]byte)
	defer copyBufs.Put(bp)
	buf := *bp
	for {
		n, err := r.Read(buf)
		if n > 0 {
			w.Write(buf[:n])
		}
		if err != nil {
			return
		}
	}
}

// writeTo copies the stream to w, each line prefixed with tag when tag is
// not nil.
func (c *captured) writeTo(w io.Writer, tag []byte) {
	if c.size == 0 {
		return
	}
	if tag == nil && c.f == nil && c.unzip == nil {
		w.Write(c.data)
		return
	}
	r := c.reader()
	if tag == nil {
		io.Copy(w, r)
		return
	}
	br := bufio.NewReaderSize(r, 32<<10)
	bw := bufio.NewWriterSize(w, 32<<10)
	for {
		line, err := br.ReadSlice('\n')
		if len(line) > 0 || err == bufio.ErrBufferFull {
			bw.Write(tag)
			bw.Write(line)
			for err == bufio.ErrBufferFull {
				line, err = br.ReadSlice('\n')
				bw.Write(line)
			}
		}
		if err != nil {
			break
		}
	}
	bw.Flush()
}

// reader returns the stream's content from the start (decompressed with
// --compress).
func (c *captured) reader() io.Reader {
	if c.unzip != nil {
		return c.unzip.open(c.raw())
	}
	return c.raw()
}

// raw returns the stream as stored (compressed with --compress; as GNU
// parallel's, nothing for no output).
func (c *captured) raw() io.Reader {
	if c.unzip != nil && c.size == 0 {
		return emptyReader{}
	}
	if c.f != nil {
		c.f.Seek(0, io.SeekStart)
		return c.f
	}
	return bytes.NewReader(c.data)
}

func (c *captured) close() {
	if c.f != nil {
		c.f.Close()
		c.f = nil
	}
	c.data = nil
}

// lineWriter is one stream of a job in --line-buffer mode: it forwards
// whole lines to the shared output as they arrive.
type lineWriter struct {
	mu   *sync.Mutex
	w    io.Writer
	tag  []byte
	part []byte
	n    int64
	// --color: whole lines are printed coloured (color holds the tag
	// too); a last line without newline is not, as in GNU parallel.
	color []byte
	reset string
	// With -k --line-buffer, lines wait in held until job seq is the
	// oldest one printing; mu is then the orderer's.
	ord  *orderer
	seq  int
	held *bytes.Buffer

	// retag, when set, gives each line a fresh tag instead of tag (a
	// --tagstring with perl code); it is called with mu held.
	retag func() []byte
}

func (l *lineWriter) Write(p []byte) (int, error) {
	l.n += int64(len(p))
	i := bytes.LastIndexByte(p, '\n')
	if i < 0 {
		l.part = append(l.part, p...)
		return len(p), nil
	}
	l.mu.Lock()
	l.writeLines(append(l.part, p[:i+1]...))
	l.mu.Unlock()
	l.part = append(l.part[:0], p[i+1:]...)
	return len(p), nil
}

func (l *lineWriter) writeLines(b []byte) {
	w := l.w
	if l.ord != nil && l.ord.next != l.seq {
		w = l.held
	}
	if l.color != nil && len(b) > 0 && b[len(b)-1] == '\n' {
		var buf bytes.Buffer
		cw := newColorWriter(&buf, l.color, l.reset)
		cw.Write(b)
		cw.Close()
		w.Write(buf.Bytes())
		return
	}
	if l.tag == nil && l.retag == nil {
		w.Write(b)
		return
	}
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			i = len(b) - 1
		}
		tag := l.tag
		if l.retag != nil {
			tag = l.retag()
		}
		w.Write(append(append([]byte{}, tag...), b[:i+1]...))
		b = b[i+1:]
	}
}

// flush writes a last line without newline.
func (l *lineWriter) flush() {
	if len(l.part) == 0 {
		return
	}
	l.mu.Lock()
	l.writeLines(l.part)
	l.mu.Unlock()
	l.part = nil
}

// orderer prints finished jobs in sequence order (-k), holding the ones
// that finish early.
type orderer struct {
	mu      sync.Mutex
	cond    *sync.Cond
	next    int // next sequence number to print
	pending map[int]func()
	// -k --line-buffer: the held lines of running jobs, printed when
	// the job becomes the oldest (then its lines go out live).
	live           map[int]*heldLines
	stdout, stderr io.Writer
}

// heldLines are a running job's lines waiting for the jobs before it.
type heldLines struct{ out, err bytes.Buffer }

func newOrderer(stdout, stderr io.Writer) *orderer {
	o := &orderer{next: 1, pending: map[int]func(){}, live: map[int]*heldLines{}, stdout: stdout, stderr: stderr}
	o.cond = sync.NewCond(&o.mu)
	return o
}

// start registers a running job whose lines are printed live once it is
// the oldest (-k --line-buffer).
func (o *orderer) start(seq int) *heldLines {
	h := &heldLines{}
	o.mu.Lock()
	o.live[seq] = h
	o.mu.Unlock()
	return h
}

// release prints what h holds; o.mu is held.
func (o *orderer) release(h *heldLines) {
	if h.out.Len() > 0 {
		o.stdout.Write(h.out.Bytes())
		h.out.Reset()
	}
	if h.err.Len() > 0 {
		o.stderr.Write(h.err.Bytes())
		h.err.Reset()
	}
}

// done records that job seq's output is ready (print may be nil for a job
// with nothing to print) and prints every job now in order. print runs
// with o.mu held, so outputs never interleave.
func (o *orderer) done(seq int, print func()) {
	o.mu.Lock()
	if print == nil {
		print = func() {}
	}
	o.pending[seq] = print
	advanced := false
	for {
		p, ok := o.pending[o.next]
		if !ok {
			break
		}
		delete(o.pending, o.next)
		if h := o.live[o.next]; h != nil {
			o.release(h)
			delete(o.live, o.next)
		}
		p()
		o.next++
		advanced = true
	}
	if h := o.live[o.next]; h != nil && advanced {
		// The oldest running job goes live: what it printed so far first.
		o.release(h)
	}
	if advanced {
		o.cond.Broadcast()
	}
	o.mu.Unlock()
}

// waitWindow blocks while job seq is more than window jobs ahead of the
// next job to print, bounding what -k holds; stop ends the wait early.
func (o *orderer) waitWindow(seq, window int, stop func() bool) {
	o.mu.Lock()
	for seq-o.next > window && !stop() {
		o.cond.Wait()
	}
	o.mu.Unlock()
}

// wake releases waitWindow after stop changed.
func (o *orderer) wake() {
	o.mu.Lock()
	o.cond.Broadcast()
	o.mu.Unlock()
}

// flush prints every held job in order, skipping gaps (jobs that never
// ran because the run halted).
func (o *orderer) flush() {
	o.mu.Lock()
	defer o.mu.Unlock()
	for len(o.pending) > 0 {
		if p, ok := o.pending[o.next]; ok {
			delete(o.pending, o.next)
			if h := o.live[o.next]; h != nil {
				o.release(h)
				delete(o.live, o.next)
			}
			p()
		}
		o.next++
	}
}

// newTempFile returns an unnamed read-write file in dir for output that
// does not fit in memory.
func newTempFile(dir string) (*os.File, error) {
	if runtime.GOOS == "linux" {
		const oTmpfile = 0x410000 // O_TMPFILE | O_DIRECTORY
		fd, err := syscall.Open(dir, syscall.O_RDWR|oTmpfile|syscall.O_CLOEXEC, 0o600)
		if err == nil {
			return os.NewFile(uintptr(fd), filepath.Join(dir, "crew-output")), nil
		}
	}
	f, err := os.CreateTemp(dir, "crew-*")
	if err != nil {
		return nil, err
	}
	os.Remove(f.Name())
	return f, nil
}
