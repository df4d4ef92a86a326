package crew_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/crewrun/crew"
)

func TestAsyncAwait(t *testing.T) {
	f := crew.Async(context.Background(), func(ctx context.Context) (int, error) { return 42, nil })
	for range 2 { // Await may be called again
		v, err := f.Await(context.Background())
		if v != 42 || err != nil {
			t.Fatalf("Await = %v, %v; want 42, nil", v, err)
		}
	}
	<-f.Done()

	g := crew.Async(context.Background(), func(ctx context.Context) (string, error) { return "", errBoom })
	if _, err := g.Await(context.Background()); err != errBoom {
		t.Fatalf("Await = %v, want errBoom", err)
	}
}

func TestAwaitContextBoundsTheWait(t *testing.T) {
	release := make(chan struct{})
	f := crew.Async(context.Background(), func(ctx context.Context) (int, error) { <-release; return 1, nil })
	ctx, cancel := context.WithCancelCause(context.Background())
	stop := errors.New("stop waiting")
	cancel(stop)
	if _, err := f.Await(ctx); err != stop {
		t.Fatalf("Await = %v, want the context's cause", err)
	}
	close(release) // the task kept running
	if v, err := f.Await(context.Background()); v != 1 || err != nil {
		t.Fatalf("Await = %v, %v", v, err)
	}
}

func TestFutureCancel(t *testing.T) {
	started := make(chan struct{})
	f := crew.Async(context.Background(), func(ctx context.Context) (int, error) {
		close(started)
		<-ctx.Done()
		return 0, ctx.Err()
	})
	<-started
	f.Cancel()
	if _, err := f.Await(context.Background()); !errors.Is(err, context.Canceled) {
		t.Fatalf("Await = %v, want context.Canceled", err)
	}
	f.Cancel() // after completion: nothing
}

func TestFuturePanic(t *testing.T) {
	f := crew.Async(context.Background(), func(ctx context.Context) (int, error) { return 0, panicky(ctx) })
	_, err := f.Await(context.Background())
	var pe *crew.PanicError
	if !errors.As(err, &pe) || !strings.Contains(string(pe.Stack), "crew_test.panicky") {
		t.Fatalf("Await = %v, want a *PanicError naming panicky", err)
	}
}

func TestGather(t *testing.T) {
	tests := []struct {
		name    string
		fail    int // index of the failing future, -1 for none
		want    []int
		wantErr error
	}{
		{"all succeed", -1, []int{0, 10, 20, 30}, nil},
		{"first error cancels the rest", 2, nil, errBoom},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			var cancelled sync.WaitGroup
			fs := make([]*crew.Future[int], 4)
			for i := range fs {
				if tt.fail >= 0 && i != tt.fail {
					cancelled.Add(1)
				}
				fs[i] = crew.Async(ctx, func(ctx context.Context) (int, error) {
					switch {
					case tt.fail < 0:
						return i * 10, nil
					case i == tt.fail:
						return 0, errBoom
					default: // wait to be cancelled by Gather
						defer cancelled.Done()
						<-ctx.Done()
						return 0, ctx.Err()
					}
				})
			}
			got, err := crew.Gather(ctx, fs...)
			if err != tt.wantErr {
				t.Fatalf("Gather error = %v, want %v (as is)", err, tt.wantErr)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("Gather = %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("Gather = %v, want %v", got, tt.want)
				}
			}
			if tt.fail >= 0 {
				for i, f := range fs { // Gather waited for the cancelled ones
					select {
					case <-f.Done():
					default:
						t.Errorf("future %d still running after Gather returned", i)
					}
				}
				cancelled.Wait()
			}
		})
	}
}

func TestGatherContext(t *testing.T) {
	release := make(chan struct{})
	f := crew.Async(context.Background(), func(ctx context.Context) (int, error) { <-release; return 1, nil })
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := crew.Gather(ctx, f); err != context.Canceled {
		t.Fatalf("Gather = %v, want context.Canceled", err)
	}
	if _, err := crew.GatherAll(ctx, f); !errors.Is(err, context.Canceled) {
		t.Fatalf("GatherAll = %v, want context.Canceled", err)
	}
	close(release)
	f.Await(context.Background())
}

func TestGatherAll(t *testing.T) {
	errA := errors.New("a")
	ctx := context.Background()
	fs := []*crew.Future[string]{
		crew.Async(ctx, func(ctx context.Context) (string, error) { return "x", nil }),
		crew.Async(ctx, func(ctx context.Context) (string, error) { return "", errA }),
		crew.Async(ctx, func(ctx context.Context) (string, error) { return "z", nil }),
		crew.Async(ctx, func(ctx context.Context) (string, error) { return "", errBoom }),
	}
	got, err := crew.GatherAll(ctx, fs...)
	if want := []string{"x", "", "z", ""}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("GatherAll values = %q, want %q", got, want)
	}
	if !errors.Is(err, errA) || !errors.Is(err, errBoom) {
		t.Fatalf("GatherAll error = %v, want errA and errBoom", err)
	}
	if want := "future 1: a\nfuture 3: boom"; err.Error() != want {
		t.Fatalf("GatherAll error text = %q, want %q", err.Error(), want)
	}
	if _, err := crew.GatherAll(ctx, fs[0], fs[2]); err != nil {
		t.Fatalf("GatherAll = %v, want nil", err)
	}
}

func TestGatherNone(t *testing.T) {
	got, err := crew.Gather[int](context.Background())
	if err != nil || len(got) != 0 {
		t.Fatalf("Gather() = %v, %v", got, err)
	}
	got, err = crew.GatherAll[int](context.Background())
	if err != nil || len(got) != 0 {
		t.Fatalf("GatherAll() = %v, %v", got, err)
	}
}
