package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The differential test: every case below runs through GNU parallel and
// through "crew run" with the same arguments, standard input, files and
// environment, and the two outcomes are compared: exit status, standard
// output (exactly with -k, else as sorted lines), standard error (as the case
// says), the joblog's structure, and the files left in the working directory
// (--results, files the jobs create).
//
// GNU parallel is the reference (issue 4): a case that differs fails, unless
// it carries a known difference with its reason, which the test logs.
//
// Knobs, for people working on the table:
//   - CREW_COMPAT_CASES=regexp runs only the cases whose names match.
//   - CREW_COMPAT_SELF=1 runs GNU parallel on both sides, which shows that a
//     case's comparison is deterministic.

// compatCase is one row of the differential test.
type compatCase struct {
	name  string
	args  []string          // after "parallel --will-cite" and "crew run"
	stdin string            // standard input of the run
	files map[string]string // created in the working directory before the run
	execs map[string]string // the same, executable
	// exact compares standard output byte for byte; without it, it is compared
	// as sorted lines, unless args hold -k.
	exact  bool
	stderr stderrCheck
	joblog string // a joblog file to compare by structure (and not as a file)
	// then, when set, is a second run in the same directory after the first
	// (for --resume); thenFiles are created between the two runs.
	then      []string
	thenFiles map[string]string
	// signal, when set, is sent to the runner (to its whole process group
	// with signalGroup, as Ctrl-C does) once the files signalWhen exist in the
	// working directory; the files are compared lingerAfter the runner ends,
	// so a job left running shows.
	signal      syscall.Signal
	signalGroup bool
	signalWhen  []string
	// usageError: GNU parallel prints its usage on stdout for a bad option;
	// crew must instead print exactly one line on stderr and nothing on
	// stdout (issue 4), and exit 255 like GNU parallel.
	usageError bool
	// noPerl: the case uses {= perl =}, which crew cannot evaluate (it has
	// no Perl); instead of a different result crew must refuse it before
	// any job runs: exit 255, one line on stderr naming "{=", nothing on
	// stdout and no files.
	noPerl bool
	// env adds variables to both sides' environment ("$WORK" in a value is
	// the working directory); parallelHome, when set, is the content of a
	// $PARALLEL_HOME of the case's own (outside the working directory, so
	// GNU parallel's caches there are not compared).
	env          map[string]string
	parallelHome map[string]string
	// known, when set, marks a difference from GNU parallel that is understood:
	// the case still runs, and a difference is logged instead of failing.
	known string
}

// stderrCheck says how standard error is compared.
type stderrCheck int

const (
	// stderrPresence: both empty, or both not empty (messages differ in wording).
	stderrPresence stderrCheck = iota
	// stderrLines: the same lines in any order (the jobs' own standard error).
	stderrLines
	// stderrIgnore: not compared (warnings that GNU parallel prints and crew
	// need not, such as --halt's "This job failed").
	stderrIgnore
)

// Inputs used by several cases.
var (
	compatFiles = map[string]string{
		"f1":   "1\n2\n",
		"f2":   "a\nb\n",
		"abc":  "a,b,c\nd,e\n",
		"tabs": "a\tb\tc\nd\te\n",
	}
	nonUTF8 = "caf\xe9 \xff\xfe"
)

func compatCases() []compatCase {
	long := make([]string, 0, 101)
	for i := range 101 {
		long = append(long, fmt.Sprint(i))
	}
	seq101 := strings.Join(long, "\n") + "\n"
	paths := []string{"/x/y/a.b.txt", "b", "c.d/e", ".hidden", "dir/", "./rel.tar.gz", "/", "a b/c d.e"}
	return []compatCase{
		// Input sources.
		{name: "colons-cross-product", args: []string{"-k", "echo", ":::", "a", "b", ":::", "c", "d"}},
		{name: "colons-three-sources", args: []string{"echo", "{3}{2}{1}", ":::", "a", "b", ":::", "c", "d", ":::", "e"}},
		{name: "colons-linked", args: []string{"-k", "echo", ":::", "a", "b", "c", ":::+", "1", "2", "3"}},
		{name: "colons-linked-short", args: []string{"-k", "echo", ":::", "a", "b", "c", ":::+", "1", "2"}},
		{name: "colons-linked-and-product", args: []string{"-k", "echo", ":::", "a", "b", ":::+", "1", "2", ":::", "x", "y"}},
		{name: "argfile", args: []string{"-k", "echo", "::::", "f1"}, files: compatFiles},
		{name: "argfiles-cross-product", args: []string{"-k", "echo", "::::", "f1", "f2"}, files: compatFiles},
		{name: "argfiles-linked", args: []string{"-k", "echo", "::::", "f1", "::::+", "f2"}, files: compatFiles},
		{name: "args-and-argfile", args: []string{"-k", "echo", ":::", "x", "::::", "f1"}, files: compatFiles},
		{name: "argfile-dash-is-stdin", args: []string{"-k", "echo", "::::", "-", ":::", "1"}, stdin: "x\ny\n"},
		{name: "stdin-lines", args: []string{"-k", "echo"}, stdin: "a\nb\nc\n"},
		{name: "stdin-empty-and-spaces", args: []string{"-k", "echo", "[{}]"}, stdin: "x\n\ny \n z\n\t\n"},
		{name: "stdin-no-final-newline", args: []string{"-k", "echo"}, stdin: "a\nb"},
		{name: "stdin-empty", args: []string{"echo", "x"}, stdin: ""},
		{name: "arg-file-a", args: []string{"-k", "-a", "f1", "echo"}, files: compatFiles},
		{name: "arg-file-a-twice", args: []string{"-k", "-a", "f1", "-a", "f2", "echo"}, files: compatFiles},
		{name: "colsep-comma", args: []string{"-k", "--colsep", ",", "echo", "{3}-{2}-{1}"}, stdin: "a,b,c\nd,e\n"},
		{name: "colsep-regexp", args: []string{"-k", "--colsep", " +", "echo", "{2}/{1}"}, stdin: "a  b\nc d\n"},
		{name: "colsep-tab-append", args: []string{"-k", "--colsep", "\t", "echo"}, stdin: "a\tb\tc\nd\te\n"},
		{name: "colsep-argfile", args: []string{"-k", "--colsep", "\t", "echo", "{2}", "::::", "tabs"}, files: compatFiles},
		{name: "colsep-braces-whole", args: []string{"-k", "--colsep", ",", "echo", "[{}]", ":::", "a,b"}},
		{name: "colsep-colons", args: []string{"-k", "--colsep", ",", "echo", "{2}", ":::", "a,b", "c,d"}},
		{name: "max-args-positional", args: []string{"-k", "-N2", "echo", "{1}-{2}", ":::", "a", "b", "c", "d", "e"}},
		{name: "max-args-append", args: []string{"-k", "-N2", "echo", ":::", "a", "b", "c", "d", "e"}},
		{name: "max-args-zero", args: []string{"-k", "-N0", "echo", "x", ":::", "a", "b"}},
		{name: "max-args-n-append", args: []string{"-k", "-n2", "echo", ":::", "a", "b", "c"}},
		{name: "max-args-braces-repeat", args: []string{"-k", "-N3", "echo", "[{}]", ":::", "a", "b", "c", "d"}},
		{name: "null-stdin", args: []string{"-0", "-k", "echo", "[{}]"}, stdin: "a\x00b c\x00d\ne\x00"},
		{name: "null-long-option-argfile", args: []string{"--null", "-k", "-a", "nul", "echo"}, files: map[string]string{"nul": "x y\x00z\x00"}},
		{name: "no-command-stdin", args: []string{"-k"}, stdin: "echo a\necho 'b  c'\n"},
		{name: "no-command-colons", args: []string{"-k", ":::", "echo a", "echo \"b  c\"", "exit 3"}},
		{name: "jobs-get-no-stdin-colons", args: []string{"-k", "cat; echo {}", ":::", "a", "b"}, stdin: "hello\n"},
		{name: "jobs-get-no-stdin-lines", args: []string{"-k", "cat; echo {}"}, stdin: "a\nb\n"},

		{name: "jobs-get-no-stdin-arg-file", args: []string{"-k", "-a", "f1", "cat; echo {}"}, stdin: "hello\n", files: compatFiles},
		{name: "stdin-carriage-return", args: []string{"-k", "echo", "[{}]"}, stdin: "a\r\nb\n"},
		{name: "delimiter-d", args: []string{"-k", "-d", ",", "echo", "[{}]"}, stdin: "a,b c,d"},
		{name: "null-argfile-colons", args: []string{"-0", "-k", "echo", "[{}]", "::::", "nul"}, files: map[string]string{"nul": "x\ny\x00z\x00"}},
		{name: "colsep-trims-blanks", args: []string{"-k", "--colsep", ",", "echo", "[{1}]", "[{2}]", "[{}]"}, stdin: " a , b \n"},
		{name: "link-option", args: []string{"-k", "--link", "echo", ":::", "a", "b", "c", ":::", "1", "2"}},
		{name: "link-xapply", args: []string{"-k", "--xapply", "echo", ":::", "a", "b", ":::", "1", "2"}},
		{name: "env-seq-and-slot", args: []string{"-k", "-j1", "echo $PARALLEL_SEQ $PARALLEL_JOBSLOT {}", ":::", "a", "b"}},

		// Replacement strings.
		{name: "repl-path-forms", args: append([]string{"-k", "echo", "{}|{.}|{/}|{//}|{/.}", ":::"}, paths...)},
		{name: "repl-seq", args: []string{"-k", "echo", "{#}", "{}", ":::", "a", "b", "c"}},
		{name: "repl-slot-j1", args: []string{"-k", "-j1", "echo", "{%}", "{#}", ":::", "a", "b"}},
		{name: "repl-slots-j3", args: []string{"-j3", "sleep 1; echo {%}", ":::", "a", "b", "c"}},
		{name: "repl-positional-forms", args: []string{"-k", "echo", "{1}|{2}|{1.}|{2/}|{2//}|{2/.}|{1/.}", ":::", "a.x", "b/c.y", ":::", "/d/c.z", "e"}},
		{name: "repl-negative-positional", args: []string{"-k", "echo", "{-1}", "{-2}", ":::", "a", "b", ":::", "c", "d"}},
		{name: "repl-positional-missing", args: []string{"-k", "echo", "[{3}]", ":::", "a", "b"}},
		{name: "repl-braces-multi-source", args: []string{"-k", "echo", "[{}]", ":::", "a", "b", ":::", "c d"}},
		{name: "repl-in-word", args: []string{"-k", "echo", "pre{}post", "{}{}", ":::", "a", "b c"}},
		{name: "repl-in-double-quotes", args: []string{"-k", "echo \"<{}>\"", ":::", "a b", "c"}},
		{name: "repl-in-single-quotes", args: []string{"-k", "echo '<{}>'", ":::", "a b"}},
		{name: "repl-unknown-braces-literal", args: []string{"-k", "echo", "{a}", "{1a}", "{ }", "{}", ":::", "x"}},
		{name: "repl-column-zero", args: []string{"-k", "echo", "[{0}]", ":::", "x"}},
		{name: "repl-column-zero-two-sources", args: []string{"-k", "echo", "[{0}]", ":::", "a", "b", ":::", "c"}},
		{name: "repl-column-zero-forms", args: []string{"-k", "echo", "[{0.}]", "[{0/}]", "[{0//}]", "[{0/.}]", ":::", "d/x.y"}},
		{name: "repl-column-zero-context", args: []string{"-k", "-N2", "echo", "[{0}]", ":::", "a", "b", "c", "d"}},
		{name: "repl-column-zero-colsep", args: []string{"-k", "--colsep", ",", "echo", "[{0}]", "[{1}]", ":::", "a,b"}},
		{name: "repl-column-zero-padded", args: []string{"-k", "echo", "[{00}]", "[{-0}]", ":::", "x"}},
		{name: "repl-column-zero-plus", args: []string{"-k", "--plus", "echo", "[{0..}]", "{0#}", ":::", "a.b.c"}},
		{name: "repl-column-zero-no-append", args: []string{"-k", "echo", "{0}", ":::", "x"}},
		{name: "repl-tagstring-seq-slot", args: []string{"-k", "-j1", "--tagstring", "{#}/{%}", "echo", ":::", "a", "b"}},
		{name: "colsep-negative-column", args: []string{"-k", "--colsep", ",", "echo", "{-1}", ":::", "a,b,c"}},
		{name: "colsep-columns-across-sources", args: []string{"-k", "--colsep", ",", "echo", "{1}-{2}-{3}", ":::", "a,b", ":::", "c"}},
		{name: "colsep-positional-forms", args: []string{"-k", "--colsep", ",", "echo", "{1.}", "{2/}", "{2//}", "{2/.}", ":::", "a.x,/d/e.f"}},
		{name: "replace-I", args: []string{"-k", "-I", ",,", "echo", ",,", "{}", "{.}", ":::", "a.x", "b"}},
		{name: "replace-long-option", args: []string{"-k", "--replace=XX", "echo", "XX-XX", ":::", "a"}},
		{name: "replace-I-unused-appends", args: []string{"-k", "-I", ",,", "echo", "x", ":::", "a"}},
		{name: "append-when-no-braces", args: []string{"-k", "echo", "x", ":::", "a", "b c"}},
		{name: "append-two-sources", args: []string{"-k", "echo", ":::", "a", "b", ":::", "c d"}},
		{name: "quote-q", args: []string{"-k", "-q", "printf", "%s|\\n", ":::", "a b", "c"}},
		{name: "no-q-words-joined", args: []string{"-k", "printf", "%s-\\n", ":::", "a", "b"}},
		{name: "no-q-sh-c-word-joining", args: []string{"-k", "sh", "-c", "exit {}", ":::", "0", "1", "2"}},
		{name: "shell-pipeline", args: []string{"-k", "echo {} | tr a-z A-Z", ":::", "ab", "c d"}},
		{name: "shell-variables", args: []string{"-k", "X=1; echo $X {}", ":::", "a"}},

		{name: "shell-glob-in-command", args: []string{"-k", "echo", "*", ":::", "a"}, files: map[string]string{"g1": "", "g2": ""}},
		{name: "shell-tilde-in-command", args: []string{"-k", "echo", "~/x", "{}", ":::", "a"}},
		{name: "shell-var-in-command", args: []string{"-k", "echo", "$HOME", ":::", "a"}},
		{name: "shell-redirect-in-command", args: []string{"-k", "echo", "{}", ">", "{}.txt", ":::", "a", "b c"}},
		{name: "shell-and-list", args: []string{"-k", "cd", "home", "&&", "pwd", ">/dev/null", "&&", "echo", "{}", ":::", "a"}},
		{name: "shell-input-as-program", args: []string{"-k", "{}", ":::", "true", "false"}},
		{name: "shell-input-program-with-args", args: []string{"-k", "{1}", "{2}", ":::", "echo", ":::", "x y"}},
		{name: "shell-escaped-braces", args: []string{"-k", "echo", "\\{}", "'{}'", ":::", "a"}},
		{name: "shell-subshell", args: []string{"-k", "(echo {}; echo {})", ":::", "a"}},
		{name: "shell-semicolon-word", args: []string{"-k", "echo", "{};", "echo", "x", ":::", "a"}},
		{name: "shell-comment", args: []string{"-k", "echo {} # {}", ":::", "a"}},
		{name: "shell-backslash-newline", args: []string{"-k", "echo a\\\nb {}", ":::", "c"}},
		{name: "echo-escapes-from-input", args: []string{"-k", "echo"}, stdin: "a\\tb\n-e x\\ny\n-n\n"},
		{name: "exec-path-program", args: []string{"-k", "/bin/echo", "{}", ":::", "a\\tb", "-n"}},
		{name: "test-builtin", args: []string{"-k", "test", "-d", "{}", "&&", "echo", "{}", ":::", "home", "nope"}},
		{name: "true-false-exit", args: []string{"{}", ":::", "true", "false", "false"}},
		{name: "kill-builtin", args: []string{"-k", "--joblog", "jl", "kill", "-9", "$$", ":::", "a"}, joblog: "jl"},
		{name: "pwd-is-workdir", args: []string{"-k", "pwd", ">", "{}", ":::", "p"}},

		// Quoting: the value is always one safe argument.
		{name: "quote-rm-rf-home", args: []string{"-k", "echo", ":::", "a b; rm -rf ~", "x"}},
		{name: "quote-touch-strange-names", args: []string{"touch", ":::", "a b; touch pwned", "$(touch pwned2)", "`touch pwned3`", "it's", "x\"y", "*", "~", "a\\b", "-", "tab\there"}},
		{name: "quote-echo-strange", args: []string{"-k", "echo", "{}", ":::", "$HOME", "'", "\"", "\\", "\\n", "a  b", "!x", "#c", "&", ";", "|", "(", "{}", "[x]", "?"}},
		{name: "quote-leading-dash", args: []string{"-k", "echo", "{}", ":::", "-n", "x"}},
		{name: "quote-stdin-quotes", args: []string{"-k", "echo"}, stdin: "it's \"q\"\na\\b\n$(id)\n"},
		{name: "non-utf8-args", args: []string{"-k", "echo", "{}", ":::", nonUTF8, "ok"}},
		{name: "non-utf8-stdin", args: []string{"-k", "echo", "<{}>"}, stdin: nonUTF8 + "\nok\n"},
		{name: "non-utf8-touch", args: []string{"touch", "{}.out", ":::", nonUTF8}},
		{name: "newline-names-null", args: []string{"-0", "-k", "touch {}; echo {/}"}, stdin: "n1\nx\x00n2\x00sp ace\x00"},
		{name: "newline-in-colons-arg", args: []string{"-k", "echo", "{#}:{}", ":::", "n\nl", "b"},
			known: "GNU parallel 20221122 splits a ::: argument at newlines into several arguments; crew keeps one argument, as written"},
		{name: "spaces-in-filenames", args: []string{"-k", "cat", "{}", "::::", "list"},
			files: map[string]string{"list": "a b.txt\nc  d.txt\n", "a b.txt": "one\n", "c  d.txt": "two\n"}},

		// Scheduling.
		{name: "jobs-2", args: []string{"-j", "2", "echo", ":::", "a", "b", "c"}},
		{name: "jobs-percent", args: []string{"-j", "50%", "echo", ":::", "a", "b", "c"}},
		{name: "jobs-plus", args: []string{"-j", "+1", "echo", ":::", "a", "b", "c"}},
		{name: "jobs-minus", args: []string{"-j", "-1", "echo", ":::", "a", "b", "c"}},
		// With many slots GNU parallel first starts processes to see how many it
		// may run, and warns on stderr when that is slow (a loaded machine).
		{name: "jobs-zero", args: []string{"-j", "0", "echo", ":::", "a", "b", "c"}, stderr: stderrIgnore},
		{name: "jobs-long-option", args: []string{"--jobs=3", "echo", ":::", "a", "b"}},
		{name: "jobs-many", args: []string{"-j", "100", "echo", ":::", "a", "b", "c", "d"}, stderr: stderrIgnore},
		{name: "delay", args: []string{"-k", "--delay", "0.1", "echo", ":::", "a", "b"}},
		{name: "timeout", args: []string{"-k", "--timeout", "1", "--joblog", "jl", "echo {}; sleep {}", ":::", "0.1", "5"},
			joblog: "jl", stderr: stderrIgnore},
		{name: "timeout-not-reached", args: []string{"-k", "--timeout", "10", "echo", ":::", "a"}},
		{name: "retries-until-success", args: []string{"-k", "--retries", "3", "echo try >> n{}; echo out{}; test $(wc -l < n{}) -ge 3", ":::", "x", "y"}},
		{name: "retries-all-fail", args: []string{"-k", "--retries", "2", "--joblog", "jl", "echo {} >> count; echo out{}; false", ":::", "q"}, joblog: "jl"},
		{name: "halt-now-fail-1", args: []string{"-j1", "-k", "--halt", "now,fail=1", "echo {}; exit {}", ":::", "0", "2", "0", "3"}, stderr: stderrIgnore},
		{name: "halt-soon-fail-1", args: []string{"-j1", "-k", "--halt", "soon,fail=1", "echo {}; exit {}", ":::", "0", "2", "0", "3"}, stderr: stderrIgnore},
		{name: "halt-soon-fail-2", args: []string{"-j1", "-k", "--halt", "soon,fail=2", "echo {}; exit {}", ":::", "0", "2", "0", "3", "4", "0"}, stderr: stderrIgnore},
		{name: "halt-now-success-1", args: []string{"-j1", "-k", "--halt", "now,success=1", "echo {}; exit {}", ":::", "1", "0", "2"}, stderr: stderrIgnore},
		{name: "halt-soon-success-1", args: []string{"-j1", "-k", "--halt", "soon,success=1", "echo {}; exit {}", ":::", "1", "0", "1"}, stderr: stderrIgnore},
		{name: "halt-now-done-2", args: []string{"-j1", "-k", "--halt", "now,done=2", "echo {}; exit {}", ":::", "0", "2", "0", "3"}, stderr: stderrIgnore},
		{name: "halt-now-fail-percent", args: []string{"-j1", "-k", "--halt", "now,fail=50%", "echo {}; exit {}", ":::", "0", "2", "0", "3"}, stderr: stderrIgnore},
		{name: "halt-old-form-0", args: []string{"-j1", "-k", "--halt", "0", "echo {}; exit {}", ":::", "0", "2", "0"}},
		{name: "halt-old-form-1", args: []string{"-j1", "-k", "--halt", "1", "echo {}; exit {}", ":::", "0", "2", "0", "3"}, stderr: stderrIgnore},
		{name: "halt-old-form-2", args: []string{"-j1", "-k", "--halt", "2", "echo {}; exit {}", ":::", "0", "2", "0", "3"}, stderr: stderrIgnore},
		{name: "halt-now-fail-signal-exit", args: []string{"-j1", "--halt", "now,fail=1", "kill -9 $$", ":::", "a", "b"}, stderr: stderrIgnore},
		{name: "halt-now-done-1", args: []string{"-j1", "--halt", "now,done=1", "exit {}", ":::", "3", "0"}, stderr: stderrIgnore},
		{name: "halt-with-retries", args: []string{"-j1", "-k", "--retries", "2", "--halt", "now,fail=1", "echo {}; exit {}", ":::", "0", "3", "0"}, stderr: stderrIgnore},
		{name: "halt-soon-fail-percent", args: []string{"-j1", "-k", "--halt", "soon,fail=30%", "echo {}; exit {}", ":::", "0", "1", "0", "2", "0", "0"}, stderr: stderrIgnore},
		{name: "halt-now-kills-running", args: []string{"-j2", "--joblog", "jl", "--halt", "now,fail=1", "sleep {}; exit 1", ":::", "0.2", "5"},
			joblog: "jl", stderr: stderrIgnore},

		// Exit status.
		{name: "exit-count-failed", args: []string{"exit {}", ":::", "0", "1", "1", "0", "3"}},
		{name: "exit-255-job", args: []string{"exit {}", ":::", "255", "0"}},
		{name: "exit-100-failed", args: []string{"-j", "20", "false"}, stdin: seq101[len("0\n"):]},
		{name: "exit-101-failed", args: []string{"-j", "20", "false"}, stdin: seq101},
		{name: "exit-command-not-found", args: []string{"no-such-command-crew-compat", ":::", "a"}},
		{name: "exit-signal-joblog", args: []string{"-k", "--joblog", "jl", "kill -TERM $$", ":::", "a"}, joblog: "jl"},

		// Output.
		{name: "keep-order", args: []string{"-k", "-j4", "sleep 0.{}; echo {}", ":::", "3", "2", "1", "0"}},
		{name: "keep-order-multiline", args: []string{"-k", "-j3", "echo {}1; sleep 0.{}; echo {}2", ":::", "2", "1", "0"}},
		{name: "tag", args: []string{"-k", "--tag", "echo", ":::", "a", "b c"}},
		{name: "tag-two-sources", args: []string{"-k", "--tag", "echo", ":::", "a", ":::", "b", "c"}},
		{name: "tag-multiline", args: []string{"-k", "--tag", "printf 'x\\ny\\n'", ":::", "a"}},
		{name: "tagstring", args: []string{"-k", "--tagstring", "<{}:{#}>", "echo", ":::", "a", "b"}},
		{name: "line-buffer", args: []string{"--line-buffer", "echo {}; echo {}{}", ":::", "a", "b"}},
		{name: "ungrouped", args: []string{"-u", "echo", ":::", "a", "b"}},
		// Progress goes to standard error; GNU parallel draws it even when that is
		// not a terminal, crew only on a terminal (issue 4), so only stdout counts.
		{name: "bar", args: []string{"-k", "--bar", "echo", ":::", "a", "b"}, stderr: stderrIgnore},
		{name: "eta", args: []string{"-k", "--eta", "echo", ":::", "a"}, stderr: stderrIgnore},
		{name: "progress", args: []string{"-k", "--progress", "echo", ":::", "a"}, stderr: stderrIgnore},
		{name: "tag-no-final-newline", args: []string{"-k", "--tag", "printf", "x", ":::", "a", "b"},
			known: "crew execs printf directly; /usr/bin/printf warns on stderr about the extra argument, the shell builtin GNU parallel runs does not (putting printf in run/command.go's shellWords fixes it but breaks run's TestCommandLine/quote_-q_append)"},
		{name: "tag-stderr", args: []string{"-k", "--tag", "echo o; echo e >&2", ":::", "a"}, stderr: stderrLines},
		{name: "tag-colsep", args: []string{"-k", "--tag", "--colsep", ",", "echo", "{2}", ":::", "a,b"}},
		{name: "tagstring-positional", args: []string{"-k", "--tagstring", "{2}/{1}", "echo", ":::", "a", ":::", "b"}},
		{name: "output-no-final-newline", args: []string{"-k", "printf", "x", ":::", "a", "b"},
			known: "crew execs printf directly; /usr/bin/printf warns on stderr about the extra argument, the shell builtin GNU parallel runs does not (putting printf in run/command.go's shellWords fixes it but breaks run's TestCommandLine/quote_-q_append)"},
		{name: "output-big-keep-order", args: []string{"-k", "-j2", "seq", "{}", ":::", "100000", "3"}},
		{name: "output-big-grouped", args: []string{"-j2", "seq {}; echo end{}", ":::", "50000", "3"}},
		{name: "group-explicit", args: []string{"--group", "-k", "echo", ":::", "a"}},
		{name: "ungroup-long", args: []string{"--ungroup", "echo", ":::", "a", "b"}},
		{name: "keep-order-long", args: []string{"--keep-order", "-j3", "sleep 0.{}; echo {}", ":::", "2", "1", "0"}},
		{name: "verbose", args: []string{"-k", "-v", "echo", ":::", "a", "b c"}},
		{name: "trace", args: []string{"-k", "-t", "echo", ":::", "a"}, stderr: stderrLines},
		{name: "job-stderr", args: []string{"-k", "echo out{}; echo err{} >&2", ":::", "a", "b"}, stderr: stderrLines},
		{name: "results-dir", args: []string{"-k", "--results", "out", "echo {}; echo err{} >&2", ":::", "a", "b c"}, stderr: stderrLines},
		{name: "results-two-sources", args: []string{"-k", "--results", "out", "echo", ":::", "a", "b", ":::", "x"}},
		{name: "results-special-args", args: []string{"-k", "--results", "out", "echo", ":::", "a/b", "..", "", "x\ty", "\\"}},
		{name: "results-keep-order-failing", args: []string{"-k", "--results", "out", "echo {}; exit {}", ":::", "0", "2"}},
		{name: "line-buffer-keep-order", args: []string{"-k", "--line-buffer", "echo {}; sleep 0.{}; echo {}", ":::", "2", "1"}},
		{name: "tag-empty-output", args: []string{"-k", "--tag", "true", ":::", "a"}},
		{name: "results-tsv", args: []string{"-k", "--results", "out.tsv", "echo {}; echo e >&2", ":::", "a", "b c"}},
		{name: "results-csv", args: []string{"-k", "--results", "out.csv", "echo", ":::", "a,b", "c\"d"}},
		{name: "results-tsv-failing-two-sources", args: []string{"-k", "--results", "OUT.TSV", "echo {1}; echo {2} >&2; exit {1}", ":::", "0", "3", ":::", "x\ty", ""}},
		{name: "results-csv-header", args: []string{"-k", "--header", ":", "--results", "out.csv", "echo {a}{b}", ":::", "a", "1", "2", ":::", "b", "q"}},
		{name: "results-csv-stdout", args: []string{"-k", "--results", "-.csv", "echo {}; echo e >&2", ":::", "a", "b"}},
		{name: "results-tsv-no-jobs", args: []string{"--results", "out.tsv", "echo", ":::"}},
		{name: "results-template", args: []string{"-k", "--results", "out/{}.txt", "echo", ":::", "a", "b"}},

		// Records.
		{name: "joblog", args: []string{"-k", "--joblog", "jl", "echo {}; exit {}", ":::", "0", "1", "7"}, joblog: "jl"},
		{name: "joblog-receive-stdout-only", args: []string{"-k", "--joblog", "jl", "echo abc; echo de >&2", ":::", "a"}, joblog: "jl", stderr: stderrLines},
		{name: "joblog-receive-line-buffer", args: []string{"-k", "--line-buffer", "--joblog", "jl", "echo abc; echo de >&2", ":::", "a"}, joblog: "jl", stderr: stderrLines},
		{name: "joblog-receive-line-buffer-tag", args: []string{"--tag", "--line-buffer", "--joblog", "jl", "echo abc; echo de >&2", ":::", "a"}, joblog: "jl", stderr: stderrLines},
		{name: "joblog-receive-ungroup", args: []string{"-u", "--joblog", "jl", "echo abc; echo de >&2", ":::", "a"}, joblog: "jl", stderr: stderrLines},
		{name: "joblog-to-stdout", args: []string{"-k", "--joblog", "-", "echo", ":::", "a"}},
		{name: "joblog-to-stdout-order", args: []string{"-k", "-j2", "--joblog", "-", "sleep {}; echo {}", ":::", "0.3", "0.1"}},
		{name: "joblog-quoted-command", args: []string{"-k", "--joblog", "jl", "echo", ":::", "a b", "it's"}, joblog: "jl"},
		{name: "joblog-append", args: []string{"-k", "--joblog", "jl", "echo", ":::", "a"},
			then: []string{"-k", "--joblog", "+jl", "echo", ":::", "b"}, joblog: "jl"},
		{name: "joblog-results-failing", args: []string{"-k", "--joblog", "jl", "--results", "out", "echo {}; exit {}", ":::", "0", "4"}, joblog: "jl"},
		{name: "resume", args: []string{"-k", "--joblog", "jl", "echo", ":::", "a", "b", "c"},
			then: []string{"-k", "--resume", "--joblog", "jl", "echo", ":::", "a", "b", "c", "d", "e"}, joblog: "jl"},
		{name: "resume-failed", args: []string{"-k", "--joblog", "jl", "test -e ok{} && echo {}", ":::", "1", "2", "3"},
			thenFiles: map[string]string{"ok2": ""},
			then:      []string{"-k", "--resume-failed", "--joblog", "jl", "test -e ok{} && echo {}", ":::", "1", "2", "3", "4"}, joblog: "jl"},
		{name: "dry-run", args: []string{"-k", "--dry-run", "echo", "{#}", ":::", "a b", "c'd", "*", "e$f"}},
		{name: "dry-run-no-joblog-no-jobs", args: []string{"-k", "--dry-run", "--joblog", "jl", "touch", ":::", "x"}},
		{name: "dry-run-no-command", args: []string{"--dry-run", ":::", "echo a"}},

		// Errors: one line on standard error, exit 255, no job.
		// Long and alternative spellings of options.
		{name: "alias-P", args: []string{"-k", "-P", "2", "echo", ":::", "a"}},
		{name: "alias-max-procs", args: []string{"-k", "--max-procs", "2", "echo", ":::", "a"}},
		{name: "alias-arg-file", args: []string{"-k", "--arg-file", "f1", "echo"}, files: compatFiles},
		{name: "alias-max-args", args: []string{"-k", "--max-args=2", "echo", ":::", "a", "b", "c"}},
		{name: "alias-max-replace-args", args: []string{"-k", "--max-replace-args", "2", "echo", "{2}", ":::", "a", "b"}},
		{name: "alias-dryrun", args: []string{"-k", "--dryrun", "echo", ":::", "a"}},
		{name: "alias-linebuffer", args: []string{"--linebuffer", "echo", ":::", "a"}},
		{name: "alias-quote", args: []string{"-k", "--quote", "echo", "a;b", ":::", "c"}},
		{name: "alias-verbose", args: []string{"-k", "--verbose", "echo", ":::", "a"}},
		{name: "alias-delimiter", args: []string{"-k", "--delimiter", ",", "echo"}, stdin: "a,b"},
		{name: "alias-will-cite", args: []string{"--will-cite", "-k", "echo", ":::", "a"}},
		{name: "alias-jobs-equals-percent", args: []string{"--jobs=200%", "echo", ":::", "a"}},
		{name: "alias-equals-halt", args: []string{"-j1", "--halt=now,fail=1", "exit {}", ":::", "0", "3", "0"}, stderr: stderrIgnore},
		{name: "alias-short-bundled", args: []string{"-kj1", "echo", ":::", "a", "b"}},
		{name: "alias-short-attached", args: []string{"-j2", "-N1", "-k", "echo", ":::", "a"}},
		{name: "memfree", args: []string{"-k", "--memfree", "1M", "echo", ":::", "a"}},
		{name: "timeout-and-retries", args: []string{"-k", "--timeout", "0.5", "--retries", "2", "--joblog", "jl", "echo x >> n{}; sleep 2", ":::", "a"},
			joblog: "jl", stderr: stderrIgnore},
		{name: "argfile-empty-lines", args: []string{"-k", "echo", "[{}]", "::::", "e"}, files: map[string]string{"e": "a\n\n b \n"}},
		{name: "colons-trailing-spaces", args: []string{"-k", "echo", "[{}]", ":::", " a ", ""}},

		{name: "tmpdir", args: []string{"-k", "--tmpdir", "home", "echo", ":::", "a"}},
		{name: "no-run-if-empty", args: []string{"-k", "-r", "echo", "[{}]"}, stdin: "\n \na\n"},
		{name: "env-local", args: []string{"-k", "--env", "FOO", "echo", "$FOO", ":::", "a"}},
		{name: "tag-line-buffer", args: []string{"-k", "--tag", "--line-buffer", "echo", ":::", "a", "b"}},
		{name: "tag-ungroup", args: []string{"--tag", "-u", "echo", ":::", "a"}},
		{name: "tag-results", args: []string{"-k", "--tag", "--results", "out", "echo", ":::", "a"}},
		{name: "link-colsep-argfile", args: []string{"-k", "--link", "--colsep", ",", "-a", "abc", "-a", "f1", "echo", "{1}", "{2}", "{-1}"}, files: compatFiles},
		{name: "seq-args-many", args: []string{"-k", "-j3", "echo", "{#}", ":::", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"}},

		{name: "dry-run-quote", args: []string{"-k", "-q", "--dry-run", "printf", "%s\\n", ":::", "a b"}},
		{name: "jobs-plus-zero", args: []string{"-j", "+0", "echo", ":::", "a", "b"}},
		{name: "jobs-hundred-percent", args: []string{"-j", "100%", "echo", ":::", "a", "b"}},
		{name: "options-end-at-command", args: []string{"-k", "echo", ":::", "a", "--tag", "-j"}},
		{name: "options-after-command-words", args: []string{"-k", "echo", "-k", "--tag", ":::", "a"}},
		{name: "long-input-line", args: []string{"-k", "echo {} | wc -c"}, stdin: strings.Repeat("x", 100000) + "\nshort\n",
			known: "GNU parallel refuses a command line longer than the limit it probes (63664 bytes here) and exits 255; crew leaves the limit to the OS and runs it"},
		{name: "many-input-sources", args: []string{"-k", "echo", ":::", "a", "b", ":::", "c", "d", ":::", "e", "f", ":::", "g"}},

		{name: "exec-script-without-shebang", args: []string{"-k", "./noshebang", "{}", ":::", "a"}, execs: map[string]string{"noshebang": "echo no shebang \"$1\"\n"}},
		{name: "exec-script-with-shebang", args: []string{"-k", "./shebang", "{}", ":::", "a"}, execs: map[string]string{"shebang": "#!/bin/sh\necho shebang \"$1\"\n"}},
		{name: "exec-not-executable", args: []string{"-k", "./noexec", "{}", ":::", "a"}, files: map[string]string{"noexec": "echo hi\n"}},
		{name: "exec-directory", args: []string{"-k", "./home", "{}", ":::", "a"}},
		{name: "exec-missing-relative", args: []string{"-k", "./missing", "{}", ":::", "a"}},

		// GNU parallel features beyond issue 4's list.
		{name: "extra-plus", args: []string{"-k", "--plus", "echo", "{..}", "{+/}", "{+.}", ":::", "x/a.tar.gz"}},
		{name: "extra-plus-counts", args: []string{"-k", "--plus", "echo", "{##}", "{0#}", ":::", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"}},
		{name: "extra-plus-paths", args: []string{"-k", "--plus", "echo", "{...}", "{+...}", "{/..}", "{+..}", ":::", "d/a.b.c.d", "e.tar.gz"}},
		{name: "extra-plus-bash-like", args: []string{"-k", "--plus", "echo", "{:-none}", "{:1:2}", "{#a}", "{%c}", "{/b/X}", "{^a}", ":::", "abc", ""}},
		{name: "extra-perl-expression", args: []string{"-k", "echo", "{= s/a/b/ =}", ":::", "aa"}, noPerl: true},
		{name: "extra-perl-expression-tagstring", args: []string{"-k", "--tagstring", "{=$_=}", "touch", ":::", "aa"}, noPerl: true},
		{name: "extra-X-context", args: []string{"-k", "-j1", "-X", "echo", "[{}]", ":::", "a", "b", "c"}},
		{name: "extra-header", args: []string{"-k", "--header", ":", "--colsep", ",", "echo", "{name}"}, stdin: "name,x\na,b\n"},
		{name: "extra-trim", args: []string{"-k", "--trim", "lr", "echo", "[{}]", ":::", " a "}},
		{name: "extra-trim-left", args: []string{"-k", "--trim", "l", "echo", "[{}]", ":::", " a "}},
		{name: "extra-trim-right-colsep", args: []string{"-k", "--trim", "r", "--colsep", ",", "echo", "[{1}]", "[{2}]", ":::", " a , b "}},
		{name: "extra-X-words", args: []string{"-k", "-j1", "-X", "echo", "pre{}post", ":::", "a", "b"}},
		{name: "extra-m", args: []string{"-k", "-j1", "-m", "echo", "[{}]", ":::", "a", "b", "c"}},
		{name: "extra-xargs", args: []string{"-k", "-j1", "--xargs", "echo", ":::", "a", "b"}},
		{name: "extra-shuf", args: []string{"--shuf", "echo", ":::", "a", "b", "c"}},
		{name: "extra-header-colons", args: []string{"-k", "--header", ":", "echo", "{x}-{y}", ":::", "x", "a", "b", ":::", "y", "c"}},
		{name: "extra-header-results", args: []string{"-k", "--header", ":", "--results", "out", "echo", ":::", "x", "a"}},
		{name: "extra-pipe", args: []string{"-k", "--pipe", "-N1", "wc", "-l"}, stdin: "a\nb\n"},
		{name: "extra-pipe-block", args: []string{"-k", "--pipe", "--block", "50", "wc", "-lc"}, stdin: strings.Repeat("0123456789\n", 20)},
		{name: "extra-pipe-N3-cat", args: []string{"-k", "--pipe", "-N3", "echo {#}; cat"}, stdin: "a\nb\nc\nd\ne\n"},
		{name: "extra-pipe-recend", args: []string{"-k", "--pipe", "--recend", ";", "-N1", "echo; cat"}, stdin: "a;b;c"},
		{name: "extra-pipe-default-block", args: []string{"-k", "--pipe", "wc", "-l"}, stdin: strings.Repeat("x\n", 5000)},
		{name: "extra-rpl", args: []string{"-k", "--rpl", "{up} s/a/A/", "echo", "{up}", ":::", "ab"},
			known: "--rpl defines replacement strings in Perl; crew has no Perl (unknown option)"},
		{name: "extra-nice", args: []string{"-k", "--nice", "5", "echo", ":::", "a"}},

		// Signals: jobs are killed, nothing is left running, the joblog is
		// complete for the jobs that ended.
		{name: "signal-term", args: []string{"-j1", "--joblog", "jl", "echo s{}; touch started{}; sleep 2; touch late{}", ":::", "1", "2"},
			signal: syscall.SIGTERM, signalWhen: []string{"started1"}, joblog: "jl"},
		{name: "signal-int", args: []string{"-j1", "--joblog", "jl", "echo s{}; touch started{}; sleep 2; touch late{}", ":::", "1", "2"},
			signal: syscall.SIGINT, signalWhen: []string{"started1"}, joblog: "jl"},
		{name: "signal-ctrl-c-group", args: []string{"-j2", "--joblog", "jl", "touch started{}; sleep {}; touch late{}", ":::", "0", "2"},
			signal: syscall.SIGINT, signalGroup: true, signalWhen: []string{"late0", "started2"}, joblog: "jl"},
		{name: "signal-term-exec-fast-path", args: []string{"-j1", "{1}", "{2}", ":::", "touch", "sleep", "touch", ":::+", "started", "2", "late"},
			signal: syscall.SIGTERM, signalWhen: []string{"started"}},

		// Configuration: profile files and $PARALLEL before the command line.
		{name: "config-home-file", args: []string{"echo", ":::", "b", "a"}, exact: true,
			files: map[string]string{"home/.parallel/config": "-k\n--tag\n"}},
		{name: "config-comments-quotes", args: []string{"echo", ":::", "a"},
			files: map[string]string{"home/.parallel/config": "# a comment\n   # another\n--tagstring 'x y' -k\n\n"}},
		{name: "config-non-options-prefix-command", args: []string{"-k", "echo", ":::", "a"},
			files: map[string]string{"home/.parallel/config": "--tag -j1 nice\n"}},
		{name: "config-parallel-home", args: []string{"-k", "echo", ":::", "a"},
			parallelHome: map[string]string{"config": "--tagstring PH\n"}},
		{name: "config-parallel-home-and-home", args: []string{"-k", "echo", ":::", "a"},
			parallelHome: map[string]string{"config": "--tagstring PH\n-j1\n"},
			files:        map[string]string{"home/.parallel/config": "--tagstring H\n"}},
		{name: "config-parallelrc", args: []string{"-k", "echo", ":::", "a"},
			files: map[string]string{"home/.parallel/config": "--tagstring H\n", "home/.parallelrc": "--tagstring RC\n"}},
		{name: "config-xdg", args: []string{"-k", "echo", ":::", "a"}, env: map[string]string{"XDG_CONFIG_HOME": "$WORK/xdg"},
			files: map[string]string{"xdg/parallel/config": "--tagstring XDG\n"}},
		{name: "config-command-line-wins", args: []string{"-k", "--tagstring", "CL", "echo", ":::", "a"},
			files: map[string]string{"home/.parallel/config": "--tagstring H\n"}},
		{name: "config-bad-option", args: []string{"echo", ":::", "a"}, usageError: true,
			files: map[string]string{"home/.parallel/config": "--no-such-option\n"}},
		{name: "config-value-from-next-line", args: []string{"echo", "{%}", ":::", "a"},
			files: map[string]string{"home/.parallel/config": "-j\n1\n"}},
		{name: "env-parallel", args: []string{"echo", ":::", "b", "a"}, exact: true, env: map[string]string{"PARALLEL": "-k -j1 --tagstring \"X Y\""}},
		{name: "env-parallel-backslash", args: []string{"-k", "echo", ":::", "a"}, env: map[string]string{"PARALLEL": `--tagstring X\ Y`}},
		{name: "env-parallel-single-quotes", args: []string{"-k", "echo", ":::", "a"}, env: map[string]string{"PARALLEL": `--tagstring 'a\b "c"'`}},
		{name: "env-parallel-unbalanced-ignored", args: []string{"-k", "echo", ":::", "a"}, env: map[string]string{"PARALLEL": `--tag "x`}},
		{name: "env-parallel-zero-ignored", args: []string{"-k", "echo", ":::", "a"}, env: map[string]string{"PARALLEL": "0"}},
		{name: "env-parallel-words-prefix-command", args: []string{"-k", "echo", ":::", "a"},
			env: map[string]string{"PARALLEL": "echo pre"}, files: map[string]string{"home/.parallel/config": "--tag\n"}},
		{name: "env-parallel-over-config", args: []string{"-k", "echo", ":::", "a"}, env: map[string]string{"PARALLEL": "--tagstring E"},
			files: map[string]string{"home/.parallel/config": "--tagstring H\n-j1\n"}},
		{name: "env-parallel-bad-option", args: []string{"echo", ":::", "a"}, env: map[string]string{"PARALLEL": "--no-such-option"}, usageError: true},
		{name: "env-parallel-missing-value", args: []string{"echo", ":::", "a"}, env: map[string]string{"PARALLEL": "-j"}, usageError: true},
		{name: "env-parallel-plain-ignored", args: []string{"-k", "echo", ":::", "a"},
			env: map[string]string{"PARALLEL": "--plain"}, files: map[string]string{"home/.parallel/config": "--tag\n"}},
		{name: "profile-J", args: []string{"-k", "-J", "p1", "echo", ":::", "a"},
			files: map[string]string{"home/.parallel/config": "--tagstring H\n", "home/.parallel/p1": "--tag\n"}},
		{name: "profile-J-twice", args: []string{"-k", "--profile", "p1", "-J", "p2", "echo", ":::", "a"},
			files: map[string]string{"home/.parallel/p1": "--tagstring P1 -j1\n", "home/.parallel/p2": "--tagstring P2\n"}},
		{name: "profile-J-every-dir", args: []string{"-J", "p", "echo", ":::", "b", "a"}, exact: true,
			parallelHome: map[string]string{"p": "--tag\n"}, files: map[string]string{"home/.parallel/p": "-k\n"}},
		{name: "profile-J-missing-ignored", args: []string{"-k", "-J", "nope", "echo", ":::", "a"},
			files: map[string]string{"home/.parallel/config": "--tag\n"}},
		{name: "profile-J-relative-path", args: []string{"-k", "-J", "./prof", "echo", ":::", "a"},
			files: map[string]string{"prof": "--tagstring REL\n"}},
		{name: "profile-J-with-env", args: []string{"-J", "p1", "echo", ":::", "b", "a"}, exact: true,
			env: map[string]string{"PARALLEL": "-k"}, files: map[string]string{"home/.parallel/p1": "--tag\n"}},
		{name: "plain", args: []string{"--plain", "echo", ":::", "a"}, env: map[string]string{"PARALLEL": "--tag"},
			files: map[string]string{"home/.parallel/config": "--tagstring H\n", "home/.parallel/p": "--tag\n"}},
		{name: "plain-with-profile", args: []string{"-J", "p", "--plain", "echo", ":::", "a"},
			files: map[string]string{"home/.parallel/p": "--tag\n"}},
		{name: "env-no-keep-order-overrides-k", args: []string{"-k", "-j2", "sleep 0.{}; echo {}", ":::", "3", "1"},
			env: map[string]string{"PARALLEL": "--no-keep-order"}},

		// Information instead of a run.
		{name: "info-minversion-older", args: []string{"--minversion", "20170422", "touch", "x", ":::", "y"}},
		{name: "info-minversion-same", args: []string{"--minversion=20221122"}},
		{name: "info-minversion-newer", args: []string{"--minversion", "20300101"}},
		{name: "info-minversion-signed", args: []string{"--minversion", "-5"}},
		{name: "info-minversion-bad", args: []string{"--minversion", "x"}, usageError: true},
		{name: "info-minversion-fraction", args: []string{"--minversion", "1.5"}, usageError: true},
		{name: "info-number-of-cores", args: []string{"--number-of-cores"}},
		{name: "info-number-of-cpus", args: []string{"--number-of-cpus", "echo", ":::", "a"}},
		{name: "info-number-of-threads", args: []string{"--number-of-threads"}},
		{name: "info-number-of-sockets", args: []string{"--number-of-sockets"}},
		{name: "info-cpuinfo-sockets", args: []string{"--number-of-sockets"}, env: map[string]string{"PARALLEL_CPUINFO": fakeCPUInfo}},
		{name: "info-cpuinfo-cores", args: []string{"--number-of-cores"}, env: map[string]string{"PARALLEL_CPUINFO": fakeCPUInfo}},
		{name: "info-cpuinfo-threads", args: []string{"--number-of-threads"}, env: map[string]string{"PARALLEL_CPUINFO": fakeCPUInfo}},
		{name: "info-lscpu-sockets", args: []string{"--number-of-sockets"}, env: map[string]string{"PARALLEL_LSCPU": fakeLscpu}},
		{name: "info-lscpu-threads", args: []string{"--number-of-threads"}, env: map[string]string{"PARALLEL_LSCPU": fakeLscpu}},
		{name: "info-cores-before-version", args: []string{"--version", "--number-of-cores"}},
		{name: "info-sockets-before-cores", args: []string{"--number-of-cores", "--number-of-sockets"}, env: map[string]string{"PARALLEL_CPUINFO": fakeCPUInfo}},
		{name: "info-max-line-length", args: []string{"--max-line-length-allowed"}},
		{name: "info-max-line-length-before-minversion", args: []string{"--minversion", "1", "--max-line-length-allowed"}},
		{name: "info-show-limits", args: []string{"--show-limits", "echo"}, stdin: "a\n", exact: true},
		{name: "info-show-limits-max-chars", args: []string{"--show-limits", "-s", "100", "-k", "echo", ":::", "x"}},
		{name: "info-show-limits-max-chars-too-big", args: []string{"--show-limits", "-s", "100000", "-k", "echo", ":::", "x"}},
		{name: "info-show-limits-no-input", args: []string{"--show-limits", "-r", "true"}},
		{name: "info-citation", args: []string{"--citation"},
			known: "Debian's GNU parallel 20221122 removed --citation (unknown option, exit 255); upstream's prints how to cite and exits 0 without running jobs, as crew does"},
		{name: "info-gnu", args: []string{"--gnu", "-k", "echo", ":::", "a"}},
		{name: "info-silent-after-v", args: []string{"-k", "-v", "--silent", "echo", ":::", "a"}},
		{name: "info-silent-before-v", args: []string{"-k", "--silent", "-v", "echo", ":::", "a"}},
		{name: "info-silent-keeps-t", args: []string{"-k", "--silent", "-t", "echo", ":::", "a"}, stderr: stderrLines},
		{name: "info-silent-env", args: []string{"-k", "-v", "echo", ":::", "a"}, env: map[string]string{"PARALLEL": "--silent"}},
		{name: "info-will-cite", args: []string{"-k", "--will-cite", "--nn", "echo", ":::", "a"}},

		// Building command lines: -s, -x, -e, -i, --shell-quote, --total.
		{name: "max-chars-m", args: []string{"-k", "-j1", "-s", "20", "-m", "echo", ":::", "aaa", "bbb", "ccc", "ddd", "eee", "fff"}},
		{name: "max-chars-X-context", args: []string{"-k", "-j1", "-s", "20", "-X", "echo", "pre{}post", ":::", "aaa", "bbb", "ccc", "ddd"}},
		{name: "max-chars-xargs-twice", args: []string{"-k", "-j1", "-s", "30", "--xargs", "echo", "{}", "{}", ":::", "aaa", "bbb", "ccc", "ddd", "eee", "fff"}},
		{name: "max-chars-m-spread", args: []string{"-k", "-j2", "-s", "30", "-m", "echo", ":::", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t"}},
		{name: "max-chars-X-spread-j3", args: []string{"-k", "-j3", "-s", "25", "-X", "echo", "[{}]", ":::", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"}},
		{name: "max-chars-quoted-values", args: []string{"-k", "-j1", "-s", "16", "-m", "echo", ":::", "a b", "c", "d'e", "f", "g"}},
		{name: "max-chars-q", args: []string{"-k", "-j1", "-s", "25", "-m", "-q", "echo", ":::", "a b", "c", "d'e", "f"}},
		{name: "max-chars-seq-and-positional", args: []string{"-k", "-j1", "-X", "-s", "40", "echo", "{#}", "{1}", "x{}y", ":::", "a", "b", "c", "d", "e", "f", "g", "h"}},
		{name: "max-chars-unit", args: []string{"-k", "-j1", "-m", "-s", "1k", "echo"}, stdin: seq101},
		{name: "max-chars-N-groups", args: []string{"-k", "-N2", "-s", "20", "echo", ":::", "a", "b", "cccccccc", "dddddddd", "e", "f"}},
		{name: "max-chars-N-colsep", args: []string{"-k", "-N2", "-s", "20", "--colsep", ",", "echo", ":::", "a,b", "c,d", "eeeeee,ffffff"}},
		{name: "max-chars-alone-fits", args: []string{"-k", "-s", "9", "echo", ":::", "aaa"}},
		{name: "max-chars-alone-too-long", args: []string{"-k", "-s", "8", "touch", ":::", "a"}},
		{name: "max-chars-too-long-after-jobs", args: []string{"-k", "-j1", "-s", "10", "--joblog", "jl", "echo", ":::", "a", "bbbbbbbbbbbb", "c"}, joblog: "jl"},
		{name: "max-chars-m-too-long-after-lines", args: []string{"-k", "-j1", "-s", "14", "-m", "echo", ":::", "a b", "c", "d'e", "f"}},
		{name: "max-chars-long-option", args: []string{"-k", "-j1", "--max-chars=20", "-m", "echo", ":::", "aaa", "bbb", "ccc", "ddd", "eee"}},
		{name: "max-chars-zero-is-default", args: []string{"-k", "-s", "0", "echo", ":::", "a"}},
		{name: "max-chars-over-usable-warns", args: []string{"-k", "-s", "100000", "echo", ":::", "a"}},
		{name: "max-chars-shell-quote", args: []string{"-k", "-s", "30", "--shell-quote", "echo", ":::", "a"}},
		{name: "max-chars-negative", args: []string{"-s", "-5", "touch", ":::", "a"}, usageError: true},
		{name: "max-chars-bad", args: []string{"-s", "x", "touch", ":::", "a"}, usageError: true,
			known: "GNU parallel evaluates -s's value as Perl and ignores what is not a number (runs with no limit); crew refuses it"},
		{name: "max-chars-m-default-limit", args: []string{"-k", "-j2", "-m", "echo"}, stdin: strings.Repeat("abcdefghij\n", 12000)},
		{name: "max-chars-xargs-default-limit", args: []string{"-k", "-j1", "--xargs", "echo", "x{}"}, stdin: strings.Repeat("abcdefghij\n", 12000)},
		{name: "exit-x-too-long", args: []string{"-k", "-j1", "-x", "-s", "8", "echo", ":::", "aa", "bbbbbbbbbbbb"}},
		{name: "exit-x-fits", args: []string{"-k", "-x", "echo", ":::", "a"}},
		{name: "exit-long-option", args: []string{"-k", "--exit", "-m", "-j1", "echo", ":::", "a", "b"}},
		{name: "eof-e-attached", args: []string{"-k", "-eEND", "echo", ":::", "a", "END", "b"}},
		{name: "eof-e-next-word", args: []string{"-k", "-e", "END", "echo", ":::", "a", "END", "b"}},
		{name: "eof-e-before-option", args: []string{"-k", "-e", "-j1", "echo", ":::", "a", "END", "b"}},
		{name: "eof-long-equals", args: []string{"-k", "--eof=END", "echo"}, stdin: "a\nEND\nb\n"},
		{name: "eof-long-takes-command", args: []string{"-k", "--eof", "echo", ":::", "echo a", "echo END"}},
		{name: "eof-empty-ends-nothing", args: []string{"-k", "--eof=", "echo", "[{}]", ":::", "a", "", "b"}},
		{name: "eof-E-empty", args: []string{"-k", "-E", "", "echo", "[{}]", ":::", "a", "", "b"}},
		{name: "eof-zero-is-false", args: []string{"-k", "-E", "0", "echo", ":::", "1", "0", "2"}},
		{name: "eof-dash-value", args: []string{"-k", "-e", "-", "echo", ":::", "a", "-", "b"}},
		{name: "eof-e-and-E", args: []string{"-k", "-E", "END", "-e", "STOP", "echo", ":::", "a", "STOP", "b"}},
		{name: "replace-i-default", args: []string{"-k", "-i", "-k", "echo", "[{}]", ":::", "a"}},
		{name: "replace-i-attached", args: []string{"-k", "-iXX", "echo", "XX", "{}", ":::", "a"}},
		{name: "replace-i-next-word", args: []string{"-k", "-i", "XX", "echo", "XX", "{}", ":::", "a"}},
		{name: "replace-i-takes-command", args: []string{"-k", "-i", "echo", "{}", ":::", "a"}},
		{name: "replace-i-before-dashdash", args: []string{"-k", "-i", "--", "echo", "[{}]", ":::", "a"}},
		{name: "replace-i-zero", args: []string{"-k", "-i0", "echo", "0", "{}", ":::", "a"}},
		{name: "replace-long-no-value", args: []string{"-k", "--replace", "-j1", "echo", "[{}]", ":::", "a"}},
		{name: "replace-long-next-word", args: []string{"-k", "--replace", "XX", "echo", "XX", ":::", "a"}},
		{name: "replace-i-takes-separator", args: []string{"-k", "-i", ":::", "a"}, stdin: "echo in\n"},
		{name: "shell-quote", args: []string{"-k", "--shell-quote", "echo", ":::", "a", "b c", "d'e", "$x"}},
		{name: "shell-quote-three-times", args: []string{"-k", "--shell-quote", "--shellquote", "--shell_quote", "echo", ":::", "x y"}},
		{name: "shell-quote-tag-verbose", args: []string{"-k", "--shell-quote", "--tag", "-v", "echo", ":::", "a b"}},
		{name: "shell-quote-joblog", args: []string{"-k", "--shell-quote", "--joblog", "jl", "false", ":::", "a"}, joblog: "jl"},
		{name: "shell-quote-stdin-commands", args: []string{"-k", "--shell-quote"}, stdin: "echo \"a b\"\nls\n"},
		{name: "shell-quote-q", args: []string{"-k", "--shell-quote", "-q", "printf", "%s\\n", ":::", "a b"}},
		{name: "shell-quote-results", args: []string{"-k", "--shell-quote", "--results", "out", "echo", ":::", "z"}},
		{name: "shell-quote-no-input", args: []string{"--shell-quote", "echo", "a"}},
		{name: "no-keep-order", args: []string{"--no-keep-order", "-k", "-j2", "sleep 0.{}; echo {}", ":::", "3", "1"}},
		{name: "no-keep-order-nok", args: []string{"-j2", "-k", "--nok", "sleep 0.{}; echo {}", ":::", "3", "1"}},
		{name: "no-keep-order-no-k", args: []string{"--no-k", "echo", ":::", "a", "b"}},
		{name: "total-jobs-count", args: []string{"-k", "--total", "5", "--plus", "echo", "{##}", ":::", "a", "b"}},
		{name: "total-jobs-padding", args: []string{"-k", "--total-jobs", "40", "--plus", "echo", "{0#}", ":::", "a", "b"}},
		{name: "total-jobs-zero", args: []string{"-k", "--totaljobs", "0", "--plus", "echo", "{##}", ":::", "a", "b"}},
		{name: "total-jobs-bar", args: []string{"-k", "--total", "1", "--bar", "echo", ":::", "a", "b"}, stderr: stderrIgnore},
		{name: "total-jobs-bad", args: []string{"--total", "x", "touch", ":::", "a"}, usageError: true,
			known: "GNU parallel accepts any --total-jobs value (and ignores one that is not a number); crew refuses it"},

		// --wd: where jobs run.
		{name: "wd-existing", args: []string{"-k", "--wd", "d1", "pwd; touch made", ":::", "a"}, files: map[string]string{"d1/f": ""}},
		{name: "wd-created", args: []string{"-k", "--workdir", "new/sub", "pwd", ":::", "a"}},
		{name: "wd-replacement-strings", args: []string{"-k", "-j1", "--wd", "d{}", "pwd", ":::", "1", "/x/y", "3"}},
		{name: "wd-tidied", args: []string{"-k", "--wd", "./d/{}/", "pwd", ":::", "x/./y"}},
		{name: "wd-dot", args: []string{"-k", "--wd", ".", "pwd", ":::", "a"}},
		{name: "wd-empty-is-none", args: []string{"-k", "--wd", "", "pwd", ":::", "a"}},
		{name: "wd-direct-exec-pwd-env", args: []string{"-k", "--wd", "d1", "/bin/sh", "-c", "echo $PWD", ":::", "a"}},
		{name: "wd-relative-program", args: []string{"-k", "--wd", "d1", "./prog", ":::", "a"}, execs: map[string]string{"d1/prog": "#!/bin/sh\necho in d1 \"$1\"\n"}},
		{name: "wd-header-column", args: []string{"-k", "--header", ":", "--wd", "out/{name}", "pwd", ":::", "name", "a", "b"}},
		{name: "wd-per-job-temp", args: []string{"-k", "--wd", "...", "basename $(dirname $PWD); ls -a | wc -l; touch x", ":::", "a", "b"}},
		{name: "wd-dry-run-makes-dir", args: []string{"-k", "--dry-run", "--wd", "d5", "pwd", ":::", "a"}},
		{name: "wd-not-a-directory", args: []string{"-k", "-j1", "--wd", "{}", "pwd", ":::", "d1", "f", "d2"}, files: map[string]string{"f": "", "d1/x": ""}},
		{name: "wd-joblog", args: []string{"-k", "--wd", "d1", "--joblog", "jl", "pwd", ":::", "a"}, joblog: "jl"},

		// --csv.
		{name: "csv-quoting", args: []string{"-k", "--csv", "echo", "{1}", "of", "{2}", "at", "{3}", ":::", `"1 big, 2 small","2""x4"" plank",12.34`}},
		{name: "csv-quoted-newline", args: []string{"-k", "--csv", "--colsep", ";", "echo", "F1: {1} F2: {2}", "::::", "f"},
			files: map[string]string{"f": "\"Start of field 1 with newline\nLine 2 in field 1\";value 2\nx;y\n"}},
		{name: "csv-no-trim", args: []string{"-k", "--csv", "echo", "[{1}]", "[{2}]", ":::", "a, b ,c"}},
		{name: "csv-colsep-trims", args: []string{"-k", "--csv", "--colsep", ",", "echo", "[{1}]", "[{2}]", ":::", " a , b "}},
		{name: "csv-trim-n", args: []string{"-k", "--csv", "--colsep", ",", "--trim", "n", "echo", "[{1}]", "[{2}]", ":::", " a , b "}},
		{name: "csv-empty-fields", args: []string{"-k", "--csv", "echo", "[{1}]", "[{2}]"}, stdin: "a,\n,b\n\n\"\",\"\"\n"},
		{name: "csv-multi-byte-colsep", args: []string{"-k", "--csv", "--colsep", "ab", "echo", "{2}", ":::", "xaby"}},
		{name: "csv-header", args: []string{"-k", "--csv", "--header", ":", "echo", "{b}", "{a}"}, stdin: "a,b\n\"1,2\",3\n"},
		{name: "csv-null", args: []string{"-k", "--csv", "-0", "echo", "[{1}]", "[{2}]", "::::", "f"}, files: map[string]string{"f": "\"a\nb\",c\x00d,e\x00"}},
		{name: "csv-eof-string", args: []string{"-k", "--csv", "-E", "END", "echo", "{1}"}, stdin: "a,b\nEND\nc\n"},
		{name: "csv-link-two-sources", args: []string{"-k", "--csv", "--link", "echo", "{1}", "{2}", "{3}", ":::", "a,b", "c,d", ":::", "x", "y"}},
		{name: "csv-tag", args: []string{"-k", "--csv", "--tag", "echo", "{2}", ":::", "a,b"}},
		{name: "csv-bad-quote-stops", args: []string{"-k", "-j1", "--csv", "echo", "[{2}]"}, stdin: "x,y\nbad\"q\nz,w\n"},
		{name: "csv-unterminated", args: []string{"-k", "--csv", "touch", "{1}", ":::", "a,\"b"}},
		{name: "csv-text-after-quote", args: []string{"-k", "--csv", "touch", "{1}", ":::", "\"a\"b"},
			known: "GNU parallel dies in Text::CSV, exiting with whatever Perl's errno is (25 here); crew exits 255"},
		{name: "csv-cr", args: []string{"-k", "--csv", "touch", "{2}"}, stdin: "a,b\r\nc,d\r\n", stderr: stderrIgnore,
			known: "GNU parallel dies in Text::CSV, exiting with whatever Perl's errno is (25 here); crew exits 255"},
		{name: "csv-pipe", args: []string{"-k", "--pipe", "--csv", "cat"}, stdin: "a,\"b\nc\"\nd,e\n", usageError: true,
			known: "GNU parallel cuts --pipe blocks after whole CSV records; crew refuses --csv with --pipe rather than cut inside a record"},
		{name: "csv-quote-separator", args: []string{"--csv", "--colsep", "\"", "touch", ":::", "a"},
			known: "GNU parallel dies in Text::CSV with Perl's exit status 2; crew refuses the separator with 255"},

		// --color, --ctag, --ctagstring, --color-failed.
		{name: "color", args: []string{"-k", "--color", "echo", ":::", "a", "b", "c"}},
		{name: "color-many-jobs", args: []string{"-k", "--color", "echo"}, stdin: seq101},
		{name: "color-tag", args: []string{"-k", "--color", "--tag", "echo", ":::", "a", "b"}},
		{name: "color-ctag", args: []string{"-k", "--ctag", "echo", ":::", "a", "b"}},
		{name: "color-ctagstring", args: []string{"-k", "--ctagstring", "<{}>", "echo", ":::", "a"}},
		{name: "color-tagstring-wins", args: []string{"-k", "--colour", "--tagstring", "T", "--ctagstring", "C", "echo", ":::", "a"}},
		{name: "color-verbose", args: []string{"-k", "--color", "-v", "echo", ":::", "a"}},
		{name: "color-cr-and-last-line", args: []string{"-k", "--color", "printf 'a\\rb\\r\\nc'", ":::", "x"}},
		{name: "color-stderr", args: []string{"-k", "--color", "echo out; echo err >&2", ":::", "x"}, stderr: stderrLines},
		{name: "color-ungroup-ignored", args: []string{"-k", "--color", "-u", "echo", ":::", "x"}},
		{name: "color-no-output", args: []string{"-k", "--color", "true", ":::", "x"}},
		{name: "color-line-buffer", args: []string{"-k", "--color", "--lb", "--tag", "printf 'a\\nb\\nc'", ":::", "x"}},
		{name: "color-failed", args: []string{"-k", "--cf", "echo {}; exit {}", ":::", "0", "1", "2"}},
		{name: "color-failed-and-color", args: []string{"-k", "--color-failed", "--color", "echo {}; exit {}", ":::", "0", "1"}},
		{name: "color-failed-line-buffer-ignored", args: []string{"-k", "--colorfailed", "--lb", "echo {}; exit {}", ":::", "1"}},
		{name: "color-failed-tag", args: []string{"-k", "--cf", "--tag", "echo {}; exit {}", ":::", "0", "3"}},

		// --files.
		{name: "files", args: []string{"-k", "--files", "--tmpdir", "t", "echo", ":::", "a", "b"}, files: map[string]string{"t/keep": ""}},
		{name: "files-default-tmpdir", args: []string{"-k", "--files", "echo", ":::", "a"}},
		{name: "files-stderr-lost", args: []string{"-k", "--output-as-files", "--tmpdir", "t", "echo out{}; echo err{} >&2", ":::", "a"},
			files: map[string]string{"t/keep": ""}, stderr: stderrLines},
		{name: "files-empty-output", args: []string{"-k", "--outputasfiles", "--tmpdir", "t", "true", ":::", "a"}, files: map[string]string{"t/keep": ""}},
		{name: "files-tag", args: []string{"-k", "--files", "--tag", "--tmpdir", "t", "echo", ":::", "a", "b c"}, files: map[string]string{"t/keep": ""}},
		{name: "files-tmpdir-dot", args: []string{"-k", "--files", "--tmpdir", ".", "echo", ":::", "a"}},
		{name: "files-tmpdir-trailing-slash", args: []string{"-k", "--files", "--tmpdir", "t/", "echo", ":::", "a"}, files: map[string]string{"t/keep": ""}},
		{name: "files-verbose-in-file", args: []string{"-k", "--files", "-v", "--tmpdir", "t", "echo", ":::", "a"}, files: map[string]string{"t/keep": ""}},
		{name: "files-line-buffer", args: []string{"-k", "--files", "--lb", "--tmpdir", "t", "echo", ":::", "a"}, files: map[string]string{"t/keep": ""}},
		{name: "files-ungroup-ignored", args: []string{"-k", "--files", "-u", "--tmpdir", "t", "echo", ":::", "a"}, files: map[string]string{"t/keep": ""}},
		{name: "files-joblog", args: []string{"-k", "--files", "--tmpdir", "t", "--joblog", "jl", "echo {}; exit {}", ":::", "0", "3"},
			files: map[string]string{"t/keep": ""}, joblog: "jl"},
		{name: "files-results-dir", args: []string{"-k", "--files", "--results", "out", "echo", ":::", "q", "r"}},
		{name: "files-results-csv", args: []string{"-k", "--files", "--tmpdir", "t", "--results", "out.csv", "echo", ":::", "a"}, files: map[string]string{"t/keep": ""}},
		{name: "files-missing-tmpdir", args: []string{"-k", "--files", "--tmpdir", "nodir", "echo", ":::", "a"}, stderr: stderrIgnore,
			known: "GNU parallel dies in File::Temp with Perl's errno as exit status (2); crew refuses the directory before any job, exit 255"},
		{name: "files-dry-run", args: []string{"-k", "--files", "--dry-run", "--tmpdir", "t", "echo", ":::", "a"}, files: map[string]string{"t/keep": ""},
			known: "with --dry-run GNU parallel prints the name of an output file it then removes; crew prints the command, as --dry-run says"},

		// --compress, --compress-program, --decompress-program.
		{name: "compress", args: []string{"-k", "--compress", "echo {}; echo e{} >&2", ":::", "a", "b"}, stderr: stderrLines},
		{name: "compress-big-output", args: []string{"-k", "-j2", "--compress", "seq", ":::", "100000", "3"}},
		{name: "compress-joblog-receive", args: []string{"-k", "--compress", "--joblog", "jl", "seq", ":::", "1000"}, joblog: "jl"},
		{name: "compress-tag", args: []string{"-k", "--compress", "--tag", "seq 3", ":::", "a", "b"}},
		{name: "compress-color", args: []string{"-k", "--compress", "--color", "echo", ":::", "a"}},
		{name: "compress-no-output", args: []string{"-k", "--compress", "true", ":::", "a"}},
		{name: "compress-program", args: []string{"-k", "--compress-program", "gzip -9", "echo", ":::", "a", "b"}},
		{name: "compress-program-alias", args: []string{"-k", "--use-compress-program", "bzip2", "echo", ":::", "a"}},
		{name: "compress-decompress-program", args: []string{"-k", "--compress-program", "cat", "--decompress-program", "tr a-z A-Z", "echo", ":::", "a"}},
		{name: "compress-decompress-alone-ignored", args: []string{"-k", "--decompress-program", "tr a-z A-Z", "echo", ":::", "a"}},
		{name: "compress-program-fails", args: []string{"-k", "--compress-program", "false", "--joblog", "jl", "echo", ":::", "a", "b"},
			joblog: "jl", stderr: stderrIgnore},
		{name: "compress-program-exit", args: []string{"-k", "--compress-program", "exit 3", "echo", ":::", "a"}, stderr: stderrIgnore},
		{name: "compress-files", args: []string{"-k", "--compress", "--files", "--tmpdir", "t", "echo", ":::", "a"}, files: map[string]string{"t/keep": ""}},
		{name: "compress-files-no-output", args: []string{"-k", "--compress", "--files", "--tmpdir", "t", "true", ":::", "a"}, files: map[string]string{"t/keep": ""}},
		{name: "compress-results-dir", args: []string{"-k", "--compress", "--results", "out", "echo", ":::", "a"}},
		{name: "compress-results-csv", args: []string{"-k", "--compress", "--results", "out.csv", "echo", ":::", "a"}},
		{name: "compress-line-buffer", args: []string{"-k", "--compress", "--lb", "--tag", "echo", ":::", "x"}},

		{name: "error-unknown-option", args: []string{"--no-such-option", "touch", ":::", "x"}, usageError: true},
		{name: "error-missing-argfile", args: []string{"touch", "x", "::::", "missing"}},
		{name: "error-bad-jobs", args: []string{"-j", "x", "touch", ":::", "y"}, usageError: true},
		{name: "error-bad-halt", args: []string{"--halt", "foo", "touch", ":::", "y"}, usageError: true},
	}
}

// fakeCPUInfo and fakeLscpu describe a machine of 2 sockets, 2 cores per
// socket and 2 threads per core, through GNU parallel's testing variables.
var (
	fakeCPUInfo = func() string {
		var b strings.Builder
		for p := range 8 {
			fmt.Fprintf(&b, "processor\t: %d\nphysical id\t: %d\ncore id\t\t: %d\n\n", p, p/4, p/2%2)
		}
		return b.String()
	}()
	fakeLscpu = "CPU(s):                          8\nThread(s) per core:              2\nCore(s) per socket:              2\nSocket(s):                       2\n"
)

// compatOutcome is what one side (GNU parallel or crew) did for a case.
type compatOutcome struct {
	runs     []compatRun
	leftover []string // processes still running in the working directory after a run
	joblog   string
	tree     map[string]string // relative path -> content ("<dir>" for directories)
	err      error             // the case could not be run at all
}

type compatRun struct {
	stdout, stderr string
	code           int
}

func TestCompatGNUParallel(t *testing.T) {
	parallel, err := exec.LookPath("parallel")
	if err == nil {
		out, _ := exec.Command(parallel, "--version").Output()
		if !bytes.Contains(out, []byte("GNU parallel")) {
			err = fmt.Errorf("%s is not GNU parallel (moreutils?)", parallel)
		}
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("GNU parallel is needed in CI (.ci/run installs it with apt-get): %v", err)
		}
		t.Skipf("skipping the differential test: GNU parallel not found (apt-get install parallel): %v", err)
	}
	crew, err := exec.LookPath("crew") // testscript.Main put the test binary on $PATH as "crew"
	if err != nil {
		t.Fatalf("crew is not on $PATH: %v", err)
	}
	home := t.TempDir()
	if err := os.WriteFile(filepath.Join(home, "will-cite"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	ref := []string{parallel, "--will-cite"}
	sut := []string{crew, "run"}
	if os.Getenv("CREW_COMPAT_SELF") != "" {
		sut = ref
	} else if out, err := exec.Command(crew, "run", "--help").CombinedOutput(); err != nil {
		t.Fatalf("crew run --help: %v: %s", err, out)
	}

	cases := compatCases()
	if re := os.Getenv("CREW_COMPAT_CASES"); re != "" {
		match := regexp.MustCompile(re)
		cases = slices.DeleteFunc(cases, func(c compatCase) bool { return !match.MatchString(c.name) })
	}

	// GNU parallel probes the command line length on its first run in a new
	// $PARALLEL_HOME; do that once, not in every case at once.
	warm := exec.Command(parallel, "--will-cite", "true", ":::", "1")
	warm.Env = compatEnv(home, t.TempDir(), t.TempDir())
	if out, err := warm.CombinedOutput(); err != nil {
		t.Fatalf("GNU parallel does not run: %v: %s", err, out)
	}

	// Run every case on both sides in a pool of our own: go test's -parallel
	// defaults to the number of CPUs, and GNU parallel spends most of its
	// time starting Perl, not computing.
	type task struct {
		c    *compatCase
		cmd  []string
		into *compatOutcome
	}
	refs := make([]compatOutcome, len(cases))
	suts := make([]compatOutcome, len(cases))
	tasks := make(chan task)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for tk := range tasks {
				*tk.into = runCompatCase(tk.c, tk.cmd, home, t.TempDir())
			}
		})
	}
	for i := range cases {
		tasks <- task{&cases[i], ref, &refs[i]}
		tasks <- task{&cases[i], sut, &suts[i]}
	}
	close(tasks)
	wg.Wait()

	var known []string
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if refs[i].err != nil {
				t.Fatalf("GNU parallel: %v", refs[i].err)
			}
			if suts[i].err != nil {
				t.Fatalf("crew: %v", suts[i].err)
			}
			diffs := compareCompat(&c, &refs[i], &suts[i])
			switch {
			case len(diffs) > 0 && c.known == "":
				t.Errorf("crew run %s\ndiffers from GNU parallel:\n%s", quoteArgs(c.args), strings.Join(diffs, "\n"))
			case len(diffs) > 0:
				known = append(known, c.name)
				t.Logf("known difference: %s\n%s", c.known, strings.Join(diffs, "\n"))
			case c.known != "":
				t.Logf("matches GNU parallel now; the known difference can go: %s", c.known)
			}
		})
	}
	t.Logf("%d cases, %d known differences: %v", len(cases), len(known), known)
}

// compatEnv is the environment of both sides: the same shell and no user
// configuration, and $HOME in a scratch directory so that a quoting bug in a
// "rm -rf ~" case cannot hurt.
func compatEnv(parallelHome, home, tmp string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(k, "PARALLEL"), strings.HasPrefix(k, "LC_"),
			k == "SHELL", k == "HOME", k == "TMPDIR", k == "LANG", k == "LANGUAGE":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "SHELL=/bin/sh", "PARALLEL_SHELL=/bin/sh", "PARALLEL_HOME="+parallelHome,
		"HOME="+home, "TMPDIR="+tmp, "LC_ALL=C")
}

// runCompatCase runs c with the command prefix cmd in a new directory under
// scratch and records what happened.
func runCompatCase(c *compatCase, cmd []string, parallelHome, scratch string) compatOutcome {
	work := filepath.Join(scratch, "work")
	home := filepath.Join(work, "home")
	tmp := filepath.Join(scratch, "tmp")
	for _, d := range []string{home, tmp} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return compatOutcome{err: err}
		}
	}
	if err := os.WriteFile(filepath.Join(home, "keep"), []byte("keep\n"), 0o644); err != nil {
		return compatOutcome{err: err}
	}
	env := compatEnv(parallelHome, home, tmp)
	if c.parallelHome != nil {
		ph := filepath.Join(scratch, "parallel-home")
		if err := os.MkdirAll(ph, 0o755); err != nil {
			return compatOutcome{err: err}
		}
		files := map[string]string{"will-cite": ""}
		for name, content := range c.parallelHome {
			files[name] = content
		}
		for name, content := range files {
			if err := os.WriteFile(filepath.Join(ph, name), []byte(content), 0o644); err != nil {
				return compatOutcome{err: err}
			}
		}
		env = append(env, "PARALLEL_HOME="+ph)
	}
	for k, v := range c.env {
		env = append(env, k+"="+strings.ReplaceAll(v, "$WORK", work))
	}
	var o compatOutcome
	for name, content := range c.execs {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(work, name)), 0o755); err != nil {
			return compatOutcome{err: err}
		}
		if err := os.WriteFile(filepath.Join(work, name), []byte(content), 0o755); err != nil {
			return compatOutcome{err: err}
		}
	}
	steps := []struct {
		files map[string]string
		args  []string
	}{{c.files, c.args}}
	if c.then != nil {
		steps = append(steps, struct {
			files map[string]string
			args  []string
		}{c.thenFiles, c.then})
	}
	for _, st := range steps {
		for name, content := range st.files {
			if err := os.MkdirAll(filepath.Dir(filepath.Join(work, name)), 0o755); err != nil {
				return compatOutcome{err: err}
			}
			if err := os.WriteFile(filepath.Join(work, name), []byte(content), 0o644); err != nil {
				return compatOutcome{err: err}
			}
		}
		r, err := runCompat(append(slices.Clone(cmd), st.args...), c, work, env)
		if err != nil {
			return compatOutcome{err: err}
		}
		// Each side has its own directory: compare paths below it, not it.
		r.stdout = strings.ReplaceAll(r.stdout, scratch, "$SCRATCH")
		r.stderr = strings.ReplaceAll(r.stderr, scratch, "$SCRATCH")
		r.stderr = slowStart.ReplaceAllString(r.stderr, "")
		r.stdout = parFileName.ReplaceAllString(r.stdout, "parXXXXX.par")             // --files
		r.stdout = joblogTimes.ReplaceAllString(r.stdout, "${1}START${2}RUNTIME${3}") // --joblog -
		o.runs = append(o.runs, r)
		o.leftover = append(o.leftover, processesIn(work)...)
	}
	if c.signal != 0 {
		time.Sleep(lingerAfter)
	}
	if c.joblog != "" {
		b, err := os.ReadFile(filepath.Join(work, c.joblog))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return compatOutcome{err: err}
		}
		o.joblog = string(b)
	}
	o.tree = map[string]string{}
	parFiles := map[string][]string{} // --files' random names, as one entry
	err := filepath.WalkDir(work, func(path string, d fs.DirEntry, err error) error {
		if err != nil || path == work {
			return err
		}
		rel, _ := filepath.Rel(work, path)
		if norm := parFileName.ReplaceAllString(rel, "parXXXXX.par"); norm != rel && !d.IsDir() {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			parFiles[norm] = append(parFiles[norm], string(b))
			return nil
		}
		switch {
		case rel == c.joblog:
		case d.IsDir():
			o.tree[rel] = "<dir>"
		default:
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			o.tree[rel] = parFileName.ReplaceAllString(joblogTimes.ReplaceAllString(strings.ReplaceAll(string(b), scratch, "$SCRATCH"), "${1}START${2}RUNTIME${3}"), "parXXXXX.par")
		}
		return nil
	})
	if err != nil {
		return compatOutcome{err: err}
	}
	for name, contents := range parFiles {
		slices.Sort(contents)
		o.tree[name] = strings.Join(contents, "\x00")
	}
	return o
}

// parFileName matches the random part of the files --files makes.
var parFileName = regexp.MustCompile(`par[A-Za-z0-9_]{5}\.par`)

// lingerAfter is how long a signal case waits after the runner ended
// before it looks at the files: longer than its jobs' sleeps.
const lingerAfter = 2500 * time.Millisecond

// runCompat runs one command line of case c; it kills the whole process
// group if the command hangs.
func runCompat(argv []string, c *compatCase, dir string, env []string) (compatRun, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdin = strings.NewReader(c.stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Start()
	if err == nil && c.signal != 0 {
		err = signalWhen(ctx, cmd.Process.Pid, c, dir)
		if err != nil {
			cmd.Cancel()
		}
		if werr := cmd.Wait(); err == nil {
			err = werr
		}
	} else if err == nil {
		err = cmd.Wait()
	}
	r := compatRun{stdout: stdout.String(), stderr: stderr.String()}
	var ee *exec.ExitError
	switch {
	case ctx.Err() != nil:
		return r, fmt.Errorf("%s: did not finish in time: %w", quoteArgs(argv), ctx.Err())
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	case err != nil:
		return r, fmt.Errorf("%s: %w", quoteArgs(argv), err)
	}
	return r, nil
}

// processesIn lists the processes (pid and command) whose working directory
// is dir or below it.
func processesIn(dir string) []string {
	var found []string
	pids, _ := filepath.Glob("/proc/[0-9]*")
	for _, p := range pids {
		cwd, err := os.Readlink(filepath.Join(p, "cwd"))
		if err != nil || cwd != dir && !strings.HasPrefix(cwd, dir+"/") {
			continue
		}
		cmdline, _ := os.ReadFile(filepath.Join(p, "cmdline"))
		found = append(found, filepath.Base(p)+": "+strings.ReplaceAll(string(cmdline), "\x00", " "))
	}
	return found
}

// signalWhen sends c.signal to pid (or its process group) once the files
// c.signalWhen exist in dir.
func signalWhen(ctx context.Context, pid int, c *compatCase, dir string) error {
	for _, name := range c.signalWhen {
		for {
			if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
				break
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("%s never appeared: %w", name, ctx.Err())
			case <-time.After(20 * time.Millisecond):
			}
		}
	}
	// A file appears a little before its job has ended and been reaped.
	time.Sleep(300 * time.Millisecond)
	if c.signalGroup {
		pid = -pid
	}
	return syscall.Kill(pid, c.signal)
}

// compareCompat lists how the crew outcome differs from GNU parallel's.
func compareCompat(c *compatCase, ref, sut *compatOutcome) []string {
	var diffs []string
	add := func(what string, want, got any) {
		diffs = append(diffs, fmt.Sprintf("%s:\n  GNU parallel: %#v\n  crew:         %#v", what, want, got))
	}
	exact := c.exact || slices.Contains(c.args, "-k") || slices.Contains(c.args, "--keep-order")
	for i := range ref.runs {
		p, q := ref.runs[i], sut.runs[i]
		run := ""
		if i > 0 {
			run = fmt.Sprintf(" (run %d)", i+1)
		}
		if c.noPerl {
			if q.code != 255 || q.stdout != "" || strings.Count(q.stderr, "\n") != 1 || !strings.HasSuffix(q.stderr, "\n") || !strings.Contains(q.stderr, "{=") {
				add("{= perl =}: crew must exit 255 with one line on stderr naming {= and nothing on stdout; exit, stdout, stderr"+run,
					[]any{255, "", "one line"}, []any{q.code, q.stdout, q.stderr})
			}
			continue
		}
		if p.code != q.code {
			add("exit status"+run, p.code, q.code)
		}
		if c.usageError {
			if q.stdout != "" || strings.Count(q.stderr, "\n") != 1 || !strings.HasSuffix(q.stderr, "\n") {
				add("usage error: crew must print one line on stderr only; stdout, stderr"+run,
					[]string{"", "one line"}, []string{q.stdout, q.stderr})
			}
			continue
		}
		if exact && p.stdout != q.stdout || !exact && !slices.Equal(sortedLines(p.stdout), sortedLines(q.stdout)) {
			add("stdout"+run, p.stdout, q.stdout)
		}
		switch c.stderr {
		case stderrPresence:
			if (p.stderr == "") != (q.stderr == "") {
				add("stderr"+run, p.stderr, q.stderr)
			}
		case stderrLines:
			if !slices.Equal(sortedLines(p.stderr), sortedLines(q.stderr)) {
				add("stderr"+run, p.stderr, q.stderr)
			}
		}
	}
	if len(ref.leftover) != len(sut.leftover) {
		add("processes left running", ref.leftover, sut.leftover)
	}
	if c.joblog != "" {
		if d := compareJoblogs(ref.joblog, sut.joblog); d != "" {
			diffs = append(diffs, "joblog: "+d+fmt.Sprintf("\n  GNU parallel: %q\n  crew:         %q", ref.joblog, sut.joblog))
		}
	}
	if c.noPerl {
		made := map[string]string{}
		for name, content := range sut.tree {
			if name != "home" && !strings.HasPrefix(name, "home/") {
				made[name] = content
			}
		}
		if len(made) > 0 {
			add("{= perl =}: crew must run no job; files", map[string]string{}, made)
		}
		return diffs
	}
	var names []string
	for name := range ref.tree {
		names = append(names, name)
	}
	for name := range sut.tree {
		if _, ok := ref.tree[name]; !ok {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		want, inRef := ref.tree[name]
		got, inSut := sut.tree[name]
		switch {
		case !inSut:
			add(fmt.Sprintf("file %q missing", name), want, nil)
		case !inRef:
			add(fmt.Sprintf("file %q not made by GNU parallel", name), nil, got)
		case want != got:
			add(fmt.Sprintf("file %q", name), want, got)
		}
	}
	return diffs
}

// slowStart matches the warning GNU parallel prints when the machine is too
// busy to start its processes quickly; it depends on the load, not the case.
var slowStart = regexp.MustCompile(`(?m)^parallel: Warning: (Starting [0-9]+ processes took > [0-9]+ sec\.|Consider adjusting -j\. Press CTRL-C to stop\.)\n`)

// joblogTimes matches the start and run time of a joblog row (also in
// --results' .tsv and .csv files).
var joblogTimes = regexp.MustCompile(`(?m)^([0-9]+([\t,])[^\t,]*[\t,])[0-9]+\.[0-9]{3}[\t,] *-?[0-9]+\.[0-9]{3}([\t,])`)

var (
	joblogStart   = regexp.MustCompile(`^[0-9]+\.[0-9]{3}$`)
	joblogRuntime = regexp.MustCompile(`^ *-?[0-9]+\.[0-9]{3}$`)
)

// compareJoblogs compares two joblogs field by field, except for the start
// time and the run time, which must only have the same format. Rows are
// compared as a set, since jobs finish in any order.
func compareJoblogs(want, got string) string {
	wl := strings.Split(strings.TrimSuffix(want, "\n"), "\n")
	gl := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	if want == "" || got == "" {
		if want != got {
			return "one side wrote no joblog"
		}
		return ""
	}
	if !strings.HasSuffix(got, "\n") {
		return "no newline at the end"
	}
	if wl[0] != gl[0] {
		return fmt.Sprintf("header %q, want %q", gl[0], wl[0])
	}
	if len(wl) != len(gl) {
		return fmt.Sprintf("%d rows, want %d", len(gl)-1, len(wl)-1)
	}
	norm := func(rows []string) ([]string, string) {
		var out []string
		for _, row := range rows[1:] {
			f := strings.Split(row, "\t")
			if len(f) != 9 {
				return nil, fmt.Sprintf("row %q has %d fields, want 9", row, len(f))
			}
			if !joblogStart.MatchString(f[2]) {
				return nil, fmt.Sprintf("row %q: start time %q is not seconds.milliseconds", row, f[2])
			}
			if !joblogRuntime.MatchString(f[3]) || len(f[3]) < 10 {
				return nil, fmt.Sprintf("row %q: run time %q is not %%10.3f", row, f[3])
			}
			f[2], f[3] = "", ""
			out = append(out, strings.Join(f, "\t"))
		}
		slices.Sort(out)
		return out, ""
	}
	w, msg := norm(wl)
	if msg != "" {
		return "GNU parallel's own " + msg
	}
	g, msg := norm(gl)
	if msg != "" {
		return msg
	}
	for i := range w {
		if w[i] != g[i] {
			return fmt.Sprintf("row %q, want %q (start and run time aside)", g[i], w[i])
		}
	}
	return ""
}

func sortedLines(s string) []string {
	lines := strings.Split(s, "\n")
	slices.Sort(lines)
	return lines
}

func quoteArgs(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = fmt.Sprintf("%q", a)
	}
	return strings.Join(q, " ")
}
