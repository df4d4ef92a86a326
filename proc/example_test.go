package proc_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"

	"github.com/crewrun/crew/proc"
)

// Functions are registered at package level, so the workers, which stop
// at proc.Main before main's body runs, have them too.
var (
	cube = proc.Func("example.cube", func(ctx context.Context, x int) (int, error) {
		return x * x * x, nil
	})
	greet = proc.Func("example.greet", func(ctx context.Context, name string) (struct{}, error) {
		fmt.Printf("hello from a worker, %s\n", name)
		return struct{}{}, nil
	})
	crash = proc.Func("example.crash", func(ctx context.Context, code int) (int, error) {
		os.Exit(code)
		return 0, nil
	})
)

func Example() {
	// In a program, main starts with proc.Main(); in tests, TestMain does.
	ctx := context.Background()
	pool, err := proc.NewPool(ctx, proc.WithWorkers(2))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer pool.Close()

	y, err := proc.Call(ctx, pool, cube, 3)
	fmt.Println(y, err)
	ys, err := proc.Map(ctx, pool, cube, []int{1, 2, 3, 4})
	fmt.Println(ys, err)
	// Output:
	// 27 <nil>
	// [1 8 27 64] <nil>
}

// A task's output is forwarded to the pool's stdout, line by line.
func ExampleCall_output() {
	ctx := context.Background()
	pool, err := proc.NewPool(ctx, proc.WithWorkers(1))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer pool.Close()
	proc.Call(ctx, pool, greet, "gopher")
	// Output: hello from a worker, gopher
}

// A worker that dies costs only its task; the pool replaces it.
func ExampleWorkerError() {
	ctx := context.Background()
	pool, err := proc.NewPool(ctx, proc.WithWorkers(1))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer pool.Close()

	_, err = proc.Call(ctx, pool, crash, 3)
	var we *proc.WorkerError
	if errors.As(err, &we) {
		fmt.Println("worker exit status:", we.ExitCode)
	}
	y, err := proc.Call(ctx, pool, cube, 2)
	fmt.Println(y, err)
	// Output:
	// worker exit status: 3
	// 8 <nil>
}

func ExampleImap() {
	ctx := context.Background()
	pool, err := proc.NewPool(ctx, proc.WithWorkers(2))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer pool.Close()
	for y, err := range proc.Imap(ctx, pool, cube, slices.Values([]int{1, 2, 3})) {
		fmt.Println(y, err)
	}
	// Output:
	// 1 <nil>
	// 8 <nil>
	// 27 <nil>
}

func ExampleImapUnordered() {
	ctx := context.Background()
	pool, err := proc.NewPool(ctx, proc.WithWorkers(2))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer pool.Close()
	sum := 0
	for r := range proc.ImapUnordered(ctx, pool, cube, slices.Values([]int{1, 2, 3})) {
		sum += r.Value
	}
	fmt.Println(sum)
	// Output: 36
}
