package run

import "syscall"

// sysProcAttr puts a job in its own process group (so signals reach its
// whole tree) and kills it if crew dies without cleaning up.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
