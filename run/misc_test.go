package run

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Tests of the options of the misc group (see also cmd/crew's differential
// test against GNU parallel).

func TestRunFiles(t *testing.T) {
	dir := t.TempDir()
	out, errOut, code := runArgs(t, t.Context(), "-k", "--files", "--tmpdir", dir, "--tag", "echo {}; echo lost >&2", ":::", "a", "b")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	name := regexp.MustCompile(`^([ab])\t` + regexp.QuoteMeta(dir) + `/par[A-Za-z0-9_]{5}\.par$`)
	for i, l := range lines {
		m := name.FindStringSubmatch(l)
		if m == nil || m[1] != []string{"a", "b"}[i] {
			t.Fatalf("line %q: want TAG<TAB>%s/parXXXXX.par", l, dir)
		}
		b, err := os.ReadFile(strings.TrimPrefix(l, m[1]+"\t"))
		if err != nil || string(b) != m[1]+"\n" {
			t.Errorf("%s holds %q, %v; want the job's stdout", l, b, err)
		}
	}
	if _, errOut, code := runArgs(t, t.Context(), "--files", "--tmpdir", filepath.Join(dir, "none"), "echo", ":::", "a"); code != 255 || !strings.Contains(errOut, "not a directory") {
		t.Errorf("--files with a missing --tmpdir: exit %d, %q; want 255 naming the problem", code, errOut)
	}
}

func TestRunCompress(t *testing.T) {
	// cat as compressor and tr as decompressor show that both run.
	out, _, code := runArgs(t, t.Context(), "-k", "--compress-program", "cat", "--decompress-program", "tr a-z A-Z", "--tag", "echo {}", ":::", "a", "b")
	if code != 0 || out != "a\tA\nb\tB\n" {
		t.Errorf("through tr: %q, exit %d", out, code)
	}
	// A big output through gzip comes back whole, in order.
	out, _, code = runArgs(t, t.Context(), "-k", "-j2", "--compress-program", "gzip", "seq", ":::", "20000", "3")
	if code != 0 || !strings.HasSuffix(out, "19999\n20000\n1\n2\n3\n") || strings.Count(out, "\n") != 20003 {
		t.Errorf("seq through gzip: %d lines, exit %d", strings.Count(out, "\n"), code)
	}
	// A compressor that fails fails the job, with GNU parallel's 255.
	out, errOut, code := runArgs(t, t.Context(), "--compress-program", "false", "echo", ":::", "a")
	if code != 1 || out != "" || !strings.Contains(errOut, "false failed") {
		t.Errorf("failing compressor: %q, %q, exit %d", out, errOut, code)
	}
}

func TestRunColor(t *testing.T) {
	palette := palette()
	if len(palette) != 307 || palette[1] != "\033[48;5;134;38;5;231m" {
		t.Fatalf("palette: %d colours, job 1 %q", len(palette), palette[1])
	}
	out, _, _ := runArgs(t, t.Context(), "-k", "--ctag", "printf 'x\\ry'", ":::", "a")
	want := palette[1] + colorEOL + "a\tx" + colorReset + "\r" + palette[1] + colorEOL + "a\ty" + colorReset + "\n"
	if out != want {
		t.Errorf("--ctag: %q, want %q", out, want)
	}
	out, _, _ = runArgs(t, t.Context(), "-k", "--cf", "echo {}; exit {}", ":::", "0", "1")
	if want := "0\n" + colorFail + colorEOL + "1" + colorReset + "\n"; out != want {
		t.Errorf("--color-failed: %q, want %q", out, want)
	}
}

func TestRunWorkDir(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	out, errOut, code := runArgs(t, t.Context(), "-k", "--wd", "w/{}", "pwd; echo $PWD #", ":::", "a", "b")
	want := filepath.Join(dir, "w/a") + "\n" + filepath.Join(dir, "w/a") + "\n" + filepath.Join(dir, "w/b") + "\n" + filepath.Join(dir, "w/b") + "\n"
	if code != 0 || out != want {
		t.Errorf("--wd w/{}: %q (%q), want %q", out, errOut, want)
	}
	home := filepath.Join(dir, "home")
	t.Setenv("HOME", home)
	out, _, code = runArgs(t, t.Context(), "--wd", "...", "pwd", ":::", "a")
	if code != 0 || !strings.HasPrefix(out, home+"/.parallel/tmp/") {
		t.Errorf("--wd ...: %q", out)
	}
	if _, err := os.Stat(strings.TrimSpace(out)); !os.IsNotExist(err) {
		t.Errorf("--wd ...: %s is left behind (%v)", out, err)
	}
	os.WriteFile("file", nil, 0o644)
	if _, errOut, code := runArgs(t, t.Context(), "--wd", "file", "pwd", ":::", "a"); code != 255 || !strings.Contains(errOut, "--wd") {
		t.Errorf("--wd on a file: exit %d, %q", code, errOut)
	}
}

func TestRunShellQuoteAndMaxChars(t *testing.T) {
	out, _, _ := runArgs(t, t.Context(), "-k", "--shell-quote", "--shell-quote", "echo", ":::", "a b")
	if want := Quote(Quote("echo 'a b'")) + "\n"; out != want {
		t.Errorf("--shell-quote twice: %q, want %q", out, want)
	}
	out, _, _ = runArgs(t, t.Context(), "-k", "-j1", "-s", "20", "-m", "echo", ":::", "aaa", "bbb", "ccc", "ddd", "eee", "fff")
	if out != "aaa bbb ccc\nddd eee fff\n" {
		t.Errorf("-s 20 -m: %q", out)
	}
	out, errOut, code := runArgs(t, t.Context(), "-k", "-j1", "-s", "10", "echo", ":::", "a", "bbbbbbbbbbbb", "c")
	if out != "a\n" || code != 255 || !strings.Contains(errOut, "command line too long (17 >= 10)") {
		t.Errorf("-s 10 with a long input: %q, %q, exit %d", out, errOut, code)
	}
}
