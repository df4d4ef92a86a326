package run

import (
	"io"
	"slices"
	"strings"
	"testing"
)

func TestPipeBlocks(t *testing.T) {
	for _, tc := range []struct {
		name   string
		in     string
		size   int
		recEnd string
		n      int
		want   []string
	}{
		{"by size, whole records", "1\n2\n3\n4\n5\n", 5, "\n", 0, []string{"1\n2\n", "3\n4\n", "5\n"}},
		{"by records", "1\n2\n3\n4\n5\n", 100, "\n", 2, []string{"1\n2\n", "3\n4\n", "5\n"}},
		{"last record without end", "a\nb", 100, "\n", 0, []string{"a\nb"}},
		{"long record grows the block", "aaaaaaaaaa\nb\n", 3, "\n", 0, []string{"aaaaaaaaaa\n", "b\n"}},
		{"exact cuts", "123456789", 4, "", 0, []string{"1234", "5678", "9"}},
		{"multi-byte record end", "a;;b;;c", 3, ";;", 0, []string{"a;;", "b;;", "c"}},
		{"empty input", "", 10, "\n", 0, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var warned []string
			p := newPipeBlocks(strings.NewReader(tc.in), tc.size, tc.recEnd, tc.n, func(s string) { warned = append(warned, s) })
			var got []string
			for {
				v, err := p.next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, v[0])
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("blocks %q, want %q", got, tc.want)
			}
		})
	}
}

func TestParseUnits(t *testing.T) {
	for in, want := range map[string]int64{"5": 5, "1k": 1000, "1K": 1024, "2M": 2 << 20, "1m": 1000000, "1.5k": 1500} {
		if got, err := parseUnits(in); err != nil || got != want {
			t.Errorf("parseUnits(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
}
