//go:build linux

package proc

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"os"
	"sync"
	"sync/atomic"
	"syscall"

	"golang.org/x/sys/unix"
)

// capture tags a worker's output with the task that wrote it. The worker's
// stdout (fd 1) and os.Stderr are pipes that the worker reads itself;
// when a task ends, the worker drains what the task wrote before it sends
// the task's result, so lines are attributed exactly and a partial last
// line is ended with a newline instead of running into the next task's.
type capture struct {
	mu      sync.Mutex
	seq     atomic.Uint32 // the item running now; set without mu, so that
	item    atomic.Uint32 // a task start costs no lock
	sent    uint64        // output frames sent
	send    func(stream byte, seq, item uint32, data []byte)
	streams [2]*capStream
	epfd    int // both pipes, level-triggered: one syscall says if a task wrote
	events  [2]unix.EpollEvent
	buf     [32 << 10]byte
}

type capStream struct {
	stream  byte
	fd      int
	pending []byte
}

func startCapture(send func(stream byte, seq, item uint32, data []byte)) (*capture, error) {
	c := &capture{send: send}
	c.item.Store(noItem)
	var err error
	if c.epfd, err = unix.EpollCreate1(unix.EPOLL_CLOEXEC); err != nil {
		return nil, fmt.Errorf("output epoll: %w", err)
	}
	for i := range 2 {
		var p [2]int
		if err := syscall.Pipe2(p[:], syscall.O_CLOEXEC); err != nil {
			return nil, fmt.Errorf("output pipe: %w", err)
		}
		if i == 0 {
			// The write end becomes fd 1: whatever writes there, Go code,
			// C code or the tasks' own children, is captured.
			if err := syscall.Dup3(p[1], 1, 0); err != nil {
				return nil, fmt.Errorf("output pipe: %w", err)
			}
			syscall.Close(p[1])
		} else {
			// Fd 2 stays the pool's stderr pipe, so that the Go runtime's
			// crash reports reach the pool even as this process dies; Go
			// code writing to os.Stderr or the log package is captured.
			old := os.Stderr
			os.Stderr = os.NewFile(uintptr(p[1]), "/dev/stderr")
			if log.Writer() == io.Writer(old) {
				log.SetOutput(os.Stderr)
			}
		}
		if err := syscall.SetNonblock(p[0], true); err != nil {
			return nil, fmt.Errorf("output pipe: %w", err)
		}
		s := &capStream{stream: byte(streamStdout + i), fd: p[0]}
		c.streams[i] = s
		ev := unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(i)}
		if err := unix.EpollCtl(c.epfd, unix.EPOLL_CTL_ADD, p[0], &ev); err != nil {
			return nil, fmt.Errorf("output epoll: %w", err)
		}
		f := os.NewFile(uintptr(p[0]), "proc-output") // non-blocking: uses the poller
		rc, err := f.SyscallConn()
		if err != nil {
			return nil, err
		}
		go func() {
			rc.Read(func(uintptr) bool {
				c.mu.Lock()
				defer c.mu.Unlock()
				return c.drain(s)
			})
		}()
	}
	return c, nil
}

// drain reads what is in s's pipe and sends the whole lines; it reports
// whether the pipe is closed. c.mu is held.
func (c *capture) drain(s *capStream) (closed bool) {
	for {
		n, err := syscall.Read(s.fd, c.buf[:])
		if n > 0 {
			s.pending = append(s.pending, c.buf[:n]...)
			continue
		}
		if err == syscall.EINTR {
			continue
		}
		closed = err != syscall.EAGAIN
		break
	}
	if i := bytes.LastIndexByte(s.pending, '\n'); i >= 0 {
		c.sent++
		c.send(s.stream, c.seq.Load(), c.item.Load(), s.pending[:i+1])
		s.pending = append(s.pending[:0], s.pending[i+1:]...)
	} else if len(s.pending) >= 1<<20 {
		// A megabyte without a newline: pass it on rather than hold it.
		c.sent++
		c.send(s.stream, c.seq.Load(), c.item.Load(), s.pending)
		s.pending = s.pending[:0]
	}
	return closed
}

// begin marks the start of item of chunk seq.
func (c *capture) begin(seq, item uint32) {
	c.seq.Store(seq)
	c.item.Store(item)
}

// end collects everything the current item wrote, ends its last line, and
// reports whether it wrote anything.
func (c *capture) end() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	before := c.sent
	c.collect()
	c.item.Store(noItem)
	return c.sent != before
}

// sync collects all output written so far.
func (c *capture) sync() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.collect()
}

// sends returns the number of output frames sent so far.
func (c *capture) sends() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sent
}

func (c *capture) collect() {
	n, _ := unix.EpollWait(c.epfd, c.events[:], 0)
	for _, ev := range c.events[:max(n, 0)] {
		c.drain(c.streams[ev.Fd])
	}
	for _, s := range c.streams {
		if len(s.pending) > 0 {
			c.sent++
			c.send(s.stream, c.seq.Load(), c.item.Load(), append(s.pending, '\n'))
			s.pending = s.pending[:0]
		}
	}
}
