package seed_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/crewrun/crew/examples/seed"
	"github.com/crewrun/crew/internal/seedtest"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestPrograms(t *testing.T) {
	programs := map[string]func(*bytes.Buffer, int, time.Duration) error{
		"threads": func(w *bytes.Buffer, n int, d time.Duration) error { return seed.Threads(w, n, d) },
		"asyncio": func(w *bytes.Buffer, n int, d time.Duration) error {
			return seed.Asyncio(context.Background(), w, n, d)
		},
	}
	for name, run := range programs {
		for _, n := range []int{1, 3, 10} {
			var out bytes.Buffer
			if err := run(&out, n, 20*time.Millisecond); err != nil {
				t.Fatalf("%s with %d tasks: %v", name, n, err)
			}
			if msg := seedtest.Check(out.String(), n); msg != "" {
				t.Errorf("%s with %d tasks: %s", name, n, msg)
			}
		}
	}
}

// Cancelling the context ends the sleeping tasks early, as cancelling an
// asyncio task does, and Gather reports why.
func TestAsyncioCancelled(t *testing.T) {
	ctx, cancel := context.WithCancelCause(context.Background())
	stop := errors.New("stopped by test")
	time.AfterFunc(10*time.Millisecond, func() { cancel(stop) })
	var out bytes.Buffer
	if err := seed.Asyncio(ctx, &out, 3, time.Hour); !errors.Is(err, stop) {
		t.Fatalf("Asyncio = %v, want %v", err, stop)
	}
}
