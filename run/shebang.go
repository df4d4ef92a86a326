package run

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strings"
)

// Shebang modes: crew run as the interpreter of a script.
const (
	shebangNone = iota
	shebangInput
	shebangWrap
)

// shebangMode tells whether a command line starts with --shebang (or
// --hashbang) or --shebang-wrap, as GNU parallel wants them: first.
func shebangMode(first string) int {
	word, _, _ := strings.Cut(strings.TrimLeft(first, " \t"), " ")
	switch word {
	case "--shebang", "--hashbang":
		return shebangInput
	case "--shebang-wrap", "--shebangwrap":
		return shebangWrap
	}
	return shebangNone
}

// shebangArgs turns the command line the kernel gives an interpreter of a
// script into an ordinary one. On Linux "#!/usr/bin/crew run --shebang -r
// wget" runs crew with "--shebang -r wget" as one argument, then the
// script and its arguments; with "#!/usr/bin/env -S crew run --shebang -r
// wget" the words come one by one. Either way the script is the first
// argument after the options that is a file whose #! line names the mode.
//
// --shebang: the script's lines after the first are the input (the first
// input source), and the script's own arguments follow the command.
// --shebang-wrap: the script runs once per argument ("OPTIONS PARSER
// SCRIPT ::: ARGS"); with --pipe, the arguments are files read in turn as
// the standard input to split into blocks.
func shebangArgs(args []string) (rest []string, script string, mode int, err error) {
	mode = shebangMode(args[0])
	words, err := shWords(args[0])
	if err != nil {
		return nil, "", 0, fmt.Errorf("bad #! line %q: %w", args[0], err)
	}
	all := append(words[1:len(words):len(words)], args[1:]...)
	at := -1
	for i, a := range all {
		if isShebangScript(a) {
			at = i
			break
		}
	}
	if at < 0 {
		// Not found by its content (unreadable, say): where Linux puts
		// it, after the words of the #! line.
		if len(args) < 2 {
			return nil, "", 0, errors.New("--shebang and --shebang-wrap need the script after them (use them on a #! line)")
		}
		at = len(words) - 1
	}
	script = all[at]
	opts, extra := all[:at], all[at+1:]
	if mode == shebangWrap {
		rest = append(append(append(opts[:len(opts):len(opts)], script), ":::"), extra...)
		return rest, script, mode, nil
	}
	return append(opts[:len(opts):len(opts)], extra...), script, mode, nil
}

// isShebangScript tells whether path is a file whose first line is a #!
// line that uses --shebang, --hashbang or --shebang-wrap.
func isShebangScript(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	line, _ := bufio.NewReaderSize(f, 512).ReadString('\n')
	if !strings.HasPrefix(line, "#!") {
		return false
	}
	for _, w := range strings.Fields(line) {
		if shebangMode(w) != shebangNone {
			return true
		}
	}
	return false
}

// shWords splits s into words as sh does: blanks separate words;
// '...' quotes everything, "..." all but \ before " \ $ `, and \ the next
// character. (GNU parallel has the shell split a #! line.)
func shWords(s string) ([]string, error) {
	var words []string
	var w strings.Builder
	in := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			if in {
				words = append(words, w.String())
				w.Reset()
				in = false
			}
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, errors.New("unterminated '")
			}
			w.WriteString(s[i+1 : i+1+j])
			i += j + 1
			in = true
		case c == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\"\\$`", s[i+1]) >= 0 {
					i++
				}
				w.WriteByte(s[i])
			}
			if i >= len(s) {
				return nil, errors.New(`unterminated "`)
			}
			in = true
		case c == '\\' && i+1 < len(s):
			i++
			w.WriteByte(s[i])
			in = true
		default:
			w.WriteByte(c)
			in = true
		}
	}
	if in {
		words = append(words, w.String())
	}
	return words, nil
}
