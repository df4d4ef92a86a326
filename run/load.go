package run

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"
)

// parseLoad parses a --load value as GNU parallel does: a number (0 is
// taken as 0.01), N% of the CPUs, +N or -N relative to them, or the name of
// a file holding one of these (read again when it changes).
func parseLoad(v string, cpus int) (max float64, file string, err error) {
	if f, ok := loadValue(v, cpus); ok {
		return f, "", nil
	}
	if fi, err := os.Stat(v); err == nil && fi.Mode().IsRegular() {
		b, err := os.ReadFile(v)
		if err != nil {
			return 0, "", fmt.Errorf("bad --load value %q: %w", v, err)
		}
		f, ok := loadValue(strings.TrimSpace(string(b)), cpus)
		if !ok {
			return 0, "", fmt.Errorf("bad --load value in %s: %q: want a number, N%%, +N or -N", v, strings.TrimSpace(string(b)))
		}
		return f, v, nil
	}
	return 0, "", fmt.Errorf("bad --load value %q: want a number, N%%, +N, -N or a file holding one", v)
}

var loadRE = lazyRegexp(`^(?:([+-])([0-9]+)|([0-9]+)%|([0-9]+(?:\.[0-9]+)?))$`)

func loadValue(v string, cpus int) (float64, bool) {
	m := loadRE().FindStringSubmatch(v)
	if m == nil {
		return 0, false
	}
	var f float64
	switch {
	case m[1] == "+":
		n, _ := strconv.Atoi(m[2])
		f = float64(cpus + n)
	case m[1] == "-":
		n, _ := strconv.Atoi(m[2])
		f = float64(cpus - n)
	case m[3] != "":
		n, _ := strconv.Atoi(m[3])
		f = float64(cpus) * float64(n) / 100
	default:
		f, _ = strconv.ParseFloat(m[4], 64)
	}
	return max(f, 0.01), true
}

// loadNow is the machine's load as GNU parallel's --load measures it: the
// number of processes running or waiting for the disk at this instant (not
// the 1-minute average, so that one run starts at most one job too many),
// without the process that asks. Linux: procs_running and procs_blocked
// of /proc/stat; -1 where unknown.
var loadNow = procLoad

func procLoad() float64 {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return -1
	}
	n, found := 0, 0
	for _, line := range strings.Split(string(b), "\n") {
		for _, k := range []string{"procs_running ", "procs_blocked "} {
			if rest, ok := strings.CutPrefix(line, k); ok {
				v, err := strconv.Atoi(strings.TrimSpace(rest))
				if err == nil {
					n += v
					found++
				}
			}
		}
	}
	if found < 2 {
		return -1
	}
	return float64(max(n-1, 0)) // this process is running while it reads
}

// loadLimit is --load while a run goes on.
type loadLimit struct {
	max   float64
	file  string
	mtime time.Time
	cpus  int
}

// tooHigh tells whether the load is at or above the limit (or unknown: as
// GNU parallel, an unknown load is too high).
func (l *loadLimit) tooHigh() bool {
	if l.file != "" {
		if fi, err := os.Stat(l.file); err == nil && !fi.ModTime().Equal(l.mtime) {
			l.mtime = fi.ModTime()
			if b, err := os.ReadFile(l.file); err == nil {
				if f, ok := loadValue(strings.TrimSpace(string(b)), l.cpus); ok {
					l.max = f
				}
			}
		}
	}
	load := loadNow()
	return load < 0 || load >= l.max
}

// swapCounters returns the pages swapped in and out since boot (Linux:
// pswpin and pswpout of /proc/vmstat).
var swapCounters = procSwapCounters

func procSwapCounters() (in, out int64, err error) {
	b, err := os.ReadFile("/proc/vmstat")
	if err != nil {
		return 0, 0, err
	}
	found := 0
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, " ")
		if !ok || k != "pswpin" && k != "pswpout" {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil {
			return 0, 0, err
		}
		if k == "pswpin" {
			in = n
		} else {
			out = n
		}
		found++
	}
	if found < 2 {
		return 0, 0, errors.New("no pswpin/pswpout in /proc/vmstat")
	}
	return in, out, nil
}

// swapWatch is --noswap: the machine swaps when pages went both in and out
// over the last interval (GNU parallel's swap-in * swap-out of vmstat).
type swapWatch struct {
	at      time.Time
	in, out int64
	active  bool // over the last complete interval
	known   bool
}

// swapInterval is how long one sample of swap activity lasts.
var swapInterval = time.Second

// swapping tells whether the machine is swapping in and out; unknown
// counts as swapping, as in GNU parallel.
func (w *swapWatch) swapping() bool {
	in, out, err := swapCounters()
	if err != nil {
		return true
	}
	now := time.Now()
	if w.at.IsZero() {
		w.at, w.in, w.out = now, in, out
		return false // nothing seen yet: the first job need not wait a second
	}
	active := in > w.in && out > w.out
	if now.Sub(w.at) >= swapInterval {
		w.at, w.in, w.out, w.active, w.known = now, in, out, active, true
		return active
	}
	// Within an interval: what it has shown so far, or the last one.
	return active || w.known && w.active
}

// waitStart holds the next job while --load, --noswap, --limit or
// --memsuspend say the machine has no room for it, checking again with
// growing pauses (up to a second, as GNU parallel).
func (r *runner) waitStart(ctx context.Context) {
	for wait := 10 * time.Millisecond; r.startBlocked(); wait = min(wait*2, time.Second) {
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return
		case <-r.stopCh:
			t.Stop()
			return
		}
	}
}

// needsStartCheck tells whether waitStart has anything to check.
func (o *Options) needsStartCheck() bool {
	return o.MaxLoad > 0 || o.NoSwap || o.Limit != "" || o.MemSuspend > 0 || o.MemFree > 0
}

func (r *runner) startBlocked() bool {
	if r.load != nil && r.load.tooHigh() {
		return true
	}
	if r.o.NoSwap && r.swap.swapping() {
		return true
	}
	if r.limitCmd != nil && r.limitCmd.status() != 0 {
		return true
	}
	// As GNU parallel: --memsuspend also keeps --memfree + SIZE free for
	// a new job, when a job runs (with none running, waiting cannot help).
	if r.o.MemSuspend > 0 && r.lim.InUse() > 1 && memAvailable() < r.o.MemSuspend+r.o.MemFree {
		return true
	}
	// --memfree: no new job below SIZE free while a job runs.
	if r.o.MemFree > 0 && r.lim.InUse() > 0 && memAvailable() < r.o.MemFree {
		return true
	}
	return false
}

// limitRun is --limit "command args": a shell command run before each
// job start whose exit status says 0 start, 1 wait, 2 kill the youngest
// job. "io N", "load N" and "mem N" are GNU parallel's predefined ones.
type limitRun struct {
	mu    sync.Mutex
	shell string
	cmd   string
	env   []string
	stdio Stdio
	// builtin, when not nil, replaces the shell command.
	builtin func() int
	io      ioWatch
}

func newLimitRun(spec, shell string, env []string, s Stdio) (*limitRun, error) {
	l := &limitRun{shell: shell, cmd: spec, env: append(env[:len(env):len(env)], "SSHLOGIN=:"), stdio: s}
	f := strings.Fields(spec)
	if len(f) == 0 {
		return l, nil
	}
	arg := func() (int64, error) {
		if len(f) < 2 {
			return 0, fmt.Errorf("bad --limit %q: %s needs a limit", spec, f[0])
		}
		n, err := parseUnits(f[1])
		if err != nil {
			return 0, fmt.Errorf("bad --limit %q: %w", spec, err)
		}
		return n, nil
	}
	switch f[0] {
	case "mem":
		n, err := arg()
		if err != nil {
			return nil, err
		}
		l.builtin = func() int {
			free := memAvailable()
			switch {
			case free < n/2:
				return 2
			case free < n:
				return 1
			}
			return 0
		}
	case "load":
		n, err := arg()
		if err != nil {
			return nil, err
		}
		l.builtin = func() int {
			if loadNow() > float64(n) {
				return 1
			}
			return 0
		}
	case "io":
		n, err := arg()
		if err != nil {
			return nil, err
		}
		l.builtin = func() int {
			if u, ok := l.io.utilization(); !ok || u > float64(n) {
				return 1
			}
			return 0
		}
	}
	return l, nil
}

// status runs the limit command and returns its exit status.
func (l *limitRun) status() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.builtin != nil {
		return l.builtin()
	}
	c := exec.Command(l.shell, "-c", l.cmd)
	c.Env = l.env
	c.Stdout, c.Stderr = l.stdio.Stdout, l.stdio.Stderr
	err := c.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.ExitCode() & 0xff
	}
	return 1
}

// limitCheck is --limit while jobs run: each time it says 2, the
// youngest job is killed (it counts as failed, and --retries may run it
// again).
func (r *runner) limitCheck() {
	if r.limitCmd.status() != 2 {
		return
	}
	if j := r.youngest(0); j != nil {
		r.kill(j, 0, killLimit)
	}
}

// limitGuardEvery is how often --limit runs while jobs run.
var limitGuardEvery = time.Second

// youngest is the running job with the highest number, among more than
// min running ones, or nil.
func (r *runner) youngest(min int) *job {
	var y *job
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.running) <= min {
		return nil
	}
	for j := range r.running {
		j.mu.Lock()
		live := j.exitCh != nil && !j.exited && j.reason == notKilled
		j.mu.Unlock()
		if live && (y == nil || j.seq > y.seq) {
			y = j
		}
	}
	return y
}

// ioWatch measures disk utilisation for --limit "io N": the busiest disk's
// share of time spent on I/O (0-100) since the previous call, from
// /proc/diskstats.
type ioWatch struct {
	at    time.Time
	ticks map[string]int64
}

func (w *ioWatch) utilization() (float64, bool) {
	b, err := os.ReadFile("/proc/diskstats")
	if err != nil {
		return 0, false
	}
	now := time.Now()
	ticks := map[string]int64{}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 13 {
			continue
		}
		ms, err := strconv.ParseInt(f[12], 10, 64)
		if err == nil {
			ticks[f[2]] = ms
		}
	}
	prev, at := w.ticks, w.at
	w.ticks, w.at = ticks, now
	if prev == nil {
		return 0, true // no I/O seen yet
	}
	el := float64(now.Sub(at).Milliseconds())
	if el <= 0 {
		return 0, true
	}
	busiest := 0.0
	for dev, ms := range ticks {
		if p, ok := prev[dev]; ok {
			busiest = max(busiest, float64(ms-p)*100/el)
		}
	}
	return min(busiest, 100), true
}
