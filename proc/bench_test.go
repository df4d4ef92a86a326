package proc

import (
	"context"
	"strconv"
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

func BenchmarkMapChunks(b *testing.B) {
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
	for _, size := range []int{50000, 25000, 12500, 6250, 3125, 1563} {
		b.Run(strconv.Itoa(size), func(b *testing.B) {
			for b.Loop() {
				if _, err := Map(ctx, p, benchNoop, in, WithChunkSize(size)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkMapSizes(b *testing.B) {
	p, err := NewPool(context.Background(), WithWorkers(2))
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	ctx := context.Background()
	for _, n := range []int{1000, 10_000, 100_000, 400_000} {
		in := make([]int, n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Map(ctx, p, benchNoop, in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
