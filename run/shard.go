package run

import (
	"bufio"
	"context"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// sharder is --shard and --bin for --pipe: one job per job slot, all
// running at once, and each input line goes to the job its column's value
// picks. --shard hashes the value, so lines with the same value go to the
// same job; --bin takes the value as the job number (wrapping around the
// number of jobs), as GNU parallel does: value n goes to job n, n+jobs to
// job n too. Lines keep their order within a job.
type sharder struct {
	col     int    // 1-based column
	name    string // column name: the first line is a header (and dropped)
	sep     *regexp.Regexp
	literal string // sep when it is a plain string
	bin     bool
}

// parseSharder parses --shard or --bin: a column number or name (GNU
// parallel also takes a Perl expression after it, which crew cannot run).
// Columns are split on --colsep, "," by default as in GNU parallel.
func parseSharder(opt, v, colsep string) (*sharder, error) {
	s := &sharder{bin: opt == "--bin"}
	switch {
	case groupByNumber().MatchString(v):
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("bad %s value %q: want a column number from 1 or a column name", opt, v)
		}
		s.col = n
	case groupByName().MatchString(v):
		s.name = v
	default:
		return nil, fmt.Errorf("bad %s value %q: crew run takes a column number or name (Perl expressions need GNU parallel)", opt, v)
	}
	if colsep == "" {
		colsep = ","
	}
	re, err := regexp.Compile(colsep)
	if err != nil {
		return nil, fmt.Errorf("bad --colsep %q: %w", colsep, err)
	}
	s.sep = re
	if lit, complete := re.LiteralPrefix(); complete && lit != "" {
		s.literal = lit
	}
	return s, nil
}

// field is the value of the column in line (Perl's split with a limit of
// one more than the column; a missing column is "").
func (s *sharder) field(line string, col int) string {
	var f []string
	if s.literal != "" {
		f = strings.SplitN(line, s.literal, col+1)
	} else {
		f = s.sep.Split(line, col+1)
	}
	if col <= len(f) {
		return f[col-1]
	}
	return ""
}

// job picks the job (0-based, of n) for a value.
func (s *sharder) job(v string, n int) int {
	if !s.bin {
		h := fnv.New32a()
		h.Write([]byte(v))
		return int(h.Sum32() % uint32(n))
	}
	// Perl's v % n: v as a number (its numeric prefix), truncated, and a
	// result in [0, n). Bin 0 is the last job.
	f := perlNumber(v)
	var m int64
	if !math.IsNaN(f) && !math.IsInf(f, 0) && math.Abs(f) < 1<<62 {
		m = int64(f) % int64(n)
		if m < 0 {
			m += int64(n)
		}
	}
	if m == 0 {
		return n - 1
	}
	return int(m - 1)
}

// perlNumber is the number Perl reads from the start of s (0 if none).
func perlNumber(s string) float64 {
	s = strings.TrimLeft(s, " \t\n\r\f\v")
	if m := perlNumberRe().FindString(s); m != "" {
		f, err := strconv.ParseFloat(m, 64)
		if err == nil {
			return f
		}
	}
	return 0
}

var perlNumberRe = lazyRegexp(`^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?`)

// openSharder makes one job per job slot (or per value of the sources, of
// which there must then be as many as job slots), each fed its lines.
func (r *runner) openSharder(src *pipeSource, stdin io.Reader, sh *sharder) (*pipeSource, error) {
	n := max(r.lim.Limit(), 1)
	vals, recs, err := r.teeValues(r.o.Sources)
	if err != nil {
		return nil, err
	}
	if len(vals) > 0 && len(vals) != n {
		recs.close()
		return nil, fmt.Errorf("--shard and --bin run one job per job slot: give as many values as -j (%d values, -j %d)", len(vals), n)
	}
	br := bufio.NewReaderSize(stdin, 64<<10)
	col := sh.col
	if sh.name != "" {
		// As GNU parallel: the header is read (and dropped) for the
		// column's number before any job starts.
		if col, err = sh.column(br); err != nil {
			recs.close()
			return nil, err
		}
	}
	src.recs, src.total = recs, n
	streams := make([]*inputStream, 0, n)
	src.next = func() ([]string, *jobInput, error) {
		if len(streams) == n {
			return nil, nil, io.EOF
		}
		var args []string
		if len(vals) > 0 {
			args = vals[len(streams)]
		}
		s := newInputStream(make(chan []byte))
		streams = append(streams, s)
		return args, &jobInput{stream: s}, nil
	}
	src.feed = func(ctx context.Context) error {
		defer func() {
			for _, s := range streams {
				close(s.ch)
			}
		}()
		for len(streams) < n {
			_, in, _ := src.next()
			in.release()
		}
		if ctx.Err() != nil || r.isStopped() {
			return nil
		}
		return r.shardLines(ctx, br, sh, col, streams)
	}
	return src, nil
}

// column reads the header line and finds the named column in it.
func (s *sharder) column(br *bufio.Reader) (int, error) {
	head, err := br.ReadString('\n')
	if err != nil && err != io.EOF {
		return 0, fmt.Errorf("read standard input: %w", err)
	}
	head = strings.TrimSuffix(head, "\n")
	for i, name := range s.sep.Split(head, -1) {
		if name == s.name {
			return i + 1, nil
		}
	}
	return 0, fmt.Errorf("column %q not found in the header %q", s.name, head)
}

// shardLines reads lines and gives each to its job, in batches.
func (r *runner) shardLines(ctx context.Context, br *bufio.Reader, sh *sharder, col int, streams []*inputStream) error {
	n := len(streams)
	const batch = 64 << 10
	bufs := make([][]byte, n)
	alive := n
	send := func(k int) bool {
		b := bufs[k]
		bufs[k] = nil
		if len(b) == 0 || streams[k] == nil {
			return true
		}
		select {
		case streams[k].ch <- b:
		case <-streams[k].dead:
			streams[k] = nil // its lines are dropped, as a pipe nobody reads
			alive--
		case <-ctx.Done():
			return false
		case <-r.stopCh:
			return false
		}
		return alive > 0
	}
	for {
		line, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			rest, err2 := br.ReadBytes('\n')
			line, err = append(append([]byte(nil), line...), rest...), err2
		}
		if len(line) > 0 {
			k := sh.job(sh.field(string(line), col), n)
			if streams[k] != nil {
				bufs[k] = append(bufs[k], line...)
				if len(bufs[k]) >= batch && !send(k) {
					return nil
				}
			}
		}
		if err == io.EOF {
			for k := range bufs {
				if !send(k) {
					return nil
				}
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("read standard input: %w", err)
		}
	}
}
