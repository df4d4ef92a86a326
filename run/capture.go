package run

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// capture is one output stream of a job in --group mode while the job
// runs: a file that the job writes into directly, as GNU parallel's jobs
// write into temporary files. No pipe and no copying goroutine stand
// between the job and its output, and a job that leaves a background
// process holding the stream does not keep the run waiting.
//
// On Linux the file is a memfd (memory, no inode on disk, created in about
// 4 µs); output past spillAt is moved to an unlinked file in the run's
// temporary directory while the job runs (the spiller), so a job that
// prints gigabytes holds at most a few MiB of memory. Elsewhere the file is
// an unlinked temporary file from the start.
type capture struct {
	f   *os.File
	mem bool // f is a memfd: spill to disk past spillAt

	mu    sync.Mutex
	dir   string   // where spilled output goes
	disk  *os.File // spilled output, bytes [0, moved) of the stream
	moved int64
	err   error
}

// spillAt is the most output of one stream kept in memory; beyond it the
// output moves to a file in the temporary directory, as GNU parallel
// buffers in $TMPDIR. Jobs that finish with less are read into memory and
// their file closed, so a -k run holding many finished jobs holds few
// descriptors.
const spillAt = 256 << 10

// spillEvery is how often the spiller looks at the running jobs' output.
const spillEvery = 50 * time.Millisecond

func newCapture(dir string) (*capture, error) {
	if f, err := memFile(); err == nil {
		return &capture{f: f, mem: true, dir: dir}, nil
	}
	f, err := newTempFile(dir)
	if err != nil {
		return nil, fmt.Errorf("create output file in %s: %w", dir, err)
	}
	return &capture{f: f, dir: dir}, nil
}

// size is how much the job has written so far.
func (c *capture) size() (int64, error) {
	fi, err := c.f.Stat()
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

// spill moves what the job wrote past c.moved to the disk file once more
// than spillAt is in memory, and frees that memory. It runs in the spiller
// while the job writes; with all, when the job has ended, it moves the rest
// unless the whole output is small.
func (c *capture) spill(all bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.mem || c.err != nil {
		return
	}
	n, err := c.size()
	if err != nil {
		c.err = err
		return
	}
	switch pending := n - c.moved; {
	case pending <= 0:
		return
	case !all && pending < spillAt:
		return // little in memory: wait for more
	case all && c.disk == nil && n <= spillAt:
		return // small output of an ended job: stays in memory
	}
	if c.disk == nil {
		if c.disk, c.err = newTempFile(c.dir); c.err != nil {
			c.err = fmt.Errorf("create output file in %s: %w", c.dir, c.err)
			return
		}
	}
	bp := copyBufs.Get().(*[]byte)
	defer copyBufs.Put(bp)
	buf := *bp
	start := c.moved
	for c.moved < n {
		k, err := c.f.ReadAt(buf[:min(int64(len(buf)), n-c.moved)], c.moved)
		if k > 0 {
			if _, werr := c.disk.Write(buf[:k]); werr != nil {
				c.err = werr
				return
			}
			c.moved += int64(k)
		}
		if err != nil && !errors.Is(err, io.EOF) {
			c.err = err
			return
		}
		if k == 0 {
			break
		}
	}
	freeMem(c.f, start, c.moved-start)
}

// finish turns the stream of an ended job into its captured output:
// in memory when small, else a file at its start. The capture's file is
// closed unless it became the captured file.
func (c *capture) finish() (captured, error) {
	if c == nil {
		return captured{}, nil
	}
	c.spill(true)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		c.f.Close()
		if c.disk != nil {
			c.disk.Close()
		}
		return captured{}, c.err
	}
	if c.disk != nil {
		// Everything was moved to disk.
		c.f.Close()
		if _, err := c.disk.Seek(0, io.SeekStart); err != nil {
			c.disk.Close()
			return captured{}, err
		}
		return captured{f: c.disk, size: c.moved}, nil
	}
	n, err := c.size()
	if err != nil || n == 0 {
		c.f.Close()
		return captured{}, err
	}
	if n > spillAt {
		// Not a memfd: the file is on disk already.
		if _, err := c.f.Seek(0, io.SeekStart); err != nil {
			c.f.Close()
			return captured{}, err
		}
		return captured{f: c.f, size: n}, nil
	}
	data := make([]byte, n)
	k, err := c.f.ReadAt(data, 0)
	c.f.Close()
	if err != nil && !errors.Is(err, io.EOF) {
		return captured{}, err
	}
	return captured{data: data[:k], size: int64(k)}, nil
}

// discard closes the capture of a job that never started.
func (c *capture) discard() {
	if c != nil {
		c.f.Close()
	}
}

// spiller moves the output of running jobs to disk as it grows past
// spillAt (see capture). One goroutine serves the whole run; it starts with
// the first job in --group mode and ends with the run.
type spiller struct {
	mu       sync.Mutex
	running  map[*capture]struct{}
	started  bool
	stop     chan struct{}
	finished chan struct{}
}

func (s *spiller) add(c *capture) {
	if !c.mem {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running == nil {
		s.running = map[*capture]struct{}{}
		s.stop, s.finished = make(chan struct{}), make(chan struct{})
	}
	s.running[c] = struct{}{}
	if !s.started {
		s.started = true
		go s.loop()
	}
}

func (s *spiller) remove(c *capture) {
	s.mu.Lock()
	delete(s.running, c)
	s.mu.Unlock()
}

func (s *spiller) loop() {
	defer close(s.finished)
	t := time.NewTicker(spillEvery)
	defer t.Stop()
	var batch []*capture
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
		}
		s.mu.Lock()
		batch = batch[:0]
		for c := range s.running {
			batch = append(batch, c)
		}
		s.mu.Unlock()
		for _, c := range batch {
			c.spill(false)
		}
	}
}

// close stops the spiller and waits for it.
func (s *spiller) close() {
	s.mu.Lock()
	started := s.started
	s.mu.Unlock()
	if started {
		close(s.stop)
		<-s.finished
	}
}
