// Command multiprocessing runs the seed's third program,
// multiprocessing.Pool(processes=3).starmap, in Go with crew's proc package:
// three worker processes (this program, started again) each run one task.
//
//	go run ./examples/seed/multiprocessing
//
// The Python original:
//
//	def task(name, delay):
//	    print(f"Task {name}: starting")
//	    time.sleep(delay)
//	    print(f"Task {name}: finishing")
//
//	if __name__ == '__main__':
//	    with multiprocessing.Pool(processes=3) as pool:
//	        results = pool.starmap(task, [(i, 1) for i in range(3)])
//	    print("All tasks completed.")
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/crewrun/crew/proc"
)

// args are task's arguments; a struct argument makes proc.Map a starmap.
type args struct {
	Name  int
	Delay time.Duration
}

// task is registered at package level, so the worker processes know it.
var task = proc.Func("seed.task", func(ctx context.Context, a args) (struct{}, error) {
	fmt.Printf("Task %d: starting\n", a.Name)
	time.Sleep(a.Delay)
	fmt.Printf("Task %d: finishing\n", a.Name)
	return struct{}{}, nil
})

func main() {
	proc.Main() // Go's "if __name__ == '__main__'": a worker serves here and exits
	if err := run(context.Background(), os.Stdout, 3, time.Second); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// run starts a pool of n processes, runs task(i, delay) for i in 0..n-1
// with the workers' output forwarded to w, and waits for all of them.
func run(ctx context.Context, w io.Writer, n int, delay time.Duration) error {
	pool, err := proc.NewPool(ctx, proc.WithWorkers(n), proc.WithOutput(w, w))
	if err != nil {
		return err
	}
	defer pool.Close()
	work := make([]args, n)
	for i := range work {
		work[i] = args{Name: i, Delay: delay}
	}
	if _, err := proc.Map(ctx, pool, task, work, proc.WithChunkSize(1)); err != nil {
		return err
	}
	pool.Close()
	fmt.Fprintln(w, "All tasks completed.")
	return nil
}
