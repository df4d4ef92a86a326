package run

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Replacements names the replacement strings of a template. The zero value
// is GNU parallel's default set: {} {.} {/} {//} {/.} {#} {%}. Positional
// forms {n} {n.} {n/} {n//} {n/.} (n may be negative: {-1} is the last
// argument) are always recognised.
type Replacements struct {
	Arg       string // -I: the whole argument, default "{}"
	NoExt     string // --extensionreplace, default "{.}"
	Base      string // --basenamereplace, default "{/}"
	Dir       string // --dirnamereplace, default "{//}"
	BaseNoExt string // --basenameextensionreplace, default "{/.}"
	Seq       string // --seqreplace, default "{#}"
	Slot      string // --slotreplace, default "{%}"
	// Parens (--parens) are the brackets of perl expressions: the first
	// half of the string opens one, the rest closes it; default "{==}".
	Parens string
	// Rpl (--rpl) defines replacement strings as perl code: "TAG code".
	Rpl []string

	rpls  []userRpl      // Rpl, parsed by compile
	names map[string]int // --header: column name -> position
	plus  bool           // --plus
	cnt   *counts        // --plus {##} {0#} {0%}
}

// counts are the run's totals that --plus replacement strings show.
type counts struct{ total, slots int }

func (r Replacements) withDefaults() Replacements {
	def := func(s *string, d string) {
		if *s == "" {
			*s = d
		}
	}
	def(&r.Arg, "{}")
	def(&r.NoExt, "{.}")
	def(&r.Base, "{/}")
	def(&r.Dir, "{//}")
	def(&r.BaseNoExt, "{/.}")
	def(&r.Seq, "{#}")
	def(&r.Slot, "{%}")
	return r
}

// compile parses the --rpl definitions.
func (r *Replacements) compile() error {
	r.rpls = nil
	for _, v := range r.Rpl {
		u, err := parseRpl(v)
		if err != nil {
			return err
		}
		r.rpls = append(r.rpls, u)
	}
	if r.Parens != "" {
		return checkParens(r.Parens)
	}
	return nil
}

type transform uint8

const (
	tfNone transform = iota
	tfNoExt
	tfBase
	tfDir
	tfBaseNoExt
	// --plus
	tfNoExt2     // {..}
	tfNoExt3     // {...}
	tfExt        // {+.}
	tfExt2       // {+..}
	tfExt3       // {+...}
	tfDirPart    // {+/}
	tfBaseNoExt2 // {/..}
	tfBaseNoExt3 // {/...}
)

type pieceKind uint8

const (
	pkLit  pieceKind = iota
	pkArgs           // all arguments of the job ({}), or one ({n}) when pos != 0
	pkSeq
	pkSlot
	pkBlank // a run of blanks between words (context replace only)
	pkTotal // {##} (--plus)
	pkPerl  // {= perl =} and --rpl tags: all arguments, or one when pos != 0
)

type piece struct {
	kind pieceKind
	lit  string
	pos  int // 0: all arguments; n > 0: n-th; n < 0: n-th from the end
	tf   transform
	pad  bool                // {0#} {0%}: zero-padded to the width of the total
	cnt  *counts             // for pkTotal and pad
	fn   func(string) string // --plus {:-str} {#re} {/re/s} ...: replaces tf
	// pkPerl: the perl code, its number among the run's expressions, and
	// in a job's own copy of the template (see resolve) the values: one
	// per argument, or for a positional piece one (none if absent).
	code string
	expr int
	pv   []perlVal
}

// perlVal is the value of a perl expression for one argument; uq tells
// that the expression called uq(): the value goes in unquoted.
type perlVal struct {
	s  string
	uq bool
}

func (p piece) apply(v string) string {
	if p.fn != nil {
		return p.fn(v)
	}
	return applyTransform(v, p.tf)
}

// template is a parsed command line (or --tagstring, --results path): text
// and replacement strings.
type template struct {
	pieces  []piece
	hasRepl bool // any replacement string (GNU parallel appends {} when none)
	safe    bool // the literal text has no shell metacharacters
	ctx     bool // context replace (-N): a word with {} repeats per argument
	// needsTotal: {##} or {0#} need the number of jobs before the first
	// one starts.
	needsTotal bool
	perl       bool // has pkPerl pieces: each job needs its own resolved copy
	// unquoted: a replacement string is (part of) the first word, so, as
	// in GNU parallel, values are not quoted: they are the command.
	unquoted bool
}

// setContext makes the template repeat, once per argument, every word that
// holds an all-arguments replacement string ({}, {.}, ...), as GNU
// parallel does with -N: "[{}]" with a, b gives "[a] [b]".
func (t *template) setContext() {
	var out []piece
	for _, p := range t.pieces {
		if p.kind != pkLit {
			out = append(out, p)
			continue
		}
		s := p.lit
		for s != "" {
			blank := s[0] == ' ' || s[0] == '\t'
			j := 1
			for j < len(s) && (s[j] == ' ' || s[j] == '\t') == blank {
				j++
			}
			k := pkLit
			if blank {
				k = pkBlank
			}
			out = append(out, piece{kind: k, lit: s[:j]})
			s = s[j:]
		}
	}
	t.pieces = out
	t.ctx = true
}

// words calls f for each word of a context template (the pieces between
// blanks) and for each blank run.
func (t *template) words(f func(word []piece, blank string)) {
	start := 0
	for i, p := range t.pieces {
		if p.kind == pkBlank {
			if i > start {
				f(t.pieces[start:i], "")
			}
			f(nil, p.lit)
			start = i + 1
		}
	}
	if start < len(t.pieces) {
		f(t.pieces[start:], "")
	}
}

func repeats(word []piece) bool {
	for _, p := range word {
		if (p.kind == pkArgs || p.kind == pkPerl) && p.pos == 0 {
			return true
		}
	}
	return false
}

// parseTemplate splits s into literal text and replacement strings.
func parseTemplate(s string, r Replacements) *template {
	r = r.withDefaults()
	toks := []tok{
		{r.Arg, pkArgs, tfNone, false}, {r.NoExt, pkArgs, tfNoExt, false}, {r.Base, pkArgs, tfBase, false},
		{r.Dir, pkArgs, tfDir, false}, {r.BaseNoExt, pkArgs, tfBaseNoExt, false},
		{r.Seq, pkSeq, tfNone, false}, {r.Slot, pkSlot, tfNone, false},
	}
	if r.plus {
		toks = append(toks,
			tok{"{..}", pkArgs, tfNoExt2, false}, tok{"{...}", pkArgs, tfNoExt3, false},
			tok{"{+.}", pkArgs, tfExt, false}, tok{"{+..}", pkArgs, tfExt2, false},
			tok{"{+...}", pkArgs, tfExt3, false}, tok{"{+/}", pkArgs, tfDirPart, false},
			tok{"{/..}", pkArgs, tfBaseNoExt2, false}, tok{"{/...}", pkArgs, tfBaseNoExt3, false},
			tok{"{##}", pkTotal, tfNone, false}, tok{"{0#}", pkSeq, tfNone, true},
			tok{"{0%}", pkSlot, tfNone, true})
	}
	left, right := parens(r.Parens)
	var names []string // --header names in column order, for {=name code=}
	for name, pos := range r.names {
		for len(names) < pos {
			names = append(names, "")
		}
		names[pos-1] = name
	}
	t := &template{}
	lit := 0
	emitLit := func(end int) {
		if end > lit {
			t.pieces = append(t.pieces, piece{kind: pkLit, lit: s[lit:end]})
		}
	}
	// Bracketed perl expressions come out first, so replacement strings
	// inside them stay perl code.
	span, spanEnd, inSpan := perlSpan(s, 0, left, right)
	for i := 0; i < len(s); {
		limit := len(s)
		if inSpan {
			if i == span {
				emitLit(i)
				t.pieces = append(t.pieces, perlPiece(headerExpr(s[i+len(left):spanEnd-len(right)], names)))
				t.hasRepl = true
				i = spanEnd
				lit = i
				span, spanEnd, inSpan = perlSpan(s, i, left, right)
				continue
			}
			limit = span
		}
		seg := s[i:limit]
		// Longest matching named replacement string wins ({//} over {/}).
		best := -1
		for k, tk := range toks {
			if strings.HasPrefix(seg, tk.s) && (best < 0 || len(tk.s) > len(toks[best].s)) {
				best = k
			}
		}
		// A --rpl tag wins over a built-in one as long (its own
		// definition of {} or {.}) or shorter, as GNU parallel replaces
		// the longest tags first.
		user, userExpr, userWidth := -1, "", 0
		for k := range r.rpls {
			u := &r.rpls[k]
			if user >= 0 && len(u.tag) <= len(r.rpls[user].tag) {
				continue
			}
			if e, w, ok := u.match(seg); ok {
				user, userExpr, userWidth = k, e, w
			}
		}
		if user >= 0 && (best < 0 || len(r.rpls[user].tag) >= len(toks[best].s)) {
			emitLit(i)
			t.pieces = append(t.pieces, perlPiece(userExpr))
			t.hasRepl = true
			i += userWidth
			lit = i
			continue
		}
		if best >= 0 {
			emitLit(i)
			tk := toks[best]
			t.pieces = append(t.pieces, piece{kind: tk.kind, tf: tk.tf, pad: tk.pad, cnt: r.cnt})
			if tk.kind == pkTotal || tk.pad {
				t.needsTotal = true
			}
			t.hasRepl = true
			i += len(tk.s)
			lit = i
			continue
		}
		if s[i] == '{' && r.plus {
			if fn, w, ok := parseDynamic(seg); ok {
				emitLit(i)
				t.pieces = append(t.pieces, piece{kind: pkArgs, fn: fn})
				t.hasRepl = true
				i += w
				lit = i
				continue
			}
		}
		if s[i] == '{' {
			if p, w, ok := matchPositional(seg, toks, r.plus); ok {
				emitLit(i)
				p.cnt = r.cnt
				t.pieces = append(t.pieces, p)
				if p.kind == pkTotal || p.pad {
					t.needsTotal = true
				}
				t.hasRepl = true
				i += w
				lit = i
				continue
			}
			if r.names != nil {
				if n, tf, w, ok := parseNamed(seg, r.names); ok {
					emitLit(i)
					t.pieces = append(t.pieces, piece{kind: pkArgs, pos: n, tf: tf})
					t.hasRepl = true
					i += w
					lit = i
					continue
				}
			}
		}
		i++
	}
	emitLit(len(s))
	t.safe = true
	for _, p := range t.pieces {
		if p.kind == pkLit && !isSafeLiteral(p.lit) {
			t.safe = false
		}
		if p.kind == pkPerl {
			t.perl = true
			// total_jobs() needs all input read before the first job.
			t.needsTotal = t.needsTotal || strings.Contains(p.code, "total_jobs")
		}
	}
	return t
}

// headerExpr turns {=name code=} into {=N code=} for the --header column
// name, N its position, as GNU parallel does (the first column, in order,
// whose name starts the expression).
func headerExpr(expr string, names []string) string {
	for k, name := range names {
		if name != "" && strings.HasPrefix(expr, name) {
			return strconv.Itoa(k+1) + expr[len(name):]
		}
	}
	return expr
}

// firstWordReplaced reports whether a replacement string is (part of) the
// first word of the command (before any blank or "="): GNU parallel then
// does not quote values, since they are the command itself.
func (t *template) firstWordReplaced() bool {
	for _, p := range t.pieces {
		if p.kind != pkLit {
			return true
		}
		if strings.ContainsAny(p.lit, " \t\n=") {
			return false
		}
	}
	return false
}

// tok is a named replacement string: {} {.} ... as renamed by -I and
// friends, and --plus's.
type tok struct {
	s    string
	kind pieceKind
	tf   transform
	pad  bool
}

// matchPositional matches, at the start of s, the positional form of a
// replacement string: as GNU parallel derives them, every tag that starts
// with "{" has one with a number after the "{": {2} {2.} {-1/}, {2..} and
// {1:-x} with --plus, {1x} after -I {x} (but none after -I XX). GNU also
// allows blanks after the number, within one command word; crew joins the
// words first, so it does not. Position 0 means all values, as the tag
// itself ({0} is {}), and {00} or {-0} a position past the last; for {#}
// {%} {##} only 0 is taken (GNU parallel's other positions of these are an
// accident of its implementation).
func matchPositional(s string, toks []tok, plus bool) (p piece, width int, ok bool) {
	k := numberEnd(s, 1)
	if k == 1 {
		return piece{}, 0, false
	}
	n, err := strconv.Atoi(s[1:k])
	if err != nil {
		return piece{}, 0, false
	}
	if n == 0 && s[1:k] != "0" {
		// GNU parallel tests the position for Perl's truth: {0} is all
		// values, {00} and {-0} a position past the last (empty).
		n = math.MaxInt32
	}
	rest := s[k:]
	best := -1
	for i, tk := range toks {
		if len(tk.s) < 2 || tk.s[0] != '{' || !strings.HasPrefix(rest, tk.s[1:]) {
			continue
		}
		if best < 0 || len(tk.s) > len(toks[best].s) {
			best = i
		}
	}
	if best >= 0 {
		tk := toks[best]
		if tk.kind != pkArgs {
			if s[1:k] != "0" {
				return piece{}, 0, false
			}
			return piece{kind: tk.kind, pad: tk.pad}, k + len(tk.s) - 1, true
		}
		return piece{kind: pkArgs, pos: n, tf: tk.tf}, k + len(tk.s) - 1, true
	}
	if plus {
		if fn, w, ok := parseDynamic("{" + rest); ok {
			return piece{kind: pkArgs, pos: n, fn: fn}, k + w - 1, true
		}
	}
	return piece{}, 0, false
}

// parseDynamic matches --plus's bash-like replacement strings at the start
// of s: {:-str} {:n} {:pos:len} {#re} {##re} {%re} {%%re} {/re/str}
// {//re/str} {^str} {^^str} {,str} {,,str}. Regular expressions are Go's
// (RE2), not Perl's.
func parseDynamic(s string) (fn func(string) string, width int, ok bool) {
	end := strings.IndexByte(s, '}')
	if end < 2 {
		return nil, 0, false
	}
	body := s[1:end]
	width = end + 1
	cut := func(prefix string) (string, bool) { return strings.CutPrefix(body, prefix) }
	if str, ok := cut(":-"); ok {
		return func(v string) string {
			if v == "" {
				return str
			}
			return v
		}, width, true
	}
	if rest, ok := cut(":"); ok {
		a, b, two := strings.Cut(rest, ":")
		pos, err1 := strconv.Atoi(a)
		n, err2 := strconv.Atoi(b)
		if err1 != nil || (two && err2 != nil) || pos < 0 || n < 0 {
			return nil, 0, false
		}
		return func(v string) string {
			if pos >= len(v) {
				return ""
			}
			v = v[pos:]
			if two && n < len(v) {
				v = v[:n]
			}
			return v
		}, width, true
	}
	for _, c := range []struct {
		prefix         string
		suffix, greedy bool
	}{{"##", false, true}, {"#", false, false}, {"%%", true, true}, {"%", true, false}} {
		rest, ok := cut(c.prefix)
		if !ok || rest == "" {
			continue
		}
		re, err := regexp.Compile("^(?:" + rest + ")$")
		if err != nil {
			return nil, 0, false
		}
		suffix, greedy := c.suffix, c.greedy
		return func(v string) string {
			// The shortest (or longest) prefix or suffix that matches.
			best := -1
			for k := 0; k <= len(v); k++ {
				part := v[:k]
				if suffix {
					part = v[len(v)-k:]
				}
				if re.MatchString(part) {
					best = k
					if !greedy {
						break
					}
				}
			}
			if best < 0 {
				return v
			}
			if suffix {
				return v[:len(v)-best]
			}
			return v[best:]
		}, width, true
	}
	for _, c := range []struct {
		prefix string
		all    bool
	}{{"//", true}, {"/", false}} {
		rest, ok := cut(c.prefix)
		if !ok {
			continue
		}
		pat, repl, found := strings.Cut(rest, "/")
		if !found || pat == "" {
			return nil, 0, false
		}
		re, err := regexp.Compile(pat)
		if err != nil {
			return nil, 0, false
		}
		all := c.all
		return func(v string) string {
			if all {
				return re.ReplaceAllString(v, repl)
			}
			if loc := re.FindStringSubmatchIndex(v); loc != nil {
				return v[:loc[0]] + string(re.ExpandString(nil, repl, v, loc)) + v[loc[1]:]
			}
			return v
		}, width, true
	}
	for _, c := range []struct {
		prefix string
		all    bool
		f      func(string) string
	}{{"^^", true, strings.ToUpper}, {"^", false, strings.ToUpper}, {",,", true, strings.ToLower}, {",", false, strings.ToLower}} {
		str, ok := cut(c.prefix)
		if !ok || str == "" {
			continue
		}
		all, f := c.all, c.f
		return func(v string) string {
			if all {
				return strings.ReplaceAll(v, str, f(str))
			}
			if rest, ok := strings.CutPrefix(v, str); ok {
				return f(str) + rest
			}
			return v
		}, width, true
	}
	return nil, 0, false
}

// parseNamed matches {name}, {name.}, {name/}, {name//}, {name/.} for a
// column name from --header.
func parseNamed(s string, names map[string]int) (n int, tf transform, width int, ok bool) {
	end := strings.IndexByte(s, '}')
	if end < 2 {
		return 0, 0, 0, false
	}
	body := s[1:end]
	for _, suf := range []struct {
		s  string
		tf transform
	}{{"/.", tfBaseNoExt}, {"//", tfDir}, {"/", tfBase}, {".", tfNoExt}, {"", tfNone}} {
		if name, found := strings.CutSuffix(body, suf.s); found {
			if pos, known := names[name]; known {
				return pos, suf.tf, end + 1, true
			}
		}
	}
	return 0, 0, 0, false
}

// isSafeLiteral reports whether command text can be split into words on
// blanks with the same result a shell would give: no quoting, expansion,
// redirection, globbing, comments or command separators.
func isSafeLiteral(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == ' ' || c == '\t':
		case c == '-' || c == '_' || c == '.' || c == '/' || c == ',' || c == ':' ||
			c == '=' || c == '+' || c == '@' || c == '%' || c == '^':
		default:
			return false
		}
	}
	return true
}

// appendArgs adds " {}" to a template without replacement strings, as GNU
// parallel does.
func (t *template) appendArgs() {
	t.pieces = append(t.pieces, piece{kind: pkLit, lit: " "}, piece{kind: pkArgs})
}

// expand returns the template with values substituted. With quote, values
// from arguments are shell-quoted (GNU parallel's quoting); the result is
// then a shell command line.
func (t *template) expand(b []byte, args []string, seq, slot int, quote bool) []byte {
	if !t.ctx {
		return expandPieces(b, t.pieces, args, args, 0, seq, slot, quote)
	}
	t.words(func(word []piece, blank string) {
		if word == nil {
			b = append(b, blank...)
			return
		}
		if !repeats(word) || len(args) < 2 {
			b = expandPieces(b, word, args, args, 0, seq, slot, quote)
			return
		}
		for i := range args {
			if i > 0 {
				b = append(b, ' ')
			}
			b = expandPieces(b, word, args, args[i:i+1], i, seq, slot, quote)
		}
	})
	return b
}

// expandPieces expands pieces; all-arguments replacement strings take
// their values from all (which starts at args[off]), positional ones from
// args.
func expandPieces(b []byte, pieces []piece, args, all []string, off, seq, slot int, quote bool) []byte {
	for _, p := range pieces {
		switch p.kind {
		case pkLit, pkBlank:
			b = append(b, p.lit...)
		case pkSeq, pkSlot, pkTotal:
			b = p.appendNumber(b, seq, slot)
		case pkPerl:
			for i, v := range p.perlValues(all, off) {
				if i > 0 {
					b = append(b, ' ')
				}
				b = appendValue(b, v.s, quote && !v.uq)
			}
		case pkArgs:
			if p.pos != 0 {
				v, ok := positional(args, p.pos)
				if ok {
					b = appendValue(b, p.apply(v), quote)
				}
				continue
			}
			for i, a := range all {
				if i > 0 {
					b = append(b, ' ')
				}
				b = appendValue(b, p.apply(a), quote)
			}
		}
	}
	return b
}

// perlValues are the values of a resolved pkPerl piece for the arguments
// all, which start at the job's argument off: one for a positional piece
// (none when absent), and one when the job has no arguments (GNU parallel
// evaluates the expression on an empty one).
func (p *piece) perlValues(all []string, off int) []perlVal {
	if p.pos != 0 || len(p.pv) <= 1 || off+len(all) > len(p.pv) {
		// (The last never holds: a guard, not a case.)
		return p.pv
	}
	return p.pv[off : off+len(all)]
}

func appendValue(b []byte, v string, quote bool) []byte {
	if quote {
		return append(b, Quote(v)...)
	}
	return append(b, v...)
}

func positional(args []string, n int) (string, bool) {
	if n < 0 {
		n = len(args) + 1 + n
	}
	if n < 1 || n > len(args) {
		return "", false
	}
	return args[n-1], true
}

// argv returns the words a shell would produce from the expanded, quoted
// template. It is only meaningful when t.safe.
func (t *template) argv(args []string, seq, slot int) []string {
	w := &wordBuilder{words: make([]string, 0, 4)}
	t.addWords(w, args, seq, slot)
	w.flush()
	return w.words
}

// addWords adds the words of the expanded template to w.
func (t *template) addWords(w *wordBuilder, args []string, seq, slot int) {
	if !t.ctx {
		w.add(t.pieces, args, args, 0, seq, slot)
		return
	}
	t.words(func(word []piece, blank string) {
		if word == nil {
			if w.keepBlanks {
				w.cur = append(w.cur, blank...)
				w.in = true
				return
			}
			w.flush()
			return
		}
		if !repeats(word) || len(args) < 2 {
			w.add(word, args, args, 0, seq, slot)
			return
		}
		for i := range args {
			if i > 0 {
				w.flush()
			}
			w.add(word, args, args[i:i+1], i, seq, slot)
		}
	})
}

// wordBuilder splits expanded pieces into words as a shell would; with
// keepBlanks (-q), blanks in the text are part of the word, and only the
// values of an all-values replacement string are separate words.
type wordBuilder struct {
	words      []string
	cur        []byte
	in         bool
	keepBlanks bool
}

func (w *wordBuilder) flush() {
	if w.in {
		w.words = append(w.words, string(w.cur))
		w.cur = w.cur[:0]
		w.in = false
	}
}

func (w *wordBuilder) add(pieces []piece, args, all []string, off, seq, slot int) {
	for _, p := range pieces {
		switch p.kind {
		case pkBlank:
			if w.keepBlanks {
				w.cur = append(w.cur, p.lit...)
				w.in = true
				continue
			}
			w.flush()
		case pkPerl:
			// A resolved template with unquoted values that a shell would
			// split is not safe (see resolve): each value is one word.
			for i, v := range p.perlValues(all, off) {
				if i > 0 {
					w.flush()
				}
				w.cur = append(w.cur, v.s...)
				w.in = true
			}
		case pkLit:
			if w.keepBlanks {
				w.cur = append(w.cur, p.lit...)
				w.in = w.in || p.lit != ""
				continue
			}
			for i := 0; i < len(p.lit); i++ {
				if c := p.lit[i]; c == ' ' || c == '\t' {
					w.flush()
				} else {
					w.cur = append(w.cur, c)
					w.in = true
				}
			}
		case pkSeq, pkSlot, pkTotal:
			w.cur = p.appendNumber(w.cur, seq, slot)
			w.in = true
		case pkArgs:
			if p.pos != 0 {
				if v, ok := positional(args, p.pos); ok {
					w.cur = append(w.cur, p.apply(v)...)
					w.in = true
				}
				continue
			}
			for i, a := range all {
				if i > 0 {
					w.flush()
				}
				w.cur = append(w.cur, p.apply(a)...)
				w.in = true
			}
		}
	}
}

// resolve returns a copy of t for one job whose perl pieces hold their
// values: val(p, k) is the value of piece p for the job's argument k (k is
// 0 when the job has none, as GNU parallel then evaluates on an empty one).
func (t *template) resolve(nargs int, val func(p *piece, k int) perlVal) *template {
	c := *t
	c.pieces = make([]piece, len(t.pieces))
	copy(c.pieces, t.pieces)
	n := max(nargs, 1)
	for i := range c.pieces {
		p := &c.pieces[i]
		if p.kind != pkPerl {
			continue
		}
		if p.pos != 0 {
			p.pv = nil
			if k, ok := perlArgIndex(p.pos, n); ok {
				p.pv = []perlVal{val(p, k)}
			}
		} else {
			p.pv = make([]perlVal, n)
			for k := range p.pv {
				p.pv[k] = val(p, k)
			}
		}
		for _, v := range p.pv {
			if v.uq && Quote(v.s) != v.s {
				// The shell must see it: no exec without a shell.
				c.safe = false
			}
		}
	}
	return &c
}

// perlArgIndex is the index of positional argument pos among n (the
// arguments of a job, at least 1).
func perlArgIndex(pos, n int) (int, bool) {
	if pos < 0 {
		pos = n + 1 + pos
	}
	return pos - 1, pos >= 1 && pos <= n
}

// appendNumber appends {#}, {%}, {##} or a zero-padded {0#} {0%}.
func (p piece) appendNumber(b []byte, seq, slot int) []byte {
	var c counts
	if p.cnt != nil {
		c = *p.cnt
	}
	n, width := seq, 0
	switch p.kind {
	case pkSlot:
		n = slot
		if p.pad {
			width = len(strconv.Itoa(c.slots))
		}
	case pkTotal:
		n = c.total
	default:
		if p.pad {
			width = len(strconv.Itoa(c.total))
		}
	}
	s := strconv.Itoa(n)
	for k := len(s); k < width; k++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

func applyTransform(v string, tf transform) string {
	switch tf {
	case tfNoExt2:
		return trimExts(v, 2)
	case tfNoExt3:
		return trimExts(v, 3)
	case tfExt:
		// Perl s:.*\.:: || s:.*$:: — after the last dot, even one
		// before a slash ("a.b/c" gives "b/c").
		if i := strings.LastIndexByte(v, '.'); i >= 0 {
			return v[i+1:]
		}
		return ""
	case tfExt2:
		return extPart(v, 2)
	case tfExt3:
		return extPart(v, 3)
	case tfDirPart:
		if i := strings.LastIndexByte(v, '/'); i >= 0 {
			return v[:i]
		}
		return ""
	case tfBaseNoExt2:
		return trimExts(basename(v), 2)
	case tfBaseNoExt3:
		return trimExts(basename(v), 3)
	case tfNoExt:
		return removeExt(v)
	case tfBase:
		return basename(v)
	case tfDir:
		return dirname(v)
	case tfBaseNoExt:
		return removeExt(basename(v))
	}
	return v
}

// extStart is where the last n extensions of v start (Perl
// (\.[^/.]*){n}$), or -1 when v has fewer.
func extStart(v string, n int) int {
	pos := len(v)
	for k := 0; k < n; k++ {
		i := strings.LastIndexByte(v[:pos], '.')
		if i < 0 || strings.IndexByte(v[i:pos], '/') >= 0 {
			return -1
		}
		pos = i
	}
	return pos
}

// trimExts is --plus {..} and {...}: v without its last n extensions, if
// it has n.
func trimExts(v string, n int) string {
	if i := extStart(v, n); i >= 0 {
		return v[:i]
	}
	return v
}

// extPart is --plus {+.} {+..} {+...}: what trimExts removes, without the
// leading dot.
func extPart(v string, n int) string {
	if i := extStart(v, n); i >= 0 {
		return v[i+1:]
	}
	return ""
}

// removeExt is GNU parallel's {.}: Perl s:\.[^/.]*$:: (the last dot with no
// slash or dot after it, and all after it).
func removeExt(v string) string {
	i := strings.LastIndexByte(v, '.')
	if i < 0 || strings.IndexByte(v[i:], '/') >= 0 {
		return v
	}
	return v[:i]
}

// basename is GNU parallel's {/}: Perl s:.*/:: , where "." does not match a
// newline.
func basename(v string) string {
	first := strings.IndexByte(v, '/')
	if first < 0 {
		return v
	}
	lineStart := strings.LastIndexByte(v[:first], '\n') + 1
	lineEnd := len(v)
	if k := strings.IndexByte(v[first:], '\n'); k >= 0 {
		lineEnd = first + k
	}
	last := strings.LastIndexByte(v[:lineEnd], '/')
	return v[:lineStart] + v[last+1:]
}

// dirname is GNU parallel's {//}: Perl's File::Basename::dirname.
func dirname(v string) string {
	if v == "" {
		return "."
	}
	t := strings.TrimRight(v, "/")
	if t == "" {
		return "/"
	}
	i := strings.LastIndexByte(t, '/')
	if i < 0 {
		return "."
	}
	d := strings.TrimRight(t[:i+1], "/")
	if d == "" {
		return "/"
	}
	return d
}

// String returns the template text with canonical replacement strings; used
// in tests and error messages.
func (t *template) String() string {
	var b strings.Builder
	for _, p := range t.pieces {
		switch p.kind {
		case pkLit, pkBlank:
			b.WriteString(p.lit)
		case pkSeq:
			b.WriteString("{#}")
		case pkSlot:
			b.WriteString("{%}")
		case pkTotal:
			b.WriteString("{##}")
		case pkPerl:
			if p.pos != 0 {
				fmt.Fprintf(&b, "{=%d %s=}", p.pos, p.code)
			} else {
				fmt.Fprintf(&b, "{=%s=}", p.code)
			}
		case pkArgs:
			suf := [...]string{"", ".", "/", "//", "/.", "..", "...", "+.", "+..", "+...", "+/", "/..", "/..."}[p.tf]
			if p.pos != 0 {
				fmt.Fprintf(&b, "{%d%s}", p.pos, suf)
			} else {
				fmt.Fprintf(&b, "{%s}", suf)
			}
		}
	}
	return b.String()
}
