package seed

import (
	"context"
	"io"
	"time"

	"github.com/crewrun/crew"
)

// Asyncio is the seed's second program: n futures started with
// [crew.Async], each sleeping for delay, gathered with [crew.Gather] before
// it prints "All tasks completed.". Like asyncio.sleep, a task's sleep ends
// early when ctx is cancelled, and Asyncio then returns the cause.
//
// The Python original:
//
//	async def main():
//	    tasks = [task(i, 1) for i in range(3)]
//	    await asyncio.gather(*tasks)
//	    print("All tasks completed.")
//	asyncio.run(main())
func Asyncio(ctx context.Context, w io.Writer, n int, delay time.Duration) error {
	p := &printer{w: w}
	task := func(ctx context.Context, name int, delay time.Duration) (struct{}, error) {
		p.say("Task %d: starting\n", name)
		t := time.NewTimer(delay) // await asyncio.sleep(delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return struct{}{}, context.Cause(ctx)
		}
		p.say("Task %d: finishing\n", name)
		return struct{}{}, nil
	}

	futures := make([]*crew.Future[struct{}], n)
	for i := range n {
		futures[i] = crew.Async(ctx, func(ctx context.Context) (struct{}, error) {
			return task(ctx, i, delay)
		})
	}
	if _, err := crew.Gather(ctx, futures...); err != nil {
		return err
	}
	p.say("All tasks completed.\n")
	return nil
}
