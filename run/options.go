package run

import (
	"io"
	"syscall"
	"time"
)

// Output selects how the output of jobs is written.
type Output uint8

const (
	// Group writes each job's output in one piece when it ends (--group,
	// the default): stdout, then stderr.
	Group Output = iota
	// LineBuffer writes whole lines as jobs print them (--line-buffer).
	LineBuffer
	// Ungroup connects jobs to the output directly (-u): fastest, lines of
	// jobs may mix.
	Ungroup
)

// HaltWhen says what --halt does once its condition holds.
type HaltWhen uint8

const (
	// HaltNever runs all jobs (the default).
	HaltNever HaltWhen = iota
	// HaltSoon starts no more jobs and waits for the running ones.
	HaltSoon
	// HaltNow kills the running jobs.
	HaltNow
)

// HaltWhy is the condition counted by --halt.
type HaltWhy uint8

const (
	// HaltFail counts failed jobs.
	HaltFail HaltWhy = iota
	// HaltSuccess counts successful jobs.
	HaltSuccess
	// HaltDone counts finished jobs.
	HaltDone
)

// Halt is GNU parallel's --halt when,why=N or when,why=N%.
type Halt struct {
	When    HaltWhen
	Why     HaltWhy
	Count   int     // halt after this many jobs, or
	Percent float64 // this percentage of all jobs (when > 0)
	// Count and Percent both 0 (fail=0) halt at the first such job, and
	// the run then exits with status 0, as in GNU parallel.
}

// TermStep is one step of the --termseq kill sequence: send Signal, then
// wait up to Wait for the job to exit.
type TermStep struct {
	Signal syscall.Signal
	Wait   time.Duration
}

// DefaultTermSeq is GNU parallel's default kill sequence for timed out,
// halted and interrupted jobs: TERM,200,TERM,100,TERM,50,KILL,25.
var DefaultTermSeq = []TermStep{
	{syscall.SIGTERM, 200 * time.Millisecond},
	{syscall.SIGTERM, 100 * time.Millisecond},
	{syscall.SIGTERM, 50 * time.Millisecond},
	{syscall.SIGKILL, 25 * time.Millisecond},
}

// Options describe a run. The zero value with a Command runs one job per
// line of standard input on one CPU; [ParseArgs] fills in GNU parallel's
// defaults.
type Options struct {
	// Command is the command's words. They are joined with blanks into one
	// shell command line, as GNU parallel does. Empty: each input is itself
	// a command line.
	Command []string
	// Quote (-q) makes each word of Command one argument, so shell
	// metacharacters in it are not interpreted.
	Quote bool
	// Replace renames the replacement strings (-I and friends).
	Replace Replacements
	// Plus (--plus) adds GNU parallel's extra replacement strings: {..}
	// {...} {+.} {+..} {+...} {+/} {/..} {/...} (and positional forms such
	// as {1..}), {##} (number of jobs), {0#} and {0%} (zero-padded {#} and
	// {%}).
	Plus bool
	// Filter (--filter) runs only the jobs for which each of these perl
	// expressions is true, once their replacement strings are replaced
	// (unquoted); the others are skipped as by skip() in {= =}: not run,
	// exit value -2 in the joblog, counted as failed.
	Filter []string

	// Sources are the input sources; none means standard input.
	Sources []Source
	// Link (--link) takes one value from each source per job, wrapping the
	// shorter sources, instead of their cross product.
	Link bool
	// Delimiter ends each input item (and splits ::: values) when
	// DelimiterSet (-0, -d); otherwise newline. It may be several bytes
	// ("\r\n").
	Delimiter    string
	DelimiterSet bool
	// Colsep (--colsep) splits each value into columns, {1} {2} ... (a Go
	// regular expression). Columns are trimmed of blanks.
	Colsep string
	// MaxArgs (-N) is the number of values per job when MaxArgsSet; 0 reads
	// one value per job and passes none.
	MaxArgs    int
	MaxArgsSet bool
	// Header (--header :) takes the first value of each source as the
	// names of its columns: {name} is then that column. With Pipe or
	// PipePart it is instead the header of the input, given to every job
	// before its block: ":" the first line, a number that many lines,
	// else a regular expression matched at the start of the input ("0":
	// none).
	Header string
	// SkipFirstLine (--skip-first-line) drops the first line of the input
	// (of the first source; with Pipe, of standard input; with PipePart,
	// of each file) before anything else reads it.
	SkipFirstLine bool
	// EOF (-E) ends an input source at the value EOF.
	EOF string
	// SlotVar (--process-slot-var) names an environment variable set to
	// the job slot minus one.
	SlotVar string
	// Trim (--trim) removes blanks around values: "n" none, "l" left, "r"
	// right, "lr"/"rl" both. "" means none, or both with Colsep.
	Trim string
	// NoRunIfEmpty (-r) skips inputs that are empty or only blanks.
	NoRunIfEmpty bool
	// Pipe (--pipe) splits standard input into blocks, one per job, given
	// to the job on its standard input (no values are appended). A block
	// is whole records (ending with RecEnd when RecEndSet, else newline)
	// up to BlockSize bytes (default 1 MiB), or MaxArgs records with -N;
	// blocks are cut exactly where GNU parallel cuts them, reading a
	// block at a time.
	Pipe      bool
	Cat       bool // --cat: the block is in a temporary file named by {}
	BlockSize int
	RecEnd    string
	RecEndSet bool
	// RecStart (--recstart), when RecStartSet, is how a record starts:
	// blocks are then cut where RecEnd is followed by RecStart (RecEnd
	// alone: after it; RecStart alone: before it; neither: RecEnd "\n").
	// With Regexp (--regexp) both are regular expressions in Go's RE2
	// syntax (GNU parallel's are Perl's), else plain strings.
	RecStart    string
	RecStartSet bool
	Regexp      bool
	// RemoveRecSep (--remove-rec-sep) removes the separators from each
	// block: every RecEnd followed by RecStart, a RecStart at its start
	// and a RecEnd at its end.
	RemoveRecSep bool
	// MaxLines (-L, -l, --max-lines) with Pipe makes a record this many
	// lines (a block holds a multiple of them; with MaxArgs, MaxArgs
	// times MaxLines lines). Without Pipe, ParseArgs turns it into
	// MaxArgs, and a value ending in a blank then continues with the next
	// one (as xargs -L).
	MaxLines int
	// BlockTimeout (--block-timeout), when > 0, cuts a block from what
	// has been read when reading it takes longer (a block never grows
	// then).
	BlockTimeout time.Duration
	// Fifo (--fifo) is Cat with a named pipe instead of a file: the job
	// must open {} and read it.
	Fifo bool
	// RoundRobin (--round-robin) with Pipe starts only Jobs jobs and
	// gives each block to whichever of them is ready for more (with
	// KeepOrder, to each in turn), so a job reads many blocks; the header
	// goes to each job once. A job that gets no block has its output
	// discarded, but its exit status counts.
	RoundRobin bool
	// PipePart (--pipe-part) is Pipe for files given as Sources (-a,
	// ::::): each is cut at record borders found by seeking, without
	// reading it through crew. A negative BlockSize is the number of
	// blocks per job slot (default -10; -1 with RoundRobin).
	PipePart bool
	// GroupBy (--group-by) with Pipe makes a record of the lines that
	// have the same value in a column (a number, or a name: then the
	// first line is a header, given to every job); columns are split on
	// Colsep, TAB by default. It replaces RecStart, RecEnd and
	// RemoveRecSep.
	GroupBy string
	// Shard (--shard) and Bin (--bin) with Pipe run one job per job slot,
	// all at once, and give each input line to the job its column (a
	// number, or a name in a header line, which is dropped) picks:
	// --shard by a hash of the value, --bin by the value itself as the
	// job number (wrapping around). Columns are split on Colsep, "," by
	// default.
	Shard, Bin string
	// Tee (--tee) with Pipe or PipePart gives all of the input to every
	// job (one per value of the other Sources); all jobs run at once, so
	// Jobs must be at least their number (ParseArgs makes it unlimited
	// unless -j is given).
	Tee bool
	// Shuffle (--shuf) runs the jobs in random order (reading all input
	// first); {#} numbers them in that order.
	Shuffle bool
	// Multi (-m, -X) puts many inputs in one command line, spread evenly
	// over the job slots (it reads all input first); -X also sets
	// ContextReplace.
	Multi bool
	// Xargs (--xargs) is Multi that fills each command line (up to the
	// length limit) instead of spreading the inputs over the job slots.
	Xargs bool
	// ContextReplace (set by -N) repeats each command word holding {} (or
	// {.} ...) once per value: "[{}]" with a, b gives "[a] [b]".
	ContextReplace bool

	// Jobs is the number of job slots (-j); less than 1 means 1.
	Jobs int
	// Limiter, when not nil, hands out the job slots instead of a Limiter
	// of Jobs slots; its owner may resize it while the run goes on (as
	// adaptive concurrency, -j auto, does).
	Limiter *Limiter
	// Delay (--delay) is the minimum time between job starts.
	Delay time.Duration
	// Timeout (--timeout) kills a job that runs longer. TimeoutPercent,
	// when > 0, sets it instead to that percentage of the median runtime
	// of the successful jobs so far.
	Timeout        time.Duration
	TimeoutPercent float64
	// Retries (--retries) runs a failing job up to this many times in all.
	Retries int
	// Halt (--halt) stops the run early on a condition.
	Halt Halt
	// TermSeq (--termseq) is how jobs are killed; nil means DefaultTermSeq.
	TermSeq []TermStep
	// Nice (--nice) runs jobs with this niceness (through nice(1)).
	Nice int
	// MemFree (--memfree) delays starting jobs while the machine has less
	// available memory than this many bytes (and at least one job runs);
	// below half of it, the youngest running job is killed and run again
	// when memory is back.
	MemFree int64
	// DelayAuto (--delay Nauto) adapts Delay as jobs end: 30% longer
	// after a failed job, 10% shorter after a successful one.
	DelayAuto bool
	// MaxLoad (--load), when > 0, starts no job while the machine's load
	// is at or above it: the number of processes running or waiting for
	// the disk at that instant (as GNU parallel measures it; not the
	// 1-minute load average). MaxLoadFile, when set, holds the value and
	// is read again when it changes.
	MaxLoad     float64
	MaxLoadFile string
	// NoSwap (--noswap) starts no job while the machine both swaps pages
	// in and out.
	NoSwap bool
	// MemSuspend (--memsuspend), when > 0, suspends jobs (SIGSTOP, then
	// SIGCONT) while available memory is below twice this many bytes:
	// only the oldest job runs below MemSuspend. No job starts while less
	// than MemSuspend+MemFree is available and a job runs.
	MemSuspend int64
	// Limit (--limit) is a shell command run before each job start and
	// every second while jobs run: exit status 0 lets the job start, 1
	// holds it, 2 also kills the youngest running job (it fails, and
	// --retries may run it again). "io N", "load N" and "mem N" are GNU
	// parallel's built-in limits: disk busy over N%, load over N, less
	// than N bytes of memory (2 below N/2).
	Limit string

	// Output is the output mode; KeepOrder (-k) prints job outputs in
	// input order.
	Output    Output
	KeepOrder bool
	// Tag (--tag) prefixes each output line with the job's arguments and a
	// TAB; TagString (--tagstring) with that template instead.
	Tag       bool
	TagString string
	// Results (--results) saves each job's output in files under this
	// directory (or, if it contains replacement strings, at that path).
	Results string
	// JobLog (--joblog) records every finished job in GNU parallel's
	// format; JobLogAppend (a "+" prefix) appends instead of truncating.
	JobLog       string
	JobLogAppend bool
	// Resume (--resume) skips jobs already in JobLog; ResumeFailed
	// (--resume-failed) skips only those that succeeded.
	Resume       bool
	ResumeFailed bool
	// RetryFailed (--retry-failed) runs again the failed jobs of JobLog,
	// with the commands recorded there; Command and Sources are ignored.
	RetryFailed bool

	// TTY (--tty) gives each job the terminal (/dev/tty) as standard input
	// and runs it in crew's process group, where reading the terminal does
	// not stop it; unless given, -j is 1 and output is -u. As in GNU
	// parallel, such a job is signalled alone, not with its process group
	// (children it starts are not killed by --timeout or --halt).
	// OpenTTY (-o, --open-tty) is the same without the -j1 -u defaults.
	TTY     bool
	OpenTTY bool
	// Interactive (-p) asks before each job: "CMD ?..." on standard error,
	// and a line from the terminal; the job runs only for an answer that
	// starts with y or Y. The others are skipped as by skip() (exit value
	// -2, counted as failed).
	Interactive bool

	// Templates (--template, --tmpl) are files made for each job before
	// it starts; Cleanup (--cleanup) removes them when the job ends.
	Templates []TemplateFile
	Cleanup   bool

	// DryRun (--dry-run) prints the commands instead of running them.
	DryRun bool
	// Verbose (-v) prints each command on stdout before its output;
	// Trace (-t) prints it on stderr when it starts.
	Verbose bool
	Trace   bool
	// Bar, ETA and Progress show progress on stderr (--bar, --eta,
	// --progress); Bar and ETA only when it is a terminal.
	Bar      bool
	ETA      bool
	Progress bool

	// Shell runs jobs that need a shell; "" means $PARALLEL_SHELL, then
	// the shell that started the run (as GNU parallel), then $SHELL, then
	// /bin/sh.
	Shell string
	// TempDir holds spilled output; "" means os.TempDir().
	TempDir string

	// MaxChars (-s) limits the length of each command line (GNU
	// parallel's estimate of it, see commandLength) to less than this many
	// bytes; 0 means no limit of crew's own for one input per job, and
	// GNU parallel's usable maximum for -m, -X and --xargs. A job whose
	// command line is too long even for one input ends the run with an
	// error. Exit (-x) checks lengths against that maximum without -s.
	MaxChars int
	Exit     bool
	// ShellQuote (--shell-quote, may be repeated) prints each job's
	// command line shell-quoted that many times instead of running it.
	ShellQuote int
	// TotalJobs (--total-jobs), when > 0, is the number of jobs to show
	// in --bar, --eta and {##} without reading all input first.
	TotalJobs int
	// Files (--files) saves each job's standard output in a file in
	// TempDir (parXXXXX.par) and prints the file's name instead; the
	// job's standard error is discarded. With Results (a directory) the
	// name of the results file is printed instead.
	Files bool
	// Compress (--compress) compresses the output of jobs waiting to be
	// printed (in --group mode, and the files of --files and --results)
	// with CompressProgram (default: the first of pzstd, lbzip2, ... found,
	// as GNU parallel), and decompresses it with DecompressProgram
	// (default: CompressProgram -dc). Both are shell commands; setting
	// CompressProgram sets Compress.
	Compress          bool
	CompressProgram   string
	DecompressProgram string
	// Color (--color) gives each job's output lines a colour of their
	// own; ColorFailed (--color-failed) prints the output of failed jobs
	// white on red. Neither applies with Ungroup.
	Color       bool
	ColorFailed bool
	// CSV (--csv) reads each input value as a CSV record (fields
	// separated by Colsep's first byte, default ","; "..." quoting, where
	// "" is a quote and newlines may be quoted) instead of splitting it on
	// Colsep.
	CSV bool
	// WorkDir (--wd) is the directory jobs run in (replacement strings
	// allowed; it is created if missing); "..." is a new directory per
	// job under ~/.parallel/tmp, removed when the job ends; "." is the
	// current directory.
	WorkDir string
	// Info, when set, asks for information instead of a run (see
	// [WriteInfo]); MinVersion is the version --minversion asks for.
	Info       Info
	MinVersion int64
	// ShowLimits (--show-limits) prints the command line limits before
	// the run.
	ShowLimits bool

	// The options of the misc group, while parsing.
	profiles    []string // -J/--profile while parsing
	plain       bool     // --plain while parsing
	silent      bool     // --silent while parsing
	noKeepOrder bool     // --no-keep-order while parsing
	ctagString  string   // --ctagstring while parsing

	argSep, argFileSep  string // --arg-sep, --arg-file-sep while parsing
	delimByD            bool   // the delimiter came from -d (which -0 does not override)
	outFlags            uint8  // 1<<Group, 1<<Ungroup, 1<<LineBuffer: output options given
	maxArgs, maxReplace *int   // -n, -N as given
	spread              bool   // -m or -X: the last inputs spread over the job slots
	jobsSet, linesL     bool   // -j given; -L given (it implies -X)

	// Semaphore (--semaphore, sem) runs the command once as a holder of a
	// counting semaphore shared between processes; nil for a normal run.
	Semaphore *SemaphoreOptions
	semJob    bool     // the one job of a semaphore: its stdin is the run's, its status the run's
	semFg     bool     // --fg
	semBg     bool     // --bg
	argFiles  []string // the -a files (a semaphore's standard input)
	pipeFiles []string // --shebang-wrap --pipe: files read in turn instead of stdin
}

// Stdio is the I/O of a run.
type Stdio struct {
	Stdin  io.Reader // input source "-" and the default source
	Stdout io.Writer
	Stderr io.Writer
	// StderrTerminal tells whether Stderr is a terminal (for --bar, --eta).
	StderrTerminal bool
}
