package crew

import (
	"fmt"
	"runtime"

	"github.com/crewrun/crew/internal/adapt"
)

// GroupOption configures a [Group] ([NewGroup], [WithContext]).
type GroupOption interface{ applyGroup(*options) }

// MapOption configures [Map] and [ForEach].
type MapOption interface{ applyMap(*options) }

// StreamOption configures [Stream].
type StreamOption interface{ applyStream(*options) }

// options is the single struct behind every option.
type options struct {
	limit      int  // 0: no Limit given
	auto       bool // Auto given
	firstError bool
	repanic    bool
	unordered  bool
	keepGoing  bool
}

func groupOptions(opts []GroupOption) options {
	var o options
	for _, opt := range opts {
		if opt != nil {
			opt.applyGroup(&o)
		}
	}
	return o
}

func mapOptions(opts []MapOption) options {
	var o options
	for _, opt := range opts {
		if opt != nil {
			opt.applyMap(&o)
		}
	}
	return o
}

func streamOptions(opts []StreamOption) options {
	var o options
	for _, opt := range opts {
		if opt != nil {
			opt.applyStream(&o)
		}
	}
	return o
}

// LimitOption bounds the number of goroutines running tasks: [Limit] or
// [Auto]. It applies to a Group, Map, ForEach and Stream; the last one
// given wins. The zero LimitOption stands for no Limit given (the
// default), for code that chooses a limit or none at run time.
type LimitOption struct {
	n    int
	auto bool
}

func (l LimitOption) apply(o *options)       { o.limit, o.auto = l.n, l.auto }
func (l LimitOption) applyGroup(o *options)  { l.apply(o) }
func (l LimitOption) applyMap(o *options)    { l.apply(o) }
func (l LimitOption) applyStream(o *options) { l.apply(o) }

// Limit bounds the number of goroutines running tasks at once to n, which
// must be at least 1: Limit panics otherwise, saying what to pass instead
// (no Limit for the default, [Auto] to adapt). Without Limit, a [Group]
// has no bound, and [Map], [ForEach] and [Stream] run on GOMAXPROCS
// goroutines (Stream always bounds its work, to bound memory).
func Limit(n int) LimitOption {
	if n < 1 {
		panic(fmt.Sprintf("crew: Limit(%d): want n >= 1; for no bound on a Group pass no Limit, for an adaptive limit pass crew.Auto()", n))
	}
	return LimitOption{n: n}
}

// Auto asks crew to choose the number of goroutines, and to adapt it while
// tasks run.
//
// In a [Group] the limit adapts from the throughput it measures (package
// internal/adapt): it starts at GOMAXPROCS, doubles while that pays, then
// settles and probes a step up or down now and then. Tasks that compute
// settle at about one per core; tasks that wait (sleep, network) climb
// into the hundreds, up to 1024, and the limit shrinks while the process's
// memory is over 90% of GOMEMLIMIT (or half the machine's memory). Workers
// are started up to the limit of the moment, and each task takes a slot of
// it while it runs (a mutex and a closure per task), so when the limit
// shrinks the workers beyond it wait. In [Stream] the same adaptive limit
// bounds the calls of fn in flight, and the read-ahead (values read and
// not yet yielded) stays under twice its current value. [Map] and
// [ForEach] split the work into small chunks (len/4096, at least one
// element), each holding a slot of the adaptive limit while it runs, and
// start goroutines as the limit grows.
func Auto() LimitOption { return LimitOption{auto: true} }

// ErrorOption chooses how errors stop and are reported: [FirstError],
// [KeepGoing]. It applies to a Group, Map and ForEach.
type ErrorOption struct{ set func(*options) }

func (e ErrorOption) applyGroup(o *options) { e.set(o) }
func (e ErrorOption) applyMap(o *options)   { e.set(o) }

// FirstError makes Wait (and Map, ForEach) return only the first error a task
// returned, instead of [errors.Join] of every error.
func FirstError() ErrorOption {
	return ErrorOption{func(o *options) { o.firstError = true }}
}

// KeepGoing turns off fail-fast. In a group from [WithContext], a task error
// no longer cancels the group's context (only [Group.Cancel] and Wait do);
// in [Map] and [ForEach], every element is processed and every error is
// returned.
func KeepGoing() ErrorOption {
	return ErrorOption{func(o *options) { o.keepGoing = true }}
}

// RepanicOption is [Repanic]; it applies to a Group, Map, ForEach and
// Stream.
type RepanicOption struct{}

func (RepanicOption) applyGroup(o *options)  { o.repanic = true }
func (RepanicOption) applyMap(o *options)    { o.repanic = true }
func (RepanicOption) applyStream(o *options) { o.repanic = true }

// Repanic makes a task's panic re-raise in the goroutine that joins the work
// (the caller of [Group.Wait], [Map], [ForEach], or the loop over [Stream]),
// once every goroutine has finished. The panic value is the *[PanicError],
// which carries the original value and the panicking goroutine's stack.
// Without Repanic, the *PanicError is returned as an error.
func Repanic() RepanicOption { return RepanicOption{} }

// OrderOption is [Unordered]; it applies to [Stream] only.
type OrderOption struct{}

func (OrderOption) applyStream(o *options) { o.unordered = true }

// Unordered makes [Stream] yield each result as soon as it is ready, instead
// of in input order. It keeps fewer results waiting and so yields sooner
// when task durations vary.
func Unordered() OrderOption { return OrderOption{} }

// limiter is the one place that interprets [Limit] and [Auto]: Group, Map
// and Stream read the bound from it and never look at the options'
// numbers themselves. With Auto it holds the adaptive limiter; Group asks
// limit() each time it considers starting a worker, so a limit that moves
// takes effect at the next task.
type limiter struct {
	max  int            // 0: no limit; with auto, the highest the limit may go
	auto *adapt.Limiter // Auto: tasks (Group), chunks (Map) or calls (Stream) take its slots
}

// newLimiter resolves o's limit. bounded is false for a Group, whose
// default is no limit, and true for Map and Stream, whose default is
// GOMAXPROCS.
func newLimiter(o *options, bounded bool) limiter {
	switch {
	case o.auto:
		return limiter{max: adapt.DefaultMax, auto: adapt.New(adapt.Config{})}
	case o.limit > 0:
		return limiter{max: o.limit}
	case bounded:
		return limiter{max: runtime.GOMAXPROCS(0)}
	}
	return limiter{}
}

// limit returns the current maximum number of goroutines (0: no limit):
// with Auto, the adaptive limit of the moment.
func (l limiter) limit() int {
	if l.auto != nil {
		return l.auto.Limit()
	}
	return l.max
}

// unbounded reports whether there is no limit.
func (l limiter) unbounded() bool { return l.max <= 0 }

// workersFor returns how many goroutines to use for n independent items:
// the limit, or n when there are fewer items than the limit.
func (l limiter) workersFor(n int) int {
	if l.max <= 0 || l.max > n {
		return n
	}
	return l.max
}
