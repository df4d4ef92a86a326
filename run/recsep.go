package run

import (
	"bytes"
	"fmt"
	"regexp"
	"regexp/syntax"
)

// recSep finds the borders between the records of --pipe and --pipe-part:
// a record ends with --recend and the next one starts with --recstart, so
// a border is where the end is followed by the start. The two are plain
// strings or, with --regexp, regular expressions in Go's RE2 syntax (GNU
// parallel's are Perl's; lookaround and backreferences do not exist in
// RE2). As in GNU parallel, --recstart alone means records end anywhere
// before a start, --recend alone that they start anywhere after an end,
// and neither means --recend '\n'.
type recSep struct {
	start, end string // plain strings, or the expressions' sources
	re         bool

	// With re: both is (end)(start) in multi-line mode (^ and $ match at
	// line borders, as GNU parallel's /m), group 1 the end. Searching a
	// slice that begins inside the buffer would let ^, \A and \b see a
	// beginning of text that is not there; bothCtx says whether the
	// expression looks at what precedes it, and then bothSkip (which
	// consumes the byte before the search position first, then as little
	// as possible) finds the first match past a position.
	both, bothSkip     *regexp.Regexp
	bothCtx            lookback
	startAt, startSkip *regexp.Regexp // the start, anchored
	startCtx           lookback
	// part is (end)(start) for --pipe-part's search, which GNU parallel
	// runs without /m and with /s.
	part, partSkip *regexp.Regexp
	partCtx        lookback
	// --remove-rec-sep: every end-and-start, a start at the beginning, an
	// end at the end (or before a final newline, as Perl's $).
	rrsAll, rrsHead, rrsTail *regexp.Regexp
}

// newRecSep makes the separators from --recstart and --recend (plain
// strings with C escapes already turned into bytes, or with re the
// expressions). A bad expression is an error naming the option.
func newRecSep(start, end string, startSet, endSet, re bool) (*recSep, error) {
	switch {
	case !startSet && !endSet:
		end = "\n"
	case !startSet:
		start = ""
		if re && end == "" {
			// GNU parallel: --regexp --recend '' ends a record anywhere.
			end = `(?s:.)`
		}
	case !endSet:
		end = ""
	}
	p := &recSep{start: start, end: end, re: re}
	if !re {
		return p, nil
	}
	for _, c := range []struct{ name, v string }{{"--recstart", start}, {"--recend", end}} {
		if _, err := regexp.Compile(c.v); err != nil {
			return nil, fmt.Errorf("bad %s value %q: %w (crew run uses Go's RE2 syntax, which has no lookaround or backreferences)", c.name, c.v, err)
		}
	}
	e, s := "(?:"+end+")", "(?:"+start+")"
	var err error
	compile := func(expr string) *regexp.Regexp {
		re, cerr := regexp.Compile(expr)
		if cerr != nil && err == nil {
			err = fmt.Errorf("--recstart %q with --recend %q: %w", start, end, cerr)
		}
		return re
	}
	p.both = compile(`(?m)(` + e + `)` + s)
	p.bothSkip = compile(`\A(?s:.)(?s:.)*?(?m:(` + e + `)` + s + `)`)
	p.startAt = compile(`(?m)\A` + s)
	p.startSkip = compile(`\A(?s:.)(?m:` + s + `)`)
	p.part = compile(`(?s)(` + e + `)` + s)
	p.partSkip = compile(`\A(?s:.)(?s:.)*?(?s:(` + e + `)` + s + `)`)
	p.rrsAll = compile(`(?m)` + e + s)
	p.rrsHead = compile(`(?s)\A` + s)
	p.rrsTail = compile(`(?s)(` + e + `)\n?\z`)
	if err != nil {
		return nil, err
	}
	p.bothCtx = lookBehind(`(?m)` + e + s)
	p.startCtx = lookBehind(`(?m)` + s)
	p.partCtx = lookBehind(`(?s)` + e + s)
	return p, nil
}

// lookback says what of the text before a match an expression looks at.
type lookback uint8

const (
	ctxLine lookback = 1 << iota // ^ in multi-line mode, \b, \B: the byte before
	ctxText                      // \A: whether there is any text before
)

// lookBehind reports what expr's matches depend on before them.
func lookBehind(expr string) lookback {
	t, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return ctxLine | ctxText
	}
	var c lookback
	var walk func(*syntax.Regexp)
	walk = func(r *syntax.Regexp) {
		switch r.Op {
		case syntax.OpBeginLine, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
			c |= ctxLine
		case syntax.OpBeginText:
			c |= ctxText
		}
		for _, s := range r.Sub {
			walk(s)
		}
	}
	walk(t)
	return c
}

// sep is the plain end-and-start string (not for re).
func (p *recSep) sep() string { return p.end + p.start }

// firstFrom finds the first border whose end match begins at or after q:
// s is where the end begins and e where the start begins (the border).
func (p *recSep) firstFrom(buf []byte, q int) (s, e int, ok bool) {
	if !p.re {
		i := bytes.Index(buf[q:], []byte(p.sep()))
		if i < 0 {
			return 0, 0, false
		}
		return q + i, q + i + len(p.end), true
	}
	return findFrom(p.both, p.bothSkip, p.bothCtx, buf, q)
}

// findFrom finds the first match of re at or after q so that what
// precedes q counts (see recSep); group 1 of re and of skip begins the
// match and is the end part.
func findFrom(re, skip *regexp.Regexp, ctx lookback, buf []byte, q int) (s, e int, ok bool) {
	loc := re.FindSubmatchIndex(buf[q:])
	if loc == nil {
		return 0, 0, false
	}
	switch {
	case loc[2] > 0 || q == 0 || ctx == 0:
		// Past q the expression saw the real text before the match.
	case buf[q-1] == '\n' && ctx&ctxText == 0:
		// After a newline ^ and \b see what they see at a beginning.
	case buf[q-1] >= 0x80:
		// The byte before is part of a character the skip cannot consume
		// alone: take the match as found.
	default:
		// The match begins at q, where the expression took the slice's
		// beginning for the text's: search again with the byte before q
		// consumed first (slower, but rare).
		loc = skip.FindSubmatchIndex(buf[q-1:])
		if loc == nil {
			return 0, 0, false
		}
		return q - 1 + loc[2], q - 1 + loc[3], true
	}
	return q + loc[2], q + loc[3], true
}

// last finds the last border in buf (the one GNU parallel's greedy
// /^(.*end)start/ finds): the position where its start begins.
func (p *recSep) last(buf []byte) (int, bool) {
	if !p.re {
		i := bytes.LastIndex(buf, []byte(p.sep()))
		if i < 0 {
			return 0, false
		}
		return i + len(p.end), true
	}
	// Look in growing windows at the end of the buffer, each beginning at
	// a line start so that ^ sees the right context.
	for w := 4096; ; w *= 4 {
		from := 0
		if len(buf) > w {
			if nl := bytes.LastIndexByte(buf[:len(buf)-w], '\n'); nl >= 0 {
				from = nl + 1
			}
		}
		s, e, ok := p.firstFrom(buf, from)
		if ok {
			for s < len(buf) {
				s2, e2, ok := p.firstFrom(buf, s+1)
				if !ok {
					break
				}
				s, e = s2, e2
			}
			return e, true
		}
		if from == 0 {
			return 0, false
		}
	}
}

// startLen is the length of the start matched at r, or -1.
func (p *recSep) startLen(buf []byte, r int) int {
	if !p.re {
		if bytes.HasPrefix(buf[r:], []byte(p.start)) {
			return len(p.start)
		}
		return -1
	}
	if r == 0 || p.startCtx == 0 || buf[r-1] == '\n' && p.startCtx&ctxText == 0 || buf[r-1] >= 0x80 {
		loc := p.startAt.FindIndex(buf[r:])
		if loc == nil {
			return -1
		}
		return loc[1]
	}
	loc := p.startSkip.FindIndex(buf[r-1:])
	if loc == nil {
		return -1
	}
	return loc[1] - 1
}

// remove drops the separators from a block for --remove-rec-sep, as GNU
// parallel does: every end followed by a start, then a start at the
// beginning, then an end at the end (or just before a final newline).
func (p *recSep) remove(b []byte) []byte {
	if p.re {
		b = p.rrsAll.ReplaceAll(b, nil)
		if loc := p.rrsHead.FindIndex(b); loc != nil {
			b = b[loc[1]:]
		}
		if loc := p.rrsTail.FindSubmatchIndex(b); loc != nil {
			b = append(b[:loc[2]:loc[2]], b[loc[3]:]...)
		}
		return b
	}
	if sep := p.sep(); sep != "" {
		b = bytes.ReplaceAll(b, []byte(sep), nil)
	}
	b = bytes.TrimPrefix(b, []byte(p.start))
	if p.end == "" {
		return b
	}
	end := []byte(p.end)
	if n := len(b); n > 0 && b[n-1] == '\n' && bytes.HasSuffix(b[:n-1], end) {
		// Perl's $ matches before a final newline first.
		return append(b[:n-1-len(end)], '\n')
	}
	return bytes.TrimSuffix(b, end)
}

// partBorder finds where --pipe-part splits the window read at a block
// border, relative to the window: GNU parallel takes the first
// end-and-start for plain strings, but for expressions the last one in the
// window (its greedy /^(.*end)start/s).
func (p *recSep) partBorder(buf []byte) (int, bool) {
	if !p.re {
		i := bytes.Index(buf, []byte(p.sep()))
		if i < 0 {
			return 0, false
		}
		return i + len(p.end), true
	}
	loc := p.part.FindSubmatchIndex(buf)
	if loc == nil {
		return 0, false
	}
	s, e := loc[2], loc[3]
	for s < len(buf) {
		s2, e2, ok := findFrom(p.part, p.partSkip, p.partCtx, buf, s+1)
		if !ok {
			break
		}
		s, e = s2, e2
	}
	return e, true
}
