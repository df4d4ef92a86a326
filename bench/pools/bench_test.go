package pools

import (
	"flag"
	"runtime"
	"testing"
	"time"
)

// Workloads (see bench/RESULTS.md). Tasks are submitted in batches of batchSize
// and each batch is waited for before the next (submit-and-wait), so one op is
// one task and ns/op is ns/task; the map workload reports per element. run.sh
// sets -benchtime 1000000x for a–d: 1M tasks per sample.
const (
	batchSize   = 10_000
	limitB      = 1000
	sleepTasks  = 100_000
	sleepLimit  = 10_000
	sleepFor    = 10 * time.Millisecond
	mapLen      = 1 << 20
	peakEvery   = time.Millisecond
	cpuTaskIter = 400 // about 1 µs of CPU on the 2-vCPU VM of research/pools.md
)

// rotate shifts the order in which libraries run, so that run.sh can interleave
// passes: noise from other processes then hits a different library each time.
var rotate = flag.Int("pools.rotate", 0, "start the library order at this index (mod the number of libraries)")

// noop is the tiny task. It is a variable so that no library can inline it.
var noop = func() {}

// spinSink keeps the result of spin alive; it is written almost never.
var spinSink uint64

// spin is the ~1 µs CPU task: a dependent multiply/xor-shift chain.
var spin = func() {
	x := uint64(0x9E3779B97F4A7C15)
	for range cpuTaskIter {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		x *= 0xBF58476D1CE4E5B9
	}
	if x == 42 {
		spinSink = x
	}
}

var sleep = func() { time.Sleep(sleepFor) }

// mapFn is the per-element function of the map workload, called through a
// variable like a user's callback.
var mapFn = func(v int) int { return v*2 + 1 }

// ordered returns libs starting at index *rotate, with extra (the serial floor)
// first when given.
func ordered(extra ...lib) []lib {
	k := 0
	if len(libs) > 0 {
		k = ((*rotate % len(libs)) + len(libs)) % len(libs)
	}
	out := append([]lib{}, extra...)
	return append(append(out, libs[k:]...), libs[:k]...)
}

// benchTasks runs b.N calls of task through each library, in batches.
func benchTasks(b *testing.B, limit int, task func(), extra ...lib) {
	for _, l := range ordered(extra...) {
		b.Run("lib="+l.name, func(b *testing.B) {
			r := l.open(limit)
			defer r.close()
			m := startMeter(b)
			runBatches(r, task, b.N)
			m.stop(b, b.N)
		})
	}
}

// runBatches runs n tasks in batches of batchSize, waiting after each.
func runBatches(r runner, task func(), n int) {
	for n > 0 {
		k := min(n, batchSize)
		r.run(task, k)
		n -= k
	}
}

// a) tiny tasks, limit = GOMAXPROCS.
func BenchmarkA_NoopLimitP(b *testing.B) {
	benchTasks(b, runtime.GOMAXPROCS(0), noop, serial)
}

// b) tiny tasks, limit = 1000.
func BenchmarkB_NoopLimit1000(b *testing.B) {
	benchTasks(b, limitB, noop)
}

// c) tiny tasks, no limit.
func BenchmarkC_NoopUnbounded(b *testing.B) {
	benchTasks(b, 0, noop)
}

// d) ~1 µs CPU tasks, limit = GOMAXPROCS.
func BenchmarkD_CPULimitP(b *testing.B) {
	benchTasks(b, runtime.GOMAXPROCS(0), spin, serial)
}

// e) 100k tasks sleeping 10 ms, limit 10k, all submitted then waited for. One op
// is the whole run; run.sh runs it with -benchtime 1x, one process per library,
// so the peaks (and Sys, which never shrinks) belong to that library alone.
func BenchmarkE_Sleep(b *testing.B) {
	for _, l := range ordered() {
		b.Run("lib="+l.name, func(b *testing.B) {
			r := l.open(sleepLimit)
			defer r.close()
			p := startPeaks(peakEvery)
			m := startMeter(b)
			for range b.N {
				r.run(sleep, sleepTasks)
			}
			cpu := processCPU() - m.cpu
			m.stop(b, b.N*sleepTasks)
			p.end()
			const mb = 1 << 20
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "wall-ms")
			b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms")
			b.ReportMetric(float64(p.heapInuse)/mb, "peak-heap-MB")
			b.ReportMetric(float64(p.stackInuse)/mb, "peak-stack-MB")
			b.ReportMetric(float64(p.sys)/mb, "peak-sys-MB")
			b.ReportMetric(float64(p.goroutines), "peak-goroutines")
			if rss, ok := peakRSS(); ok {
				b.ReportMetric(float64(rss)/mb, "peak-rss-MB")
			}
		})
	}
}

// f) parallel map over 1M ints: out[i] = mapFn(in[i]). One op is one map;
// per-element figures are reported as .../task.
func BenchmarkF_Map(b *testing.B) {
	in := make([]int, mapLen)
	for i := range in {
		in[i] = i
	}
	for _, l := range ordered(serial) {
		b.Run("lib="+l.name, func(b *testing.B) {
			r := l.open(runtime.GOMAXPROCS(0))
			defer r.close()
			m := startMeter(b)
			for range b.N {
				out := r.mapInts(in, mapFn)
				if out[len(out)-1] != mapFn(in[len(in)-1]) {
					b.Fatalf("%s: wrong map result", l.name)
				}
			}
			m.stop(b, b.N*len(in))
		})
	}
}
