// Package crew runs many tasks well: it starts goroutines, bounds them,
// joins them, and returns their results and errors, with cancellation and
// panics handled so that nothing is lost and nothing leaks.
//
//   - [Group] is structured concurrency in the style of errgroup: Go and
//     Wait, an optional [Limit], fail-fast cancellation ([WithContext]) or
//     [KeepGoing], every error joined or only the first ([FirstError]).
//   - [Async], [Future.Await], [Gather] and [GatherAll] are futures in the
//     style of Python's asyncio.
//   - [Map], [ForEach] and [Stream] are data-parallel: over a slice in
//     chunks, or over an [iter.Seq] with bounded memory, results in input
//     order (or as completed, with [Unordered]).
//
// A panic in a task never crashes the process behind the caller's back: it
// becomes a *[PanicError] carrying the panic value and the panicking
// goroutine's stack, returned like any error, or re-raised where the work is
// joined with [Repanic].
//
// Every goroutine crew starts has exited when the call that joins it
// returns ([Group.Wait], Map, ForEach, the range loop over Stream, Gather
// after an error). The exception is [Async], whose goroutine runs until its
// function returns, like any goroutine; cancel it with [Future.Cancel].
//
// Options come in families, one interface per kind of call, so that an
// option that does not apply is a compile-time error rather than ignored:
//
//   - a [GroupOption] configures [NewGroup] and [WithContext]: [Limit],
//     [Auto], [FirstError], [KeepGoing], [Repanic];
//   - a [MapOption] configures [Map] and [ForEach]: [Limit], [Auto],
//     [FirstError], [KeepGoing], [Repanic];
//   - a [StreamOption] configures [Stream]: [Limit], [Auto], [Unordered],
//     [Repanic].
//
// Without [Limit] or [Auto], a Group has no bound on running tasks, and
// Map, ForEach and Stream run on GOMAXPROCS goroutines.
//
// crew uses only the standard library.
package crew
