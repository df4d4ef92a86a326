package compare

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// usage is what the operating system accounted for a finished process and
// the children it waited for.
type usage struct {
	User, Sys time.Duration
	MaxRSS    uint64 // bytes, largest single process
	Nvcsw     int64  // voluntary context switches (the process blocked)
	Nivcsw    int64  // involuntary ones (it was preempted)
}

func (u usage) CPU() time.Duration { return u.User + u.Sys }

// usageOf reads the rusage of a process that exited (from wait4).
func usageOf(ps *os.ProcessState) usage {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok || ru == nil {
		return usage{User: ps.UserTime(), Sys: ps.SystemTime()}
	}
	return usage{
		User:   time.Duration(ru.Utime.Nano()),
		Sys:    time.Duration(ru.Stime.Nano()),
		MaxRSS: uint64(ru.Maxrss) * 1024, // KiB on Linux
		Nvcsw:  int64(ru.Nvcsw),
		Nivcsw: int64(ru.Nivcsw),
	}
}

// treeSampler polls the resident memory of a process and all its
// descendants, and keeps the peak of their sum and the most processes seen
// at once. rusage only gives the largest single process, which hides what
// a pool of processes costs. It reads /proc; elsewhere it sees nothing.
type treeSampler struct {
	pid      int
	stop     chan struct{}
	done     sync.WaitGroup
	peak     uint64
	maxProcs int
}

func sampleTree(ctx context.Context, pid int, every time.Duration) *treeSampler {
	s := &treeSampler{pid: pid, stop: make(chan struct{})}
	s.done.Go(func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			rss, n := treeRSS(pid)
			s.peak = max(s.peak, rss)
			s.maxProcs = max(s.maxProcs, n)
			select {
			case <-t.C:
			case <-s.stop:
				return
			case <-ctx.Done():
				return
			}
		}
	})
	return s
}

// finish stops sampling and returns the peak tree memory and process count.
func (s *treeSampler) finish() (uint64, int) {
	close(s.stop)
	s.done.Wait()
	return s.peak, s.maxProcs
}

var pageSize = uint64(os.Getpagesize())

// treeRSS sums the resident memory of pid and its descendants.
func treeRSS(pid int) (uint64, int) {
	var total uint64
	n := 0
	seen := map[int]bool{}
	stack := []int{pid}
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[p] {
			continue
		}
		seen[p] = true
		b, err := os.ReadFile("/proc/" + strconv.Itoa(p) + "/statm")
		if err != nil {
			continue
		}
		f := strings.Fields(string(b))
		if len(f) < 2 {
			continue
		}
		if pages, err := strconv.ParseUint(f[1], 10, 64); err == nil {
			total += pages * pageSize
			n++
		}
		// Children are listed per thread: any thread may have forked.
		tasks, _ := filepath.Glob("/proc/" + strconv.Itoa(p) + "/task/*/children")
		for _, t := range tasks {
			c, err := os.ReadFile(t)
			if err != nil {
				continue
			}
			for _, s := range strings.Fields(string(c)) {
				if k, err := strconv.Atoi(s); err == nil {
					stack = append(stack, k)
				}
			}
		}
	}
	return total, n
}
