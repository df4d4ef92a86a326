package compare

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"github.com/crewrun/crew/proc"
	"go.uber.org/goleak"
)

// TestMain lets the test binary stand in for crew in compare's child
// modes: a proc worker, a cell (--cell JSON) or one task (--run-task SPEC
// INDEX).
func TestMain(m *testing.M) {
	proc.Main()
	if len(os.Args) >= 3 {
		switch os.Args[1] {
		case "--cell":
			var spec CellSpec
			if err := json.Unmarshal([]byte(os.Args[2]), &spec); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(2)
			}
			if err := RunCell(context.Background(), spec, os.Stdout); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			os.Exit(0)
		case "--run-task":
			spec, err := DecodeTaskSpec(os.Args[2])
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(2)
			}
			if err := RunTask(context.Background(), spec); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			os.Exit(0)
		}
	}
	goleak.VerifyTestMain(m)
}

// self is the command line that runs this test binary as compare's child.
func self(t *testing.T) []string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return []string{exe}
}
