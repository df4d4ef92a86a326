package run

import (
	"io"
	"slices"
	"strings"
	"testing"
	"time"
)

// chunks runs a chunker over in and returns its chunks.
func chunks(t *testing.T, in string, c chunkOptions, sep *recSep) (got []string, header string, warned int) {
	t.Helper()
	ch := newChunker(strings.NewReader(in), c, sep, func(string) { warned++ })
	defer ch.close()
	if err := ch.start(c); err != nil {
		t.Fatal(err)
	}
	for {
		b, err := ch.next()
		if err == io.EOF {
			return got, string(ch.header), warned
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, string(b))
	}
}

func mustSep(t *testing.T, start, end string, startSet, endSet, re bool) *recSep {
	t.Helper()
	p, err := newRecSep(start, end, startSet, endSet, re)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestChunker(t *testing.T) {
	nl := func(t *testing.T) *recSep { return mustSep(t, "", "", false, false, false) }
	for _, tc := range []struct {
		name   string
		in     string
		c      chunkOptions
		sep    func(*testing.T) *recSep
		want   []string
		warned int
	}{
		{"by size, whole records", "1\n2\n3\n4\n5\n", chunkOptions{blocksize: 5}, nl, []string{"1\n2\n", "3\n4\n", "5\n"}, 0},
		{"by records", "1\n2\n3\n4\n5\n", chunkOptions{blocksize: 100, n: 2}, nl, []string{"1\n2\n", "3\n4\n", "5\n"}, 0},
		{"last record without end", "a\nb", chunkOptions{blocksize: 100}, nl, []string{"a\nb"}, 0},
		{"long record grows the block", "aaaaaaaaaa\nb\n", chunkOptions{blocksize: 3}, nl, []string{"aaaaaaaaaa\n", "b\n"}, 3},
		{"exact cuts", "123456789", chunkOptions{blocksize: 4}, func(t *testing.T) *recSep { return mustSep(t, "", "", false, true, false) }, []string{"1234", "5678", "9"}, 0},
		{"multi-byte record end", "a;;b;;c", chunkOptions{blocksize: 3}, func(t *testing.T) *recSep { return mustSep(t, "", ";;", false, true, false) }, []string{"a;;", "b;;", "c"}, 0},
		{"empty input", "", chunkOptions{blocksize: 10}, nl, nil, 0},
		// GNU parallel's nindex looks for the first border from the second
		// byte: an empty first record joins the next one.
		{"-N with an empty first record", "\n\na\nb\n", chunkOptions{blocksize: 100, n: 1}, nl, []string{"\n\n", "a\n", "b\n"}, 0},
		{"-N with --recend '' is bytes", "abcdefg", chunkOptions{blocksize: 100, n: 3}, func(t *testing.T) *recSep { return mustSep(t, "", "", false, true, false) }, []string{"abc", "def", "g"}, 0},
		{"-N more than the block holds grows it", "1\n2\n3\n4\n", chunkOptions{blocksize: 3, n: 2}, nl, []string{"1\n2\n", "3\n4\n"}, 1},
		{"-L lines", "1\n2\n3\n4\n5\n6\n7\n", chunkOptions{blocksize: 100, lines: 3}, nl, []string{"1\n2\n3\n4\n5\n6\n", "7\n"}, 0},
		{"-L with -N", "1\n2\n3\n4\n5\n6\n7\n", chunkOptions{blocksize: 100, lines: 2, n: 2}, nl, []string{"1\n2\n3\n4\n", "5\n6\n7\n"}, 0},
		{"-L splits a last line without newline off", "a\nb", chunkOptions{blocksize: 100, lines: 1}, nl, []string{"a\n", "b"}, 0},
		{"-L grows a small block", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", chunkOptions{blocksize: 5, lines: 3}, nl, []string{"1\n2\n3\n", "4\n5\n6\n", "7\n8\n9\n", "10\n"}, 1},
		{"recstart", ">a\nAAA\n>b\nBB>B\n>c\nC\n", chunkOptions{blocksize: 10}, func(t *testing.T) *recSep { return mustSep(t, ">", "", true, false, false) }, []string{">a\nAAA\n", ">b\nBB>B\n", ">c\nC\n"}, 0},
		{"recstart -N1", ">a\nAAA\n>b\nBB>B\n", chunkOptions{blocksize: 100, n: 1}, func(t *testing.T) *recSep { return mustSep(t, ">", "", true, false, false) }, []string{">a\nAAA\n", ">b\nBB", ">B\n"}, 0},
		{"regexp recstart at line starts", ">a\nAAA\n>b\nBB>B\n>c\nC\n", chunkOptions{blocksize: 100, n: 1}, func(t *testing.T) *recSep { return mustSep(t, "^>", "", true, false, true) }, []string{">a\nAAA\n", ">b\nBB>B\n", ">c\nC\n"}, 0},
		{"regexp by size", ">a\nAAA\n>b\nBB>B\n>c\nC\n", chunkOptions{blocksize: 10}, func(t *testing.T) *recSep { return mustSep(t, "^>", "", true, false, true) }, []string{">a\nAAA\n", ">b\nBB>B\n", ">c\nC\n"}, 0},
		{"regexp text before the first start", "gar\nbage\n>a\nb\n>c\n", chunkOptions{blocksize: 100, n: 1}, func(t *testing.T) *recSep { return mustSep(t, "^>", "", true, false, true) }, []string{"gar\nbage\n", ">a\nb\n", ">c\n"}, 0},
		{"regexp recend", "a1b22c333d", chunkOptions{blocksize: 100, n: 1}, func(t *testing.T) *recSep { return mustSep(t, "", "[0-9]+", false, true, true) }, []string{"a1", "b22", "c333", "d"}, 0},
		{"-r drops blank lines", "a\n\n  \nb\n\n", chunkOptions{blocksize: 100, n: 1, blank: true}, nl, []string{"a\n", "b\n"}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, _, warned := chunks(t, tc.in, tc.c, tc.sep(t))
			if !slices.Equal(got, tc.want) {
				t.Errorf("chunks %q, want %q", got, tc.want)
			}
			if warned != tc.warned {
				t.Errorf("%d warnings, want %d", warned, tc.warned)
			}
		})
	}
}

func TestChunkerHeader(t *testing.T) {
	for _, tc := range []struct {
		header, in, wantHead string
		skip                 bool
		want                 []string
	}{
		{":", "H\n1\n2\n", "H\n", false, []string{"1\n2\n"}},
		{"2", "H\nI\n1\n", "H\nI\n", false, []string{"1\n"}},
		// The first read, a block of 4 bytes, already matches.
		{"(#.*\n)*", "#a\n#b\n1\n", "#a\n", false, []string{"#b\n", "1\n"}},
		{"X", "abc\n1\n", "", false, []string{"abc\n1\n"}},
		{":", "H", "", false, []string{"H"}},
		{":", "S\nH\n1\n", "H\n", true, []string{"1\n"}},
		{"0", "H\n1\n", "", false, []string{"H\n1\n"}},
	} {
		re, err := pipeHeader(tc.header)
		if err != nil {
			t.Fatal(err)
		}
		c := chunkOptions{blocksize: 4, header: re, skipFirstLine: tc.skip}
		got, head, _ := chunks(t, tc.in, c, mustSep(t, "", "", false, false, false))
		if head != tc.wantHead || !slices.Equal(got, tc.want) {
			t.Errorf("--header %q on %q: header %q, chunks %q; want %q, %q", tc.header, tc.in, head, got, tc.wantHead, tc.want)
		}
	}
}

func TestRemoveRecSep(t *testing.T) {
	for _, tc := range []struct {
		start, end       string
		startSet, endSet bool
		re               bool
		in, want         string
	}{
		{"", "", false, false, false, "1\n2\n3\n", "123"},
		{"", ";", false, true, false, "c;\n", "c\n"},
		{"", ";", false, true, false, "a;b;", "ab"},
		{">", "", true, false, false, ">a\nB>B\n", "a\nBB\n"},
		{"^>", "", true, false, true, ">a\nB>B\n>c\n", "a\nB>B\nc\n"},
		{"", "[0-9]+", false, true, true, "a1b22", "ab"},
	} {
		p := mustSep(t, tc.start, tc.end, tc.startSet, tc.endSet, tc.re)
		if got := string(p.remove([]byte(tc.in))); got != tc.want {
			t.Errorf("remove(%q) with start %q end %q re %v = %q, want %q", tc.in, tc.start, tc.end, tc.re, got, tc.want)
		}
	}
}

func TestBlockTimeout(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	c := chunkOptions{blocksize: 100, timeout: 20 * time.Millisecond}
	ch := newChunker(pr, c, mustSep(t, "", "", false, false, false), func(string) {})
	defer ch.close()
	if err := ch.start(c); err != nil {
		t.Fatal(err)
	}
	go pw.Write([]byte("a\nb"))
	// The block is not full and the input goes on: after the timeout the
	// complete record read so far is a chunk.
	if b, err := ch.next(); err != nil || string(b) != "a\n" {
		t.Fatalf("first chunk %q, %v; want \"a\\n\"", b, err)
	}
	go func() {
		pw.Write([]byte("c\n"))
		pw.Close()
	}()
	if b, err := ch.next(); err != nil || string(b) != "bc\n" {
		t.Fatalf("second chunk %q, %v; want \"bc\\n\"", b, err)
	}
	if _, err := ch.next(); err != io.EOF {
		t.Fatalf("after the input: %v, want EOF", err)
	}
}

func TestParseUnits(t *testing.T) {
	for in, want := range map[string]int64{"5": 5, "1k": 1000, "1K": 1024, "2M": 2 << 20, "1m": 1000000, "1.5k": 1500} {
		if got, err := parseUnits(in); err != nil || got != want {
			t.Errorf("parseUnits(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
}
