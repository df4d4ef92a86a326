package proc

import (
	"context"
	"fmt"
	"reflect"
	"runtime/debug"
	"sync/atomic"
	"unsafe"
)

// server runs one registered function's chunks inside a worker.
type server interface {
	// decode reads the n arguments of a chunk. If inShm, payload is in
	// shared memory that stays put until the chunk is done. If shared is
	// not nil, the results go there, in raw form.
	decode(payload []byte, inShm, fresh bool, n int, shared []byte) error
	// run calls the function on arguments [i, to) and keeps their
	// results, storing mark+item+1 in *progress before each item. It stops
	// after an item that fails, or once *stop is set, and returns the
	// index after the last item it ran with that item's error.
	run(ctx context.Context, i, to int, progress *uint64, mark uint64, stop *atomic.Bool) (next int, panicked bool, stack string, err error)
	// appendResults appends the encoding of results [from, to) to dst.
	appendResults(dst []byte, from, to int) (out []byte, fresh bool, err error)
}

type fnServer[A, R any] struct {
	f        *Function[A, R]
	in, out  gobStream
	args     []A // ownArgs, or in shared memory
	ownArgs  []A
	res      []R // own, or in shared memory
	own      []R
	zeroArgs bool
	zeroRes  bool
}

func (f *Function[A, R]) newServer() server {
	return &fnServer[A, R]{f: f, zeroArgs: zeroSize[A](), zeroRes: zeroSize[R]()}
}

func (s *fnServer[A, R]) decode(payload []byte, inShm, fresh bool, n int, shared []byte) error {
	if v, ok := s.f.argCodec.view(payload, n); ok && inShm {
		s.args = v // read in place
	} else {
		if cap(s.ownArgs) < n {
			s.ownArgs = make([]A, n)
		}
		s.args = s.ownArgs[:n]
		if s.zeroArgs {
			clear(s.args)
		} else if err := s.f.argCodec.decode(payload, s.args, &s.in, fresh); err != nil {
			return err
		}
	}
	if shared != nil {
		size := s.f.resCodec.rawSize()
		if size == 0 || len(shared) < n*size || n == 0 || uintptr(unsafe.Pointer(&shared[0]))%uintptr(reflect.TypeFor[R]().Align()) != 0 {
			return fmt.Errorf("results of %d bytes cannot go to %d bytes of shared memory", size, len(shared))
		}
		s.res = unsafe.Slice((*R)(unsafe.Pointer(&shared[0])), n)
	} else {
		if cap(s.own) < n {
			s.own = make([]R, n)
		}
		s.res = s.own[:n]
	}
	// Stale results need no clearing: only items that ran are sent, and
	// the pool zeroes the result of an item that failed.
	return nil
}

func (s *fnServer[A, R]) run(ctx context.Context, i, to int, progress *uint64, mark uint64, stop *atomic.Bool) (next int, panicked bool, stack string, err error) {
	defer func() {
		if r := recover(); r != nil {
			next, panicked, stack, err = i+1, true, string(debug.Stack()), fmt.Errorf("%v", r)
		}
	}()
	fn, args, res := s.f.fn, s.args[:to], s.res[:to]
	for ; i < to; i++ {
		// A plain store: the pool reads it only once this process is dead.
		*progress = mark | uint64(i+1)
		res[i], err = fn(ctx, args[i])
		if err != nil || stop.Load() {
			return i + 1, false, "", err
		}
	}
	return to, false, "", nil
}

func (s *fnServer[A, R]) appendResults(dst []byte, from, to int) ([]byte, bool, error) {
	if s.zeroRes {
		return dst, false, nil
	}
	return s.f.resCodec.append(dst, s.res[from:to], &s.out)
}
