package run

import (
	"bytes"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// LatestLine (--latest-line, --ll) gives each job one row of the terminal
// that shows the latest complete line of its output (stdout and stderr
// together), redrawn in place as the job prints, as GNU parallel's
// print_latest_line: rows in start order (input order with -k), the tag
// first, lines cut at the terminal's width (a ">" marks a cut line), and
// rows of finished jobs scroll away at the top when there are more rows
// than the terminal has.
const LatestLine Output = 3

// latestScreen draws --latest-line; its fields are guarded by the
// runner's output lock.
type latestScreen struct {
	w                          io.Writer
	up                         string // moves the cursor one row up; "" without a terminal
	rows, cols                 int
	currow, maxrow, minvisible int
	nextRow                    int
	later                      map[int]*latestRow // finished rows not drawn for good yet
}

// latestRow is one job's row.
type latestRow struct {
	n      int
	tag    string
	line   string // the latest complete line
	half   []byte // output after it, not yet a line
	size   int64  // bytes read, for the joblog
	finish bool
}

// newLatestScreen measures the terminal (/dev/tty) as GNU parallel does:
// 24 rows of 80 columns when there is none.
func newLatestScreen(w io.Writer) *latestScreen {
	s := &latestScreen{w: w, rows: 24, cols: 80, currow: 1, maxrow: 1, minvisible: 1, later: map[int]*latestRow{}}
	if tty, err := os.Open(ttyPath); err == nil {
		if c, r, err := term.GetSize(int(tty.Fd())); err == nil && c > 0 && r > 0 {
			s.cols, s.rows = c, r
			s.up = "\x1b[A" // cuu1 of the ANSI terminals
		}
		tty.Close()
	}
	return s
}

// row gives job j its row (its number with -k); the output lock is held.
func (s *latestScreen) row(j *job, keepOrder bool, tag []byte) *latestRow {
	n := j.seq
	if !keepOrder {
		s.nextRow++
		n = s.nextRow
	}
	return &latestRow{n: n, tag: string(tag)}
}

// copy reads a job's output until EOF and redraws its row as lines come.
func (r *runner) latestCopy(lr *latestRow, pr io.Reader) {
	buf := make([]byte, 60800)
	for {
		n, err := pr.Read(buf)
		if n > 0 {
			r.outMu.Lock()
			lr.feed(buf[:n])
			r.ll.draw(lr)
			r.outMu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

// feed takes a chunk of output: the last line it completes becomes the
// row's line (a line ends with \n, or with \r in a chunk without \n).
func (lr *latestRow) feed(b []byte) {
	lr.size += int64(len(b))
	i := bytes.LastIndexByte(b, '\n') + 1
	if i == 0 {
		i = bytes.LastIndexByte(b, '\r') + 1
	}
	if i == 0 {
		lr.half = append(lr.half, b...)
		return
	}
	l := append(lr.half, b[:i-1]...)
	k := bytes.LastIndexByte(l, '\n') + 1
	if k == 0 {
		k = bytes.LastIndexByte(l, '\r') + 1
	}
	lr.line = string(l[k:])
	lr.half = append([]byte(nil), b[i:]...)
}

// done draws a finished job's row, then, as GNU parallel, the rows of
// finished jobs at the top (which leave the screen) and those on it; the
// output lock is held. What the job printed after its last line is
// written as it is, after its tag.
func (s *latestScreen) done(lr *latestRow) {
	lr.finish = true
	s.later[lr.n] = lr
	s.draw(lr)
	for l := s.later[s.minvisible]; l != nil; l = s.later[s.minvisible] {
		s.draw(l)
		delete(s.later, s.minvisible)
		s.minvisible++
	}
	for n := s.minvisible; n < s.minvisible-1+s.rows; n++ {
		if l := s.later[n]; l != nil {
			s.draw(l)
		}
	}
	if len(lr.half) > 0 {
		io.WriteString(s.w, lr.tag+string(lr.half))
		lr.half = nil
	}
}

// draw redraws one row if it is on the screen.
func (s *latestScreen) draw(lr *latestRow) {
	n := lr.n
	if n < s.minvisible || n >= s.minvisible+s.rows-1 {
		return
	}
	tag := []rune(untab(lr.tag))
	taglen := len(tag)
	line := []rune(untab(lr.line))
	strlen := s.cols - taglen
	spare := strlen - len(line)
	strlen = max(strlen-1, 0)
	cut, cutTag := ">", ""
	if spare > 0 {
		cut = " "
	}
	if taglen > s.cols {
		taglen, cutTag, cut = max(s.cols-1, 0), ">", ""
	}
	s.maxrow = max(s.maxrow, n)
	var b strings.Builder
	b.WriteString(strings.Repeat(s.up, max(s.currow-n, 0)))
	b.WriteString(strings.Repeat("\n", max(n-s.currow, 0)))
	b.WriteByte('\r')
	b.WriteString(string(tag[:min(taglen, len(tag))]))
	b.WriteString(cutTag)
	b.WriteString(string(line[:min(strlen, len(line))]))
	b.WriteString(cut)
	b.WriteString(strings.Repeat("\n", s.maxrow-n+1))
	io.WriteString(s.w, b.String())
	s.currow = s.maxrow + 1
}

// untab replaces each TAB with spaces to the next multiple of 8 of its
// position in s, as GNU parallel does (positions before any replacement).
func untab(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\t' {
			b.WriteString(strings.Repeat(" ", 8-i%8))
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
