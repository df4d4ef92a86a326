package compare

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/crewrun/crew/proc"
)

// poolTask runs one task in a proc worker process. Registered at package
// level so the workers, which re-execute the binary, know it.
var poolTask = proc.Func("crew/compare.task", func(ctx context.Context, ts TaskSpec) (struct{}, error) {
	var client *http.Client
	if ts.Workload == HTTP {
		client = workerClient()
	}
	t, err := newTask(ts.Workload, ts.Sizes, client, ts.URL)
	if err != nil {
		return struct{}{}, err
	}
	return struct{}{}, t(ctx)
})

// workerClient is one keep-alive client per worker process.
var workerClient = sync.OnceValue(func() *http.Client { return newClient(64) })

// runPool runs the tasks on a pool of jobs worker processes, started and
// closed inside the measurement, as the seed's "with Pool(3) as pool" does;
// it returns how long the pool took to start.
func runPool(ctx context.Context, n, jobs int, ts TaskSpec) (time.Duration, error) {
	start := time.Now()
	pool, err := proc.NewPool(ctx, proc.WithWorkers(jobs))
	startup := time.Since(start)
	if err != nil {
		return startup, err
	}
	args := make([]TaskSpec, n)
	for i := range args {
		args[i] = ts
	}
	_, err = proc.Map(ctx, pool, poolTask, args, proc.WithChunkSize(1))
	return startup, errors.Join(err, pool.Close())
}
