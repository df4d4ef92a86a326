package pools

import (
	"bufio"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A meter reports per-task costs for one benchmark run. testing's own B/op and
// allocs/op are integers, which hides the amortised allocations of pools, so the
// meter takes MemStats deltas itself; CPU time comes from getrusage and is less
// disturbed than wall time by other processes on a shared machine.
type meter struct {
	mem runtime.MemStats
	cpu time.Duration
}

// startMeter snapshots the counters and resets the benchmark timer; call it after
// any setup that should not be measured.
func startMeter(b *testing.B) *meter {
	m := &meter{}
	runtime.ReadMemStats(&m.mem)
	m.cpu = processCPU()
	b.ResetTimer()
	return m
}

// stop stops the timer and reports ns/task, cpu-ns/task, B/task and allocs/task
// for the given number of tasks (or elements, for the map workload).
func (m *meter) stop(b *testing.B, tasks int) {
	b.StopTimer()
	cpu := processCPU() - m.cpu
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	n := float64(tasks)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/task")
	b.ReportMetric(float64(cpu.Nanoseconds())/n, "cpu-ns/task")
	b.ReportMetric(float64(after.TotalAlloc-m.mem.TotalAlloc)/n, "B/task")
	b.ReportMetric(float64(after.Mallocs-m.mem.Mallocs)/n, "allocs/task")
}

// peaks samples memory and goroutine counts in the background and keeps the
// maxima. It uses runtime/metrics, which does not stop the world the way
// runtime.ReadMemStats does, so sampling every millisecond barely disturbs the
// workload.
type peaks struct {
	stop chan struct{}
	done chan struct{}

	heapInuse, stackInuse, sys, goroutines uint64
}

var peakMetrics = []string{
	"/memory/classes/heap/objects:bytes", // with heap/unused: MemStats.HeapInuse
	"/memory/classes/heap/unused:bytes",
	"/memory/classes/heap/stacks:bytes", // MemStats.StackInuse
	"/memory/classes/total:bytes",       // MemStats.Sys
	"/sched/goroutines:goroutines",
}

func startPeaks(every time.Duration) *peaks {
	p := &peaks{stop: make(chan struct{}), done: make(chan struct{})}
	samples := make([]metrics.Sample, len(peakMetrics))
	for i, name := range peakMetrics {
		samples[i].Name = name
	}
	read := func() {
		metrics.Read(samples)
		v := func(i int) uint64 {
			if samples[i].Value.Kind() != metrics.KindUint64 {
				return 0
			}
			return samples[i].Value.Uint64()
		}
		p.heapInuse = max(p.heapInuse, v(0)+v(1))
		p.stackInuse = max(p.stackInuse, v(2))
		p.sys = max(p.sys, v(3))
		p.goroutines = max(p.goroutines, v(4))
	}
	go func() {
		defer close(p.done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			read()
			select {
			case <-p.stop:
				read()
				return
			case <-t.C:
			}
		}
	}()
	return p
}

// end stops sampling; the maxima are valid afterwards.
func (p *peaks) end() {
	close(p.stop)
	<-p.done
}

// peakRSS returns the process's peak resident set size (VmHWM) in bytes, or
// false where /proc is not available.
func peakRSS() (uint64, bool) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		rest, ok := strings.CutPrefix(s.Text(), "VmHWM:")
		if !ok {
			continue
		}
		kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		if err != nil {
			return 0, false
		}
		return kb << 10, true
	}
	return 0, false
}
