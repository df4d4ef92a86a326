package run

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
)

// Source is one input source.
type Source struct {
	// Args are the values given after ":::". Used when Path is "".
	Args []string
	// Path is a file of arguments (":::: file", "-a file"); "-" is
	// standard input.
	Path string
	// Linked joins this source to the previous one (":::+", "::::+"):
	// their values are taken pairwise, stopping at the shorter, instead of
	// as a cross product.
	Linked bool
	// FromArgs distinguishes ":::" with no values from a file source.
	FromArgs bool
	// SkipFirstLine drops the file's first line (the #! line of a
	// --shebang script).
	SkipFirstLine bool
}

// argReader yields the values of one source.
type argReader interface {
	next() (string, error) // io.EOF at the end
}

type listReader struct {
	vals []string
	i    int
}

func (l *listReader) next() (string, error) {
	if l.i >= len(l.vals) {
		return "", io.EOF
	}
	l.i++
	return l.vals[l.i-1], nil
}

type delimReader struct {
	r     *bufio.Reader
	delim string
	crnl  *crnlCheck // nil with -d
}

func (d *delimReader) next() (string, error) {
	last := d.delim[len(d.delim)-1]
	s, err := d.r.ReadString(last)
	for err == nil && !strings.HasSuffix(s, d.delim) {
		// A multi-byte delimiter: its last byte alone ends nothing.
		var more string
		more, err = d.r.ReadString(last)
		s += more
	}
	if err == nil {
		s = s[:len(s)-len(d.delim)]
		d.crnl.see(s)
		return s, nil
	}
	if err == io.EOF && s != "" {
		d.crnl.see(s)
		return s, nil
	}
	if err != io.EOF {
		return "", fmt.Errorf("read input: %w", err)
	}
	return "", io.EOF
}

// crnlCheck warns, as GNU parallel does, when the first three values read
// from files end in CR (DOS line ends) and no -d says what ends a value.
type crnlCheck struct {
	cr, nl int
	warn   func(string)
}

func (c *crnlCheck) see(v string) {
	if c == nil || c.cr >= 3 || c.nl >= 3 {
		return
	}
	if strings.HasSuffix(v, "\r") {
		c.cr++
	} else {
		c.nl++
	}
	if c.cr == 3 && c.nl == 0 && c.warn != nil {
		c.warn(`The first three values end in CR-NL. Consider using -d "\r\n"`)
	}
}

// records produces job argument lists from the input sources, streaming the
// first group of sources and holding the others in memory (they are
// needed once per value of the first).
type records struct {
	first    func() ([]string, error) // next tuple of the first group
	width    []int                    // sources per group
	names    map[string]int           // --header column names -> positions
	colNames []string                 // --header names by position
	started  bool
	rest     [][][]string
	idx      []int
	cur      []string // current tuple of the first group
	done     bool
	colsep   *regexp.Regexp
	csv      bool // --csv: values are CSV records with fields split at csvSep
	csvSep   byte
	trim     string // --trim: "", "n", "l", "r", "lr", "rl"
	n        int    // -N; 0 means -N0 (read one, use none); 1 default
	closers  []io.Closer
}

// openInputs opens every input source; an unreadable file is an error
// before any job starts.
func openInputs(o *Options, stdin io.Reader, warn func(string)) (*records, error) {
	srcs := o.Sources
	if len(srcs) == 0 {
		srcs = []Source{{Path: "-"}}
	}
	delim := o.Delimiter
	if !o.DelimiterSet || delim == "" {
		delim = "\n"
	}
	rec := &records{n: 1, trim: o.Trim}
	if rec.trim == "" && o.Colsep != "" {
		rec.trim = "lr"
	}
	if o.MaxArgsSet {
		rec.n = o.MaxArgs
	}
	colsep := o.Colsep
	if o.CSV {
		// --csv splits on Colsep's first byte, by default a comma (for
		// --header too).
		rec.csv, rec.csvSep = true, ','
		if colsep == "" {
			colsep = ","
		}
		rec.csvSep = colsep[0]
		if rec.csvSep == '"' {
			return nil, errors.New("bad --colsep for --csv: the separator cannot be a double quote")
		}
	}
	if colsep != "" {
		re, err := regexp.Compile(colsep)
		if err != nil {
			return nil, fmt.Errorf("bad --colsep %q: %w", o.Colsep, err)
		}
		rec.colsep = re
	}
	readers := make([]argReader, len(srcs))
	usedStdin := false
	var crnl *crnlCheck
	if !o.delimByD {
		crnl = &crnlCheck{warn: warn}
	}
	for i, s := range srcs {
		if s.FromArgs || s.Path == "" {
			readers[i] = &listReader{vals: splitValues(s.Args, delim)}
			continue
		}
		var r io.Reader
		if s.Path == "-" {
			if usedStdin {
				return nil, errors.New("standard input is used twice as input source")
			}
			usedStdin = true
			if stdin == nil {
				stdin = strings.NewReader("")
			}
			r = stdin
		} else {
			f, err := os.Open(s.Path)
			if err != nil {
				rec.close()
				return nil, fmt.Errorf("cannot open input file %q: %w", s.Path, err)
			}
			rec.closers = append(rec.closers, f)
			r = f
		}
		br := bufio.NewReaderSize(r, 64<<10)
		if s.SkipFirstLine {
			if _, err := br.ReadString('\n'); err != nil && err != io.EOF {
				rec.close()
				return nil, fmt.Errorf("read input file %q: %w", s.Path, err)
			}
		}
		readers[i] = &delimReader{r: br, delim: delim, crnl: crnl}
		if o.CSV {
			readers[i] = &csvLines{r: readers[i].(*delimReader), delim: delim}
		}
	}
	if o.SkipFirstLine && len(readers) > 0 {
		// GNU parallel drops the first line of the first source.
		if _, err := readers[0].next(); err != nil && err != io.EOF {
			rec.close()
			return nil, err
		}
	}
	if o.Header == "0" {
		// GNU parallel's --header 0: {file} is the column of the source
		// read from that file (counting file sources only, as it does).
		rec.names = map[string]int{}
		id := 0
		for _, s := range srcs {
			if s.FromArgs || s.Path == "" {
				continue
			}
			id++
			if _, dup := rec.names[s.Path]; !dup {
				rec.names[s.Path] = id
			}
		}
	} else if o.Header != "" {
		// The first value of each source names its columns.
		rec.names = map[string]int{}
		pos := 0
		for _, r := range readers {
			v, err := r.next()
			if err != nil && err != io.EOF {
				rec.close()
				return nil, err
			}
			cols := []string{v}
			if rec.colsep != nil {
				cols = rec.colsep.Split(v, -1)
			}
			for _, c := range cols {
				pos++
				rec.colNames = append(rec.colNames, c)
				if c = trim(c, "lr"); c != "" {
					if _, dup := rec.names[c]; !dup {
						rec.names[c] = pos
					}
				}
			}
		}
	}
	if o.EOF != "" && o.EOF != "0" {
		// GNU parallel tests the end-of-file string for Perl's truth: ""
		// and "0" end nothing.
		for i, r := range readers {
			readers[i] = &eofReader{r: r, eof: o.EOF}
		}
	}
	if o.MaxLines > 0 {
		for i, r := range readers {
			readers[i] = &contReader{r: r, skipBlank: o.NoRunIfEmpty}
		}
	} else if o.NoRunIfEmpty {
		// As GNU parallel, -r drops blank values from each source before
		// sources are combined: ::: a "" b :::+ 1 2 gives a 1 and b 2.
		for i, r := range readers {
			readers[i] = nonBlankReader{r}
		}
	}
	// Group linked sources.
	var groups [][]argReader
	for i, r := range readers {
		if i > 0 && (srcs[i].Linked || o.Link) {
			groups[len(groups)-1] = append(groups[len(groups)-1], r)
			continue
		}
		groups = append(groups, []argReader{r})
	}
	if o.Link && len(groups[0]) > 1 {
		tuples, err := readWrapped(groups[0])
		if err != nil {
			rec.close()
			return nil, err
		}
		i := 0
		rec.first = func() ([]string, error) {
			if i >= len(tuples) {
				return nil, io.EOF
			}
			i++
			return tuples[i-1], nil
		}
	} else {
		g := groups[0]
		rec.first = func() ([]string, error) { return readTuple(g) }
	}
	for _, g := range groups[1:] {
		tuples, err := readLinked(g)
		if err != nil {
			rec.close()
			return nil, err
		}
		rec.rest = append(rec.rest, tuples)
	}
	for _, g := range groups {
		rec.width = append(rec.width, len(g))
	}
	rec.idx = make([]int, len(rec.rest))
	return rec, nil
}

func readLinked(g []argReader) ([][]string, error) {
	var out [][]string
	for {
		tu, err := readTuple(g)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, tu)
	}
}

func readWrapped(g []argReader) ([][]string, error) {
	cols := make([][]string, len(g))
	max := 0
	for i, r := range g {
		for {
			v, err := r.next()
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, err
			}
			cols[i] = append(cols[i], v)
		}
		if len(cols[i]) > max {
			max = len(cols[i])
		}
	}
	out := make([][]string, 0, max)
	for k := 0; k < max; k++ {
		tu := make([]string, len(g))
		for i, c := range cols {
			if len(c) == 0 {
				return nil, nil
			}
			tu[i] = c[k%len(c)]
		}
		out = append(out, tu)
	}
	return out, nil
}

func readTuple(g []argReader) ([]string, error) {
	tu := make([]string, len(g))
	for i, r := range g {
		v, err := r.next()
		if err != nil {
			return nil, err
		}
		tu[i] = v
	}
	return tu, nil
}

// nextTuple returns the next combination of one value per source, in GNU
// parallel's order (the last source varies fastest).
func (r *records) nextTuple() ([]string, error) {
	if r.done {
		return nil, io.EOF
	}
	if !r.started {
		// GNU parallel: an empty source among non-empty ones counts as
		// one empty value; when all are empty there is no job.
		r.started = true
		cur, err := r.first()
		if err != nil && err != io.EOF {
			r.done = true
			return nil, err
		}
		empty := err == io.EOF
		for _, t := range r.rest {
			empty = empty && len(t) == 0
		}
		if empty {
			r.done = true
			return nil, io.EOF
		}
		for k, t := range r.rest {
			if len(t) == 0 {
				r.rest[k] = [][]string{make([]string, r.width[k+1])}
			}
		}
		if err == io.EOF {
			cur = make([]string, r.width[0])
			r.first = func() ([]string, error) { return nil, io.EOF }
		}
		r.cur = cur
		return r.tuple(), nil
	}
	// Advance the odometer over the held groups; fetch a new first tuple
	// when it wraps.
	if r.cur != nil {
		k := len(r.idx) - 1
		for k >= 0 {
			r.idx[k]++
			if r.idx[k] < len(r.rest[k]) {
				break
			}
			r.idx[k] = 0
			k--
		}
		if k < 0 {
			r.cur = nil
		}
	}
	if r.cur == nil {
		var err error
		r.cur, err = r.first()
		if err != nil {
			r.done = true
			r.cur = nil
			return nil, err
		}
	}
	return r.tuple(), nil
}

// tuple is the current combination: the first group's values, then one
// tuple of each held group.
func (r *records) tuple() []string {
	out := make([]string, 0, len(r.cur)+len(r.rest))
	out = append(out, r.cur...)
	for k, t := range r.rest {
		out = append(out, t[r.idx[k]]...)
	}
	return out
}

// next returns the arguments of the next job, io.EOF after the last.
func (r *records) next() ([]string, error) {
	n := r.n
	if n == 0 {
		if _, err := r.nextTuple(); err != nil {
			return nil, err
		}
		return []string{}, nil
	}
	var args []string
	for k := 0; k < n; k++ {
		tu, err := r.nextTuple()
		if err == io.EOF && k > 0 {
			break
		}
		if err != nil {
			return nil, err
		}
		if r.csv {
			for _, v := range tu {
				fields, err := parseCSV(v, r.csvSep)
				if err != nil {
					return nil, fmt.Errorf("CSV has unexpected format (%v): %q", err, v)
				}
				for _, c := range fields {
					args = append(args, trim(c, r.trim))
				}
			}
			continue
		}
		if r.colsep != nil {
			for _, v := range tu {
				for _, c := range r.colsep.Split(v, -1) {
					args = append(args, trim(c, r.trim))
				}
			}
			continue
		}
		if r.trim != "" && r.trim != "n" {
			for k, v := range tu {
				tu[k] = trim(v, r.trim)
			}
		}
		if args == nil && n == 1 {
			args = tu
			continue
		}
		args = append(args, tu...)
	}
	return args, nil
}

func (r *records) close() {
	for _, c := range r.closers {
		c.Close()
	}
	r.closers = nil
}

// trim applies --trim to a value.
func trim(v, how string) string {
	const blanks = " \t\n\r\f\v"
	switch how {
	case "l":
		return strings.TrimLeft(v, blanks)
	case "r":
		return strings.TrimRight(v, blanks)
	case "lr", "rl":
		return strings.Trim(v, blanks)
	}
	return v
}

// eofReader ends a source at the value -E names, as GNU parallel does.
type eofReader struct {
	r    argReader
	eof  string
	done bool
}

func (e *eofReader) next() (string, error) {
	if e.done {
		return "", io.EOF
	}
	v, err := e.r.next()
	if err == nil && v == e.eof {
		e.done = true
		return "", io.EOF
	}
	return v, err
}

// nonBlankReader skips the values of a source that are empty or only
// blanks (-r).
type nonBlankReader struct{ r argReader }

func (b nonBlankReader) next() (string, error) {
	for {
		v, err := b.r.next()
		if err != nil || strings.Trim(v, perlSpace) != "" {
			return v, err
		}
	}
}

// splitValues splits ::: values at the input delimiter, as GNU parallel
// does (it queues them as lines): ::: "$(printf 'a\nb')" is two values.
func splitValues(vals []string, delim string) []string {
	for _, v := range vals {
		if strings.Contains(v, delim) {
			var out []string
			for _, v := range vals {
				out = append(out, strings.Split(v, delim)...)
			}
			return out
		}
	}
	return vals
}

// contReader joins a value that ends in a blank with the next one, as GNU
// parallel does with -L and --max-lines ("trailing blanks cause an input
// line to be logically continued on the next input line").
type contReader struct {
	r         argReader
	skipBlank bool // -r: a value of blanks only is dropped, not joined
}

func (c *contReader) next() (string, error) {
	var pre string
	joined := false
	for {
		v, err := c.r.next()
		if err == io.EOF && joined {
			return pre, nil
		}
		if err != nil {
			return "", err
		}
		if joined {
			v, joined = pre+v, false
		}
		if c.skipBlank && strings.Trim(v, perlSpace) == "" {
			continue
		}
		if v != "" && strings.IndexByte(perlSpace, v[len(v)-1]) >= 0 {
			pre, joined = v, true
			continue
		}
		return v, nil
	}
}
