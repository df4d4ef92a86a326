package proc

import (
	"bytes"
	"context"
	"encoding/gob"
	"fmt"
	"io"
	"reflect"
	"sync"
)

// Function is a Go function registered with [Func] under a name, so that a
// worker process, which is the same program re-executed, can find it. Its
// argument A and result R cross the process boundary as gob would send
// them, so they follow gob's rules: exported fields, no channels or
// functions, and concrete types registered with [gob.Register] behind
// interfaces. Plain data (bools, numbers, and arrays and structs of those
// with exported fields only), strings and byte slices take a fast path: a
// chunk of them is copied as one block, without gob. Zero-size types such
// as struct{} cost nothing to send.
type Function[A, R any] struct {
	name     string
	fn       func(context.Context, A) (R, error)
	err      error // set when A or R cannot be encoded; every call returns it
	argCodec codec[A]
	resCodec codec[R]
}

// Name returns the name the function was registered under.
func (f *Function[A, R]) Name() string { return f.name }

// entry is a registered function with its types erased, for the worker.
type entry interface {
	newServer() server
}

var registry struct {
	sync.Mutex
	m map[string]entry
}

// Func registers fn under name and returns a handle to call it through a
// [Pool]. Call it at package level (var f = proc.Func(...)), so that it has
// run in the worker process too before [Main] serves: a function registered
// later, inside main, is unknown to the workers and calls to it fail with an
// error saying so.
//
// Func panics if name is empty or already registered, as
// [flag.Var] does for a flag defined twice. If A or R cannot be encoded
// with gob, every call of the function returns an error that says which.
func Func[A, R any](name string, fn func(ctx context.Context, arg A) (R, error)) *Function[A, R] {
	if name == "" {
		panic("proc: Func with an empty name")
	}
	f := &Function[A, R]{name: name, fn: fn, argCodec: newCodec[A](), resCodec: newCodec[R]()}
	if err := checkType[A](); err != nil {
		f.err = fmt.Errorf("proc: function %q: argument type %v cannot be sent to a worker: %w", name, reflect.TypeFor[A](), err)
	} else if err := checkType[R](); err != nil {
		f.err = fmt.Errorf("proc: function %q: result type %v cannot be sent back from a worker: %w", name, reflect.TypeFor[R](), err)
	}
	registry.Lock()
	defer registry.Unlock()
	if registry.m == nil {
		registry.m = make(map[string]entry)
	}
	if _, dup := registry.m[name]; dup {
		panic(fmt.Sprintf("proc: function %q registered twice", name))
	}
	registry.m[name] = f
	return f
}

func lookup(name string) entry {
	registry.Lock()
	defer registry.Unlock()
	return registry.m[name]
}

// checkType reports whether gob can send a slice of T at all.
func checkType[T any]() error {
	if zeroSize[T]() {
		return nil
	}
	return gob.NewEncoder(io.Discard).Encode(make([]T, 1))
}

func zeroSize[T any]() bool { return reflect.TypeFor[T]().Size() == 0 }

// gobStream is one direction of one function's gob stream on one worker.
// Encoders and decoders live as long as the worker, so type descriptions
// travel once; after an error the stream restarts (flagFresh).
type gobStream struct {
	enc    *gob.Encoder
	encBuf bytes.Buffer
	dec    *gob.Decoder
	in     byteReader
}

// encode appends the gob encoding of v to out; fresh reports whether the
// receiver must start a new decoder.
func (s *gobStream) encode(v any) (payload []byte, fresh bool, err error) {
	if s.enc == nil {
		s.encBuf.Reset()
		s.enc = gob.NewEncoder(&s.encBuf)
		fresh = true
	}
	s.encBuf.Reset()
	if err := s.enc.Encode(v); err != nil {
		s.enc = nil // its state no longer matches the receiver's
		return nil, false, err
	}
	return s.encBuf.Bytes(), fresh, nil
}

// decode decodes one value from payload into v.
func (s *gobStream) decode(payload []byte, fresh bool, v any) error {
	if fresh || s.dec == nil {
		s.dec = gob.NewDecoder(&s.in)
	}
	s.in.b = payload
	err := s.dec.Decode(v)
	if err == nil && len(s.in.b) != 0 {
		err = fmt.Errorf("%d bytes left after the value", len(s.in.b))
	}
	if err != nil {
		s.dec = nil
	}
	return err
}
