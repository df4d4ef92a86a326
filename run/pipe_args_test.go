package run

import (
	"strings"
	"testing"
	"time"
)

func TestParsePipeOptions(t *testing.T) {
	for _, tc := range []struct {
		args  []string
		check func(*Options) bool
		what  string
	}{
		{[]string{"-l2k", "echo"}, func(o *Options) bool { return o.MaxLines == 2 && o.KeepOrder && o.MaxArgs == 2 && !o.ContextReplace },
			"-l2k is -l2 -k: two lines per job, no context replace"},
		{[]string{"-lk", "echo"}, func(o *Options) bool { return o.MaxLines == 1 && o.KeepOrder }, "-l alone is one line"},
		{[]string{"-l", "3", "echo"}, func(o *Options) bool { return o.MaxLines == 3 && len(o.Command) == 1 }, "-l takes a number that follows"},
		{[]string{"-l", "x", "echo"}, func(o *Options) bool { return o.MaxLines == 1 && o.Command[0] == "x" }, "-l leaves a word that is not a number"},
		{[]string{"--max-lines", "echo"}, func(o *Options) bool { return o.MaxLines == 1 && o.Command[0] == "echo" }, "--max-lines alone is one line"},
		{[]string{"--max-lines=0", "echo"}, func(o *Options) bool { return o.MaxLines == 1 }, "--max-lines=0 is one line"},
		{[]string{"-l", "-0", "echo"}, func(o *Options) bool { return o.MaxLines == 1 && o.DelimiterSet && o.Delimiter == "\x00" }, "-l -0 is -l with -0"},
		{[]string{"-L2", "echo"}, func(o *Options) bool { return o.MaxArgs == 2 && o.MaxArgsSet && o.ContextReplace }, "-L implies -X"},
		{[]string{"-L2", "-m", "echo"}, func(o *Options) bool { return o.MaxArgs == 2 && !o.ContextReplace }, "-L with -m does not"},
		{[]string{"-L", "1.5", "echo"}, func(o *Options) bool { return o.MaxLines == 2 }, "a fraction rounds up"},
		{[]string{"-L", "1K", "echo"}, func(o *Options) bool { return o.MaxLines == 1024 }, "unit prefixes"},
		{[]string{"-N3", "-L2", "echo"}, func(o *Options) bool { return o.MaxArgs == 3 && o.MaxLines == 2 }, "-N wins over -L for values per job"},
		{[]string{"--pipe", "-L2", "cat"}, func(o *Options) bool { return o.MaxLines == 2 && !o.MaxArgsSet }, "with --pipe, -L is the record size"},
		{[]string{"--cat", "cat"}, func(o *Options) bool { return o.Pipe && o.Cat }, "--cat implies --pipe"},
		{[]string{"--fifo", "cat"}, func(o *Options) bool { return o.Pipe && o.Fifo }, "--fifo implies --pipe"},
		{[]string{"--pipe-part", "--cat", "cat"}, func(o *Options) bool { return !o.Pipe && o.PipePart && o.Cat }, "but not with --pipe-part"},
		{[]string{"--pipe", "--recend", `\t\0\'`, "cat"}, func(o *Options) bool { return o.RecEnd == "\t\x00'" }, "escapes in plain --recend"},
		{[]string{"--pipe", "--regexp", "--recend", `\t+`, "cat"}, func(o *Options) bool { return o.RecEnd == `\t+` }, "a --regexp --recend is left to the regexp"},
		{[]string{"--pipepart", "--block", "-3", "cat"}, func(o *Options) bool { return o.BlockSize == -3 }, "--block -3 with --pipe-part"},
		{[]string{"--pipe", "--block", "1k", "cat"}, func(o *Options) bool { return o.BlockSize == 1000 }, "--block 1k"},
		{[]string{"--pipe", "--bt", "2.7", "cat"}, func(o *Options) bool { return o.BlockTimeout == 2*time.Second }, "--block-timeout counts whole seconds"},
		{[]string{"--pipe", "--tee", "cat"}, func(o *Options) bool { return o.Jobs == maxJobs() }, "--tee without -j runs all jobs at once"},
		{[]string{"--pipe", "--tee", "-j2", "cat"}, func(o *Options) bool { return o.Jobs == 2 }, "--tee with -j"},
		{[]string{"--header", ":", "echo"}, func(o *Options) bool { return o.Colsep == "\t" && o.Trim == "n" }, "--header splits on TAB, untrimmed"},
		{[]string{"--pipe", "--header", ":", "cat"}, func(o *Options) bool { return o.Colsep == "" }, "but not with --pipe"},
		{[]string{"--round", "--skip-first-line", "--rrs", "--regex", "--recstart", "x", "cat"}, func(o *Options) bool {
			return o.RoundRobin && o.SkipFirstLine && o.RemoveRecSep && o.Regexp && o.RecStartSet && o.RecStart == "x"
		}, "short names"},
	} {
		o, err := ParseArgs(tc.args)
		if err != nil {
			t.Errorf("%q: %v", tc.args, err)
			continue
		}
		if !tc.check(o) {
			t.Errorf("%q: %s: got %+v", tc.args, tc.what, *o)
		}
	}
}

func TestParsePipeOptionErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--pipe", "--block", "-1", "cat"}, "needs --pipe-part"},
		{[]string{"--pipe", "--block", "1e30", "cat"}, "bad --block value"},
		{[]string{"--pipe", "--block", "inf", "cat"}, "bad --block value"},
		{[]string{"--pipe", "--regexp", "--recstart", "(?<=a)", "cat"}, "RE2"},
		{[]string{"--pipe", "--header", "(", "cat"}, "bad --header value"},
		{[]string{"--pipe", "--bt", "0", "cat"}, "at least 1 second"},
		{[]string{"--fifo", "--cat", "cat"}, "cannot be combined"},
		{[]string{"--pipe", "--round-robin", "--retries", "3", "cat"}, "--retries cannot be combined with --round-robin"},
		{[]string{"--pipe-part", "-L", "2", "cat"}, "incompatible"},
		{[]string{"--pipe-part", "-N", "2", "cat"}, "incompatible"},
		{[]string{"-L", "-2", "echo"}, "bad -L value"},
		{[]string{"--max-lines=x", "echo"}, "bad --max-lines value"},
	} {
		_, err := ParseArgs(tc.args)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want one containing %q", tc.args, err, tc.want)
		}
	}
}

func TestContinuedLines(t *testing.T) {
	for _, tc := range []struct {
		in        []string
		skipBlank bool
		want      []string
	}{
		{[]string{"a ", "b", "c"}, false, []string{"a b", "c"}},
		{[]string{"a\t", "b ", "c", "d"}, false, []string{"a\tb c", "d"}},
		{[]string{" ", "x"}, false, []string{" x"}},
		{[]string{" ", "x"}, true, []string{"x"}},
		{[]string{"a\r"}, false, []string{"a\r"}},
		{[]string{"", "b"}, false, []string{"", "b"}},
	} {
		c := &contReader{r: &listReader{vals: tc.in}, skipBlank: tc.skipBlank}
		var got []string
		for {
			v, err := c.next()
			if err != nil {
				break
			}
			got = append(got, v)
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%q: got %q, want %q", tc.in, got, tc.want)
		}
	}
}
