package crew_test

import (
	"context"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/crewrun/crew"
)

// TestIdleWorkersCostNoCPU leaves the workers of a limited group idle (alive,
// the group not yet joined) for a second and measures the process's CPU
// time, less that of an idle second without the group (the runtime's and
// earlier tests' background work): parked workers must not poll. A group
// that polled would cost that CPU at every try; background noise does not
// repeat, so the best of three tries counts.
func TestIdleWorkersCostNoCPU(t *testing.T) {
	const idle, bound = time.Second, 5 * time.Millisecond
	best := time.Duration(1 << 62)
	for try := 0; try < 3 && best >= bound; try++ {
		best = min(best, idleGroupCPU(t, idle))
	}
	if best >= bound {
		t.Fatalf("an idle group used %v of CPU in %v (best of 3), want < %v", best, idle, bound)
	}
}

// idleGroupCPU returns the CPU time the process used during idle with a
// limited group's eight workers alive and idle, less its CPU time during
// idle without the group.
func idleGroupCPU(t *testing.T, idle time.Duration) time.Duration {
	runtime.GC()
	start := time.Duration(cpuTime())
	time.Sleep(idle)
	baseline := time.Duration(cpuTime()) - start

	g := crew.NewGroup(crew.Limit(8))
	var all sync.WaitGroup
	all.Add(8)
	for range 8 { // all at once: eight live workers
		g.Go(func(context.Context) error { all.Done(); all.Wait(); return nil })
	}
	all.Wait()
	time.Sleep(10 * time.Millisecond) // let them go idle
	before := time.Duration(cpuTime())
	time.Sleep(idle)
	used := time.Duration(cpuTime()) - before - baseline
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
	t.Logf("CPU while idle for %v: %v more than %v without the group", idle, used, baseline)
	return used
}
