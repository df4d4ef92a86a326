package proctest

import (
	"os"
	"os/exec"
	"testing"
	"time"
)

func TestFindsAndLosesAChild(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc on this system")
	}
	cmd := exec.Command("sleep", "60")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	kids := Find(ChildOf(os.Getpid()))
	if len(kids) != 1 || kids[0].PID != cmd.Process.Pid || kids[0].Name != "sleep" {
		t.Fatalf("Find(ChildOf(me)) = %v, want the sleep with pid %d", kids, cmd.Process.Pid)
	}
	cmd.Process.Kill()
	cmd.Wait()
	if left := Wait(5*time.Second, ChildOf(os.Getpid())); len(left) != 0 {
		t.Fatalf("after Kill and Wait: %v", left)
	}
}
