package crew

import (
	"context"
	"sync/atomic"
)

// ring is a bounded lock-free multi-producer multi-consumer queue of tasks
// (D. Vyukov's array queue): a push or a pop is one compare-and-swap on its
// own cache line plus a store to the cell, where a channel takes a lock
// shared by both sides. It never blocks: push reports a full ring, pop an
// empty one; Group parks and wakes workers around it.
type ring struct {
	_     [64]byte
	head  atomic.Uint64 // next cell to pop
	_     [56]byte
	tail  atomic.Uint64 // next cell to push
	_     [56]byte
	cells []ringCell
	mask  uint64
}

type ringCell struct {
	// seq is the cell's turn: pos when free for the push at pos, pos+1
	// when it holds the task pushed at pos.
	seq atomic.Uint64
	fn  func(context.Context) error
}

// newRing returns a ring of n cells; n must be a power of two.
func newRing(n int) *ring {
	r := &ring{cells: make([]ringCell, n), mask: uint64(n - 1)}
	for i := range r.cells {
		r.cells[i].seq.Store(uint64(i))
	}
	return r
}

// push adds fn and reports true, or reports false if the ring is full.
func (r *ring) push(fn func(context.Context) error) bool {
	pos := r.tail.Load()
	for {
		c := &r.cells[pos&r.mask]
		seq := c.seq.Load()
		switch d := int64(seq - pos); {
		case d == 0:
			if r.tail.CompareAndSwap(pos, pos+1) {
				c.fn = fn
				c.seq.Store(pos + 1)
				return true
			}
		case d < 0:
			return false
		}
		pos = r.tail.Load()
	}
}

// len returns about how many tasks the ring holds.
func (r *ring) len() int {
	return int(r.tail.Load() - r.head.Load())
}

// pop takes the oldest task, or returns nil if the ring is empty.
func (r *ring) pop() func(context.Context) error {
	pos := r.head.Load()
	for {
		c := &r.cells[pos&r.mask]
		seq := c.seq.Load()
		switch d := int64(seq - (pos + 1)); {
		case d == 0:
			if r.head.CompareAndSwap(pos, pos+1) {
				fn := c.fn
				c.fn = nil
				c.seq.Store(pos + r.mask + 1)
				return fn
			}
		case d < 0:
			return nil
		}
		pos = r.head.Load()
	}
}
