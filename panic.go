package crew

import (
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"runtime/debug"
	"strings"
)

// PanicError is a panic in a task, turned into an error so that it never
// crashes the process behind the caller's back. [Group.Wait], [Map],
// [ForEach], [Stream] and [Future.Await] return it (errors.As finds it in a
// joined error); with [Repanic], it is re-raised as the panic value in the
// goroutine that joins the work.
//
// Its Error is one line, the panic value and the task's function, so a
// logged error stays a log line; the stack is in Stack, and formatting
// with %+v prints it after that line.
type PanicError struct {
	// Value is the value passed to panic.
	Value any
	// Func is the name of the task's function (for Stream's input, of the
	// input iterator), as the runtime reports it.
	Func string
	// Stack is the panicking goroutine's stack, taken when the panic was
	// recovered; it names the function that panicked.
	Stack []byte
}

// newPanicError must be called from the deferred function that recovered
// r, so that the stack still shows the panicking frames; fn is the task's
// function.
func newPanicError(r, fn any) *PanicError {
	return &PanicError{Value: r, Func: funcName(fn), Stack: debug.Stack()}
}

// Error returns "panic in <function>: <value>", on one line.
func (e *PanicError) Error() string {
	return fmt.Sprintf("panic in %s: %s", e.Func, strings.ReplaceAll(fmt.Sprint(e.Value), "\n", " "))
}

// Format prints Error for %v and %s, and with %+v also the stack.
func (e *PanicError) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('+'):
		fmt.Fprintf(f, "%s\n\n%s", e.Error(), e.Stack)
	case verb == 'v' || verb == 's':
		fmt.Fprint(f, e.Error())
	case verb == 'q':
		fmt.Fprintf(f, "%q", e.Error())
	default:
		fmt.Fprintf(f, "%%!%c(*crew.PanicError=%s)", verb, e.Error())
	}
}

// Unwrap returns the panic value if it is an error, so errors.Is and
// errors.As see through a panic(err); otherwise nil.
func (e *PanicError) Unwrap() error {
	if err, ok := e.Value.(error); ok {
		return err
	}
	return nil
}

// ErrGoexit is the error of a task that called [runtime.Goexit] (for
// example t.FailNow in a test helper) instead of returning. crew reports it
// wrapped with the task's function ([Group], [Async]) or the element's index
// ([Map], [ForEach], [Stream]); errors.Is(err, ErrGoexit) finds it. The
// goroutine that ran the task has exited; crew replaces it, and every other
// task still runs and reports its result.
var ErrGoexit = errors.New("task called runtime.Goexit")

// goexitError names the function fn that called runtime.Goexit.
func goexitError(fn any) error {
	return fmt.Errorf("crew: %s: %w", funcName(fn), ErrGoexit)
}

// funcName returns the name of the function fn, for errors.
func funcName(fn any) string {
	v := reflect.ValueOf(fn)
	if v.Kind() != reflect.Func || v.IsNil() {
		return "task"
	}
	if f := runtime.FuncForPC(v.Pointer()); f != nil {
		return f.Name()
	}
	return "task"
}
