package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/crewrun/crew/proc"
)

// demoArgs are the arguments of the seed's task(name, delay): a struct
// makes proc.Map a starmap.
type demoArgs struct {
	Name  int
	Delay time.Duration
}

// demoTask is the seed's multiprocessing task. It runs in a worker process
// (this executable started again), so it prints to its own stdout, which
// the pool forwards a whole line at a time.
var demoTask = proc.Func("crew.demo.task", func(ctx context.Context, a demoArgs) (struct{}, error) {
	fmt.Printf("Task %d: starting\n", a.Name)
	time.Sleep(a.Delay)
	fmt.Printf("Task %d: finishing\n", a.Name)
	return struct{}{}, nil
})

// demoProcesses is the seed's third program:
//
//	if __name__ == '__main__':
//	    with multiprocessing.Pool(processes=3) as pool:
//	        results = pool.starmap(task, [(i, 1) for i in range(3)])
//	    print("All tasks completed.")
//
// with a pool of tasks processes; the workers' output goes to w. The
// crew binary calls proc.Main first in main, which is Go's
// "if __name__ == '__main__'".
func demoProcesses(ctx context.Context, w io.Writer, tasks int, delay time.Duration) error {
	pool, err := proc.NewPool(ctx, proc.WithWorkers(tasks), proc.WithOutput(w, w))
	if err != nil {
		return err
	}
	defer pool.Close()
	args := make([]demoArgs, tasks)
	for i := range args {
		args[i] = demoArgs{Name: i, Delay: delay}
	}
	if _, err := proc.Map(ctx, pool, demoTask, args, proc.WithChunkSize(1)); err != nil {
		return err
	}
	if err := pool.Close(); err != nil {
		return err
	}
	_, err = fmt.Fprintln(w, "All tasks completed.")
	return err
}
