package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// shQuote quotes s for sh.
func shQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// screenOf runs argv in dir on a 40x10 terminal of tmux and returns the
// screen once it has ended.
func screenOf(t *testing.T, tmux string, argv []string, dir string, env []string) string {
	t.Helper()
	var q []string
	for _, a := range argv {
		q = append(q, shQuote(a))
	}
	script := filepath.Join(dir, "run.sh")
	body := "#!/bin/sh\ncd " + shQuote(dir) + "\n" + strings.Join(q, " ") + "\n" + shQuote(tmux) + " -S " + shQuote(dir+"/sock") + " wait-for -S done\nexec sleep 60\n"
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "sock")
	run := func(args ...string) string {
		cmd := exec.Command(tmux, append([]string{"-S", sock, "-f", "/dev/null"}, args...)...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %q: %v: %s", args, err, out)
		}
		return string(out)
	}
	defer run("kill-server")
	run("new-session", "-d", "-x", "40", "-y", "10", script)
	done := make(chan struct{})
	go func() {
		defer close(done)
		run("wait-for", "done")
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatalf("%q did not finish on the terminal", argv)
	}
	return run("capture-pane", "-p")
}

// TestLatestLineCompatGNUParallel compares the screens GNU parallel and
// crew run leave with --latest-line, on terminals of the same size.
func TestLatestLineCompatGNUParallel(t *testing.T) {
	parallel, crew, home, tools := compatTools(t, "tmux")
	tmux := tools[0]
	long := strings.Repeat("x", 50)
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"one-row-per-job", []string{"--ll", "-j1", "echo", ":::", "a", "b", "c"}},
		{"latest-of-several", []string{"--latest-line", "-j1", "echo 1{}; echo 22{}; echo 333{}", ":::", "a", "b"}},
		{"tag-and-tabs", []string{"--ll", "-j1", "--tag", "printf 'x\\ty{}\\n'", ":::", "a", "bb"}},
		{"cut-at-width", []string{"--ll", "-j1", "echo {}", ":::", long, "short"}},
		{"long-tag", []string{"--ll", "-j1", "--tagstring", long, "echo", ":::", "a"}},
		{"stderr-too", []string{"--ll", "-j1", "echo out{}; echo err{} >&2", ":::", "a"}},
		{"partial-last-line", []string{"--ll", "-j1", "printf 'line\\npart{}'", ":::", "a"}},
		{"more-jobs-than-rows", []string{"--ll", "-j1", "echo", ":::", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"}},
		{"keep-order-rows", []string{"--ll", "-k", "-j3", "sleep 0.{}; echo {}", ":::", "3", "1", "2"}},
		{"carriage-return", []string{"--ll", "-j1", "printf 'ab\\rcd\\r'", ":::", "x"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got [2]string
			for i, prefix := range [][]string{{parallel, "--will-cite"}, {crew, "run"}} {
				dir := t.TempDir()
				got[i] = screenOf(t, tmux, append(prefix, tc.args...), dir, compatEnv(home, dir, t.TempDir()))
			}
			if got[0] != got[1] {
				t.Errorf("crew run %s\nGNU parallel's screen:\n%s\ncrew's screen:\n%s", quoteArgs(tc.args), got[0], got[1])
			}
		})
	}
}
