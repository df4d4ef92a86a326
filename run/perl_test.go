package run

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// needPerl fails in CI (which has GNU parallel, so perl) and skips
// elsewhere when perl is missing.
func needPerl(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("perl"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("perl is needed in CI: %v", err)
		}
		t.Skipf("no perl: %v", err)
	}
}

func TestPerlExpressions(t *testing.T) {
	needPerl(t)
	for _, tc := range []struct {
		name string
		args []string
		out  string
		code int
	}{
		{"substitution", []string{"-k", "echo", "{= s/\\.gz$// =}", ":::", "a.gz", "b"}, "a\nb\n", 0},
		{"quoted result", []string{"-k", "--dry-run", "echo", "{= $_ .= ' x' =}", ":::", "a"}, "echo 'a x'\n", 0},
		{"uq", []string{"-k", "--dry-run", "echo", "{= $_ .= ' x'; uq() =}", ":::", "a"}, "echo a x\n", 0},
		{"uq goes through the shell", []string{"-k", "echo", "{= $_ = '$HOME'; uq() =}", ":::", "a"}, os.Getenv("HOME") + "\n", 0},
		{"Q", []string{"-k", "echo", "{= $_ = Q($_) =}", ":::", "a b"}, "'a b'\n", 0},
		{"seq slot", []string{"-k", "-j1", "echo", "{= $_ = $job->seq() * 2 . slot() =}", ":::", "a", "b"}, "21\n41\n", 0},
		{"arg array", []string{"-k", "echo", "{= $_ = \"$arg[2]$arg[1]$#arg\" =}", ":::", "a", ":::", "b"}, "ba2 ba2\n", 0},
		{"positional", []string{"-k", "echo", "{=2 $_=uc =}", "{=-1 s/^/x/ =}", "{=3 =}", ":::", "a", ":::", "b"}, "B xb\n", 0},
		{"counter per argument", []string{"-k", "echo", "{= $_ = ++$n =}", ":::", "a", "b", ":::", "c"}, "1 2\n3 4\n", 0},
		{"same code, same value", []string{"-k", "echo", "{= $_ = ++$n =}", "{=1 $_ = ++$n =}", ":::", "a", "b"}, "1 1\n2 2\n", 0},
		{"total_jobs", []string{"-k", "echo", "{= $_ = total_jobs() =}", ":::", "a", "b", "c"}, "3\n3\n3\n", 0},
		{"no arguments", []string{"-k", "-N0", "echo", "[{= $_ = 'x' =}]", ":::", "a"}, "[x]\n", 0},
		{"context -X", []string{"-k", "-j1", "-X", "echo", "[{= $_=uc =}]", ":::", "a", "b"}, "[A] [B]\n", 0},
		{"tagstring", []string{"-k", "--tagstring", "{= $_=uc =}", "echo", ":::", "a"}, "A\ta\n", 0},
		{"tagstring per line", []string{"-k", "--lb", "--tagstring", "{= $_=++$t =}", "echo x; echo y", ":::", "a"}, "2\tx\n3\ty a\n", 0},
		{"skip", []string{"-k", "echo", "{= $_ eq 'b' and skip() =}", ":::", "a", "b", "c"}, "a\nc\n", 1},
		{"skip in dry run", []string{"-k", "--dry-run", "echo", "{= skip() =}", ":::", "a"}, "echo a\n", 1},
		{"filter", []string{"-k", "--filter", "{1} < {2}", "echo", ":::", "1", "2", ":::", "1", "2"}, "1 2\n", 3},
		{"filter per value", []string{"-k", "--filter", "{} > 1", "echo", ":::", "2", "0", ":::", "5"}, "2 5\n", 1},
		{"filter is strict", []string{"-k", "--filter", "$x = 1", "echo", ":::", "a"}, "", 1},
		{"filter with expression", []string{"-k", "--filter", "{= $_ *= 2 =} > 3", "echo", ":::", "1", "2"}, "2\n", 1},
		{"rpl", []string{"-k", "--rpl", "{..} s:\\.[^.]+$::", "echo", "{..}", "{2..}", ":::", "a.b.c", ":::", "d.e"}, "a.b d d\n", 0},
		{"rpl dynamic", []string{"-k", "--rpl", "{%(.*?)} s/$$1//", "echo", "{%.tar.gz}", ":::", "my.tar.gz"}, "my\n", 0},
		{"parens", []string{"-k", "--parens", ",,,,", "echo", ",,s/I/O/g,,", ":::", "FII"}, "FOO\n", 0},
		{"first word", []string{"-k", "{= $_ = 'echo hi' =}", ":::", "a"}, "hi\n", 0},
		{"quote mode merges words", []string{"-k", "-q", "printf", "%s|\\n", "{=", "$_.=' x'", "=}", ":::", "a"}, "a x|\n", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runArgs(t, t.Context(), tc.args...)
			if out != tc.out || code != tc.code {
				t.Errorf("crew run %q:\nstdout %q exit %d, want %q exit %d\nstderr %q", tc.args, out, code, tc.out, tc.code, errOut)
			}
		})
	}
}

func TestPerlErrors(t *testing.T) {
	needPerl(t)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"syntax", []string{"echo", "{= s/a/ =}", ":::", "a"}, `perl expression "s/a/ " does not compile: Substitution replacement not terminated`},
		{"die", []string{"echo", "{= die 'boom' =}", ":::", "a"}, `perl expression "die 'boom' " failed in job 1: boom at`},
		{"rpl syntax", []string{"--rpl", "{x} s/", "echo", "{x}", ":::", "a"}, `perl expression "s/" does not compile`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runArgs(t, t.Context(), tc.args...)
			if code != 255 || out != "" || !strings.Contains(errOut, tc.want) || strings.Count(errOut, "\n") > 0 {
				t.Errorf("crew run %q: stdout %q exit %d stderr %q, want exit 255 and one line with %q", tc.args, out, code, errOut, tc.want)
			}
		})
	}
}

func TestPerlMissing(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("PATH", dir)
	out, errOut, code := runArgs(t, t.Context(), "/bin/sh", "-c", "touch "+filepath.Join(dir, "ran"), "{= s/a/b/ =}", ":::", "a")
	if code != 255 || out != "" || !strings.Contains(errOut, "needs perl") {
		t.Errorf("without perl: stdout %q exit %d stderr %q", out, code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "ran")); err == nil {
		t.Error("a job ran")
	}
	// Without perl replacement strings, perl is not needed.
	if _, errOut, code := runArgs(t, t.Context(), "-k", "/bin/true", "{}", ":::", "a"); code != 0 {
		t.Errorf("no perl needed, but exit %d: %s", code, errOut)
	}
}

// TestPerlNotStarted: runs without perl replacement strings start no perl
// process (they cannot: it is not on $PATH), even with --rpl defined.
func TestPerlNotStarted(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	out, errOut, code := runArgs(t, t.Context(), "-k", "--rpl", "{up} $_=uc", "/bin/echo", "{}", ":::", "a")
	if code != 0 || out != "a\n" {
		t.Errorf("stdout %q exit %d stderr %q", out, code, errOut)
	}
}
