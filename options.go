package crew

import (
	"runtime"

	"github.com/crewrun/crew/internal/adapt"
)

// Option configures a [Group], [Map], [ForEach] or [Stream]. Options are
// named for what they do; each function's doc comment lists the options it
// honours, and an option that does not apply is ignored.
type Option func(*options)

// options is the single struct behind every Option.
type options struct {
	limit      int
	limitSet   bool
	firstError bool
	repanic    bool
	unordered  bool
	keepGoing  bool
}

func buildOptions(opts []Option) options {
	var o options
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	return o
}

// Auto, passed to [Limit], asks crew to choose the number of goroutines.
//
// In a [Group] the limit adapts while tasks run, from the throughput it
// measures (package internal/adapt): it starts at GOMAXPROCS, doubles while
// that pays, then settles and probes a step up or down now and then. Tasks
// that compute settle at about one per core; tasks that wait (sleep,
// network) climb into the hundreds, up to 1024, and the limit shrinks while
// the process's memory is over 90% of GOMEMLIMIT (or half the machine's
// memory). Workers are started up to the limit of the moment, and each task
// takes a slot of it while it runs (a mutex and a closure per task), so
// when the limit shrinks the workers beyond it wait. In [Stream] the same
// adaptive limit bounds the calls of fn in flight, and the read-ahead
// (values read and not yet yielded) stays under twice its current value.
// [Map] and [ForEach] split the work into small chunks (len/4096, at least
// one element), each holding a slot of the adaptive limit while it runs,
// and start goroutines as the limit grows.
const Auto = -1

// Limit bounds the number of goroutines running tasks at once to n.
//
// n <= 0 (other than [Auto]) means no limit: every task may run at once.
// That is the default of a [Group]. [Map] and [ForEach] default to
// GOMAXPROCS, and treat "no limit" as one goroutine per element. [Stream]
// always bounds its work (it must, to bound memory): it defaults to
// GOMAXPROCS and treats "no limit" the same way. Limit(Auto) adapts in a
// Group, Map, ForEach and Stream; see [Auto].
func Limit(n int) Option {
	return func(o *options) { o.limit, o.limitSet = n, true }
}

// FirstError makes Wait (and Map, ForEach) return only the first error a task
// returned, instead of [errors.Join] of every error.
func FirstError() Option {
	return func(o *options) { o.firstError = true }
}

// Repanic makes a task's panic re-raise in the goroutine that joins the work
// (the caller of [Group.Wait], [Map], [ForEach], or the loop over [Stream]),
// once every goroutine has finished. The panic value is the *[PanicError],
// which carries the original value and the panicking goroutine's stack.
// Without Repanic, the *PanicError is returned as an error.
func Repanic() Option {
	return func(o *options) { o.repanic = true }
}

// Unordered makes [Stream] yield each result as soon as it is ready, instead
// of in input order. It keeps fewer results waiting and so yields sooner
// when task durations vary.
func Unordered() Option {
	return func(o *options) { o.unordered = true }
}

// KeepGoing turns off fail-fast. In a group from [WithContext], a task error
// no longer cancels the group's context (only [Group.Cancel] and Wait do);
// in [Map] and [ForEach], every element is processed and every error is
// returned.
func KeepGoing() Option {
	return func(o *options) { o.keepGoing = true }
}

// limiter decides how many goroutines may run tasks at once. It is the one
// place that interprets [Limit] and [Auto], so an adaptive limit (Auto) can
// be wired in here without touching Group, Map or Stream: Group asks
// limit() each time it considers starting a worker, so a limit that moves
// (internal/adapt) takes effect at the next task.
type limiter struct {
	max  int            // 0: no limit
	auto *adapt.Limiter // Limit(Auto) in a Group: tasks take its slots
}

// limit returns the current maximum number of goroutines (0: no limit): for
// Auto in a Group, the adaptive limit of the moment.
func (l limiter) limit() int {
	if l.auto != nil {
		return l.auto.Limit()
	}
	return l.max
}

// newLimiter resolves o's limit; def is the default when no Limit was given
// (0 for no limit).
func newLimiter(o *options, def int) limiter {
	n := def
	if o.limitSet {
		n = o.limit
	}
	switch {
	case n == Auto:
		n = runtime.GOMAXPROCS(0)
	case n < 0:
		n = 0
	}
	return limiter{max: n}
}

// unbounded reports whether there is no limit.
func (l limiter) unbounded() bool { return l.max <= 0 }

// workersFor returns how many goroutines to use for n independent items:
// the limit, or n when there is no limit or fewer items than the limit.
func (l limiter) workersFor(n int) int {
	if l.max <= 0 || l.max > n {
		return n
	}
	return l.max
}
