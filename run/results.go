package run

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
)

// resultsTable writes --results NAME.csv or NAME.tsv: one table of all jobs
// in GNU parallel's format, a header (Seq Host Starttime JobRuntime Send
// Receive Exitval Signal Command V1 ... Stdout Stderr) before the first
// job's row, then one row per job, fields quoted as GNU parallel quotes
// them. "-.csv" and "-.tsv" write the table to stdout.
type resultsTable struct {
	mu     sync.Mutex
	w      io.Writer
	f      *os.File // nil for stdout
	sep    byte
	header bool // written
}

// resultsTableSep returns the separator of a --results path that names a
// table, or 0 for a directory of results.
func resultsTableSep(path string) byte {
	switch strings.ToLower(path[max(0, len(path)-4):]) {
	case ".csv":
		return ','
	case ".tsv":
		return '\t'
	}
	return 0
}

// openResultsTable creates the table file (or uses stdout for "-.csv" and
// "-.tsv").
func openResultsTable(path string, sep byte, stdout io.Writer) (*resultsTable, error) {
	if path == "-.csv" || path == "-.tsv" {
		return &resultsTable{w: stdout, sep: sep}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("open results file: %w", err)
	}
	return &resultsTable{w: f, f: f, sep: sep}, nil
}

func (t *resultsTable) close() error {
	if t.f == nil {
		return nil
	}
	return t.f.Close()
}

// write adds the row of a finished job; the header comes first, its V
// columns named by names (--header) or V1, V2, ... as GNU parallel does.
func (t *resultsTable) write(names []string, seq int, startMilli int64, runtime float64, received int64, exitval, signal int, cmd string, args []string, stdout, stderr string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	var b []byte
	if !t.header {
		t.header = true
		cols := []string{"Seq", "Host", "Starttime", "JobRuntime", "Send", "Receive", "Exitval", "Signal", "Command"}
		v := "V1"
		for i := range args {
			if i < len(names) {
				cols = append(cols, names[i])
			} else {
				cols = append(cols, v)
			}
			v = perlIncrement(v)
		}
		cols = append(cols, "Stdout", "Stderr")
		b = t.appendRow(b, cols)
	}
	row := []string{
		strconv.Itoa(seq), ":",
		strconv.FormatFloat(float64(startMilli)/1000, 'f', 3, 64),
		strconv.FormatFloat(runtime, 'f', 3, 64),
		"0", strconv.FormatInt(received, 10),
		strconv.Itoa(exitval), strconv.Itoa(signal), cmd,
	}
	row = append(row, args...)
	row = append(row, stdout, stderr)
	b = t.appendRow(b, row)
	_, err := t.w.Write(b)
	return err
}

// appendRow appends fields joined by the separator and a newline. A field
// is quoted when it holds a quote (doubled), white space, the separator or
// a NUL, as GNU parallel's combine_ref does.
func (t *resultsTable) appendRow(b []byte, fields []string) []byte {
	for i, f := range fields {
		if i > 0 {
			b = append(b, t.sep)
		}
		if strings.ContainsAny(f, "\" \t\n\r\f\v\x00"+string(t.sep)) {
			b = append(b, '"')
			b = append(b, strings.ReplaceAll(f, `"`, `""`)...)
			b = append(b, '"')
		} else {
			b = append(b, f...)
		}
	}
	return append(b, '\n')
}

// perlIncrement is Perl's magic string increment, which GNU parallel uses
// to name the columns: "V9" becomes "W0", "Z9" becomes "AA0".
func perlIncrement(s string) string {
	b := []byte(s)
	for i := len(b) - 1; i >= 0; i-- {
		switch c := b[i]; {
		case c == '9':
			b[i] = '0'
		case c == 'z':
			b[i] = 'a'
		case c == 'Z':
			b[i] = 'A'
		default:
			b[i]++
			return string(b)
		}
	}
	switch first := s[0]; {
	case first >= '0' && first <= '9':
		return "1" + string(b)
	case first >= 'a' && first <= 'z':
		return "a" + string(b)
	}
	return "A" + string(b)
}

// readString returns what r holds; a read error keeps what was read.
func readString(r io.Reader) string {
	var sb strings.Builder
	io.Copy(&sb, r)
	return sb.String()
}
