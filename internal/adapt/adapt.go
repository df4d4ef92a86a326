// Package adapt is an adaptive concurrency limit: a job-slot limiter whose
// limit moves while tasks run, from the throughput it measures.
//
// It starts at a small limit (GOMAXPROCS by default) and doubles it while a
// doubling pays (slow start, as in TCP). When a step stops paying, it keeps
// the better of the last two limits and settles; from then on it probes one
// step (a quarter of the limit) up or down now and then, and moves only when
// the probe shows a clear gain (up) or no real loss (down). Between the two
// thresholds is a dead band, so noise does not make the limit oscillate, and
// failed probes back off exponentially, so a settled limit costs little.
//
// On a CPU-bound workload this settles at about the number of cores (more
// slots add no throughput); on tasks that wait (sleep, network) it climbs
// into the hundreds, up to [Config.Max], or until [Config.MaxMemory] or a
// CPU bottleneck (for example process start-up cost) stops the gain.
//
// The controller has no goroutines and no timers: it decides when a task
// completes, reading the clock from [Config.Now], so tests drive it with a
// fake clock and simulated completions.
package adapt

import (
	"context"
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"
)

// Config bounds and tunes a [Limiter]. The zero value is usable.
type Config struct {
	// Initial is the first limit. Default: GOMAXPROCS, clamped to [Min, Max].
	Initial int
	// Min is the lowest limit. Default 1.
	Min int
	// Max is the highest limit. Default 1024.
	Max int
	// MaxMemory bounds memory in bytes: while Memory reports more, the
	// limit shrinks by a quarter per window and does not grow. Default: 90%
	// of the Go memory limit (GOMEMLIMIT) when one is set, else half the
	// machine's memory; math.MaxUint64 turns the bound off.
	MaxMemory uint64
	// Memory reports the memory in use, in bytes. Default: the Go runtime's
	// total mapped memory less released memory (runtime/metrics).
	Memory func() uint64
	// MinWindow is the shortest measuring window. Default 50ms. A window
	// also lasts at least 2×limit completions (and 32), so each
	// measurement covers about two rounds of the tasks in flight.
	MinWindow time.Duration
	// Now is the clock. Default time.Now; tests pass a fake clock.
	Now func() time.Time
	// Cores is the number of cores the tasks share, for the model fed by
	// [Controller.Observe]. Default: GOMAXPROCS.
	Cores int
}

// DefaultMax is the highest limit when [Config.Max] is zero.
const DefaultMax = 1024

const (
	defaultMax       = DefaultMax
	defaultMinWindow = 50 * time.Millisecond
	minSamples       = 32

	// slow start keeps doubling while a doubling raises throughput by at
	// least this fraction of the ideal (linear) gain: 10%, so that soft
	// knees (jobs whose start-up cost grows with their number) are
	// climbed; overshoot is undone by the step back and the down probes.
	slowStartElasticity = 0.1
	// a doubling that failed is still kept if it gained this much.
	keepGain = 1.10
	// steady state: an up probe is taken when it gives at least this
	// fraction of the ideal gain; a down probe when it loses at most this
	// fraction of the ideal loss. The band between is the dead band.
	upElasticity   = 0.5
	downElasticity = 0.15
	maxProbeEvery  = 16 // windows between probes after repeated failures
	// a down probe is never taken below this fraction of the best
	// throughput seen, so small losses do not add up step after step.
	keepOfPeak = 0.95
	peakDecay  = 0.995 // per window, so a workload that slows down is followed
)

type phase int

const (
	slowStart phase = iota
	steady
	probing
)

// Controller decides an adaptive limit from the tasks it is told about: call
// Started when a task takes a slot and Finished when it ends. It does not
// block anyone; a slot limiter that can change its size (such as crew run's)
// asks it for the limit. [Limiter] is a Controller with blocking slots.
// Safe for concurrent use.
type Controller struct {
	mu  sync.Mutex
	cfg Config

	limit    int
	inflight int

	phase phase
	// window
	skip      int // completions to ignore after a limit change
	winStart  time.Time
	winDone   int
	saturated bool          // inflight reached the limit during the window
	idle      time.Duration // time in the window with no task in flight
	idleSince time.Time     // when the last task in flight finished; zero while busy

	// slow start
	prevLimit int
	prevTput  float64

	// steady state
	base       float64 // mean throughput at the current limit
	baseN      int     // windows in base
	probeFrom  int
	probeBase  float64
	probeBaseN int
	probeUp    bool
	nextUp     bool
	probeEvery int
	sinceProbe int
	upStreak   int
	lastMove   int     // +1 or -1: the direction of the last probe taken
	peak       float64 // best mean throughput seen, decaying
	memCeil    int     // highest limit allowed by memory; Max when unbounded

	model model // CPU share of observed tasks
}

// Limiter is a job-slot limiter with an adaptive limit: Acquire a slot
// before a task, Release it after; its [Controller] moves the limit from the
// completions. Safe for concurrent use. Blocked Acquire calls are served in
// FIFO order.
type Limiter struct {
	mu      sync.Mutex // held around c's methods too, so take+check is atomic
	c       *Controller
	waiters []chan struct{}
}

// NewController returns a Controller configured by cfg.
func NewController(cfg Config) *Controller {
	if cfg.Min <= 0 {
		cfg.Min = 1
	}
	if cfg.Max <= 0 {
		cfg.Max = defaultMax
	}
	if cfg.Max < cfg.Min {
		cfg.Max = cfg.Min
	}
	if cfg.Initial <= 0 {
		cfg.Initial = runtime.GOMAXPROCS(0)
	}
	cfg.Initial = min(max(cfg.Initial, cfg.Min), cfg.Max)
	if cfg.MinWindow <= 0 {
		cfg.MinWindow = defaultMinWindow
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Memory == nil {
		cfg.Memory = goMemory
	}
	if cfg.MaxMemory == 0 {
		if lim := debug.SetMemoryLimit(-1); lim < math.MaxInt64 {
			cfg.MaxMemory = uint64(lim) / 10 * 9
		} else if _, total, ok := SystemMemory(); ok {
			cfg.MaxMemory = total / 2
		} else {
			cfg.MaxMemory = math.MaxUint64
		}
	}
	c := &Controller{
		cfg:        cfg,
		limit:      cfg.Initial,
		probeEvery: 1,
		nextUp:     true,
		memCeil:    cfg.Max,
	}
	c.winStart = cfg.Now()
	return c
}

// Limit returns the current limit.
func (c *Controller) Limit() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.limit
}

// Settled reports whether the controller has left its initial slow start,
// that is whether it has found where more slots stop paying.
func (c *Controller) Settled() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.phase != slowStart
}

// Started records that a task took a slot.
func (c *Controller) Started() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.inflight == 0 && !c.idleSince.IsZero() {
		// Nothing ran since idleSince: no throughput to measure there.
		c.idle += c.cfg.Now().Sub(c.idleSince)
		c.idleSince = time.Time{}
	}
	c.inflight++
	if c.inflight >= c.limit {
		c.saturated = true
	}
}

// Waiting records that a task is ready but no slot is free: the limit, not
// the supply of tasks, is what holds throughput back.
func (c *Controller) Waiting() {
	c.mu.Lock()
	c.saturated = true
	c.mu.Unlock()
}

// Finished records that a task ended (successfully or not) and returns the
// limit, which may have moved.
func (c *Controller) Finished() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.inflight <= 0 {
		panic("adapt: Finished without Started")
	}
	c.inflight--
	now := c.cfg.Now()
	c.complete(now)
	if c.inflight == 0 {
		c.idleSince = now
	}
	return c.limit
}

// abandoned gives back a slot that never ran a task: no completion.
func (c *Controller) abandoned() {
	c.mu.Lock()
	c.inflight--
	c.mu.Unlock()
}

// New returns a Limiter configured by cfg.
func New(cfg Config) *Limiter {
	return &Limiter{c: NewController(cfg)}
}

// Limit returns the current limit.
func (l *Limiter) Limit() int { return l.c.Limit() }

// Inflight returns the number of slots held.
func (l *Limiter) Inflight() int {
	l.c.mu.Lock()
	defer l.c.mu.Unlock()
	return l.c.inflight
}

// Settled reports whether the limit has left its initial slow start.
func (l *Limiter) Settled() bool { return l.c.Settled() }

// free reports whether a slot is free for a newcomer (no one queued).
func (l *Limiter) free() bool {
	l.c.mu.Lock()
	defer l.c.mu.Unlock()
	return len(l.waiters) == 0 && l.c.inflight < l.c.limit
}

// TryAcquire takes a slot if one is free now and reports whether it did.
func (l *Limiter) TryAcquire() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.free() {
		l.c.Waiting()
		return false
	}
	l.c.Started()
	return true
}

// Acquire blocks until a slot is free or ctx is done; then it returns
// ctx's error and holds no slot.
func (l *Limiter) Acquire(ctx context.Context) error {
	l.mu.Lock()
	if l.free() {
		l.c.Started()
		l.mu.Unlock()
		return nil
	}
	l.c.Waiting()
	ch := make(chan struct{})
	l.waiters = append(l.waiters, ch)
	l.mu.Unlock()

	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		l.mu.Lock()
		defer l.mu.Unlock()
		for i, w := range l.waiters {
			if w == ch {
				l.waiters = append(l.waiters[:i], l.waiters[i+1:]...)
				return ctx.Err()
			}
		}
		// Granted while we were giving up: hand the slot on, without
		// counting a completion.
		l.c.abandoned()
		l.wake()
		return ctx.Err()
	}
}

// Release gives back a slot taken by Acquire or TryAcquire. Each Release is
// one completion in the throughput the limiter measures.
func (l *Limiter) Release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.c.Finished()
	l.wake()
}

// wake grants slots to waiters, oldest first, while the limit allows.
func (l *Limiter) wake() {
	for len(l.waiters) > 0 {
		l.c.mu.Lock()
		ok := l.c.inflight < l.c.limit
		l.c.mu.Unlock()
		if !ok {
			return
		}
		ch := l.waiters[0]
		l.waiters = l.waiters[1:]
		l.c.Started()
		close(ch)
	}
}

// complete counts one completion and, at the end of a window, decides.
func (l *Controller) complete(now time.Time) {
	if l.skip > 0 {
		l.skip--
		if l.skip == 0 {
			l.startWindow(now)
		}
		return
	}
	l.winDone++
	elapsed := now.Sub(l.winStart) - l.idle
	need := max(minSamples, 2*l.limit)
	switch l.phase {
	case slowStart:
		// Doublings are judged against a wide threshold: fewer samples
		// do, and slow tasks get up to speed sooner.
		need = max(minSamples/4, 2*l.limit)
	case probing:
		need *= 2 // a probe decides a move: measure it longer
	}
	if l.winDone < need || elapsed < l.cfg.MinWindow {
		return
	}
	tput := float64(l.winDone) / elapsed.Seconds()
	saturated := l.saturated
	l.decide(tput, saturated)
	if l.skip == 0 {
		l.startWindow(now)
	}
}

func (l *Controller) startWindow(now time.Time) {
	l.winStart = now
	l.winDone = 0
	l.idle = 0
	l.saturated = l.inflight >= l.limit
}

// setLimit moves the limit and skips two rounds of completions (twice the
// tasks in flight): those started under the old limit, and the round after,
// while the new mix of waiting and computing tasks evens out.
func (l *Controller) setLimit(n int) {
	n = min(max(n, l.cfg.Min), l.cfg.Max, max(l.memCeil, l.cfg.Min))
	if n > l.limit && l.cfg.MaxMemory < math.MaxUint64 && l.inflight > 0 {
		// Grow no further than memory allows if each task in flight
		// holds an equal share of what is in use (an overestimate, so
		// the bound holds).
		if used := l.cfg.Memory(); used > 0 {
			fit := int(float64(l.inflight) * float64(l.cfg.MaxMemory) / float64(used))
			n = max(l.limit, min(n, fit))
		}
	}
	if n == l.limit {
		return
	}
	l.limit = n
	l.skip = 2 * l.inflight
	if l.phase == slowStart {
		// Doublings are judged against a wide threshold: one round
		// settles them enough, and slow start gets up to speed sooner.
		l.skip = l.inflight
	}
	l.base, l.baseN = 0, 0
}

// measured records a window's throughput at an unchanged limit.
func (l *Controller) measured(tput float64) {
	l.baseN++
	l.base += (tput - l.base) / float64(l.baseN)
	l.peak *= peakDecay
	if l.baseN >= 2 && l.base > l.peak {
		l.peak = l.base
	}
}

func (l *Controller) decide(tput float64, saturated bool) {
	if l.cfg.MaxMemory < math.MaxUint64 && l.memoryHigh() {
		return
	}
	switch l.phase {
	case slowStart:
		l.slowStartStep(tput, saturated)
	case steady:
		l.steadyStep(tput, saturated)
	case probing:
		l.probeResult(tput)
	}
}

// memoryHigh shrinks the limit while memory is over the bound and lifts the
// ceiling once it is well below; it reports whether it acted.
func (l *Controller) memoryHigh() bool {
	used := l.cfg.Memory()
	switch {
	case used > l.cfg.MaxMemory:
		if l.phase == probing {
			l.limit = l.probeFrom
		}
		l.phase = steady
		l.memCeil = max(l.cfg.Min, l.limit*3/4)
		l.setLimit(l.memCeil)
		return true
	case used < l.cfg.MaxMemory/10*8 && l.memCeil < l.cfg.Max:
		l.memCeil = min(l.cfg.Max, l.memCeil+max(1, l.memCeil/4))
	}
	return false
}

func (l *Controller) slowStartStep(tput float64, saturated bool) {
	if l.prevLimit == 0 {
		// First window: the baseline.
		if !saturated || l.limit >= min(l.cfg.Max, l.memCeil) {
			l.phase = steady
			l.measured(tput)
			return
		}
		l.prevLimit, l.prevTput = l.limit, tput
		l.setLimit(l.limit * 2)
		return
	}
	ideal := float64(l.limit)/float64(l.prevLimit) - 1
	gain := tput / l.prevTput
	if saturated && ideal > 0 && (gain-1)/ideal >= slowStartElasticity {
		if l.limit >= min(l.cfg.Max, l.memCeil) {
			l.phase = steady
			l.measured(tput)
			return
		}
		l.prevLimit, l.prevTput = l.limit, tput
		l.setLimit(l.limit * 2)
		return
	}
	// The last doubling did not pay (or could not be filled).
	l.phase = steady
	if gain >= keepGain && saturated {
		l.measured(tput)
		return
	}
	l.setLimit(l.prevLimit)
}

func (l *Controller) steadyStep(tput float64, saturated bool) {
	l.measured(tput)
	l.sinceProbe++
	if l.sinceProbe < l.probeEvery || l.baseN < 2 {
		return
	}
	l.sinceProbe = 0
	step := max(1, l.limit/4)
	up := l.nextUp
	l.nextUp = !l.nextUp
	if up && (!saturated || l.limit+1 > min(l.cfg.Max, l.memCeil)) {
		up = false
	}
	if !up && l.limit < 3 {
		// A step down would be half the slots: too costly a probe for
		// what it could save.
		if !saturated {
			return
		}
		up = l.limit+1 <= min(l.cfg.Max, l.memCeil)
	}
	target := l.limit + step
	if !up {
		target = l.limit - step
	}
	from, base, baseN := l.limit, l.base, l.baseN
	l.setLimit(target)
	if l.limit == from {
		return // nothing to probe in that direction
	}
	l.phase = probing
	l.probeFrom, l.probeUp = from, up
	l.probeBase, l.probeBaseN = base, baseN
}

func (l *Controller) probeResult(tput float64) {
	from := l.probeFrom
	rel := float64(l.limit-from) / float64(from) // > 0 up, < 0 down
	change := tput/l.probeBase - 1
	e := change / rel // elasticity: 1 = linear scaling, 0 = flat
	l.phase = steady
	if l.probeUp && e >= upElasticity {
		// Keep the new limit; its throughput is measured afresh, since
		// this window was picked for being high.
		l.moved(+1)
		l.nextUp = true
		l.upStreak++
		if l.upStreak >= 2 {
			// Climbing steadily: go back to doubling.
			l.upStreak = 0
			l.phase = slowStart
			l.prevLimit, l.prevTput = l.limit, tput
			l.setLimit(l.limit * 2)
		}
		return
	}
	l.upStreak = 0
	if !l.probeUp && e <= downElasticity && tput >= keepOfPeak*l.peak {
		l.moved(-1)
		l.nextUp = false
		return
	}
	l.probeEvery = min(l.probeEvery*2, maxProbeEvery)
	l.setLimit(from)
	l.base, l.baseN = l.probeBase, l.probeBaseN
}

// moved sets how soon to probe again after a probe moved the limit in
// direction dir: at once when it continues the last move, later and later
// when it reverses it, so a limit wandering in a flat region comes to rest.
func (l *Controller) moved(dir int) {
	if dir == l.lastMove || l.lastMove == 0 {
		l.probeEvery = 1
	} else {
		l.probeEvery = min(l.probeEvery*2, maxProbeEvery)
	}
	l.lastMove = dir
}

var memSample = []metrics.Sample{
	{Name: "/memory/classes/total:bytes"},
	{Name: "/memory/classes/heap/released:bytes"},
}

var memMu sync.Mutex

// goMemory is the memory the Go runtime holds from the OS, less what it has
// released back.
func goMemory() uint64 {
	memMu.Lock()
	defer memMu.Unlock()
	metrics.Read(memSample)
	var total, released uint64
	if memSample[0].Value.Kind() == metrics.KindUint64 {
		total = memSample[0].Value.Uint64()
	}
	if memSample[1].Value.Kind() == metrics.KindUint64 {
		released = memSample[1].Value.Uint64()
	}
	return total - released
}
