package proc

import (
	"context"
	"fmt"
	"runtime/debug"
)

// server runs one registered function's chunks inside a worker.
type server interface {
	// decode reads the n arguments of a chunk.
	decode(payload []byte, fresh bool, n int) error
	// run calls the function on argument i and keeps its result.
	run(ctx context.Context, i int) (err error, panicked bool, stack string)
	// encode returns the gob encoding of results [from, to).
	encode(from, to int) (payload []byte, fresh bool, err error)
}

type fnServer[A, R any] struct {
	f        *Function[A, R]
	in, out  gobStream
	args     []A
	res      []R
	zeroArgs bool
	zeroRes  bool
}

func (f *Function[A, R]) newServer() server {
	return &fnServer[A, R]{f: f, zeroArgs: zeroSize[A](), zeroRes: zeroSize[R]()}
}

func (s *fnServer[A, R]) decode(payload []byte, fresh bool, n int) error {
	// Reused slices are cleared first: gob leaves zero fields unset, so a
	// stale value would otherwise show through.
	s.args = s.args[:cap(s.args)]
	clear(s.args)
	s.args = s.args[:0]
	if s.zeroArgs {
		s.args = append(s.args, make([]A, n)...)
	} else if err := s.in.decode(payload, fresh, &s.args); err != nil {
		return err
	}
	if len(s.args) != n {
		return fmt.Errorf("got %d arguments, want %d", len(s.args), n)
	}
	s.res = s.res[:cap(s.res)]
	clear(s.res)
	if cap(s.res) < n {
		s.res = make([]R, n)
	}
	s.res = s.res[:n]
	return nil
}

func (s *fnServer[A, R]) run(ctx context.Context, i int) (err error, panicked bool, stack string) {
	defer func() {
		if r := recover(); r != nil {
			err, panicked, stack = fmt.Errorf("%v", r), true, string(debug.Stack())
		}
	}()
	s.res[i], err = s.f.fn(ctx, s.args[i])
	return err, false, ""
}

func (s *fnServer[A, R]) encode(from, to int) ([]byte, bool, error) {
	if s.zeroRes {
		return nil, false, nil
	}
	return s.out.encode(s.res[from:to])
}
