package crew_test

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/crewrun/crew"
	"github.com/crewrun/crew/internal/adapt"
)

// TestMapAutoGrows: under Auto(), Map over tasks that wait runs well
// more than GOMAXPROCS of them at once, and results stay in input order.
// The test asserts only that growth happens, not when.
func TestMapAutoGrows(t *testing.T) {
	in := make([]int, 3000)
	for i := range in {
		in[i] = i
	}
	var hw highWater
	out, err := crew.Map(context.Background(), in, func(ctx context.Context, v int) (int, error) {
		hw.enter()
		defer hw.leave()
		time.Sleep(20 * time.Millisecond)
		return v * 3, nil
	}, crew.Auto())
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range out {
		if r != 3*i {
			t.Fatalf("out[%d] = %d, want %d", i, r, 3*i)
		}
	}
	if p, want := hw.peak.Load(), int64(4*runtime.GOMAXPROCS(0)); p <= want {
		t.Errorf("peak concurrency %d with tasks that sleep, want more than 4×GOMAXPROCS (%d)", p, want)
	}
}

// TestForEachAutoCPUBound: with tasks that compute, every element is
// processed once and the number running at once stays within the adaptive
// limit's bound.
func TestForEachAutoCPUBound(t *testing.T) {
	in := make([]int, 100000)
	var sum atomic.Int64
	var hw highWater
	err := crew.ForEach(context.Background(), in, func(ctx context.Context, v int) error {
		hw.enter()
		defer hw.leave()
		x := v
		for range 200 {
			x = x*1103515245 + 12345
		}
		_ = x
		sum.Add(1)
		return nil
	}, crew.Auto())
	if err != nil || sum.Load() != int64(len(in)) {
		t.Fatalf("ForEach() = %v after %d elements, want nil after %d", err, sum.Load(), len(in))
	}
	if p := hw.peak.Load(); p > adapt.DefaultMax {
		t.Errorf("peak concurrency %d, want at most %d", p, adapt.DefaultMax)
	}
}

// TestMapAutoErrors: fail-fast, KeepGoing and panics under Auto.
func TestMapAutoErrors(t *testing.T) {
	in := make([]int, 2000)
	for i := range in {
		in[i] = i
	}
	boom := errors.New("boom")
	var ran atomic.Int64
	_, err := crew.Map(context.Background(), in, func(ctx context.Context, v int) (int, error) {
		ran.Add(1)
		if v == 5 {
			return 0, boom
		}
		return v, nil
	}, crew.Auto())
	if err != boom {
		t.Errorf("Map() = %v, want %v as is", err, boom)
	}
	if ran.Load() == int64(len(in)) {
		t.Errorf("every element ran after a fail-fast error")
	}

	err = crew.ForEach(context.Background(), in, func(ctx context.Context, v int) error {
		switch v {
		case 3, 1500:
			return boom
		case 700:
			panic("task panicked")
		}
		return nil
	}, crew.Auto(), crew.KeepGoing())
	var pe *crew.PanicError
	if !errors.Is(err, boom) || !errors.As(err, &pe) {
		t.Errorf("ForEach(KeepGoing) = %v, want boom twice and a *PanicError", err)
	}
	if got := err.Error(); !strings.Contains(got, "element 3: boom") || !strings.Contains(got, "element 1500: boom") {
		t.Errorf("ForEach(KeepGoing) = %q, want both failing elements named", got)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := crew.ForEach(ctx, in, func(context.Context, int) error { return nil }, crew.Auto()); !errors.Is(err, context.Canceled) {
		t.Errorf("ForEach(cancelled ctx) = %v, want %v", err, context.Canceled)
	}
}
