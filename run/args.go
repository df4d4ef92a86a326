package run

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// ErrHelp is returned by [ParseArgs] for -h or --help among the options.
var ErrHelp = errors.New("help requested")

// optSpec is one option of the GNU parallel command line.
type optSpec struct {
	names []string // "-j", "--jobs"; single-letter names may be bundled
	arg   bool     // takes a value
	opt   bool     // the value is optional: taken only when it is a number
	set   func(o *Options, v string) error

	// optional: takes a value attached (-iX, --replace=X) or in the next
	// word unless that looks like an option (as -i and -e in GNU parallel)
	optional bool
}

// options is the table of supported options; cmd/crew documents each one.
var options = []optSpec{
	{names: []string{"-j", "-P", "--jobs", "--max-procs", "--maxprocs"}, arg: true, set: func(o *Options, v string) error {
		n, err := ParseJobs(v, runtime.NumCPU())
		o.Jobs, o.jobsSet = n, true
		return err
	}},
	{names: []string{"-k", "--keep-order", "--keeporder"}, set: func(o *Options, _ string) error { o.KeepOrder = true; return nil }},
	{names: []string{"--group"}, set: func(o *Options, _ string) error { o.Output = Group; o.outFlags |= 1 << Group; return nil }},
	{names: []string{"-u", "--ungroup"}, set: func(o *Options, _ string) error { o.Output = Ungroup; o.outFlags |= 1 << Ungroup; return nil }},
	{names: []string{"--line-buffer", "--lb", "--linebuffer", "--line-buffered", "--linebuffered"}, set: func(o *Options, _ string) error {
		o.Output = LineBuffer
		o.outFlags |= 1 << LineBuffer
		return nil
	}},
	{names: []string{"--latest-line", "--latestline", "--ll"}, set: func(o *Options, _ string) error { o.Output = LatestLine; return nil }},
	{names: []string{"--tag"}, set: func(o *Options, _ string) error { o.Tag = true; return nil }},
	{names: []string{"--tagstring", "--tag-string"}, arg: true, set: func(o *Options, v string) error { o.TagString = v; return nil }},
	{names: []string{"-a", "--arg-file", "--argfile"}, arg: true, set: func(o *Options, v string) error {
		o.Sources = append(o.Sources, Source{Path: v})
		o.argFiles = append(o.argFiles, v)
		return nil
	}},
	{names: []string{"-0", "--null"}, set: func(o *Options, _ string) error {
		if !o.delimByD { // -d wins over -0, whatever their order (as GNU parallel)
			o.Delimiter, o.DelimiterSet = "\x00", true
		}
		return nil
	}},
	{names: []string{"-d", "--delimiter"}, arg: true, set: func(o *Options, v string) error {
		d, err := parseDelimiter(v)
		o.Delimiter, o.DelimiterSet, o.delimByD = d, true, true
		return err
	}},
	{names: []string{"-C", "--colsep", "--col-sep"}, arg: true, set: func(o *Options, v string) error { o.Colsep = v; return nil }},
	{names: []string{"-N", "--max-replace-args", "--maxreplaceargs"}, arg: true, set: func(o *Options, v string) error {
		n, err := parseMaxArgs("-N", v)
		o.maxReplace = n
		return err
	}},
	{names: []string{"-n", "--max-args", "--maxargs"}, arg: true, set: func(o *Options, v string) error {
		n, err := parseMaxArgs("-n", v)
		o.maxArgs = n
		return err
	}},
	{names: []string{"--link", "--xapply"}, set: func(o *Options, _ string) error { o.Link = true; return nil }},
	{names: []string{"-q", "--quote"}, set: func(o *Options, _ string) error { o.Quote = true; return nil }},
	{names: []string{"-I"}, arg: true, set: func(o *Options, v string) error { o.Replace.Arg = v; return nil }},
	{names: []string{"--extensionreplace", "--er"}, arg: true, set: func(o *Options, v string) error { o.Replace.NoExt = v; return nil }},
	{names: []string{"--basenamereplace", "--bnr"}, arg: true, set: func(o *Options, v string) error { o.Replace.Base = v; return nil }},
	{names: []string{"--dirnamereplace", "--dnr"}, arg: true, set: func(o *Options, v string) error { o.Replace.Dir = v; return nil }},
	{names: []string{"--basenameextensionreplace", "--bner"}, arg: true, set: func(o *Options, v string) error { o.Replace.BaseNoExt = v; return nil }},
	{names: []string{"--seqreplace"}, arg: true, set: func(o *Options, v string) error { o.Replace.Seq = v; return nil }},
	{names: []string{"--slotreplace"}, arg: true, set: func(o *Options, v string) error { o.Replace.Slot = v; return nil }},
	{names: []string{"--delay"}, arg: true, set: func(o *Options, v string) error {
		// "Nauto" (and "auto", which is 0: it stays 0) adapts the delay.
		p, auto := strings.CutSuffix(v, "auto")
		var d time.Duration
		var err error
		if !auto || p != "" {
			d, err = parseDuration(p)
		}
		if err != nil {
			return fmt.Errorf("bad --delay value %q: %w", v, err)
		}
		o.Delay, o.DelayAuto = d, auto
		return nil
	}},
	{names: []string{"--timeout"}, arg: true, set: func(o *Options, v string) error {
		if p, ok := strings.CutSuffix(v, "%"); ok {
			f, err := strconv.ParseFloat(p, 64)
			if err != nil || f <= 0 {
				return fmt.Errorf("bad --timeout value %q: want seconds or a percentage", v)
			}
			o.TimeoutPercent = f
			return nil
		}
		d, err := parseDuration(v)
		if err != nil || d <= 0 {
			return fmt.Errorf("bad --timeout value %q: want seconds or a percentage", v)
		}
		o.Timeout = d
		return nil
	}},
	{names: []string{"--retries"}, arg: true, set: func(o *Options, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return fmt.Errorf("bad --retries value %q: want a number >= 0", v)
		}
		o.Retries = n
		return nil
	}},
	{names: []string{"--halt", "--halt-on-error", "--haltonerror"}, arg: true, set: func(o *Options, v string) error {
		h, err := ParseHalt(v)
		o.Halt = h
		return err
	}},
	{names: []string{"--termseq", "--term-seq"}, arg: true, set: func(o *Options, v string) error {
		ts, err := parseTermSeq(v)
		o.TermSeq = ts
		return err
	}},
	{names: []string{"--memfree"}, arg: true, set: func(o *Options, v string) error {
		n, err := parseSize(v)
		if err != nil {
			return fmt.Errorf("bad --memfree value %q: %w", v, err)
		}
		o.MemFree = n
		return nil
	}},
	{names: []string{"--memsuspend"}, arg: true, set: func(o *Options, v string) error {
		n, err := parseUnits(v)
		if err != nil {
			return fmt.Errorf("bad --memsuspend value %q: want a size such as 1G or 500M (0: off)", v)
		}
		o.MemSuspend = n
		return nil
	}},
	{names: []string{"--load"}, arg: true, set: func(o *Options, v string) error {
		f, file, err := parseLoad(v, runtime.NumCPU())
		o.MaxLoad, o.MaxLoadFile = f, file
		return err
	}},
	{names: []string{"--noswap"}, set: func(o *Options, _ string) error { o.NoSwap = true; return nil }},
	// An empty --limit is none, as in GNU parallel.
	{names: []string{"--limit"}, arg: true, set: func(o *Options, v string) error { o.Limit = strings.TrimSpace(v); return nil }},
	{names: []string{"--results", "--res", "--result"}, arg: true, set: func(o *Options, v string) error { o.Results = v; return nil }},
	{names: []string{"--joblog", "--jl"}, arg: true, set: func(o *Options, v string) error {
		o.JobLog, o.JobLogAppend = v, false
		if p, ok := strings.CutPrefix(v, "+"); ok {
			o.JobLog, o.JobLogAppend = p, true
		}
		return nil
	}},
	{names: []string{"--resume"}, set: func(o *Options, _ string) error { o.Resume = true; return nil }},
	{names: []string{"--resume-failed", "--resumefailed"}, set: func(o *Options, _ string) error { o.ResumeFailed = true; return nil }},
	{names: []string{"--tmpdir", "--tempdir"}, arg: true, set: func(o *Options, v string) error { o.TempDir = v; return nil }},
	{names: []string{"--dry-run", "--dryrun", "--dr"}, set: func(o *Options, _ string) error { o.DryRun = true; return nil }},
	{names: []string{"-v"}, set: func(o *Options, _ string) error { o.Verbose = true; return nil }},
	{names: []string{"--template", "--tmpl"}, arg: true, set: func(o *Options, v string) error {
		file, name, ok := strings.Cut(v, "=")
		if !ok || file == "" || name == "" {
			return fmt.Errorf("bad --template value %q: want FILE=NAME", v)
		}
		o.Templates = append(o.Templates, TemplateFile{Path: file, Name: name})
		return nil
	}},
	// --cleanup removes the --template files; crew runs no remote jobs
	// whose transferred files it would remove.
	{names: []string{"--cleanup"}, set: func(o *Options, _ string) error { o.Cleanup = true; return nil }},
	{names: []string{"--shebang", "--hashbang", "--shebang-wrap", "--shebangwrap"}, set: func(*Options, string) error {
		return errors.New("--shebang, --hashbang and --shebang-wrap must be the first option (on a #! line)")
	}},
	{names: []string{"--tty"}, set: func(o *Options, _ string) error { o.TTY = true; return nil }},
	{names: []string{"-o", "--open-tty"}, set: func(o *Options, _ string) error { o.OpenTTY = true; return nil }},
	{names: []string{"-p", "--interactive"}, set: func(o *Options, _ string) error { o.Interactive = true; return nil }},
	{names: []string{"-t", "--verbose"}, set: func(o *Options, _ string) error { o.Trace = true; return nil }},
	{names: []string{"--bar"}, set: func(o *Options, _ string) error { o.Bar = true; return nil }},
	{names: []string{"--eta"}, set: func(o *Options, _ string) error { o.ETA = true; return nil }},
	{names: []string{"--progress"}, set: func(o *Options, _ string) error { o.Progress = true; return nil }},
	// --header is checked once --pipe is known (see finishPipe).
	{names: []string{"--header"}, arg: true, set: func(o *Options, v string) error { o.Header = v; return nil }},
	{names: []string{"--nice"}, arg: true, set: func(o *Options, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < -20 || n > 19 {
			return fmt.Errorf("bad --nice value %q: want -20..19", v)
		}
		o.Nice = n
		return nil
	}},
	{names: []string{"--retry-failed", "--retryfailed"}, set: func(o *Options, _ string) error { o.RetryFailed = true; return nil }},
	{names: []string{"--pipe", "--spreadstdin"}, set: func(o *Options, _ string) error { o.Pipe = true; return nil }},
	{names: []string{"--block", "--block-size", "--blocksize"}, arg: true, set: func(o *Options, v string) error {
		// A negative size (blocks per job slot) is for --pipe-part only,
		// checked in finishPipe; 0 is the default, as in GNU parallel.
		n, err := parseUnits(strings.TrimPrefix(v, "-"))
		if err != nil || n > 1<<31 {
			return fmt.Errorf("bad --block value %q: want a size such as 1M or 100k", v)
		}
		o.BlockSize = int(n)
		if strings.HasPrefix(v, "-") {
			o.BlockSize = -max(int(n), 1)
		}
		return nil
	}},
	// --recstart and --recend are C-unescaped, or compiled with --regexp,
	// in finishPipe.
	{names: []string{"--recend"}, arg: true, set: func(o *Options, v string) error {
		o.RecEnd, o.RecEndSet = v, true
		return nil
	}},
	{names: []string{"--recstart"}, arg: true, set: func(o *Options, v string) error {
		o.RecStart, o.RecStartSet = v, true
		return nil
	}},
	{names: []string{"--regexp", "--regex"}, set: func(o *Options, _ string) error { o.Regexp = true; return nil }},
	{names: []string{"--remove-rec-sep", "--removerecsep", "--rrs"}, set: func(o *Options, _ string) error { o.RemoveRecSep = true; return nil }},
	{names: []string{"-L"}, arg: true, set: func(o *Options, v string) error {
		n, err := parseLines(v, "-L")
		o.MaxLines, o.linesL = n, true
		return err
	}},
	{names: []string{"--max-lines", "--maxlines", "-l"}, arg: true, opt: true, set: func(o *Options, v string) error {
		if v == "-0" {
			// GNU parallel: "-l -0" is -l with -0.
			o.MaxLines = 1
			if !o.delimByD {
				o.Delimiter, o.DelimiterSet = "\x00", true
			}
			return nil
		}
		n := 1
		if v != "" {
			var err error
			if n, err = parseLines(v, "--max-lines"); err != nil {
				return err
			}
		}
		o.MaxLines = max(n, 1)
		return nil
	}},
	{names: []string{"--skip-first-line", "--skipfirstline"}, set: func(o *Options, _ string) error { o.SkipFirstLine = true; return nil }},
	{names: []string{"--round-robin", "--roundrobin", "--round"}, set: func(o *Options, _ string) error { o.RoundRobin = true; return nil }},
	{names: []string{"--pipe-part", "--pipepart"}, set: func(o *Options, _ string) error { o.PipePart = true; return nil }},
	{names: []string{"--block-timeout", "--blocktimeout", "--bt"}, arg: true, set: func(o *Options, v string) error {
		d, err := parseDuration(v)
		if err != nil || d < time.Second {
			return fmt.Errorf("bad --block-timeout value %q: want at least 1 second", v)
		}
		// GNU parallel counts whole seconds.
		o.BlockTimeout = d.Truncate(time.Second)
		return nil
	}},
	{names: []string{"--fifo"}, set: func(o *Options, _ string) error { o.Fifo = true; return nil }},
	{names: []string{"--group-by", "--groupby"}, arg: true, set: func(o *Options, v string) error { o.GroupBy = v; return nil }},
	{names: []string{"--shard"}, arg: true, set: func(o *Options, v string) error { o.Shard = v; return nil }},
	{names: []string{"--bin"}, arg: true, set: func(o *Options, v string) error { o.Bin = v; return nil }},
	{names: []string{"--tee"}, set: func(o *Options, _ string) error { o.Tee = true; return nil }},
	{names: []string{"--plus"}, set: func(o *Options, _ string) error { o.Plus = true; return nil }},
	{names: []string{"--rpl"}, arg: true, set: func(o *Options, v string) error {
		if _, err := parseRpl(v); err != nil {
			return err
		}
		o.Replace.Rpl = append(o.Replace.Rpl, v)
		return nil
	}},
	{names: []string{"--parens"}, arg: true, set: func(o *Options, v string) error {
		o.Replace.Parens = v
		return checkParens(v)
	}},
	{names: []string{"--filter"}, arg: true, set: func(o *Options, v string) error { o.Filter = append(o.Filter, v); return nil }},
	// --cat (and --fifo) imply --pipe unless --pipe-part is given.
	{names: []string{"--cat"}, set: func(o *Options, _ string) error { o.Cat = true; return nil }},
	{names: []string{"--xargs"}, set: func(o *Options, _ string) error { o.Multi, o.Xargs = true, true; return nil }},
	{names: []string{"-E"}, arg: true, set: func(o *Options, v string) error { o.EOF = v; return nil }},
	{names: []string{"--process-slot-var"}, arg: true, set: func(o *Options, v string) error { o.SlotVar = v; return nil }},
	{names: []string{"--shuf"}, set: func(o *Options, _ string) error { o.Shuffle = true; return nil }},
	{names: []string{"-m"}, set: func(o *Options, _ string) error { o.Multi, o.spread = true, true; return nil }},
	{names: []string{"-X"}, set: func(o *Options, _ string) error { o.Multi, o.ContextReplace, o.spread = true, true, true; return nil }},
	{names: []string{"-r", "--no-run-if-empty"}, set: func(o *Options, _ string) error { o.NoRunIfEmpty = true; return nil }},
	{names: []string{"--trim"}, arg: true, set: func(o *Options, v string) error {
		switch v {
		case "n", "l", "r", "lr", "rl":
			o.Trim = v
			return nil
		}
		return fmt.Errorf("bad --trim value %q: want n, l, r, lr or rl", v)
	}},
	{names: []string{"--arg-sep", "--argsep"}, arg: true, set: func(o *Options, v string) error { o.argSep = v; return nil }},
	{names: []string{"--arg-file-sep", "--argfilesep"}, arg: true, set: func(o *Options, v string) error { o.argFileSep = v; return nil }},
	// --env copies variables to remote hosts; local jobs inherit them all.
	{names: []string{"--env"}, arg: true, set: func(*Options, string) error { return nil }},
	{names: []string{"--will-cite", "--no-notice", "--willcite", "--nonotice", "--nn"}, set: func(*Options, string) error { return nil }},

	// Configuration: profiles and $PARALLEL (see ParseCommandLine).
	{names: []string{"-J", "--profile"}, arg: true, set: func(o *Options, v string) error { o.profiles = append(o.profiles, v); return nil }},
	{names: []string{"--plain"}, set: func(o *Options, _ string) error { o.plain = true; return nil }},
	// Information instead of a run (see Info).
	{names: []string{"-V", "--version"}, set: setInfo(InfoVersion)},
	{names: []string{"--citation", "--bibtex"}, set: setInfo(InfoCitation)},
	{names: []string{"--number-of-cpus", "--numberofcpus"}, set: setInfo(InfoCPUs)},
	{names: []string{"--number-of-cores", "--numberofcores"}, set: setInfo(InfoCores)},
	{names: []string{"--number-of-threads", "--numberofthreads"}, set: setInfo(InfoThreads)},
	{names: []string{"--number-of-sockets", "--numberofsockets"}, set: setInfo(InfoSockets)},
	{names: []string{"--max-line-length-allowed", "--maxlinelengthallowed"}, set: setInfo(InfoMaxLineLength)},
	{names: []string{"--minversion", "--min-version"}, arg: true, set: func(o *Options, v string) error {
		// Getopt::Long's integer: an optional sign and digits.
		t := strings.TrimPrefix(strings.TrimPrefix(v, "+"), "-")
		n, err := strconv.ParseInt(t, 10, 64)
		if err != nil || t == "" || t[0] == '+' || t[0] == '-' {
			return fmt.Errorf("bad --minversion value %q: want a version such as 20221122", v)
		}
		if strings.HasPrefix(v, "-") {
			n = -n
		}
		o.MinVersion = n
		return setInfo(InfoMinVersion)(o, v)
	}},
	{names: []string{"--show-limits", "--showlimits"}, set: func(o *Options, _ string) error { o.ShowLimits = true; return nil }},
	// --gnu chose GNU behaviour over the retired --tollef: crew has only that.
	{names: []string{"--gnu"}, set: func(*Options, string) error { return nil }},
	{names: []string{"--silent"}, set: func(o *Options, _ string) error { o.silent = true; return nil }},
	// Building command lines.
	{names: []string{"-s", "--max-chars", "--maxchars"}, arg: true, set: func(o *Options, v string) error {
		n, err := parseMaxChars(v)
		o.MaxChars = n
		return err
	}},
	{names: []string{"-x", "--exit"}, set: func(o *Options, _ string) error { o.Exit = true; return nil }},
	{names: []string{"-e", "--eof"}, optional: true, set: func(o *Options, v string) error { o.EOF = v; return nil }},
	{names: []string{"-i", "--replace"}, optional: true, set: func(o *Options, v string) error {
		// As GNU parallel: no value (or Perl's false "0") means {}.
		if v != "" && v != "0" {
			o.Replace.Arg = v
		}
		return nil
	}},
	{names: []string{"--shell-quote", "--shellquote", "--shell_quote"}, set: func(o *Options, _ string) error { o.ShellQuote++; return nil }},
	{names: []string{"--no-keep-order", "--nokeeporder", "--nok", "--no-k"}, set: func(o *Options, _ string) error { o.noKeepOrder = true; return nil }},
	{names: []string{"--total-jobs", "--totaljobs", "--total"}, arg: true, set: func(o *Options, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return fmt.Errorf("bad --total-jobs value %q: want a number >= 0", v)
		}
		o.TotalJobs = n
		return nil
	}},
	// Output.
	{names: []string{"--files", "--output-as-files", "--outputasfiles"}, set: func(o *Options, _ string) error { o.Files = true; return nil }},
	{names: []string{"--compress"}, set: func(o *Options, _ string) error { o.Compress = true; return nil }},
	{names: []string{"--compress-program", "--compressprogram", "--use-compress-program", "--usecompressprogram"}, arg: true, set: func(o *Options, v string) error {
		o.CompressProgram = v
		return nil
	}},
	{names: []string{"--decompress-program", "--decompressprogram", "--use-decompress-program", "--usedecompressprogram"}, arg: true, set: func(o *Options, v string) error {
		o.DecompressProgram = v
		return nil
	}},
	{names: []string{"--color", "--colour"}, set: func(o *Options, _ string) error { o.Color = true; return nil }},
	{names: []string{"--ctag"}, set: func(o *Options, _ string) error { o.Color, o.Tag = true, true; return nil }},
	{names: []string{"--ctagstring", "--ctag-string"}, arg: true, set: func(o *Options, v string) error { o.Color, o.ctagString = true, v; return nil }},
	{names: []string{"--color-failed", "--colour-failed", "--colorfailed", "--colourfailed", "--color-fail", "--colour-fail", "--colorfail", "--colourfail", "--cf"}, set: func(o *Options, _ string) error {
		o.ColorFailed = true
		return nil
	}},
	{names: []string{"--csv"}, set: func(o *Options, _ string) error { o.CSV = true; return nil }},
	{names: []string{"--wd", "--workdir", "--work-dir"}, arg: true, set: func(o *Options, v string) error { o.WorkDir = v; return nil }},
	// Semaphore mode (sem). --sem is taken as --semaphore (GNU's option
	// parser finds it ambiguous).
	{names: []string{"--semaphore", "--sem"}, set: func(o *Options, _ string) error { o.semaphore(); return nil }},
	{names: []string{"--semaphore-name", "--semaphorename", "--id"}, arg: true, set: func(o *Options, v string) error {
		o.semaphore().Name = v
		return nil
	}},
	{names: []string{"--semaphore-timeout", "--semaphoretimeout", "--st"}, arg: true, set: func(o *Options, v string) error {
		neg := strings.HasPrefix(v, "-")
		d, err := parseDuration(strings.TrimPrefix(strings.TrimPrefix(v, "-"), "+"))
		if err != nil {
			return fmt.Errorf("bad --semaphore-timeout value %q: want seconds (negative: give up), or 1m30s style", v)
		}
		if neg {
			d = -d
		}
		o.semaphore().Timeout = d
		return nil
	}},
	{names: []string{"--fg"}, set: func(o *Options, _ string) error { o.semaphore(); o.semFg = true; return nil }},
	{names: []string{"--bg"}, set: func(o *Options, _ string) error { o.semaphore(); o.semBg = true; return nil }},
	{names: []string{"--wait"}, set: func(o *Options, _ string) error { o.semaphore().Wait = true; return nil }},
}

// setInfo records a request for information; the one GNU parallel
// answers first wins (see Info).
func setInfo(i Info) func(*Options, string) error {
	return func(o *Options, _ string) error {
		if o.Info == InfoNone || i < o.Info {
			o.Info = i
		}
		return nil
	}
}

// parseMaxChars parses -s: a number of bytes with GNU parallel's unit
// prefixes (k = 1000, K or Ki = 1024, likewise m M, g G, t T, p P); 0
// means the default limit.
func parseMaxChars(v string) (int, error) {
	bad := fmt.Errorf("bad -s value %q: want a number of bytes such as 4096 or 4k", v)
	num, unit := v, ""
	if k := strings.IndexFunc(v, func(r rune) bool { return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' }); k >= 0 {
		num, unit = v[:k], v[k:]
	}
	mult := 1.0
	if unit != "" {
		pow := strings.IndexByte("kmgtp", unit[0]|0x20)
		switch {
		case pow < 0 || len(unit) > 2 || len(unit) == 2 && unit[1]|0x20 != 'i':
			return 0, bad
		case len(unit) == 2 || unit[0] < 'a':
			mult = math.Pow(1024, float64(pow+1))
		default:
			mult = math.Pow(1000, float64(pow+1))
		}
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || f < 0 || math.IsInf(f, 0) || math.IsNaN(f) || f*mult > 1<<40 {
		return 0, bad
	}
	// GNU parallel compares lengths with "len >= limit": a fraction
	// allows the next whole number.
	return int(math.Ceil(f * mult)), nil
}

// semaphore turns on semaphore mode (every sem option implies it).
func (o *Options) semaphore() *SemaphoreOptions {
	if o.Semaphore == nil {
		o.Semaphore = &SemaphoreOptions{}
	}
	return o.Semaphore
}

// parseMaxArgs parses -n or -N: a number >= 0, with GNU parallel's unit
// prefixes (2k = 2000, 1K = 1024).
func parseMaxArgs(name, v string) (*int, error) {
	n, err := parseUnits(v)
	if err != nil || n < 0 || n > math.MaxInt32 {
		return nil, fmt.Errorf("bad %s value %q: want a number >= 0", name, v)
	}
	k := int(n)
	return &k, nil
}

var optionIndex = func() map[string]*optSpec {
	m := map[string]*optSpec{}
	for i := range options {
		for _, n := range options[i].names {
			m[n] = &options[i]
		}
	}
	return m
}()

// separator tells whether w starts an input source, and which kind.
func (o *Options) separator(w string) (ok, files, linked bool) {
	as, fs := ":::", "::::"
	if o.argSep != "" {
		as = o.argSep
	}
	if o.argFileSep != "" {
		fs = o.argFileSep
	}
	switch w {
	case as:
		return true, false, false
	case as + "+":
		return true, false, true
	case fs:
		return true, true, false
	case fs + "+":
		return true, true, true
	}
	return false, false, false
}

func (o *Options) isSeparator(w string) bool {
	ok, _, _ := o.separator(w)
	return ok
}

// ParseArgs parses a GNU parallel command line: options, then the command
// (from the first word that is not an option up to the first input
// separator), then input sources (":::" values, "::::" files, ":::+" and
// "::::+" linked to the previous source). Like GNU parallel, options are
// only recognised before the command. It returns [ErrHelp] for -h/--help.
// It reads no profile files and no $PARALLEL: see [ParseCommandLine].
func ParseArgs(args []string) (*Options, error) {
	return parseCommandLine(args, nil)
}

// ParseCommandLine is [ParseArgs] with GNU parallel's default options in
// front of the command line's, as GNU parallel reads them: first the
// profile files (/etc/parallel/config, then config in $PARALLEL_HOME,
// $XDG_CONFIG_HOME/parallel, each of $XDG_CONFIG_DIRS/parallel and
// ~/.parallel, then ~/.parallelrc; or instead, for each -J/--profile NAME
// on the command line, NAME in those directories), then $PARALLEL. Each
// line of a profile file and $PARALLEL are split into words as a shell
// would (Perl's Text::ParseWords); lines starting with # are comments.
// Later options override earlier ones, so the command line wins. Words
// that are not options (such as "nice" in a profile) go in front of the
// command. --plain on the command line ignores profiles and $PARALLEL.
// getenv looks up environment variables (os.Getenv).
func ParseCommandLine(args []string, getenv func(string) string) (*Options, error) {
	return parseCommandLine(args, getenv)
}

func newOptions() *Options { return &Options{Jobs: runtime.NumCPU()} }

func parseCommandLine(args []string, getenv func(string) string) (*Options, error) {
	if len(args) > 0 && shebangMode(args[0]) != shebangNone {
		return parseShebang(args, getenv)
	}
	var srcs []optionSource
	if getenv != nil {
		// -J and --plain decide which profiles are read: only those on
		// the command line count.
		scan := newOptions()
		if _, err := scan.parseOptions(args); err != nil {
			return nil, err
		}
		if !scan.plain {
			srcs = defaultOptionSources(scan.profiles, getenv)
		}
	}
	o := newOptions()
	var words []string
	for _, src := range srcs {
		rest, err := o.parseOptions(src.words)
		if err != nil {
			return nil, fmt.Errorf("%w (in %s)", err, src.name)
		}
		words = append(words, rest...)
	}
	rest, err := o.parseOptions(args)
	if err != nil {
		return nil, err
	}
	return o.finish(append(words, rest...))
}

// parseOptions applies the options at the start of args and returns the
// words after them (a "--" ending the options is dropped).
func (o *Options) parseOptions(args []string) ([]string, error) {
	i := 0
	for i < len(args) {
		a := args[i]
		if a == "--" {
			i++
			break
		}
		if o.isSeparator(a) || len(a) < 2 || a[0] != '-' {
			break
		}
		i++
		if a == "-h" || a == "--help" {
			return nil, ErrHelp
		}
		if strings.HasPrefix(a, "--") {
			name, val, hasVal := strings.Cut(a, "=")
			spec := optionIndex[name]
			if spec == nil {
				return nil, optionError(name)
			}
			switch {
			case spec.opt && !hasVal:
				// Only a number after it is its value (-l 2).
				if i < len(args) && isNumber(args[i]) {
					val = args[i]
					i++
				}
			case spec.optional && !hasVal:
				// As Perl's Getopt::Long: the next word is the value
				// unless it looks like an option.
				if i < len(args) && takesOptionalValue(args[i]) {
					val = args[i]
					i++
				}
			case spec.arg && !hasVal:
				if i >= len(args) {
					return nil, fmt.Errorf("option %s needs a value", name)
				}
				val = args[i]
				i++
			case !spec.arg && !spec.optional && hasVal:
				return nil, fmt.Errorf("option %s takes no value", name)
			}
			if err := spec.set(o, val); err != nil {
				return nil, err
			}
			continue
		}
		// Short options, possibly bundled: -kv, -j4, -j 4.
		for k := 1; k < len(a); k++ {
			name := "-" + a[k:k+1]
			spec := optionIndex[name]
			if spec == nil {
				return nil, optionError(name)
			}
			if !spec.arg && !spec.optional {
				if err := spec.set(o, ""); err != nil {
					return nil, err
				}
				continue
			}
			val := a[k+1:]
			if spec.opt {
				// Only a number belongs to it: -l2k is -l2 -k.
				num := len(val) - len(strings.TrimLeft(val, "0123456789."))
				val = val[:num]
				if val == "" && k+1 == len(a) && i < len(args) && isNumber(args[i]) {
					val = args[i]
					i++
				}
				if err := spec.set(o, val); err != nil {
					return nil, err
				}
				k += num
				continue
			}
			if val == "" && spec.optional {
				if i < len(args) && takesOptionalValue(args[i]) {
					val = args[i]
					i++
				}
			} else if val == "" {
				if i >= len(args) {
					return nil, fmt.Errorf("option %s needs a value", name)
				}
				val = args[i]
				i++
			}
			if err := spec.set(o, val); err != nil {
				return nil, err
			}
			break
		}
	}
	return args[i:], nil
}

// takesOptionalValue tells whether an option with an optional value (-i,
// -e) takes the word w after it as its value: Getopt::Long takes any word
// but "--" and words that look like options.
func takesOptionalValue(w string) bool {
	return w != "--" && !(len(w) > 1 && w[0] == '-')
}

// finish parses the command and the input sources in words (what follows
// the options) and checks the options together.
func (o *Options) finish(args []string) (*Options, error) {
	i := 0
	for i < len(args) && !o.isSeparator(args[i]) {
		o.Command = append(o.Command, args[i])
		i++
	}
	for i < len(args) {
		sep := args[i]
		i++
		_, files, linked := o.separator(sep)
		src := Source{Linked: linked}
		var vals []string
		for i < len(args) && !o.isSeparator(args[i]) {
			vals = append(vals, args[i])
			i++
		}
		if !files {
			src.Args, src.FromArgs = vals, true
			o.Sources = append(o.Sources, src)
			continue
		}
		if len(vals) == 0 {
			return nil, fmt.Errorf("%s needs a file name", sep)
		}
		for k, f := range vals {
			s := src
			s.Path = f
			if k > 0 {
				s.Linked = false
			}
			o.Sources = append(o.Sources, s)
		}
	}
	// -N wins over -n, whatever their order, and replaces in context (as
	// GNU parallel).
	if o.maxReplace != nil {
		o.MaxArgs, o.MaxArgsSet, o.ContextReplace = *o.maxReplace, true, true
	} else if o.maxArgs != nil {
		o.MaxArgs, o.MaxArgsSet = *o.maxArgs, true
	}
	if o.Resume && o.ResumeFailed {
		o.Resume = false
	}
	// As GNU parallel's check_invalid_option_combinations.
	for _, c := range []struct {
		a, b Output
		msg  string
	}{
		{Group, Ungroup, "--group cannot be combined with --ungroup"},
		{Group, LineBuffer, "--group cannot be combined with --line-buffer"},
		{Ungroup, LineBuffer, "--ungroup cannot be combined with --line-buffer"},
	} {
		if o.outFlags&(1<<c.a) != 0 && o.outFlags&(1<<c.b) != 0 {
			return nil, errors.New(c.msg)
		}
	}
	if o.Pipe && (o.Bar || o.ETA || o.Shuffle) {
		return nil, errors.New("--pipe is incompatible with --eta/--bar/--shuf")
	}
	// As GNU parallel: --no-keep-order overrides -k and --silent
	// overrides -v wherever they are.
	if o.noKeepOrder {
		o.KeepOrder = false
	}
	if o.silent {
		o.Verbose = false
	}
	if o.TagString == "" {
		// --tagstring wins over --ctagstring (which only adds colour).
		o.TagString = o.ctagString
	}
	if o.CSV && o.Pipe {
		// GNU parallel then cuts blocks only after whole CSV records;
		// crew's --pipe would cut inside quoted newlines.
		return nil, errors.New("--csv with --pipe is not supported by crew run")
	}
	if (o.Resume || o.ResumeFailed || o.RetryFailed) && o.JobLog == "" {
		return nil, errors.New("--resume, --resume-failed and --retry-failed need --joblog")
	}
	if err := finishPipe(o); err != nil {
		return nil, err
	}
	if o.TTY {
		// As GNU parallel: --tty is -j1 -u unless -j or --group says
		// otherwise.
		if !o.jobsSet {
			o.Jobs = 1
		}
		if o.outFlags&(1<<Group) == 0 {
			o.Output = Ungroup
			if o.outFlags&(1<<LineBuffer) != 0 {
				return nil, errors.New("--ungroup cannot be combined with --line-buffer")
			}
		}
	}
	if so := o.Semaphore; so != nil {
		// As GNU parallel's parse_semaphore: one slot unless -j says,
		// in the background unless --fg, the first -a is the command's
		// standard input, and the values of ::: and :::: are not used.
		if len(o.argFiles) > 1 {
			return nil, errors.New("a semaphore cannot take input from more files")
		}
		if len(o.argFiles) == 1 {
			so.Input = o.argFiles[0]
		}
		if !o.jobsSet {
			o.Jobs = 1
		}
		so.Background = !o.semFg
		if o.Interactive && o.semBg {
			return nil, errors.New("jobs running in the background cannot be interactive")
		}
	}
	return o, nil
}

// parseShebang parses the command line of crew run as a script's
// interpreter (--shebang, --hashbang, --shebang-wrap first).
func parseShebang(args []string, getenv func(string) string) (*Options, error) {
	rest, script, mode, err := shebangArgs(args)
	if err != nil {
		return nil, err
	}
	if mode == shebangInput {
		// The script's lines are the first input source, as -a.
		rest = append([]string{"-a", script}, rest...)
	}
	o, err := parseCommandLine(rest, getenv)
	if err != nil {
		return nil, err
	}
	switch {
	case mode == shebangInput:
		o.Sources[0].SkipFirstLine = true
	case o.Pipe && len(o.Sources) > 0:
		// --pipe: the arguments are files to read, not values.
		last := o.Sources[len(o.Sources)-1]
		o.pipeFiles, o.Sources = last.Args, o.Sources[:len(o.Sources)-1]
	}
	return o, nil
}

// finishPipe settles the options of --pipe and its relatives that depend
// on one another, and checks them, as GNU parallel does after reading all
// options.
func finishPipe(o *Options) error {
	if o.Cat && o.Fifo {
		return errors.New("--fifo cannot be combined with --cat")
	}
	if o.GroupBy == "0" {
		o.GroupBy = "" // GNU parallel takes 0 as not given
	}
	if o.GroupBy != "" {
		if o.PipePart {
			return errors.New("--group-by with --pipe-part is not supported by crew run (use --pipe)")
		}
		if o.RemoveRecSep || o.RecStartSet || o.RecEndSet && o.RecEnd != "\n" {
			return errGroupBy
		}
		if _, err := parseGroupBy(o.GroupBy, o.Colsep); err != nil {
			return err
		}
		o.Pipe = true
	}
	if (o.Cat || o.Fifo) && !o.PipePart {
		o.Pipe = true
	}
	if o.Shard != "" || o.Bin != "" {
		switch {
		case o.Shard != "" && o.Bin != "":
			return errors.New("--shard cannot be combined with --bin")
		case o.PipePart:
			return errors.New("--shard and --bin with --pipe-part are not supported by crew run (use --pipe)")
		case !o.Pipe:
			return errors.New("--shard and --bin need --pipe")
		}
		opt, v := "--shard", o.Shard
		if o.Bin != "" {
			opt, v = "--bin", o.Bin
		}
		if _, err := parseSharder(opt, v, o.Colsep); err != nil {
			return err
		}
	}
	pipe := o.Pipe || o.PipePart
	if o.Regexp {
		if _, err := newRecSep(o.RecStart, o.RecEnd, o.RecStartSet, o.RecEndSet, true); err != nil {
			return err
		}
	} else {
		o.RecStart, o.RecEnd = unescapeC(o.RecStart), unescapeC(o.RecEnd)
	}
	if pipe {
		if _, err := pipeHeader(o.Header); err != nil {
			return err
		}
	} else if o.Header != "" && o.Colsep == "" && !o.CSV {
		// GNU parallel: --header splits on TAB unless --colsep says
		// otherwise, without the trimming --colsep brings (--csv has
		// chosen its separator, "," by default, before).
		o.Colsep = "\t"
		if o.Trim == "" {
			o.Trim = "n"
		}
	}
	if o.BlockSize < 0 && !o.PipePart {
		return fmt.Errorf("bad --block value %d: a negative size (blocks per job slot) needs --pipe-part", o.BlockSize)
	}
	if o.PipePart && (o.MaxArgsSet && o.ContextReplace || o.MaxLines > 0 || o.linesL) {
		return errors.New("--pipe-part is incompatible with -N, --max-lines and -L")
	}
	if o.RoundRobin && o.Retries > 0 {
		return errors.New("--retries cannot be combined with --round-robin")
	}
	if o.Tee && pipe && !o.jobsSet {
		// Every job must run at once: GNU parallel's --tee defaults to -j0.
		o.Jobs = maxJobs()
	}
	if !o.Pipe && (o.MaxLines > 0 || o.linesL) {
		// -L n is n values per job, and -L implies -X unless -m or
		// --xargs; a value ending in a blank continues on the next line
		// (see openInputs).
		if !o.MaxArgsSet {
			o.MaxArgs, o.MaxArgsSet = o.MaxLines, true
		}
		if o.linesL && !o.Multi && !o.Xargs {
			o.ContextReplace = true
		}
	}
	return nil
}

// parseLines parses the value of -L and --max-lines: a number with GNU
// parallel's unit prefixes; a fraction counts as the next whole number.
func parseLines(v, opt string) (int, error) {
	n, err := parseUnitsFloat(v)
	if err != nil || n < 0 || n > 1<<31 {
		return 0, fmt.Errorf("bad %s value %q: want a number of lines", opt, v)
	}
	return int(math.Ceil(n)), nil
}

// isNumber reports whether s is a number as Perl's Getopt takes it for an
// optional value (and "-0", which GNU parallel's -l swallows).
func isNumber(s string) bool {
	return numberRe().MatchString(s)
}

var numberRe = lazyRegexp(`^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$`)

// unsupported lists GNU parallel options crew run knows but does not
// implement, so their error says so instead of "unknown".
var unsupported = map[string]bool{
	"-S": true, "--sshlogin": true, "--slf": true,
	"--sshloginfile": true,
	"--transfer":     true, "--return": true, "--trc": true, "--onall": true,
	"--nonall":    true,
	"--tmux":      true,
	"--sqlmaster": true, "--sqlworker": true,
}

func optionError(name string) error {
	if unsupported[name] {
		return fmt.Errorf("option %s of GNU parallel is not supported by crew run", name)
	}
	return fmt.Errorf("unknown option %s (see crew run --help)", name)
}

// ParseJobs parses a -j value: N, N% of cpus, +N or -N relative to cpus
// (at least 1), 0 for as many as possible, or "auto" ([Auto]) for a number
// that adapts to the jobs' throughput.
func ParseJobs(v string, cpus int) (int, error) {
	bad := fmt.Errorf("bad -j value %q: want a number, N%%, +N, -N, 0 or auto", v)
	switch {
	case v == "auto":
		return Auto, nil
	case strings.HasSuffix(v, "%"):
		f, err := strconv.ParseFloat(v[:len(v)-1], 64)
		if err != nil || f < 0 || math.IsInf(f, 0) {
			return 0, bad
		}
		return max(1, int(float64(cpus)*f/100)), nil
	case strings.HasPrefix(v, "+") || strings.HasPrefix(v, "-"):
		n, err := strconv.Atoi(v[1:])
		if err != nil || n < 0 {
			return 0, bad
		}
		if v[0] == '-' {
			n = -n
		}
		return max(1, cpus+n), nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, bad
	}
	if n == 0 {
		return maxJobs(), nil
	}
	return n, nil
}

// maxJobs is -j 0: as many jobs as the open-file limit allows (each job
// holds a few descriptors), at most 1024.
func maxJobs() int {
	var rl syscall.Rlimit
	n := 252
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err == nil {
		n = int(min(rl.Cur/4, 1024))
	}
	return max(n, 1)
}

// ParseHalt parses a --halt value: never, when,why=N, when,why=N% (when:
// now or soon; why: fail, success or done) or the old 0, 1, 2, -1, -2, N%.
func ParseHalt(v string) (Halt, error) {
	bad := fmt.Errorf("bad --halt value %q: want now|soon,fail|success|done=N|N%%", v)
	switch v {
	case "never", "0":
		return Halt{}, nil
	case "1":
		return Halt{When: HaltSoon, Why: HaltFail, Count: 1}, nil
	case "2":
		return Halt{When: HaltNow, Why: HaltFail, Count: 1}, nil
	case "-1":
		return Halt{When: HaltSoon, Why: HaltSuccess, Count: 1}, nil
	case "-2":
		return Halt{When: HaltNow, Why: HaltSuccess, Count: 1}, nil
	}
	if p, ok := strings.CutSuffix(v, "%"); ok && !strings.Contains(v, ",") {
		f, err := strconv.ParseUint(p, 10, 8)
		if err != nil || f > 100 {
			return Halt{}, bad
		}
		return Halt{When: HaltSoon, Why: HaltFail, Percent: float64(f)}, nil
	}
	when, why, ok := strings.Cut(v, ",")
	if !ok {
		return Halt{}, bad
	}
	var h Halt
	switch when {
	case "now":
		h.When = HaltNow
	case "soon":
		h.When = HaltSoon
	default:
		return Halt{}, bad
	}
	kind, num, ok := strings.Cut(why, "=")
	if !ok {
		return Halt{}, bad
	}
	switch kind {
	case "fail":
		h.Why = HaltFail
	case "success":
		h.Why = HaltSuccess
	case "done":
		h.Why = HaltDone
	default:
		return Halt{}, bad
	}
	// Whole numbers, as GNU parallel; 0 and 0% halt at the first such job
	// and then exit with status 0.
	if p, ok := strings.CutSuffix(num, "%"); ok {
		f, err := strconv.ParseUint(p, 10, 8)
		if err != nil || f > 100 {
			return Halt{}, bad
		}
		h.Percent = float64(f)
		return h, nil
	}
	n, err := strconv.Atoi(num)
	if err != nil || n < 0 || strings.HasPrefix(num, "+") {
		return Halt{}, bad
	}
	h.Count = n
	return h, nil
}

// parseDuration parses GNU parallel's durations: seconds (fractions
// allowed), or numbers postfixed with s, m, h, d, combined ("1m30s").
func parseDuration(v string) (time.Duration, error) {
	if v == "" {
		return 0, errors.New("empty duration")
	}
	if f, err := strconv.ParseFloat(v, 64); err == nil {
		if f < 0 || f > 1e9 {
			return 0, errors.New("out of range")
		}
		return time.Duration(f * float64(time.Second)), nil
	}
	var total float64
	s := v
	for s != "" {
		j := 0
		for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.') {
			j++
		}
		if j == 0 || j == len(s) {
			return 0, fmt.Errorf("want seconds or a number with s, m, h or d")
		}
		f, err := strconv.ParseFloat(s[:j], 64)
		if err != nil {
			return 0, fmt.Errorf("want seconds or a number with s, m, h or d")
		}
		switch s[j] {
		case 's':
		case 'm':
			f *= 60
		case 'h':
			f *= 3600
		case 'd':
			f *= 86400
		default:
			return 0, fmt.Errorf("want seconds or a number with s, m, h or d")
		}
		total += f
		s = s[j+1:]
	}
	return time.Duration(total * float64(time.Second)), nil
}

// parseSize parses sizes like 1G, 500M, 100k (powers of 1024, as GNU
// parallel's unit prefixes for --memfree).
func parseSize(v string) (int64, error) {
	mult := int64(1)
	s := v
	if s != "" {
		switch s[len(s)-1] {
		case 'k', 'K':
			mult = 1 << 10
		case 'm', 'M':
			mult = 1 << 20
		case 'g', 'G':
			mult = 1 << 30
		case 't', 'T':
			mult = 1 << 40
		}
		if mult > 1 {
			s = s[:len(s)-1]
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 {
		return 0, errors.New("want a size such as 1G or 500M")
	}
	return int64(f * float64(mult)), nil
}

// parseTermSeq parses --termseq: SIGNAL,ms,SIGNAL,ms,...
func parseTermSeq(v string) ([]TermStep, error) {
	parts := strings.Split(v, ",")
	var out []TermStep
	for k := 0; k < len(parts); k += 2 {
		sig, ok := signalByName(parts[k])
		if !ok {
			return nil, fmt.Errorf("bad --termseq %q: unknown signal %q", v, parts[k])
		}
		st := TermStep{Signal: sig, Wait: 25 * time.Millisecond}
		if k+1 < len(parts) {
			ms, err := strconv.Atoi(parts[k+1])
			if err != nil || ms < 0 {
				return nil, fmt.Errorf("bad --termseq %q: bad wait %q", v, parts[k+1])
			}
			st.Wait = time.Duration(ms) * time.Millisecond
		}
		out = append(out, st)
	}
	return out, nil
}

func signalByName(s string) (syscall.Signal, bool) {
	s = strings.TrimPrefix(strings.ToUpper(s), "SIG")
	if n, err := strconv.Atoi(s); err == nil && n > 0 && n < 65 {
		return syscall.Signal(n), true
	}
	m := map[string]syscall.Signal{
		"TERM": syscall.SIGTERM, "KILL": syscall.SIGKILL, "INT": syscall.SIGINT,
		"HUP": syscall.SIGHUP, "QUIT": syscall.SIGQUIT, "USR1": syscall.SIGUSR1,
		"USR2": syscall.SIGUSR2, "ALRM": syscall.SIGALRM, "CONT": syscall.SIGCONT, "STOP": syscall.SIGSTOP,
	}
	sig, ok := m[s]
	return sig, ok
}

// parseDelimiter parses -d: any string, with the escapes printf(1)
// understands (\n \t \r \a \b \f \v \\, \NNN octal, \xHH hex), as GNU
// parallel documents. "\r\n" ends DOS lines; a multi-byte delimiter is
// matched whole.
func parseDelimiter(v string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c != '\\' || i+1 == len(v) {
			b.WriteByte(c)
			continue
		}
		i++
		switch e := v[i]; {
		case strings.IndexByte("ntrabfv\\", e) >= 0:
			b.WriteByte("\n\t\r\a\b\f\v\\"[strings.IndexByte("ntrabfv\\", e)])
		case e >= '0' && e <= '7':
			n, j := 0, i
			for ; j < len(v) && j < i+3 && v[j] >= '0' && v[j] <= '7'; j++ {
				n = n*8 + int(v[j]-'0')
			}
			b.WriteByte(byte(n))
			i = j - 1
		case e == 'x' && i+1 < len(v) && isHex(v[i+1]):
			n, j := 0, i+1
			for ; j < len(v) && j < i+3 && isHex(v[j]); j++ {
				d, _ := strconv.ParseUint(v[j:j+1], 16, 8)
				n = n*16 + int(d)
			}
			b.WriteByte(byte(n))
			i = j - 1
		default:
			b.WriteByte('\\')
			b.WriteByte(e)
		}
	}
	if b.Len() == 0 {
		return "", fmt.Errorf("bad delimiter %q: want one or more characters, such as , or \\n or \\0", v)
	}
	return b.String(), nil
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// parseUnits parses GNU parallel's unit prefixes: K M G T P multiply by
// powers of 1024, k m g t p by powers of 1000.
func parseUnits(v string) (int64, error) {
	f, err := parseUnitsFloat(v)
	if err == nil && f > 1<<62 {
		return 0, fmt.Errorf("bad size %q: too big", v)
	}
	return int64(f), err
}

// parseUnitsFloat is parseUnits without rounding.
func parseUnitsFloat(v string) (float64, error) {
	if v == "" {
		return 0, errors.New("empty size")
	}
	mult := int64(1)
	if i := strings.IndexByte("KMGTP", v[len(v)-1]); i >= 0 {
		mult = int64(1) << (10 * (i + 1))
	} else if i := strings.IndexByte("kmgtp", v[len(v)-1]); i >= 0 {
		mult = 1
		for k := 0; k <= i; k++ {
			mult *= 1000
		}
	}
	if mult > 1 {
		v = v[:len(v)-1]
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, fmt.Errorf("bad size %q", v)
	}
	return f * float64(mult), nil
}

// unescapeC turns \n, \t, \r, \0, \', \" and \\ into the bytes they
// name (GNU parallel's escapes for --recstart and --recend).
func unescapeC(v string) string {
	return strings.NewReplacer(`\n`, "\n", `\t`, "\t", `\r`, "\r", `\0`, "\x00", `\'`, "'", `\"`, `"`, `\\`, `\`).Replace(v)
}

// OptionNames returns the options [ParseArgs] takes, each as its aliases
// ("-j", "-P", "--jobs", ...), for help checks and shell completion.
func OptionNames() [][]string {
	out := make([][]string, len(options))
	for i, o := range options {
		out[i] = append([]string(nil), o.names...)
	}
	return out
}

// lazyRegexp compiles a regular expression when it is first used, not at
// program start (crew's start-up is part of every run's cost).
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
