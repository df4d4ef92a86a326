package run

import (
	"fmt"
	"io"
	"strings"
)

// lineLimit is the limit on GNU parallel's estimate of a command line's
// length (see commandLength): -s when it is below GNU parallel's usable
// maximum, else that maximum (with a warning when -s asked for more, as
// GNU parallel gives).
func lineLimit(o *Options) (limit int, warning string) {
	usable := UsableLineLength()
	if o.MaxChars > 0 {
		if o.MaxChars <= usable {
			return o.MaxChars, ""
		}
		return usable, fmt.Sprintf("Value for option -s should be < %d.", usable)
	}
	return usable, ""
}

// writeLimits is --show-limits.
func writeLimits(w io.Writer, usable int) {
	fmt.Fprintf(w, "Maximal size of command: %d\nMaximal usable size of command: %d\n\n"+
		"Execution will continue now, and it will try to read its input\n"+
		"and run commands; if this is not what you wanted to happen, please\n"+
		"press CTRL-D or CTRL-C\n", MaxLineLength(), usable)
}

// lengthModel is GNU parallel's estimate of a command line's length (its
// CommandLine::len), which -s and the filling of -m, -X and --xargs lines
// compare with the limit. It counts the command's text outside the words
// that hold replacement strings once; those words ("context") once, or
// with context replace (-X, -N) once per value; and the values, shell-
// quoted, with a blank between them.
type lengthModel struct {
	nonContext int     // text outside context words, blanks included
	context    int     // text of the context words, replacement strings excluded
	groups     int     // number of context words
	pieces     []piece // the replacement strings, one per occurrence
	ctx        bool    // context replace
	quote      bool    // values count shell-quoted
	factor     int     // GNU parallel's pessimism for -q and --shell-quote
	cnt        *counts // {##}
}

func newLengthModel(c *command, o *Options) *lengthModel {
	m := &lengthModel{quote: true, factor: 1}
	var skel []byte
	add := func(pieces []piece) {
		for _, p := range pieces {
			switch p.kind {
			case pkLit, pkBlank:
				skel = append(skel, p.lit...)
			default:
				skel = append(skel, 0)
				m.pieces = append(m.pieces, p)
				m.cnt = p.cnt
			}
		}
	}
	switch c.kind {
	case cmdInput:
		add([]piece{{kind: pkArgs}})
		m.quote = false
	case cmdQuoted:
		for i, w := range c.words {
			if i > 0 {
				skel = append(skel, ' ')
			}
			add(w.pieces)
		}
		if c.append {
			skel = append(skel, ' ')
			add([]piece{{kind: pkArgs}})
		}
		// GNU parallel counts -q's values unquoted, and then the whole
		// line three times over.
		m.quote, m.factor = false, 3
	default:
		add(c.t.pieces)
		m.ctx = c.t.ctx
	}
	for i := 0; i < o.ShellQuote; i++ {
		m.factor *= 3
	}
	if o.ShellQuote > 0 {
		m.factor *= 5
	}
	for i := 0; i < len(skel); {
		if isPerlSpace(skel[i]) {
			m.nonContext++
			i++
			continue
		}
		j, holes := i, 0
		for j < len(skel) && !isPerlSpace(skel[j]) {
			if skel[j] == 0 {
				holes++
			}
			j++
		}
		if holes > 0 {
			m.context += j - i - holes
			m.groups++
		} else {
			m.nonContext += j - i
		}
		i = j
	}
	return m
}

// length is the estimate for a command line of these records (each the
// values of one input).
func (m *lengthModel) length(recs [][]string, seq, slot int) int {
	sum, width := 0, 0
	for _, r := range recs {
		sum += m.recLength(r, seq, slot)
	}
	if len(recs) > 0 {
		width = len(recs[0])
	}
	return m.lineLength(len(recs), width, sum)
}

// recLength is one input's share of a command line's estimate: the
// lengths of its values in every replacement string. A line's estimate is
// lineLength of the sum over its inputs, so a line can grow one input at a
// time at a constant cost.
func (m *lengthModel) recLength(rec []string, seq, slot int) int {
	n := 0
	for _, p := range m.pieces {
		n += m.valueLength(p, rec, seq, slot)
	}
	return n
}

// lineLength is the estimate for a line of nrecs inputs of width values
// each (GNU parallel counts the first input's width for all), whose
// recLength add up to sum.
func (m *lengthModel) lineLength(nrecs, width, sum int) int {
	recargs := nrecs * width
	n := m.nonContext + sum
	if m.ctx {
		n += recargs*m.context + (recargs-1)*m.groups
	} else {
		n += m.context + len(m.pieces)*(recargs-1)
	}
	return n * m.factor
}

func (m *lengthModel) valueLength(p piece, rec []string, seq, slot int) int {
	q := func(v string) int {
		if m.quote {
			return len(Quote(v))
		}
		return len(v)
	}
	switch p.kind {
	case pkArgs:
		if p.pos != 0 {
			if v, ok := positional(rec, p.pos); ok {
				return q(p.apply(v))
			}
			return 0
		}
		l := 0
		for _, a := range rec {
			l += q(p.apply(a))
		}
		return l
	default:
		// GNU parallel's {#}, {%} and {##} are Perl expressions on the
		// first value: they count once per input.
		if len(rec) == 0 {
			return 0
		}
		return len(p.appendNumber(nil, seq, slot))
	}
}

// tooLong is the error for a command line over the limit even with one
// input, as GNU parallel reports it (the input cut at 50 bytes).
func tooLong(length, limit, input int, args []string) error {
	a := strings.Join(args, " ")
	if len(a) > 50 {
		a = a[:50] + "..."
	}
	return fmt.Errorf("command line too long (%d >= %d) at input %d: %s", length, limit, input, a)
}
