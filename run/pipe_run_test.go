package run

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// runStdin runs a command line with stdin as standard input.
func runStdin(t *testing.T, ctx context.Context, stdin io.Reader, args ...string) (string, string, int) {
	t.Helper()
	o, err := ParseArgs(args)
	if err != nil {
		t.Fatalf("ParseArgs(%q): %v", args, err)
	}
	o.TempDir = t.TempDir()
	var out, errOut bytes.Buffer
	sum, err := Run(ctx, o, Stdio{Stdin: stdin, Stdout: &out, Stderr: &errOut})
	if err != nil {
		errOut.WriteString(err.Error())
	}
	return out.String(), errOut.String(), sum.ExitCode
}

func lines(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		b.WriteString(strconv.Itoa(i))
		b.WriteByte('\n')
	}
	return b.String()
}

func TestRoundRobinGivesEveryBlockOnce(t *testing.T) {
	in := lines(400000)
	out, errOut, code := runStdin(t, t.Context(), strings.NewReader(in),
		"--pipe", "--round-robin", "-j3", "--block", "1k", "echo job; cat")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	got := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	jobs := 0
	var data []string
	for _, l := range got {
		if l == "job" {
			jobs++
		} else {
			data = append(data, l)
		}
	}
	if jobs != 3 {
		t.Errorf("%d jobs, want 3 (one per job slot)", jobs)
	}
	want := strings.Split(strings.TrimSuffix(in, "\n"), "\n")
	slices.Sort(data)
	slices.Sort(want)
	if !slices.Equal(data, want) {
		t.Errorf("the jobs read %d lines, want the %d lines of the input, each once", len(data), len(want))
	}
}

func TestRoundRobinJobThatStopsReading(t *testing.T) {
	// One job ends after a line; the other takes the rest (all but what
	// the first had in its pipe); nothing hangs.
	out, errOut, code := runStdin(t, t.Context(), strings.NewReader(lines(300000)),
		"--pipe", "--round-robin", "-j2", "--block", "1k", `if [ {%} = 1 ]; then head -1 >/dev/null; else wc -l; fi`)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	n, err := strconv.Atoi(strings.TrimSpace(out))
	if err != nil || n < 200000 {
		t.Errorf("the job that kept reading counted %q lines, want most of 300000", out)
	}
}

func TestTeeJobThatDoesNotRead(t *testing.T) {
	out, errOut, code := runStdin(t, t.Context(), strings.NewReader(lines(100000)),
		"--pipe", "--tee", "-k", `if [ {} = skip ]; then true; else wc -l; fi`, ":::", "skip", "count")
	if code != 0 || strings.TrimSpace(out) != "100000" {
		t.Errorf("exit %d, output %q, want 100000 lines counted (stderr %q)", code, out, errOut)
	}
}

func TestTeeNeedsEnoughSlots(t *testing.T) {
	_, errOut, code := runStdin(t, t.Context(), strings.NewReader("x\n"),
		"--pipe", "--tee", "-j1", "cat", ":::", "a", "b")
	if code != 255 || !strings.Contains(errOut, "--tee") {
		t.Errorf("exit %d, stderr %q; want 255 and an error naming --tee", code, errOut)
	}
}

func TestFifoJobThatNeverOpensIt(t *testing.T) {
	// GNU parallel waits forever for such a job; crew gives up on the
	// named pipe once the job has ended.
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	out, errOut, code := runStdin(t, ctx, strings.NewReader(lines(100000)),
		"--pipe", "--fifo", "-k", "echo {} >/dev/null; echo done")
	if code != 0 || ctx.Err() != nil || !strings.HasPrefix(out, "done\n") {
		t.Errorf("exit %d, output %q, stderr %q; want every job done", code, out, errOut)
	}
}

func TestPipePartCoversTheFile(t *testing.T) {
	dir := t.TempDir()
	in := lines(30000)
	f := filepath.Join(dir, "big")
	if err := os.WriteFile(f, []byte(in), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runStdin(t, t.Context(), nil, "--pipe-part", "-a", f, "-k", "-j3", "--block", "-4", "cat; echo ==")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	parts := strings.Split(out, "==\n")
	if len(parts) != 13 || parts[12] != "" {
		t.Fatalf("%d parts, want 12 (4 per job slot)", len(parts)-1)
	}
	if strings.Join(parts, "") != in {
		t.Error("the parts together are not the file")
	}
	for i, p := range parts[:12] {
		if !strings.HasSuffix(p, "\n") {
			t.Errorf("part %d does not end at a line end", i+1)
		}
	}
}

func TestPipeHeaderWithEveryBlock(t *testing.T) {
	out, _, code := runStdin(t, t.Context(), strings.NewReader("name\n1\n2\n3\n"), "--pipe", "--header", ":", "-N2", "-k", "cat; echo ==")
	if want := "name\n1\n2\n==\nname\n3\n==\n"; code != 0 || out != want {
		t.Errorf("exit %d, output %q; want %q", code, out, want)
	}
}

func TestPipeCancelWhileReading(t *testing.T) {
	// Standard input that never ends: cancelling the run returns.
	pr, pw := io.Pipe()
	t.Cleanup(func() { pw.Close() })
	go pw.Write([]byte(lines(100)))
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(200*time.Millisecond, cancel)
	_, _, code := runStdin(t, ctx, pr, "--pipe", "--round-robin", "-j2", "--block-timeout", "1", "cat")
	if code != 255 {
		t.Errorf("exit %d, want 255 (interrupted)", code)
	}
}
