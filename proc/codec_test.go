package proc

import (
	"bytes"
	"context"
	"encoding/gob"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

type plainInner struct {
	B  bool
	U8 uint8
	F  float32
}

type plainRec struct {
	I   int
	I8  int8
	I16 int16
	I32 int32
	I64 int64
	U   uint
	U16 uint16
	U32 uint32
	U64 uint64
	P   uintptr
	F64 float64
	C64 complex64
	C   complex128
	A   [3]int16
	In  plainInner
	Ins [2]plainInner
}

type named int32

type namedStr string

// gobRec has a string field: gob.
type gobRec struct {
	Name string
	X    int
}

// hidden has an unexported field, which gob leaves out: gob.
type hidden struct {
	X int
	y int
}

// custom encodes itself: gob, which calls its methods.
type custom struct{ X int }

func (c custom) GobEncode() ([]byte, error) { return []byte{byte(c.X + 1)}, nil }
func (c *custom) GobDecode(b []byte) error {
	if len(b) != 1 {
		return fmt.Errorf("custom: %d bytes", len(b))
	}
	c.X = int(b[0]) * 10
	return nil
}

type textual int

func (t textual) MarshalText() ([]byte, error) { return []byte(fmt.Sprint(int(t) * 2)), nil }
func (t *textual) UnmarshalText(b []byte) error {
	_, err := fmt.Sscan(string(b), (*int)(t))
	return err
}

func TestCodecKinds(t *testing.T) {
	cases := []struct {
		name string
		kind byte
		got  byte
	}{
		{"bool", codecPlain, newCodec[bool]().kind},
		{"int", codecPlain, newCodec[int]().kind},
		{"uint8", codecPlain, newCodec[uint8]().kind},
		{"float64", codecPlain, newCodec[float64]().kind},
		{"complex128", codecPlain, newCodec[complex128]().kind},
		{"[4]float32", codecPlain, newCodec[[4]float32]().kind},
		{"plainRec", codecPlain, newCodec[plainRec]().kind},
		{"named int32", codecPlain, newCodec[named]().kind},
		{"string", codecString, newCodec[string]().kind},
		{"named string", codecString, newCodec[namedStr]().kind},
		{"[]byte", codecBytes, newCodec[[]byte]().kind},
		{"gobRec", codecGob, newCodec[gobRec]().kind},
		{"hidden", codecGob, newCodec[hidden]().kind},
		{"custom", codecGob, newCodec[custom]().kind},
		{"textual", codecGob, newCodec[textual]().kind},
		{"[2]textual", codecGob, newCodec[[2]textual]().kind},
		{"*int", codecGob, newCodec[*int]().kind},
		{"[]int", codecGob, newCodec[[]int]().kind},
		{"map", codecGob, newCodec[map[string]int]().kind},
		{"any", codecGob, newCodec[any]().kind},
	}
	for _, c := range cases {
		if c.got != c.kind {
			t.Errorf("%s: codec %q, want %q", c.name, c.got, c.kind)
		}
	}
}

// viaCodec encodes v with T's codec and decodes it back.
func viaCodec[T any](t *testing.T, v []T) []T {
	t.Helper()
	c := newCodec[T]()
	var enc, dec gobStream
	b, fresh, err := c.append([]byte("head"), v, &enc)
	if err != nil {
		t.Fatalf("encode %T: %v", v, err)
	}
	if string(b[:4]) != "head" {
		t.Fatalf("encode %T: lost what was before", v)
	}
	out := make([]T, len(v))
	if err := c.decode(b[4:], out, &dec, fresh); err != nil {
		t.Fatalf("decode %T: %v", v, err)
	}
	return out
}

// viaGob is what gob alone delivers.
func viaGob[T any](t *testing.T, v []T) []T {
	t.Helper()
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(v); err != nil {
		t.Fatalf("gob encode %T: %v", v, err)
	}
	var out []T
	if err := gob.NewDecoder(&buf).Decode(&out); err != nil {
		t.Fatalf("gob decode %T: %v", v, err)
	}
	return out
}

// sameAsGob checks that the codec delivers what gob does; plain values
// are compared as memory, so NaNs compare too.
func sameAsGob[T any](t *testing.T, v []T) {
	t.Helper()
	got, want := viaCodec(t, v), viaGob(t, v)
	if len(want) == 0 && len(got) == 0 {
		return
	}
	c := newCodec[T]()
	if c.kind == codecPlain {
		if !bytes.Equal(bytesOf(got, c.size), bytesOf(want, c.size)) {
			t.Errorf("%T: codec gives %v, gob %v", v, got, want)
		}
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%T: codec gives %#v, gob %#v", v, got, want)
	}
}

func TestCodecRoundTrip(t *testing.T) {
	sameAsGob(t, []bool{true, false, true})
	sameAsGob(t, []int{0, 1, -1, math.MaxInt, math.MinInt})
	sameAsGob(t, []int8{math.MinInt8, -1, 0, math.MaxInt8})
	sameAsGob(t, []int16{math.MinInt16, math.MaxInt16})
	sameAsGob(t, []int32{math.MinInt32, math.MaxInt32})
	sameAsGob(t, []int64{math.MinInt64, math.MaxInt64})
	sameAsGob(t, []uint{0, math.MaxUint})
	sameAsGob(t, []uint8{0, 255})
	sameAsGob(t, []uint16{0, math.MaxUint16})
	sameAsGob(t, []uint32{0, math.MaxUint32})
	sameAsGob(t, []uint64{0, math.MaxUint64})
	sameAsGob(t, []uintptr{0, 1 << 40})
	sameAsGob(t, []float32{0, float32(math.Copysign(0, -1)), 1.5, float32(math.Inf(-1)), float32(math.NaN()), math.SmallestNonzeroFloat32})
	sameAsGob(t, []float64{0, math.Copysign(0, -1), math.Pi, math.Inf(1), math.NaN(), math.MaxFloat64})
	sameAsGob(t, []complex64{complex(1, -2), complex(float32(math.NaN()), 0)})
	sameAsGob(t, []complex128{complex(math.Inf(1), math.Pi)})
	sameAsGob(t, [][4]float32{{1, 2, 3, 4}})
	sameAsGob(t, []named{-7, 7})
	sameAsGob(t, []plainRec{{I: -1, I8: 2, F64: 0.5, C: 1i, A: [3]int16{1, 2, 3}, In: plainInner{true, 7, 2.5}, Ins: [2]plainInner{{B: true}, {U8: 9}}}})
	sameAsGob(t, []string{"", "a", "héllo wörld", strings.Repeat("x", 100_000), "\x00\xff"})
	sameAsGob(t, []namedStr{"x", ""})
	sameAsGob(t, [][]byte{nil, {}, {0}, []byte("abc"), bytes.Repeat([]byte{7}, 70_000)})
	sameAsGob(t, []gobRec{{"a", 1}, {"", 0}})
	sameAsGob(t, []hidden{{X: 1, y: 2}})
	sameAsGob(t, []custom{{1}, {2}})
	sameAsGob(t, []textual{3, 4})
	sameAsGob(t, [][]int{{1, 2}, nil})
	sameAsGob(t, []map[string]int{{"a": 1}})
	// Empty chunks.
	sameAsGob(t, []int{})
	sameAsGob(t, []string{})
	sameAsGob(t, [][]byte{})
}

// TestCodecBytesDoNotOverlap: a decoded byte slice that is appended to
// does not write into the next one.
func TestCodecBytesDoNotOverlap(t *testing.T) {
	out := viaCodec(t, [][]byte{[]byte("ab"), []byte("cd")})
	_ = append(out[0], 'X')
	if string(out[1]) != "cd" {
		t.Errorf("append to item 0 changed item 1 to %q", out[1])
	}
}

// TestCodecRandom is a fuzz-style table: random values of every plain
// kind and of strings and bytes, in chunks of random length, come back as
// gob would deliver them.
func TestCodecRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	// Float32s are not NaNs: gob sends them as float64s, which may change
	// a NaN's bits; this codec keeps them.
	f32 := func() float32 {
		for {
			if f := math.Float32frombits(r.Uint32()); f == f {
				return f
			}
		}
	}
	randRec := func() plainRec {
		return plainRec{
			I: int(r.Uint64()), I8: int8(r.Uint32()), I16: int16(r.Uint32()), I32: int32(r.Uint32()),
			I64: int64(r.Uint64()), U: uint(r.Uint64()), U16: uint16(r.Uint32()), U32: r.Uint32(),
			U64: r.Uint64(), P: uintptr(r.Uint64()), F64: math.Float64frombits(r.Uint64()),
			C64: complex(f32(), float32(r.NormFloat64())),
			C:   complex(r.NormFloat64(), math.Float64frombits(r.Uint64())),
			A:   [3]int16{int16(r.Uint32()), 0, -1},
			In:  plainInner{B: r.IntN(2) == 1, U8: uint8(r.Uint32()), F: float32(r.ExpFloat64())},
			Ins: [2]plainInner{{B: r.IntN(2) == 1}, {F: f32()}},
		}
	}
	randStr := func() string {
		b := make([]byte, r.IntN(40))
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		return string(b)
	}
	for range 200 {
		n := r.IntN(300)
		recs := make([]plainRec, n)
		strs := make([]string, n)
		bs := make([][]byte, n)
		fs := make([]float64, n)
		for i := range n {
			recs[i], strs[i], fs[i] = randRec(), randStr(), math.Float64frombits(r.Uint64())
			if s := randStr(); s != "" {
				bs[i] = []byte(s)
			}
		}
		sameAsGob(t, recs)
		sameAsGob(t, strs)
		sameAsGob(t, bs)
		sameAsGob(t, fs)
	}
}

// decodeErr decodes garbage with T's codec: it must fail, not panic.
func decodeErr[T any](t *testing.T, name string, payload []byte, n int) {
	t.Helper()
	c := newCodec[T]()
	var s gobStream
	out := make([]T, n)
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s: decode into []%v panicked: %v", name, reflect.TypeFor[T](), r)
		}
	}()
	if err := c.decode(payload, out, &s, true); err == nil {
		t.Errorf("%s: decode into []%v of %d: no error", name, reflect.TypeFor[T](), n)
	}
}

func encoded[T any](t *testing.T, v []T) []byte {
	t.Helper()
	c := newCodec[T]()
	var s gobStream
	b, _, err := c.append(nil, v, &s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCodecGarbage(t *testing.T) {
	ints := encoded(t, []int{1, 2, 3})
	strs := encoded(t, []string{"ab", "", "cde"})
	bs := encoded(t, [][]byte{[]byte("ab"), nil})
	bools := encoded(t, []bool{true, false})
	recs := encoded(t, []gobRec{{"a", 1}})

	decodeErr[int](t, "empty", nil, 3)
	decodeErr[int](t, "wrong count", ints, 2)
	decodeErr[int](t, "wrong count", ints, 4)
	decodeErr[int](t, "truncated", ints[:len(ints)-1], 3)
	decodeErr[int](t, "truncated header", ints[:5], 3)
	decodeErr[int](t, "extra bytes", append(slices.Clone(ints), 0), 3)
	decodeErr[int32](t, "wrong size", ints, 3)
	decodeErr[int](t, "strings as ints", strs, 3)
	decodeErr[string](t, "ints as strings", ints, 3)
	decodeErr[[]byte](t, "strings as bytes", strs, 3)
	decodeErr[gobRec](t, "ints as gob", ints, 3)
	decodeErr[string](t, "wrong count", strs, 2)
	decodeErr[string](t, "truncated", strs[:len(strs)-1], 3)
	decodeErr[string](t, "truncated lengths", strs[:7], 3)
	decodeErr[[]byte](t, "truncated", bs[:len(bs)-1], 2)
	decodeErr[gobRec](t, "truncated gob", recs[:len(recs)-2], 1)
	decodeErr[gobRec](t, "wrong count", recs, 2)

	bad := slices.Clone(bools)
	bad[len(bad)-1] = 2
	decodeErr[bool](t, "bad bool", bad, 2)

	huge := slices.Clone(strs)
	huge[5], huge[6], huge[7], huge[8] = 0xff, 0xff, 0xff, 0xff // first length 4 GiB
	decodeErr[string](t, "huge length", huge, 3)

	r := rand.New(rand.NewPCG(3, 4))
	for i := range 2000 {
		b := make([]byte, r.IntN(64))
		for j := range b {
			b[j] = byte(r.Uint32())
		}
		if len(b) > 0 && i%2 == 0 {
			b[0] = []byte{codecPlain, codecString, codecBytes, codecGob}[i/2%4]
		}
		n := r.IntN(4)
		for _, f := range []func(){
			func() { mustNotPanic[int](t, b, n) },
			func() { mustNotPanic[plainRec](t, b, n) },
			func() { mustNotPanic[string](t, b, n) },
			func() { mustNotPanic[[]byte](t, b, n) },
			func() { mustNotPanic[gobRec](t, b, n) },
		} {
			f()
		}
	}
}

// mustNotPanic decodes b; an error is fine, a panic is not.
func mustNotPanic[T any](t *testing.T, b []byte, n int) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("decode %x into []%v of %d panicked: %v", b, reflect.TypeFor[T](), n, r)
		}
	}()
	c := newCodec[T]()
	var s gobStream
	c.decode(b, make([]T, n), &s, true)
}

// seed is the encoding of v, for the fuzz corpus.
func seed[T any](v []T) []byte {
	c := newCodec[T]()
	var s gobStream
	b, _, err := c.append(nil, v, &s)
	if err != nil {
		panic(err)
	}
	return b
}

func FuzzCodecDecode(f *testing.F) {
	f.Add(seed([]int{1, 2}), uint8(2))
	f.Add(seed([]plainRec{{I: 1}, {In: plainInner{B: true}}}), uint8(2))
	f.Add(seed([]string{"a", "bc"}), uint8(2))
	f.Add(seed([][]byte{[]byte("x"), nil}), uint8(2))
	f.Add(seed([]gobRec{{"a", 1}, {"b", 2}}), uint8(2))
	f.Fuzz(func(t *testing.T, b []byte, n uint8) {
		mustNotPanic[int](t, b, int(n))
		mustNotPanic[plainRec](t, b, int(n))
		mustNotPanic[string](t, b, int(n))
		mustNotPanic[[]byte](t, b, int(n))
		mustNotPanic[gobRec](t, b, int(n))
	})
}

// Functions for the pool test: each returns its argument changed a little,
// so that a result shows it went through the worker.
var (
	echoRec = Func("proc_test.echoRec", func(ctx context.Context, r plainRec) (plainRec, error) {
		r.I++
		r.In.B = !r.In.B
		return r, nil
	})
	echoStr   = Func("proc_test.echoStr", func(ctx context.Context, s string) (string, error) { return s + "!", nil })
	echoBytes = Func("proc_test.echoBytes", func(ctx context.Context, b []byte) ([]byte, error) {
		return append(b, '!'), nil
	})
	strLen  = Func("proc_test.strLen", func(ctx context.Context, s string) (int, error) { return len(s), nil })
	echoGob = Func("proc_test.echoGob", func(ctx context.Context, r gobRec) (gobRec, error) {
		r.X++
		return r, nil
	})
	echoBool = Func("proc_test.echoBool", func(ctx context.Context, b bool) (bool, error) { return !b, nil })
)

// TestCodecThroughPool maps every codec through a pool, in chunks small
// enough to travel in frames and big enough for the shared memory.
func TestCodecThroughPool(t *testing.T) {
	p := newPool(t, WithWorkers(2))
	defer p.Close()
	ctx := context.Background()
	for _, n := range []int{1, 10, 300, 5000, 200_000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			recs := make([]plainRec, n)
			strs := make([]string, n)
			bs := make([][]byte, n)
			gobs := make([]gobRec, n)
			bools := make([]bool, n)
			for i := range n {
				recs[i] = plainRec{I: i, F64: float64(i) / 3, In: plainInner{B: i%3 == 0}}
				strs[i] = strings.Repeat("s", i%5)
				bs[i] = []byte(strs[i])
				gobs[i] = gobRec{Name: strs[i], X: i}
				bools[i] = i%2 == 0
			}
			gotRecs, err := Map(ctx, p, echoRec, recs)
			if err != nil {
				t.Fatal(err)
			}
			gotStrs, err := Map(ctx, p, echoStr, strs)
			if err != nil {
				t.Fatal(err)
			}
			gotBytes, err := Map(ctx, p, echoBytes, bs)
			if err != nil {
				t.Fatal(err)
			}
			gotLens, err := Map(ctx, p, strLen, strs)
			if err != nil {
				t.Fatal(err)
			}
			gotGobs, err := Map(ctx, p, echoGob, gobs)
			if err != nil {
				t.Fatal(err)
			}
			gotBools, err := Map(ctx, p, echoBool, bools)
			if err != nil {
				t.Fatal(err)
			}
			for i := range n {
				want := recs[i]
				want.I++
				want.In.B = !want.In.B
				if gotRecs[i] != want || gotStrs[i] != strs[i]+"!" || string(gotBytes[i]) != strs[i]+"!" ||
					gotLens[i] != len(strs[i]) || gotGobs[i] != (gobRec{strs[i], i + 1}) || gotBools[i] != !bools[i] {
					t.Fatalf("item %d: got %v %q %q %d %v %v", i, gotRecs[i], gotStrs[i], gotBytes[i], gotLens[i], gotGobs[i], gotBools[i])
				}
			}
		})
	}
}

// TestCodecView: plain values in shared memory are read in place when
// aligned, and copied (and checked) otherwise.
func TestCodecView(t *testing.T) {
	buf := make([]byte, 0, 1024) // heap memory is 8-byte aligned
	c := newCodec[int64]()
	var s gobStream
	b, _, err := c.append(buf, []int64{5, -6, 7}, &s)
	if err != nil {
		t.Fatal(err)
	}
	v, ok := c.view(b, 3)
	if !ok || !slices.Equal(v, []int64{5, -6, 7}) {
		t.Errorf("view = %v, %v; want [5 -6 7], true", v, ok)
	}
	if _, ok := c.view(b, 2); ok {
		t.Error("view with the wrong count succeeded")
	}
	odd := append(make([]byte, 1, 1024), b...)[1:]
	if _, ok := c.view(odd, 3); ok {
		t.Error("view of misaligned values succeeded")
	}
	cb := newCodec[bool]()
	bb, _, _ := cb.append(nil, []bool{true}, &s)
	if _, ok := cb.view(bb, 1); ok {
		t.Error("view of bools (which need checking) succeeded")
	}
}

// TestBigPayloadsNoDeadlock: chunks too big for shared memory go through
// the pipes while the pool keeps others in flight; neither side may wait
// for the other forever.
func TestBigPayloadsNoDeadlock(t *testing.T) {
	p := newPool(t, WithWorkers(2))
	defer p.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for _, size := range []int{10 << 10, 100 << 10, 700 << 10} {
		strs := make([]string, 64)
		gobs := make([]gobRec, 64)
		for i := range strs {
			strs[i] = strings.Repeat(string(rune('a'+i%26)), size)
			gobs[i] = gobRec{Name: strs[i], X: i}
		}
		for range 3 { // the pool pipelines once it knows the tasks are quick
			got, err := Map(ctx, p, echoStr, strs)
			if err != nil {
				t.Fatalf("strings of %d bytes: %v", size, err)
			}
			gotGobs, err := Map(ctx, p, echoGob, gobs)
			if err != nil {
				t.Fatalf("gob values of %d bytes: %v", size, err)
			}
			for i := range strs {
				if got[i] != strs[i]+"!" || gotGobs[i].X != i+1 || gotGobs[i].Name != strs[i] {
					t.Fatalf("strings of %d bytes: item %d wrong", size, i)
				}
			}
		}
	}
}
