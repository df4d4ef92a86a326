package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/crewrun/crew/internal/seedtest"
)

// Every program of the demo prints the seed's lines, then its wall time.
func TestDemoPrograms(t *testing.T) {
	for _, p := range demoPrograms {
		t.Run(p.name, func(t *testing.T) {
			var out bytes.Buffer
			o := &demoOptions{examples: []string{p.name}, tasks: 3, delay: 50 * time.Millisecond}
			if err := runDemo(context.Background(), &out, o); err != nil {
				t.Fatal(err)
			}
			if msg := seedtest.Check(out.String(), 3); msg != "" {
				t.Error(msg)
			}
			if !strings.Contains(out.String(), "-- 3 tasks of 50ms each took ") {
				t.Errorf("no wall time line in:\n%s", out.String())
			}
		})
	}
}
