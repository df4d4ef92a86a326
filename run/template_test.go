package run

import (
	"slices"
	"testing"
)

func TestQuote(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"abc", "abc"},
		{"a-b_c.d+e/f", "a-b_c.d+e/f"},
		{"", "''"},
		{"a b", "'a b'"},
		{"it's", `'it'"'"'s'`},
		{"'", `"'"`},
		// As GNU parallel 20221122 prints them (parallel --dry-run echo ::: ...).
		{"''a", `"'"''"'"'a'`},
		{"a''b", `'a'"'"''"'"'b'`},
		{"'''", `"'"''"'"''"'"`},
		{"x$y", "'x$y'"},
		{"a\nb", "'a\nb'"},
		{"é", "'é'"},
		{"\xff", "'\xff'"},
	} {
		if got := Quote(tc.in); got != tc.want {
			t.Errorf("Quote(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestTransforms(t *testing.T) {
	for _, tc := range []struct{ in, noext, base, dir, basenoext string }{
		{"a/b.c/d.tar.gz", "a/b.c/d.tar", "d.tar.gz", "a/b.c", "d.tar"},
		{"x", "x", "x", ".", "x"},
		{".hidden", "", ".hidden", ".", ""},
		{"/abs/f.txt", "/abs/f", "f.txt", "/abs", "f"},
		{"noext/", "noext/", "", ".", ""},
		{"", "", "", ".", ""},
		{"/", "/", "", "/", ""},
		{"a//b", "a//b", "b", "a", "b"},
	} {
		got := []string{removeExt(tc.in), basename(tc.in), dirname(tc.in), removeExt(basename(tc.in))}
		want := []string{tc.noext, tc.base, tc.dir, tc.basenoext}
		if !slices.Equal(got, want) {
			t.Errorf("%q: {.} {/} {//} {/.} = %q, want %q", tc.in, got, want)
		}
	}
}

func TestPlusTransforms(t *testing.T) {
	r := Replacements{plus: true, cnt: &counts{total: 120, slots: 8}}
	c := newCommand([]string{"echo", "{..}|{...}|{+.}|{+..}|{+...}|{+/}|{/..}|{/...}|{##}|{0#}|{0%}|{1..}"}, false, false, false, r)
	got := c.shellLine([]string{"d/e.f.g.h"}, 7, 3)
	want := "echo d/e.f|d/e|h|g.h|f.g.h|d|e.f|e|120|007|3|d/e.f"
	if got != want {
		t.Errorf("--plus line %q, want %q", got, want)
	}
	// Without --plus these are not replacement strings.
	if got := newCommand([]string{"echo", "{..}"}, false, false, false, Replacements{}).shellLine([]string{"a.b.c"}, 1, 1); got != "echo {..} a.b.c" {
		t.Errorf("without --plus: %q", got)
	}
}

func TestPlusDynamic(t *testing.T) {
	r := Replacements{plus: true}
	for _, tc := range []struct{ tmpl, in, want string }{
		{"{:-none}", "", "none"},
		{"{:-none}", "x", "x"},
		{"{:2}", "abcdef", "cdef"},
		{"{:1:3}", "abcdef", "bcd"},
		{"{#a.}", "abacad", "acad"},
		{"{##a.*c}", "aacxcd", "d"},
		{"{%.d}", "abcdcd", "abcd"},
		{"{%%c.*d}", "aacxcd", "aa"},
		{"{/b/X}", "abab", "aXab"},
		{"{//b/X}", "abab", "aXaX"},
		{"{^ab}", "abab", "ABab"},
		{"{^^b}", "abab", "aBaB"},
		{"{,AB}", "ABAB", "abAB"},
		{"{,,B}", "ABAB", "AbAb"},
	} {
		c := newCommand([]string{"echo", tc.tmpl}, false, false, false, r)
		argv, _ := c.argv([]string{tc.in}, 1, 1)
		got := ""
		if len(argv) > 1 {
			got = argv[1]
		}
		if got != tc.want {
			t.Errorf("%s on %q = %q, want %q", tc.tmpl, tc.in, got, tc.want)
		}
	}
}

func TestCommandLine(t *testing.T) {
	for _, tc := range []struct {
		name  string
		words []string
		quote bool
		r     Replacements
		args  []string
		line  string
		argv  []string // nil: needs a shell
		ctx   bool
	}{
		{name: "context -N", words: []string{"echo", "[{}]", "x{.}y", "[{1}]"}, ctx: true, args: []string{"a.x", "b.y"}, line: "echo [a.x] [b.y] xay xby [a.x]"},
		{name: "context safe", words: []string{"touch", "-{}{}-"}, ctx: true, args: []string{"a", "b"}, line: "touch -aa- -bb-", argv: []string{"touch", "-aa-", "-bb-"}},
		{name: "context one arg", words: []string{"echo", "{}"}, ctx: true, args: []string{"a b"}, line: "echo 'a b'", argv: []string{"echo", "a b"}},
		{name: "echo backslash needs shell", words: []string{"echo"}, args: []string{`a\nb`}, line: `echo 'a\nb'`},
		{name: "append", words: []string{"echo"}, args: []string{"a b"}, line: "echo 'a b'", argv: []string{"echo", "a b"}},
		{name: "braces", words: []string{"echo", "{}", "{.}"}, args: []string{"f.txt"}, line: "echo f.txt f", argv: []string{"echo", "f.txt", "f"}},
		{name: "in word", words: []string{"echo", "x{}y"}, args: []string{"a b"}, line: "echo x'a b'y", argv: []string{"echo", "xa by"}},
		{name: "multi args", words: []string{"echo", "<{}>"}, args: []string{"a", "b"}, line: "echo <a b>"},
		{name: "multi args safe", words: []string{"touch", "-{}-"}, args: []string{"a", "b"}, line: "touch -a b-", argv: []string{"touch", "-a", "b-"}},
		{name: "positional", words: []string{"echo", "{2}", "{1}", "{-1}"}, args: []string{"a", "b"}, line: "echo b a b", argv: []string{"echo", "b", "a", "b"}},
		{name: "missing positional", words: []string{"echo", "{3}"}, args: []string{"a"}, line: "echo ", argv: []string{"echo"}},
		{name: "empty arg", words: []string{"echo"}, args: []string{""}, line: "echo ''", argv: []string{"echo", ""}},
		{name: "seq slot", words: []string{"echo", "{#}-{%}"}, args: []string{"a"}, line: "echo 7-2", argv: []string{"echo", "7-2"}},
		{name: "pipe needs shell", words: []string{"echo {} | cat"}, args: []string{"a"}, line: "echo a | cat"},
		{name: "builtin needs shell", words: []string{"cd", "{}"}, args: []string{"/"}, line: "cd /"},
		{name: "assignment needs shell", words: []string{"X=1", "env"}, args: []string{"a"}, line: "X=1 env a"},
		{name: "quote -q", words: []string{"echo", "a {}"}, quote: true, args: []string{"x y"}, line: "echo 'a x y'", argv: []string{"echo", "a x y"}},
		{name: "quote -q append", words: []string{"awk", "{print $1}"}, quote: true, args: []string{"x y"}, line: `awk '{print $1}' 'x y'`, argv: []string{"awk", "{print $1}", "x y"}},
		{name: "printf needs the shell", words: []string{"printf", "%s\n"}, quote: true, args: []string{"x y"}, line: `printf '%s` + "\n" + `' 'x y'`},
		{name: "no command", words: nil, args: []string{"echo a", "b"}, line: "echo a b"},
		{name: "-I", words: []string{"mv", "@", "@.bak"}, r: Replacements{Arg: "@"}, args: []string{"f"}, line: "mv f f.bak", argv: []string{"mv", "f", "f.bak"}},
		{name: "-I keeps {}", words: []string{"echo", "{}", "@"}, r: Replacements{Arg: "@"}, args: []string{"f"}, line: "echo {} f"},
		{name: "only seq: no append", words: []string{"echo", "{#}"}, args: []string{"a"}, line: "echo 7", argv: []string{"echo", "7"}},
		{name: "newline value", words: []string{"echo"}, args: []string{"a\nb"}, line: "echo 'a\nb'", argv: []string{"echo", "a\nb"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newCommand(tc.words, tc.quote, tc.ctx, false, tc.r)
			if got := c.shellLine(tc.args, 7, 2); got != tc.line {
				t.Errorf("shellLine = %q, want %q", got, tc.line)
			}
			argv, ok := c.argv(tc.args, 7, 2)
			if tc.argv == nil {
				if ok {
					t.Errorf("argv = %q, want a shell", argv)
				}
				return
			}
			if !ok || !slices.Equal(argv, tc.argv) {
				t.Errorf("argv = %q, %v; want %q", argv, ok, tc.argv)
			}
		})
	}
}
