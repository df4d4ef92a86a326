package run

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestSplitShellWords(t *testing.T) {
	// Each want was checked against Perl's Text::ParseWords::shellwords,
	// which GNU parallel uses for $PARALLEL and profile lines.
	cases := []struct {
		line string
		want []string
	}{
		{`a b  c`, []string{"a", "b", "c"}},
		{`  lead`, []string{"lead"}},
		{`trail  `, []string{"trail"}},
		{`"a b" c`, []string{"a b", "c"}},
		{`'a b' c`, []string{"a b", "c"}},
		{`a"b c"d`, []string{"ab cd"}},
		{`'a\'b'`, []string{`a\'b`}},
		{`'a\\b'`, []string{`a\\b`}},
		{`"a\"b"`, []string{`a"b`}},
		{`"a\b"`, []string{`ab`}},
		{`a\ b`, []string{"a b"}},
		{`a\`, nil},
		{`"unbal`, nil},
		{`'unbal`, nil},
		{`x "unbal`, nil},
		{`a"b`, nil},
		{`""`, []string{""}},
		{`''`, []string{""}},
		{`"" x`, []string{"", "x"}},
		{`a""b`, []string{"ab"}},
		{`-k --tagstring "X Y"`, []string{"-k", "--tagstring", "X Y"}},
		{`a\\b`, []string{`a\b`}},
		{`\"x`, []string{`"x`}},
		{`a'b'c`, []string{"abc"}},
		{"\"a\"\n\"b\"", []string{"a", "b"}},
		{"x\ny", []string{"x", "y"}},
		{"", nil},
		{"  ", nil},
		{`"a"b`, []string{"ab"}},
		{`a  "b"`, []string{"a", "b"}},
		{`"a" "b"`, []string{"a", "b"}},
		{`a\tb`, []string{"atb"}},
		{`don't`, nil},
	}
	for _, c := range cases {
		if got := splitShellWords(c.line); !slices.Equal(got, c.want) {
			t.Errorf("splitShellWords(%q) = %q, want %q", c.line, got, c.want)
		}
	}
}

// fakeEnv is an environment for ParseCommandLine.
func fakeEnv(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestParseCommandLineProfiles(t *testing.T) {
	dir := t.TempDir()
	home := filepath.Join(dir, "home")
	ph := filepath.Join(dir, "ph")
	xdg := filepath.Join(dir, "xdg")
	writeFiles(t, dir, map[string]string{
		"ph/config":             "# a comment\n  # and another\n-j3\n--tag\n",
		"ph/nice":               "-j1 nice\n",
		"ph/tagged":             "--tagstring P\n",
		"home/.parallel/config": "--tagstring H\n",
		"home/.parallel/tagged": "-k\n",
		"xdg/parallel/config":   "--shuf\n",
		"rel":                   "--dry-run\n",
	})
	t.Chdir(dir)
	cases := []struct {
		name string
		env  []string
		args string
		want func(o *Options) bool
		cmd  string
	}{
		{"config-then-home", []string{"PARALLEL_HOME", ph, "HOME", home}, "echo",
			func(o *Options) bool { return o.Jobs == 3 && o.Tag && o.TagString == "H" }, "echo"},
		{"command-line-wins", []string{"PARALLEL_HOME", ph, "HOME", home}, "-j 5 --tagstring C echo",
			func(o *Options) bool { return o.Jobs == 5 && o.TagString == "C" }, "echo"},
		{"env-over-config", []string{"PARALLEL_HOME", ph, "HOME", home, "PARALLEL", "-j4 --tagstring 'E F'"}, "echo",
			func(o *Options) bool { return o.Jobs == 4 && o.TagString == "E F" }, "echo"},
		{"env-zero-ignored", []string{"HOME", home, "PARALLEL", "0"}, "echo",
			func(o *Options) bool { return o.TagString == "H" }, "echo"},
		{"profile-words-prefix-command", []string{"PARALLEL_HOME", ph, "HOME", home, "PARALLEL", "-k time"}, "-J nice echo",
			func(o *Options) bool { return o.Jobs == 1 && o.KeepOrder && !o.Tag }, "nice time echo"},
		{"profile-in-every-dir", []string{"PARALLEL_HOME", ph, "HOME", home}, "--profile tagged echo",
			func(o *Options) bool { return o.TagString == "P" && o.KeepOrder && o.Jobs != 3 }, "echo"},
		{"profile-missing-ignored", []string{"HOME", home}, "-J nope echo",
			func(o *Options) bool { return o.TagString == "" }, "echo"},
		{"profile-relative-path", []string{"HOME", home}, "-J ./rel echo",
			func(o *Options) bool { return o.DryRun }, "echo"},
		{"plain", []string{"PARALLEL_HOME", ph, "HOME", home, "PARALLEL", "-k"}, "--plain -J nice echo",
			func(o *Options) bool { return !o.KeepOrder && !o.Tag && o.Jobs != 1 }, "echo"},
		{"xdg-config", []string{"XDG_CONFIG_HOME", xdg, "HOME", filepath.Join(dir, "nohome")}, "echo",
			func(o *Options) bool { return o.Shuffle }, "echo"},
		{"no-keep-order-overrides", []string{"HOME", home, "PARALLEL", "--no-keep-order"}, "-k echo",
			func(o *Options) bool { return !o.KeepOrder }, "echo"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o, err := ParseCommandLine(strings.Fields(c.args), fakeEnv(c.env...))
			if err != nil {
				t.Fatal(err)
			}
			if !c.want(o) || strings.Join(o.Command, " ") != c.cmd {
				t.Errorf("ParseCommandLine(%q) = %+v", c.args, o)
			}
		})
	}

	_, err := ParseCommandLine([]string{"echo"}, fakeEnv("HOME", home, "PARALLEL", "--no-such"))
	if err == nil || !strings.Contains(err.Error(), "--no-such") || !strings.Contains(err.Error(), "$PARALLEL") {
		t.Errorf("bad $PARALLEL: error %v, want it to name the option and $PARALLEL", err)
	}
}

func TestLengthModel(t *testing.T) {
	// The lengths GNU parallel 20221122 reports in "Command line too long
	// (N >= limit)" for these command lines and inputs.
	cases := []struct {
		args string
		recs [][]string
		want int
	}{
		{"echo", [][]string{{"aaa"}}, 8},
		{"-m echo", [][]string{{"aaa"}, {"bbb"}, {"ccc"}}, 16},
		{"-X echo pre{}post", [][]string{{"aaa"}}, 15},
		{"echo {} {}", [][]string{{"bbbbbbbb"}}, 22},
		{"--shell-quote echo", [][]string{{"a"}}, 90},
		{"-m echo", [][]string{{"d'e"}}, 14},
	}
	for _, c := range cases {
		o, err := ParseArgs(strings.Fields(c.args))
		if err != nil {
			t.Fatal(err)
		}
		cmd := newCommand(o.Command, o.Quote, o.ContextReplace, false, o.Replace)
		if got := newLengthModel(cmd, o).length(c.recs, 1, 1); got != c.want {
			t.Errorf("%s with %q: length %d, want %d", c.args, c.recs, got, c.want)
		}
	}
}

func TestParseCSV(t *testing.T) {
	// Each want was checked against Perl's Text::CSV (binary on), which
	// GNU parallel's --csv uses; "ERR" is a parse error.
	cases := []struct {
		line string
		want string // fields joined with |
	}{
		{"a,b,c", "a|b|c"}, {"a,,b", "a||b"}, {"a,", "a|"}, {",", "|"}, {`"a,b",c`, "a,b|c"},
		{`"a""b"`, `a"b`}, {`"a"b`, "ERR"}, {`"a" `, "ERR"}, {` "a"`, "ERR"}, {`a"b`, "ERR"},
		{"\"a\nb\",c", "a\nb|c"}, {"a\nb,c", "a"}, {"\"a\"\nb", "a"}, {"a\r", "ERR"}, {"a\rb", "ERR"},
		{"\"a\r\"", "a\r"}, {"a\r\nb", "a"}, {`""`, ""}, {`"",""`, "|"}, {`"a`, "ERR"}, {`x,"a`, "ERR"},
		{`"a""`, "ERR"}, {"a b, c ", "a b| c "}, {`"a",`, "a|"}, {"\"a\"\r", "ERR"}, {"\"a\"\r\n", "a"},
	}
	for _, c := range cases {
		f, err := parseCSV(c.line, ',')
		got := strings.Join(f, "|")
		if err != nil {
			got = "ERR"
		}
		if got != c.want {
			t.Errorf("parseCSV(%q) = %q (%v), want %q", c.line, got, err, c.want)
		}
	}
}
