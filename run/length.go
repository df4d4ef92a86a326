package run

import (
	"fmt"
	"io"
)

// lineLimit is the limit on GNU parallel's estimate of a command line's
// length (see commandLength): -s when it is below GNU parallel's usable
// maximum, else that maximum (with a warning when -s asked for more, as
// GNU parallel gives).
func lineLimit(o *Options) (limit int, warning string) {
	usable := UsableLineLength()
	if o.MaxChars > 0 {
		if o.MaxChars <= usable {
			return o.MaxChars, ""
		}
		return usable, fmt.Sprintf("Value for option -s should be < %d.", usable)
	}
	return usable, ""
}

// writeLimits is --show-limits.
func writeLimits(w io.Writer, usable int) {
	fmt.Fprintf(w, "Maximal size of command: %d\nMaximal usable size of command: %d\n\n"+
		"Execution will continue now, and it will try to read its input\n"+
		"and run commands; if this is not what you wanted to happen, please\n"+
		"press CTRL-D or CTRL-C\n", MaxLineLength(), usable)
}
