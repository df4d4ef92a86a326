package crew_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/crewrun/crew"
)

// deep calls f from n frames below the caller.
//
//go:noinline
func deep(n int, f func()) {
	if n == 0 {
		f()
		return
	}
	deep(n-1, f)
}

// TestGoOnOwnFullGroup fills a Limit(1) group's queue from its only task,
// from 1000 frames deep and from a goroutine the task starts and waits for:
// Go must neither block forever nor let two tasks run at once.
func TestGoOnOwnFullGroup(t *testing.T) {
	const extra = 3000 // more than the queue holds
	callers := map[string]func(f func()){
		"depth 1000": func(f func()) { deep(1000, f) },
		"goroutine": func(f func()) {
			done := make(chan struct{})
			go func() { defer close(done); deep(10, f) }()
			<-done
		},
	}
	for name, call := range callers {
		t.Run(name, func(t *testing.T) {
			g := crew.NewGroup(crew.Limit(1))
			var n, cur, peak atomic.Int64
			task := func(context.Context) error {
				if c := cur.Add(1); c > peak.Load() {
					peak.Store(c)
				}
				n.Add(1)
				cur.Add(-1)
				return nil
			}
			g.Go(func(context.Context) error {
				cur.Add(1)
				defer cur.Add(-1)
				call(func() {
					for range extra {
						g.Go(task)
					}
				})
				return nil
			})
			if err := g.Wait(); err != nil {
				t.Fatal(err)
			}
			if n.Load() != extra || peak.Load() > 1 {
				t.Fatalf("ran %d tasks (want %d), peak %d (limit 1)", n.Load(), extra, peak.Load())
			}
		})
	}
}
