package crew_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestRootDependsOnStdlibOnly checks that a program importing only the root
// package builds nothing but the standard library and crew's own internal
// packages: the CLI's dependencies must not reach a library user's build.
func TestRootDependsOnStdlibOnly(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command:", err)
	}
	out, err := exec.Command(gobin, "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", "github.com/crewrun/crew").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	for _, p := range strings.Fields(string(out)) {
		if p != "github.com/crewrun/crew" && !strings.HasPrefix(p, "github.com/crewrun/crew/internal/") {
			t.Errorf("github.com/crewrun/crew depends on %s, want the standard library only", p)
		}
	}
}
