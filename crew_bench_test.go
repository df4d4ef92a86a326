package crew_test

// Micro-benchmarks of crew alone, against hand-written baselines (peers
// live in bench/). One op is one task (or one element for Map). Tasks are
// submitted in batches of 10 000 and waited for after each batch.
//
//	go test -run '^$' -bench . -benchmem -count 5 .

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/crewrun/crew"
)

const batch = 10_000

var sink int

func noop(context.Context) error { return nil }

func spin(context.Context) error { // about 1µs of CPU
	x := 1
	for i := range 400 {
		x = x*31 + i
		x ^= x >> 7
	}
	sink = x
	return nil
}

func limits() []int { return []int{runtime.GOMAXPROCS(0), 1000, 0} }

func name(limit int) string {
	if limit == 0 {
		return "unbounded"
	}
	return fmt.Sprintf("limit=%d", limit)
}

func runBatches(b *testing.B, submit func(n int)) {
	b.ReportAllocs()
	start := cpuTime()
	for n := b.N; n > 0; n -= batch {
		submit(min(n, batch))
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

// cpuTime is the process's user+system CPU time in ns: on a shared,
// loaded machine it compares per-task costs better than wall time.
func cpuTime() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// BenchmarkGroup: a new Group per batch, as structured code uses it.
func BenchmarkGroup(b *testing.B) {
	for _, task := range []struct {
		name string
		fn   func(context.Context) error
	}{{"noop", noop}, {"1us", spin}} {
		for _, limit := range limits() {
			b.Run(task.name+"/"+name(limit), func(b *testing.B) {
				runBatches(b, func(n int) {
					g := crew.NewGroup(limitOpt(limit))
					for range n {
						g.Go(task.fn)
					}
					g.Wait()
				})
			})
		}
	}
}

// BenchmarkGroupReused: one Group, Wait after each batch.
func BenchmarkGroupReused(b *testing.B) {
	for _, limit := range limits() {
		b.Run("noop/"+name(limit), func(b *testing.B) {
			g := crew.NewGroup(limitOpt(limit))
			runBatches(b, func(n int) {
				for range n {
					g.Go(noop)
				}
				g.Wait()
			})
		})
	}
}

// BenchmarkChanpool is the bar: long-lived workers ranging over a buffered
// channel, with the caller's WaitGroup (unbounded: raw go + WaitGroup).
func BenchmarkChanpool(b *testing.B) {
	for _, task := range []struct {
		name string
		fn   func(context.Context) error
	}{{"noop", noop}, {"1us", spin}} {
		for _, limit := range limits() {
			b.Run(task.name+"/"+name(limit), func(b *testing.B) {
				ctx := context.Background()
				var wg sync.WaitGroup
				if limit == 0 { // raw goroutines
					t := func() { task.fn(ctx); wg.Done() }
					runBatches(b, func(n int) {
						wg.Add(n)
						for range n {
							go t()
						}
						wg.Wait()
					})
					return
				}
				q := make(chan func(context.Context) error, 1024)
				var workers sync.WaitGroup
				for range limit {
					workers.Add(1)
					go func() {
						defer workers.Done()
						for f := range q {
							f(ctx)
							wg.Done()
						}
					}()
				}
				runBatches(b, func(n int) {
					wg.Add(n)
					for range n {
						q <- task.fn
					}
					wg.Wait()
				})
				close(q)
				workers.Wait()
			})
		}
	}
}

var mapFn = func(_ context.Context, x int) (int, error) { return x*2 + 1, nil }

// BenchmarkMap: 1M ints, x*2+1 through a func value.
func BenchmarkMap(b *testing.B) {
	in := make([]int, 1_000_000)
	for i := range in {
		in[i] = i
	}
	f := mapFn // a func value the compiler cannot inline, as in real use
	b.Run("crew", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			crew.Map(context.Background(), in, f)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(in)), "ns/elem")
	})
	b.Run("serial", func(b *testing.B) {
		b.ReportAllocs()
		ctx := context.Background()
		for b.Loop() {
			out := make([]int, len(in))
			for i, x := range in {
				out[i], _ = f(ctx, x)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(in)), "ns/elem")
	})
	b.Run("P-chunks", func(b *testing.B) { // errgroup with one goroutine per core
		b.ReportAllocs()
		ctx := context.Background()
		p := runtime.GOMAXPROCS(0)
		for b.Loop() {
			out := make([]int, len(in))
			var wg sync.WaitGroup
			c := (len(in) + p - 1) / p
			for lo := 0; lo < len(in); lo += c {
				hi := min(lo+c, len(in))
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := lo; i < hi; i++ {
						out[i], _ = f(ctx, in[i])
					}
				}()
			}
			wg.Wait()
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(in)), "ns/elem")
	})
}

// BenchmarkGroupOneWait: b.N tasks, one Wait at the end (1M in the real
// benchmark): the queue stays full and Go paces the producer.
func BenchmarkGroupOneWait(b *testing.B) {
	for _, limit := range limits() {
		b.Run("noop/"+name(limit), func(b *testing.B) {
			b.ReportAllocs()
			start := cpuTime()
			g := crew.NewGroup(limitOpt(limit))
			for range b.N {
				g.Go(noop)
			}
			g.Wait()
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		})
	}
}

func BenchmarkChanpoolOneWait(b *testing.B) {
	for _, limit := range limits()[:2] {
		b.Run("noop/"+name(limit), func(b *testing.B) {
			b.ReportAllocs()
			start := cpuTime()
			ctx := context.Background()
			q := make(chan func(context.Context) error, 1024)
			var wg sync.WaitGroup
			for range limit {
				go func() {
					for f := range q {
						f(ctx)
						wg.Done()
					}
				}()
			}
			wg.Add(b.N)
			for range b.N {
				q <- noop
			}
			wg.Wait()
			close(q)
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkInterleaved alternates batches of crew and of the baseline in
// one loop and reports the median wall ns/task of each and their ratio: on
// a shared, loaded machine this compares better than separate benchmarks.
// Run it once: go test -run '^$' -bench Interleaved -benchtime 1x .
func BenchmarkInterleaved(b *testing.B) {
	ctx := context.Background()
	for _, limit := range limits() {
		b.Run(name(limit), func(b *testing.B) {
			var wg sync.WaitGroup
			var base func(n int)
			if limit == 0 {
				t := func() { noop(ctx); wg.Done() }
				base = func(n int) {
					wg.Add(n)
					for range n {
						go t()
					}
					wg.Wait()
				}
			} else {
				q := make(chan func(context.Context) error, 1024)
				for range limit {
					go func() {
						for f := range q {
							f(ctx)
							wg.Done()
						}
					}()
				}
				defer close(q)
				base = func(n int) {
					wg.Add(n)
					for range n {
						q <- noop
					}
					wg.Wait()
				}
			}
			crewRun := func(n int) {
				g := crew.NewGroup(limitOpt(limit))
				for range n {
					g.Go(noop)
				}
				g.Wait()
			}
			const rounds = 200
			var tc, tb []float64
			for range rounds * b.N {
				t0 := time.Now()
				crewRun(batch)
				t1 := time.Now()
				base(batch)
				tc = append(tc, float64(t1.Sub(t0).Nanoseconds())/batch)
				tb = append(tb, float64(time.Since(t1).Nanoseconds())/batch)
			}
			slices.Sort(tc)
			slices.Sort(tb)
			mc, mb := tc[len(tc)/2], tb[len(tb)/2]
			b.ReportMetric(mc, "crew-ns/task")
			b.ReportMetric(mb, "base-ns/task")
			b.ReportMetric(mc/mb, "crew/base")
		})
	}
}

// BenchmarkStream: per-element cost of Stream with an empty fn.
func BenchmarkStream(b *testing.B) {
	f := func(_ context.Context, x int) (int, error) { return x, nil }
	for _, unordered := range []bool{false, true} {
		b.Run(fmt.Sprintf("unordered=%v", unordered), func(b *testing.B) {
			opts := []crew.StreamOption{}
			if unordered {
				opts = append(opts, crew.Unordered())
			}
			b.ReportAllocs()
			in := func(yield func(int) bool) {
				for i := range b.N {
					if !yield(i) {
						return
					}
				}
			}
			for range crew.Stream(context.Background(), in, f, opts...) {
			}
		})
	}
}
