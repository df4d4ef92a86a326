package adapt

import (
	"runtime"
	"time"
)

// modelSamples is how many observed tasks the model waits for before it
// sizes the limit.
const modelSamples = 4

// model estimates the limit that saturates the cores from the tasks'
// CPU share (Little's law: cores × wall time / CPU time).
type model struct {
	n         int
	cpu, wall time.Duration
	jumped    bool
}

// Observe records a finished task's CPU time and wall time (for a process,
// its rusage from wait4 and the time from start to exit). Once a few tasks
// are observed, while the controller is still in its slow start, it moves
// the limit at once to about cores × wall / CPU, bounded by Max and the
// memory ceiling; the hill climbing then corrects what the model misses.
// Call it before the task's Finished. Tasks with no wall time are ignored.
func (c *Controller) Observe(cpu, wall time.Duration) {
	if wall <= 0 || cpu < 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	m := &c.model
	m.n++
	m.cpu += cpu
	m.wall += wall
	if m.jumped || m.n < modelSamples || c.phase != slowStart {
		return
	}
	m.jumped = true
	target := c.modelLimit()
	if target <= c.limit {
		return
	}
	c.prevLimit, c.prevTput = 0, 0 // the next window is a fresh baseline
	c.setLimit(target)
	c.startWindow(c.cfg.Now())
}

// modelLimit is cores × wall / CPU over the observed tasks, capped at Max.
func (c *Controller) modelLimit() int {
	cores := runtime.GOMAXPROCS(0)
	if c.cfg.Cores > 0 {
		cores = c.cfg.Cores
	}
	m := c.model
	if m.cpu <= 0 {
		return c.cfg.Max
	}
	n := float64(cores) * m.wall.Seconds() / m.cpu.Seconds()
	if n >= float64(c.cfg.Max) {
		return c.cfg.Max
	}
	return max(1, int(n+0.5))
}
