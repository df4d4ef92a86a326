package seed

import (
	"context"
	"io"
	"time"

	"github.com/crewrun/crew"
)

// Threads is the seed's first program: n tasks start together, each sleeps
// for delay, and the program joins them all with a [crew.Group] before it
// prints "All tasks completed.". It takes about delay, not n × delay.
//
// The Python original:
//
//	threads = []
//	for i in range(3):
//	    thread = threading.Thread(target=task, args=(i, 1))
//	    threads.append(thread)
//	    thread.start()
//	for thread in threads:
//	    thread.join()
//	print("All tasks completed.")
func Threads(w io.Writer, n int, delay time.Duration) error {
	p := &printer{w: w}
	task := func(name int, delay time.Duration) {
		p.say("Task %d: starting\n", name)
		time.Sleep(delay)
		p.say("Task %d: finishing\n", name)
	}

	var g crew.Group // the zero value is ready: no limit, no context
	for i := range n {
		g.Go(func(context.Context) error {
			task(i, delay)
			return nil
		})
	}
	if err := g.Wait(); err != nil { // join: wait for every task
		return err
	}
	p.say("All tasks completed.\n")
	return nil
}
