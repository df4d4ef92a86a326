package proc

import (
	"context"
	"testing"
)

var benchNoop = Func("proc_test.benchNoop", func(ctx context.Context, x int) (int, error) { return x, nil })

// BenchmarkMap is a Map of 100,000 no-op int tasks on 2 workers, the
// workload of bench/proc's "automatic chunks" row.
func BenchmarkMap(b *testing.B) {
	p, err := NewPool(context.Background(), WithWorkers(2))
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	in := make([]int, 100_000)
	for i := range in {
		in[i] = i
	}
	ctx := context.Background()
	for b.Loop() {
		out, err := Map(ctx, p, benchNoop, in)
		if err != nil {
			b.Fatal(err)
		}
		if out[len(out)-1] != len(in)-1 {
			b.Fatal("wrong result")
		}
	}
}
