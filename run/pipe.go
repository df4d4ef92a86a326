package run

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// chunker splits standard input into the chunks of --pipe the way GNU
// parallel's spreadstdin does, so that the same input gives the same
// chunks: it reads a block (--block bytes, topping up what is left over to
// the next multiple), cuts it at the last record border in it, or after -N
// records, or after a multiple of -L lines, and keeps the rest for the next
// block. When a block holds no border, the block size grows by a third
// (with a warning) until it does. At the end of the input what is left is
// the last chunk. Memory is a block and the chunks cut from it.
type chunker struct {
	in        io.Reader
	buf       []byte // buf[off:] is the data not yet in a chunk
	off       int
	blocksize int
	sep       *recSep
	n         int // -N: records per chunk; 0: as many as fit
	lines     int // -L with --pipe: lines per record
	blank     bool
	header    []byte
	out       [][]byte // chunks cut, not yet taken
	eof, done bool
	srcEOF    bool // the reader said io.EOF: the next read gives 0
	garbage   bool // -N --regexp: the first block was looked at for text before the first start
	timeout   time.Duration
	timed     *timedReader
	quit      <-chan struct{} // closed when the run stops: a timed read gives up
	noGrow    bool
	warn      func(string)
}

// twoGB is GNU parallel's largest block, 2 GiB - 1.
const twoGB = 1<<31 - 1

// chunkOptions are the parts of Options the chunker uses.
type chunkOptions struct {
	blocksize     int
	n, lines      int
	blank         bool // -r: drop blank lines
	header        *regexp.Regexp
	skipFirstLine bool
	timeout       time.Duration
}

func pipeChunkOptions(o *Options) (chunkOptions, error) {
	c := chunkOptions{blocksize: o.BlockSize, blank: o.NoRunIfEmpty, skipFirstLine: o.SkipFirstLine, timeout: o.BlockTimeout}
	if o.MaxArgsSet {
		c.n = o.MaxArgs // -N0 is no -N, as in GNU parallel
	}
	c.lines = o.MaxLines
	h, err := pipeHeader(o.Header)
	c.header = h
	return c, err
}

// pipeHeader compiles --header for --pipe: ":" is the first line, a number
// that many lines, anything else a regular expression matched at the
// beginning of the input; "" and "0" mean no header.
func pipeHeader(h string) (*regexp.Regexp, error) {
	switch {
	case h == "" || h == "0":
		return nil, nil
	case h == ":":
		h = `(.*\n)`
	case strings.Trim(h, "0123456789") == "":
		n, err := strconv.Atoi(h)
		if err != nil || n > 1<<16 {
			return nil, fmt.Errorf("bad --header value %q: too many lines", h)
		}
		h = strings.Repeat(`(.*\n)`, n)
	}
	re, err := regexp.Compile(`\A(?:` + h + `)`)
	if err != nil {
		return nil, fmt.Errorf("bad --header value %q: %w (crew run uses Go's RE2 syntax)", h, err)
	}
	return re, nil
}

func newChunker(r io.Reader, c chunkOptions, sep *recSep, warn func(string)) *chunker {
	size := c.blocksize
	if size <= 0 {
		size = 1 << 20
	}
	return &chunker{in: r, blocksize: min(size, twoGB), sep: sep, n: c.n, lines: c.lines, blank: c.blank, timeout: c.timeout, warn: warn}
}

// start skips the first line (--skip-first-line) and reads the header
// (--header), before the first block.
func (c *chunker) start(c0 chunkOptions) error {
	if c.timeout > 0 {
		c.timed = newTimedReader(c.in)
	}
	if c0.skipFirstLine {
		// One byte at a time, as GNU parallel: the rest is the first block.
		var b [1]byte
		for {
			n, err := c.read(b[:])
			if n == 0 || b[0] == '\n' {
				if err != nil && err != io.EOF {
					return err
				}
				break
			}
		}
	}
	if c0.header == nil {
		return nil
	}
	// GNU parallel reads up to a block at a time until the header matches
	// (all of the input if it never does).
	for {
		c.buf = growLen(c.buf, c.blocksize)
		n, err := c.read(c.buf[len(c.buf)-c.blocksize:])
		c.buf = c.buf[:len(c.buf)-c.blocksize+n]
		if err != nil && err != io.EOF {
			return err
		}
		if n == 0 {
			return nil
		}
		if loc := c0.header.FindIndex(c.buf); loc != nil {
			c.header = bytes.Clone(c.buf[:loc[1]])
			c.buf = c.buf[:copy(c.buf, c.buf[loc[1]:])]
			return nil
		}
	}
}

// growLen extends b by n bytes (contents undefined).
func growLen(b []byte, n int) []byte {
	if cap(b)-len(b) < n {
		nb := make([]byte, len(b), len(b)+n)
		copy(nb, b)
		b = nb
	}
	return b[:len(b)+n]
}

// read is one read of the input (a read of 0 bytes is the end).
func (c *chunker) read(p []byte) (int, error) {
	if c.srcEOF {
		return 0, io.EOF
	}
	for {
		var n int
		var err error
		if c.timed != nil {
			n, err, _ = c.timed.read(p, nil, c.quit)
		} else {
			n, err = c.in.Read(p)
		}
		if err == io.EOF {
			c.srcEOF = true
			if n > 0 {
				err = nil
			}
		}
		if n > 0 || err != nil {
			return n, err
		}
	}
}

// next returns the next chunk, io.EOF after the last.
func (c *chunker) next() ([]byte, error) {
	for len(c.out) == 0 {
		if c.done {
			return nil, io.EOF
		}
		if err := c.round(); err != nil {
			return nil, err
		}
	}
	ch := c.out[0]
	c.out[0] = nil
	c.out = c.out[1:]
	return ch, nil
}

// round reads a block and cuts what it can, as one turn of GNU parallel's
// loop.
func (c *chunker) round() error {
	before := len(c.out)
	if err := c.readBlock(); err != nil {
		return err
	}
	if c.blank {
		// -r: blank lines are dropped from the input.
		if b := c.buf[c.off:]; blankLines().Match(b) {
			c.buf, c.off = blankLines().ReplaceAll(b, nil), 0
		}
		if len(c.buf) == c.off {
			c.done = c.eof
			return nil
		}
	}
	switch {
	case c.lines > 0 && c.n == 0:
		c.passLines()
	case c.sep.re && c.n > 0:
		c.passNRegexp()
	case c.n > 0:
		c.passN()
	case !c.eof:
		if e, ok := c.sep.last(c.buf[c.off:]); ok {
			c.emit(e)
		}
	}
	if c.eof {
		c.emit(len(c.buf) - c.off)
		c.done = true
		return nil
	}
	if len(c.out) == before && c.timeout == 0 && !c.noGrow && c.blocksize < twoGB {
		// Nothing was cut: a record is longer than the block.
		old := c.blocksize
		c.blocksize = min(int(math.Ceil(float64(old)*1.3+1)), twoGB)
		c.warn(fmt.Sprintf("A record was longer than %d. Increasing to --blocksize %d.", old, c.blocksize))
	}
	return nil
}

// blankLines are the lines -r drops (Perl's s/^\s*\n//gm).
var blankLines = lazyRegexp(`(?m)^[\t\n\v\f\r ]*\n`)

// readBlock reads up to the next multiple of the block size, or until the
// end of the input, or until --block-timeout.
func (c *chunker) readBlock() error {
	if c.off > 0 {
		c.buf = c.buf[:copy(c.buf, c.buf[c.off:])]
		c.off = 0
	}
	want := c.blocksize - len(c.buf)%c.blocksize
	have := len(c.buf)
	c.buf = growLen(c.buf, want)
	var deadline <-chan time.Time
	if c.timed != nil {
		t := time.NewTimer(c.timeout)
		defer t.Stop()
		deadline = t.C
	}
	nread, alarm := 0, false
	for want > 0 {
		var n int
		var err error
		if c.timed != nil && !c.srcEOF {
			n, err, alarm = c.timed.read(c.buf[have:have+want], deadline, c.quit)
			if err == io.EOF {
				c.srcEOF = true
			}
		} else {
			n, err = c.read(c.buf[have : have+want])
		}
		if err == io.EOF {
			err = nil
		}
		have += n
		want -= n
		nread = n
		if err != nil {
			c.buf = c.buf[:have]
			return fmt.Errorf("read standard input: %w", err)
		}
		if alarm || n == 0 {
			break
		}
	}
	c.buf = c.buf[:have]
	c.eof = nread == 0 && !alarm
	return nil
}

// emit cuts the first n bytes of the data into a chunk.
func (c *chunker) emit(n int) {
	if n <= 0 {
		return
	}
	c.out = append(c.out, bytes.Clone(c.buf[c.off:c.off+n]))
	c.off += n
}

// passLines cuts after the largest multiple of -L lines (GNU parallel's
// pass_n_line_records: lines are newline-ended, whatever --recend says).
func (c *chunker) passLines() {
	b := c.buf[c.off:]
	n := bytes.Count(b, []byte{'\n'})
	last := bytes.LastIndexByte(b, '\n')
	for n%c.lines != 0 {
		n--
		last = bytes.LastIndexByte(b[:last], '\n')
	}
	c.emit(last + 1)
}

// passN cuts chunks of -N records (times -L) while the data holds them.
// As GNU parallel's nindex, the search for a border starts one byte in, so
// an empty first record joins the next.
func (c *chunker) passN() {
	sep := []byte(c.sep.sep())
	want := c.n * max(c.lines, 1)
	for {
		b := c.buf[c.off:]
		if len(b) == 0 {
			return
		}
		i := 0
		for k := 0; k < want && i >= 0; k++ {
			from := min(i+1, len(b))
			j := bytes.Index(b[from:], sep)
			if j < 0 {
				i = -1
				break
			}
			i = from + j
		}
		if i < 0 {
			return
		}
		c.emit(i + len(c.sep.end))
	}
}

// passNRegexp is passN for --regexp, as GNU parallel's pass_n_regexps: in
// the first block, text before the first start is a record of its own;
// then chunks of -N records, each a start, the least text, and an end
// followed by a start. Like GNU parallel's /m regexp, the records may also
// begin at a later line start, and the chunk is then as long as they are
// but taken from the beginning (this only happens to text before the first
// start that the first block did not hold all of).
func (c *chunker) passNRegexp() {
	if !c.garbage {
		c.garbage = true
		b := c.buf[c.off:]
		if c.sep.startLen(b, 0) < 0 {
			if _, e, ok := c.sep.firstFrom(b, 0); ok {
				c.emit(e)
			}
		}
	}
	want := c.n * max(c.lines, 1)
	for {
		b := c.buf[c.off:]
		p := 0
		for c.sep.startLen(b, p) < 0 {
			// Not at a start: the first line start that is one (when
			// that has too few records, so have the later ones).
			nl := bytes.IndexByte(b[p:], '\n')
			if nl < 0 {
				return
			}
			p += nl + 1
		}
		e, ok := c.records(b, p, want)
		if !ok || e == p {
			return
		}
		c.emit(e - p)
	}
}

// records finds want records from p (see passNRegexp) and where they end.
func (c *chunker) records(b []byte, p, want int) (int, bool) {
	r := p
	for k := 0; k < want; k++ {
		ls := c.sep.startLen(b, r)
		if ls < 0 {
			return 0, false
		}
		_, e, ok := c.sep.firstFrom(b, r+ls)
		if !ok {
			return 0, false
		}
		r = e
	}
	return r, true
}

// timedReader reads in a goroutine so that --block-timeout can give up
// waiting. The goroutine ends at the end of the input or, once stop is
// called, after its read in progress.
type timedReader struct {
	ch      chan timedRead
	stopCh  chan struct{}
	once    sync.Once
	pending []byte
	err     error // the reader's error (io.EOF at the end), after pending
}

type timedRead struct {
	b   []byte
	err error
}

func newTimedReader(r io.Reader) *timedReader {
	t := &timedReader{ch: make(chan timedRead), stopCh: make(chan struct{})}
	go func() {
		for {
			b := make([]byte, 64<<10)
			n, err := r.Read(b)
			if n == 0 && err == nil {
				continue
			}
			select {
			case t.ch <- timedRead{b[:n], err}:
			case <-t.stopCh:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return t
}

// errStopped ends reading when the run stops.
var errStopped = errors.New("the run stopped")

// read reads into p what has come, waiting for something until deadline
// (then alarm is true), or until quit is closed.
func (t *timedReader) read(p []byte, deadline <-chan time.Time, quit <-chan struct{}) (n int, err error, alarm bool) {
	for len(t.pending) == 0 {
		if t.err != nil {
			return 0, t.err, false
		}
		select {
		case r := <-t.ch:
			t.pending, t.err = r.b, r.err
		case <-deadline:
			return 0, nil, true
		case <-quit:
			return 0, errStopped, false
		}
	}
	n = copy(p, t.pending)
	t.pending = t.pending[n:]
	return n, nil, false
}

func (t *timedReader) stop() { t.once.Do(func() { close(t.stopCh) }) }

// close ends the chunker's reading goroutine, if it has one.
func (c *chunker) close() {
	if c.timed != nil {
		c.timed.stop()
	}
}
