// Command auto benchmarks crew's adaptive limit against a sweep of fixed
// limits, in one run: crew.Group with crew.Limit(n) for n in the sweep, and
// crew.Auto(), on a CPU-bound workload (SHA-256 of 2 MiB, about
// 1.2ms a task) and an I/O-bound one (tasks sleeping 50ms). With -run it
// does the same for crew run -j N against crew run -j auto, on jobs that
// sleep 50ms and jobs that spin in sh.
//
// Each Group point feeds tasks as fast as the group takes them for -d (auto
// gets -auto-d, as it must first find its limit), then cancels the rest.
// Points run in -rounds interleaved rounds; each reports its median and its
// best round (the least disturbed by other programs on a shared machine).
// Throughput is tasks finished per second; for auto it is also given over
// the second half of its run (after it has settled), and "in flight" is the
// median, over 10ms ticks in that half, of the most tasks running at once
// in a tick, measured from outside. The crew run points read each job's start and run time from
// --joblog.
//
//	cd bench && go run ./auto                          # ≈ 1 min, markdown on stdout
//	cd bench && go run ./auto -run ../crew             # also crew run (a built crew binary)
//	cd bench && go run ./auto -group=false -run ../crew
package main

import (
	"cmp"
	"context"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/crewrun/crew"
)

type workload struct {
	name  string
	task  func(ctx context.Context) error
	sweep []int
	autoD time.Duration // how long auto runs: long enough to settle, and then as long again
}

var buf = make([]byte, 2<<20)

func cpuTask(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	sha256.Sum256(buf)
	return nil
}

func sleepTask(ctx context.Context) error {
	t := time.NewTimer(50 * time.Millisecond)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// result is one point of the sweep, or auto.
type result struct {
	label    string
	limit    int // auto for crew.Auto()
	tput     float64
	steady   float64 // auto: over the second half
	inflight int     // auto: median in flight over the second half
}

// auto stands for crew.Auto() among the limits.
const auto = -1

// measure runs w's task through a group limited by limit for d.
func measure(w workload, limit int, d time.Duration) result {
	var done, running, peak atomic.Int64
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	lim := crew.Auto()
	if limit != auto {
		lim = crew.Limit(limit)
	}
	g, gctx := crew.WithContext(ctx, lim, crew.KeepGoing())
	task := func(ctx context.Context) error {
		n := running.Add(1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		err := w.task(ctx)
		running.Add(-1)
		if err == nil {
			done.Add(1)
		}
		return err
	}

	start := time.Now()
	half := start.Add(d / 2)
	var doneAtHalf int64
	var samples []int64
	var smu sync.Mutex
	stop := make(chan struct{})
	var sampler sync.WaitGroup
	sampler.Go(func() {
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		halfSeen := false
		for {
			select {
			case <-stop:
				return
			case now := <-t.C:
				if now.After(half) {
					if !halfSeen {
						doneAtHalf = done.Load()
						halfSeen = true
					}
					smu.Lock()
					// The most tasks at once since the last tick: a
					// tick only lands between tasks, so a snapshot
					// would undercount short tasks.
					samples = append(samples, peak.Swap(running.Load()))
					smu.Unlock()
				}
			}
		}
	})
	deadline := start.Add(d)
	for gctx.Err() == nil && time.Now().Before(deadline) {
		g.Go(task)
	}
	end := time.Now()
	total := done.Load()
	close(stop)
	sampler.Wait()
	g.Cancel(errors.New("time is up"))
	g.Wait()

	r := result{limit: limit, tput: float64(total) / end.Sub(start).Seconds()}
	r.steady = float64(total-doneAtHalf) / end.Sub(half).Seconds()
	if len(samples) > 0 {
		slices.Sort(samples)
		r.inflight = int(samples[len(samples)/2])
	}
	return r
}

func main() {
	d := flag.Duration("d", 500*time.Millisecond, "how long each fixed limit runs")
	autoD := flag.Duration("auto-d", 0, "how long auto runs (default 1.5s for CPU-bound, 4s for I/O-bound)")
	rounds := flag.Int("rounds", 5, "rounds over all points; each point reports its median")
	runBin := flag.String("run", "", "also benchmark crew run -j N vs -j auto with this crew binary")
	group := flag.Bool("group", true, "benchmark crew.Group (false: only crew run, with -run)")
	flag.Parse()

	cores := runtime.NumCPU()
	load, _ := os.ReadFile("/proc/loadavg")
	fmt.Printf("%d cores, GOMAXPROCS %d, %s/%s, %s; load average before: %s\n",
		cores, runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH, runtime.Version(), strings.Join(strings.Fields(string(load))[:3], " "))
	fmt.Printf("command: go run ./auto %s\n\n", strings.Join(os.Args[1:], " "))

	workloads := []workload{
		{"CPU-bound (SHA-256 of 2 MiB)", cpuTask, []int{1, 2, 3, 4, 8, 16, 64}, 1500 * time.Millisecond},
		{"I/O-bound (sleep 50ms)", sleepTask, []int{1, 8, 64, 128, 256, 512, 1024}, 4 * time.Second},
	}
	if !*group {
		workloads = nil
	}
	for _, w := range workloads {
		// Rounds interleave the points (rotating which goes first), so a
		// burst of outside load does not land on one point only; each
		// point reports its median and its best round.
		limits := append(slices.Clone(w.sweep), auto)
		per := make([][]result, len(limits))
		for round := range *rounds {
			for k := range limits {
				i := (k + round) % len(limits)
				n := limits[i]
				dd := *d
				if n == auto {
					dd = cmp.Or(*autoD, w.autoD)
				}
				r := measure(w, n, dd)
				per[i] = append(per[i], r)
				fmt.Fprintf(os.Stderr, "round %d %s limit %d: %.0f/s (steady %.0f/s, in flight %d)\n", round+1, w.name, n, r.tput, r.steady, r.inflight)
			}
		}
		var fixed []summary
		for i, n := range limits[:len(limits)-1] {
			fixed = append(fixed, summarize(fmt.Sprintf("Limit(%d)", n), n, per[i]))
		}
		a := summarize("Limit(Auto)", auto, per[len(limits)-1])
		writeTable(os.Stdout, w.name, "tasks/s", fixed, a, *rounds)
	}
	if *runBin != "" {
		if err := benchRun(*runBin, cores, *rounds); err != nil {
			fmt.Fprintln(os.Stderr, "auto:", err)
			os.Exit(1)
		}
	}
}

// summary is one point over its rounds: the round with the median
// throughput, and the best round's numbers (the least disturbed by other
// programs on a shared machine, as hyperfine's minimum time is).
type summary struct {
	label     string
	limit     int
	med       result  // the round with the median throughput
	medSteady float64 // median second-half throughput (auto)
	top       float64 // best throughput of a round
	topSteady float64 // best second-half throughput of a round (auto)
}

func summarize(label string, limit int, rs []result) summary {
	s := slices.Clone(rs)
	slices.SortFunc(s, func(a, b result) int { return cmp.Compare(a.tput, b.tput) })
	sum := summary{label: label, limit: limit, med: s[len(s)/2]}
	slices.SortFunc(s, func(a, b result) int { return cmp.Compare(a.steady, b.steady) })
	sum.medSteady = s[len(s)/2].steady
	for _, r := range rs {
		sum.top = max(sum.top, r.tput)
		sum.topSteady = max(sum.topSteady, r.steady)
	}
	return sum
}

// writeTable prints the fixed points and auto, each as a share of the best
// fixed point, by median and by best round.
func writeTable(w io.Writer, title, unit string, fixed []summary, a summary, rounds int) {
	bestMed, bestTop := fixed[0], fixed[0]
	for _, p := range fixed {
		if p.med.tput > bestMed.med.tput {
			bestMed = p
		}
		if p.top > bestTop.top {
			bestTop = p
		}
	}
	fmt.Fprintf(w, "### %s\n\n", title)
	fmt.Fprintf(w, "| limit | %s, median of %d | vs best fixed | %s, best of %d | vs best fixed |\n|---|---:|---:|---:|---:|\n", unit, rounds, unit, rounds)
	for _, p := range fixed {
		fmt.Fprintf(w, "| %s | %.0f | %.0f%% | %.0f | %.0f%% |\n", p.label, p.med.tput, 100*p.med.tput/bestMed.med.tput, p.top, 100*p.top/bestTop.top)
	}
	fmt.Fprintf(w, "| **%s**, whole run | %.0f | %.0f%% | %.0f | %.0f%% |\n", a.label, a.med.tput, 100*a.med.tput/bestMed.med.tput, a.top, 100*a.top/bestTop.top)
	fmt.Fprintf(w, "| **%s**, second half (settled) | %.0f | **%.0f%%** | %.0f | **%.0f%%** |\n\n", a.label, a.medSteady, 100*a.medSteady/bestMed.med.tput, a.topSteady, 100*a.topSteady/bestTop.top)
	fmt.Fprintf(w, "Best fixed: %s by median, %s by best round. %s ran a median of **%d** at once over its second half.\n\n", bestMed.label, bestTop.label, a.label, a.med.inflight)
}

// benchRun times crew run over commands that sleep 50ms and commands that
// compute, at fixed -j and at -j auto, in interleaved rounds (each point
// reports its median). Fixed points run 40 rounds of jobs (at least 200);
// auto runs more, to have a second half after its ramp.
// Throughput comes from crew run's --joblog (each job's start and run
// time), so auto's second half can be told apart.
func benchRun(bin string, cores, rounds int) error {
	type job struct {
		name  string
		cmd   []string
		sweep []int
		auto  int
	}
	jobs := []job{
		{"crew run, I/O-bound (sleep 0.05)", []string{"sleep", "0.05"}, []int{cores, 16, 64, 128, 256}, 10000},
		{"crew run, CPU-bound (sh busy loop)", []string{"sh", "-c", "i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done"}, []int{1, cores, 4, 8, 16}, 600},
	}
	dir, err := os.MkdirTemp("", "crew-bench-auto")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	for _, j := range jobs {
		points := append(slices.Clone(j.sweep), auto)
		per := make([][]result, len(points))
		for round := range rounds {
			for k := range points {
				i := (k + round) % len(points)
				n := points[i]
				count, jv := min(max(200, 40*n), 4000), strconv.Itoa(n)
				if n == auto {
					count, jv = j.auto, "auto"
				}
				joblog := filepath.Join(dir, "joblog")
				args := append([]string{"run", "-N0", "-j", jv, "--joblog", joblog}, j.cmd...)
				cmd := exec.Command(bin, args...)
				cmd.Stdin = strings.NewReader(strings.Repeat("x\n", count))
				cmd.Stdout = io.Discard
				var stderr strings.Builder
				cmd.Stderr = &stderr
				if err := cmd.Run(); err != nil {
					return fmt.Errorf("%s -j %s: %w: %s", bin, jv, err, stderr.String())
				}
				all, second, inflight, err := joblogRates(joblog)
				if err != nil {
					return err
				}
				r := result{label: "-j " + jv, limit: n, tput: all, steady: second, inflight: inflight}
				fmt.Fprintf(os.Stderr, "round %d %s %s: %d jobs, %.0f/s (second half %.0f/s, %d running)\n", round+1, j.name, r.label, count, all, second, inflight)
				per[i] = append(per[i], r)
			}
		}
		var fixed []summary
		for i, n := range points[:len(points)-1] {
			fixed = append(fixed, summarize("-j "+strconv.Itoa(n), n, per[i]))
		}
		a := summarize("-j auto", auto, per[len(points)-1])
		writeTable(os.Stdout, j.name, "jobs/s", fixed, a, rounds)
	}
	return nil
}

// joblogRates reads a GNU parallel joblog and returns jobs per second over
// the whole run (first start to last end) and over its second half (jobs
// ending then, over that time), and the median number of jobs running at
// 100 instants of the second half.
func joblogRates(path string) (all, second float64, inflight int, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, 0, 0, err
	}
	var starts, ends []float64
	first := math.Inf(1)
	for i, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.Split(line, "\t")
		if i == 0 || len(f) < 4 {
			continue // header
		}
		start, err1 := strconv.ParseFloat(strings.TrimSpace(f[2]), 64)
		run, err2 := strconv.ParseFloat(strings.TrimSpace(f[3]), 64)
		if err1 != nil || err2 != nil {
			return 0, 0, 0, fmt.Errorf("joblog %s: bad line %q", path, line)
		}
		first = min(first, start)
		starts = append(starts, start)
		ends = append(ends, start+run)
	}
	if len(ends) == 0 {
		return 0, 0, 0, fmt.Errorf("joblog %s: no jobs", path)
	}
	last := slices.Max(ends)
	mid := first + (last-first)/2
	n := 0
	for _, e := range ends {
		if e > mid {
			n++
		}
	}
	var running []int
	for k := range 100 {
		t := mid + (last-mid)*float64(k)/100
		c := 0
		for i := range starts {
			if starts[i] <= t && t < ends[i] {
				c++
			}
		}
		running = append(running, c)
	}
	slices.Sort(running)
	return float64(len(ends)) / (last - first), float64(n) / (last - mid), running[len(running)/2], nil
}
