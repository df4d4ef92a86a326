package main

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/crewrun/crew/internal/seedtest"
	"github.com/crewrun/crew/proc"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	proc.Main()
	goleak.VerifyTestMain(m)
}

func TestRun(t *testing.T) {
	for _, n := range []int{1, 3} {
		var out bytes.Buffer
		if err := run(context.Background(), &out, n, 300*time.Millisecond); err != nil {
			t.Fatal(err)
		}
		if msg := seedtest.Check(out.String(), n); msg != "" {
			t.Errorf("%d tasks: %s", n, msg)
		}
	}
}
