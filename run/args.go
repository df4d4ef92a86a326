package run

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// ErrHelp is returned by [ParseArgs] for -h or --help among the options.
var ErrHelp = errors.New("help requested")

// optSpec is one option of the GNU parallel command line.
type optSpec struct {
	names []string // "-j", "--jobs"; single-letter names may be bundled
	arg   bool     // takes a value
	set   func(o *Options, v string) error
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
	{names: []string{"-I", "--replace"}, arg: true, set: func(o *Options, v string) error { o.Replace.Arg = v; return nil }},
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
	{names: []string{"--header"}, arg: true, set: func(o *Options, v string) error {
		if v != ":" && v != ".*\\n" {
			return fmt.Errorf("bad --header value %q: only \":\" (the first line) is supported", v)
		}
		o.Header = ":"
		return nil
	}},
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
		n, err := parseUnits(v)
		if err != nil || n < 1 || n > 1<<31 {
			return fmt.Errorf("bad --block value %q: want a size such as 1M or 100k", v)
		}
		o.BlockSize = int(n)
		return nil
	}},
	{names: []string{"--recend"}, arg: true, set: func(o *Options, v string) error {
		o.RecEnd, o.RecEndSet = unescapeC(v), true
		return nil
	}},
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
	{names: []string{"--cat"}, set: func(o *Options, _ string) error { o.Pipe, o.Cat = true, true; return nil }},
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
func ParseArgs(args []string) (*Options, error) {
	if len(args) > 0 && shebangMode(args[0]) != shebangNone {
		return parseShebang(args)
	}
	o := &Options{Jobs: runtime.NumCPU()}
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
			if spec.arg && !hasVal {
				if i >= len(args) {
					return nil, fmt.Errorf("option %s needs a value", name)
				}
				val = args[i]
				i++
			} else if !spec.arg && hasVal {
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
			if !spec.arg {
				if err := spec.set(o, ""); err != nil {
					return nil, err
				}
				continue
			}
			val := a[k+1:]
			if val == "" {
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
	if (o.Resume || o.ResumeFailed || o.RetryFailed) && o.JobLog == "" {
		return nil, errors.New("--resume, --resume-failed and --retry-failed need --joblog")
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
func parseShebang(args []string) (*Options, error) {
	rest, script, mode, err := shebangArgs(args)
	if err != nil {
		return nil, err
	}
	if mode == shebangInput {
		// The script's lines are the first input source, as -a.
		rest = append([]string{"-a", script}, rest...)
	}
	o, err := ParseArgs(rest)
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

// unsupported lists GNU parallel options crew run knows but does not
// implement, so their error says so instead of "unknown".
var unsupported = map[string]bool{
	"--pipepart": true, "-S": true, "--sshlogin": true, "--slf": true,
	"--sshloginfile": true,
	"--transfer":     true, "--return": true, "--trc": true, "--onall": true,
	"--nonall": true, "--fifo": true,
	"--tmux": true, "--csv": true,
	"--sqlmaster": true, "--sqlworker": true, "--compress": true, "--files": true,
	"-L": true, "-l": true, "--max-lines": true,
	"--recstart": true, "--roundrobin": true,
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
	if err != nil || f < 0 {
		return 0, fmt.Errorf("bad size %q", v)
	}
	return int64(f * float64(mult)), nil
}

// unescapeC turns \n, \t, \r, \0 and \\ into the bytes they name.
func unescapeC(v string) string {
	return strings.NewReplacer(`\n`, "\n", `\t`, "\t", `\r`, "\r", `\0`, "\x00", `\\`, `\`).Replace(v)
}
