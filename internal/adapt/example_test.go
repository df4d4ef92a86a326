package adapt_test

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/crewrun/crew/internal/adapt"
)

// A Limiter guards tasks like a semaphore whose size it chooses itself.
func ExampleLimiter() {
	l := adapt.New(adapt.Config{Initial: 4, Max: 256})
	fmt.Println("starts at", l.Limit())

	var wg sync.WaitGroup
	for range 100 {
		if err := l.Acquire(context.Background()); err != nil {
			break
		}
		wg.Go(func() {
			defer l.Release()
			time.Sleep(time.Millisecond) // the task
		})
	}
	wg.Wait()
	fmt.Println("in flight after the tasks:", l.Inflight())
	// Output:
	// starts at 4
	// in flight after the tasks: 0
}

// A Controller only decides; a slot limiter of its own asks it for the
// limit after each task.
func ExampleController() {
	c := adapt.NewController(adapt.Config{Initial: 2})
	c.Started()
	limit := c.Finished()
	fmt.Println(limit)
	// Output: 2
}
