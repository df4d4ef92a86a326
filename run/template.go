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
)

type piece struct {
	kind pieceKind
	lit  string
	pos  int // 0: all arguments; n > 0: n-th; n < 0: n-th from the end
	tf   transform
	pad  bool                // {0#} {0%}: zero-padded to the width of the total
	cnt  *counts             // for pkTotal and pad
	fn   func(string) string // --plus {:-str} {#re} {/re/s} ...: replaces tf
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
		if p.kind == pkArgs && p.pos == 0 {
			return true
		}
	}
	return false
}

// parseTemplate splits s into literal text and replacement strings.
func parseTemplate(s string, r Replacements) *template {
	r = r.withDefaults()
	type tok struct {
		s    string
		kind pieceKind
		tf   transform
		pad  bool
	}
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
	t := &template{}
	lit := 0
	emitLit := func(end int) {
		if end > lit {
			t.pieces = append(t.pieces, piece{kind: pkLit, lit: s[lit:end]})
		}
	}
	for i := 0; i < len(s); {
		// Longest matching named replacement string wins ({//} over {/}).
		best := -1
		for k, tk := range toks {
			if strings.HasPrefix(s[i:], tk.s) && (best < 0 || len(tk.s) > len(toks[best].s)) {
				best = k
			}
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
			if fn, w, ok := parseDynamic(s[i:]); ok {
				emitLit(i)
				t.pieces = append(t.pieces, piece{kind: pkArgs, fn: fn})
				t.hasRepl = true
				i += w
				lit = i
				continue
			}
		}
		if s[i] == '{' {
			n, tf, w, ok := parsePositional(s[i:], r.plus)
			if !ok && r.names != nil {
				n, tf, w, ok = parseNamed(s[i:], r.names)
			}
			if ok {
				emitLit(i)
				t.pieces = append(t.pieces, piece{kind: pkArgs, pos: n, tf: tf})
				t.hasRepl = true
				i += w
				lit = i
				continue
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
	}
	return t
}

// parsePositional matches {n}, {n.}, {n/}, {n//}, {n/.} at the start of s;
// n = 0 means all arguments, as {}.
func parsePositional(s string, plus bool) (n int, tf transform, width int, ok bool) {
	end := strings.IndexByte(s, '}')
	if end < 2 {
		return 0, 0, 0, false
	}
	body := s[1:end]
	j := 0
	if j < len(body) && body[j] == '-' {
		j++
	}
	k := j
	for k < len(body) && body[k] >= '0' && body[k] <= '9' {
		k++
	}
	if k == j {
		return 0, 0, 0, false
	}
	num, err := strconv.Atoi(body[:k])
	if err != nil {
		return 0, 0, 0, false
	}
	if num == 0 && body[:k] != "0" {
		// GNU parallel tests the position for Perl's truth: {0} (and
		// {0.} ...) is the plain {} (all arguments), while {00} or {-0}
		// is a position past the last argument (empty).
		num = math.MaxInt32
	}
	switch body[k:] {
	case "":
		tf = tfNone
	case ".":
		tf = tfNoExt
	case "/":
		tf = tfBase
	case "//":
		tf = tfDir
	case "/.":
		tf = tfBaseNoExt
	default:
		plusTf, isPlus := plusSuffixes[body[k:]]
		if !plus || !isPlus {
			return 0, 0, 0, false
		}
		tf = plusTf
	}
	return num, tf, end + 1, true
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

// plusSuffixes are the --plus forms of positional replacement strings
// ({1..}, {2+.}, ...).
var plusSuffixes = map[string]transform{
	"..": tfNoExt2, "...": tfNoExt3, "+.": tfExt, "+..": tfExt2, "+...": tfExt3,
	"+/": tfDirPart, "/..": tfBaseNoExt2, "/...": tfBaseNoExt3,
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
		return expandPieces(b, t.pieces, args, args, seq, slot, quote)
	}
	t.words(func(word []piece, blank string) {
		if word == nil {
			b = append(b, blank...)
			return
		}
		if !repeats(word) || len(args) < 2 {
			b = expandPieces(b, word, args, args, seq, slot, quote)
			return
		}
		for i := range args {
			if i > 0 {
				b = append(b, ' ')
			}
			b = expandPieces(b, word, args, args[i:i+1], seq, slot, quote)
		}
	})
	return b
}

// expandPieces expands pieces; all-arguments replacement strings take
// their values from all, positional ones from args.
func expandPieces(b []byte, pieces []piece, args, all []string, seq, slot int, quote bool) []byte {
	for _, p := range pieces {
		switch p.kind {
		case pkLit, pkBlank:
			b = append(b, p.lit...)
		case pkSeq, pkSlot, pkTotal:
			b = p.appendNumber(b, seq, slot)
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
	if !t.ctx {
		w.add(t.pieces, args, args, seq, slot)
		w.flush()
		return w.words
	}
	t.words(func(word []piece, blank string) {
		if word == nil {
			w.flush()
			return
		}
		if !repeats(word) || len(args) < 2 {
			w.add(word, args, args, seq, slot)
			return
		}
		for i := range args {
			w.flush()
			w.add(word, args, args[i:i+1], seq, slot)
		}
	})
	w.flush()
	return w.words
}

// wordBuilder splits expanded pieces into words as a shell would.
type wordBuilder struct {
	words []string
	cur   []byte
	in    bool
}

func (w *wordBuilder) flush() {
	if w.in {
		w.words = append(w.words, string(w.cur))
		w.cur = w.cur[:0]
		w.in = false
	}
}

func (w *wordBuilder) add(pieces []piece, args, all []string, seq, slot int) {
	for _, p := range pieces {
		switch p.kind {
		case pkBlank:
			w.flush()
		case pkLit:
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
		return extPart(v, 1)
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
