package pools

import (
	"context"
	"runtime"
	"testing"

	"github.com/crewrun/crew"
	"golang.org/x/sync/errgroup"
)

// TestTryGoRetriesLikeErrgroup runs rounds of "the task's last statement
// signals a channel, then the caller retries TryGo until it succeeds" on a
// group of limit 1, for crew and for errgroup in the same test: crew must
// need no more retries per round than errgroup (a slot is free as soon as
// the task returns, not when its worker has found nothing more to do).
func TestTryGoRetriesLikeErrgroup(t *testing.T) {
	const rounds = 200
	count := func(tryGo func(func()) bool, wait func() error) int {
		retries := 0
		signal := make(chan struct{})
		task := func() { signal <- struct{}{} }
		for !tryGo(task) {
			t.Fatal("the first TryGo on an empty group failed")
		}
		for range rounds {
			<-signal
			for !tryGo(task) {
				retries++
				runtime.Gosched()
			}
		}
		<-signal
		if err := wait(); err != nil {
			t.Fatal(err)
		}
		return retries
	}
	g := crew.NewGroup(crew.Limit(1))
	crewRetries := count(func(f func()) bool {
		return g.TryGo(func(context.Context) error { f(); return nil })
	}, g.Wait)
	var eg errgroup.Group
	eg.SetLimit(1)
	egRetries := count(func(f func()) bool {
		return eg.TryGo(func() error { f(); return nil })
	}, eg.Wait)
	t.Logf("retries over %d rounds: crew %d, errgroup %d", rounds, crewRetries, egRetries)
	// One retry per round of slack for scheduling on a shared machine.
	if crewRetries > egRetries+rounds {
		t.Fatalf("crew retried TryGo %d times over %d rounds, errgroup %d: want no more than errgroup's (+1 a round)", crewRetries, rounds, egRetries)
	}
}
