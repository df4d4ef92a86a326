package run

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// defaultShell picks the shell for jobs that need one, as GNU parallel
// does: $PARALLEL_SHELL, else the shell that started crew (the nearest
// ancestor process that is a shell), else $SHELL, else /bin/sh. So
// 'echo a\\b' and bash-isms behave in a job as they do at the prompt the
// run was started from. Only shells that read POSIX quoting are taken from
// the ancestors and $SHELL: values are quoted for sh, and a csh or fish
// would misread them.
func defaultShell() string {
	if s := os.Getenv("PARALLEL_SHELL"); s != "" {
		return s
	}
	if s := ancestorShell(os.Getppid()); s != "" {
		return s
	}
	if s := os.Getenv("SHELL"); s != "" && posixShells[strings.TrimPrefix(filepath.Base(s), "-")] {
		return s
	}
	return "/bin/sh"
}

// posixShells are the shells of GNU parallel's list that take sh quoting.
var posixShells = map[string]bool{
	"ash": true, "bash": true, "dash": true, "fdsh": true, "ksh": true, "ksh93": true, "lksh": true,
	"mksh": true, "pdksh": true, "posh": true, "rbash": true, "rzsh": true, "sash": true, "sh": true,
	"static-sh": true, "yash": true, "zsh": true,
}

// ancestorShell walks up from process pid (Linux /proc) and returns the
// path of the first process whose name is a shell, or "".
func ancestorShell(pid int) string {
	for i := 0; pid > 1 && i < 64; i++ {
		proc := "/proc/" + strconv.Itoa(pid)
		cmdline, err := os.ReadFile(proc + "/cmdline")
		if err != nil {
			return ""
		}
		if name, login, ok := shellName(cmdline); ok {
			if !posixShells[name] {
				return "" // a csh or fish started crew: use $SHELL or sh
			}
			if login && name == "sh" {
				// "-sh" may be any shell: ask the kernel which it is.
				if exe, err := os.Readlink(proc + "/exe"); err == nil && posixShells[filepath.Base(exe)] {
					return exe
				}
			}
			if p, err := exec.LookPath(name); err == nil {
				return p
			}
		}
		stat, err := os.ReadFile(proc + "/stat")
		if err != nil {
			return ""
		}
		// The fields after the command name, which is in parentheses and
		// may hold anything: state, then the parent's pid.
		i := strings.LastIndexByte(string(stat), ')')
		f := strings.Fields(string(stat[i+1:]))
		if i < 0 || len(f) < 2 {
			return ""
		}
		pid, _ = strconv.Atoi(f[1])
	}
	return ""
}

// shellName tells whether a process's command line starts with a shell's
// name, as GNU parallel's parent_shell reads it: "bash", "/bin/sh", "-bash"
// (a login shell), "[sh]". It returns the name without path or dash.
func shellName(cmdline []byte) (name string, login, ok bool) {
	argv0, _, _ := strings.Cut(string(cmdline), "\x00")
	argv0 = strings.TrimRight(argv0, " ")
	if before, after, found := strings.Cut(argv0, " "); found {
		// GNU's pattern allows words after the name unless they start
		// with "(" (FreeBSD's "-sh (sh)" is a login sh).
		if strings.HasPrefix(after, "(") && before != "-sh" {
			return "", false, false
		}
		argv0 = before
	}
	if strings.HasPrefix(argv0, "[") && strings.HasSuffix(argv0, "]") {
		argv0 = argv0[1 : len(argv0)-1]
	} else if i := strings.LastIndexByte(argv0, '/'); i >= 0 {
		argv0 = argv0[i+1:]
	}
	if rest, found := strings.CutPrefix(argv0, "-"); found {
		argv0, login = rest, true
	}
	if !allShells[argv0] {
		return "", false, false
	}
	return argv0, login, true
}

// allShells is GNU parallel's list of shells ("all shells known to
// mankind").
var allShells = map[string]bool{
	"ash": true, "bash": true, "bsd-csh": true, "csh": true, "dash": true, "fdsh": true, "fish": true,
	"fizsh": true, "ksh": true, "ksh93": true, "lksh": true, "mksh": true, "pdksh": true, "posh": true,
	"rbash": true, "rc": true, "rush": true, "rzsh": true, "sash": true, "sh": true, "static-sh": true,
	"tcsh": true, "yash": true, "zsh": true,
}
