package run

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
)

// groupBy is --group-by for --pipe: a record is a run of lines with the
// same value in a column, so a block holds whole groups (with -N, N
// groups). As GNU parallel does, the input gets a random marker before the
// first line of each group, the marker is the record start, and the
// markers are removed from the blocks (so blocks are cut exactly where
// GNU parallel cuts them: its block sizes count the markers).
type groupBy struct {
	col    int    // 1-based column; 0 with a name (found in the header)
	name   string // column name: the first line of the input is a header
	colsep *regexp.Regexp
	marker string
}

// parseGroupBy parses --group-by: a column number or a column name. GNU
// parallel also takes Perl expressions, which crew cannot run.
func parseGroupBy(v, colsep string) (*groupBy, error) {
	g := &groupBy{}
	switch {
	case groupByNumber().MatchString(v):
		n, err := strconv.Atoi(v)
		if err != nil {
			return nil, fmt.Errorf("bad --group-by value %q: %w", v, err)
		}
		// GNU parallel: a negative column has no value (one group).
		g.col = max(n, -1)
	case groupByName().MatchString(v):
		g.name = v
	default:
		return nil, fmt.Errorf("bad --group-by value %q: crew run takes a column number or name (Perl expressions need GNU parallel)", v)
	}
	if colsep == "" {
		colsep = "\t"
	}
	re, err := regexp.Compile(colsep)
	if err != nil {
		return nil, fmt.Errorf("bad --colsep %q: %w", colsep, err)
	}
	g.colsep = re
	const alnum = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	var m [20]byte
	for i := range m {
		m[i] = alnum[rand.IntN(len(alnum))]
	}
	g.marker = string(m[:])
	return g, nil
}

var (
	groupByNumber = lazyRegexp(`^-?[0-9]+$`)
	groupByName   = lazyRegexp(`^[A-Za-z_][A-Za-z_0-9]*$`)
)

// fields splits a line (with its newline, as Perl's -a does) on the column
// separator, dropping empty fields at the end as Perl's split does.
func (g *groupBy) fields(line string) []string {
	f := g.colsep.Split(line, -1)
	for len(f) > 0 && f[len(f)-1] == "" {
		f = f[:len(f)-1]
	}
	return f
}

// open reads the header line when the column is named, and returns the
// header (given to every block) and the marked input.
func (g *groupBy) open(r io.Reader) (header []byte, marked io.Reader, err error) {
	br := bufio.NewReaderSize(r, 64<<10)
	col := g.col
	if g.name != "" {
		line, err := br.ReadString('\n')
		if err != nil && err != io.EOF {
			return nil, nil, fmt.Errorf("read standard input: %w", err)
		}
		header = []byte(line)
		col = 0
		for i, name := range g.fields(strings.TrimSuffix(line, "\n")) {
			if name == g.name {
				col = i + 1
				break
			}
		}
		if col == 0 {
			return nil, nil, fmt.Errorf("--group-by: column %q not found in the header %q", g.name, strings.TrimSuffix(line, "\n"))
		}
	}
	return header, &groupMarker{r: br, g: g, col: col, first: true}, nil
}

// groupMarker is the input with g.marker before the first line of each
// group.
type groupMarker struct {
	r       *bufio.Reader
	g       *groupBy
	col     int
	last    string
	first   bool
	pending []byte
	err     error
}

func (m *groupMarker) Read(p []byte) (int, error) {
	for len(m.pending) == 0 {
		if m.err != nil {
			return 0, m.err
		}
		line, err := m.r.ReadBytes('\n')
		m.err = err
		if len(line) == 0 {
			continue
		}
		v := ""
		if m.col > 0 {
			if f := m.g.fields(string(line)); m.col <= len(f) {
				v = f[m.col-1]
			}
		}
		if m.first || v != m.last {
			m.pending = append([]byte(m.g.marker), line...)
		} else {
			m.pending = line
		}
		m.first, m.last = false, v
	}
	n := copy(p, m.pending)
	m.pending = m.pending[n:]
	return n, nil
}

// errGroupBy is the error for --group-by with options it replaces.
var errGroupBy = errors.New("--group-by sets the record separators itself: it cannot be combined with --remove-rec-sep, --recstart or --recend")
