package run

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/crewrun/crew/internal/proctest"
)

// runArgs parses a command line and runs it, returning stdout, stderr and
// the exit code.
func runArgs(t *testing.T, ctx context.Context, args ...string) (string, string, int) {
	t.Helper()
	o, err := ParseArgs(args)
	if err != nil {
		t.Fatalf("ParseArgs(%q): %v", args, err)
	}
	var out, errOut bytes.Buffer
	sum, err := Run(ctx, o, Stdio{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut})
	if err != nil {
		errOut.WriteString(err.Error())
	}
	return out.String(), errOut.String(), sum.ExitCode
}

func TestRunExitStatus(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want int
	}{
		{[]string{"true", ":::", "a", "b"}, 0},
		{[]string{"false", ":::", "a", "b"}, 2},
		{[]string{"exit {}", ":::", "0", "1", "2", "3"}, 3},
		{[]string{"-j1", "--halt", "now,fail=1", "exit {}", ":::", "0", "7", "2"}, 7},
		{[]string{"-j1", "--halt", "soon,fail=2", "exit {}", ":::", "0", "7", "2", "5"}, 2},
		{[]string{"-j1", "--halt", "now,success=1", "exit {}", ":::", "3", "0", "4"}, 0},
		{[]string{"-j1", "--halt", "now,fail=50%", "exit {}", ":::", "0", "3", "4", "0"}, 50},
		{[]string{"kill -9 $$", ":::", "1"}, 1},
		{[]string{"-j1", "--halt", "soon,fail=50%", "exit {}", ":::", "0", "0", "0", "3"}, 25},
		{[]string{"-j1", "--halt", "20%", "exit {}", ":::", "0", "0", "0", "0", "3", "0", "0"}, 15},
	} {
		_, errOut, code := runArgs(t, t.Context(), tc.args...)
		if code != tc.want {
			t.Errorf("%q: exit %d, want %d (stderr %q)", tc.args, code, tc.want, errOut)
		}
	}
	var many []string
	for i := 0; i < 150; i++ {
		many = append(many, "1")
	}
	if _, _, code := runArgs(t, t.Context(), append([]string{"exit", ":::"}, many...)...); code != 101 {
		t.Errorf("150 failed jobs: exit %d, want 101", code)
	}
}

func TestRunKeepOrder(t *testing.T) {
	out, _, code := runArgs(t, t.Context(), "-k", "-j4", "sleep 0.0{}; echo {}", ":::", "5", "1", "4", "2", "3")
	if code != 0 || out != "5\n1\n4\n2\n3\n" {
		t.Errorf("-k output %q exit %d", out, code)
	}
}

func TestRunGroupsOutput(t *testing.T) {
	out, _, _ := runArgs(t, t.Context(), "-j4", "for i in 1 2 3; do echo {}$i; sleep 0.01; done", ":::", "a", "b", "c")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 9 {
		t.Fatalf("output %q", out)
	}
	for k := 0; k < 9; k += 3 {
		p := lines[k][:1]
		if lines[k] != p+"1" || lines[k+1] != p+"2" || lines[k+2] != p+"3" {
			t.Fatalf("output of jobs interleaved: %q", out)
		}
	}
}

func TestRunJoblogResume(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "log")
	_, _, code := runArgs(t, t.Context(), "--joblog", log, "exit {}", ":::", "0", "1", "0")
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	b, _ := os.ReadFile(log)
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if len(lines) != 4 || lines[0] != strings.TrimSuffix(joblogHeader, "\n") {
		t.Fatalf("joblog %q", b)
	}
	sort.Strings(lines[1:])
	for i, l := range lines[1:] {
		f := strings.Split(l, "\t")
		if len(f) != 9 || f[0] != strconv.Itoa(i+1) || f[1] != ":" || f[4] != "0" || f[7] != "0" {
			t.Errorf("joblog line %q", l)
		}
		if _, err := strconv.ParseFloat(f[2], 64); err != nil || len(f[3]) != 10 {
			t.Errorf("joblog times in %q", l)
		}
	}
	// --resume-failed reruns only job 2, now succeeding.
	out, _, code := runArgs(t, t.Context(), "--joblog", log, "--resume-failed", "echo {#}; exit 0", ":::", "0", "1", "0")
	if code != 0 || out != "2\n" {
		t.Errorf("--resume-failed ran %q exit %d", out, code)
	}
	out, _, _ = runArgs(t, t.Context(), "--joblog", log, "--resume", "echo {#}", ":::", "0", "1", "0", "9")
	if out != "4\n" {
		t.Errorf("--resume ran %q, want only job 4", out)
	}
}

// TestRunJoblogStdout checks --joblog -: the log goes to stdout, each line
// after its job's output (in -k order), and no file named "-" is made.
func TestRunJoblogStdout(t *testing.T) {
	t.Chdir(t.TempDir())
	out, errOut, code := runArgs(t, t.Context(), "-k", "-j3", "--joblog", "-", "sleep {}; echo {}", ":::", "0.3", "0.1", "0")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 7 || lines[0] != strings.TrimSuffix(joblogHeader, "\n") {
		t.Fatalf("stdout %q", out)
	}
	for i, arg := range []string{"0.3", "0.1", "0"} {
		if lines[1+2*i] != arg {
			t.Errorf("line %d = %q, want the output %q", 1+2*i, lines[1+2*i], arg)
		}
		f := strings.Split(lines[2+2*i], "\t")
		if len(f) != 9 || f[0] != strconv.Itoa(i+1) || f[8] != "sleep "+arg+"; echo "+arg {
			t.Errorf("joblog line %q", lines[2+2*i])
		}
	}
	if _, err := os.Stat("-"); err == nil {
		t.Error(`--joblog - made a file named "-"`)
	}
}

// TestRunJoblogReceive checks the joblog's Receive column per output mode,
// as GNU parallel counts it: stdout bytes, stdout and stderr bytes with
// --line-buffer, nothing with --ungroup.
func TestRunJoblogReceive(t *testing.T) {
	for _, tc := range []struct {
		mode []string
		want string
	}{
		{nil, "4"},
		{[]string{"-k", "--line-buffer"}, "9"},
		{[]string{"--tag", "--line-buffer"}, "9"},
		{[]string{"-u"}, "0"},
	} {
		args := append(append([]string{}, tc.mode...), "--joblog", "-", "echo abc; echo de >&2", ":::", "a")
		out, _, code := runArgs(t, t.Context(), args...)
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		f := strings.Split(lines[len(lines)-1], "\t")
		if code != 0 || len(f) != 9 || f[5] != tc.want {
			t.Errorf("%q: exit %d, joblog line %q, want Receive %s", tc.mode, code, lines[len(lines)-1], tc.want)
		}
	}
}

// children lists the live processes whose parent is this test process.
func children(t *testing.T) []int {
	t.Helper()
	me := os.Getpid()
	var kids []int
	for _, p := range proctest.Find(func(p proctest.Proc) bool { return p.PPID == me && p.State != "Z" }) {
		kids = append(kids, p.PID)
	}
	return kids
}

// procsInGroups counts live processes whose process group is one of pgids.
func procsInGroups(pgids map[int]bool) int {
	return len(proctest.Find(func(p proctest.Proc) bool { return pgids[p.PGID] && p.State != "Z" }))
}

func TestCancelLeavesNoProcess(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc")
	}
	ctx, cancel := context.WithCancel(t.Context())
	dir := t.TempDir()
	log := filepath.Join(dir, "log")
	o, err := ParseArgs([]string{"-j3", "--joblog", log,
		// A job whose background child ignores SIGTERM: only the final
		// SIGKILL of the group removes it.
		"sh -c 'trap \"\" TERM; sleep 60' & sleep 60; echo {}", ":::", "a", "b", "c", "d"})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan Summary)
	go func() {
		sum, _ := Run(ctx, o, Stdio{})
		done <- sum
	}()
	// Wait until the three jobs run. A child shows in /proc as soon as it
	// is forked, before it has made its own process group: wait for that
	// too.
	var kids []int
	ownGroups := func() bool {
		for _, k := range kids {
			if pg, _ := syscall.Getpgid(k); pg != k {
				return false
			}
		}
		return true
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if kids = children(t); len(kids) == 3 && ownGroups() {
			break
		}
	}
	if len(kids) != 3 {
		t.Fatalf("children %v, want 3 jobs", kids)
	}
	pgids := map[int]bool{}
	for _, k := range kids {
		pg, _ := syscall.Getpgid(k)
		pgids[pg] = true
		if pg != k {
			t.Errorf("job %d runs in process group %d, not its own", k, pg)
		}
	}
	time.Sleep(100 * time.Millisecond) // let the jobs start their children
	cancel()
	sum := <-done
	if !sum.Interrupted || sum.ExitCode != 255 {
		t.Errorf("summary %+v, want interrupted, exit 255", sum)
	}
	// SIGKILL cannot be ignored but takes effect asynchronously: wait for
	// the processes to go (bounded), then check.
	for i := 0; i < 500 && procsInGroups(pgids) != 0; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	if n := procsInGroups(pgids); n != 0 {
		t.Errorf("%d processes left in the jobs' process groups", n)
	}
	if k := children(t); len(k) != 0 {
		t.Errorf("children left: %v", k)
	}
	b, _ := os.ReadFile(log)
	if string(b) != joblogHeader {
		t.Errorf("joblog after interrupt %q: want only the header (no job finished)", b)
	}
}

func TestTimeoutKillsGroup(t *testing.T) {
	out, errOut, code := runArgs(t, t.Context(), "--timeout", "0.2", "sleep {}; echo done {}", ":::", "0", "30")
	if code != 1 || out != "done 0\n" || !strings.Contains(errOut, "timed out") {
		t.Errorf("out %q err %q exit %d", out, errOut, code)
	}
}

func TestLimiterResizedDuringRun(t *testing.T) {
	lim := NewLimiter(1)
	o, _ := ParseArgs([]string{"-N0", "sleep 0.2; echo {%}", ":::", "1", "2", "3", "4"})
	o.Limiter = lim
	go func() {
		time.Sleep(50 * time.Millisecond)
		lim.Set(4)
	}()
	var out bytes.Buffer
	sum, err := Run(t.Context(), o, Stdio{Stdout: &out})
	if err != nil || sum.ExitCode != 0 {
		t.Fatal(err, sum)
	}
	// Once the limit grows, the waiting jobs get slots above 1.
	if !strings.ContainsAny(out.String(), "234") {
		t.Errorf("slots used %q: the resize was not used", out.String())
	}
}

func TestBarOnTerminal(t *testing.T) {
	o, _ := ParseArgs([]string{"--bar", "--eta", "true", ":::", "a", "b", "c"})
	var errOut bytes.Buffer
	sum, err := Run(t.Context(), o, Stdio{Stderr: &errOut, StderrTerminal: true})
	if err != nil || sum.ExitCode != 0 {
		t.Fatal(err, sum)
	}
	if !strings.Contains(errOut.String(), "3 / 3") {
		t.Errorf("bar output %q, want the final count 3 / 3", errOut.String())
	}
}

func TestCancelKillsBackgroundLeftovers(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(t.Context())
	o, err := ParseArgs([]string{"-j2", "echo $$ > " + dir + "/pg_{}; if [ {} = bg ]; then sleep 60 & exit 0; fi; sleep 60", ":::", "bg", "fg"})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan Summary)
	go func() {
		sum, _ := Run(ctx, o, Stdio{})
		done <- sum
	}()
	var pg int
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		b, _ := os.ReadFile(filepath.Join(dir, "pg_bg"))
		_, errFg := os.Stat(filepath.Join(dir, "pg_fg"))
		if pg, _ = strconv.Atoi(strings.TrimSpace(string(b))); pg > 0 && errFg == nil && procsInGroups(map[int]bool{pg: true}) > 0 {
			break
		}
	}
	if pg == 0 {
		t.Fatal("the background job did not start")
	}
	time.Sleep(100 * time.Millisecond) // the bg job's shell has exited; its sleep remains
	cancel()
	<-done
	for i := 0; i < 500 && procsInGroups(map[int]bool{pg: true}) != 0; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	if n := procsInGroups(map[int]bool{pg: true}); n != 0 {
		t.Errorf("%d processes of the finished job's group left after cancel", n)
	}
}

func TestMemFreeKillsYoungestAndRequeues(t *testing.T) {
	var low atomic.Bool
	memAvailable = func() int64 {
		if low.Load() {
			return 1 << 20
		}
		return 1 << 40
	}
	memGuardEvery = 20 * time.Millisecond
	defer func() { memAvailable, memGuardEvery = procMemAvailable, time.Second }()
	dir := t.TempDir()
	go func() {
		// Memory runs low once both jobs run, then recovers.
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			_, e8 := os.Stat(filepath.Join(dir, "8"))
			_, e9 := os.Stat(filepath.Join(dir, "9"))
			if e8 == nil && e9 == nil {
				break
			}
		}
		low.Store(true)
		time.Sleep(500 * time.Millisecond)
		low.Store(false)
	}()
	// Under pressure the younger job is killed and runs again later: it
	// starts twice, finishes once, and its output is printed once.
	out, _, code := runArgs(t, t.Context(), "-j2", "--memfree", "1G", "-k",
		"echo start >> "+dir+"/{}; sleep 1.{}; echo {}", ":::", "8", "9")
	if code != 0 || out != "8\n9\n" {
		t.Fatalf("output %q exit %d", out, code)
	}
	b8, _ := os.ReadFile(filepath.Join(dir, "8"))
	b9, _ := os.ReadFile(filepath.Join(dir, "9"))
	if strings.Count(string(b8)+string(b9), "start") < 3 {
		t.Errorf("starts: job 8 %q, job 9 %q; want one of them killed and run again", b8, b9)
	}
}
