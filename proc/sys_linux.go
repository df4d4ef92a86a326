package proc

import (
	"os"
	"os/exec"
	"syscall"

	"golang.org/x/sys/unix"
)

const pageSize = 4096

// sharedSize is the memory a pool shares with each worker after the
// progress page: a chunk of plain data travels there instead of through
// the pipes (see conn.run). Pages are allocated when first touched.
const sharedSize = 4 << 20

// setProcAttr puts a worker in its own process group, so that killing the
// group also kills what its tasks started, and asks Linux to send it
// SIGTERM when the pool's process dies; the worker then kills its group.
//
// Pdeathsig is tied to the OS thread that started the worker; the Go
// runtime only ends threads that a goroutine locked and did not unlock, so
// in practice it fires when the pool's process dies. The worker also exits
// when its request pipe closes.
func setProcAttr(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
}

// progressFile is the memory a pool shares with a worker: a page the
// worker writes the running item into, then sharedSize bytes for chunks.
func progressFile() (*os.File, error) {
	fd, err := unix.MemfdCreate("crew-proc-progress", unix.MFD_CLOEXEC)
	if err != nil {
		return nil, err
	}
	if err := unix.Ftruncate(fd, pageSize+sharedSize); err != nil {
		unix.Close(fd)
		return nil, err
	}
	return os.NewFile(uintptr(fd), "crew-proc-progress"), nil
}

// limitMemory sets RLIMIT_AS of process pid: best effort, since the
// address space a Go program reserves is larger than the memory it uses.
func limitMemory(pid int, bytes uint64) error {
	lim := unix.Rlimit{Cur: bytes, Max: bytes}
	return unix.Prlimit(pid, unix.RLIMIT_AS, &lim, nil)
}

// killOwnGroup kills the calling worker's process group, itself included,
// when the worker leads its group (as a pool starts it).
func killOwnGroup() {
	if syscall.Getpgrp() == os.Getpid() {
		syscall.Kill(0, syscall.SIGKILL)
	}
	os.Exit(0)
}

// killGroup kills process group pgid.
func killGroup(pgid int) { syscall.Kill(-pgid, syscall.SIGKILL) }

// pipeSize is the capacity asked for the protocol pipes: a chunk of a
// big Map goes in one write instead of one per 64 kB (the default) with a
// wake-up of the other side in between.
const pipeSize = 1 << 20

// growPipe enlarges a pipe, best effort: an unprivileged process may not
// go past /proc/sys/fs/pipe-max-size, nor a user past its share. It
// returns the pipe's capacity.
func growPipe(f *os.File) int {
	size := 64 << 10           // Linux's default
	rc, err := f.SyscallConn() // not f.Fd(), which would make f blocking
	if err != nil {
		return size
	}
	rc.Control(func(fd uintptr) {
		unix.FcntlInt(fd, unix.F_SETPIPE_SZ, pipeSize)
		if n, err := unix.FcntlInt(fd, unix.F_GETPIPE_SZ, 0); err == nil && n > 0 {
			size = n
		}
	})
	return size
}
