package crew_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/crewrun/crew"
)

func ExampleGroup() {
	var g crew.Group // the zero value is ready: no limit, no context
	results := make([]int, 5)
	for i := range results {
		g.Go(func(context.Context) error {
			results[i] = i * i
			return nil
		})
	}
	if err := g.Wait(); err != nil { // joins every task
		fmt.Println(err)
	}
	fmt.Println(results)
	// Output: [0 1 4 9 16]
}

func ExampleNewGroup() {
	g := crew.NewGroup(crew.Limit(2)) // at most 2 tasks run at once
	for _, name := range []string{"a", "b", "c"} {
		g.Go(func(context.Context) error {
			if name == "b" {
				return fmt.Errorf("task %s failed", name)
			}
			return nil
		})
	}
	fmt.Println(g.Wait())
	// Output: task b failed
}

func ExampleWithContext() {
	errNotFound := errors.New("not found")
	g, ctx := crew.WithContext(context.Background(), crew.Limit(4))
	for i := range 10 {
		g.Go(func(ctx context.Context) error {
			if i == 3 {
				return fmt.Errorf("item %d: %w", i, errNotFound)
			}
			<-ctx.Done() // the others wait until the failure cancels them
			return ctx.Err()
		})
	}
	err := g.Wait()
	// The cause is reported once, not buried under nine context.Canceled.
	fmt.Println(err)
	fmt.Println(errors.Is(err, errNotFound), errors.Is(context.Cause(ctx), errNotFound))
	// Output:
	// item 3: not found
	// true true
}

func ExampleKeepGoing() {
	g, _ := crew.WithContext(context.Background(), crew.KeepGoing())
	for _, name := range []string{"a", "b", "c"} {
		g.Go(func(ctx context.Context) error {
			if name != "b" {
				return fmt.Errorf("%s failed", name)
			}
			return ctx.Err() // not cancelled by the others' errors
		})
	}
	err := g.Wait()
	fmt.Println(strings.Count(err.Error(), "failed"), "errors")
	// Output: 2 errors
}

func ExampleGroup_TryGo() {
	g := crew.NewGroup(crew.Limit(1))
	release := make(chan struct{})
	started := make(chan struct{})
	g.TryGo(func(context.Context) error { close(started); <-release; return nil })
	<-started
	// The group is full: TryGo refuses instead of waiting.
	if !g.TryGo(func(context.Context) error { return nil }) {
		fmt.Println("full: run it here instead")
	}
	close(release)
	g.Wait()
	// Output: full: run it here instead
}

func ExamplePanicError() {
	var g crew.Group
	g.Go(func(context.Context) error {
		var tasks []string
		_ = tasks[len(tasks)] // panics: index out of range
		return nil
	})
	err := g.Wait() // the process did not crash
	var pe *crew.PanicError
	if errors.As(err, &pe) {
		fmt.Println("recovered:", pe.Value)
		fmt.Println("stack names the task:", strings.Contains(string(pe.Stack), "ExamplePanicError"))
	}
	// Output:
	// recovered: runtime error: index out of range [0] with length 0
	// stack names the task: true
}

func ExampleAsync() {
	ctx := context.Background()
	user := crew.Async(ctx, func(ctx context.Context) (string, error) { return "ada", nil })
	posts := crew.Async(ctx, func(ctx context.Context) (int, error) { return 3, nil })
	u, err := user.Await(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	n, err := posts.Await(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(u, n)
	// Output: ada 3
}

func ExampleGather() {
	ctx := context.Background()
	var futures []*crew.Future[string]
	for _, word := range []string{"a", "b", "c"} {
		futures = append(futures, crew.Async(ctx, func(ctx context.Context) (string, error) {
			return strings.ToUpper(word), nil
		}))
	}
	words, err := crew.Gather(ctx, futures...) // the first error would cancel the rest
	fmt.Println(words, err)
	// Output: [A B C] <nil>
}

func ExampleGatherAll() {
	ctx := context.Background()
	futures := []*crew.Future[int]{
		crew.Async(ctx, func(ctx context.Context) (int, error) { return 1, nil }),
		crew.Async(ctx, func(ctx context.Context) (int, error) { return 0, errors.New("no answer") }),
		crew.Async(ctx, func(ctx context.Context) (int, error) { return 3, nil }),
	}
	values, err := crew.GatherAll(ctx, futures...) // waits for all, collects every error
	fmt.Println(values)
	fmt.Println(err)
	// Output:
	// [1 0 3]
	// future 1: no answer
}

func ExampleMap() {
	words := []string{"go", "crew", "map"}
	lengths, err := crew.Map(context.Background(), words, func(ctx context.Context, w string) (int, error) {
		return len(w), nil
	})
	fmt.Println(lengths, err) // input order
	// Output: [2 4 3] <nil>
}

func ExampleForEach() {
	squares := make([]int, 5)
	err := crew.ForEach(context.Background(), []int{0, 1, 2, 3, 4}, func(ctx context.Context, v int) error {
		squares[v] = v * v // each element is visited by one goroutine
		return nil
	}, crew.Limit(2))
	fmt.Println(squares, err)
	// Output: [0 1 4 9 16] <nil>
}

func ExampleStream() {
	lines := slices.Values([]string{"a", "bb", "ccc", "dddd"})
	for n, err := range crew.Stream(context.Background(), lines, func(ctx context.Context, s string) (int, error) {
		return len(s), nil
	}, crew.Limit(2)) {
		if err != nil {
			fmt.Println(err)
			break // cancels and joins the stream's goroutines
		}
		fmt.Println(n) // input order; crew.Unordered() yields as completed
	}
	// Output:
	// 1
	// 2
	// 3
	// 4
}

// A Group is reused batch after batch: Wait returns a batch's errors (again,
// if called again), and the next Go starts a new batch.
func ExampleGroup_Wait() {
	var g crew.Group
	g.Go(func(context.Context) error { return errors.New("batch 1 failed") })
	fmt.Println(g.Wait())
	fmt.Println(g.Wait()) // no Go since: the same error

	g.Go(func(context.Context) error { return nil }) // batch 2
	fmt.Println(g.Wait())
	// Output:
	// batch 1 failed
	// batch 1 failed
	// <nil>
}
