package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sample = `goos: linux
pkg: github.com/crewrun/crew/bench/pools
BenchmarkC_NoopUnbounded/lib=crew-2 	 1000000	      120 ns/op	   0.5 B/task	 0.01 allocs/task	 100 cpu-ns/task	 120 ns/task
BenchmarkC_NoopUnbounded/lib=crew-2 	 1000000	      140 ns/op	   0.5 B/task	 0.01 allocs/task	 100 cpu-ns/task	 140 ns/task
BenchmarkC_NoopUnbounded/lib=raw-2 	 1000000	      100 ns/op	   24 B/task	 1 allocs/task	 90 cpu-ns/task	 100 ns/task
BenchmarkC_NoopUnbounded/lib=pond-go-2 	 1000000	      200 ns/op	   24 B/task	 1 allocs/task	 80 cpu-ns/task	 200 ns/task
BenchmarkF_Map/lib=crew-2 	 30	      5000000 ns/op	   8 B/task	 0.00001 allocs/task	 4 cpu-ns/task	 5 ns/task
BenchmarkF_Map/lib=serial-2 	 30	      1000000 ns/op	   8 B/task	 0 allocs/task	 1 cpu-ns/task	 1 ns/task
BenchmarkF_Map/lib=raw-2 	 30	      4000000 ns/op	   8 B/task	 0.00001 allocs/task	 4 cpu-ns/task	 4 ns/task
`

func readSample(t *testing.T) samples {
	t.Helper()
	name := filepath.Join(t.TempDir(), "r.txt")
	if err := os.WriteFile(name, []byte(sample), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := read([]string{name})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestVerdict(t *testing.T) {
	s := readSample(t)
	v := s.verdict("C_NoopUnbounded")
	if v.crewNs != 130 || v.bestName != "raw" || v.bestNs != 100 || v.cpuName != "pond-go" {
		t.Errorf("verdict = %+v, want crew 130 ns, best raw 100 ns, best cpu pond-go", v)
	}
	// Wall: 1.3× raw misses 1.05× and c's 1.25×; cpu: 1.25× pond-go misses 1.05×,
	// 1.11× raw is within 1.25×.
	if got, want := v.met(), "wall **no**, cpu **no**, allocs yes; ≤ 1.25× raw: wall **no**, cpu yes"; got != want {
		t.Errorf("met() = %q, want %q", got, want)
	}
	// serial is the floor, never the best peer.
	if name, _ := s.best("F_Map", "ns/task"); name != "raw" {
		t.Errorf("best peer of F_Map = %q, want raw (serial is not a peer)", name)
	}
	if w, _ := s.worst(); w != "C_NoopUnbounded" {
		t.Errorf("worst = %q, want C_NoopUnbounded (1.3× against F_Map's 1.25×)", w)
	}
}

func TestWriteAndReplaceSection(t *testing.T) {
	s := readSample(t)
	var out bytes.Buffer
	s.write(&out)
	for _, want := range []string{"| c) 1M no-op tasks, unbounded | 130 | 100 (raw) | 1.30× | 1.30× |", "| **crew** | 130 |", "| serial | 1.00 |"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("tables lack %q:\n%s", want, out.String())
		}
	}

	md := filepath.Join(t.TempDir(), "RESULTS.md")
	before := "# results\n\n" + beginMarker + "\nold\n" + endMarker + "\n\n## proc\n\ntheirs\n"
	if err := os.WriteFile(md, []byte(before), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := replaceSection(md, []byte("new\n")); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(md)
	if want := "# results\n\n" + beginMarker + "\nnew\n" + endMarker + "\n\n## proc\n\ntheirs\n"; string(got) != want {
		t.Errorf("after replaceSection:\n%s\nwant:\n%s", got, want)
	}
	if err := replaceSection(filepath.Join(t.TempDir(), "none.md"), nil); err == nil {
		t.Error("replaceSection of a missing file succeeded")
	}
}

func TestNum(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 1234.4: "1,234", 123.4: "123", 12.34: "12.3", 1.234: "1.23", 0.001234: "0.00123", 0.5: "0.500"} {
		if got := num(v); got != want {
			t.Errorf("num(%v) = %q, want %q", v, got, want)
		}
	}
}
