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

func (crewRunner) mapInts(in []int, fn func(int) int) []int {
	out, _ := crew.Map(context.Background(), in, func(_ context.Context, v int) (int, error) {
		return fn(v), nil
	})
	return out
}

func (crewRunner) close() {}
