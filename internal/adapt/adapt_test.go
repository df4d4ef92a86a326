package adapt

import (
	"context"
	"errors"
	"os"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// TestSettles drives the limiter with simulated workloads on a fake clock
// and checks where it settles, that it stays there, and that its
// throughput is at least 90% of the best fixed limit found by a sweep.
func TestSettles(t *testing.T) {
	const d = 30 * time.Second
	tests := []struct {
		name             string
		w                workload
		max              int
		lo, hi           int // the modal limit in the second half
		wantFastSettling bool
	}{
		{"cpu 2 cores", workload{cores: 2, cpu: 10 * time.Millisecond, noise: 0.1}, 1024, 2, 3, true},
		{"cpu 8 cores", workload{cores: 8, cpu: 10 * time.Millisecond, noise: 0.1}, 1024, 8, 11, true},
		{"io 50ms sleep", workload{cores: 2, wait: 50 * time.Millisecond, noise: 0.1}, 1024, 512, 1024, true},
		{"io 50ms sleep with 1ms cpu", workload{cores: 2, wait: 50 * time.Millisecond, cpu: time.Millisecond, noise: 0.1}, 1024, 64, 256, true},
		{"mixed 20ms wait 10ms cpu", workload{cores: 2, wait: 20 * time.Millisecond, cpu: 10 * time.Millisecond, noise: 0.1}, 1024, 4, 16, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if raceEnabled && tt.name != "cpu 2 cores" {
				t.Skip("simulation only: run without -race (see race_test.go)")
			}
			cfg := Config{Initial: 2, Max: tt.max}
			r := simulate(tt.w, cfg, d, 1)
			best, bestAt := bestFixed(tt.w, d, tt.max)
			t.Logf("auto: modal limit %d (%.0f%% of the time, %.0f%% within a step), max %d, %.1f/s, settled at %.2fs; best fixed %d: %.1f/s (%.0f%%)",
				r.modal, 100*r.modalShare, 100*r.bandShare, r.maxLimit, r.tput, r.settledAt, bestAt, best, 100*r.tput/best)
			if r.modal < tt.lo || r.modal > tt.hi {
				t.Errorf("settled at %d, want %d..%d", r.modal, tt.lo, tt.hi)
			}
			// Probes move the limit by a step for a window now and then;
			// anything more is oscillation.
			if r.modalShare < 0.6 || r.bandShare < 0.9 {
				t.Errorf("held the settled limit %d %.0f%% of the second half and stayed within a step of it %.0f%%, want >= 60%% and >= 90%% (oscillating)",
					r.modal, 100*r.modalShare, 100*r.bandShare)
			}
			if r.tput < 0.9*best {
				t.Errorf("throughput %.1f/s is %.0f%% of the best fixed limit %d (%.1f/s), want >= 90%%", r.tput, 100*r.tput/best, bestAt, best)
			}
			if tt.wantFastSettling && (r.settledAt < 0 || r.settledAt > 3) {
				t.Errorf("left slow start at %.2fs of simulated time, want within 3s", r.settledAt)
			}
		})
	}
}

// TestSeeds checks the CPU-bound result does not hinge on one noise draw.
func TestSeeds(t *testing.T) {
	w := workload{cores: 4, cpu: 5 * time.Millisecond, noise: 0.2}
	for seed := uint64(1); seed <= 8; seed++ {
		r := simulate(w, Config{Initial: 1}, 20*time.Second, seed)
		if r.modal < 4 || r.modal > 5 || r.modalShare < 0.8 {
			t.Errorf("seed %d: settled at %d for %.0f%% of the time, want 4..5 for >= 80%%", seed, r.modal, 100*r.modalShare)
		}
	}
}

// TestBareController drives a Controller without its Limiter, as a
// resizable slot limiter of another package would.
func TestBareController(t *testing.T) {
	r := simulateWith(workload{cores: 2, cpu: 10 * time.Millisecond, noise: 0.1}, Config{Initial: 1}, 20*time.Second, 5, true)
	if r.modal < 2 || r.modal > 3 {
		t.Errorf("CPU-bound on 2 cores: settled at %d, want 2..3", r.modal)
	}
	r = simulateWith(workload{cores: 2, wait: 50 * time.Millisecond, noise: 0.1}, Config{Initial: 1}, 20*time.Second, 5, true)
	if r.modal < 512 {
		t.Errorf("50ms sleeps: settled at %d, want hundreds (>= 512)", r.modal)
	}
	defer func() {
		if recover() == nil {
			t.Error("Finished without Started did not panic")
		}
	}()
	NewController(Config{}).Finished()
}

// TestPauses: a program that stops feeding tasks now and then (between
// batches) must not read the pauses as lost throughput.
func TestPauses(t *testing.T) {
	tests := []struct {
		name   string
		w      workload
		lo, hi int
	}{
		{"io", workload{cores: 2, wait: 50 * time.Millisecond, noise: 0.1, period: 3 * time.Second, pause: time.Second}, 512, 1024},
		{"cpu", workload{cores: 4, cpu: 5 * time.Millisecond, noise: 0.1, period: 2 * time.Second, pause: 500 * time.Millisecond}, 4, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := simulate(tt.w, Config{Initial: 2}, 30*time.Second, 4)
			if r.modal < tt.lo || r.modal > tt.hi {
				t.Errorf("with pauses: settled at %d (max %d), want %d..%d", r.modal, r.maxLimit, tt.lo, tt.hi)
			}
		})
	}
}

func TestMemoryBound(t *testing.T) {
	w := workload{cores: 2, wait: 50 * time.Millisecond, noise: 0.1, memPerTask: 1 << 20}
	r := simulate(w, Config{Initial: 2, MaxMemory: 64 << 20}, 30*time.Second, 3)
	t.Logf("modal %d, max %d", r.modal, r.maxLimit)
	if r.maxLimit > 64 {
		t.Errorf("limit reached %d with 1 MiB per task and a 64 MiB bound, want <= 64", r.maxLimit)
	}
	if r.modal < 24 {
		t.Errorf("settled at %d, want the memory bound to allow at least 24", r.modal)
	}
}

func TestBounds(t *testing.T) {
	w := workload{cores: 2, wait: 50 * time.Millisecond}
	r := simulate(w, Config{Initial: 1, Max: 40}, 10*time.Second, 1)
	if r.maxLimit > 40 || r.modal != 40 {
		t.Errorf("I/O workload with Max 40: modal %d, max %d, want 40 and 40", r.modal, r.maxLimit)
	}
	r = simulate(workload{cores: 1, cpu: time.Millisecond}, Config{Min: 3, Initial: 1}, 5*time.Second, 1)
	if r.modal < 3 {
		t.Errorf("CPU workload with Min 3: modal %d, want >= 3", r.modal)
	}
}

func TestConfigDefaults(t *testing.T) {
	l := New(Config{Max: 1})
	if got := l.Limit(); got != 1 {
		t.Errorf("Limit() with Max 1 = %d, want 1", got)
	}
	l = New(Config{Initial: 5, Min: 2, Max: 4})
	if got := l.Limit(); got != 4 {
		t.Errorf("Limit() with Initial 5, Max 4 = %d, want 4", got)
	}
	if goMemory() == 0 {
		t.Error("goMemory() = 0, want the runtime's memory in use")
	}
	if c := NewController(Config{}); c.cfg.MaxMemory == 0 || c.cfg.MaxMemory < goMemory() {
		t.Errorf("default MaxMemory = %d, want a bound above this process's %d bytes", c.cfg.MaxMemory, goMemory())
	}
}

func TestAcquireBlocksAndCancels(t *testing.T) {
	l := New(Config{Min: 1, Max: 1})
	ctx := context.Background()
	if err := l.Acquire(ctx); err != nil {
		t.Fatalf("Acquire on a free limiter: %v", err)
	}
	if l.TryAcquire() {
		t.Fatal("TryAcquire succeeded with the only slot held")
	}

	cctx, cancel := context.WithCancel(ctx)
	errc := make(chan error)
	go func() { errc <- l.Acquire(cctx) }()
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("Acquire after cancel = %v, want context.Canceled", err)
	}

	// FIFO: waiters get the slot in the order they asked.
	var mu sync.Mutex
	var order []int
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := l.Acquire(ctx); err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			order = append(order, i)
			mu.Unlock()
			l.Release()
		}()
		for waiters(l) != i+1 { // wait until queued, so the order is known
			time.Sleep(time.Millisecond)
		}
	}
	l.Release()
	wg.Wait()
	if len(order) != 3 || order[0] != 0 || order[1] != 1 || order[2] != 2 {
		t.Errorf("waiters served in order %v, want [0 1 2]", order)
	}
	if n := l.Inflight(); n != 0 {
		t.Errorf("Inflight() = %d after all releases, want 0", n)
	}
}

func TestReleaseWithoutAcquirePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Release without Acquire did not panic")
		}
	}()
	New(Config{}).Release()
}

func waiters(l *Limiter) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.waiters)
}

func TestSystemMemory(t *testing.T) {
	used, total, ok := SystemMemory()
	if !ok {
		if _, err := os.Stat("/proc/meminfo"); err == nil {
			t.Fatal("SystemMemory: /proc/meminfo exists but was not read")
		}
		return
	}
	if total == 0 || used == 0 || used > total {
		t.Errorf("SystemMemory() = %d used of %d, want 0 < used <= total", used, total)
	}
	cfg := ForProcesses(64)
	if cfg.Max != 64 || cfg.MaxMemory == 0 || cfg.MaxMemory >= total || cfg.Memory() == 0 {
		t.Errorf("ForProcesses(64) = Max %d, MaxMemory %d (total %d), Memory() %d", cfg.Max, cfg.MaxMemory, total, cfg.Memory())
	}
}
