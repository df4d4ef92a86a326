// Command auto benchmarks crew's adaptive limit against a sweep of fixed
// limits, in one run: crew.Group with crew.Limit(n) for n in the sweep, and
// crew.Limit(crew.Auto), on a CPU-bound workload (SHA-256 of 2 MiB, about
// 1.2ms a task) and an I/O-bound one (tasks sleeping 50ms). With -run it does
// the same for crew run -j N against crew run -j auto.
//
// Each point feeds tasks as fast as the group takes them for -d (auto gets
// -auto-d, as it must first find its limit), then cancels the rest. Points
// run in -rounds interleaved rounds; each reports its median.
// Throughput is tasks finished per second; for auto it is also given over
// the second half of its run (after it has settled), and "in flight" is the
// median number of tasks running at once over that half (the limit it
// settled at, measured from outside).
//
//	cd bench && go run ./auto                  # ≈ 70 s, markdown on stdout
//	cd bench && go run ./auto -run ../crew     # also crew run (a built crew binary)
package main

import (
	"context"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
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
	limit    int // crew.Auto for auto
	tput     float64
	steady   float64 // auto: over the second half
	inflight int     // auto: median in flight over the second half
}

// measure runs w's task through a group limited by limit for d.
func measure(w workload, limit int, d time.Duration) result {
	var done, running atomic.Int64
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	g, gctx := crew.WithContext(ctx, crew.Limit(limit), crew.KeepGoing())
	task := func(ctx context.Context) error {
		running.Add(1)
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
					samples = append(samples, running.Load())
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
	d := flag.Duration("d", time.Second, "how long each fixed limit runs")
	autoD := flag.Duration("auto-d", 4*time.Second, "how long auto runs")
	rounds := flag.Int("rounds", 3, "rounds over all points; each point reports its median")
	runBin := flag.String("run", "", "also benchmark crew run -j N vs -j auto with this crew binary")
	flag.Parse()

	cores := runtime.NumCPU()
	load, _ := os.ReadFile("/proc/loadavg")
	fmt.Printf("%d cores, GOMAXPROCS %d, %s/%s, %s; load average before: %s\n",
		cores, runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH, runtime.Version(), strings.Join(strings.Fields(string(load))[:3], " "))
	fmt.Printf("command: go run ./auto -d %v -auto-d %v -rounds %d\n\n", *d, *autoD, *rounds)

	workloads := []workload{
		{"CPU-bound (SHA-256 of 2 MiB)", cpuTask, []int{1, 2, 3, 4, 8, 16, 64}},
		{"I/O-bound (sleep 50ms)", sleepTask, []int{1, 8, 64, 128, 256, 512, 1024}},
	}
	for _, w := range workloads {
		// Rounds interleave the points (rotating which goes first), so a
		// burst of outside load does not land on one point only; each
		// point's number is its median over the rounds.
		limits := append(slices.Clone(w.sweep), crew.Auto)
		per := make([][]result, len(limits))
		for round := range *rounds {
			for k := range limits {
				i := (k + round) % len(limits)
				n := limits[i]
				dd := *d
				if n == crew.Auto {
					dd = *autoD
				}
				r := measure(w, n, dd)
				per[i] = append(per[i], r)
				fmt.Fprintf(os.Stderr, "round %d %s limit %d: %.0f/s (steady %.0f/s, in flight %d)\n", round+1, w.name, n, r.tput, r.steady, r.inflight)
			}
		}
		var rs []result
		for i, n := range limits {
			r := median(per[i])
			r.label = fmt.Sprintf("Limit(%d)", n)
			rs = append(rs, r)
		}
		a := rs[len(rs)-1]
		a.label = "Limit(Auto)"
		writeTable(os.Stdout, w.name, rs[:len(rs)-1], a)
	}
	if *runBin != "" {
		if err := benchRun(*runBin, cores, *d, *autoD); err != nil {
			fmt.Fprintln(os.Stderr, "auto:", err)
			os.Exit(1)
		}
	}
}

// median returns the result with the median throughput (each field of
// the median run, so they belong together).
func median(rs []result) result {
	s := slices.Clone(rs)
	slices.SortFunc(s, func(a, b result) int {
		switch {
		case a.tput < b.tput:
			return -1
		case a.tput > b.tput:
			return 1
		}
		return 0
	})
	return s[len(s)/2]
}

func writeTable(w io.Writer, name string, rs []result, a result) {
	best := rs[0]
	for _, r := range rs {
		if r.tput > best.tput {
			best = r
		}
	}
	fmt.Fprintf(w, "### %s\n\n| limit | tasks/s | vs best fixed |\n|---|---:|---:|\n", name)
	for _, r := range rs {
		mark := ""
		if r.limit == best.limit {
			mark = " (best)"
		}
		fmt.Fprintf(w, "| %s%s | %.0f | %.0f%% |\n", r.label, mark, r.tput, 100*r.tput/best.tput)
	}
	fmt.Fprintf(w, "| **%s**, whole run | %.0f | %.0f%% |\n", a.label, a.tput, 100*a.tput/best.tput)
	fmt.Fprintf(w, "| **%s**, second half (settled) | %.0f | **%.0f%%** |\n\n", a.label, a.steady, 100*a.steady/best.tput)
	fmt.Fprintf(w, "Auto ran a median of **%d** tasks at once over its second half.\n\n", a.inflight)
}

// benchRun times crew run over commands that sleep 50ms and commands that
// compute, at fixed -j and at -j auto.
func benchRun(bin string, cores int, d, autoD time.Duration) error {
	type job struct {
		name  string
		cmd   string
		n     int
		sweep []string
	}
	jobs := []job{
		{"crew run, I/O-bound (sleep 0.05)", "sleep 0.05", 2000, []string{"1", strconv.Itoa(cores), "16", "64", "128", "256"}},
		{"crew run, CPU-bound (sh busy loop)", "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done", 200, []string{"1", strconv.Itoa(cores), "4", "8", "16"}},
	}
	for _, j := range jobs {
		var rs []result
		for _, n := range append(j.sweep, "auto") {
			in := strings.Repeat("x\n", j.n)
			cmd := exec.Command(bin, "run", "-j", n, j.cmd)
			cmd.Stdin = strings.NewReader(in)
			cmd.Stdout = io.Discard
			var stderr strings.Builder
			cmd.Stderr = &stderr
			start := time.Now()
			if err := cmd.Run(); err != nil {
				return fmt.Errorf("%s -j %s: %w: %s", bin, n, err, stderr.String())
			}
			el := time.Since(start)
			r := result{label: "-j " + n, tput: float64(j.n) / el.Seconds()}
			if k, err := strconv.Atoi(n); err == nil {
				r.limit = k
			} else {
				r.limit = -1
			}
			fmt.Fprintf(os.Stderr, "%s %s: %.0f/s\n", j.name, r.label, r.tput)
			rs = append(rs, r)
		}
		a := rs[len(rs)-1]
		rs = rs[:len(rs)-1]
		best := rs[0]
		for _, r := range rs {
			if r.tput > best.tput {
				best = r
			}
		}
		fmt.Printf("### %s, %d jobs\n\n| -j | jobs/s | vs best fixed |\n|---|---:|---:|\n", j.name, j.n)
		for _, r := range rs {
			fmt.Printf("| %s | %.0f | %.0f%% |\n", r.label, r.tput, 100*r.tput/best.tput)
		}
		fmt.Printf("| **-j auto** | %.0f | **%.0f%%** |\n\n", a.tput, 100*a.tput/best.tput)
	}
	return nil
}
