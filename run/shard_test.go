package run

import (
	"io"
	"strings"
	"testing"
)

func TestBinJob(t *testing.T) {
	s, err := parseSharder("--bin", "1", "")
	if err != nil {
		t.Fatal(err)
	}
	// GNU parallel: value n goes to job n, n+jobs to job n, 0 and
	// non-numbers to the last job, negative values as Perl's %.
	for v, want := range map[string]int{"1": 0, "2": 1, "3": 2, "4": 0, "0": 2, "x": 2, "-1": 1, "2.7": 1, " 8\n": 1, "1e1": 0, "inf": 2} {
		if got := s.job(v, 3); got != want {
			t.Errorf("job(%q, 3) = %d, want %d", v, got, want)
		}
	}
}

func TestShardField(t *testing.T) {
	s, err := parseSharder("--shard", "2", "[,;]")
	if err != nil {
		t.Fatal(err)
	}
	for line, want := range map[string]string{"a,b;c\n": "b", "a\n": "", "a;b\n": "b\n"} {
		if got := s.field(line, 2); got != want {
			t.Errorf("field(%q) = %q, want %q", line, got, want)
		}
	}
	if first := s.job("b", 4); s.job("b", 4) != first || s.job("b", 1) != 0 {
		t.Error("--shard must send a value to one job")
	}
}

func TestGroupMarker(t *testing.T) {
	g, err := parseGroupBy("k", "")
	if err != nil {
		t.Fatal(err)
	}
	head, r, err := g.open(strings.NewReader("x\tk\n1\ta\n2\ta\n3\tb\n4\ta"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(r)
	m := g.marker
	if want := m + "1\ta\n2\ta\n" + m + "3\tb\n" + m + "4\ta"; string(head) != "x\tk\n" || string(b) != want {
		t.Errorf("header %q, marked %q; want %q, %q", head, b, "x\tk\n", want)
	}
	if _, err := parseGroupBy("$_ =~ s/x//", ""); err == nil {
		t.Error("a Perl expression must be refused")
	}
}
