package run

import (
	"slices"
	"syscall"
	"time"
)

// memSuspendEvery is how often --memsuspend checks memory.
var memSuspendEvery = 250 * time.Millisecond

// memSuspendCheck is --memsuspend SIZE, as GNU parallel's
// suspend_young_if_not_enough_mem: while available memory is below 2*SIZE
// it keeps only the oldest jobs running (SIGCONT) and suspends the others
// (SIGSTOP to their process groups): one job below SIZE, more as memory
// gets closer to 2*SIZE (int(1/(2-free/SIZE))+1 of them). At 2*SIZE or
// more it resumes one suspended job per check.
func (r *runner) memSuspendCheck() {
	size := float64(r.o.MemSuspend)
	free := float64(memAvailable())
	r.mu.Lock()
	jobs := make([]*job, 0, len(r.running))
	for j := range r.running {
		jobs = append(jobs, j)
	}
	r.mu.Unlock()
	slices.SortFunc(jobs, func(a, b *job) int { return a.seq - b.seq })
	if free >= 2*size {
		for _, j := range jobs {
			if j.resume() {
				return
			}
		}
		return
	}
	// free < 2*size here, so the divisor is positive.
	run := int(min(1/(2-free/size), float64(len(jobs)))) + 1
	for i, j := range jobs {
		if i < run {
			j.resume()
		} else {
			j.suspend()
		}
	}
}

// suspend stops j's process group, unless it is being killed or is done.
func (j *job) suspend() {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.suspended || j.exitCh == nil || j.exited || j.reason != notKilled {
		return
	}
	if syscall.Kill(j.target(), syscall.SIGSTOP) == nil {
		j.suspended = true
	}
}

// resume continues j's process group if it was suspended, and tells
// whether it was.
func (j *job) resume() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	if !j.suspended {
		return false
	}
	j.suspended = false
	if j.exitCh != nil && !j.exited {
		syscall.Kill(j.target(), syscall.SIGCONT)
	}
	return true
}
