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
		for _, w := range words {
			t := parseTemplate(w, r)
			has = has || t.hasRepl
			c.words = append(c.words, t)
		}
		c.append = !has && !noAppend
		return c
	}
	t := parseTemplate(strings.Join(words, " "), r)
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
		for i, w := range c.words {
			if i > 0 {
				b = append(b, ' ')
			}
			b = append(b, Quote(string(w.expand(nil, args, seq, slot, false)))...)
		}
		if c.append {
			for _, a := range args {
				b = append(b, ' ')
				b = append(b, Quote(a)...)
			}
		}
		return string(b)
	}
	return string(c.t.expand(nil, args, seq, slot, true))
}

// argv returns the words to exec directly, or ok=false when the job needs
// a shell.
func (c *command) argv(args []string, seq, slot int) (argv []string, ok bool) {
	switch c.kind {
	case cmdInput:
		return nil, false
	case cmdQuoted:
		argv = make([]string, 0, len(c.words)+len(args))
		for _, w := range c.words {
			argv = append(argv, string(w.expand(nil, args, seq, slot, false)))
		}
		if c.append {
			argv = append(argv, args...)
		}
	default:
		if !c.t.safe {
			return nil, false
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

// needsShell reports whether a command name must be run by a shell: shell
// keywords and builtins whose meaning differs from (or has no) executable,
// and variable assignments.
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
		source suspend times trap type typeset ulimit umask unalias unset wait pwd`) {
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
