// Package proc runs Go functions in a pool of worker processes, like
// Python's multiprocessing.Pool, for work that must not share a process
// with its caller: a crash, a leak or a non-thread-safe cgo library stays
// in its worker; a stuck task is killed, which no goroutine can be; a
// worker can have a memory limit and be replaced after n tasks.
//
// A task is a function registered at package level with [Func]:
//
//	var square = proc.Func("square", func(ctx context.Context, x int) (int, error) {
//		return x * x, nil
//	})
//
//	func main() {
//		proc.Main() // first: in a worker process, serve tasks and exit
//		pool, err := proc.NewPool(ctx, proc.WithWorkers(4))
//		...
//		defer pool.Close()
//		y, err := proc.Call(ctx, pool, square, 7)          // 49
//		ys, err := proc.Map(ctx, pool, square, []int{1, 2}) // [1 4]
//	}
//
// Workers are the program's own executable started again with a marker
// in the environment; [Main] is Go's "if __name__ == '__main__'". The
// pool talks to a worker over two pipes that are not its stdout or stderr,
// so a task that prints cannot corrupt the protocol. Items travel in
// chunks. Arguments and results of plain types (numbers, bools, and arrays
// and structs of those) are copied as memory, with no per-item encoding,
// and a big chunk of them goes through memory the pool shares with the
// worker, where the function reads its arguments and writes its results in
// place; strings and byte slices go as one block; other types use
// encoding/gob, one stream per function and worker (types are described
// once).
//
// What happens when things go wrong:
//   - A task that returns an error or panics fails alone, with a
//     [*TaskError] (wrapping a [*PanicError] with the stack for a panic);
//     the worker goes on.
//   - A worker that dies mid-task (os.Exit, a panic in another goroutine,
//     SIGKILL, a segfault, out of memory) fails that task with a
//     [*WorkerError]: exit status or signal and the start of the Go crash
//     report. The pool starts a new worker; the other tasks complete (items
//     of the same chunk that had run but whose results died with the
//     worker run again). Python's pool raises BrokenProcessPool instead.
//   - [WithTimeout] kills a task's worker, and everything the task
//     started (the worker's process group), when the task runs too long.
//   - [WithRetries] runs a failed task again.
//   - Cancelling a call's context kills the workers running its tasks;
//     cancelling the pool's context stops the pool.
//   - No worker outlives the pool: [Pool.Close] stops them, and on Linux
//     they die with the pool's process (Pdeathsig), taking their process
//     groups with them.
//
// Output: what a task writes to stdout or os.Stderr is forwarded to the
// pool's stdout and stderr (see [WithOutput]) a whole line at a time,
// never two tasks in one line, or handed to the caller per task with
// [WithCapture].
//
// Costs: a [Call] is one round trip over a pipe to a worker process; a
// [Map] batches many tasks per message, so a cheap task costs far less than
// a round trip, though more than crew.Map's goroutines in one process.
// Starting a pool starts its worker processes. The measurements against
// Python's multiprocessing, with the commands behind them, are in
// bench/proc/RESULTS.md.
package proc
