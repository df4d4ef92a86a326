package main

import (
	"os"
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
	})
}
