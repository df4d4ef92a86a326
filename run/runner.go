package run

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Summary is the outcome of a run.
type Summary struct {
	// Jobs is the number of jobs that finished (a retried job counts once).
	Jobs int
	// Failed counts jobs that exited non-zero or were killed.
	Failed int
	// Halted tells whether --halt stopped the run.
	Halted bool
	// Interrupted tells whether the context ended the run.
	Interrupted bool
	// ExitCode is GNU parallel's exit status for the run: 0 if all jobs
	// succeeded, 1-100 the number of failed jobs, 101 more than 100, 255
	// on other errors or interruption; with --halt, as GNU parallel
	// documents (the failing job's status for fail=1, a percentage for
	// N%).
	ExitCode int
}

type killReason uint8

const (
	notKilled killReason = iota
	killTimeout
	killHalt
	killCancel
	killMemory // --memfree: killed to free memory, runs again later
	killLimit  // --limit said 2: the youngest job is killed (and fails)
)

// job is one command to run and, once run, its result.
type job struct {
	seq, slot int
	pos       int // position in the run's order: seq, except for --retry-failed
	args      []string
	cmdLine   string
	haveLine  bool
	dir       string // --wd: where the job runs ("" here)
	outFile   string // --files: the file that holds the job's stdout
	dirTemp   bool   // --wd ...: dir is removed when the job ends

	in    *jobInput // --pipe and its relatives: what the job reads
	tmp   string    // --cat, --fifo: $PARALLEL_TMP, the file {} names
	fifo  bool      // --fifo: tmp is a named pipe, fed while the job runs
	noRun bool      // --pipe: the block was empty, the command did not run

	mu        sync.Mutex // guards the attempt fields while kill may run
	attempt   int        // 1 for the first run, 2 for the first retry...
	pid       int
	exited    bool
	exitCh    chan struct{}
	reason    killReason
	startedAt time.Time // start of the running attempt, for --memfree
	suspended bool      // --memsuspend stopped its process group
	onTTY     bool      // --tty, -o: in crew's process group, reading the terminal
	start     time.Time
	runtime   time.Duration
	exitval   int
	signal    int
	out       captured
	errOut    captured

	// With perl replacement strings: the job's own command, --tagstring
	// and --results templates holding their values (nil: the runner's),
	// and whether skip() or --filter skips it.
	cmd      *command
	tag, res *template
	skipped  bool

	tmpls     []fileTemplate // --template, with its perl values (nil: the runner's)
	tmplFiles []string       // --template files written for the job
}

func (j *job) failed() bool { return j.exitval != 0 || j.signal != 0 }

type runner struct {
	o        *Options
	s        Stdio
	cmd      *command
	tag      *template
	res      *template // --results with replacement strings
	lim      *Limiter
	shell    string
	env      []string
	null     *os.File
	tmp      string
	look     lookPath
	term     []TermStep
	ord      *orderer
	jl       *joblog
	skip     map[int]bool
	colNames []string      // --header: column names, for --results
	tbl      *resultsTable // --results NAME.csv or NAME.tsv
	nice     string        // path of nice(1) for --nice
	seqs     []int         // --retry-failed: the jobs' numbers from the joblog
	pipe     *pipeSource   // --pipe and its relatives
	outMu    sync.Mutex
	prog     *progress
	spill    spiller // --group: moves big outputs of running jobs to disk

	perl *perlRun // {= =}, --rpl tags, --filter: nil when there are none

	// The options of the misc group.
	nullOut   *os.File     // /dev/null to write to (--files' stderr)
	zip       *compressor  // --compress
	lenModel  *lengthModel // GNU parallel's command line length (-s, -m, -X)
	limit     int          // the limit on it
	strictLen bool         // -s or -x: a job over the limit is an error
	grouped   bool         // inputs were grouped by length (-m, -X, -N with -s)
	wd        *template    // --wd with replacement strings
	cwd       string       // the logical working directory, for --wd

	load     *loadLimit    // --load
	swap     swapWatch     // --noswap
	limitCmd *limitRun     // --limit
	delay    time.Duration // --delay, which --delay Nauto changes as jobs end (under mu)

	tmpls []fileTemplate // --template
	ll    *latestScreen  // --latest-line

	jobIn     *os.File // --semaphore: the job's standard input (nil: /dev/null)
	semStatus int      // --semaphore: the job's exit status, 128+N for signal N

	jobsWG sync.WaitGroup // running jobs
	bgWG   sync.WaitGroup // timeout killers and output copiers

	mu       sync.Mutex
	running  map[*job]struct{}
	stopped  bool
	stopCh   chan struct{}
	killAll  killReason // set when halt now or cancel kills all jobs
	leftover []int      // process groups of finished jobs with processes left
	halted   bool
	// haltStatus is the exit status fixed when --halt triggered (when
	// haltStatusSet).
	haltStatus    int
	haltStatusSet bool
	started       int // jobs started (not skipped by --resume)
	finished      int
	failed        int
	succeeded     int
	total         int // -1: unknown (input still streaming)
	runtimes      []time.Duration
}

// Run runs the jobs that o describes and returns when they have all ended.
// Errors in the options or inputs (an unreadable input file, a bad
// --colsep, an unwritable joblog) are returned before any job starts; job
// failures are counted in the Summary, whose ExitCode follows GNU parallel.
// When ctx ends, no more jobs start and running jobs are killed with the
// --termseq sequence (each job's whole process group), then Run returns
// with Interrupted set and ExitCode 255; jobs killed this way are not
// written to the joblog, so --resume runs them again.
func Run(ctx context.Context, o *Options, s Stdio) (Summary, error) {
	if s.Stdout == nil {
		s.Stdout = io.Discard
	}
	if s.Stderr == nil {
		s.Stderr = io.Discard
	}
	if o.Semaphore != nil {
		return runSemaphore(ctx, o, s)
	}
	oc := *o
	o = &oc
	if o.Results != "" {
		// Output goes to files, not to the terminal: capture it whole.
		o.Output = Group
	}
	if o.Files && o.Output == Ungroup {
		o.Files = false // as GNU parallel: -u prints the output itself
	}
	if o.Files && o.Output == LineBuffer {
		o.Output = Group
	}
	if o.ShellQuote > 0 && o.Output == LineBuffer {
		// A job's output is then one line made by crew, whole at once.
		o.Output = Group
	}
	r := &runner{o: o, s: s, running: map[*job]struct{}{}, stopCh: make(chan struct{}), total: -1}
	limit, warning := lineLimit(o)
	if warning != "" && o.MaxChars > 0 {
		fmt.Fprintf(s.Stderr, "crew run: Warning: %s\n", warning)
	}
	if o.ShowLimits {
		writeLimits(s.Stdout, limit)
	}
	r.term = o.TermSeq
	if len(r.term) == 0 {
		r.term = DefaultTermSeq
	}
	r.shell = o.Shell
	if r.shell == "" && !o.DryRun {
		r.shell = defaultShell()
	}
	if o.Nice != 0 {
		var err error
		if r.nice, err = exec.LookPath("nice"); err != nil {
			return Summary{ExitCode: 255}, fmt.Errorf("--nice: %w", err)
		}
	}
	r.tmp = o.TempDir
	if r.tmp == "" {
		r.tmp = os.TempDir()
	}
	if o.Files && !isDir(r.tmp) {
		return Summary{ExitCode: 255}, fmt.Errorf("--files: --tmpdir %s is not a directory", r.tmp)
	}
	r.lim = o.Limiter
	if r.lim == nil {
		r.lim = NewLimiter(o.Jobs)
	}

	if o.Resume || o.ResumeFailed {
		done, err := readJoblog(o.JobLog)
		if err != nil {
			return Summary{ExitCode: 255}, err
		}
		r.skip = done
	}
	var recs *records
	var next func() ([]string, error)
	regroup := o.MaxArgsSet && o.MaxArgs > 1 && (o.MaxChars > 0 || o.Exit) && !o.Pipe && !o.RetryFailed && !o.Multi
	var err error
	if o.RetryFailed {
		// Only the joblog counts: its failed commands run again, under
		// their old numbers.
		done, cmds, err := readJoblogCommands(o.JobLog)
		if err != nil {
			return Summary{ExitCode: 255}, err
		}
		for seq := range cmds {
			if !done[seq] {
				r.seqs = append(r.seqs, seq)
			}
		}
		slices.Sort(r.seqs)
		var lines [][]string
		for _, seq := range r.seqs {
			lines = append(lines, []string{cmds[seq]})
		}
		o.Command, o.Quote, o.ContextReplace, o.Multi = nil, false, false, false
		recs, next = &records{}, sliceRecords(lines)
	} else if o.Pipe || o.PipePart {
		// Each job reads a block of standard input, a part of a file, or
		// blocks while it runs (see openPipe).
		in := s.Stdin
		if len(o.pipeFiles) > 0 {
			// --shebang-wrap --pipe: the script's arguments are the input.
			var rs []io.Reader
			for _, name := range o.pipeFiles {
				f, err := os.Open(name)
				if err != nil {
					return Summary{ExitCode: 255}, fmt.Errorf("cannot open input file %q: %w", name, err)
				}
				defer f.Close()
				rs = append(rs, f)
			}
			in = io.MultiReader(rs...)
		}
		if r.pipe, err = r.openPipe(in); err != nil {
			return Summary{ExitCode: 255}, err
		}
		defer r.pipe.close()
		recs = r.pipe.recs
		if recs == nil {
			recs = &records{}
		}
		next = func() ([]string, error) { return nil, io.EOF }
	} else {
		if recs, err = openInputs(o, s.Stdin, r.warn); err != nil {
			return Summary{ExitCode: 255}, err
		}
		next = recs.next
	}
	defer recs.close()
	repl := o.Replace
	if o.Plus {
		// After the user's: a --rpl of the same tag wins.
		repl.Rpl = append(repl.Rpl[:len(repl.Rpl):len(repl.Rpl)], plusRpls...)
	}
	if err := repl.compile(); err != nil {
		return Summary{ExitCode: 255}, err
	}
	repl.names = recs.names
	repl.plus = o.Plus
	cnt := &counts{slots: r.lim.Limit()}
	repl.cnt = cnt
	r.colNames = recs.colNames
	// With --pipe nothing is appended to a command without {}, except
	// with --cat and --fifo: then {} names the file.
	r.cmd = newCommand(o.Command, o.Quote, o.ContextReplace, (o.Pipe || o.PipePart) && !o.Cat && !o.Fifo, repl)
	r.lenModel = newLengthModel(r.cmd, o)
	if o.WorkDir != "" && o.WorkDir != "." && o.WorkDir != "..." {
		r.wd = parseTemplate(o.WorkDir, repl)
	}
	if o.WorkDir != "" {
		if r.cwd, err = os.Getwd(); err != nil {
			return Summary{ExitCode: 255}, err
		}
		if pwd := os.Getenv("PWD"); pwd != "" && filepath.IsAbs(pwd) && sameFile(pwd, r.cwd) {
			r.cwd = pwd // the shell's name for it, as cd in a shell would use
		}
	}
	r.limit, r.strictLen = limit, o.MaxChars > 0 || o.Exit
	if o.TagString != "" {
		r.tag = parseTemplate(o.TagString, repl)
	}
	if sep := resultsTableSep(o.Results); sep != 0 && !o.DryRun {
		tbl, err := openResultsTable(o.Results, sep, s.Stdout)
		if err != nil {
			return Summary{ExitCode: 255}, err
		}
		defer tbl.close()
		r.tbl = tbl
	} else if o.Results != "" {
		if t := parseTemplate(o.Results, repl); t.hasRepl {
			r.res = t
		}
	}
	if err := r.setupTemplates(repl); err != nil {
		return Summary{ExitCode: 255}, err
	}
	if err := r.setupPerl(repl); err != nil {
		return Summary{ExitCode: 255}, err
	}
	if (o.Multi && !(o.MaxArgsSet && o.MaxArgs == 0) || regroup) && r.pipe == nil {
		// Many inputs per command line, as many as fit (GNU parallel's
		// length estimate against limit), at most -n/-N of them.
		r.grouped = true
		maxN := 0
		if o.MaxArgsSet {
			maxN = o.MaxArgs
		}
		recs.n = 1 // one input per call: multiRecords makes the groups
		recLen := func(rec []string, seq int) int { return r.lenModel.recLength(rec, seq, 1) }
		next = multiRecords(next, maxN, r.lim.Limit(), o.Multi && (o.spread || !o.Xargs), limit, recLen, r.lenModel.lineLength, r.strictLen)
	}
	needTotal := r.cmd.needsTotal() || r.tag != nil && r.tag.needsTotal || r.res != nil && r.res.needsTotal || r.perl.needsTotal()
	if r.pipe != nil {
		// The jobs of --pipe are not known before the input is read;
		// those of --pipe-part, --round-robin and --tee are.
		r.total = r.pipe.total
		cnt.total = r.total
	} else if o.Halt.Percent > 0 || o.Shuffle || o.TotalJobs == 0 && (o.Bar || o.ETA || needTotal) {
		// A percentage of all jobs, and a bar, need the number of jobs;
		// --shuf needs them all.
		all, err := readRecords(next)
		if err != nil {
			return Summary{ExitCode: 255}, err
		}
		if o.Shuffle {
			rand.Shuffle(len(all), func(a, b int) { all[a], all[b] = all[b], all[a] })
		}
		r.total = len(all)
		cnt.total = r.total
		next = sliceRecords(all)
	}
	if o.TotalJobs > 0 && o.Halt.Percent == 0 {
		// --total-jobs: what --bar, --eta and {##} show, without reading
		// all input first.
		r.total = o.TotalJobs
		cnt.total = r.total
	}
	if r.perl != nil {
		stdout, stderr := r.perlStdio()
		if err := r.perl.start(r.total, r.lim.Limit(), stdout, stderr); err != nil {
			return Summary{ExitCode: 255}, err
		}
		defer r.perl.close()
	}
	if o.JobLog != "" && !o.DryRun {
		r.jl, err = openJoblog(o.JobLog, o.JobLogAppend || o.Resume || o.ResumeFailed || o.RetryFailed, s.Stdout)
		if err != nil {
			return Summary{ExitCode: 255}, err
		}
		defer r.jl.close()
	}
	if !o.DryRun {
		r.null, err = os.Open(os.DevNull)
		if err != nil {
			return Summary{ExitCode: 255}, fmt.Errorf("open %s: %w", os.DevNull, err)
		}
		defer r.null.Close()
		if r.nullOut, err = os.OpenFile(os.DevNull, os.O_WRONLY, 0); err != nil {
			return Summary{ExitCode: 255}, fmt.Errorf("open %s: %w", os.DevNull, err)
		}
		defer r.nullOut.Close()
		if o.Compress || o.CompressProgram != "" {
			z := &compressor{shell: r.shell, env: os.Environ(), errOut: r.nullOut}
			if f, ok := s.Stderr.(*os.File); ok {
				z.errOut = f
			}
			z.compress, z.unzip = compressCommands(o)
			z.warn = func(msg string) {
				// Decompression runs while output is printed, with the
				// output lock held.
				fmt.Fprintf(r.s.Stderr, "crew run: Error: %s\n", msg)
			}
			if o.Output == Group {
				// Only --group output waits in temporary files.
				r.zip = z
			}
		}
		if o.semJob {
			in, stop, err := jobStdin(s.Stdin, r.null)
			if err != nil {
				return Summary{ExitCode: 255}, err
			}
			defer stop()
			r.jobIn = in
		}
		pid := "PARALLEL_PID=" + strconv.Itoa(os.Getpid())
		for _, e := range os.Environ() {
			if !strings.HasPrefix(e, "PARALLEL_SEQ=") && !strings.HasPrefix(e, "PARALLEL_JOBSLOT=") && !strings.HasPrefix(e, "PARALLEL_PID=") {
				r.env = append(r.env, e)
			}
		}
		r.env = append(r.env, pid)
	}
	r.delay = o.Delay
	if o.MaxLoad > 0 {
		r.load = &loadLimit{max: o.MaxLoad, file: o.MaxLoadFile, cpus: runtime.NumCPU()}
		if fi, err := os.Stat(o.MaxLoadFile); err == nil {
			r.load.mtime = fi.ModTime()
		}
	}
	if o.Limit != "" && !o.DryRun {
		// Its output goes where the jobs' goes, behind the output lock.
		stdout, stderr := r.perlStdio()
		if r.limitCmd, err = newLimitRun(o.Limit, r.shell, r.env, Stdio{Stdout: stdout, Stderr: stderr}); err != nil {
			return Summary{ExitCode: 255}, err
		}
	}
	if o.Output == LatestLine {
		r.ll = newLatestScreen(s.Stdout)
	}
	if o.KeepOrder && o.Output != Ungroup && o.Output != LatestLine {
		r.ord = newOrderer(s.Stdout, s.Stderr)
	}
	r.prog = newProgress(o, s, r.total, r.lim)

	// The dispatcher stops waiting for slots when the run halts.
	dctx, dcancel := context.WithCancel(ctx)
	defer dcancel()
	go func() {
		select {
		case <-r.stopCh:
			dcancel()
		case <-dctx.Done():
		}
	}()
	dispatchErr := make(chan error, 1)
	feed := func() ([]string, *jobInput, error) {
		args, err := next()
		return args, nil, err
	}
	if r.pipe != nil {
		feed = r.pipe.next
	}
	go func() {
		err := r.dispatch(dctx, feed)
		if err == nil && r.pipe != nil && r.pipe.feed != nil {
			// --round-robin, --tee: the jobs run; give them the input.
			err = r.pipe.feed(dctx)
		}
		dispatchErr <- err
	}()
	var derr error
	dispatched := false
	select {
	case derr = <-dispatchErr:
		dispatched = true
	case <-ctx.Done():
	case <-r.stopCh:
	}
	interrupted := ctx.Err() != nil
	if interrupted {
		r.stop(killCancel)
	}
	jobsDone := make(chan struct{})
	go func() { r.jobsWG.Wait(); close(jobsDone) }()
	if o.MemFree > 0 {
		r.every(memGuardEvery, jobsDone, r.memFreeCheck)
	}
	if o.MemSuspend > 0 && !o.DryRun {
		r.every(memSuspendEvery, jobsDone, r.memSuspendCheck)
	}
	if r.limitCmd != nil {
		r.every(limitGuardEvery, jobsDone, r.limitCheck)
	}
	if !interrupted {
		// Every job may be started by now, but a signal while the last
		// ones run must still kill them.
		select {
		case <-jobsDone:
		case <-ctx.Done():
			interrupted = true
			r.stop(killCancel)
		}
	}
	<-jobsDone
	r.spill.close()
	r.bgWG.Wait()
	if !dispatched {
		// The dispatcher returns at once unless it is blocked reading
		// an input that does not end (a terminal, a pipe); do not wait
		// for that.
		t := time.NewTimer(time.Second)
		select {
		case derr = <-dispatchErr:
		case <-t.C:
		}
		t.Stop()
	}
	if r.ord != nil {
		r.ord.flush()
	}
	r.prog.finish()

	sum := Summary{Jobs: r.finished, Failed: r.failed, Halted: r.halted, Interrupted: interrupted}
	sum.ExitCode = r.exitCode()
	if o.semJob {
		sum.ExitCode = r.semStatus
	}
	if interrupted {
		sum.ExitCode = 255
		return sum, nil
	}
	if derr != nil {
		sum.ExitCode = 255
		return sum, derr
	}
	return sum, nil
}

// exitCode is GNU parallel's exit status for the run (its halt()): with
// --halt, the status fixed when the run halted, else the percentage of
// failed jobs among those started (rounded up) for a percentage, the number
// of failed jobs for a count, 0 for a count of 0; without --halt, the number
// of failed jobs, at most 101.
func (r *runner) exitCode() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	h := r.o.Halt
	if h.When == HaltNever {
		return min(r.failed, 101)
	}
	switch {
	case r.haltStatusSet:
		return r.haltStatus
	case h.Percent > 0:
		return ceilPercent(r.failed, max(r.started, 1))
	case h.Count > 0:
		return min(r.failed, 101)
	}
	return 0
}

// haltStatusOf is the exit status GNU parallel fixes when --halt
// triggers after job j (should_we_halt), and whether it fixes one; r.mu is
// held.
func (r *runner) haltStatusOf(j *job) (int, bool) {
	h := r.o.Halt
	if h.Why == HaltSuccess {
		return 0, true
	}
	if h.Count == 1 {
		// The job's own status, 128+signal if a signal ended it.
		switch {
		case j.exitval != 0:
			return j.exitval & 0xff, true
		case j.signal != 0:
			return 128 + j.signal, true
		}
		return 0, true
	}
	switch {
	case h.Percent > 0 && r.total > 0:
		return ceilPercent(r.failed, r.total), true
	case h.Count > 0:
		return min(r.failed, 101), true
	}
	return 0, false
}

// ceilPercent is 100*n/total rounded up.
func ceilPercent(n, total int) int {
	return (n*100 + total - 1) / total
}

// stop starts no more jobs; with killHalt or killCancel it also kills the
// running ones.
func (r *runner) stop(reason killReason) {
	r.mu.Lock()
	if !r.stopped {
		r.stopped = true
		close(r.stopCh)
	}
	var kill []*job
	if reason != notKilled {
		r.killAll = reason
		for j := range r.running {
			kill = append(kill, j)
		}
	}
	r.mu.Unlock()
	if r.ord != nil {
		r.ord.wake()
	}
	for _, j := range kill {
		r.bgWG.Add(1)
		go func() {
			defer r.bgWG.Done()
			r.kill(j, 0, reason)
		}()
	}
	if reason == killCancel {
		r.mu.Lock()
		groups := r.leftover
		r.leftover = nil
		r.mu.Unlock()
		for _, pg := range groups {
			r.bgWG.Add(1)
			go func() {
				defer r.bgWG.Done()
				killGroup(pg, r.term)
			}()
		}
	}
}

// killGroup runs the --termseq sequence on a process group whose leader
// is gone, until the group is empty.
func killGroup(pg int, term []TermStep) {
	for _, st := range term {
		if syscall.Kill(-pg, st.Signal) != nil {
			return // no process left in the group
		}
		for deadline := time.Now().Add(st.Wait); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			if syscall.Kill(-pg, 0) != nil {
				return
			}
		}
	}
}

func (r *runner) isStopped() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stopped
}

// dispatch reads the inputs and starts a job for each as slots free up.
// An input (--pipe) a job does not take is released.
func (r *runner) dispatch(ctx context.Context, next func() ([]string, *jobInput, error)) error {
	pos := 0 // position in input order (-k prints by it)
	var lastStart time.Time
	window := 1024 + 4*r.lim.Limit()
	for {
		if ctx.Err() != nil || r.isStopped() {
			return nil
		}
		args, in, err := next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if in == nil {
			// -r dropped blank values in the sources already (and the
			// blocks of --pipe in openPipe).
			r.replaceNUL(args)
		}
		pos++
		if r.strictLen && !r.grouped && !r.o.Pipe {
			if n := r.lenModel.length([][]string{args}, pos, 1); n >= r.limit {
				return tooLong(n, r.limit, pos, args)
			}
		}
		seq := pos
		if r.seqs != nil {
			seq = r.seqs[pos-1]
		}
		if ok, logged := r.skip[seq]; logged && (r.o.Resume || ok) {
			if in != nil {
				in.release()
			}
			if r.perl != nil {
				// GNU parallel evaluates them for jobs --resume skips
				// too: counters in them go on counting.
				if err := r.evalPerl(&job{seq: seq, slot: 1, args: args}); err != nil {
					return err
				}
			}
			if r.ord != nil {
				r.ord.done(pos, nil)
			}
			r.prog.skipped()
			continue
		}
		if r.o.DryRun {
			j := &job{seq: seq, slot: 1, args: args}
			if in != nil {
				in.release()
				if r.o.Cat || r.o.Fifo {
					j.args, j.tmp = []string{tmpToken}, tmpToken
				}
			}
			if r.perl != nil {
				if err := r.evalPerl(j); err != nil {
					return err
				}
				if j.skipped {
					// As GNU parallel: printed, and counted as failed.
					r.mu.Lock()
					r.failed++
					r.mu.Unlock()
				}
			}
			// GNU parallel makes --wd's directory even for --dry-run.
			if err := r.workDir(j); err != nil {
				return err
			}
			if len(r.tmpls) > 0 {
				// As GNU parallel, --dry-run still makes the --template
				// files.
				if err := r.writeTemplates(j); err != nil {
					return err
				}
			}
			io.WriteString(r.s.Stdout, string(r.tagBytes(j))+r.line(j)+"\n")
			continue
		}
		if r.ord != nil {
			r.ord.waitWindow(pos, window, r.isStopped)
		}
		slot, err := r.lim.Acquire(ctx)
		if err != nil {
			if in != nil {
				in.release()
			}
			return nil
		}
		if delay := r.delayNow(); delay > 0 && !lastStart.IsZero() {
			if d := time.Until(lastStart.Add(delay)); d > 0 {
				t := time.NewTimer(d)
				select {
				case <-t.C:
				case <-ctx.Done():
				case <-r.stopCh:
				}
				t.Stop()
			}
		}
		if r.o.needsStartCheck() {
			r.waitStart(ctx)
		}
		lastStart = time.Now()
		j := &job{seq: seq, pos: pos, slot: slot, args: args, in: in}
		if r.perl != nil {
			if err := r.evalPerl(j); err != nil {
				r.lim.Release(slot)
				return err
			}
		}
		if r.o.Interactive && !j.skipped {
			yes, err := r.ask(j)
			if err != nil {
				r.lim.Release(slot)
				return err
			}
			j.skipped = !yes
		}
		if err := r.workDir(j); err != nil {
			r.lim.Release(slot)
			return err
		}
		r.mu.Lock()
		if r.stopped || ctx.Err() != nil {
			r.mu.Unlock()
			r.lim.Release(slot)
			if in != nil {
				in.release()
			}
			return nil
		}
		r.running[j] = struct{}{}
		r.started++
		r.jobsWG.Add(1)
		r.mu.Unlock()
		go r.runJob(j)
	}
}

// delayNow is the --delay before the next job.
func (r *runner) delayNow() time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.delay
}

// replaceNUL replaces NUL bytes in a job's values with the two characters
// \0 and warns, as GNU parallel does: a NUL cannot be passed in an
// argument list (it would end the argument).
func (r *runner) replaceNUL(args []string) {
	warned := false
	for i, a := range args {
		if strings.IndexByte(a, 0) < 0 {
			continue
		}
		if !warned {
			warned = true
			r.outMu.Lock()
			io.WriteString(r.s.Stderr, "crew run: Warning: A NUL character in the input was replaced with \\0.\n"+
				"crew run: Warning: NUL cannot be passed through in the argument list.\n"+
				"crew run: Warning: Did you mean to use the --null option?\n")
			r.outMu.Unlock()
		}
		args[i] = strings.ReplaceAll(a, "\x00", `\0`)
	}
}

// workDir makes the directory --wd names for j and records it in j, as
// GNU parallel does: replacement strings expanded (unquoted), "/./" and a
// trailing or leading "./" and "/" tidied; "." is the current directory,
// "..." a new directory per job under ~/.parallel/tmp. A directory that
// cannot be made or entered ends the run.
func (r *runner) workDir(j *job) error {
	var d string
	switch wd := r.o.WorkDir; wd {
	case "", ".":
		return nil
	case "...":
		host, err := os.Hostname()
		if err != nil || host == "" {
			host = "nohostname"
		}
		home := os.Getenv("HOME")
		if home == "" {
			home = "/tmp"
		}
		d = fmt.Sprintf("%s/.parallel/tmp/%s-%d-%d", home, host, os.Getpid(), j.seq)
		j.dirTemp = true
	default:
		d = string(r.wd.expand(nil, j.args, j.seq, j.slot, false))
		d = strings.ReplaceAll(d, "/./", "/")
		if t := strings.TrimRight(d, "/"); t != "" && len(t) < len(d) {
			d = t
		}
		for strings.HasPrefix(d, "./") {
			d = d[2:]
		}
	}
	if err := os.MkdirAll(d, 0o777); err != nil && !isDir(d) {
		return fmt.Errorf("--wd: cannot make directory %s: %w", d, err)
	}
	if err := syscall.Access(d, 1); err != nil || !isDir(d) {
		return fmt.Errorf("--wd: cannot change into directory %s", d)
	}
	if !filepath.IsAbs(d) {
		d = filepath.Join(r.cwd, d)
	}
	j.dir = d
	return nil
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

func sameFile(a, b string) bool {
	fa, err1 := os.Stat(a)
	fb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(fa, fb)
}

// memAvailable is MemAvailable from /proc/meminfo in bytes, or a huge
// number where that is unknown.
var memAvailable = procMemAvailable

func procMemAvailable() int64 {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 1 << 62
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "MemAvailable:"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				n, err := strconv.ParseInt(f[0], 10, 64)
				if err == nil {
					return n << 10
				}
			}
		}
	}
	return 1 << 62
}

func (r *runner) line(j *job) string {
	if !j.haveLine {
		j.cmdLine = r.command(j).shellLine(j.args, j.seq, j.slot)
		if j.tmp != "" {
			j.cmdLine = strings.ReplaceAll(j.cmdLine, tmpToken, "$PARALLEL_TMP")
		}
		j.haveLine = true
	}
	return j.cmdLine
}

// command is j's command: its own when it has perl values.
func (r *runner) command(j *job) *command {
	if j.cmd != nil {
		return j.cmd
	}
	return r.cmd
}

func (r *runner) runJob(j *job) {
	defer r.jobsWG.Done()
	if j.skipped {
		// skip() or --filter: not run. GNU parallel records it with exit
		// value -2, so it counts as failed (and --resume-failed runs it).
		if j.in != nil {
			j.in.release()
		}
		j.start, j.exitval = time.Now(), -2
		if r.o.Verbose && r.o.Output != Group {
			var tag []byte
			if r.o.Output == LineBuffer {
				tag = r.tagBytes(j)
			}
			r.outMu.Lock()
			io.WriteString(r.s.Stdout, string(tag)+r.line(j)+"\n")
			r.outMu.Unlock()
		}
		r.finish(j)
		return
	}
	if j.in != nil {
		defer j.in.release()
		if j.in.empty() {
			// GNU parallel does not run the command for an empty block
			// (one that --remove-rec-sep emptied): the job succeeds.
			j.noRun, j.start = true, time.Now()
			r.finish(j)
			return
		}
		if r.o.Cat || r.o.Fifo {
			// The input goes to a file or a named pipe {} names.
			cleanup, err := r.pipeFile(j)
			if err != nil {
				r.outMu.Lock()
				fmt.Fprintf(r.s.Stderr, "crew run: job %d: %v\n", j.seq, err)
				r.outMu.Unlock()
				j.exitval, j.start = 255, time.Now()
				r.finish(j)
				return
			}
			defer cleanup()
		}
	}
	attempts := max(1, r.o.Retries)
	if j.in != nil && j.in.stream != nil {
		attempts = 1 // the blocks it read are gone
	}
	for a := 1; ; a++ {
		r.execute(j)
		if j.reason == killMemory && !r.isStopped() {
			// Killed to free memory: run it again when there is room,
			// as GNU parallel puts it back on the queue.
			j.out.close()
			j.errOut.close()
			r.waitMemRoom()
			a--
			continue
		}
		if !j.failed() || a >= attempts || j.reason == killHalt || j.reason == killCancel || r.isStopped() {
			break
		}
		j.out.close()
		j.errOut.close()
	}
	r.cleanTemplates(j)
	r.finish(j)
}

// waitMemRoom waits, for a job killed by the --memfree guard, until
// available memory is back to --memfree or no other job runs.
func (r *runner) waitMemRoom() {
	for r.lim.InUse() > 1 && memAvailable() < r.o.MemFree {
		t := time.NewTimer(100 * time.Millisecond)
		select {
		case <-t.C:
		case <-r.stopCh:
			t.Stop()
			return
		}
	}
}

// every runs check every d in a goroutine of the run's until stop closes:
// the guards of --memfree, --memsuspend and --limit, which act on the
// running jobs.
func (r *runner) every(d time.Duration, stop <-chan struct{}, check func()) {
	r.bgWG.Add(1)
	go func() {
		defer r.bgWG.Done()
		t := time.NewTicker(d)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
			}
			check()
		}
	}()
}

// memFreeCheck is --memfree's second half: while available memory is under
// half of --memfree, it kills the youngest job (which runs again later).
func (r *runner) memFreeCheck() {
	if memAvailable() >= r.o.MemFree/2 {
		return
	}
	if j := r.youngest(1); j != nil {
		r.kill(j, 0, killMemory)
	}
}

// memGuardEvery is how often --memfree checks memory.
var memGuardEvery = time.Second

// timeout returns the --timeout for the next job, 0 for none.
func (r *runner) timeout() time.Duration {
	if r.o.TimeoutPercent <= 0 {
		return r.o.Timeout
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.runtimes) == 0 {
		return 0
	}
	rt := slices.Clone(r.runtimes)
	slices.Sort(rt)
	med := rt[len(rt)/2]
	return time.Duration(float64(med) * r.o.TimeoutPercent / 100)
}

// execute runs j once and records its result in j.
func (r *runner) execute(j *job) {
	j.mu.Lock()
	j.attempt++
	attempt := j.attempt
	j.exitval, j.signal, j.reason, j.exited, j.exitCh = 0, 0, notKilled, false, nil
	j.mu.Unlock()
	j.out, j.errOut = captured{}, captured{}
	if r.o.ShellQuote > 0 {
		r.shellQuote(j)
		return
	}
	argv, direct := r.command(j).argv(j.args, j.seq, j.slot)
	if j.tmp != "" {
		direct = false // {} is $PARALLEL_TMP, for the shell to expand
	}
	path := ""
	if direct {
		path, direct = r.look.find(argv[0])
	}
	if r.o.Trace {
		r.outMu.Lock()
		io.WriteString(r.s.Stderr, r.line(j)+"\n")
		r.outMu.Unlock()
	}
	if r.o.Verbose && r.o.Output == Ungroup {
		r.outMu.Lock()
		io.WriteString(r.s.Stdout, r.line(j)+"\n")
		r.outMu.Unlock()
	}

	var files [2]*os.File // the job's stdout and stderr
	var caps [2]*capture  // --group: the files the job writes into
	var writeEnds, readEnds []*os.File
	var copiers sync.WaitGroup
	var lws []*lineWriter
	var held *heldLines
	// release undoes the set-up for a job that does not start: the copiers
	// see EOF once the write ends are closed.
	// --compress: the compressors of stdout and stderr, and what went
	// through them.
	var zips [2]struct {
		pid   int
		count *countingWriter
	}
	waitZips := func() (failed bool) {
		for k := range zips {
			if zips[k].pid > 0 {
				ws, err := waitPid(zips[k].pid)
				zips[k].pid = 0
				failed = failed || err != nil || ws.Signaled() || ws.ExitStatus() != 0
			}
		}
		return failed
	}
	release := func() {
		for _, c := range writeEnds {
			c.Close()
		}
		copiers.Wait()
		waitZips()
		caps[0].discard()
		caps[1].discard()
	}
	// compressInto gives the job, for stream k, a pipe into a compressor
	// writing to dst; crew counts the bytes on the way (the joblog's
	// Receive is the output's size before compression).
	compressInto := func(k int, dst *os.File) (*os.File, error) {
		jr, jw, err := os.Pipe()
		if err != nil {
			return nil, err
		}
		zr, zw, err := os.Pipe()
		if err != nil {
			jr.Close()
			jw.Close()
			return nil, err
		}
		pid, err := r.zip.start(r.zip.compress, zr, dst)
		zr.Close()
		if err != nil {
			jr.Close()
			jw.Close()
			zw.Close()
			return nil, fmt.Errorf("start %s: %w", r.zip.compress, err)
		}
		zips[k].pid, zips[k].count = pid, &countingWriter{w: zw}
		writeEnds = append(writeEnds, jw)
		readEnds = append(readEnds, jr)
		count := zips[k].count
		copiers.Go(func() {
			copyPipe(count, jr)
			jr.Close()
			zw.Close()
		})
		return jw, nil
	}
	fail := func(err error) {
		r.outMu.Lock()
		fmt.Fprintf(r.s.Stderr, "crew run: job %d: %v\n", j.seq, err)
		r.outMu.Unlock()
		j.exitval = 255
		j.start = time.Now()
	}
	var parFile *os.File // --files: the job's stdout
	var llRow *latestRow
	for k, w := range []io.Writer{r.s.Stdout, r.s.Stderr} {
		if r.o.Output == LatestLine {
			// --latest-line: stdout and stderr in one pipe, drawn as the
			// job's row.
			if k == 1 {
				files[1] = files[0]
				continue
			}
			pr, pw, err := os.Pipe()
			if err != nil {
				release()
				fail(fmt.Errorf("create pipe: %w", err))
				return
			}
			writeEnds, readEnds = append(writeEnds, pw), append(readEnds, pr)
			files[0] = pw
			r.outMu.Lock()
			llRow = r.ll.row(j, r.o.KeepOrder, r.tagBytes(j))
			r.outMu.Unlock()
			copiers.Add(1)
			go func() {
				defer copiers.Done()
				r.latestCopy(llRow, pr)
				pr.Close()
			}()
			continue
		}
		if fw, ok := w.(*os.File); ok && r.o.Output == Ungroup {
			files[k] = fw
			continue
		}
		if r.o.Files && (r.o.Results == "" || r.tbl != nil) {
			// --files: stdout into a file whose name is printed; stderr
			// is lost, as in GNU parallel.
			if k == 1 {
				files[k] = r.nullOut
				continue
			}
			f, err := createParFile(r.tmp)
			if err != nil {
				release()
				fail(fmt.Errorf("--files: %w", err))
				return
			}
			parFile, files[k] = f, f
			if r.o.Verbose {
				io.WriteString(f, r.line(j)+"\n")
			}
			if r.zip != nil {
				if files[k], err = compressInto(k, f); err != nil {
					f.Close()
					release()
					fail(fmt.Errorf("--compress: %w", err))
					return
				}
				f.Close() // the compressor has it
				continue
			}
			writeEnds = append(writeEnds, f) // closed once the job has it
			continue
		}
		if r.o.Output == Group {
			c, err := newCapture(r.tmp)
			if err != nil {
				release()
				fail(err)
				return
			}
			caps[k], files[k] = c, c.f
			if r.zip != nil {
				if files[k], err = compressInto(k, c.f); err != nil {
					release()
					fail(fmt.Errorf("--compress: %w", err))
					return
				}
			}
			continue
		}
		pr, pw, err := os.Pipe()
		if err != nil {
			release()
			fail(fmt.Errorf("create pipe: %w", err))
			return
		}
		writeEnds = append(writeEnds, pw)
		readEnds = append(readEnds, pr)
		files[k] = pw
		var dst io.Writer = w
		if r.o.Output == LineBuffer {
			lw := &lineWriter{mu: &r.outMu, w: w, tag: r.tagBytes(j), retag: r.lineTag(j)}
			if color, reset, ok := r.colors(j); ok {
				lw.color, lw.reset = append([]byte(color), lw.tag...), reset
			}
			if r.ord != nil {
				if held == nil {
					held = r.ord.start(j.pos)
				}
				lw.mu, lw.ord, lw.seq, lw.held = &r.ord.mu, r.ord, j.pos, &held.out
				if k == 1 {
					lw.held = &held.err
				}
			}
			lws = append(lws, lw)
			dst = lw
		}
		copiers.Add(1)
		go func() {
			defer copiers.Done()
			copyPipe(dst, pr)
			pr.Close()
		}()
	}

	if r.o.Verbose && len(lws) > 0 {
		// --line-buffer: the command goes first in the job's stdout, so
		// that with -k it waits with the job's lines for its turn.
		lw := lws[0]
		lw.mu.Lock()
		lw.writeLines([]byte(r.line(j) + "\n"))
		lw.mu.Unlock()
	}

	env := make([]string, len(r.env), len(r.env)+2)
	copy(env, r.env)
	env = append(env, "PARALLEL_SEQ="+strconv.Itoa(j.seq), "PARALLEL_JOBSLOT="+strconv.Itoa(j.slot))
	if j.tmp != "" {
		env = append(env, "PARALLEL_TMP="+j.tmp)
	}
	if r.o.SlotVar != "" {
		env = append(env, r.o.SlotVar+"="+strconv.Itoa(j.slot-1))
	}
	inR := r.null
	if r.jobIn != nil {
		inR = r.jobIn
	}
	var stdinW *os.File
	var fifoW *fifoWriter
	exitCh := make(chan struct{})
	if j.in != nil && j.tmp == "" {
		pr, pw, err := os.Pipe()
		if err != nil {
			release()
			fail(fmt.Errorf("create pipe: %w", err))
			return
		}
		inR, stdinW = pr, pw
		writeEnds = append(writeEnds, pr) // closed once the job has it
		copiers.Add(1)
		go func() {
			defer copiers.Done()
			// A job that does not read all of its block ends the write
			// with EPIPE, or with the deadline set when it exits.
			j.in.writeTo(pw, exitCh)
			pw.Close()
		}()
	}
	if len(r.tmpls) > 0 {
		if err := r.writeTemplates(j); err != nil {
			close(exitCh) // an input stream's writer waits for it
			release()
			fail(err)
			return
		}
	}
	sys := sysProcAttr()
	if r.o.TTY || r.o.OpenTTY {
		if tty := ttyStdin(); tty != nil {
			// As GNU parallel: the job gets the terminal and stays in
			// crew's process group, where reading it does not stop it.
			defer tty.Close()
			inR, sys.Setpgid = tty, false
			j.mu.Lock()
			j.onTTY = true
			j.mu.Unlock()
		}
	}
	attr := &syscall.ProcAttr{Env: env, Files: []uintptr{inR.Fd(), files[0].Fd(), files[1].Fd()}, Sys: sys}
	if j.dir != "" {
		if j.dirTemp && attempt > 1 {
			os.MkdirAll(j.dir, 0o777) // removed after the last attempt
		}
		attr.Dir = j.dir
		// The job's $PWD, as cd in GNU parallel's wrapper sets it.
		env = slices.DeleteFunc(env, func(e string) bool { return strings.HasPrefix(e, "PWD=") })
		attr.Env = append(env, "PWD="+j.dir)
	}
	j.start = time.Now()
	start := func(path string, argv []string) (int, error) {
		if r.nice != "" {
			// As GNU parallel does: run the job under nice(1), so that
			// everything it starts has the niceness too.
			argv = append([]string{r.nice, "-n", strconv.Itoa(r.o.Nice), path}, argv[1:]...)
			path = r.nice
		}
		// syscall.ForkExec, not os.StartProcess: the latter holds a pidfd
		// per running job, and every descriptor crew holds makes each
		// later fork slower once there are hundreds of them.
		return syscall.ForkExec(path, argv, attr)
	}
	pid, err := 0, error(nil)
	if direct {
		pid, err = start(path, argv)
	}
	if !direct || err != nil {
		pid, err = start(r.shell, []string{r.shell, "-c", r.line(j)})
	}
	for _, c := range writeEnds {
		c.Close()
	}
	writeEnds = nil
	if err != nil {
		close(exitCh) // an input stream's writer waits for it
		release()
		fail(fmt.Errorf("start %s: %w", r.shell, err))
		return
	}
	if j.fifo {
		fifoW = startFifoWriter(j.tmp, j.in, exitCh, &copiers)
	}
	for _, c := range caps {
		if c != nil {
			r.spill.add(c)
		}
	}
	j.mu.Lock()
	j.pid, j.exitCh, j.startedAt = pid, exitCh, j.start
	j.mu.Unlock()
	r.mu.Lock()
	kr := r.killAll
	r.mu.Unlock()
	if kr != notKilled {
		// The run was halted or cancelled while this job was between
		// attempts.
		r.bgWG.Add(1)
		go func() {
			defer r.bgWG.Done()
			r.kill(j, attempt, kr)
		}()
	}

	var timer *time.Timer
	if d := r.timeout(); d > 0 {
		r.bgWG.Add(1)
		timer = time.AfterFunc(d, func() {
			defer r.bgWG.Done()
			r.kill(j, attempt, killTimeout)
		})
	}
	ws, werr := waitPid(pid)
	if j.dirTemp {
		os.RemoveAll(j.dir)
	}
	j.mu.Lock()
	j.exited = true
	close(exitCh)
	j.mu.Unlock()
	if timer != nil && timer.Stop() {
		r.bgWG.Done()
	}
	j.runtime = time.Since(j.start)
	switch {
	case werr != nil:
		j.exitval = 255
	case ws.Signaled():
		j.signal = int(ws.Signal())
	default:
		j.exitval = ws.ExitStatus()
	}
	if j.reason != notKilled {
		// GNU parallel records jobs it killed with exit value -1.
		j.exitval = -1
		if j.signal == 0 {
			j.signal = int(syscall.SIGTERM)
		}
	}
	if stdinW != nil {
		stdinW.SetWriteDeadline(time.Now())
	}
	if fifoW != nil {
		fifoW.stop()
	}
	if !j.onTTY && syscall.Kill(-j.pid, 0) == nil {
		// The job left processes running in the background. Like GNU
		// parallel, the run goes on without them (and reads only what is
		// in the job's output by now), but a Ctrl-C still reaches them.
		r.mu.Lock()
		r.leftover = append(r.leftover, j.pid)
		r.mu.Unlock()
		for _, pr := range readEnds {
			pr.SetReadDeadline(time.Now().Add(backgroundGrace))
		}
	}
	copiers.Wait()
	zipFailed := waitZips()
	if zipFailed {
		// As GNU parallel: the job counts as failed with status 255.
		r.outMu.Lock()
		fmt.Fprintf(r.s.Stderr, "crew run: Error: %s failed.\n", r.zip.compress)
		r.outMu.Unlock()
		j.exitval = 255
	}
	for _, lw := range lws {
		lw.flush()
	}
	var errs [2]error
	for k, c := range caps {
		if c != nil {
			r.spill.remove(c)
		}
		if k == 0 {
			j.out, errs[k] = c.finish()
		} else {
			j.errOut, errs[k] = c.finish()
		}
	}
	if err := errors.Join(errs[0], errs[1]); err != nil {
		r.outMu.Lock()
		fmt.Fprintf(r.s.Stderr, "crew run: job %d: output lost: %v\n", j.seq, err)
		r.outMu.Unlock()
	}
	if r.zip != nil && parFile == nil && zipFailed {
		// Nothing usable came out of the compressor.
		j.out.close()
		j.errOut.close()
		j.out, j.errOut = captured{}, captured{}
	} else if r.zip != nil && parFile == nil {
		// Printing decompresses; the sizes are those of the output.
		j.out.unzip, j.errOut.unzip = r.zip, r.zip
		if zips[0].count != nil {
			j.out.size = zips[0].count.n
		}
		if zips[1].count != nil {
			j.errOut.size = zips[1].count.n
		}
	}
	if parFile != nil && zips[0].count != nil && zips[0].count.n == 0 {
		// As GNU parallel, which compresses no output to nothing.
		os.Truncate(parFile.Name(), 0)
	}
	if parFile != nil {
		j.outFile = parFile.Name()
		if fi, err := os.Stat(j.outFile); err == nil {
			j.out.size = fi.Size()
		}
	}
	if llRow != nil {
		j.out.size = llRow.size
		r.outMu.Lock()
		r.ll.done(llRow)
		r.outMu.Unlock()
	}
	if len(lws) > 0 {
		// The joblog's Receive: with --line-buffer GNU parallel counts
		// the bytes of stdout and stderr (stdout only in other modes).
		j.out.size = 0
		for _, lw := range lws {
			j.out.size += lw.n
		}
	}
}

// shellQuote is a job of --shell-quote: instead of running, its output is
// its command line shell-quoted once per --shell-quote, as GNU parallel
// prints it (through a job that echoes it).
func (r *runner) shellQuote(j *job) {
	line := r.line(j)
	for range r.o.ShellQuote {
		line = Quote(line)
	}
	line += "\n"
	if r.o.Trace {
		r.outMu.Lock()
		io.WriteString(r.s.Stderr, r.line(j)+"\n")
		r.outMu.Unlock()
	}
	j.start = time.Now()
	if r.o.Output == Ungroup {
		r.outMu.Lock()
		io.WriteString(r.s.Stdout, line)
		r.outMu.Unlock()
	} else {
		j.out = captured{data: []byte(line), size: int64(len(line))}
	}
	j.runtime = time.Since(j.start)
}

// waitPid waits for process pid to end.
func waitPid(pid int) (syscall.WaitStatus, error) {
	var ws syscall.WaitStatus
	for {
		_, err := syscall.Wait4(pid, &ws, 0, nil)
		if err != syscall.EINTR {
			return ws, err
		}
	}
}

// backgroundGrace is how long output is still read from a finished job's
// background processes.
const backgroundGrace = 50 * time.Millisecond

// kill runs the --termseq sequence on j's process group until j and its
// group have exited. attempt names the run of j to kill (0: the current
// one), so a late timeout of a failed attempt leaves its retry alone.
func (r *runner) kill(j *job, attempt int, reason killReason) {
	j.mu.Lock()
	if (attempt != 0 && attempt != j.attempt) || j.exited || j.reason != notKilled || j.exitCh == nil {
		j.mu.Unlock()
		return
	}
	j.reason = reason
	pg, exitCh := j.target(), j.exitCh
	j.mu.Unlock()
	// gone reports whether the job and everything in its process group
	// have exited.
	gone := func() bool {
		j.mu.Lock()
		defer j.mu.Unlock()
		return j.exited && syscall.Kill(pg, 0) != nil
	}
steps:
	for _, st := range r.term {
		if gone() {
			break
		}
		syscall.Kill(pg, st.Signal)
		j.mu.Lock()
		if j.suspended {
			// A stopped job must run to act on the signal.
			j.suspended = false
			syscall.Kill(pg, syscall.SIGCONT)
		}
		j.mu.Unlock()
		deadline := time.Now().Add(st.Wait)
		for time.Now().Before(deadline) {
			select {
			case <-exitCh:
				// The job is done; wait for the rest of its group.
				if gone() {
					break steps
				}
				time.Sleep(5 * time.Millisecond)
			case <-time.After(time.Until(deadline)):
			}
		}
	}
	if reason == killCancel {
		// The job is gone; whatever it left in its process group goes too.
		<-exitCh
		if syscall.Kill(pg, syscall.SIGKILL) == nil {
			// Give the kernel a moment to remove them, so that when Run
			// returns they are gone.
			for i := 0; i < 100 && syscall.Kill(pg, 0) == nil; i++ {
				time.Sleep(5 * time.Millisecond)
			}
		}
	}
}

// tagBytes is the prefix of each output line with --tag or --tagstring.
func (r *runner) tagBytes(j *job) []byte {
	switch {
	case j.tag != nil:
		return append(j.tag.expand(nil, j.args, j.seq, j.slot, false), '\t')
	case r.tag != nil:
		return append(r.tag.expand(nil, j.args, j.seq, j.slot, false), '\t')
	case r.o.Tag:
		return append([]byte(strings.Join(j.args, " ")), '\t')
	}
	return nil
}

// finish records a job that has ended: joblog, results, output, counters
// and the halt condition.
func (r *runner) finish(j *job) {
	defer r.lim.Release(j.slot)
	r.mu.Lock()
	delete(r.running, j)
	r.mu.Unlock()
	if j.reason == killHalt || j.reason == killCancel {
		j.out.close()
		j.errOut.close()
		if r.ord != nil {
			r.ord.done(j.pos, nil)
		}
		return
	}
	if j.in != nil && j.in.stream != nil && r.o.RoundRobin && !j.in.stream.got.Load() {
		// As GNU parallel: a --round-robin job that got no block counts,
		// but neither its output nor a joblog line is shown.
		r.account(j)
		j.out.close()
		j.errOut.close()
		if r.ord != nil {
			r.ord.done(j.pos, nil)
		}
		return
	}
	if j.reason == killTimeout {
		r.outMu.Lock()
		fmt.Fprintf(r.s.Stderr, "crew run: Warning: This job was killed because it timed out:\ncrew run: Warning: %s\n", r.line(j))
		r.outMu.Unlock()
	}
	// logStdout writes the job's line of --joblog - after its output
	// (called with the output lock or the orderer's lock held).
	logStdout := func() {}
	if r.jl != nil {
		// Receive counts the bytes of stdout only, as GNU parallel's does.
		var send int64
		if j.in != nil {
			send = j.in.sent()
		}
		line := r.jl.line(j.seq, j.start, j.runtime, send, j.out.size, j.exitval, j.signal, r.line(j))
		if r.jl.stdout {
			logStdout = func() { r.s.Stdout.Write(line) }
		} else if err := r.jl.write(line); err != nil {
			r.outMu.Lock()
			fmt.Fprintf(r.s.Stderr, "crew run: write joblog: %v\n", err)
			r.outMu.Unlock()
		}
	}
	if r.tbl != nil {
		// The table's row, like the joblog's line, is written when the
		// job's output would be printed (in -k order).
		log := logStdout
		logStdout = func() {
			log()
			stdout := readString(j.out.reader())
			if j.outFile != "" {
				stdout = j.outFile // --files: the file's name
			}
			if err := r.tbl.write(r.colNames, j.seq, j.start.UnixMilli(), j.runtime.Seconds(), j.out.size, j.exitval, j.signal, r.line(j), j.args, stdout, readString(j.errOut.reader())); err != nil {
				fmt.Fprintf(r.s.Stderr, "crew run: --results: %v\n", err)
			}
		}
	} else if r.o.Results != "" {
		if err := r.saveResults(j); err != nil {
			r.outMu.Lock()
			fmt.Fprintf(r.s.Stderr, "crew run: --results: %v\n", err)
			r.outMu.Unlock()
		}
	}
	r.account(j)
	if r.o.Output != Group || r.o.Results != "" {
		done := func() {
			if r.o.Files && j.outFile != "" {
				// --files with --results: the name of the file that
				// holds the output.
				r.s.Stdout.Write(append(append(r.tagBytes(j), j.outFile...), '\n'))
			}
			logStdout()
			j.out.close()
			j.errOut.close()
		}
		if r.ord != nil {
			r.ord.done(j.pos, done)
		} else {
			r.outMu.Lock()
			done()
			r.outMu.Unlock()
		}
		return
	}
	print := func() {
		tag := r.tagBytes(j)
		verbose := r.o.Verbose && !j.noRun
		if j.outFile != "" {
			r.s.Stdout.Write(append(append(tag, j.outFile...), '\n'))
		} else if color, reset, ok := r.colors(j); ok {
			ct := append([]byte(color), tag...)
			cw := newColorWriter(r.s.Stdout, ct, reset)
			if verbose {
				io.WriteString(cw, r.line(j)+"\n")
			}
			j.out.writeTo(cw, nil)
			cw.Close()
			ew := newColorWriter(r.s.Stderr, ct, reset)
			j.errOut.writeTo(ew, nil)
			ew.Close()
		} else {
			if verbose {
				io.WriteString(r.s.Stdout, string(tag)+r.line(j)+"\n")
			}
			j.out.writeTo(r.s.Stdout, tag)
			j.errOut.writeTo(r.s.Stderr, tag)
		}
		j.out.close()
		j.errOut.close()
		logStdout()
	}
	if r.ord != nil {
		r.ord.done(j.pos, print)
		return
	}
	r.outMu.Lock()
	print()
	r.outMu.Unlock()
}

// account counts a finished job and checks --halt.
func (r *runner) account(j *job) {
	failed := j.failed()
	h := r.o.Halt
	r.mu.Lock()
	if r.o.DelayAuto {
		// As GNU parallel: 30% more after a failure, 10% less after a
		// success.
		if j.exitval != 0 {
			r.delay = r.delay * 13 / 10
		} else {
			r.delay = r.delay * 9 / 10
		}
	}
	if r.o.semJob {
		// As GNU parallel's sem: the job's status, as a shell reports it.
		switch {
		case j.signal != 0 && j.exitval == 0:
			r.semStatus = 128 + j.signal
		default:
			r.semStatus = j.exitval & 0xff
		}
	}
	r.finished++
	if failed {
		r.failed++
	} else {
		r.succeeded++
		if r.o.TimeoutPercent > 0 {
			if len(r.runtimes) >= 1001 {
				r.runtimes = r.runtimes[1:]
			}
			r.runtimes = append(r.runtimes, j.runtime)
		}
	}
	trigger := false
	// As GNU parallel, fail counts only at a failed job and success only
	// at a successful one (so fail=0 halts at the first failure).
	counts := h.Why == HaltDone || h.Why == HaltFail && failed || h.Why == HaltSuccess && !failed
	if h.When != HaltNever && !r.halted && counts {
		n := r.finished
		switch h.Why {
		case HaltFail:
			n = r.failed
		case HaltSuccess:
			n = r.succeeded
		}
		if h.Percent > 0 {
			trigger = r.total > 0 && float64(n)*100 >= h.Percent*float64(r.total)
		} else {
			trigger = n >= h.Count
		}
		if trigger {
			r.halted = true
			r.haltStatus, r.haltStatusSet = r.haltStatusOf(j)
		}
	}
	running := len(r.running)
	r.mu.Unlock()
	r.prog.done(failed)

	if h.When != HaltNever {
		msg := ""
		switch {
		case failed && h.Why == HaltFail:
			msg = "This job failed:"
		case !failed && h.Why == HaltSuccess:
			msg = "This job succeeded:"
		case h.Why == HaltDone:
			msg = "This job finished:"
		}
		if msg != "" {
			r.outMu.Lock()
			fmt.Fprintf(r.s.Stderr, "crew run: %s\n%s\n", msg, r.line(j))
			r.outMu.Unlock()
		}
	}
	if !trigger {
		return
	}
	if h.When == HaltNow {
		r.stop(killHalt)
		return
	}
	if running > 0 {
		r.outMu.Lock()
		fmt.Fprintf(r.s.Stderr, "crew run: Starting no more jobs. Waiting for %d jobs to finish.\n", running)
		r.outMu.Unlock()
	}
	r.stop(notKilled)
}

// saveResults writes the job's output under --results: DIR/1/<arg1>/2/<arg2>/
// {stdout,stderr,seq}, or at the path a template gives (PATH, PATH.err,
// PATH.seq; a path ending in / is a directory as above).
func (r *runner) saveResults(j *job) error {
	var outP, errP, seqP string
	if res := r.res; res != nil {
		if j.res != nil {
			res = j.res
		}
		p := string(res.expand(nil, j.args, j.seq, j.slot, false))
		if strings.HasSuffix(p, "/") {
			outP, errP, seqP = filepath.Join(p, "stdout"), filepath.Join(p, "stderr"), filepath.Join(p, "seq")
		} else {
			outP, errP, seqP = p, p+".err", p+".seq"
		}
	} else {
		dir := r.o.Results
		for i, a := range j.args {
			name := strconv.Itoa(i + 1)
			if i < len(r.colNames) {
				name = resultsName(r.colNames[i])
			}
			dir = filepath.Join(dir, name, resultsName(a))
		}
		outP, errP, seqP = filepath.Join(dir, "stdout"), filepath.Join(dir, "stderr"), filepath.Join(dir, "seq")
	}
	if err := os.MkdirAll(filepath.Dir(outP), 0o777); err != nil {
		return err
	}
	j.outFile = outP
	write := func(p string, src io.Reader) error {
		f, err := os.Create(p)
		if err != nil {
			return err
		}
		_, err = io.Copy(f, src)
		return errors.Join(err, f.Close())
	}
	return errors.Join(
		// With --compress the files hold the compressed output, as GNU
		// parallel's.
		write(outP, j.out.raw()),
		write(errP, j.errOut.raw()),
		write(seqP, strings.NewReader(strconv.Itoa(j.seq))),
	)
}

// resultsName makes an argument one path element as GNU parallel does:
// "\" becomes "\\", "/" becomes "\_", TAB "\t" and NUL "\0"; an empty
// argument adds no element.
func resultsName(a string) string {
	return resultsEscaper.Replace(a)
}

var resultsEscaper = strings.NewReplacer(`\`, `\\`, "/", `\_`, "\t", `\t`, "\x00", `\0`)

func readRecords(next func() ([]string, error)) ([][]string, error) {
	var all [][]string
	for {
		a, err := next()
		if err == io.EOF {
			return all, nil
		}
		if err != nil {
			return nil, err
		}
		all = append(all, a)
	}
}

func sliceRecords(all [][]string) func() ([]string, error) {
	i := 0
	return func() ([]string, error) {
		if i >= len(all) {
			return nil, io.EOF
		}
		i++
		return all[i-1], nil
	}
}

// multiRecords groups inputs for -m, -X, --xargs (and -N with -s) as GNU
// parallel's populate does: each job takes inputs while GNU parallel's
// estimate of its command line (length) stays under limit, and at most
// maxN of them (0: no limit); with spread (-m, -X), the job that reaches
// the end of the input gives back all but ceil(n/slots) of its n inputs,
// and that many go in each job from then on, so the last inputs spread over
// the job slots ("-j4 -m" of 8 values runs 4 jobs of 2). An input too long
// for a line of its own ends the input with an error when strict (-s, -x;
// the jobs before it still run), else it gets a line of its own. The input
// is read as jobs start, one input ahead.
func multiRecords(next func() ([]string, error), maxN, slots int, spread bool, limit int,
	recLen func(rec []string, seq int) int, lineLen func(nrecs, width, sum int) int, strict bool) func() ([]string, error) {
	var queue [][]string // inputs read ahead, not yet in a job
	eof, spreadDone := false, false
	seq, taken := 0, 0 // jobs made, inputs given out
	fill := func() error {
		if len(queue) > 0 || eof {
			return nil
		}
		rec, err := next()
		if err == io.EOF {
			eof = true
			return nil
		}
		if err != nil {
			return err
		}
		queue = append(queue, rec)
		return nil
	}
	return func() ([]string, error) {
		var job [][]string
		sum := 0 // recLen of the inputs in job
		for maxN == 0 || len(job) < maxN {
			if err := fill(); err != nil {
				return nil, err
			}
			if len(queue) == 0 {
				break
			}
			width := len(queue[0])
			if len(job) > 0 {
				width = len(job[0])
			}
			rl := recLen(queue[0], seq+1)
			if n := lineLen(len(job)+1, width, sum+rl); n >= limit {
				if len(job) > 0 {
					break
				}
				if strict {
					return nil, tooLong(n, limit, taken+1, queue[0])
				}
				job, queue = append(job, queue[0]), queue[1:]
				break
			}
			job, queue = append(job, queue[0]), queue[1:]
			sum += rl
		}
		if len(job) == 0 {
			return nil, io.EOF
		}
		if err := fill(); err != nil {
			return nil, err
		}
		if spread && !spreadDone && len(queue) == 0 && eof {
			spreadDone = true
			if len(job) > 1 {
				maxN = (len(job) + slots - 1) / max(slots, 1)
				queue = append(job[maxN:len(job):len(job)], queue...)
				job = job[:maxN]
			}
		}
		seq++
		taken += len(job)
		var args []string
		for _, rec := range job {
			args = append(args, rec...)
		}
		return args, nil
	}
}
