package run

import (
	"strings"
	"testing"
)

func TestLatestRowFeed(t *testing.T) {
	lr := &latestRow{}
	for _, tc := range []struct{ in, line, half string }{
		{"par", "", "par"},
		{"tial\nnext", "partial", "next"},
		{"\na\nb\n", "b", ""},
		{"x\ry\r", "y", ""},
		{"p\rq\nr", "q", "r"}, // a \n in the chunk: \r is part of the line
	} {
		lr.feed([]byte(tc.in))
		if lr.line != tc.line || string(lr.half) != tc.half {
			t.Errorf("after %q: line %q, half %q; want %q, %q", tc.in, lr.line, lr.half, tc.line, tc.half)
		}
	}
}

func TestUntab(t *testing.T) {
	for in, want := range map[string]string{"a\tb": "a       b", "\t": "        ", "abcdefgh\tx": "abcdefgh        x", "a\t\tb": "a             b"} {
		if got := untab(in); got != want {
			t.Errorf("untab(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLatestScreenDraw(t *testing.T) {
	var b strings.Builder
	s := &latestScreen{w: &b, up: "^", rows: 4, cols: 10, currow: 1, maxrow: 1, minvisible: 1, later: map[int]*latestRow{}}
	r1 := &latestRow{n: 1, line: "one"}
	r2 := &latestRow{n: 2, tag: "t\t", line: "a long line"}
	s.draw(r1)
	s.draw(r2)
	s.draw(r1)
	want := "\rone \n" + "\rt       a>\n" + "^^\rone \n\n"
	if b.String() != want {
		t.Errorf("drawn %q, want %q", b.String(), want)
	}
	// Finished rows at the top leave the screen; later rows stay.
	b.Reset()
	s.done(r1)
	if s.minvisible != 2 {
		t.Errorf("minvisible %d after the first row finished", s.minvisible)
	}
	b.Reset()
	s.draw(&latestRow{n: 5, line: "hidden"}) // rows 2..4 are on the screen
	if b.Len() != 0 {
		t.Errorf("row 5 drawn: %q", b.String())
	}
}
