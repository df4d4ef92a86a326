package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/crewrun/crew/proc"
	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the testscript files run "crew" as a real process: the test
// binary re-executes itself as the crew command.
func TestMain(m *testing.M) {
	proc.Main() // the test binary is also the workers of demoProcesses
	testscript.Main(m, map[string]func(){
		"crew": func() { os.Exit(realMain()) },
	})
}

// TestScripts runs every testdata/script/*.txtar file; each one is a small
// shell session against the crew command.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			// $CREW_BIN holds crew alone: PATH=$CREW_BIN runs crew on a
			// machine without perl, say.
			crew, err := exec.LookPath("crew")
			env.Setenv("CREW_BIN", filepath.Dir(crew))
			return err
		},
	})
}
