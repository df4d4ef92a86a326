package run

import (
	"os"
	"path/filepath"
	"strings"
)

// optionSource is a list of option words that comes before the command
// line's own: the profile files or $PARALLEL.
type optionSource struct {
	name  string // where the words come from, for error messages
	words []string
}

// defaultOptionSources returns GNU parallel's sources of default options,
// in the order they are parsed (later ones override earlier ones): the
// profile files, then $PARALLEL. Without -J/--profile the profile files
// are /etc/parallel/config, config in each configuration directory, and
// ~/.parallelrc; with it, each NAME in every configuration directory (or
// NAME itself when it starts with / or ./). Files that are missing or
// unreadable are skipped, as GNU parallel does.
func defaultOptionSources(profiles []string, getenv func(string) string) []optionSource {
	home := getenv("HOME")
	if home == "" {
		home = "/tmp" // as GNU parallel, when $HOME is not set
	}
	var files []string
	if len(profiles) == 0 {
		files = append(files, "/etc/parallel/config")
		for _, d := range configDirs(getenv, home) {
			files = append(files, d+"/config")
		}
		files = append(files, home+"/.parallelrc")
	}
	for _, p := range profiles {
		if strings.HasPrefix(p, "/") || strings.HasPrefix(p, "./") {
			files = append(files, p)
			continue
		}
		for _, d := range configDirs(getenv, home) {
			files = append(files, d+"/"+p)
		}
	}
	var srcs []optionSource
	var words []string
	var read []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		read = append(read, f)
		for _, line := range strings.SplitAfter(string(b), "\n") {
			if strings.HasPrefix(strings.TrimLeft(line, perlSpace), "#") {
				continue
			}
			words = append(words, splitShellWords(strings.TrimSuffix(line, "\n"))...)
		}
	}
	// All profile files are parsed as one list of words, as GNU parallel
	// does: an option at the end of one file may take its value from the
	// next.
	if len(read) > 0 {
		srcs = append(srcs, optionSource{name: strings.Join(read, ", "), words: words})
	}
	// Perl's truth: an empty $PARALLEL and "0" are ignored.
	if env := getenv("PARALLEL"); env != "" && env != "0" {
		srcs = append(srcs, optionSource{name: "$PARALLEL", words: splitShellWords(env)})
	}
	return srcs
}

// configDirs are GNU parallel's configuration directories that exist:
// $PARALLEL_HOME, $XDG_CONFIG_HOME/parallel, each of $XDG_CONFIG_DIRS
// with /parallel, and ~/.parallel.
func configDirs(getenv func(string) string, home string) []string {
	cands := []string{getenv("PARALLEL_HOME"), getenv("XDG_CONFIG_HOME") + "/parallel"}
	if dirs := getenv("XDG_CONFIG_DIRS"); dirs != "" {
		parts := strings.Split(dirs, ":")
		// Perl's split drops trailing empty fields.
		for len(parts) > 0 && parts[len(parts)-1] == "" {
			parts = parts[:len(parts)-1]
		}
		for _, p := range parts {
			cands = append(cands, p+"/parallel")
		}
	}
	cands = append(cands, filepath.Join(home, ".parallel"))
	var out []string
	for _, d := range cands {
		if d == "" {
			continue
		}
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			out = append(out, d)
		}
	}
	return out
}

// perlSpace is Perl's \s for byte strings.
const perlSpace = " \t\n\v\f\r"

func isPerlSpace(c byte) bool { return strings.IndexByte(perlSpace, c) >= 0 }

// splitShellWords splits a line into words the way GNU parallel reads
// $PARALLEL and profile lines (Perl's Text::ParseWords::shellwords):
// blanks separate words; "..." quotes with backslash escaping any
// character; '...' quotes literally (a backslash before ' or \ keeps both
// characters but does not end the quote); outside quotes a backslash
// escapes the next character. A line with an unbalanced quote or a
// trailing backslash yields no words at all.
func splitShellWords(line string) []string {
	line = strings.TrimLeft(line, perlSpace)
	var words []string
	var word strings.Builder
	inWord := false
	for len(line) > 0 {
		if q := line[0]; q == '"' || q == '\'' {
			end, ok := quotedEnd(line, q)
			if ok {
				body := line[1:end]
				if q == '"' {
					body = unbackslash(body)
				}
				word.WriteString(body)
				inWord = true
				line = line[end+1:]
				continue
			}
			// An unbalanced quote: Text::ParseWords gives up on the line.
			return nil
		}
		// An unquoted part, up to blanks, a quote or the end.
		i := 0
		for i < len(line) && !isPerlSpace(line[i]) && line[i] != '"' && line[i] != '\'' {
			if line[i] == '\\' {
				if i+1 == len(line) {
					return nil // a trailing backslash
				}
				i++
			}
			i++
		}
		word.WriteString(unbackslash(line[:i]))
		inWord = true
		line = line[i:]
		if len(line) > 0 && isPerlSpace(line[0]) {
			words = append(words, word.String())
			word.Reset()
			inWord = false
			line = strings.TrimLeft(line, perlSpace)
		}
	}
	if inWord {
		words = append(words, word.String())
	}
	return words
}

// quotedEnd finds the quote that closes the one at s[0]; inside, a
// backslash escapes the next character (for both kinds of quotes, as
// Text::ParseWords matches them).
func quotedEnd(s string, q byte) (int, bool) {
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case q:
			return i, true
		}
	}
	return 0, false
}

// unbackslash replaces each backslash and the character after it with
// that character.
func unbackslash(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
