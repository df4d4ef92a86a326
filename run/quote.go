package run

import "strings"

// Quote returns s quoted for a POSIX shell the way GNU parallel quotes
// replacement values: unchanged when it consists only of letters, digits and
// -_.+/ ; otherwise in single quotes, with each run of single quotes written
// as "'...'". The empty string becomes a pair of single quotes.
func Quote(s string) string {
	if s == "" {
		return "''"
	}
	safe := true
	for i := 0; i < len(s); i++ {
		if !isSafeQuoteByte(s[i]) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteByte('\'')
	for i := 0; i < len(s); {
		if s[i] != '\'' {
			j := strings.IndexByte(s[i:], '\'')
			if j < 0 {
				j = len(s) - i
			}
			b.WriteString(s[i : i+j])
			i += j
			continue
		}
		j := i
		for j < len(s) && s[j] == '\'' {
			j++
		}
		b.WriteString(`'"`)
		b.WriteString(s[i:j])
		b.WriteString(`"'`)
		i = j
	}
	b.WriteByte('\'')
	out := b.String()
	// GNU parallel drops the empty '' left at either end by a leading or
	// trailing quote run.
	out = strings.TrimPrefix(out, "''")
	out = strings.TrimSuffix(out, "''")
	return out
}

func isSafeQuoteByte(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	case c == '-' || c == '_' || c == '.' || c == '+' || c == '/':
		return true
	}
	return false
}
