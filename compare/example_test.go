package compare_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/crewrun/crew/compare"
)

// Classify reads a sample's CPU time against its wall time.
func ExampleClassify() {
	ms := time.Millisecond
	waits := compare.Sample{Runs: 3, Wall: 600 * ms, CPU: 6 * ms}
	computes := compare.Sample{Runs: 3, Wall: 600 * ms, CPU: 590 * ms}
	// On a busy machine a thread got a fifth of a core: 110ms of CPU in
	// 600ms is then most of the time the command could run.
	crowded := compare.Sample{Runs: 3, Wall: 600 * ms, CPU: 110 * ms, CPUShare: 0.2}
	fmt.Println(compare.Classify(waits, 2))
	fmt.Println(compare.Classify(computes, 2))
	fmt.Println(compare.Classify(crowded, 2))
	// Output:
	// I/O-bound
	// CPU-bound
	// CPU-bound
}

// Advise runs a command a few times and says how to run many of it.
func ExampleAdvise() {
	a, err := compare.Advise(context.Background(), "sleep 0.1", compare.AdviseOptions{Runs: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Class, a.Jobs)
	fmt.Print(a)
}

// Run measures the table; Self is how this program starts itself as a
// cell (crew passes its own path and "compare").
func ExampleRun() {
	exe, _ := os.Executable()
	r, err := compare.Run(context.Background(), compare.Options{
		Self:      []string{exe, "compare"},
		Workloads: []compare.Workload{compare.Sleep, compare.CPU},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	r.WriteTable(os.Stdout)
}
