// Package proc_test measures the codec choices behind package proc: how
// much one message of arguments costs to encode and decode with gob as
// proc uses it (one stream per function and worker), with gob started
// afresh per message, with encoding/json, with hand-rolled
// encoding/binary (fixed-size types only), and as a plain copy of memory,
// which is what proc does for plain types. run.sh runs it.
package proc_test

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"testing"
	"unsafe"
)

type rec struct {
	Name string
	X    int
	F    float64
}

func ints(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i * 7919
	}
	return s
}

func recs(n int) []rec {
	s := make([]rec, n)
	for i := range s {
		s[i] = rec{Name: fmt.Sprint("item-", i), X: i, F: float64(i) / 3}
	}
	return s
}

// gobStream is what proc does: encoder and decoder live across messages.
func benchGobStream[T any](b *testing.B, v []T) {
	var wire bytes.Buffer
	enc := gob.NewEncoder(&wire)
	dec := gob.NewDecoder(&wire)
	var out []T
	b.ReportAllocs()
	for b.Loop() {
		if err := enc.Encode(v); err != nil {
			b.Fatal(err)
		}
		out = out[:0]
		if err := dec.Decode(&out); err != nil {
			b.Fatal(err)
		}
	}
	if len(out) != len(v) {
		b.Fatal("lost items")
	}
}

func benchGobFresh[T any](b *testing.B, v []T) {
	var wire bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		wire.Reset()
		if err := gob.NewEncoder(&wire).Encode(v); err != nil {
			b.Fatal(err)
		}
		var out []T
		if err := gob.NewDecoder(&wire).Decode(&out); err != nil {
			b.Fatal(err)
		}
	}
}

func benchJSON[T any](b *testing.B, v []T) {
	b.ReportAllocs()
	for b.Loop() {
		p, err := json.Marshal(v)
		if err != nil {
			b.Fatal(err)
		}
		var out []T
		if err := json.Unmarshal(p, &out); err != nil {
			b.Fatal(err)
		}
	}
}

func benchBinaryInts(b *testing.B, v []int) {
	var p []byte
	out := make([]int, len(v))
	b.ReportAllocs()
	for b.Loop() {
		p = p[:0]
		for _, x := range v {
			p = binary.AppendVarint(p, int64(x))
		}
		q := p
		for i := range out {
			x, n := binary.Varint(q)
			out[i] = int(x)
			q = q[n:]
		}
	}
}

// benchPlainInts is what proc's codec does with plain data: the slice's
// memory is the message.
func benchPlainInts(b *testing.B, v []int) {
	var p []byte
	out := make([]int, len(v))
	b.ReportAllocs()
	for b.Loop() {
		p = append(p[:0], unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(v))), len(v)*8)...)
		copy(unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(out))), len(out)*8), p)
	}
	if out[len(out)-1] != v[len(v)-1] {
		b.Fatal("lost items")
	}
}

func BenchmarkCodec(b *testing.B) {
	for _, n := range []int{1, 1000} {
		iv, rv := ints(n), recs(n)
		b.Run(fmt.Sprintf("ints=%d/gob-stream", n), func(b *testing.B) { benchGobStream(b, iv) })
		b.Run(fmt.Sprintf("ints=%d/gob-fresh", n), func(b *testing.B) { benchGobFresh(b, iv) })
		b.Run(fmt.Sprintf("ints=%d/json", n), func(b *testing.B) { benchJSON(b, iv) })
		b.Run(fmt.Sprintf("ints=%d/binary", n), func(b *testing.B) { benchBinaryInts(b, iv) })
		b.Run(fmt.Sprintf("ints=%d/plain-copy", n), func(b *testing.B) { benchPlainInts(b, iv) })
		b.Run(fmt.Sprintf("structs=%d/gob-stream", n), func(b *testing.B) { benchGobStream(b, rv) })
		b.Run(fmt.Sprintf("structs=%d/gob-fresh", n), func(b *testing.B) { benchGobFresh(b, rv) })
		b.Run(fmt.Sprintf("structs=%d/json", n), func(b *testing.B) { benchJSON(b, rv) })
	}
}
