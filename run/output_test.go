package run

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestOrdererPrintsInOrder(t *testing.T) {
	var out bytes.Buffer
	o := newOrderer(&out, io.Discard)
	pr := func(s string) func() { return func() { out.WriteString(s) } }
	o.done(3, pr("c"))
	o.done(2, pr("b"))
	if out.Len() != 0 {
		t.Fatalf("printed %q before job 1", out.String())
	}
	o.done(1, pr("a"))
	o.done(5, pr("e"))
	if out.String() != "abc" {
		t.Fatalf("printed %q, want abc", out.String())
	}
	o.flush() // job 4 never came (halted run): 5 still prints
	if out.String() != "abce" {
		t.Fatalf("after flush %q, want abce", out.String())
	}
}

func TestOrdererWindow(t *testing.T) {
	o := newOrderer(io.Discard, io.Discard)
	released := make(chan struct{})
	go func() {
		o.waitWindow(12, 10, func() bool { return false }) // 12-1 > 10: waits
		close(released)
	}()
	select {
	case <-released:
		t.Fatal("job 12 started while job 1 was not printed and the window is 10")
	case <-time.After(50 * time.Millisecond):
	}
	o.done(1, nil)
	<-released
}

func TestOrdererLiveLines(t *testing.T) {
	var out bytes.Buffer
	o := newOrderer(&out, io.Discard)
	h2 := o.start(2)
	lw2 := &lineWriter{mu: &o.mu, w: &out, ord: o, seq: 2, held: &h2.out}
	h1 := o.start(1)
	lw1 := &lineWriter{mu: &o.mu, w: &out, ord: o, seq: 1, held: &h1.out}
	fmt.Fprint(lw2, "two-a\n")
	fmt.Fprint(lw1, "one-a\n")
	if out.String() != "one-a\n" {
		t.Fatalf("output %q: job 1 is live, job 2 held", out.String())
	}
	o.done(1, nil)
	if out.String() != "one-a\ntwo-a\n" {
		t.Fatalf("output %q: job 2's held line goes out when it becomes the oldest", out.String())
	}
	fmt.Fprint(lw2, "two-b\n")
	lw2.flush()
	o.done(2, nil)
	if out.String() != "one-a\ntwo-a\ntwo-b\n" {
		t.Fatalf("output %q", out.String())
	}
}

// TestCaptureSpills writes more than spillAt into a capture while the
// spiller runs, as a job would, and checks that the output is complete, in
// order, on disk rather than in memory, and copied with its tag.
func TestCaptureSpills(t *testing.T) {
	var sp spiller
	defer sp.close()
	c, err := newCapture(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	sp.add(c)
	var want bytes.Buffer
	for i := range 3000 { // about 3 MB, written over more than one spiller tick
		line := fmt.Sprintf("%04d %s\n", i, strings.Repeat("x", 1000))
		want.WriteString(line)
		if _, err := c.f.WriteString(line); err != nil {
			t.Fatal(err)
		}
		if i%500 == 0 {
			time.Sleep(2 * spillEvery)
		}
	}
	if c.mem {
		c.mu.Lock()
		moved := c.moved
		c.mu.Unlock()
		if moved == 0 {
			t.Errorf("nothing moved to disk while the job was writing")
		}
	}
	sp.remove(c)
	got, err := c.finish()
	if err != nil {
		t.Fatal(err)
	}
	defer got.close()
	if got.f == nil || got.data != nil || got.size != int64(want.Len()) {
		t.Fatalf("captured %d bytes (in a file: %v), want %d in a file", got.size, got.f != nil, want.Len())
	}
	var out bytes.Buffer
	io.Copy(&out, got.reader())
	if out.String() != want.String() {
		t.Fatalf("captured output differs from what was written (%d bytes, want %d)", out.Len(), want.Len())
	}
	out.Reset()
	got.writeTo(&out, []byte("T\t"))
	if out.Len() != want.Len()+3000*2 || !strings.HasPrefix(out.String(), "T\t0000 xxx") {
		t.Fatalf("tagged copy is %d bytes", out.Len())
	}
}

// TestCaptureSmall: a small output ends in memory and its file is closed.
func TestCaptureSmall(t *testing.T) {
	for _, text := range []string{"", "hello\n", strings.Repeat("y", spillAt)} {
		c, err := newCapture(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		c.f.WriteString(text)
		got, err := c.finish()
		if err != nil {
			t.Fatal(err)
		}
		if got.f != nil || string(got.data) != text || got.size != int64(len(text)) {
			t.Errorf("%d bytes: captured %d bytes, in a file: %v", len(text), got.size, got.f != nil)
		}
		if _, err := c.f.Write([]byte("x")); err == nil {
			t.Errorf("%d bytes: the capture's file is still open", len(text))
		}
	}
}

// TestMultiRecords checks -m/-X grouping against what GNU parallel 20221122
// does (parallel -k -jJ -m [-n N] echo ::: 1 2 ... 8).
func TestMultiRecords(t *testing.T) {
	for _, tc := range []struct {
		n, maxN, slots, maxBytes int
		spread                   bool
		want                     []int
	}{
		{8, 0, 2, 1000, true, []int{4, 4}},
		{8, 3, 2, 1000, true, []int{3, 3, 1, 1}},
		{8, 10, 2, 1000, true, []int{4, 4}},
		{8, 2, 3, 1000, true, []int{2, 2, 2, 1, 1}},
		{8, 2, 4, 1000, true, []int{2, 2, 2, 1, 1}},
		{8, 3, 1, 1000, true, []int{3, 3, 2}},
		{8, 3, 2, 1000, false, []int{3, 3, 2}}, // --xargs: no spreading
		{1, 0, 2, 1000, true, []int{1}},
		{10, 0, 3, 1000, true, []int{4, 4, 2}},
		{6, 0, 1, 12, true, []int{3, 3}}, // 4 bytes per value: 3 fit in 12
		{9, 0, 2, 12, true, []int{3, 3, 2, 1}},
		{0, 0, 4, 1000, true, nil},
	} {
		var recs [][]string
		for i := 1; i <= tc.n; i++ {
			recs = append(recs, []string{fmt.Sprint(i)})
		}
		// 4 bytes per value, under the limit while at most maxBytes.
		recLen := func([]string, int) int { return 4 }
		lineLen := func(_, _, sum int) int { return sum }
		next := multiRecords(sliceRecords(recs), tc.maxN, tc.slots, tc.spread, tc.maxBytes+1, recLen, lineLen, false)
		var got []int
		var all []string
		for {
			args, err := next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, len(args))
			all = append(all, args...)
		}
		if !slices.Equal(got, tc.want) || len(all) != tc.n {
			t.Errorf("%d values, -n %d, %d slots, %d bytes, spread %v: jobs of %v (%d values), want %v",
				tc.n, tc.maxN, tc.slots, tc.maxBytes, tc.spread, got, len(all), tc.want)
		}
	}
}
