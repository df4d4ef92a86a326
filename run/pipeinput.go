package run

import (
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// jobInput is what a job of --pipe and its relatives reads: a block in
// memory (--pipe), a part of a file (--pipe-part), or blocks handed to it
// while it runs (--round-robin, --tee). It goes to the job's standard
// input, or with --cat into a file, with --fifo through a named pipe.
type jobInput struct {
	head, data []byte // --pipe: the header and the block

	file             *os.File // --pipe-part: the file, shared by its parts
	headOff, headLen int64    // the header's place in it
	off, n           int64    // the part's

	stream *inputStream // --round-robin, --tee

	send int64 // the joblog's Send: bytes given, as GNU parallel counts them
}

// empty reports whether there is nothing to give: GNU parallel then does
// not run the command (the job succeeds without output).
func (in *jobInput) empty() bool {
	return in.stream == nil && in.file == nil && len(in.head) == 0 && len(in.data) == 0
}

// sent is the Send column of the joblog.
func (in *jobInput) sent() int64 {
	if in.stream != nil {
		return in.stream.sent.Load()
	}
	return in.send
}

// writeTo writes the input to w; once done is closed (the job has ended),
// a stream takes no more blocks.
func (in *jobInput) writeTo(w *os.File, done <-chan struct{}) error {
	switch {
	case in.stream != nil:
		return in.stream.writeTo(w, done)
	case in.file != nil:
		if in.headLen > 0 {
			if err := copyRange(w, in.file, in.headOff, in.headLen); err != nil {
				return err
			}
		}
		return copyRange(w, in.file, in.off, in.n)
	}
	if len(in.head) > 0 {
		if _, err := w.Write(in.head); err != nil {
			return err
		}
	}
	_, err := w.Write(in.data)
	return err
}

// release tells a stream's sender that the job takes no more blocks (also
// when it never started).
func (in *jobInput) release() {
	if in.stream != nil {
		in.stream.finish()
	}
}

// copyRange copies n bytes of f from off to w: with splice(2) when w is a
// pipe, so the data does not pass through crew, else through a small
// buffer. Concurrent calls on one f are safe (nothing moves its offset).
func copyRange(w, f *os.File, off, n int64) error {
	if n <= 0 {
		return nil
	}
	if rc, err := w.SyscallConn(); err == nil {
		var serr error
		spliced := false
		src := int(f.Fd())
		err = rc.Write(func(fd uintptr) bool {
			for n > 0 {
				k, e := syscall.Splice(src, &off, int(fd), nil, int(min(n, 1<<20)), 0)
				switch {
				case e == syscall.EAGAIN:
					return false // wait until the pipe has room
				case e == syscall.EINTR:
					continue
				case e == syscall.EINVAL && !spliced:
					serr = e // not a pipe, or a file splice cannot read
					return true
				case e != nil:
					serr = e
					return true
				case k == 0:
					serr = io.ErrUnexpectedEOF
					return true
				}
				spliced = true // splice moved off
				n -= int64(k)
			}
			return true
		})
		if err != nil {
			return err
		}
		if serr != syscall.EINVAL || spliced {
			return serr
		}
	}
	_, err := io.Copy(w, io.NewSectionReader(f, off, n))
	return err
}

// inputStream hands blocks to a running job (--round-robin, --tee).
type inputStream struct {
	ch     chan []byte   // blocks to write (shared by the jobs of --round-robin without -k)
	dead   chan struct{} // closed once the job takes no more
	once   sync.Once
	sent   atomic.Int64
	got    atomic.Bool         // a block was taken
	head   []byte              // --round-robin: the header, before the first block
	remove func([]byte) []byte // --remove-rec-sep
	count  bool                // count the bytes as Send (GNU parallel does for --round-robin, not --tee)
	onDead func()              // called once, when dead closes
}

func newInputStream(ch chan []byte) *inputStream {
	return &inputStream{ch: ch, dead: make(chan struct{})}
}

func (s *inputStream) finish() {
	s.once.Do(func() {
		close(s.dead)
		if s.onDead != nil {
			s.onDead()
		}
	})
}

func (s *inputStream) writeTo(w *os.File, done <-chan struct{}) error {
	defer s.finish()
	first := true
	for {
		var b []byte
		var ok bool
		select {
		case b, ok = <-s.ch:
		case <-done:
			return nil
		}
		if !ok {
			return nil
		}
		s.got.Store(true)
		if first && len(s.head) > 0 {
			// As GNU parallel: the header goes with the job's first block,
			// and --remove-rec-sep sees both.
			b = append(append([]byte(nil), s.head...), b...)
		}
		first = false
		if s.remove != nil {
			b = s.remove(b)
		}
		if s.count {
			s.sent.Add(int64(len(b)))
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
}

// tmpToken stands for $PARALLEL_TMP in a --cat or --fifo job's arguments:
// it quotes to itself and has no extension or directory, so {} and its
// variants expand to it, and the job's command line (which runs through
// the shell) then says $PARALLEL_TMP, as GNU parallel's does.
const tmpToken = "PARALLELxTMPx6e1d"

// pipeFile prepares a --cat or --fifo job: its {} is $PARALLEL_TMP, the
// name of a temporary file that holds its input (--cat) or of a named pipe
// it will be fed through (--fifo). The returned function removes it.
func (r *runner) pipeFile(j *job) (func(), error) {
	if r.o.Cat {
		f, err := os.CreateTemp(r.tmp, "par*")
		if err != nil {
			return nil, err
		}
		werr := j.in.writeTo(f, nil)
		j.in.release()
		if err := errors.Join(werr, f.Close()); err != nil {
			os.Remove(f.Name())
			return nil, err
		}
		// The block is in the file now; keep only its size.
		j.tmp, j.args, j.in = f.Name(), []string{tmpToken}, &jobInput{send: j.in.sent()}
		return func() { os.Remove(j.tmp) }, nil
	}
	var name string
	var err error
	for range 100 {
		name = filepath.Join(r.tmp, "par"+strconv.FormatUint(rand.Uint64(), 36))
		if err = syscall.Mkfifo(name, 0o600); err != syscall.EEXIST {
			break
		}
	}
	if err != nil {
		return nil, &os.PathError{Op: "mkfifo", Path: name, Err: err}
	}
	j.tmp, j.args, j.fifo = name, []string{tmpToken}, true
	return func() { os.Remove(name) }, nil
}

// fifoWriter feeds a --fifo job's named pipe: it opens the pipe for
// writing (which waits until the job opens it for reading) and writes the
// input. GNU parallel waits forever for a job that never opens it; stop,
// called when the job has ended, makes the writer give up instead.
type fifoWriter struct {
	name    string
	done    chan struct{}
	mu      sync.Mutex
	f       *os.File
	stopped bool
}

func startFifoWriter(name string, in *jobInput, exited <-chan struct{}, wg *sync.WaitGroup) *fifoWriter {
	fw := &fifoWriter{name: name, done: make(chan struct{})}
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(fw.done)
		f, err := os.OpenFile(name, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		fw.mu.Lock()
		fw.f = f
		stopped := fw.stopped
		fw.mu.Unlock()
		if !stopped {
			in.writeTo(f, exited)
		}
		fw.mu.Lock()
		fw.f = nil
		fw.mu.Unlock()
		f.Close()
	}()
	return fw
}

// stop ends the writer of a job that has ended.
func (fw *fifoWriter) stop() {
	fw.mu.Lock()
	fw.stopped = true
	f := fw.f
	fw.mu.Unlock()
	if f != nil {
		f.SetWriteDeadline(time.Now())
		return
	}
	select {
	case <-fw.done:
		return
	default:
	}
	// The writer may be waiting in open for a reader: be one for a moment.
	if rf, err := os.OpenFile(fw.name, os.O_RDONLY|syscall.O_NONBLOCK, 0); err == nil {
		<-fw.done
		rf.Close()
	}
}
