package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/crewrun/crew/run"
)

// TestRunHelpDocumentsEveryOption: every option crew run takes appears in
// its --help (by one of its names) with an example line ("crew run ...")
// in its entry, as issue 4 asks.
func TestRunHelpDocumentsEveryOption(t *testing.T) {
	// accepted-only options: documented as accepted and ignored, no example
	quiet := map[string]bool{"--will-cite": true, "--env": true}
	for _, names := range run.OptionNames() {
		entry := ""
		for _, n := range names {
			if e := helpEntry(runLong, n); e != "" {
				entry = e
				break
			}
		}
		switch {
		case entry == "":
			t.Errorf("crew run --help does not document %s", strings.Join(names, ", "))
		case !strings.Contains(entry, "crew run") && !quiet[names[0]] && !anyIn(quiet, names):
			t.Errorf("crew run --help has no example for %s:\n%s", strings.Join(names, ", "), entry)
		}
	}
}

func anyIn(m map[string]bool, names []string) bool {
	for _, n := range names {
		if m[n] {
			return true
		}
	}
	return false
}

// helpEntry returns the entry of option name in the help text: from the
// option line that names it (a line starting "  -", whose names come before
// the first two blanks) to the next option line, blank line or heading; ""
// if no line names it.
func helpEntry(help, name string) string {
	lines := strings.Split(help, "\n")
	token := regexp.MustCompile(`(^|[ ,])` + regexp.QuoteMeta(name) + `([ ,=\[]|$)`)
	for i, l := range lines {
		if !strings.HasPrefix(l, "  -") {
			continue
		}
		names, _, _ := strings.Cut(strings.TrimPrefix(l, "  "), "  ")
		if !token.MatchString(names) {
			continue
		}
		j := i + 1
		for j < len(lines) && strings.HasSuffix(lines[j-1], ",") && strings.HasPrefix(lines[j], "  -") {
			j++ // the names go on on the next line
		}
		for j < len(lines) && !strings.HasPrefix(lines[j], "  -") && strings.TrimSpace(lines[j]) != "" && !isHeading(lines[j]) {
			j++
		}
		return strings.Join(lines[i:j], "\n")
	}
	return ""
}

func isHeading(l string) bool {
	return l != "" && l[0] != ' '
}
