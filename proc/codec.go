package proc

import (
	"encoding"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"reflect"
	"unsafe"
)

// A chunk's arguments or results travel as one payload. Its first byte
// says how the rest is encoded; the codec is chosen once per type, when the
// function is registered, and both ends run the same executable, so they
// choose alike (the byte catches a mismatch anyway).
//
//   - codecPlain: fixed-size plain data (bools, numbers, and arrays and
//     structs of those with exported fields only): the element size and
//     count, then the slice's memory as it is, in the machine's byte order.
//     Encoding and decoding are one copy, with no per-item work.
//   - codecString, codecBytes: strings or byte slices: the count, every
//     length, then all the bytes in one block. A decoded chunk's strings
//     share one allocation.
//   - codecGob: anything else, one gob stream per function and worker.
//
// Types with methods that gob would call (GobEncoder, BinaryMarshaler,
// TextMarshaler or their decoding sides) always use gob, so what arrives
// is what gob would deliver.
const (
	codecGob    byte = 'g'
	codecPlain  byte = 'p'
	codecString byte = 's'
	codecBytes  byte = 'b'
)

// codec encodes and decodes slices of T.
type codec[T any] struct {
	kind  byte
	size  int       // codecPlain: the size of a T
	bools []uintptr // codecPlain: offsets of the bools in a T, checked on decode
}

func newCodec[T any]() codec[T] {
	t := reflect.TypeFor[T]()
	switch {
	case t.Size() > 0 && plainType(t):
		c := codec[T]{kind: codecPlain, size: int(t.Size())}
		c.bools = boolOffsets(t, 0, nil)
		return c
	case t.Kind() == reflect.String && !hasCodecMethods(t):
		return codec[T]{kind: codecString}
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 && !hasCodecMethods(t) && !hasCodecMethods(t.Elem()):
		return codec[T]{kind: codecBytes}
	}
	return codec[T]{kind: codecGob}
}

var codecIfaces = []reflect.Type{
	reflect.TypeFor[gob.GobEncoder](), reflect.TypeFor[gob.GobDecoder](),
	reflect.TypeFor[encoding.BinaryMarshaler](), reflect.TypeFor[encoding.BinaryUnmarshaler](),
	reflect.TypeFor[encoding.TextMarshaler](), reflect.TypeFor[encoding.TextUnmarshaler](),
}

// hasCodecMethods reports whether gob would encode t with t's own methods.
func hasCodecMethods(t reflect.Type) bool {
	for _, i := range codecIfaces {
		if t.Implements(i) || reflect.PointerTo(t).Implements(i) {
			return true
		}
	}
	return false
}

// plainType reports whether a value of t is its memory: no pointers, and
// nothing that gob would leave out (unexported fields) or hand to methods.
func plainType(t reflect.Type) bool {
	if hasCodecMethods(t) {
		return false
	}
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return true
	case reflect.Array:
		return plainType(t.Elem())
	case reflect.Struct:
		if t.NumField() == 0 {
			return false
		}
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() || !plainType(f.Type) {
				return false
			}
		}
		return true
	}
	return false
}

// boolOffsets appends the offsets of the bools in a plain t at base.
func boolOffsets(t reflect.Type, base uintptr, out []uintptr) []uintptr {
	switch t.Kind() {
	case reflect.Bool:
		out = append(out, base)
	case reflect.Array:
		for i := range t.Len() {
			out = boolOffsets(t.Elem(), base+uintptr(i)*t.Elem().Size(), out)
		}
	case reflect.Struct:
		for i := range t.NumField() {
			f := t.Field(i)
			out = boolOffsets(f.Type, base+f.Offset, out)
		}
	}
	return out
}

// bytesOf is the memory of a slice of plain values.
func bytesOf[T any](v []T, size int) []byte {
	if len(v) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(v))), len(v)*size)
}

// append appends the encoding of v to dst; s is the gob stream of this
// direction, used only by codecGob; fresh reports that it started anew.
func (c *codec[T]) append(dst []byte, v []T, s *gobStream) (out []byte, fresh bool, err error) {
	switch c.kind {
	case codecPlain:
		if uint64(len(v))*uint64(c.size) > maxFrame {
			return dst, false, fmt.Errorf("%d values of %d bytes: more than a message holds", len(v), c.size)
		}
		// A 16-byte header: values in shared memory stay aligned.
		dst = append(dst, codecPlain, 0, 0, 0)
		dst = binary.LittleEndian.AppendUint32(dst, uint32(c.size))
		dst = binary.LittleEndian.AppendUint32(dst, uint32(len(v)))
		dst = binary.LittleEndian.AppendUint32(dst, 0)
		return append(dst, bytesOf(v, c.size)...), false, nil
	case codecString, codecBytes:
		dst = append(dst, c.kind)
		dst = binary.LittleEndian.AppendUint32(dst, uint32(len(v)))
		total := 0
		for i := range v {
			n := lenOf(&v[i], c.kind)
			if uint64(n) > maxFrame {
				return dst, false, fmt.Errorf("%d bytes in item %d: more than a message holds", n, i)
			}
			total += n
			dst = binary.LittleEndian.AppendUint32(dst, uint32(n))
		}
		if total > maxFrame {
			return dst, false, fmt.Errorf("%d bytes of data: more than a message holds", total)
		}
		dst = grow(dst, total)
		for i := range v {
			if c.kind == codecString {
				dst = append(dst, *(*string)(unsafe.Pointer(&v[i]))...)
			} else {
				dst = append(dst, *(*[]byte)(unsafe.Pointer(&v[i]))...)
			}
		}
		return dst, false, nil
	}
	payload, fresh, err := s.encode(v)
	if err != nil {
		return dst, false, err
	}
	dst = append(dst, codecGob)
	return append(dst, payload...), fresh, nil
}

const plainHeader = 16

// view returns the n plain values in payload without copying them, if
// their memory is aligned for T and needs no checking (no bools).
func (c *codec[T]) view(payload []byte, n int) ([]T, bool) {
	if c.kind != codecPlain || len(c.bools) > 0 || n == 0 || len(payload) != plainHeader+n*c.size ||
		payload[0] != codecPlain ||
		int(binary.LittleEndian.Uint32(payload[4:])) != c.size || int(binary.LittleEndian.Uint32(payload[8:])) != n {
		return nil, false
	}
	data := unsafe.Pointer(&payload[plainHeader])
	if uintptr(data)%uintptr(reflect.TypeFor[T]().Align()) != 0 {
		return nil, false
	}
	return unsafe.Slice((*T)(data), n), true
}

// decodeRaw copies the memory of len(dst) plain values into dst.
func (c *codec[T]) decodeRaw(b []byte, dst []T) error {
	if c.kind != codecPlain {
		return fmt.Errorf("codec %q has no raw form", c.kind)
	}
	if len(b) != len(dst)*c.size {
		return fmt.Errorf("%d bytes of values, want %d", len(b), len(dst)*c.size)
	}
	copy(bytesOf(dst, c.size), b)
	if len(c.bools) > 0 {
		for i := 0; i < len(b); i += c.size {
			for _, off := range c.bools {
				if b[i+int(off)] > 1 {
					clear(dst)
					return fmt.Errorf("value %d: bad bool byte %d", i/c.size, b[i+int(off)])
				}
			}
		}
	}
	return nil
}

// rawSize is the size of a value in raw form, 0 if there is none.
func (c *codec[T]) rawSize() int {
	if c.kind != codecPlain {
		return 0
	}
	return c.size
}

func lenOf[T any](v *T, kind byte) int {
	if kind == codecString {
		return len(*(*string)(unsafe.Pointer(v)))
	}
	return len(*(*[]byte)(unsafe.Pointer(v)))
}

// grow makes room for n more bytes in b.
func grow(b []byte, n int) []byte {
	if cap(b)-len(b) < n {
		nb := make([]byte, len(b), len(b)+n)
		copy(nb, b)
		b = nb
	}
	return b
}

// decode decodes payload into dst, which must receive exactly len(dst)
// values. Input that does not fit gives an error, never a panic.
func (c *codec[T]) decode(payload []byte, dst []T, s *gobStream, fresh bool) error {
	if len(payload) == 0 {
		return errors.New("empty payload")
	}
	if payload[0] != c.kind {
		return fmt.Errorf("payload encoded as %q, want %q", payload[0], c.kind)
	}
	p := parser{b: payload[1:]}
	switch c.kind {
	case codecPlain:
		if len(payload) < plainHeader {
			return errShortFrame
		}
		size := int(binary.LittleEndian.Uint32(payload[4:]))
		n := int(binary.LittleEndian.Uint32(payload[8:]))
		p.b = payload[plainHeader:]
		if size != c.size {
			return fmt.Errorf("values of %d bytes, want %d", size, c.size)
		}
		if n != len(dst) {
			return fmt.Errorf("%d values, want %d", n, len(dst))
		}
		return c.decodeRaw(p.b, dst)
	case codecString, codecBytes:
		n := int(p.u32())
		if p.err != nil {
			return p.err
		}
		if n != len(dst) {
			return fmt.Errorf("%d values, want %d", n, len(dst))
		}
		if !p.need(4 * n) {
			return p.err
		}
		lens := p.b[:4*n]
		data := p.b[4*n:]
		total := 0
		for i := range n {
			total += int(binary.LittleEndian.Uint32(lens[4*i:]))
		}
		if total != len(data) {
			return fmt.Errorf("%d bytes of data, want %d", len(data), total)
		}
		if c.kind == codecString {
			blob := string(data) // one allocation for the chunk
			off := 0
			for i := range n {
				l := int(binary.LittleEndian.Uint32(lens[4*i:]))
				*(*string)(unsafe.Pointer(&dst[i])) = blob[off : off+l]
				off += l
			}
			return nil
		}
		blob := make([]byte, len(data)) // one allocation for the chunk
		copy(blob, data)
		off := 0
		for i := range n {
			l := int(binary.LittleEndian.Uint32(lens[4*i:]))
			var b []byte
			if l > 0 { // gob delivers empty slices as nil
				b = blob[off : off+l : off+l]
			}
			*(*[]byte)(unsafe.Pointer(&dst[i])) = b
			off += l
		}
		return nil
	case codecGob:
		// Decode in place: gob reuses a slice with enough capacity, and
		// leaves zero fields as they were.
		clear(dst)
		sub := dst[:0:len(dst)]
		if err := s.decode(p.b, fresh, &sub); err != nil {
			return err
		}
		if len(sub) != len(dst) {
			return fmt.Errorf("%d values, want %d", len(sub), len(dst))
		}
		if len(sub) > 0 && &sub[0] != &dst[0] {
			copy(dst, sub)
		}
		return nil
	}
	return fmt.Errorf("unknown codec %q", c.kind)
}
