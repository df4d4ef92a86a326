package run

import (
	"errors"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseArgs(t *testing.T) {
	cpus := runtime.NumCPU()
	for _, tc := range []struct {
		name  string
		args  string // split on blanks
		check func(*Options) bool
	}{
		{"default jobs", "echo", func(o *Options) bool { return o.Jobs == cpus && slices.Equal(o.Command, []string{"echo"}) }},
		{"-j4", "-j4 echo", func(o *Options) bool { return o.Jobs == 4 }},
		{"-j 4", "-j 4 echo", func(o *Options) bool { return o.Jobs == 4 }},
		{"--jobs=3", "--jobs=3 echo", func(o *Options) bool { return o.Jobs == 3 }},
		{"-j +1", "-j +1 echo", func(o *Options) bool { return o.Jobs == cpus+1 }},
		{"-j -100", "-j -100 echo", func(o *Options) bool { return o.Jobs == 1 }},
		{"-j 200%", "-j 200% echo", func(o *Options) bool { return o.Jobs == 2*cpus }},
		{"-j 0", "-j 0 echo", func(o *Options) bool { return o.Jobs >= 1 }},
		{"bundled", "-kvj2 echo", func(o *Options) bool { return o.KeepOrder && o.Verbose && o.Jobs == 2 }},
		{"options after command belong to it", "echo -k -j 2", func(o *Options) bool {
			return !o.KeepOrder && slices.Equal(o.Command, []string{"echo", "-k", "-j", "2"})
		}},
		{"--", "-- -echo", func(o *Options) bool { return slices.Equal(o.Command, []string{"-echo"}) }},
		{"sources", "echo ::: a b :::+ 1 2 :::: f g ::::+ h", func(o *Options) bool {
			s := o.Sources
			return len(s) == 5 && slices.Equal(s[0].Args, []string{"a", "b"}) && !s[0].Linked &&
				s[1].Linked && s[2].Path == "f" && !s[2].Linked && s[3].Path == "g" && s[4].Path == "h" && s[4].Linked
		}},
		{"no command", "::: a", func(o *Options) bool { return len(o.Command) == 0 && len(o.Sources) == 1 }},
		{"empty :::", "echo :::", func(o *Options) bool { return len(o.Sources) == 1 && len(o.Sources[0].Args) == 0 }},
		{"-a", "-a x -a y echo", func(o *Options) bool { return len(o.Sources) == 2 && o.Sources[1].Path == "y" }},
		{"-0", "-0 echo", func(o *Options) bool { return o.DelimiterSet && o.Delimiter == "\x00" }},
		{"-d", `-d \x2c echo`, func(o *Options) bool { return o.Delimiter == "," }},
		{"-d CRNL", `-d \r\n echo`, func(o *Options) bool { return o.Delimiter == "\r\n" }},
		{"-d octal and text", `-d a\0b\101\\ echo`, func(o *Options) bool { return o.Delimiter == "a\x00bA\\" }},
		{"-d unknown escape", `-d \q echo`, func(o *Options) bool { return o.Delimiter == `\q` }},
		{"-d -0 any order", `-0 -d , -0 echo`, func(o *Options) bool { return o.Delimiter == "," }},
		{"-N0", "-N0 echo", func(o *Options) bool { return o.MaxArgsSet && o.MaxArgs == 0 }},
		{"--timeout pct", "--timeout 300% echo", func(o *Options) bool { return o.TimeoutPercent == 300 }},
		{"--timeout 1m30s", "--timeout 1m30s echo", func(o *Options) bool { return o.Timeout == 90*time.Second }},
		{"--delay", "--delay 0.5 echo", func(o *Options) bool { return o.Delay == 500*time.Millisecond }},
		{"--halt", "--halt soon,success=20% echo", func(o *Options) bool {
			return o.Halt == Halt{When: HaltSoon, Why: HaltSuccess, Percent: 20}
		}},
		{"--halt 2", "--halt 2 echo", func(o *Options) bool { return o.Halt == Halt{When: HaltNow, Why: HaltFail, Count: 1} }},
		{"--joblog +", "--joblog +log echo", func(o *Options) bool { return o.JobLog == "log" && o.JobLogAppend }},
		{"--termseq", "--termseq INT,10,KILL echo", func(o *Options) bool {
			return len(o.TermSeq) == 2 && o.TermSeq[0].Wait == 10*time.Millisecond
		}},
		{"--memfree", "--memfree 1G echo", func(o *Options) bool { return o.MemFree == 1<<30 }},
		{"output mode --lb", "--lb echo", func(o *Options) bool { return o.Output == LineBuffer }},
		{"output mode -u", "-u echo", func(o *Options) bool { return o.Output == Ungroup }},
		{"-X", "-X echo", func(o *Options) bool { return o.Multi && o.ContextReplace }},
		{"-m", "-m echo", func(o *Options) bool { return o.Multi && !o.ContextReplace }},
		{"--header", "--header : echo", func(o *Options) bool { return o.Header == ":" }},
		{"--trim -r --shuf", "--trim l -r --shuf echo", func(o *Options) bool { return o.Trim == "l" && o.NoRunIfEmpty && o.Shuffle }},
		{"--arg-sep", "--arg-sep ,, echo ,, a", func(o *Options) bool {
			return len(o.Sources) == 1 && o.Sources[0].Args[0] == "a" && o.Command[0] == "echo"
		}},
		{"--env ignored", "--env X echo", func(o *Options) bool { return o.Command[0] == "echo" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o, err := ParseArgs(strings.Fields(tc.args))
			if err != nil {
				t.Fatalf("ParseArgs(%q): %v", tc.args, err)
			}
			if !tc.check(o) {
				t.Errorf("ParseArgs(%q) = %+v", tc.args, o)
			}
		})
	}
}

func TestParseArgsErrors(t *testing.T) {
	for _, tc := range []struct{ args, want string }{
		{"--foo echo", "unknown option --foo"},
		{"-y echo", "unknown option -y"},
		{"-s x echo", `bad -s value "x"`},
		{"-s 5q echo", `bad -s value "5q"`},
		{"-s -1 echo", `bad -s value "-1"`},
		{"--minversion 1.5", `bad --minversion value "1.5"`},
		{"--total x echo", `bad --total-jobs value "x"`},
		{"-J", "needs a value"},
		{"-S host wc", "not supported"},
		{"-j x echo", `bad -j value "x"`},
		{"-j", "needs a value"},
		{"--halt sometimes echo", "bad --halt"},
		{"--timeout x echo", "bad --timeout"},
		{"--resume echo", "need --joblog"},
		{"echo ::::", "needs a file name"},
		{"--keep-order=1 echo", "takes no value"},
		{"--rpl= echo ::: a", "want 'TAG perl expression'"},
		{"--rpl {x(a(})} echo ::: a", `bad --rpl value "{x(a(})}": its regular expression`},
		{"--rpl {x(?=a)} echo ::: a", "Go's RE2 syntax"},
		{"--parens { echo ::: a", `bad --parens value "{"`},
	} {
		_, err := ParseArgs(strings.Fields(tc.args))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseArgs(%q) error = %v, want it to contain %q", tc.args, err, tc.want)
		}
	}
	for v, want := range map[string]int{"100": 100, "1k": 1000, "1K": 1024, "2ki": 2048, "1.5": 2, "0": 0, "1M": 1 << 20} {
		if n, err := parseMaxChars(v); err != nil || n != want {
			t.Errorf("parseMaxChars(%q) = %d, %v; want %d", v, n, err, want)
		}
	}
	if _, err := ParseArgs([]string{"-k", "--help"}); !errors.Is(err, ErrHelp) {
		t.Errorf("--help: %v, want ErrHelp", err)
	}
}
