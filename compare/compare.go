package compare

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"time"
)

// Options says what [Run] measures. Zero fields take the defaults noted.
type Options struct {
	// Self is the command line that starts this program in compare's child
	// mode; the child gets "--cell JSON" or "--run-task JSON" appended and must
	// call [RunCell] or [RunTask]. crew passes {crew, "compare"}.
	Self []string
	// Sizes of the tasks. Default: 16 tasks, 50ms waits, 25ms of hashing.
	Sizes Sizes
	// Jobs is how many tasks the process models run at once. Default: the
	// number of CPUs, the default of crew run and multiprocessing.Pool.
	Jobs int
	// Workloads and Models to run. Default: all of them, in report order.
	// Serial always runs: speed-ups are over it.
	Workloads []Workload
	Models    []Model
	// Python also runs the seed's programs (and CPU-bound twins) with
	// python3, if it is on PATH.
	Python bool
	// PythonWait is what each task of the seed's I/O programs sleeps.
	// Default 0.5s (the seed's programs sleep 1s).
	PythonWait time.Duration
	// PythonLoop is the number of loop iterations of one CPU-bound Python
	// task. Default 10,000,000.
	PythonLoop int
	// Rounds is how many times every cell runs; each reports the run
	// with its median wall time. Default 1; more on a busy machine.
	Rounds int
	// Progress, if not nil, gets a line as each cell finishes.
	Progress io.Writer
}

// DefaultSizes are the sizes [Run] uses for zero fields of Options.Sizes;
// HashBytes is calibrated to about 25ms of hashing when zero.
var DefaultSizes = Sizes{Tasks: 16, Wait: 50 * time.Millisecond}

// DefaultCPUTask is how long one CPU task hashes by default.
const DefaultCPUTask = 25 * time.Millisecond

// Machine describes where the numbers were measured.
type Machine struct {
	Cores      int    `json:"cores"`
	GOMAXPROCS int    `json:"gomaxprocs"`
	OS         string `json:"os"`
	Arch       string `json:"arch"`
	Go         string `json:"go"`
	CPU        string `json:"cpu,omitempty"`
	// Load is the load average (1, 5, 15 minutes) when the run started:
	// above the core count, other programs were competing for the cores.
	Load string `json:"load,omitempty"`
}

// Cell is one measured workload under one model.
type Cell struct {
	Workload Workload `json:"workload"`
	Model    Model    `json:"model"`
	Tasks    int      `json:"tasks"`
	// Jobs is how many tasks ran at once (all of them for goroutines).
	Jobs int `json:"jobs"`
	// Wall is the time from the first task's start to the last's end.
	Wall float64 `json:"wall_s"`
	// Speedup is serial's wall time over this one's, same workload.
	Speedup float64 `json:"speedup"`
	// CPU is user+system time of the cell's process and its children.
	CPU float64 `json:"cpu_s"`
	// Util is CPU / (process wall time × cores): 1 means every core busy.
	Util float64 `json:"cpu_util"`
	// PeakRSS is the peak of the summed resident memory of the cell's
	// process tree in bytes (or the largest process where /proc is absent).
	PeakRSS uint64 `json:"peak_rss_bytes"`
	// Procs is the most processes the cell ran at once, itself included.
	Procs int `json:"procs"`
	// Startup is the part of Wall spent starting the model's workers
	// (the process pool), before the first task.
	Startup float64 `json:"startup_s,omitempty"`
	// PerTask is wall time per task, start-up excluded: for the noop
	// workload, the model's own cost per task.
	PerTask float64 `json:"per_task_s"`
	Err     string  `json:"error,omitempty"`
}

// Report is the result of [Run].
type Report struct {
	Machine Machine `json:"machine"`
	Sizes   Sizes   `json:"sizes"`
	Jobs    int     `json:"jobs"`
	Rounds  int     `json:"rounds"`
	Cells   []Cell  `json:"cells"`
	// Python is the seed's programs run with python3, when asked for and
	// python3 exists.
	Python []PyCell `json:"python,omitempty"`
	// PythonSkipped says why the Python rows are missing, when asked for.
	PythonSkipped string `json:"python_skipped,omitempty"`
}

// Cell returns the cell of workload w under model m, if it ran.
func (r *Report) Cell(w Workload, m Model) (Cell, bool) {
	for _, c := range r.Cells {
		if c.Workload == w && c.Model == m {
			return c, true
		}
	}
	return Cell{}, false
}

func (o *Options) defaults() error {
	if len(o.Self) == 0 {
		return errors.New("compare: Options.Self is empty: no command to start cells with")
	}
	if o.Sizes.Tasks <= 0 {
		o.Sizes.Tasks = DefaultSizes.Tasks
	}
	if o.Sizes.Wait <= 0 {
		o.Sizes.Wait = DefaultSizes.Wait
	}
	if o.Sizes.HashBytes <= 0 {
		o.Sizes.HashBytes = CalibrateHash(DefaultCPUTask)
	}
	if o.Jobs <= 0 {
		o.Jobs = runtime.NumCPU()
	}
	if len(o.Workloads) == 0 {
		o.Workloads = Workloads
	}
	if len(o.Models) == 0 {
		o.Models = Models
	}
	if o.Rounds <= 0 {
		o.Rounds = 1
	}
	if o.PythonWait <= 0 {
		o.PythonWait = 500 * time.Millisecond
	}
	if o.PythonLoop <= 0 {
		o.PythonLoop = 10_000_000
	}
	return nil
}

// Run measures every workload under every model, each cell in a child
// process, one cell at a time. A cell whose tasks fail is reported with its
// error; Run fails only when it cannot start cells at all or ctx ends.
func Run(ctx context.Context, o Options) (*Report, error) {
	if err := o.defaults(); err != nil {
		return nil, err
	}
	r := &Report{Machine: ThisMachine(), Sizes: o.Sizes, Jobs: o.Jobs, Rounds: o.Rounds}
	models := append([]Model{Serial}, without(o.Models, Serial)...)
	type key struct {
		w Workload
		m Model
	}
	runs := map[key][]Cell{}
	// Rounds go over every cell in turn, so a burst of outside load lands
	// on one round of many cells rather than on every round of one.
	for round := range o.Rounds {
		for _, w := range o.Workloads {
			for _, m := range models {
				spec := CellSpec{Model: m, Workload: w, Sizes: o.Sizes, Jobs: o.Jobs, Self: o.Self}
				if w == Noop {
					// Enough empty tasks that the model's own cost shows.
					spec.Sizes.Tasks = o.Sizes.Tasks * 4
				}
				c, err := measureCell(ctx, o.Self, spec)
				if err != nil {
					return nil, err
				}
				runs[key{w, m}] = append(runs[key{w, m}], c)
				if o.Progress != nil {
					fmt.Fprintf(o.Progress, "compare: round %d/%d %-8s %-12s %8.3fs\n", round+1, o.Rounds, w, m, c.Wall)
				}
			}
		}
	}
	for _, w := range o.Workloads {
		serial := medianCell(runs[key{w, Serial}]).Wall
		for _, m := range models {
			c := medianCell(runs[key{w, m}])
			if c.Wall > 0 && serial > 0 {
				c.Speedup = serial / c.Wall
			}
			r.Cells = append(r.Cells, c)
		}
	}
	if o.Python {
		if err := runPython(ctx, &o, r); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// medianCell is the run with the median wall time (a failed run counts
// as the slowest), whole, so its numbers belong together.
func medianCell(cs []Cell) Cell {
	s := slices.Clone(cs)
	slices.SortStableFunc(s, func(a, b Cell) int {
		switch {
		case (a.Err != "") != (b.Err != ""):
			if a.Err != "" {
				return 1
			}
			return -1
		case a.Wall < b.Wall:
			return -1
		case a.Wall > b.Wall:
			return 1
		}
		return 0
	})
	return s[len(s)/2]
}

func without(ms []Model, drop Model) []Model {
	var out []Model
	for _, m := range ms {
		if m != drop {
			out = append(out, m)
		}
	}
	return out
}

// measureCell runs spec in a child and measures it.
func measureCell(ctx context.Context, self []string, spec CellSpec) (Cell, error) {
	c := Cell{Workload: spec.Workload, Model: spec.Model, Tasks: spec.Sizes.Tasks, Jobs: spec.Jobs}
	switch spec.Model {
	case Serial:
		c.Jobs = 1
	case OneCore, Goroutines:
		c.Jobs = spec.Sizes.Tasks
	}
	arg, err := json.Marshal(spec)
	if err != nil {
		return c, err
	}
	cmd := exec.CommandContext(ctx, self[0], append(append([]string{}, self[1:]...), "--cell", string(arg))...)
	cmd.Env = childEnv(spec.Model == OneCore)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return c, fmt.Errorf("compare: start cell %s/%s with %q: %w", spec.Workload, spec.Model, self[0], err)
	}
	sampler := sampleTree(ctx, cmd.Process.Pid, 5*time.Millisecond)
	werr := cmd.Wait()
	wall := time.Since(start)
	peak, procs := sampler.finish()
	if ctx.Err() != nil {
		return c, ctx.Err()
	}
	u := usageOf(cmd.ProcessState)
	c.CPU = u.CPU().Seconds()
	c.Util = c.CPU / wall.Seconds() / float64(runtime.NumCPU())
	c.PeakRSS = max(peak, u.MaxRSS)
	c.Procs = max(procs, 1)
	var o cellOutput
	if jerr := json.Unmarshal(out.Bytes(), &o); jerr != nil || werr != nil {
		c.Err = strings.TrimSpace(fmt.Sprintf("cell failed: %v %s", werr, lastLine(errb.String())))
		return c, nil
	}
	c.Wall = time.Duration(o.WallNS).Seconds()
	c.Startup = time.Duration(o.StartupNS).Seconds()
	c.PerTask = (c.Wall - c.Startup) / float64(max(1, c.Tasks))
	c.Err = o.Err
	return c, nil
}

// childEnv is this process's environment with GOMAXPROCS set to 1 for the
// one-core model and removed otherwise, so other cells use every core.
func childEnv(oneCore bool) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GOMAXPROCS=") {
			env = append(env, kv)
		}
	}
	if oneCore {
		env = append(env, "GOMAXPROCS=1")
	}
	return env
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	return s
}

// ThisMachine describes the machine this process runs on.
func ThisMachine() Machine {
	m := Machine{
		Cores:      runtime.NumCPU(),
		GOMAXPROCS: runtime.GOMAXPROCS(0),
		OS:         runtime.GOOS,
		Arch:       runtime.GOARCH,
		Go:         runtime.Version(),
	}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(b)); len(f) >= 3 {
			m.Load = strings.Join(f[:3], " ")
		}
	}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	return m
}
