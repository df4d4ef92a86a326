package proc

import (
	"io"
	"os"
	"runtime"
	"time"
)

// Option configures a [Pool].
type Option func(*options)

type options struct {
	workers      int
	autoMax      int // WithAutoWorkers: the most workers busy at once
	timeout      time.Duration
	maxTasks     int
	retries      int
	init         func(c *conn) error
	initName     string
	memory       uint64
	env          []string
	dir          string
	stdout       io.Writer
	stderr       io.Writer
	startTimeout time.Duration
	exe          string   // tests only: the worker executable
	args         []string // tests only: its arguments
}

func defaultOptions() options {
	return options{
		stdout:       os.Stdout,
		stderr:       os.Stderr,
		startTimeout: 10 * time.Second,
	}
}

// workerCount is the one place that decides how many workers a pool runs.
func (o *options) workerCount() int {
	if o.workers > 0 {
		return o.workers
	}
	return runtime.NumCPU()
}

// WithWorkers sets the number of worker processes; n <= 0 means
// runtime.NumCPU(), the default.
func WithWorkers(n int) Option { return func(o *options) { o.workers = n } }

// WithAutoWorkers makes the number of busy workers adapt to the pool's
// throughput (package internal/adapt), as crew.Auto() does for
// goroutines: it starts at the [WithWorkers] count (NumCPU by default),
// grows while more workers finish more tasks (tasks that wait) and stays
// near the core count for tasks that compute, up to max workers (max <= 0
// means 4×NumCPU), and shrinks while the machine's memory is over 90%
// used. Workers beyond the first are started when first needed; a worker
// left idle by a lower limit stays until the pool closes.
func WithAutoWorkers(max int) Option {
	return func(o *options) {
		if max <= 0 {
			max = 4 * runtime.NumCPU()
		}
		o.autoMax = max
	}
}

// WithTimeout bounds each task: a task that runs longer is stopped by
// killing its worker's process group (it cannot be ignored, as a context
// can), the task fails with an error wrapping [ErrTimeout], and a new
// worker takes the old one's place. With a timeout, workers report each
// result as soon as it is ready, so a chunk costs a little more.
func WithTimeout(d time.Duration) Option { return func(o *options) { o.timeout = d } }

// WithMaxTasksPerWorker replaces a worker by a fresh process after it has
// run n tasks, like Python's maxtasksperchild: memory a task leaks or
// fragments is given back. n <= 0, the default, keeps workers for the life
// of the pool.
func WithMaxTasksPerWorker(n int) Option { return func(o *options) { o.maxTasks = n } }

// WithRetries runs a failed task up to n more times, on any failure: an
// error, a panic, a timeout or a worker crash. The task's error reports
// the number of attempts.
func WithRetries(n int) Option { return func(o *options) { o.retries = n } }

// WithInit runs f(arg) in every worker when it starts, before its first
// task, like Python's initializer. If it fails, the worker is not used:
// [NewPool] returns the error, and tasks that a replacement worker would
// have run fail with it.
func WithInit[A, R any](f *Function[A, R], arg A) Option {
	return func(o *options) {
		o.initName = f.name
		o.init = func(c *conn) error {
			if f.err != nil {
				return f.err
			}
			_, err := callOn(c, f, arg)
			return err
		}
	}
}

// WithMemoryLimit limits each worker's address space (RLIMIT_AS) to bytes,
// on Linux. It is a best effort: the limit is set just after the worker
// starts, a Go program reserves much more address space than it uses (an
// idle worker holds about 1.3 GB on linux/amd64, so limits under 2 GB can
// stop workers from starting), and it does not cover memory the kernel
// charges elsewhere (a cgroup limit does; crew does not set one). A task that goes over it
// usually makes the Go runtime abort the worker with "out of memory", and
// the task fails with a [*WorkerError] that says so.
func WithMemoryLimit(bytes uint64) Option { return func(o *options) { o.memory = bytes } }

// WithEnv adds "key=value" entries to the workers' environment, which
// otherwise is the pool's process environment.
func WithEnv(kv ...string) Option {
	return func(o *options) { o.env = append(o.env, kv...) }
}

// WithDir sets the workers' working directory.
func WithDir(dir string) Option { return func(o *options) { o.dir = dir } }

// WithOutput sets where the tasks' forwarded stdout and stderr go (by
// default the pool process's os.Stdout and os.Stderr); a nil writer
// discards the stream. A task's output (what it writes to file descriptor
// 1 or to os.Stderr) is written a whole line at a time, each line from one
// task, and a task's last line without a newline gets one. The worker
// checks for output when each task ends, which costs a system call, for a
// function's first 64 tasks on each worker and, once the function has
// printed, for all of its tasks; a function that stayed silent that long
// is trusted to stay silent, and if it does print later, an unfinished
// line it leaves may run into the next task's line. [WithCapture] always
// checks. What a worker writes to file descriptor 2 itself (Go crash
// reports, C code, the tasks' child processes) is forwarded to stderr too.
func WithOutput(stdout, stderr io.Writer) Option {
	return func(o *options) {
		o.stdout, o.stderr = orDiscard(stdout), orDiscard(stderr)
	}
}

func orDiscard(w io.Writer) io.Writer {
	if w == nil {
		return io.Discard
	}
	return w
}

// CallOption configures one call: [Call], [Map], [Imap], [ImapUnordered].
type CallOption func(*callOptions)

type callOptions struct {
	chunk   int
	capture func(index int, stdout, stderr []byte)
}

// WithChunkSize sends n items to a worker per message. By default, a [Map]
// or [Call] uses Python's rule, about four chunks per worker, and a stream
// ([Imap], [ImapUnordered]) starts with chunks of one item and grows them
// until a chunk takes about 2ms of a worker's time. Within a chunk, a
// worker sends results back at least every 2ms, so long chunks still
// stream.
func WithChunkSize(n int) CallOption { return func(o *callOptions) { o.chunk = n } }

// WithCapture hands each task's output to fn instead of forwarding it:
// fn gets the task's index and everything it wrote to stdout and stderr,
// when the task ends, before its result is delivered. Calls of fn do not
// overlap.
func WithCapture(fn func(index int, stdout, stderr []byte)) CallOption {
	return func(o *callOptions) { o.capture = fn }
}
