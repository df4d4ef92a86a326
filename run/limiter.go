package run

import (
	"context"
	"sync"

	"github.com/crewrun/crew/internal/adapt"
)

// Auto, as [Options.Jobs] (-j auto), makes the number of slots adaptive:
// it starts at the number of CPUs and follows the jobs' throughput
// (package internal/adapt), about one job per core for jobs that compute,
// hundreds for jobs that wait, never more than -j 0 would allow, and
// shrinking while the machine's memory is over 90% used.
const Auto = -1

// Limiter hands out numbered job slots (GNU parallel's {%}): at most Limit
// at a time, always the lowest free number. Its limit can change while jobs
// run ([Limiter.Set]); a lower limit takes effect as running jobs release
// their slots. It is the one place that decides how many jobs run at once.
type Limiter struct {
	mu    sync.Mutex
	limit int
	used  []bool // used[i]: slot i+1 is taken
	inUse int
	wake  chan struct{} // closed when a slot is released or the limit grows
	auto  *adapt.Controller
}

// NewLimiter returns a Limiter with n slots (n < 1 means 1), or an
// adaptive number of them for [Auto].
func NewLimiter(n int) *Limiter {
	l := &Limiter{wake: make(chan struct{})}
	if n == Auto {
		l.auto = adapt.NewController(adapt.ForProcesses(maxJobs()))
		n = l.auto.Limit()
	}
	l.Set(n)
	return l
}

// Set changes the number of slots (n < 1 means 1).
func (l *Limiter) Set(n int) {
	if n < 1 {
		n = 1
	}
	l.mu.Lock()
	grow := n > l.limit
	l.limit = n
	if grow {
		l.broadcast()
	}
	l.mu.Unlock()
}

// Limit returns the current number of slots.
func (l *Limiter) Limit() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.limit
}

// InUse returns the number of slots taken.
func (l *Limiter) InUse() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.inUse
}

func (l *Limiter) broadcast() {
	close(l.wake)
	l.wake = make(chan struct{})
}

// Acquire waits for a free slot and returns its number (from 1). It
// returns ctx's error if ctx ends first.
func (l *Limiter) Acquire(ctx context.Context) (int, error) {
	for {
		l.mu.Lock()
		if l.inUse < l.limit {
			slot := 0
			for i, u := range l.used {
				if !u {
					slot = i + 1
					break
				}
			}
			if slot == 0 {
				l.used = append(l.used, false)
				slot = len(l.used)
			}
			l.used[slot-1] = true
			l.inUse++
			if l.auto != nil {
				l.auto.Started()
			}
			l.mu.Unlock()
			return slot, nil
		}
		if l.auto != nil {
			l.auto.Waiting()
		}
		wake := l.wake
		l.mu.Unlock()
		select {
		case <-wake:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
}

// Release gives a slot back.
func (l *Limiter) Release(slot int) {
	l.mu.Lock()
	if slot >= 1 && slot <= len(l.used) && l.used[slot-1] {
		l.used[slot-1] = false
		l.inUse--
		if l.auto != nil {
			l.limit = max(1, l.auto.Finished())
		}
		l.broadcast()
	}
	l.mu.Unlock()
}
