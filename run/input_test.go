package run

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readAll(t *testing.T, o *Options, stdin string) [][]string {
	t.Helper()
	r, err := openInputs(o, strings.NewReader(stdin), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer r.close()
	var out [][]string
	for {
		a, err := r.next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
}

func TestInputs(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f")
	os.WriteFile(file, []byte("x\ny\n"), 0o666)
	list := func(v ...string) Source { return Source{Args: v, FromArgs: true} }
	for _, tc := range []struct {
		name  string
		o     Options
		stdin string
		want  string // jobs separated by |, args by ,
	}{
		{"stdin lines", Options{}, "a\n\nb", "a||b"},
		{"stdin trailing newline", Options{}, "a\nb\n", "a|b"},
		{"empty stdin", Options{}, "", ""},
		{"cross product", Options{Sources: []Source{list("a", "b"), list("1", "2")}}, "", "a,1|a,2|b,1|b,2"},
		{"linked stops at shorter", Options{Sources: []Source{list("a", "b", "c"), {Args: []string{"1", "2"}, FromArgs: true, Linked: true}}}, "", "a,1|b,2"},
		{"--link wraps", Options{Link: true, Sources: []Source{list("a", "b", "c"), list("1", "2")}}, "", "a,1|b,2|c,1"},
		{"file source", Options{Sources: []Source{{Path: file}, list("1")}}, "", "x,1|y,1"},
		{"stdin source", Options{Sources: []Source{{Path: "-"}}}, "p\nq\n", "p|q"},
		{"-N2", Options{MaxArgs: 2, MaxArgsSet: true, Sources: []Source{list("a", "b", "c")}}, "", "a,b|c"},
		{"-N0", Options{MaxArgs: 0, MaxArgsSet: true, Sources: []Source{list("a", "b")}}, "", "|"},
		{"-0", Options{Delimiter: "\x00", DelimiterSet: true}, "a b\x00c\nd\x00", "a b|c\nd"},
		{"-d CRNL", Options{Delimiter: "\r\n", DelimiterSet: true}, "a\r\nb\rc\nd\r\n\r\n", "a|b\rc\nd|"},
		{"-d multi-byte, last byte repeated", Options{Delimiter: "::", DelimiterSet: true}, "a:b::c:::d", "a:b|c|:d"},
		{"colsep", Options{Colsep: ",", Sources: []Source{list("a,b", "c , d")}}, "", "a,b|c,d"},
		{"empty source among others is one empty value", Options{Sources: []Source{list("a"), list()}}, "", "a,"},
		{"empty first source", Options{Sources: []Source{list(), list("a", "b")}}, "", ",a|,b"},
		{"all sources empty", Options{Sources: []Source{list(), list()}}, "", ""},
		{"one empty source", Options{Sources: []Source{list()}}, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var jobs []string
			for _, a := range readAll(t, &tc.o, tc.stdin) {
				jobs = append(jobs, strings.Join(a, ","))
			}
			if got := strings.Join(jobs, "|"); got != tc.want || (tc.want == "" && len(jobs) != 0) {
				t.Errorf("jobs = %q, want %q", got, tc.want)
			}
		})
	}
	if _, err := openInputs(&Options{Sources: []Source{{Path: filepath.Join(dir, "missing")}}}, nil, nil); err == nil {
		t.Error("missing input file: no error")
	}
}

func TestLimiter(t *testing.T) {
	l := NewLimiter(2)
	ctx := t.Context()
	a, _ := l.Acquire(ctx)
	b, _ := l.Acquire(ctx)
	if a != 1 || b != 2 {
		t.Fatalf("slots %d %d, want 1 2", a, b)
	}
	l.Release(1)
	if c, _ := l.Acquire(ctx); c != 1 {
		t.Fatalf("slot after release = %d, want the lowest free, 1", c)
	}
	got := make(chan int)
	go func() { s, _ := l.Acquire(ctx); got <- s }()
	l.Set(3)
	if s := <-got; s != 3 {
		t.Fatalf("slot after Set(3) = %d, want 3", s)
	}
	if l.InUse() != 3 || l.Limit() != 3 {
		t.Fatalf("InUse %d Limit %d", l.InUse(), l.Limit())
	}
}
