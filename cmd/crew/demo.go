package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/crewrun/crew/examples/seed"
	"github.com/spf13/cobra"
)

// demoOptions are the flags of "crew demo".
type demoOptions struct {
	examples []string
	tasks    int
	delay    time.Duration
}

// demoProgram is one of the seed's programs as crew runs it.
type demoProgram struct {
	name   string // flag value
	python string // what the seed used
	goWay  string // what crew uses instead
	run    func(ctx context.Context, w io.Writer, tasks int, delay time.Duration) error
}

// demoPrograms lists the seed's programs in the seed's order.
var demoPrograms = []demoProgram{
	{
		name:   "threads",
		python: "threading.Thread + join",
		goWay:  "crew.Group: Go + Wait",
		run: func(_ context.Context, w io.Writer, n int, d time.Duration) error {
			return seed.Threads(w, n, d)
		},
	},
	{
		name:   "asyncio",
		python: "asyncio.gather of coroutines",
		goWay:  "crew.Async + crew.Gather",
		run:    seed.Asyncio,
	},
	{
		name:   "processes",
		python: "multiprocessing.Pool(3).starmap",
		goWay:  "proc.Pool + proc.Map",
		run:    demoProcesses,
	},
}

func newDemoCmd(s *streams) *cobra.Command {
	o := &demoOptions{}
	names := make([]string, len(demoPrograms))
	for i, p := range demoPrograms {
		names[i] = p.name
	}
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Run the seed's programs in Go and time them",
		Long: `Run the programs of crew's seed document, "Concurrency vs Parallelism", written
in Go with crew, and print each one's output and measured wall time. Each
program starts --tasks tasks that print "Task i: starting", sleep for --delay,
and print "Task i: finishing"; then it prints "All tasks completed.". Run
together, the tasks take about one delay, not tasks × delay.

The programs (the seed's Python -> crew's Go):
  ` + strings.Join(demoProgramLines(), "\n  ") + `

The same programs are standalone main packages under examples/seed/.`,
		Example: `  crew demo
  crew demo --example threads
  crew demo --example asyncio --tasks 100 --delay 200ms`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDemo(cmd.Context(), s.out, o)
		},
	}
	cmd.Flags().StringSliceVarP(&o.examples, "example", "e", nil,
		"run only these programs (comma-separated): "+strings.Join(names, ", "))
	cmd.Flags().IntVarP(&o.tasks, "tasks", "n", 3, "number of tasks each program starts")
	cmd.Flags().DurationVarP(&o.delay, "delay", "d", time.Second, "how long each task sleeps")
	return cmd
}

func demoProgramLines() []string {
	lines := make([]string, len(demoPrograms))
	for i, p := range demoPrograms {
		lines[i] = fmt.Sprintf("%-10s %-30s -> %s", p.name, p.python, p.goWay)
	}
	return lines
}

// runDemo runs the chosen programs, each followed by its wall time, then
// explains how Go differs from the seed's Python.
func runDemo(ctx context.Context, w io.Writer, o *demoOptions) error {
	if o.tasks < 1 {
		return fmt.Errorf("demo: bad --tasks %d: want 1 or more", o.tasks)
	}
	if o.delay < 0 {
		return fmt.Errorf("demo: bad --delay %v: want 0 or more", o.delay)
	}
	chosen := demoPrograms
	if len(o.examples) > 0 {
		chosen = nil
		for _, name := range o.examples {
			i := slices.IndexFunc(demoPrograms, func(p demoProgram) bool { return p.name == name })
			if i < 0 {
				return fmt.Errorf("demo: unknown --example %q: want one of %s", name, strings.Join(demoProgramNames(), ", "))
			}
			chosen = append(chosen, demoPrograms[i])
		}
	}
	for i, p := range chosen {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "== %s: %s (Python: %s)\n", p.name, p.goWay, p.python)
		start := time.Now()
		if err := p.run(ctx, w, o.tasks, o.delay); err != nil {
			return fmt.Errorf("demo %s: %w", p.name, err)
		}
		wall := time.Since(start)
		fmt.Fprintf(w, "-- %d tasks of %v each took %v in all (%.1f× faster than one after another)\n",
			o.tasks, o.delay, wall.Round(time.Millisecond), speedUp(o.tasks, o.delay, wall))
	}
	fmt.Fprintf(w, "\n%s", demoDifferences())
	return nil
}

func demoProgramNames() []string {
	names := make([]string, len(demoPrograms))
	for i, p := range demoPrograms {
		names[i] = p.name
	}
	return names
}

// speedUp is how many times faster than running the tasks serially.
func speedUp(tasks int, delay, wall time.Duration) float64 {
	if wall <= 0 {
		return 0
	}
	return float64(time.Duration(tasks)*delay) / float64(wall)
}

// demoDifferences is the honest part: what changes when the seed's ideas move
// from Python to Go.
func demoDifferences() string {
	return fmt.Sprintf(`How Go differs from the seed's Python:
- No GIL. Goroutines run on all %d cores of this machine (GOMAXPROCS=%d), so
  the Group that overlaps tasks that wait also runs tasks that compute in
  parallel. Python threads overlap only the waiting.
- No separate async world. asyncio needs coroutines and an event loop on one
  thread; in Go any function can block, the runtime parks only its goroutine,
  and crew.Async/Gather give asyncio's futures and gather on plain functions.
- Processes are for isolation, not speed. Python needs multiprocessing to use
  more than one core; Go does not. A process pool (crew/proc) is for tasks that
  must be killable, memory-capped, or kept away from each other when they crash.
- Sleeping tasks show concurrency only. "crew compare" measures waiting and
  computing tasks under each model on this machine.
`, runtime.NumCPU(), runtime.GOMAXPROCS(0))
}
