package crew

import (
	"errors"
	"fmt"
	"runtime/debug"
)

// PanicError is a panic in a task, turned into an error so that it never
// crashes the process behind the caller's back. [Group.Wait], [Map],
// [ForEach], [Stream] and [Future.Await] return it (errors.As finds it in a
// joined error); with [Repanic], it is re-raised as the panic value in the
// goroutine that joins the work.
type PanicError struct {
	// Value is the value passed to panic.
	Value any
	// Stack is the panicking goroutine's stack, taken when the panic was
	// recovered; it names the function that panicked.
	Stack []byte
}

// newPanicError must be called from the deferred function that recovered
// r, so that the stack still shows the panicking frames.
func newPanicError(r any) *PanicError {
	return &PanicError{Value: r, Stack: debug.Stack()}
}

// Error returns "panic: " followed by the value and the stack.
func (e *PanicError) Error() string {
	return fmt.Sprintf("panic: %v\n\n%s", e.Value, e.Stack)
}

// Unwrap returns the panic value if it is an error, so errors.Is and
// errors.As see through a panic(err); otherwise nil.
func (e *PanicError) Unwrap() error {
	if err, ok := e.Value.(error); ok {
		return err
	}
	return nil
}

// errGoexit is reported for a task that called runtime.Goexit (for example
// t.FailNow in a test) instead of returning.
var errGoexit = errors.New("crew: task called runtime.Goexit")
