package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/crewrun/crew/compare"
	"github.com/spf13/cobra"
)

// compareOptions are crew compare's flags.
type compareOptions struct {
	tasks      int
	wait       time.Duration
	cpuTask    time.Duration
	jobs       int
	workloads  []string
	models     []string
	json       bool
	svg, png   string
	python     bool
	pythonWait time.Duration
	pythonLoop int
	rounds     int
	quiet      bool

	// advice
	task   string
	advise adviseOptions

	// child modes, started by crew compare itself
	cell, runTask string
}

func newCompareCmd(s *streams) *cobra.Command {
	o := &compareOptions{}
	cmd := &cobra.Command{
		Use:   "compare",
		Short: "Measure concurrency vs parallelism on this machine (the seed's table, with numbers)",
		Long: `crew compare runs the same workloads under each execution model and prints the
seed's "Key Differences" table with numbers measured on this machine:

  workloads  io-sleep (tasks sleep), io-http (GETs to a loopback server that
             waits before answering), cpu (SHA-256 hashing), mixed (half of
             each), noop (empty tasks: the model's own cost per task)
  models     serial; goroutines with GOMAXPROCS=1 (interleaved on one core,
             the closest Go gets to Python's GIL); goroutines on all cores;
             the proc process pool; one child process per task (crew run)

Each cell runs in a child process, so CPU time (user+sys) and memory come
from the operating system. Speed-ups are over serial, same workload.

With --task 'CMD' it measures your command instead and advises which model
and how many jobs to use (the same as crew advise CMD).`,
		Example: `  crew compare
  crew compare --tasks 32 --wait 20ms --cpu-task 10ms
  crew compare --json > compare.json
  crew compare --svg compare.svg --python
  crew compare --rounds 3            # medians of 3 interleaved rounds: steadier on a busy machine
  crew compare --task 'gzip -9 < big.log > /dev/null'`,
		Args: func(cmd *cobra.Command, args []string) error {
			if o.runTask != "" {
				return nil // crew run appends the task's index
			}
			return cobra.NoArgs(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return o.run(cmd, s)
		},
	}
	f := cmd.Flags()
	f.IntVar(&o.tasks, "tasks", compare.DefaultSizes.Tasks, "tasks per cell")
	f.DurationVar(&o.wait, "wait", compare.DefaultSizes.Wait, "what one I/O task waits")
	f.DurationVar(&o.cpuTask, "cpu-task", compare.DefaultCPUTask, "how long one CPU task hashes (calibrated on this machine)")
	f.IntVarP(&o.jobs, "jobs", "j", 0, "tasks the process models run at once (default: number of CPUs)")
	f.StringSliceVar(&o.workloads, "workloads", nil, "workloads to run (default all): io-sleep,io-http,cpu,mixed,noop")
	f.StringSliceVar(&o.models, "models", nil, "models to run (default all): serial,gomaxprocs1,goroutines,proc-pool,processes")
	f.BoolVar(&o.json, "json", false, "print the report as JSON")
	f.StringVar(&o.svg, "svg", "", "write a chart of the speed-ups to this SVG file")
	f.StringVar(&o.png, "png", "", "write a chart of the speed-ups to this PNG file")
	f.BoolVar(&o.python, "python", false, "also run the seed's Python programs (and CPU-bound twins) with python3")
	f.DurationVar(&o.pythonWait, "python-wait", 500*time.Millisecond, "what each task of the seed's Python programs sleeps")
	f.IntVar(&o.pythonLoop, "python-loop", 10_000_000, "loop iterations of one CPU-bound Python task")
	f.IntVar(&o.rounds, "rounds", 1, "run every cell this many times, interleaved, and report each one's median (more on a busy machine)")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "no progress lines on stderr")
	f.StringVar(&o.task, "task", "", "measure this shell command instead and advise how to run it")
	o.advise.flags(cmd)
	f.StringVar(&o.cell, "cell", "", "run one cell (JSON); crew compare starts itself with it")
	f.StringVar(&o.runTask, "run-task", "", "run one task (base64 JSON); the processes model starts crew with it")
	f.MarkHidden("cell")
	f.MarkHidden("run-task")
	return cmd
}

func (o *compareOptions) run(cmd *cobra.Command, s *streams) error {
	ctx := cmd.Context()
	switch {
	case o.cell != "":
		var spec compare.CellSpec
		if err := json.Unmarshal([]byte(o.cell), &spec); err != nil {
			return fmt.Errorf("compare: bad --cell %q: %w", o.cell, err)
		}
		return compare.RunCell(ctx, spec, s.out)
	case o.runTask != "":
		spec, err := compare.DecodeTaskSpec(o.runTask)
		if err != nil {
			return fmt.Errorf("compare: bad --run-task: %w", err)
		}
		return compare.RunTask(ctx, spec)
	case o.task != "":
		o.advise.json = o.json
		o.advise.quiet = o.quiet
		return o.advise.run(cmd, s, o.task)
	}

	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("compare: cannot find the crew binary to start cells with: %w", err)
	}
	if o.tasks < 1 {
		return fmt.Errorf("compare: bad --tasks %d: want at least 1", o.tasks)
	}
	if o.rounds < 1 {
		return fmt.Errorf("compare: bad --rounds %d: want at least 1", o.rounds)
	}
	if o.wait <= 0 || o.cpuTask <= 0 {
		return errors.New("compare: --wait and --cpu-task must be positive")
	}
	opts := compare.Options{
		Self:       []string{self, "compare"},
		Sizes:      compare.Sizes{Tasks: o.tasks, Wait: o.wait, HashBytes: compare.CalibrateHash(o.cpuTask)},
		Jobs:       o.jobs,
		Python:     o.python,
		PythonWait: o.pythonWait,
		PythonLoop: o.pythonLoop,
		Rounds:     o.rounds,
	}
	for _, w := range o.workloads {
		if !contains(compare.Workloads, compare.Workload(w)) {
			return fmt.Errorf("compare: bad --workloads value %q: want one of %s", w, joinNames(compare.Workloads))
		}
		opts.Workloads = append(opts.Workloads, compare.Workload(w))
	}
	for _, m := range o.models {
		if !contains(compare.Models, compare.Model(m)) {
			return fmt.Errorf("compare: bad --models value %q: want one of %s", m, joinNames(compare.Models))
		}
		opts.Models = append(opts.Models, compare.Model(m))
	}
	if !o.quiet {
		opts.Progress = s.errOut
	}
	r, err := compare.Run(ctx, opts)
	if err != nil {
		return err
	}
	for _, chart := range []string{o.svg, o.png} {
		if chart == "" {
			continue
		}
		if err := r.SaveChart(chart); err != nil {
			return fmt.Errorf("compare: %w", err)
		}
	}
	if o.json {
		return r.WriteJSON(s.out)
	}
	return r.WriteTable(s.out)
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func joinNames[T ~string](list []T) string {
	var parts []string
	for _, x := range list {
		parts = append(parts, string(x))
	}
	return strings.Join(parts, ", ")
}
