package run

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"
)

// pipeSource gives the jobs of --pipe and its relatives their values and
// their inputs, in job order.
type pipeSource struct {
	next func() ([]string, *jobInput, error) // io.EOF after the last job
	// feed, when set, runs once every job has been started: it hands the
	// input to the running jobs (--round-robin, --tee).
	feed  func(ctx context.Context) error
	close func()
	recs  *records // the values of --tee's (and --shard's) jobs, for their names
	total int      // the number of jobs when known in advance, else -1
}

// openPipe prepares the jobs of --pipe, --pipe-part, --round-robin and
// --tee. What can be checked before a job starts is checked here: bad
// separators, unreadable or unseekable files, too few job slots for --tee.
func (r *runner) openPipe(stdin io.Reader) (*pipeSource, error) {
	o := r.o
	if stdin == nil {
		stdin = emptyInput{}
	}
	sep, err := newRecSep(o.RecStart, o.RecEnd, o.RecStartSet, o.RecEndSet, o.Regexp)
	if err != nil {
		return nil, err
	}
	copts, err := pipeChunkOptions(o)
	if err != nil {
		return nil, err
	}
	var remove func([]byte) []byte
	if o.RemoveRecSep {
		remove = sep.remove
	}
	var group *groupBy
	if o.GroupBy != "" && !o.PipePart {
		// Records are groups: their first lines get a marker, the record
		// start, which the blocks lose again.
		if group, err = parseGroupBy(o.GroupBy, o.Colsep); err != nil {
			return nil, err
		}
		sep, _ = newRecSep(group.marker, "", true, true, false)
		remove, copts.header = sep.remove, nil
	}
	src := &pipeSource{close: func() {}, total: -1}
	switch {
	case o.Shard != "" || o.Bin != "":
		opt, v := "--shard", o.Shard
		if o.Bin != "" {
			opt, v = "--bin", o.Bin
		}
		sh, err := parseSharder(opt, v, o.Colsep)
		if err != nil {
			return nil, err
		}
		return r.openSharder(src, stdin, sh)
	case o.PipePart:
		// GNU parallel's --pipe-part gives the parts as they are in the
		// file (no --remove-rec-sep).
		return r.openPipePart(src, sep, copts)
	case o.Tee:
		return r.openTee(src, stdin)
	}
	ch := newChunker(stdin, copts, sep, r.warn)
	ch.quit = r.stopCh
	src.close = ch.close
	started := false
	start := func() error {
		if started {
			return nil
		}
		started = true
		var head []byte
		if group != nil {
			var err error
			if head, ch.in, err = group.open(stdin); err != nil {
				return err
			}
		}
		if err := ch.start(copts); err != nil {
			return fmt.Errorf("read standard input: %w", err)
		}
		if group != nil {
			ch.header = head
		}
		return nil
	}
	if o.RoundRobin {
		return r.roundRobin(src, ch, start, remove), nil
	}
	src.next = func() ([]string, *jobInput, error) {
		if err := start(); err != nil {
			return nil, nil, err
		}
		b, err := ch.next()
		if err != nil {
			return nil, nil, err
		}
		if remove != nil {
			b = remove(b)
		}
		return nil, &jobInput{head: ch.header, data: b, send: int64(len(ch.header) + len(b))}, nil
	}
	return src, nil
}

// emptyInput is an empty standard input.
type emptyInput struct{}

func (emptyInput) Read([]byte) (int, error) { return 0, io.EOF }

// warn prints a warning on the run's standard error.
func (r *runner) warn(msg string) {
	r.outMu.Lock()
	fmt.Fprintf(r.s.Stderr, "crew run: Warning: %s\n", msg)
	r.outMu.Unlock()
}

// liveCount closes a channel when the last of n streams is dead.
type liveCount struct {
	n    atomic.Int64
	none chan struct{}
}

// roundRobin starts as many jobs as there are job slots, each reading
// blocks while it runs: without -k each block goes to whichever job takes
// it first (GNU parallel: to a job whose pipe has room), with -k to each
// job in turn, so that the output does not depend on timing.
func (r *runner) roundRobin(src *pipeSource, ch *chunker, start func() error, remove func([]byte) []byte) *pipeSource {
	n := max(r.lim.Limit(), 1)
	shared := make(chan []byte)
	streams := make([]*inputStream, 0, n)
	live := &liveCount{none: make(chan struct{})}
	live.n.Store(int64(n))
	src.total = n
	src.next = func() ([]string, *jobInput, error) {
		if len(streams) == n {
			return nil, nil, io.EOF
		}
		c := shared
		if r.o.KeepOrder {
			c = make(chan []byte)
		}
		s := newInputStream(c)
		s.remove, s.count = remove, true
		s.onDead = func() {
			if live.n.Add(-1) == 0 {
				close(live.none)
			}
		}
		streams = append(streams, s)
		return nil, &jobInput{stream: s}, nil
	}
	src.feed = func(ctx context.Context) error {
		defer func() {
			if r.o.KeepOrder {
				for _, s := range streams {
					close(s.ch)
				}
			} else {
				close(shared)
			}
		}()
		for len(streams) < n {
			// Jobs not started (halted, interrupted): nothing to feed.
			src.next()
			streams[len(streams)-1].finish()
		}
		if ctx.Err() != nil || r.isStopped() {
			return nil
		}
		if err := start(); err != nil {
			return err
		}
		for _, s := range streams {
			s.head = ch.header
		}
		k := 0
		for {
			b, err := ch.next()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if !r.o.KeepOrder {
				select {
				case shared <- b:
					continue
				case <-live.none:
				case <-ctx.Done():
				case <-r.stopCh:
				}
				return nil
			}
			if !r.giveInTurn(ctx, streams, &k, b) {
				return nil // every job has ended, or the run stops
			}
		}
	}
	return src
}

// giveInTurn gives b to the next job in turn (from streams[*k]) that still
// takes blocks.
func (r *runner) giveInTurn(ctx context.Context, streams []*inputStream, k *int, b []byte) bool {
	for range streams {
		s := streams[*k]
		*k = (*k + 1) % len(streams)
		select {
		case s.ch <- b:
			return true
		case <-s.dead:
		case <-ctx.Done():
			return false
		case <-r.stopCh:
			return false
		}
	}
	return false
}

// openTee makes one job per value of the sources (none: no job), each
// given all of standard input while it runs; they must all run at once.
func (r *runner) openTee(src *pipeSource, stdin io.Reader) (*pipeSource, error) {
	all, recs, err := r.teeValues(r.o.Sources)
	if err != nil {
		return nil, err
	}
	src.recs, src.total = recs, len(all)
	var streams []*inputStream
	i := 0
	src.next = func() ([]string, *jobInput, error) {
		if i == len(all) {
			return nil, nil, io.EOF
		}
		i++
		s := newInputStream(make(chan []byte))
		streams = append(streams, s)
		return all[i-1], &jobInput{stream: s}, nil
	}
	src.feed = func(ctx context.Context) error {
		defer func() {
			for _, s := range streams {
				close(s.ch)
			}
		}()
		for i < len(all) {
			_, in, _ := src.next()
			in.release()
		}
		for {
			// A new buffer each time: the jobs' writers may still hold
			// the last one.
			b := make([]byte, 64<<10)
			n, err := stdin.Read(b)
			if n > 0 {
				alive := 0
				for _, s := range streams {
					select {
					case s.ch <- b[:n]:
						alive++
					case <-s.dead:
					case <-ctx.Done():
						return nil
					case <-r.stopCh:
						return nil
					}
				}
				if alive == 0 {
					return nil
				}
			}
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("read standard input: %w", err)
			}
		}
	}
	return src, nil
}

// teeValues reads all values of --tee's sources (their jobs must all run
// at once) and checks that there are enough job slots.
func (r *runner) teeValues(srcs []Source) ([][]string, *records, error) {
	if len(srcs) == 0 {
		return nil, &records{}, nil
	}
	oo := *r.o
	oo.Sources, oo.Header = srcs, ""
	recs, err := openInputs(&oo, nil, r.warn)
	if err != nil {
		return nil, nil, err
	}
	all, err := readRecords(recs.next)
	if err != nil {
		recs.close()
		return nil, nil, err
	}
	if slots := r.lim.Limit(); len(all) > slots {
		recs.close()
		return nil, nil, fmt.Errorf("--tee runs all %d jobs at once, but -j allows %d: give a higher -j (-j 0 is as many as possible)", len(all), slots)
	}
	return all, recs, nil
}

// openPipePart cuts the files among the sources into parts, one per job
// (with --tee: gives the first file whole to a job per value of the other
// sources).
func (r *runner) openPipePart(src *pipeSource, sep *recSep, copts chunkOptions) (*pipeSource, error) {
	var files []*os.File
	var sizes []int64
	var others []Source
	closeAll := func() {
		for _, f := range files {
			f.Close()
		}
	}
	for _, s := range r.o.Sources {
		if s.FromArgs || s.Path == "" || r.o.Tee && len(files) == 1 {
			others = append(others, s)
			continue
		}
		f, size, err := openSeekable(s.Path)
		if err != nil {
			closeAll()
			return nil, err
		}
		files, sizes = append(files, f), append(sizes, size)
	}
	src.close = closeAll
	if r.o.Tee {
		all, recs, err := r.teeValues(others)
		if err != nil {
			closeAll()
			return nil, err
		}
		src.recs, src.total = recs, len(all)
		if len(files) == 0 {
			all = nil
		}
		i := 0
		src.next = func() ([]string, *jobInput, error) {
			if i == len(all) {
				return nil, nil, io.EOF
			}
			i++
			return all[i-1], &jobInput{file: files[0], n: sizes[0]}, nil
		}
		return src, nil
	}
	block := int64(r.o.BlockSize)
	if block == 0 {
		block = -10 // GNU parallel: 10 parts per job slot
	}
	if r.o.RoundRobin {
		block = -1
	}
	if block < 0 {
		var total int64
		for _, s := range sizes {
			total += s
		}
		block = 1 + total/int64(max(r.lim.Limit(), 1))/-block
	}
	var parts []*jobInput
	for k, f := range files {
		ps, err := splitFile(f, sizes[k], block, sep, copts)
		if err != nil {
			closeAll()
			return nil, err
		}
		parts = append(parts, ps...)
	}
	src.total = len(parts)
	i := 0
	src.next = func() ([]string, *jobInput, error) {
		if i == len(parts) {
			return nil, nil, io.EOF
		}
		i++
		return nil, parts[i-1], nil
	}
	return src, nil
}

// openSeekable opens a --pipe-part file: a regular file or a block device.
func openSeekable(path string) (*os.File, int64, error) {
	if path == "-" {
		return nil, 0, errors.New("--pipe-part needs a seekable file, not standard input")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, fmt.Errorf("cannot open input file %q: %w", path, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	m := st.Mode()
	switch {
	case m.IsRegular():
		return f, st.Size(), nil
	case m&os.ModeDevice != 0 && m&os.ModeCharDevice == 0:
		size, err := f.Seek(0, io.SeekEnd)
		if err != nil {
			f.Close()
			return nil, 0, err
		}
		return f, size, nil
	}
	f.Close()
	return nil, 0, fmt.Errorf("--pipe-part needs a seekable file: %q is not a regular file or block device", path)
}

// splitFile cuts a --pipe-part file as GNU parallel does: after the first
// line (--skip-first-line) and the header, a border every block bytes,
// each moved forward to the next record border (reading from there, 128
// KiB at a time, until one is found).
func splitFile(f *os.File, size, block int64, sep *recSep, c chunkOptions) ([]*jobInput, error) {
	var first int64
	if c.skipFirstLine {
		var b [1]byte
		for first < size {
			n, err := f.ReadAt(b[:], first)
			first += int64(n)
			if err != nil || b[0] == '\n' {
				break
			}
		}
	}
	var headLen int64
	if c.header != nil {
		// GNU parallel reads up to a block at a time until it matches.
		var buf []byte
		for pos := first; pos < size; {
			chunk := make([]byte, min(block, size-pos, 1<<30))
			n, err := f.ReadAt(chunk, pos)
			if n == 0 {
				if err != nil && err != io.EOF {
					return nil, err
				}
				break
			}
			pos += int64(n)
			buf = append(buf, chunk[:n]...)
			if loc := c.header.FindIndex(buf); loc != nil {
				headLen = int64(loc[1])
				break
			}
		}
	}
	skip := first + headLen
	pos := []int64{skip}
	window := make([]byte, 128<<10)
	for p := block + skip; p < size; p += block {
		if !sep.re && sep.sep() == "" {
			pos = append(pos, p)
			continue
		}
		var buf []byte
		for q := p; q < size; {
			n, err := f.ReadAt(window, q)
			if n == 0 {
				if err != nil && err != io.EOF {
					return nil, err
				}
				break
			}
			q += int64(n)
			buf = append(buf, window[:n]...)
			if e, ok := sep.partBorder(buf); ok {
				p += int64(e)
				pos = append(pos, p)
				break
			}
		}
	}
	if pos[len(pos)-1] != size {
		pos = append(pos, size)
	}
	parts := make([]*jobInput, 0, len(pos)-1)
	for k := 0; k+1 < len(pos); k++ {
		parts = append(parts, &jobInput{file: f, headOff: first, headLen: headLen, off: pos[k], n: pos[k+1] - pos[k]})
	}
	return parts, nil
}
