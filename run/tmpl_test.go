package run

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A job whose --template cannot be written fails at once, also when its
// input is a stream that has sent nothing yet: the stream's writer is told
// the job has ended, instead of holding the job (and its error) until the
// next block or the end of the input.
func TestTemplateFailureWithStreamedInput(t *testing.T) {
	dir := t.TempDir()
	tmpl := filepath.Join(dir, "t")
	if err := os.WriteFile(tmpl, []byte("x {#}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	o, err := ParseArgs([]string{"--pipe", "--round-robin", "-j1", "--tmpl", tmpl + "=" + filepath.Join(dir, "nodir", "{#}"), "cat"})
	if err != nil {
		t.Fatal(err)
	}
	inR, inW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer errR.Close()
	code := make(chan int, 1)
	go func() {
		sum, _ := Run(t.Context(), o, Stdio{Stdin: inR, Stdout: io.Discard, Stderr: errW})
		errW.Close()
		inR.Close()
		code <- sum.ExitCode
	}()
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(errR).ReadString('\n')
		line <- s
	}()
	var msg string
	select {
	case msg = <-line:
	case <-time.After(30 * time.Second): // a bound for a hang, not a speed
		inW.Close()
		<-code
		t.Fatal("the job's --template error waited for its input to end")
	}
	inW.Close()
	if c := <-code; c != 1 || !strings.Contains(msg, "--template:") {
		t.Errorf("exit %d, stderr %q; want 1 and the --template error", c, msg)
	}
}
