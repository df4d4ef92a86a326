package run

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

func TestResultsTableQuoting(t *testing.T) {
	for _, tc := range []struct {
		sep    byte
		fields []string
		want   string
	}{
		{',', []string{"a", "b c", `q"d`, "x,y", "", "n\n"}, "a,\"b c\",\"q\"\"d\",\"x,y\",,\"n\n\"\n"},
		{'\t', []string{"a,b", "t\tu", "z\x00"}, "a,b\t\"t\tu\"\t\"z\x00\"\n"},
	} {
		tbl := &resultsTable{sep: tc.sep}
		if got := string(tbl.appendRow(nil, tc.fields)); got != tc.want {
			t.Errorf("appendRow(%q, %q) = %q, want %q", tc.sep, tc.fields, got, tc.want)
		}
	}
}

func TestPerlIncrement(t *testing.T) {
	for in, want := range map[string]string{"V1": "V2", "V9": "W0", "Z9": "AA0", "az": "ba", "zz": "aaa", "9": "10"} {
		if got := perlIncrement(in); got != want {
			t.Errorf("perlIncrement(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRunResultsTable checks --results NAME.tsv: one table, rows in -k
// order, nothing printed and no directory made.
func TestRunResultsTable(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.tsv")
	out, errOut, code := runArgs(t, t.Context(), "-k", "--results", path, "sleep 0.{}; echo {}; exit {}", ":::", "2", "0")
	if code != 1 || out != "" || errOut != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := regexp.MustCompile(`^Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand\tV1\tStdout\tStderr
1\t:\t[0-9]+\.[0-9]{3}\t[0-9]+\.[0-9]{3}\t0\t2\t2\t0\t"sleep 0.2; echo 2; exit 2"\t2\t"2
"\t
2\t:\t[0-9]+\.[0-9]{3}\t[0-9]+\.[0-9]{3}\t0\t2\t0\t0\t"sleep 0.0; echo 0; exit 0"\t0\t"0
"\t
$`)
	if !want.Match(b) {
		t.Errorf("table %q", b)
	}
}
