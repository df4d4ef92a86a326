package run

import "strings"

// Quote returns s quoted for a POSIX shell the way GNU parallel quotes
// replacement values: unchanged when it consists only of letters, digits and
// -_.+/ ; otherwise in single quotes, with each single quote written as
// '"'"' (close, a double-quoted quote, reopen), and the empty pair of quotes
// this leaves at either end dropped. The empty string becomes a pair of
// single quotes.
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
	for i := 0; i < len(s); i++ {
		if s[i] == '\'' {
			b.WriteString(`'"'"'`)
		} else {
			b.WriteByte(s[i])
		}
	}
	b.WriteByte('\'')
	out := b.String()
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
