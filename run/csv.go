package run

import (
	"fmt"
	"strings"
)

// parseCSV splits one CSV record as GNU parallel's --csv does (Perl's
// Text::CSV with binary on): fields end at sep; a field that starts with
// a double quote is quoted, "" in it is a quote, and it may hold sep, CR
// and newlines; after its closing quote only sep or the end may follow. A
// quote inside an unquoted field, a CR not before a newline, or a quoted
// field that does not end is an error. A newline outside quotes ends the
// record (what follows is dropped).
func parseCSV(line string, sep byte) ([]string, error) {
	var fields []string
	var f strings.Builder
	i := 0
	for {
		f.Reset()
		if i < len(line) && line[i] == '"' {
			i++
			for {
				if i >= len(line) {
					return nil, fmt.Errorf("a quoted field does not end")
				}
				c := line[i]
				if c != '"' {
					f.WriteByte(c)
					i++
					continue
				}
				if i+1 < len(line) && line[i+1] == '"' {
					f.WriteByte('"')
					i += 2
					continue
				}
				i++
				break
			}
			switch {
			case i == len(line), line[i] == '\n', strings.HasPrefix(line[i:], "\r\n"):
				return append(fields, f.String()), nil
			case line[i] == sep:
				fields = append(fields, f.String())
				i++
				continue
			}
			return nil, fmt.Errorf("%q after a quoted field", line[i])
		}
		for i < len(line) && line[i] != sep {
			switch c := line[i]; {
			case c == '"':
				return nil, fmt.Errorf("a quote inside an unquoted field")
			case c == '\n', strings.HasPrefix(line[i:], "\r\n"):
				return append(fields, f.String()), nil
			case c == '\r':
				return nil, fmt.Errorf("a CR inside an unquoted field")
			default:
				f.WriteByte(c)
			}
			i++
		}
		fields = append(fields, f.String())
		if i >= len(line) {
			return fields, nil
		}
		i++ // the separator
	}
}

// csvLines joins the lines of a source that belong to one CSV record, as
// GNU parallel does before parsing it: while a line has an odd number of
// double quotes, the record goes on after the delimiter.
type csvLines struct {
	r     *delimReader
	delim string
}

func (c *csvLines) next() (string, error) {
	v, err := c.r.next()
	if err != nil {
		return v, err
	}
	half := strings.Count(v, `"`)%2 == 1
	for half {
		w, err := c.r.next()
		if err != nil {
			// The end of the input inside a record: GNU parallel parses
			// what it has (and fails).
			return v, nil
		}
		v += c.delim + w
		if strings.Count(w, `"`)%2 == 1 {
			half = false
		}
	}
	return v, nil
}
