package run

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestShellName(t *testing.T) {
	for _, tc := range []struct {
		cmdline     string
		name        string
		login, isSh bool
	}{
		{"bash\x00", "bash", false, true},
		{"/usr/bin/zsh\x00-i\x00", "zsh", false, true},
		{"-bash\x00", "bash", true, true},
		{"-sh\x00", "sh", true, true},
		{"[sh]\x00", "sh", false, true},
		{"/bin/sh\x00-c\x00crew run x\x00", "sh", false, true},
		{"fish\x00", "fish", false, true},
		{"bash \x00", "bash", false, true},
		{"sshd: me@pts/0\x00", "", false, false},
		{"/usr/bin/python3\x00x.py\x00", "", false, false},
		{"flush\x00", "", false, false},
		{"foo.sh\x00", "", false, false},
		{"crew\x00run\x00", "", false, false},
	} {
		name, login, ok := shellName([]byte(tc.cmdline))
		if name != tc.name || login != tc.login || ok != tc.isSh {
			t.Errorf("shellName(%q) = %q, %v, %v; want %q, %v, %v", tc.cmdline, name, login, ok, tc.name, tc.login, tc.isSh)
		}
	}
}

// TestAncestorShell: the shell found for a process started by bash (through
// a program that is not a shell) is bash, as GNU parallel finds it.
func TestAncestorShell(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	// bash runs sleep as a child (the ":" after it keeps bash from
	// exec'ing it), and the test asks about the sleep.
	cmd := exec.Command(bash, "-c", "sleep 10; :")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	var child int
	for deadline := time.Now().Add(5 * time.Second); child == 0 && time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		out, _ := exec.Command("pgrep", "-P", strconv.Itoa(cmd.Process.Pid)).Output()
		child, _ = strconv.Atoi(strings.TrimSpace(string(out)))
	}
	if child == 0 {
		t.Fatal("bash started no child")
	}
	got := ancestorShell(child)
	if filepath.Base(got) != "bash" {
		t.Fatalf("ancestorShell(sleep started by bash) = %q, want bash", got)
	}
}
