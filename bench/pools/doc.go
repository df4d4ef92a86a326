// Package pools benchmarks crew's Group and Map against the goroutine pools and
// structured-concurrency libraries Go programmers use instead: raw goroutines with
// a sync.WaitGroup, golang.org/x/sync/errgroup, github.com/sourcegraph/conc,
// github.com/alitto/pond/v2 and github.com/panjf2000/ants/v2.
//
// Everything lives in the test files: one adapter per library (adapters_test.go,
// crew_test.go), the workloads a–f (bench_test.go), the measurements
// (measure_test.go) and TestAdapters, which checks that every adapter runs exactly
// the tasks it is given and never more at once than its limit. bench/run.sh runs
// the benchmarks interleaved, one process per library for the sleep workload, and
// the summarize command turns the output into the tables in bench/RESULTS.md.
package pools
