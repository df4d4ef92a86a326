package run

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
)

// pipeBlocks splits standard input into the blocks of --pipe: records
// (ending with --recend, newline by default) gathered up to --block bytes,
// or -N records per block. A record longer than the block size grows the
// block size by half until it fits, as GNU parallel does.
type pipeBlocks struct {
	r      *bufio.Reader
	size   int
	recEnd []byte
	n      int // records per block (-N); 0: by size
	pend   []byte
	eof    bool
	warn   func(string)
}

func newPipeBlocks(r io.Reader, size int, recEnd string, n int, warn func(string)) *pipeBlocks {
	if size <= 0 {
		size = 1 << 20
	}
	return &pipeBlocks{r: bufio.NewReaderSize(r, 64<<10), size: size, recEnd: []byte(recEnd), n: n, warn: warn}
}

// record reads one record, nil at the end of the input.
func (p *pipeBlocks) record() ([]byte, error) {
	if p.pend != nil {
		rec := p.pend
		p.pend = nil
		return rec, nil
	}
	if p.eof {
		return nil, nil
	}
	if len(p.recEnd) == 0 {
		buf := make([]byte, p.size)
		k, err := io.ReadFull(p.r, buf)
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			p.eof = true
			err = nil
		}
		if k == 0 {
			return nil, err
		}
		return buf[:k], err
	}
	last := p.recEnd[len(p.recEnd)-1]
	var rec []byte
	for {
		chunk, err := p.r.ReadBytes(last)
		rec = append(rec, chunk...)
		if err == io.EOF {
			p.eof = true
			if len(rec) == 0 {
				return nil, nil
			}
			return rec, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read standard input: %w", err)
		}
		if bytes.HasSuffix(rec, p.recEnd) {
			return rec, nil
		}
	}
}

// next returns the next block as the job's only value, io.EOF after the
// last.
func (p *pipeBlocks) next() ([]string, error) {
	var block []byte
	for count := 0; ; count++ {
		if p.n > 0 && count == p.n {
			break
		}
		rec, err := p.record()
		if err != nil {
			return nil, err
		}
		if rec == nil {
			break
		}
		if p.n == 0 && len(block)+len(rec) > p.size {
			if len(block) > 0 {
				p.pend = rec
				break
			}
			for len(rec) > p.size {
				grown := (p.size*3 + 1) / 2
				p.warn(fmt.Sprintf("a record was longer than %d: increasing --block to %d", p.size, grown))
				p.size = grown
			}
		}
		block = append(block, rec...)
	}
	if len(block) == 0 {
		return nil, io.EOF
	}
	return []string{string(block)}, nil
}
