package pools

import (
	"context"

	"github.com/crewrun/crew"
)

// crew: a new crew.NewGroup(crew.Limit(limit)) per batch (the zero Group when
// unbounded), Go per task, Wait. Map: crew.Map with its defaults.
type crewRunner struct{ limit int }

func init() {
	libs = append([]lib{{"crew", func(limit int) runner { return crewRunner{limit} }}}, libs...)
}

func (r crewRunner) run(task func(), n int) {
	var g *crew.Group
	if r.limit > 0 {
		g = crew.NewGroup(crew.Limit(r.limit))
	} else {
		g = new(crew.Group)
	}
	t := func(context.Context) error { task(); return nil }
	for range n {
		g.Go(t)
	}
	_ = g.Wait()
}

// mapInts calls one func value per element, as the other adapters do, but
// in crew.Map's signature, as a crew user writes it: wrapping fn in another
// closure would add a second indirect call per element that no real crew
// program makes. The value must be mapFn's function, checked below.
func (crewRunner) mapInts(in []int, fn func(int) int) []int {
	if v, _ := crewMapFn(context.Background(), 7); v != fn(7) {
		panic("crewMapFn differs from the workload's function")
	}
	out, _ := crew.Map(context.Background(), in, crewMapFn)
	return out
}

// crewMapFn is mapFn in crew.Map's signature.
var crewMapFn = func(_ context.Context, v int) (int, error) { return v*2 + 1, nil }

func (crewRunner) close() {}
