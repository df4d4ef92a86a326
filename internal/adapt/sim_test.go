package adapt

import (
	"container/heap"
	"math"
	"math/rand/v2"
	"time"
)

// workload is a simulated task mix: each task waits (off-CPU, like sleep
// or a network call) and then computes, sharing cores with the other
// computing tasks (processor sharing). Durations vary by ±noise.
type workload struct {
	cores float64
	wait  time.Duration // off-CPU time per task
	cpu   time.Duration // CPU time per task
	noise float64
	// memPerTask, when set, makes Config.Memory report inflight×memPerTask.
	memPerTask uint64
	// Every period, the supply of tasks stops for pause (a program
	// between batches); zero: an endless supply.
	period, pause time.Duration
}

type simResult struct {
	completions int
	tput        float64 // completions per second over the second half
	modal       int     // the limit held longest in the second half
	modalShare  float64 // fraction of the second half spent at modal
	bandShare   float64 // fraction spent within one probe step (±25%) of modal
	maxLimit    int     // highest limit in the second half
	settledAt   float64 // seconds until Settled first reported true; -1 never
}

// simulate runs w against l for d of fake time with an endless backlog:
// whenever a slot is free a task starts. No goroutines, no real time.
func simulate(w workload, cfg Config, d time.Duration, seed uint64) simResult {
	return simulateWith(w, cfg, d, seed, false)
}

// ctrlSlots is a resizable slot counter driven by a bare Controller, as
// crew run's own job-slot limiter is.
type ctrlSlots struct {
	c *Controller
	n int
}

func (s *ctrlSlots) tryAcquire() bool {
	if s.n >= s.c.Limit() {
		s.c.Waiting()
		return false
	}
	s.n++
	s.c.Started()
	return true
}

func (s *ctrlSlots) release() {
	s.n--
	s.c.Finished()
}

func simulateWith(w workload, cfg Config, d time.Duration, seed uint64, bare bool) simResult {
	rng := rand.New(rand.NewPCG(seed, 1))
	epoch := time.Unix(1e9, 0)
	now := 0.0 // seconds since epoch
	cfg.Now = func() time.Time { return epoch.Add(time.Duration(now * float64(time.Second))) }
	var l *Limiter
	if w.memPerTask > 0 {
		cfg.Memory = func() uint64 { return uint64(l.c.inflight) * w.memPerTask }
	} else if cfg.MaxMemory == 0 {
		cfg.MaxMemory = math.MaxUint64 // this process's memory is not the simulation's
	}
	l = New(cfg)
	tryAcquire, release := l.TryAcquire, l.Release
	if bare {
		cs := &ctrlSlots{c: l.c}
		tryAcquire, release = cs.tryAcquire, cs.release
	}

	vary := func(x time.Duration) float64 {
		return x.Seconds() * (1 + w.noise*(2*rng.Float64()-1))
	}
	var waiting waitHeap
	var computing floatHeap
	virt := 0.0 // service each computing task has received so far
	end := d.Seconds()
	half := end / 2
	res := simResult{settledAt: -1}
	timeAt := map[int]float64{}
	lastT := half

	paused := func() bool {
		if w.period <= 0 {
			return false
		}
		return math.Mod(now, w.period.Seconds()) >= (w.period - w.pause).Seconds()
	}
	start := func() {
		if paused() {
			return
		}
		for tryAcquire() {
			heap.Push(&waiting, waitItem{at: now + vary(w.wait), cpu: vary(w.cpu)})
		}
	}
	finish := func() {
		release()
		if now >= half {
			res.completions++
		}
	}
	start()
	for now < end {
		rate := 0.0
		dtCPU := math.Inf(1)
		if n := computing.Len(); n > 0 {
			rate = math.Min(1, w.cores/float64(n))
			dtCPU = (computing[0] - virt) / rate
		}
		dtWait := math.Inf(1)
		if waiting.Len() > 0 {
			dtWait = waiting[0].at - now
		}
		dtWake := math.Inf(1)
		if paused() {
			p := w.period.Seconds()
			dtWake = math.Floor(now/p)*p + p - now
		}
		dt := math.Max(0, math.Min(dtWake, math.Min(dtCPU, dtWait)))
		if math.IsInf(dt, 1) {
			break
		}
		// Account the limit held from lastT to now (second half only).
		if now+dt >= half {
			from := math.Max(lastT, half)
			timeAt[l.Limit()] += now + dt - from
			lastT = now + dt
		}
		now += dt
		virt += rate * dt
		if dtWake < math.Min(dtCPU, dtWait) {
			now += 1e-9 // past the pause's end
			start()
			continue
		}
		if dtWait <= dtCPU {
			it := heap.Pop(&waiting).(waitItem)
			if it.cpu <= 0 {
				finish()
			} else {
				heap.Push(&computing, virt+it.cpu)
			}
		} else {
			heap.Pop(&computing)
			finish()
		}
		if res.settledAt < 0 && l.Settled() {
			res.settledAt = now
		}
		start()
		if now >= half && l.Limit() > res.maxLimit {
			res.maxLimit = l.Limit()
		}
	}
	res.tput = float64(res.completions) / (end - half)
	var total float64
	for lim, t := range timeAt {
		total += t
		if t > timeAt[res.modal] || (t == timeAt[res.modal] && lim < res.modal) {
			res.modal = lim
		}
	}
	if total > 0 {
		res.modalShare = timeAt[res.modal] / total
		var in float64
		for lim, t := range timeAt {
			if float64(lim) >= 0.75*float64(res.modal)-1 && float64(lim) <= 1.25*float64(res.modal)+1 {
				in += t
			}
		}
		res.bandShare = in / total
	}
	return res
}

// bestFixed sweeps fixed limits (powers of two) and
// returns the best throughput and the limit that gave it.
func bestFixed(w workload, d time.Duration, maxLimit int) (float64, int) {
	best, at := 0.0, 0
	for n := 1; n <= maxLimit; n *= 2 {
		r := simulate(w, Config{Min: n, Max: n, Initial: n}, d, 7)
		if r.tput > best {
			best, at = r.tput, n
		}
	}
	return best, at
}

type waitItem struct {
	at  float64
	cpu float64
}

type waitHeap []waitItem

func (h waitHeap) Len() int           { return len(h) }
func (h waitHeap) Less(i, j int) bool { return h[i].at < h[j].at }
func (h waitHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *waitHeap) Push(x any)        { *h = append(*h, x.(waitItem)) }
func (h *waitHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

type floatHeap []float64

func (h floatHeap) Len() int           { return len(h) }
func (h floatHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h floatHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *floatHeap) Push(x any)        { *h = append(*h, x.(float64)) }
func (h *floatHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
