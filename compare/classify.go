package compare

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Class is what a task spends its time on.
type Class string

// The classes.
const (
	IOBound  Class = "I/O-bound" // mostly waiting: concurrency pays, far past the core count
	CPUBound Class = "CPU-bound" // mostly computing: parallelism pays, up to the core count
	MixedIO  Class = "mixed"     // both: a few jobs per core
)

// Thresholds on the CPU fraction (user+sys over wall time, one task at a
// time) that [Classify] uses.
const (
	CPUBoundAbove = 0.6
	IOBoundBelow  = 0.25
)

// Sample is a measurement of a command run one at a time, and optionally
// probes of it run several at once.
type Sample struct {
	Runs   int           `json:"runs"`
	Wall   time.Duration `json:"wall_ns"` // total over the runs
	CPU    time.Duration `json:"cpu_ns"`  // user+sys of the runs and their children
	Nvcsw  int64         `json:"voluntary_switches"`
	Nivcsw int64         `json:"involuntary_switches"`
	// CPUShare is the share of a core that a thread wanting to run got
	// while the runs ran (1 on an idle machine; 0 means not measured). On
	// a busy machine a computing command waits for a core, and that wait
	// is neither computing nor I/O: the CPU fraction is divided by it.
	CPUShare float64 `json:"cpu_share,omitempty"`
	Probes   []Probe `json:"probes,omitempty"`
}

// Probe is Jobs copies of the command started at once.
type Probe struct {
	Jobs    int           `json:"jobs"`
	Wall    time.Duration `json:"wall_ns"`
	CPU     time.Duration `json:"cpu_ns"`
	Speedup float64       `json:"speedup"` // Jobs × (one run's wall) / Wall
}

// RawCPUFraction is CPU time over wall time for one run at a time.
func (s Sample) RawCPUFraction() float64 {
	if s.Wall <= 0 {
		return 0
	}
	return s.CPU.Seconds() / s.Wall.Seconds()
}

// CPUFraction is the share of the time it could run that the command
// spent computing, at most 1: about 1 for a task that computes, about 0
// for one that waits. On a busy machine ([Sample.CPUShare] below 1) each
// second of the command's CPU time cost 1/CPUShare seconds of wall time,
// the rest of it waiting for a core; that wait is taken out of the wall
// time. The correction grows with the command's own CPU time, so a
// command that sleeps stays I/O-bound however busy the machine is.
func (s Sample) CPUFraction() float64 {
	if s.Wall <= 0 {
		return 0
	}
	wall := s.Wall.Seconds()
	if s.CPUShare > 0 && s.CPUShare < 1 {
		wall -= s.CPU.Seconds() * (1/s.CPUShare - 1)
	}
	if wall <= s.CPU.Seconds() {
		return 1
	}
	return s.CPU.Seconds() / wall
}

// Classify says what the sampled command spends its time on, from its
// [Sample.CPUFraction]: at least [CPUBoundAbove] is CPU-bound, at most
// [IOBoundBelow] is I/O-bound, between is mixed.
func Classify(s Sample, cores int) Class {
	f := s.CPUFraction()
	switch {
	case f >= CPUBoundAbove:
		return CPUBound
	case f <= IOBoundBelow:
		return IOBound
	}
	return MixedIO
}

// shareMeter measures the share of a core a runnable thread gets: every
// 50ms it spins for 5ms on a locked thread and reads, from the kernel's
// scheduler statistics, its time on a CPU against its time waiting in the
// run queue. Linux only; elsewhere it reports 0 (not measured).
type shareMeter struct {
	stop       chan struct{}
	wg         sync.WaitGroup
	oncpu, all time.Duration
}

func startShareMeter() *shareMeter {
	m := &shareMeter{stop: make(chan struct{})}
	m.wg.Go(func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			run0, wait0, ok := threadSchedstat()
			if !ok {
				return
			}
			start := time.Now()
			for time.Since(start) < 5*time.Millisecond {
			}
			run1, wait1, ok := threadSchedstat()
			if !ok {
				return
			}
			m.oncpu += run1 - run0
			m.all += run1 - run0 + wait1 - wait0
			select {
			case <-m.stop:
				return
			case <-t.C:
			}
		}
	})
	return m
}

// finish stops the meter and returns the share measured (0 if none).
func (m *shareMeter) finish() float64 {
	close(m.stop)
	m.wg.Wait()
	if m.all <= 0 {
		return 0
	}
	return m.oncpu.Seconds() / m.all.Seconds()
}

// threadSchedstat reads this thread's time on a CPU and waiting for one.
func threadSchedstat() (run, wait time.Duration, ok bool) {
	b, err := os.ReadFile("/proc/thread-self/schedstat")
	if err != nil {
		return 0, 0, false
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0, 0, false
	}
	r, err1 := strconv.ParseInt(f[0], 10, 64)
	w, err2 := strconv.ParseInt(f[1], 10, 64)
	return time.Duration(r), time.Duration(w), err1 == nil && err2 == nil
}

// Advice says how to run a command, and the measurement behind it.
type Advice struct {
	Command string  `json:"command"`
	Cores   int     `json:"cores"`
	Sample  Sample  `json:"sample"`
	Class   Class   `json:"class"`
	CPUFrac float64 `json:"cpu_fraction"`
	// Jobs is the suggested number of jobs at once: the cores for CPU-bound
	// work, cores / CPU fraction otherwise (each core kept busy while
	// the other jobs wait), at most 1024.
	Jobs  int    `json:"jobs"`
	Model string `json:"model"`
	Why   string `json:"why"`
}

// AdviseOptions tunes [Advise]. Zero fields take the defaults noted.
type AdviseOptions struct {
	Runs  int      // runs one at a time; default 3
	Cores int      // default runtime.NumCPU()
	Jobs  []int    // probes: copies started at once; default cores and 4×cores
	Shell []string // default {"sh", "-c"}
	// Progress, if not nil, gets a line per measurement.
	Progress func(format string, args ...any)
}

// Advise runs command a few times, one at a time and then several at once,
// classifies it and suggests how to run many of it. It fails if the
// command cannot be started or exits with an error: a broken command's
// timing would mislead.
func Advise(ctx context.Context, command string, o AdviseOptions) (*Advice, error) {
	if strings.TrimSpace(command) == "" {
		return nil, errors.New("advise: empty command")
	}
	if o.Runs <= 0 {
		o.Runs = 3
	}
	if o.Cores <= 0 {
		o.Cores = runtime.NumCPU()
	}
	if len(o.Jobs) == 0 {
		o.Jobs = []int{o.Cores, 4 * o.Cores}
	}
	if len(o.Shell) == 0 {
		o.Shell = []string{"sh", "-c"}
	}
	progress := o.Progress
	if progress == nil {
		progress = func(string, ...any) {}
	}
	var s Sample
	meter := startShareMeter()
	for i := range o.Runs {
		start := time.Now()
		u, err := runShell(ctx, o.Shell, command)
		if err != nil {
			meter.finish()
			return nil, err
		}
		wall := time.Since(start)
		s.Runs++
		s.Wall += wall
		s.CPU += u.CPU()
		s.Nvcsw += u.Nvcsw
		s.Nivcsw += u.Nivcsw
		progress("run %d/%d alone: wall %v, cpu %v", i+1, o.Runs, wall.Round(time.Millisecond), u.CPU().Round(time.Millisecond))
	}
	s.CPUShare = meter.finish()
	if s.CPUShare > 0 && s.CPUShare < 0.9 {
		progress("a thread got %.0f%% of a core meanwhile: the machine is busy", 100*s.CPUShare)
	}
	one := s.Wall / time.Duration(s.Runs)
	for _, j := range o.Jobs {
		p, err := probe(ctx, o.Shell, command, j)
		if err != nil {
			return nil, err
		}
		if p.Wall > 0 {
			p.Speedup = float64(j) * one.Seconds() / p.Wall.Seconds()
		}
		s.Probes = append(s.Probes, p)
		progress("%d at once: wall %v, cpu %v, speed-up %.1fx", j, p.Wall.Round(time.Millisecond), p.CPU.Round(time.Millisecond), p.Speedup)
	}
	return advise(command, s, o.Cores), nil
}

// advise turns a sample into advice.
func advise(command string, s Sample, cores int) *Advice {
	a := &Advice{Command: command, Cores: cores, Sample: s, Class: Classify(s, cores), CPUFrac: s.CPUFraction()}
	one := time.Duration(0)
	if s.Runs > 0 {
		one = s.Wall / time.Duration(s.Runs)
	}
	measured := fmt.Sprintf("one run alone takes %v of wall time and uses the CPU %.0f%% of it", one.Round(time.Millisecond), 100*s.RawCPUFraction())
	if s.CPUShare > 0 && s.CPUShare < 0.9 {
		measured += fmt.Sprintf(" while the busy machine gave a runnable thread %.0f%% of a core, so it computes %.0f%% of the time it can run", 100*s.CPUShare, 100*a.CPUFrac)
	}
	var probes []string
	for _, p := range s.Probes {
		probes = append(probes, fmt.Sprintf("%d at once ran %.1fx faster than one after another", p.Jobs, p.Speedup))
	}
	if len(probes) > 0 {
		measured += "; " + strings.Join(probes, ", ")
	}
	switch a.Class {
	case CPUBound:
		a.Jobs = cores
		a.Model = fmt.Sprintf("parallelism: crew run -j %d (one job per core); in Go, goroutines on all cores or a proc.Pool", cores)
		a.Why = measured + fmt.Sprintf(": it computes, so more jobs than the %d cores only take turns", cores)
	case IOBound:
		a.Jobs = jobsFor(a.CPUFrac, cores)
		a.Model = fmt.Sprintf("concurrency: crew run -j %d (or -j auto); in Go, goroutines (crew.Group), even with GOMAXPROCS=1", a.Jobs)
		a.Why = measured + ": it mostly waits, so many jobs overlap their waiting; each core can keep about 1/CPU-fraction of them busy"
	default:
		a.Jobs = jobsFor(a.CPUFrac, cores)
		a.Model = fmt.Sprintf("both: crew run -j %d (or -j auto), about %d jobs per core", a.Jobs, max(1, a.Jobs/cores))
		a.Why = measured + ": it computes part of the time and waits the rest, so a few jobs per core keep the cores busy"
	}
	return a
}

// jobsFor is cores / CPU fraction, the jobs that keep every core busy when
// each job computes that fraction of its time, within [cores, 1024].
func jobsFor(f float64, cores int) int {
	if f <= 0 {
		return 1024
	}
	return int(math.Min(1024, math.Max(float64(cores), math.Round(float64(cores)/f))))
}

func runShell(ctx context.Context, shell []string, command string) (usage, error) {
	cmd := exec.CommandContext(ctx, shell[0], append(append([]string{}, shell[1:]...), command)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return usage{}, ctx.Err()
		}
		return usage{}, fmt.Errorf("advise: command %q failed: %w %s", command, err, lastLine(stderr.String()))
	}
	return usageOf(cmd.ProcessState), nil
}

// probe starts j copies at once and measures the round.
func probe(ctx context.Context, shell []string, command string, j int) (Probe, error) {
	p := Probe{Jobs: j}
	var mu sync.Mutex
	var wg sync.WaitGroup
	var firstErr error
	start := time.Now()
	for range j {
		wg.Go(func() {
			u, err := runShell(ctx, shell, command)
			mu.Lock()
			defer mu.Unlock()
			if err != nil && firstErr == nil {
				firstErr = err
			}
			p.CPU += u.CPU()
		})
	}
	wg.Wait()
	p.Wall = time.Since(start)
	return p, firstErr
}

// String is the advice in a few lines for a person.
func (a *Advice) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s is %s.\n", a.Command, a.Class)
	fmt.Fprintf(&b, "Use %s.\n", a.Model)
	fmt.Fprintf(&b, "Measured on %d cores: %s.\n", a.Cores, a.Why)
	return b.String()
}
