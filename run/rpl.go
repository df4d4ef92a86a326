package run

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Perl replacement strings: {= perl expression =} (with --parens' brackets)
// and --rpl tags. They are parsed here into pkPerl pieces; run/perl.go
// evaluates them in one perl coprocess per run.
//
// The rules follow GNU parallel 20221122: the text between the brackets is
// what GNU calls the expression; a leading number makes it positional
// ("{=2 s/a/b/ =}" is the second value), and the code is what is left after
// that number and the blanks after it. A --rpl "TAG code" is the expression
// "code" wherever TAG appears; a TAG with a parenthesised regular
// expression (such as "{%(.*?)}") matches dynamically, and the code sees the
// groups as $$1, $$2 ...; a TAG starting with "{" also has positional forms
// ({2TAG-without-brace}, blanks allowed after the number).

// plusRpls are the --plus replacement strings that are perl code in GNU
// parallel: {choose_k} skips the jobs whose values are not in increasing
// order, {uniq} those with a value twice (an empty value counts as the
// undefined $arg[0], as in GNU parallel).
var plusRpls = []string{
	`{choose_k} for my $i (2 .. $#arg) { skip() if $arg[$i-1] ge $arg[$i] }`,
	`{uniq} my %seen; $seen{defined $_ ? $_ : ""}++ for @arg; skip() if keys(%seen) != @arg`,
}

// userRpl is one --rpl definition.
type userRpl struct {
	tag  string // as given: its length orders the tags, longest first
	body string // the perl code, with $$n already renamed
	// re matches the tag at the start of a string; with groups, its
	// submatches are the tag's groups. posRe, for tags starting with "{",
	// matches the positional form; submatch 1 is the position.
	re, posRe *regexp.Regexp
}

// rplGroupVar is the perl variable that holds a dynamic tag's n-th group
// (the $$n of the --rpl code).
func rplGroupVar(n int) string { return "$_crew_rpl_group" + strconv.Itoa(n) }

var rplGroupRef = lazyRegexp(`\$\$(\d+)`)

// parseRpl parses one --rpl value: a tag, a blank, perl code.
func parseRpl(v string) (userRpl, error) {
	tag, body := v, ""
	if i := strings.IndexAny(v, " \t\n\r\f\v"); i >= 0 {
		tag, body = v[:i], v[i+1:]
	}
	if tag == "" {
		return userRpl{}, fmt.Errorf("bad --rpl value %q: want 'TAG perl expression'", v)
	}
	// As GNU parallel splits a tag: a prefix up to the first "(", a group
	// up to the last ")", and the rest.
	prefix, group, postfix := tag, "", ""
	if open := strings.IndexByte(tag, '('); open >= 0 {
		if close := strings.LastIndexByte(tag, ')'); close > open {
			prefix, group, postfix = tag[:open], tag[open:close+1], tag[close+1:]
		}
	}
	u := userRpl{tag: tag, body: rplGroupRef().ReplaceAllString(body, "$$_crew_rpl_group$1")}
	var err error
	if u.re, err = regexp.Compile(`^(?s:` + regexp.QuoteMeta(prefix) + group + regexp.QuoteMeta(postfix) + `)`); err != nil {
		return userRpl{}, fmt.Errorf("bad --rpl value %q: its regular expression %s: %w (crew uses Go's RE2 syntax for it)", v, group, err)
	}
	if rest, ok := strings.CutPrefix(prefix, "{"); ok {
		u.posRe = regexp.MustCompile(`^(?s:\{(-?\d+)\s*` + regexp.QuoteMeta(rest) + group + regexp.QuoteMeta(postfix) + `)`)
	}
	return u, nil
}

// match reports whether u's tag (or its positional form) starts s, and
// returns the bracket text GNU parallel would build for it: an optional
// position, the assignments of the groups, then the code.
func (u *userRpl) match(s string) (expr string, width int, ok bool) {
	loc := u.re.FindStringSubmatchIndex(s)
	first := 1
	pos := ""
	if loc == nil && u.posRe != nil {
		if loc = u.posRe.FindStringSubmatchIndex(s); loc != nil {
			pos, first = s[loc[2]:loc[3]], 2
		}
	}
	if loc == nil {
		return "", 0, false
	}
	var b strings.Builder
	b.WriteString(pos)
	// Groups up to the first one that did not take part, as GNU parallel
	// collects them.
	for g := first; 2*g+1 < len(loc) && loc[2*g] >= 0; g++ {
		fmt.Fprintf(&b, "%s = \"%s\";", rplGroupVar(g-first+1), perlQuote(s[loc[2*g]:loc[2*g+1]]))
	}
	b.WriteString(u.body)
	return b.String(), loc[1], true
}

// perlQuote escapes s for a perl double-quoted string (GNU parallel's
// pQ()): backslash, double quote, $ and @.
func perlQuote(s string) string {
	if !strings.ContainsAny(s, `\"$@`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(`\"$@`, s[i]) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// parens splits --parens into the left and right brackets (the first half
// and the rest, as GNU parallel does); the default is {= and =}.
func parens(p string) (left, right string) {
	if p == "" {
		return "{=", "=}"
	}
	return p[:len(p)/2], p[len(p)/2:]
}

// checkParens validates a --parens value.
func checkParens(p string) error {
	if len(p) < 2 {
		return fmt.Errorf("bad --parens value %q: want the left and right brackets, such as {==} or ,,,,", p)
	}
	return nil
}

// perlSpan finds the next bracketed perl expression in s at or after from:
// the innermost left bracket before the first right bracket, as GNU
// parallel matches them ("{={==}" holds one expression, "{==}", at 2).
func perlSpan(s string, from int, left, right string) (start, end int, ok bool) {
	for {
		i := strings.Index(s[from:], left)
		if i < 0 {
			return 0, 0, false
		}
		start = from + i
		body := start + len(left)
		j := strings.Index(s[body:], right)
		if j < 0 {
			return 0, 0, false
		}
		// A left bracket before the right one starts a shorter expression.
		if k := strings.Index(s[body:], left); k >= 0 && k < j && left != right {
			from = body + k
			continue
		}
		return start, body + j + len(right), true
	}
}

// perlPiece makes the piece for GNU's bracket text expr: an optional
// leading position (0 is none), then the code.
func perlPiece(expr string) piece {
	j := 0
	if j < len(expr) && expr[j] == '-' {
		j++
	}
	k := j
	for k < len(expr) && expr[k] >= '0' && expr[k] <= '9' {
		k++
	}
	p := piece{kind: pkPerl}
	rest := expr
	if k > j {
		num := expr[:k]
		rest = expr[k:]
		switch n, err := strconv.Atoi(num); {
		case num == "0":
			// Perl's "0" is false: not positional.
		case err != nil || n == 0:
			// "-0" or out of range: a value that is never there.
			p.pos = 1 << 30
		default:
			p.pos = n
		}
	}
	p.code = stripPosition(rest)
	return p
}

// stripPosition removes what GNU parallel strips from the front of an
// expression before compiling it: digits, then spaces.
func stripPosition(s string) string {
	k := numberEnd(s, 0)
	for k < len(s) && s[k] == ' ' {
		k++
	}
	return s[k:]
}

// numberEnd is the end of the integer (-?[0-9]+) that starts s[i:], or i
// when none does.
func numberEnd(s string, i int) int {
	j := i
	if j < len(s) && s[j] == '-' {
		j++
	}
	k := j
	for k < len(s) && s[k] >= '0' && s[k] <= '9' {
		k++
	}
	if k == j {
		return i
	}
	return k
}

// mergePerlWords joins command words so that a perl expression split over
// several words ("{=", "s/a/b/", "=}") is one word again, as GNU parallel
// does before anything else (it matters for -q, where words stay apart).
func mergePerlWords(words []string, left, right string) []string {
	var out []string
	for i := 0; i < len(words); i++ {
		w := words[i]
		for unclosed(w, left, right) && i+1 < len(words) {
			i++
			w += " " + words[i]
		}
		out = append(out, w)
	}
	return out
}

// unclosed reports whether s has a left bracket with no right bracket
// after it, once the bracketed expressions are taken out.
func unclosed(s, left, right string) bool {
	for {
		start, end, ok := perlSpan(s, 0, left, right)
		if !ok {
			return strings.Contains(s, left)
		}
		s = s[:start] + s[end:]
	}
}
