package run

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"sync"
)

// palette is GNU parallel's --color palette: background colours with
// black or white text that are readable, in an order where neighbours
// differ; job seq gets palette[seq % len(palette)].
var palette = sync.OnceValue(func() []string {
	type combo struct{ bg, fg string }
	var cs []combo
	add := func(fg string, ranges ...[2]int) {
		for _, r := range ranges {
			for n := r[0]; n <= r[1]; n++ {
				cs = append(cs, combo{fmt.Sprintf("%03d", n), fg})
			}
		}
	}
	add("000", [2]int{6, 7}, [2]int{9, 11}, [2]int{13, 15}, [2]int{40, 51}, [2]int{75, 87}, [2]int{113, 123},
		[2]int{147, 159}, [2]int{171, 182}, [2]int{185, 231}, [2]int{249, 254})
	add("231", [2]int{1, 9}, [2]int{12, 13}, [2]int{16, 45}, [2]int{52, 81}, [2]int{88, 114}, [2]int{124, 149},
		[2]int{160, 178}, [2]int{180, 180}, [2]int{182, 184}, [2]int{196, 214}, [2]int{232, 250})
	idx := make([]int, len(cs))
	for i := range idx {
		idx[i] = i
	}
	// Perl's (stable) sort { $a%23 <=> $b%23 or $b%7 <=> $a%7 }.
	slices.SortStableFunc(idx, func(a, b int) int {
		if a%23 != b%23 {
			return a%23 - b%23
		}
		return b%7 - a%7
	})
	out := make([]string, len(idx))
	for k, i := range idx {
		out[k] = "\033[48;5;" + cs[i].bg + ";38;5;" + cs[i].fg + "m"
	}
	return out
})

const (
	colorEOL   = "\033[K" // clear to the end of the line, so the colour fills it
	colorReset = "\033[m"
	colorFail  = "\033[48;5;196;38;5;231m" // white on red, --color-failed
)

// colors returns the colour and reset strings of j's output, and whether
// output is coloured at all (--color, --ctag, --color-failed; never with
// -u; --color-failed not with --line-buffer).
func (r *runner) colors(j *job) (color, reset string, ok bool) {
	o := r.o
	if o.Output == Ungroup || !o.Color && (!o.ColorFailed || o.Output == LineBuffer) {
		return "", "", false
	}
	if o.ColorFailed && o.Output != LineBuffer && j.failed() {
		return colorFail + colorEOL, colorReset, true
	}
	if o.Color {
		pal := palette()
		return pal[j.seq%len(pal)] + colorEOL, colorReset, true
	}
	return "", "", true
}

// colorWriter writes output as GNU parallel colours it: each line starts
// with the colour and the tag and ends with the reset and a newline (one
// is added to a last line without); a CR inside a line also resets and
// starts the colour again.
type colorWriter struct {
	w          *bufio.Writer
	start, end []byte // colour+tag; reset
	nl         bool   // a newline is pending
	begun      bool
}

func newColorWriter(w io.Writer, colorTag []byte, reset string) *colorWriter {
	return &colorWriter{w: bufio.NewWriterSize(w, 32<<10), start: colorTag, end: []byte(reset)}
}

func (c *colorWriter) Write(p []byte) (int, error) {
	for _, b := range p {
		if !c.begun {
			c.w.Write(c.start)
			c.begun = true
		}
		if c.nl {
			c.w.Write(c.end)
			c.w.WriteByte('\n')
			c.w.Write(c.start)
			c.nl = false
		}
		switch b {
		case '\n':
			c.nl = true
		case '\r':
			c.w.Write(c.end)
			c.w.WriteByte('\r')
			c.w.Write(c.start)
		default:
			c.w.WriteByte(b)
		}
	}
	return len(p), nil
}

// Close ends the last line and flushes.
func (c *colorWriter) Close() error {
	if c.begun {
		c.w.Write(c.end)
		c.w.WriteByte('\n')
	}
	return c.w.Flush()
}
