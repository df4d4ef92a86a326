package proc

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// The protocol between a pool and a worker runs over two pipes that are not
// the worker's stdout or stderr, so a task that prints cannot corrupt it.
// Each frame is a 4-byte little-endian length, a kind byte and a body.
// Arguments and results inside a frame are encoded as codec.go says (gob:
// one stream per function and worker, so gob sends each type's description
// once per worker). A big chunk of plain data is not in the frame but in
// memory the pool shares with the worker: the pool writes the arguments
// there, the worker's function writes its results there in place, and the
// frames say where; the pool reuses that memory only once the chunk is done.
const (
	kindHello    byte = 1 // worker -> pool: magic, pid
	kindBatch    byte = 2 // pool -> worker: flags, seq, function name, n, shared args offset and length, shared results offset, args
	kindResult   byte = 3 // worker -> pool: seq, from, n, flags, busy ns, errors, results
	kindOutput   byte = 4 // worker -> pool: stream, seq, item, whole lines
	kindBatchErr byte = 5 // worker -> pool: seq, message (the chunk did not run)
)

// Batch flags.
const (
	flagFresh     byte = 1 << iota // start a new gob stream for this function
	flagFlushEach                  // send each item's result as soon as it is done
	flagPayload                    // a result frame carries a gob payload
	flagCapture                    // the call captures each task's output
	flagShmArgs                    // the arguments are in shared memory
	flagShmRes                     // the results go to (come in) shared memory
)

const (
	protoMagic   = "crew-proc/1"
	maxFrame     = 1 << 30
	noItem       = ^uint32(0)
	streamStdout = 1
	streamStderr = 2
)

// Item error kinds in a result frame.
const (
	errReturned byte = 1 // the function returned an error
	errPanic    byte = 2 // the function panicked; the stack follows
	errEncode   byte = 3 // the result could not be encoded
)

// frame builds one frame in a reusable buffer.
type frame struct{ b []byte }

func (f *frame) start(kind byte) {
	f.b = append(f.b[:0], 0, 0, 0, 0, kind)
}

func (f *frame) u8(v byte)    { f.b = append(f.b, v) }
func (f *frame) u32(v uint32) { f.b = binary.LittleEndian.AppendUint32(f.b, v) }
func (f *frame) u64(v uint64) { f.b = binary.LittleEndian.AppendUint64(f.b, v) }
func (f *frame) str(s string) { f.u32(uint32(len(s))); f.b = append(f.b, s...) }
func (f *frame) raw(p []byte) { f.b = append(f.b, p...) }

// finish fills in the length and returns the bytes to write.
func (f *frame) finish() []byte {
	binary.LittleEndian.PutUint32(f.b, uint32(len(f.b)-4))
	return f.b
}

// readFrame reads one frame into buf (grown as needed) and returns its kind
// and body, which is valid until the next call.
func readFrame(r *bufio.Reader, buf *[]byte) (byte, []byte, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return 0, nil, err
	}
	n := binary.LittleEndian.Uint32(hdr[:])
	if n == 0 || n > maxFrame {
		return 0, nil, fmt.Errorf("bad frame length %d", n)
	}
	if cap(*buf) < int(n) {
		*buf = make([]byte, n)
	}
	b := (*buf)[:n]
	if _, err := io.ReadFull(r, b); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return 0, nil, err
	}
	return b[0], b[1:], nil
}

var errShortFrame = errors.New("short frame")

// parser reads the fields of a frame body; the first error sticks.
type parser struct {
	b   []byte
	err error
}

func (p *parser) need(n int) bool {
	if p.err != nil {
		return false
	}
	if len(p.b) < n {
		p.err = errShortFrame
		return false
	}
	return true
}

func (p *parser) u8() byte {
	if !p.need(1) {
		return 0
	}
	v := p.b[0]
	p.b = p.b[1:]
	return v
}

func (p *parser) u32() uint32 {
	if !p.need(4) {
		return 0
	}
	v := binary.LittleEndian.Uint32(p.b)
	p.b = p.b[4:]
	return v
}

func (p *parser) u64() uint64 {
	if !p.need(8) {
		return 0
	}
	v := binary.LittleEndian.Uint64(p.b)
	p.b = p.b[8:]
	return v
}

func (p *parser) str() string {
	n := int(p.u32())
	if !p.need(n) {
		return ""
	}
	s := string(p.b[:n])
	p.b = p.b[n:]
	return s
}

// rest returns the unread bytes.
func (p *parser) rest() []byte { return p.b }

// byteReader feeds frame payloads to a long-lived gob.Decoder. It is an
// io.ByteReader, so gob reads from it directly instead of through a
// bufio.Reader that could read past the current frame.
type byteReader struct {
	b []byte
}

func (r *byteReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.b)
	r.b = r.b[n:]
	return n, nil
}

func (r *byteReader) ReadByte() (byte, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c, nil
}
