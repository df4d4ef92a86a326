package run

import (
	"os/exec"
	"strings"
	"sync"
)

// command turns a job's arguments into what to execute: a shell command
// line always (for the joblog, -v and --dry-run), and an argv to exec
// directly when no shell is needed.
type command struct {
	kind   cmdKind
	t      *template   // cmdTemplate
	words  []*template // cmdQuoted: one template per word (-q)
	append bool        // cmdQuoted: no replacement string, arguments become extra words
}

type cmdKind uint8

const (
	cmdTemplate cmdKind = iota // words joined by blanks, values quoted
	cmdQuoted                  // -q: each word is one argument
	cmdInput                   // no command: each input is the command line
)

func newCommand(words []string, quote, context, noAppend bool, r Replacements) *command {
	if len(words) == 0 {
		return &command{kind: cmdInput}
	}
	if quote {
		c := &command{kind: cmdQuoted}
		has := false
		left, right := parens(r.Parens)
		for _, w := range mergePerlWords(words, left, right) {
			t := parseTemplate(w, r)
			has = has || t.hasRepl
			if context {
				t.setContext()
			}
			c.words = append(c.words, t)
		}
		c.append = !has && !noAppend
		return c
	}
	t := parseTemplate(strings.Join(words, " "), r)
	t.unquoted = t.firstWordReplaced()
	if !t.hasRepl && !noAppend {
		t.appendArgs()
	}
	if context {
		t.setContext()
	}
	return &command{kind: cmdTemplate, t: t}
}

// shellLine is the command as a shell would be given it.
func (c *command) shellLine(args []string, seq, slot int) string {
	switch c.kind {
	case cmdInput:
		return strings.Join(args, " ")
	case cmdQuoted:
		var b []byte
		for i, w := range c.quotedArgv(args, seq, slot) {
			if i > 0 {
				b = append(b, ' ')
			}
			b = append(b, Quote(w)...)
		}
		return string(b)
	}
	return string(c.t.expand(nil, args, seq, slot, !c.t.unquoted))
}

// argv returns the words to exec directly, or ok=false when the job needs
// a shell.
func (c *command) argv(args []string, seq, slot int) (argv []string, ok bool) {
	switch c.kind {
	case cmdInput:
		return nil, false
	case cmdQuoted:
		argv = c.quotedArgv(args, seq, slot)
	default:
		if !c.t.safe {
			return nil, false
		}
		if c.t.unquoted {
			// The values are shell text: exec directly only when the
			// line has nothing a shell would interpret.
			line := c.shellLine(args, seq, slot)
			if !isSafeLiteral(line) {
				return nil, false
			}
			argv = strings.FieldsFunc(line, func(r rune) bool { return r == ' ' || r == '\t' })
			break
		}
		argv = c.t.argv(args, seq, slot)
	}
	if len(argv) == 0 || needsShell(argv[0]) {
		return nil, false
	}
	if argv[0] == "echo" {
		// Shells' echo builtins differ from /bin/echo (dash expands
		// backslash escapes, options vary): leave those to the shell.
		for _, a := range argv[1:] {
			if strings.IndexByte(a, '\\') >= 0 || strings.HasPrefix(a, "-") {
				return nil, false
			}
		}
	}
	return argv, true
}

// quotedArgv is the words of a -q command: each command word stays one
// word (its blanks and shell characters are literal), except that, as in
// GNU parallel, a replacement string for all of a job's values makes one
// word per value ("[{}]" with a, b gives "[a" and "b]"), and with context
// replace the blank-separated part of the word holding it repeats per value
// ("x [{}] y" gives "x [a]" and "[b] y").
func (c *command) quotedArgv(args []string, seq, slot int) []string {
	w := &wordBuilder{words: make([]string, 0, len(c.words)+len(args)), keepBlanks: true}
	for _, t := range c.words {
		t.addWords(w, args, seq, slot)
		w.in = true // an empty word is still a word
		w.flush()
	}
	if c.append {
		w.words = append(w.words, args...)
	}
	return w.words
}

// needsShell reports whether a command name must be run by a shell: shell
// keywords and builtins whose meaning differs from (or has no) executable,
// and variable assignments. printf and pwd are among them: /usr/bin/printf
// warns about extra arguments where the builtin GNU parallel runs does not,
// and /bin/pwd prints the physical directory where the builtin prints $PWD.
func needsShell(name string) bool {
	if strings.IndexByte(name, '=') >= 0 {
		return true
	}
	_, ok := shellWords[name]
	return ok
}

var shellWords = func() map[string]struct{} {
	m := map[string]struct{}{}
	for _, w := range strings.Fields(`! { } [[ ]] case coproc do done elif else esac fi for function if in
		select then time until while . : alias bg bind break builtin caller cd command compgen complete
		compopt continue declare dirs disown enable eval exec exit export fc fg getopts hash help history
		jobs let local logout mapfile popd pushd read readarray readonly return select set shift shopt
		source suspend times trap type typeset ulimit umask unalias unset wait printf pwd`) {
		m[w] = struct{}{}
	}
	return m
}()

// lookPath caches exec.LookPath: most runs exec the same program for every
// job.
type lookPath struct {
	mu sync.Mutex
	m  map[string]string // "" = not found
}

func (l *lookPath) find(name string) (string, bool) {
	l.mu.Lock()
	p, ok := l.m[name]
	l.mu.Unlock()
	if ok {
		return p, p != ""
	}
	p, err := exec.LookPath(name)
	if err != nil {
		p = ""
	}
	l.mu.Lock()
	if l.m == nil {
		l.m = map[string]string{}
	}
	if len(l.m) < 4096 {
		l.m[name] = p
	}
	l.mu.Unlock()
	return p, p != ""
}

// needsTotal reports whether the command shows the number of jobs ({##},
// {0#}), which must then be known before the first job starts.
func (c *command) needsTotal() bool {
	if c.t != nil && c.t.needsTotal {
		return true
	}
	for _, w := range c.words {
		if w.needsTotal {
			return true
		}
	}
	return false
}

// templates are the command's templates (none when each input is the
// command).
func (c *command) templates() []*template {
	if c.t != nil {
		return []*template{c.t}
	}
	return c.words
}

// resolve returns a copy of c for one job whose perl pieces hold their
// values (see template.resolve).
func (c *command) resolve(nargs int, val func(p *piece, k int) perlVal) *command {
	r := *c
	if c.t != nil {
		r.t = c.t.resolve(nargs, val)
	}
	if c.words != nil {
		r.words = make([]*template, len(c.words))
		for i, w := range c.words {
			r.words[i] = w
			if w.perl {
				r.words[i] = w.resolve(nargs, val)
			}
		}
	}
	return &r
}

// hasPerl reports whether the command has perl replacement strings.
func (c *command) hasPerl() bool {
	for _, t := range c.templates() {
		if t.perl {
			return true
		}
	}
	return false
}
