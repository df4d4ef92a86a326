package pools

import (
	"fmt"
	"runtime"
	"slices"
	"testing"
)

// s) small groups: one op is "new group, N tasks, Wait", as a request
// handler uses errgroup, for N = 1, 2, 8 and 64, without a limit and with
// limit GOMAXPROCS, for crew, errgroup, conc and raw (a sync.WaitGroup, a
// channel semaphore with a limit) in the same run. ns/op and B/op are per
// group, not per task.
func BenchmarkS_SmallGroup(b *testing.B) {
	names := []string{"crew", "errgroup", "conc", "raw"}
	for _, limit := range []int{0, runtime.GOMAXPROCS(0)} {
		for _, n := range []int{1, 2, 8, 64} {
			for _, l := range ordered() {
				if !slices.Contains(names, l.name) {
					continue
				}
				b.Run(fmt.Sprintf("limit=%d/n=%d/lib=%s", limit, n, l.name), func(b *testing.B) {
					r := l.open(limit)
					defer r.close()
					b.ReportAllocs()
					for b.Loop() {
						r.run(noop, n)
					}
				})
			}
		}
	}
}
