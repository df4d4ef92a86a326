// Command procbench measures crew's process pool (package proc): the
// round-trip latency of one Call and the time of a Map of no-op tasks, on
// 2 worker processes, next to the same map done with goroutines in one
// process. bench/proc/run.sh runs it with the Python peers and writes
// bench/proc/RESULTS.md.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/crewrun/crew"
	"github.com/crewrun/crew/proc"
	"golang.org/x/sync/errgroup"
)

var noop = proc.Func("procbench.noop", func(ctx context.Context, x int) (int, error) { return x, nil })

func main() {
	proc.Main()
	calls := flag.Int("calls", 5000, "sequential Calls for the latency")
	items := flag.Int("items", 100_000, "items of the Map")
	runs := flag.Int("runs", 5, "runs of each Map (the median is reported)")
	workers := flag.Int("workers", 2, "worker processes")
	flag.Parse()
	if err := run(*calls, *items, *runs, *workers); err != nil {
		fmt.Fprintln(os.Stderr, "procbench:", err)
		os.Exit(1)
	}
}

func run(calls, items, runs, workers int) error {
	ctx := context.Background()
	start := time.Now()
	pool, err := proc.NewPool(ctx, proc.WithWorkers(workers))
	if err != nil {
		return err
	}
	defer pool.Close()
	emit(row{Key: "crew.start", Label: fmt.Sprintf("crew proc: NewPool(WithWorkers(%d))", workers), Total: time.Since(start).Seconds()})

	// Round trip of one Call.
	for i := range 200 {
		if _, err := proc.Call(ctx, pool, noop, i); err != nil {
			return err
		}
	}
	lat := make([]time.Duration, calls)
	for i := range lat {
		t := time.Now()
		if _, err := proc.Call(ctx, pool, noop, i); err != nil {
			return err
		}
		lat[i] = time.Since(t)
	}
	slices.Sort(lat)
	emit(row{Key: "crew.call", Label: "crew proc: Call", N: calls,
		P50: lat[len(lat)/2].Seconds(), P99: lat[len(lat)*99/100].Seconds()})

	in := make([]int, items)
	for i := range in {
		in[i] = i
	}
	check := func(out []int) error {
		for i, v := range out {
			if v != i {
				return fmt.Errorf("result %d = %d", i, v)
			}
		}
		return nil
	}
	measure := func(key, name string, runs int, f func() ([]int, error)) error {
		var ds []time.Duration
		for range runs {
			t := time.Now()
			out, err := f()
			d := time.Since(t)
			if err != nil {
				return err
			}
			if err := check(out); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			ds = append(ds, d)
		}
		slices.Sort(ds)
		med := ds[len(ds)/2]
		emit(row{Key: key, Label: name, N: items, Runs: runs, Total: med.Seconds()})
		return nil
	}
	fn := func(ctx context.Context, x int) (int, error) { return x, nil }
	steps := []struct {
		key  string
		name string
		runs int
		f    func() ([]int, error)
	}{
		{"crew.map.auto", "crew proc: Map, automatic chunks", runs, func() ([]int, error) { return proc.Map(ctx, pool, noop, in) }},
		{"crew.map.chunk1", "crew proc: Map, WithChunkSize(1)", 1, func() ([]int, error) { return proc.Map(ctx, pool, noop, in, proc.WithChunkSize(1)) }},
		{"go.crewmap", fmt.Sprintf("goroutines: crew.Map, Limit(%d)", workers), runs, func() ([]int, error) {
			return crew.Map(ctx, in, fn, crew.Limit(workers))
		}},
		{"go.errgroup", fmt.Sprintf("goroutines: errgroup, SetLimit(%d)", workers), runs, func() ([]int, error) {
			out := make([]int, len(in))
			var g errgroup.Group
			g.SetLimit(workers)
			for i, x := range in {
				g.Go(func() error {
					r, err := fn(ctx, x)
					out[i] = r
					return err
				})
			}
			return out, g.Wait()
		}},
		{"go.waitgroup", "goroutines: one per task + WaitGroup", runs, func() ([]int, error) {
			out := make([]int, len(in))
			var wg sync.WaitGroup
			for i, x := range in {
				wg.Go(func() { out[i], _ = fn(ctx, x) })
			}
			wg.Wait()
			return out, nil
		}},
	}
	for _, s := range steps {
		if err := measure(s.key, s.name, s.runs, s.f); err != nil {
			return err
		}
	}

	// Parts of a Map's time that no codec removes: the fixed cost of a
	// Map (a round trip per worker), and allocating the result slice and
	// writing every result into it, which the pool does as the results
	// arrive.
	two := in[:2]
	var ds []time.Duration
	for range 200 {
		t := time.Now()
		if _, err := proc.Map(ctx, pool, noop, two); err != nil {
			return err
		}
		ds = append(ds, time.Since(t))
	}
	slices.Sort(ds)
	emit(row{Key: "floor.map2", Label: "crew proc: Map of 2 tasks (one per worker)", N: 2, Runs: len(ds), Total: ds[len(ds)/2].Seconds()})
	ds = ds[:0]
	var sink []int
	for range 51 {
		t := time.Now()
		sink = make([]int, len(in))
		copy(sink, in)
		ds = append(ds, time.Since(t))
	}
	slices.Sort(ds)
	emit(row{Key: "floor.alloc", Label: fmt.Sprintf("make([]int, %d) and copy the results in", len(in)), N: len(in), Runs: len(ds), Total: ds[len(ds)/2].Seconds()})
	_ = sink
	return nil
}

// row is one measurement, one JSON line on stdout (summarize.py reads them).
type row struct {
	Key   string  `json:"key"`
	Label string  `json:"label"`
	N     int     `json:"n,omitempty"`
	Runs  int     `json:"runs,omitempty"`
	Total float64 `json:"total,omitempty"` // seconds
	P50   float64 `json:"p50,omitempty"`   // seconds
	P99   float64 `json:"p99,omitempty"`   // seconds
}

func emit(r row) {
	b, _ := json.Marshal(r)
	fmt.Println(string(b))
}
