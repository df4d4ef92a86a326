package crew_test

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/crewrun/crew"
)

func goexitTask(context.Context) error { runtime.Goexit(); return nil }

func TestMapGoexitKeepGoing(t *testing.T) {
	const n, bad = 10000, 4321
	for _, opts := range [][]crew.MapOption{{crew.KeepGoing()}, {crew.KeepGoing(), crew.Limit(1)}, {crew.KeepGoing(), crew.Auto()}} {
		out, err := crew.Map(context.Background(), ints(n), func(_ context.Context, v int) (int, error) {
			if v == bad {
				runtime.Goexit()
			}
			return v*2 + 1, nil
		}, opts...)
		if !errors.Is(err, crew.ErrGoexit) || err.Error() != "element 4321: task called runtime.Goexit" {
			t.Fatalf("err = %v, want element 4321 and ErrGoexit", err)
		}
		got := 0
		for i, r := range out {
			if i != bad && r == i*2+1 {
				got++
			}
		}
		if got != n-1 || out[bad] != 0 {
			t.Fatalf("%d results correct, want %d (out[%d] = %d)", got, n-1, bad, out[bad])
		}
	}
}

func TestGoexitIsAnError(t *testing.T) {
	ctx := context.Background()
	check := func(what string, err error, name string) {
		t.Helper()
		if !errors.Is(err, crew.ErrGoexit) || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: err = %v, want ErrGoexit naming %q", what, err, name)
		}
	}
	_, err := crew.Map(ctx, ints(100), func(_ context.Context, v int) (int, error) {
		if v == 7 {
			runtime.Goexit()
		}
		return v, nil
	})
	check("Map", err, "element 7")
	err = crew.ForEach(ctx, ints(100), func(_ context.Context, v int) error {
		if v == 9 {
			runtime.Goexit()
		}
		return nil
	}, crew.KeepGoing())
	check("ForEach", err, "element 9")

	g := crew.NewGroup(crew.Limit(2))
	g.Go(goexitTask)
	check("Group", g.Wait(), "goexitTask")

	f := crew.Async(ctx, func(context.Context) (int, error) { runtime.Goexit(); return 0, nil })
	_, err = f.Await(ctx)
	check("Async", err, "TestGoexitIsAnError")

	seq := func(yield func(int) bool) {
		for i := range 10 {
			if !yield(i) {
				return
			}
		}
	}
	n := 0
	for r, err := range crew.Stream(ctx, seq, func(_ context.Context, v int) (int, error) {
		if v == 3 {
			runtime.Goexit()
		}
		return v, nil
	}) {
		if err != nil {
			check("Stream", err, "element 3")
			continue
		}
		n += r
	}
	if n != 45-3 {
		t.Errorf("Stream: sum of results %d, want %d", n, 45-3)
	}
}
