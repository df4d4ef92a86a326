package pools

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	// ants starts a default pool (two goroutines) when it is imported; only
	// goroutines started after that count as leaks.
	goleak.VerifyTestMain(m, goleak.IgnoreCurrent())
}

// TestAdapters checks what the benchmarks rely on: every adapter runs exactly
// the n tasks it is given, never more at once than its limit, and maps in order.
func TestAdapters(t *testing.T) {
	for _, l := range append(ordered(), serial) {
		t.Run(l.name, func(t *testing.T) {
			for _, tc := range []struct {
				limit, n int
				task     func()
			}{
				{limit: 1, n: 300, task: runtime.Gosched},
				{limit: 3, n: 3000, task: runtime.Gosched},
				{limit: runtime.GOMAXPROCS(0), n: 2*batchSize + 7, task: runtime.Gosched},
				{limit: 50, n: 500, task: func() { time.Sleep(time.Millisecond) }},
				{limit: 0, n: 2000, task: runtime.Gosched},
			} {
				t.Run(fmt.Sprintf("limit=%d/n=%d", tc.limit, tc.n), func(t *testing.T) {
					checkRun(t, l, tc.limit, tc.n, tc.task)
				})
			}
			t.Run("map", func(t *testing.T) {
				r := l.open(runtime.GOMAXPROCS(0))
				defer r.close()
				for _, n := range []int{0, 1, 7, 10_007} {
					in := make([]int, n)
					for i := range in {
						in[i] = i - 3
					}
					out := r.mapInts(in, mapFn)
					if len(out) != n {
						t.Fatalf("mapInts over %d ints returned %d results", n, len(out))
					}
					for i, v := range out {
						if want := mapFn(in[i]); v != want {
							t.Fatalf("mapInts over %d ints: out[%d] = %d, want %d", n, i, v, want)
						}
					}
				}
			})
		})
	}
}

// checkRun runs n tasks through a fresh runner, as runBatches does in the
// benchmarks, and checks the count and the peak concurrency.
func checkRun(t *testing.T, l lib, limit, n int, task func()) {
	t.Helper()
	var ran, running, peak atomic.Int64
	counted := func() {
		cur := running.Add(1)
		for p := peak.Load(); cur > p && !peak.CompareAndSwap(p, cur); p = peak.Load() {
		}
		task()
		running.Add(-1)
		ran.Add(1)
	}
	r := l.open(limit)
	runBatches(r, counted, n)
	// Every task must have returned before run does; counting again after close
	// would hide a runner that returns early.
	got := ran.Load()
	r.close()
	if got != int64(n) {
		t.Errorf("%s with limit %d ran %d of %d tasks before returning", l.name, limit, got, n)
	}
	if limit > 0 && peak.Load() > int64(limit) {
		t.Errorf("%s with limit %d ran %d tasks at once", l.name, limit, peak.Load())
	}
	if final := ran.Load(); final != int64(n) {
		t.Errorf("%s with limit %d ran %d tasks in all, want %d", l.name, limit, final, n)
	}
}

// TestRotate checks that every pass of run.sh still runs every library once.
func TestRotate(t *testing.T) {
	defer func(r int) { *rotate = r }(*rotate)
	for k := -1; k <= len(libs)+1; k++ {
		*rotate = k
		seen := map[string]int{}
		for _, l := range ordered(serial) {
			seen[l.name]++
		}
		if len(seen) != len(libs)+1 {
			t.Errorf("rotate %d: %d distinct libraries, want %d", k, len(seen), len(libs)+1)
		}
		for name, c := range seen {
			if c != 1 {
				t.Errorf("rotate %d: %s listed %d times", k, name, c)
			}
		}
	}
}
