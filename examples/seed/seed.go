// Package seed holds the programs of crew's seed document, "Concurrency vs
// Parallelism", written in Go with crew: [Threads] for threading.Thread +
// join, [Asyncio] for asyncio.gather. Each subdirectory is a standalone
// main package that runs one of them, and "crew demo" runs them all with
// timings.
//
// Every program prints, as the Python originals do:
//
//	Task 0: starting
//	...
//	Task 0: finishing
//	...
//	All tasks completed.
//
// Lines from concurrent tasks are written whole, but their order within the
// starting and the finishing groups is up to the scheduler, as in Python.
package seed

import (
	"fmt"
	"io"
	"sync"
)

// printer writes whole lines to w from many goroutines at once.
type printer struct {
	mu sync.Mutex
	w  io.Writer
}

func (p *printer) say(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, format, args...)
}
