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
// earlier tests' background work): parked workers must not poll.
func TestIdleWorkersCostNoCPU(t *testing.T) {
	const idle = time.Second
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
	if used > 5*time.Millisecond {
		t.Fatalf("idle group used %v of CPU in %v, want < 5ms", used, idle)
	}
}
