package run

import (
	"slices"
	"testing"
)

func TestPerlSpan(t *testing.T) {
	for _, tc := range []struct {
		s, left, right string
		spans          [][2]int
	}{
		{"echo {= s/a/b/ =} x", "{=", "=}", [][2]int{{5, 17}}},
		{"{==}{= $_ =}", "{=", "=}", [][2]int{{0, 4}, {4, 12}}},
		{"{={==}=}", "{=", "=}", [][2]int{{2, 6}}}, // the innermost, as GNU parallel
		{"{= open", "{=", "=}", nil},
		{"{=}", "{=", "=}", nil},
		{",,s/I/O/g,, ,,x,,", ",,", ",,", [][2]int{{0, 11}, {12, 17}}},
		{"as/I/O/gbc", "a", "bc", [][2]int{{0, 10}}},
	} {
		var got [][2]int
		for from := 0; ; {
			start, end, ok := perlSpan(tc.s, from, tc.left, tc.right)
			if !ok {
				break
			}
			got = append(got, [2]int{start, end})
			from = end
		}
		if !slices.Equal(got, tc.spans) {
			t.Errorf("perlSpan(%q, %q, %q) = %v, want %v", tc.s, tc.left, tc.right, got, tc.spans)
		}
	}
}

func TestPerlPiece(t *testing.T) {
	for _, tc := range []struct {
		expr, code string
		pos        int
	}{
		{" s/a/b/ ", "s/a/b/ ", 0},
		{"2 s/a/b/", "s/a/b/", 2},
		{"-1 $_=uc", "$_=uc", -1},
		{"2", "", 2},
		{"0 x", "x", 0},        // "0" is false in Perl: not positional
		{"00 x", "x", 1 << 30}, // "00" is true but no argument
		{"2 3 x", "3 x", 2},    // GNU strips digits and blanks only once more
		{"-x", "-x", 0},
		{"", "", 0},
	} {
		p := perlPiece(tc.expr)
		if p.kind != pkPerl || p.code != tc.code || p.pos != tc.pos {
			t.Errorf("perlPiece(%q) = code %q pos %d, want %q %d", tc.expr, p.code, p.pos, tc.code, tc.pos)
		}
	}
}

func TestParsePerlTemplates(t *testing.T) {
	rpl := func(defs ...string) Replacements {
		r := Replacements{Rpl: defs}
		if err := r.compile(); err != nil {
			t.Fatal(err)
		}
		return r
	}
	for _, tc := range []struct {
		name, tmpl string
		r          Replacements
		want       string // String() of the parsed template
	}{
		{"expression", "echo {= s/a/b/ =}", Replacements{}, "echo {=s/a/b/ =}"},
		{"positional", "echo {=2 $_=uc=} {=-1=}", Replacements{}, "echo {=2 $_=uc=} {=-1 =}"},
		{"braces inside stay perl", "{= s/{}/x/ =}{}", Replacements{}, "{=s/{}/x/ =}{}"},
		{"parens", "x ,,s/a/b/,, {= y =}", Replacements{Parens: ",,,,"}, "x {=s/a/b/=} {= y =}"},
		{"header name", "{=name s/a/A/ =} {=x=}", Replacements{names: map[string]int{"name": 1, "x": 2}}, "{=1 s/a/A/ =} {=2 =}"},
		{"rpl fixed", "echo {up} a{up}", rpl("{up} $_=uc"), "echo {=$_=uc=} a{=$_=uc=}"},
		{"rpl positional", "{2up} {-1 up}", rpl("{up} $_=uc"), "{=2 $_=uc=} {=-1 $_=uc=}"},
		{"rpl no code", "{x}", rpl("{x}"), "{==}"},
		{"rpl groups", "{%.gz}", rpl("{%(.*?)} s/$$1//"), `{=$_crew_rpl_group1 = ".gz";s/$_crew_rpl_group1//=}`},
		{"rpl groups quoted", `{%"$@}`, rpl("{%(.*?)} s/$$1//"), `{=$_crew_rpl_group1 = "\"\$\@";s/$_crew_rpl_group1//=}`},
		{"rpl two groups", "{a/b}", rpl("{(.*?)/(.*?)} $_=$$2"), `{=$_crew_rpl_group1 = "a";$_crew_rpl_group2 = "b";$_=$_crew_rpl_group2=}`},
		// A longer tag wins over {%}, as GNU replaces longest tags first.
		{"rpl over builtin", "{%}", rpl("{%(.*?)} s/$$1//"), `{=$_crew_rpl_group1 = "";s/$_crew_rpl_group1//=}`},
		{"rpl redefines builtin", "{} {1} {.}", rpl("{} s/a/A/"), "{=s/a/A/=} {=1 s/a/A/=} {.}"},
		{"rpl longest first", "%%%", rpl("% s/a/b/", "%% s/a/c/"), "{=s/a/c/=}{=s/a/b/=}"},
		{"rpl not inside expressions", "{= {up} =}", rpl("{up} $_=uc"), "{={up} =}"},
		{"rpl positional digits join", "{2#0}", rpl("{#0} 1 $_=seq()"), "{=21 $_=seq()=}"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := parseTemplate(tc.tmpl, tc.r).String(); got != tc.want {
				t.Errorf("parseTemplate(%q) = %q, want %q", tc.tmpl, got, tc.want)
			}
		})
	}
}

func TestMergePerlWords(t *testing.T) {
	got := mergePerlWords([]string{"printf", "{=", "$_.=1", "=}", "{= a =}", "{={==}", "x", "=}", "{= open"}, "{=", "=}")
	want := []string{"printf", "{= $_.=1 =}", "{= a =}", "{={==} x =}", "{= open"}
	if !slices.Equal(got, want) {
		t.Errorf("mergePerlWords = %q, want %q", got, want)
	}
}

func TestFirstWordUnquoted(t *testing.T) {
	for _, tc := range []struct {
		words []string
		want  string
	}{
		{[]string{"{}"}, "echo a  b"},
		{[]string{"{1}", "{2}"}, "echo a  b x y"},
		{[]string{"pre{}"}, "preecho a  b"},
		{[]string{"echo", "{}"}, "echo 'echo a  b'"},
		{[]string{"X={}"}, "X='echo a  b'"},
	} {
		c := newCommand(tc.words, false, false, false, Replacements{})
		args := []string{"echo a  b"}
		if len(tc.words) == 2 && tc.words[0] == "{1}" {
			args = []string{"echo a  b", "x y"}
		}
		if got := c.shellLine(args, 1, 1); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.words, got, tc.want)
		}
	}
	// Direct exec only when the shell would split nothing differently.
	c := newCommand([]string{"{}"}, false, false, false, Replacements{})
	if argv, ok := c.argv([]string{"echo a"}, 1, 1); !ok || !slices.Equal(argv, []string{"echo", "a"}) {
		t.Errorf("argv %q %v", argv, ok)
	}
	if _, ok := c.argv([]string{"echo a; b"}, 1, 1); ok {
		t.Error("a value with ; must go through the shell")
	}
}
