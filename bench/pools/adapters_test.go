package pools

import (
	"runtime"
	"sync"
	"time"

	"github.com/alitto/pond/v2"
	"github.com/panjf2000/ants/v2"
	"github.com/sourcegraph/conc/iter"
	"github.com/sourcegraph/conc/pool"
	"golang.org/x/sync/errgroup"
)

// A lib is one library, used the way its documentation suggests.
type lib struct {
	name string
	// open prepares a runner that runs at most limit tasks at once (0: no limit).
	// Map workloads open it with limit GOMAXPROCS.
	open func(limit int) runner
}

// A runner runs batches of tasks, and maps slices, with one library.
type runner interface {
	// run calls task n times and returns when all calls have returned.
	run(task func(), n int)
	// mapInts returns fn applied to every element of in, in input order.
	mapInts(in []int, fn func(int) int) []int
	// close releases what open created (long-lived pools).
	close()
}

// timeoutRelease bounds how long closing an ants pool waits for its goroutines.
const timeoutRelease = 10 * time.Second

// libs lists the adapters in table order. crew_test.go puts crew first.
var libs = []lib{
	{"raw", func(limit int) runner { return newRaw(limit) }},
	{"errgroup", func(limit int) runner { return errgroupRunner{limit} }},
	{"conc", func(limit int) runner { return concRunner{limit} }},
	{"pond", func(limit int) runner { return pondGroupRunner{pond.NewPool(limit)} }},
	{"pond-go", func(limit int) runner { return pondGoRunner{pond.NewPool(limit)} }},
	{"ants", newAnts},
}

// serial is the floor for the workloads where it means something (a, d, f): the
// plain loop, one task after another on the calling goroutine.
var serial = lib{"serial", func(int) runner { return serialRunner{} }}

type serialRunner struct{}

func (serialRunner) run(task func(), n int) {
	for range n {
		task()
	}
}

func (serialRunner) mapInts(in []int, fn func(int) int) []int {
	out := make([]int, len(in))
	for i, v := range in {
		out[i] = fn(v)
	}
	return out
}

func (serialRunner) close() {}

// raw: a goroutine per task with WaitGroup.Go; with a limit, a buffered channel
// is the semaphore. Map: one goroutine per contiguous chunk, GOMAXPROCS chunks.
type rawRunner struct{ sem chan struct{} }

func newRaw(limit int) rawRunner {
	if limit <= 0 {
		return rawRunner{}
	}
	return rawRunner{make(chan struct{}, limit)}
}

func (r rawRunner) run(task func(), n int) {
	var wg sync.WaitGroup
	if r.sem == nil {
		for range n {
			wg.Go(task)
		}
		wg.Wait()
		return
	}
	release := func() { task(); <-r.sem }
	for range n {
		r.sem <- struct{}{}
		wg.Go(release)
	}
	wg.Wait()
}

func (r rawRunner) mapInts(in []int, fn func(int) int) []int {
	out := make([]int, len(in))
	var wg sync.WaitGroup
	forChunks(len(in), cap(r.sem), func(lo, hi int) {
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				out[i] = fn(in[i])
			}
		})
	})
	wg.Wait()
	return out
}

func (rawRunner) close() {}

// errgroup: a new errgroup.Group per batch with SetLimit(limit); Go per task.
// Map: errgroup.Go per contiguous chunk, GOMAXPROCS chunks.
type errgroupRunner struct{ limit int }

func (r errgroupRunner) run(task func(), n int) {
	var g errgroup.Group
	if r.limit > 0 {
		g.SetLimit(r.limit)
	}
	t := func() error { task(); return nil }
	for range n {
		g.Go(t)
	}
	_ = g.Wait()
}

func (r errgroupRunner) mapInts(in []int, fn func(int) int) []int {
	out := make([]int, len(in))
	var g errgroup.Group
	forChunks(len(in), r.limit, func(lo, hi int) {
		g.Go(func() error {
			for i := lo; i < hi; i++ {
				out[i] = fn(in[i])
			}
			return nil
		})
	})
	_ = g.Wait()
	return out
}

func (errgroupRunner) close() {}

// conc: a new pool.New().WithMaxGoroutines(limit) per batch; Go per task, Wait.
// Map: conc's iter.Map.
type concRunner struct{ limit int }

func (r concRunner) run(task func(), n int) {
	p := pool.New()
	if r.limit > 0 {
		p = p.WithMaxGoroutines(r.limit)
	}
	for range n {
		p.Go(task)
	}
	p.Wait()
}

func (concRunner) mapInts(in []int, fn func(int) int) []int {
	return iter.Map(in, func(v *int) int { return fn(*v) })
}

func (concRunner) close() {}

// pond: one long-lived pond.NewPool(limit); per batch a TaskGroup (pool.NewGroup),
// Submit per task, group Wait. Map: a group of GOMAXPROCS chunk tasks.
type pondGroupRunner struct{ p pond.Pool }

func (r pondGroupRunner) run(task func(), n int) {
	g := r.p.NewGroup()
	for range n {
		g.Submit(task)
	}
	_ = g.Wait()
}

func (r pondGroupRunner) mapInts(in []int, fn func(int) int) []int {
	out := make([]int, len(in))
	g := r.p.NewGroup()
	forChunks(len(in), r.p.MaxConcurrency(), func(lo, hi int) {
		g.Submit(func() {
			for i := lo; i < hi; i++ {
				out[i] = fn(in[i])
			}
		})
	})
	_ = g.Wait()
	return out
}

func (r pondGroupRunner) close() { r.p.StopAndWait() }

// pond-go: the same long-lived pool through its lean path, pool.Go per task (no
// future), and the caller's WaitGroup. Map: pool.Go per chunk.
type pondGoRunner struct{ p pond.Pool }

func (r pondGoRunner) run(task func(), n int) {
	var wg sync.WaitGroup
	wg.Add(n)
	t := func() { task(); wg.Done() }
	for range n {
		_ = r.p.Go(t)
	}
	wg.Wait()
}

func (r pondGoRunner) mapInts(in []int, fn func(int) int) []int {
	out := make([]int, len(in))
	var wg sync.WaitGroup
	forChunks(len(in), r.p.MaxConcurrency(), func(lo, hi int) {
		wg.Add(1)
		_ = r.p.Go(func() {
			for i := lo; i < hi; i++ {
				out[i] = fn(in[i])
			}
			wg.Done()
		})
	})
	wg.Wait()
	return out
}

func (r pondGoRunner) close() { r.p.StopAndWait() }

// ants: one long-lived ants.NewPool(limit) (0: unlimited), Submit per task, and
// the caller's WaitGroup (ants has no wait-for-all). Map: Submit per chunk.
type antsRunner struct {
	p     *ants.Pool
	limit int
}

func newAnts(limit int) runner {
	p, err := ants.NewPool(limit)
	if err != nil {
		panic(err) // only for a negative PreAlloc size, which we never ask for
	}
	return antsRunner{p, limit}
}

func (r antsRunner) run(task func(), n int) {
	var wg sync.WaitGroup
	wg.Add(n)
	t := func() { task(); wg.Done() }
	for range n {
		_ = r.p.Submit(t)
	}
	wg.Wait()
}

func (r antsRunner) mapInts(in []int, fn func(int) int) []int {
	out := make([]int, len(in))
	var wg sync.WaitGroup
	forChunks(len(in), r.limit, func(lo, hi int) {
		wg.Add(1)
		_ = r.p.Submit(func() {
			for i := lo; i < hi; i++ {
				out[i] = fn(in[i])
			}
			wg.Done()
		})
	})
	wg.Wait()
	return out
}

func (r antsRunner) close() { _ = r.p.ReleaseTimeout(timeoutRelease) }

// forChunks calls f with the bounds of parts contiguous, near-equal chunks of
// [0, n); parts <= 0 means GOMAXPROCS, and parts is at most n.
func forChunks(n, parts int, f func(lo, hi int)) {
	if parts <= 0 {
		parts = runtime.GOMAXPROCS(0)
	}
	parts = max(1, min(parts, n))
	for c := range parts {
		f(n*c/parts, n*(c+1)/parts)
	}
}
