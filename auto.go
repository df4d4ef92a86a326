package crew

import "context"

// autoWrap makes fn take an adaptive slot while it runs (fn as is without
// Auto). The slot is released by defer, so a panicking task gives it back
// too; then, if the limit grew, more workers start.
func (g *Group) autoWrap(fn func(context.Context) error) func(context.Context) error {
	a := g.lim.auto
	if a == nil {
		return fn
	}
	return func(ctx context.Context) error {
		a.Acquire(context.Background()) // cannot fail without a deadline
		defer func() {
			a.Release()
			g.growToLimit()
		}()
		return fn(ctx)
	}
}

// growToLimit starts (or wakes) workers up to the adaptive limit while
// tasks are queued. Go starts workers as it queues tasks, but a Go waiting
// on a full queue would not see the limit grow.
func (g *Group) growToLimit() {
	for n := g.lim.limit() - int(g.nwork.Load()); n > 0 && g.ring.len() > 0; n-- {
		g.wakeOne()
	}
}
