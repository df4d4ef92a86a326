package run

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestShWords(t *testing.T) {
	for in, want := range map[string][]string{
		`--shebang -k echo`:         {"--shebang", "-k", "echo"},
		`  a   b  `:                 {"a", "b"},
		`--colsep ' ' echo {2}`:     {"--colsep", " ", "echo", "{2}"},
		`"a \"b\" \x" c\ d ''`:      {`a "b" \x`, "c d", ""},
		`pre'mid'"post" --tag`:      {"premidpost", "--tag"},
		`--shebang-wrap /bin/sh -e`: {"--shebang-wrap", "/bin/sh", "-e"},
	} {
		got, err := shWords(in)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("shWords(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{`'open`, `"open`} {
		if _, err := shWords(bad); err == nil {
			t.Errorf("shWords(%q) took it", bad)
		}
	}
}

func TestParseShebang(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "s")
	os.WriteFile(script, []byte("#!/usr/bin/env -S crew run --shebang -k echo\na\n"), 0o755)
	wrap := filepath.Join(dir, "w")
	os.WriteFile(wrap, []byte("#!/usr/bin/crew run --shebang-wrap --pipe /usr/bin/perl -n\nprint;\n"), 0o755)
	for _, tc := range []struct {
		args    []string
		command string
		sources int
	}{
		// Linux: the #! line's words in one argument.
		{[]string{"--shebang -k echo", script}, "echo", 1},
		// env -S: one by one.
		{[]string{"--shebang", "-k", "echo", script}, "echo", 1},
		{[]string{"--hashbang -k echo", script, "x"}, "echo x", 1},
		{[]string{"--shebang-wrap --pipe /usr/bin/perl -n", wrap, "f1", "f2"}, "/usr/bin/perl -n " + wrap, 0},
	} {
		o, err := ParseArgs(tc.args)
		if err != nil {
			t.Fatalf("ParseArgs(%q): %v", tc.args, err)
		}
		if got := strings.Join(o.Command, " "); got != tc.command || len(o.Sources) != tc.sources {
			t.Errorf("ParseArgs(%q): command %q, %d sources; want %q, %d", tc.args, got, len(o.Sources), tc.command, tc.sources)
		}
		if tc.sources == 1 && (o.Sources[0].Path != script || !o.Sources[0].SkipFirstLine) {
			t.Errorf("ParseArgs(%q): source %+v, want the script without its first line", tc.args, o.Sources[0])
		}
		if tc.sources == 0 && !slices.Equal(o.pipeFiles, []string{"f1", "f2"}) {
			t.Errorf("ParseArgs(%q): --pipe files %q", tc.args, o.pipeFiles)
		}
	}
	if _, err := ParseArgs([]string{"-k", "--shebang", "echo"}); err == nil || !strings.Contains(err.Error(), "first option") {
		t.Errorf("--shebang not first: %v", err)
	}
	if _, err := ParseArgs([]string{"--shebang"}); err == nil {
		t.Error("--shebang without a script taken")
	}
}

func TestTemplateFiles(t *testing.T) {
	dir := t.TempDir()
	tmpl := filepath.Join(dir, "t.tmpl")
	os.WriteFile(tmpl, []byte("v={} n={#} b={/.}\n"), 0o644)
	out, errOut, code := runArgs(t, t.Context(), "-k", "--tmpl", tmpl+"="+dir+"/{#}.t", "cat", dir+"/{#}.t", ":::", "x/a b.c", "d")
	if code != 0 || out != "v=x/a b.c n=1 b=a b\nv=d n=2 b=d\n" {
		t.Errorf("exit %d, output %q, stderr %q", code, out, errOut)
	}
	_, _, code = runArgs(t, t.Context(), "--cleanup", "--tmpl", tmpl+"="+dir+"/c{#}.t", "test -e "+dir+"/c{#}.t", ":::", "a")
	if _, err := os.Stat(filepath.Join(dir, "c1.t")); code != 0 || err == nil {
		t.Errorf("--cleanup: exit %d, file left: %v", code, err)
	}
	if _, err := ParseArgs([]string{"--tmpl", "nofile", "echo"}); err == nil {
		t.Error("--tmpl without = taken")
	}
}
