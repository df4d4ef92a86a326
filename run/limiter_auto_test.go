package run

import (
	"context"
	"runtime"
	"sync"
	"testing"
)

// TestLimiterAuto: -j auto starts at the CPUs, never hands out more slots
// than its limit, numbers them from 1 and gets them all back.
func TestLimiterAuto(t *testing.T) {
	l := NewLimiter(Auto)
	if got := l.Limit(); got != runtime.GOMAXPROCS(0) {
		t.Errorf("NewLimiter(Auto).Limit() = %d, want GOMAXPROCS (%d) to start", got, runtime.GOMAXPROCS(0))
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	over := 0
	for range 2000 {
		slot, err := l.Acquire(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		if slot < 1 || l.InUse() > l.Limit() {
			over++
		}
		mu.Unlock()
		wg.Go(func() { l.Release(slot) })
	}
	wg.Wait()
	if over > 0 {
		t.Errorf("%d slots handed out beyond the limit or numbered below 1", over)
	}
	if n := l.InUse(); n != 0 {
		t.Errorf("InUse() = %d after every release, want 0", n)
	}
	if l.Limit() < 1 || l.Limit() > maxJobs() {
		t.Errorf("Limit() = %d, want 1..%d", l.Limit(), maxJobs())
	}
}

func TestParseJobsAuto(t *testing.T) {
	n, err := ParseJobs("auto", 4)
	if err != nil || n != Auto {
		t.Errorf(`ParseJobs("auto") = %d, %v; want Auto, nil`, n, err)
	}
}
