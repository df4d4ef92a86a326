package compare

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/crewrun/crew"
	"github.com/crewrun/crew/run"
)

// Model names a way of running many tasks.
type Model string

// The models, from the seed's table: one task at a time; concurrency on one
// core (interleaved, as under Python's GIL); goroutines on every core; a
// pool of worker processes (multiprocessing.Pool); and a child process per
// task (crew run, xargs -P).
const (
	Serial     Model = "serial"
	OneCore    Model = "gomaxprocs1"
	Goroutines Model = "goroutines"
	Pool       Model = "proc-pool"
	Processes  Model = "processes"
)

// Models lists the models in report order.
var Models = []Model{Serial, OneCore, Goroutines, Pool, Processes}

// Title is the model's column heading.
func (m Model) Title(jobs int) string {
	switch m {
	case Serial:
		return "serial"
	case OneCore:
		return "goroutines, GOMAXPROCS=1"
	case Goroutines:
		return "goroutines, all cores"
	case Pool:
		return fmt.Sprintf("proc pool (%d workers)", jobs)
	case Processes:
		return fmt.Sprintf("crew run -j %d", jobs)
	}
	return string(m)
}

// CellSpec is one cell of the table: a workload under a model. A child
// process runs it ([RunCell]) so that the operating system accounts for
// its CPU time and memory alone.
type CellSpec struct {
	Model    Model    `json:"model"`
	Workload Workload `json:"workload"`
	Sizes    Sizes    `json:"sizes"`
	// Jobs is how many tasks the process models run at once; the
	// goroutine models run every task at once, as the seed's threads do.
	Jobs int `json:"jobs"`
	// Self is the command line that runs one task in a new process (with
	// "--run-task SPEC INDEX" appended, SPEC as [DecodeTaskSpec] reads it),
	// for the Processes model.
	Self []string `json:"self,omitempty"`
}

// TaskSpec is one task run by a process of its own.
type TaskSpec struct {
	Workload Workload `json:"workload"`
	Sizes    Sizes    `json:"sizes"`
	URL      string   `json:"url,omitempty"` // the io-http server
}

// cellOutput is what a cell's child prints on its standard output.
type cellOutput struct {
	WallNS    int64  `json:"wall_ns"`
	StartupNS int64  `json:"startup_ns,omitempty"` // pool start-up, part of WallNS
	Err       string `json:"err,omitempty"`
}

// RunCell runs the cell spec in this process and writes its wall time as
// JSON to out. The parent reads CPU time and memory from the operating
// system when the process ends. Task errors are reported in the JSON, not
// returned; the error is for a spec that cannot run.
func RunCell(ctx context.Context, spec CellSpec, out io.Writer) error {
	if spec.Sizes.Tasks <= 0 {
		return fmt.Errorf("cell %s/%s: %d tasks, want at least 1", spec.Model, spec.Workload, spec.Sizes.Tasks)
	}
	var url string
	var client *http.Client
	if spec.Workload == HTTP {
		srv, err := startServer(spec.Sizes.Wait)
		if err != nil {
			return err
		}
		defer srv.close()
		url = srv.URL
		client = newClient(spec.Sizes.Tasks)
		defer client.CloseIdleConnections()
	}
	t, err := newTask(spec.Workload, spec.Sizes, client, url)
	if err != nil {
		return err
	}
	ts := TaskSpec{Workload: spec.Workload, Sizes: spec.Sizes, URL: url}

	start := time.Now()
	var startup time.Duration
	switch spec.Model {
	case Serial:
		err = runSerial(ctx, spec.Sizes.Tasks, t)
	case OneCore, Goroutines:
		err = runGoroutines(ctx, spec.Sizes.Tasks, t)
	case Pool:
		startup, err = runPool(ctx, spec.Sizes.Tasks, max(1, spec.Jobs), ts)
	case Processes:
		err = runProcesses(ctx, spec.Sizes.Tasks, max(1, spec.Jobs), spec.Self, ts)
	default:
		return fmt.Errorf("unknown model %q: want one of %v", spec.Model, Models)
	}
	o := cellOutput{WallNS: int64(time.Since(start)), StartupNS: int64(startup)}
	if err != nil {
		o.Err = err.Error()
	}
	return json.NewEncoder(out).Encode(o)
}

// RunTask runs one task in this process: the child of the Processes model.
func RunTask(ctx context.Context, spec TaskSpec) error {
	var client *http.Client
	if spec.Workload == HTTP {
		client = newClient(1)
		defer client.CloseIdleConnections()
	}
	t, err := newTask(spec.Workload, spec.Sizes, client, spec.URL)
	if err != nil {
		return err
	}
	return t(ctx)
}

func runSerial(ctx context.Context, n int, t task) error {
	var errs []error
	for range n {
		if err := t(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// runGoroutines starts every task at once on a crew.Group without a limit,
// as the seed starts a thread per task; under GOMAXPROCS=1 they interleave
// on one core.
func runGoroutines(ctx context.Context, n int, t task) error {
	var g crew.Group
	for range n {
		g.Go(func(context.Context) error { return t(ctx) })
	}
	return g.Wait()
}

// runProcesses runs one child process per task, jobs at a time, through
// crew run's engine: the command is self with the task spec (base64, so no
// braces look like replacement strings) and each job's input is its index.
func runProcesses(ctx context.Context, n, jobs int, self []string, ts TaskSpec) error {
	if len(self) == 0 {
		return errors.New("processes model: no command to start a task with")
	}
	arg, err := json.Marshal(ts)
	if err != nil {
		return err
	}
	argv := []string{"-j", strconv.Itoa(jobs), "-q"}
	argv = append(argv, self...)
	argv = append(argv, "--run-task", base64.RawURLEncoding.EncodeToString(arg), ":::")
	for i := range n {
		argv = append(argv, strconv.Itoa(i))
	}
	o, err := run.ParseArgs(argv)
	if err != nil {
		return fmt.Errorf("processes model: %w", err)
	}
	var stderr strings.Builder
	sum, err := run.Run(ctx, o, run.Stdio{Stdout: io.Discard, Stderr: &stderr})
	if err != nil {
		return fmt.Errorf("processes model: %w", err)
	}
	if sum.Failed > 0 {
		return fmt.Errorf("processes model: %d of %d tasks failed: %s", sum.Failed, n, lastLine(stderr.String()))
	}
	return nil
}

// DecodeTaskSpec decodes the --run-task argument the processes model
// passes: base64 (URL alphabet, no padding) of the JSON of a [TaskSpec].
func DecodeTaskSpec(s string) (TaskSpec, error) {
	var ts TaskSpec
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return ts, fmt.Errorf("task spec %q: %w", s, err)
	}
	if err := json.Unmarshal(b, &ts); err != nil {
		return ts, fmt.Errorf("task spec %q: %w", s, err)
	}
	return ts, nil
}
