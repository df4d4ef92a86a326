//go:build !linux

package run

import "syscall"

// sysProcAttr puts a job in its own process group, so signals reach its
// whole tree.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
