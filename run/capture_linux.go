package run

import (
	"os"

	"golang.org/x/sys/unix"
)

// memFile returns a new memfd: a file in memory, with no name on disk.
func memFile() (*os.File, error) {
	fd, err := unix.MemfdCreate("crew-output", unix.MFD_CLOEXEC)
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), "memfd:crew-output"), nil
}

// freeMem gives back the memory of bytes [off, off+n) of a memfd (the file
// keeps its size; the range reads as zeros).
func freeMem(f *os.File, off, n int64) {
	unix.Fallocate(int(f.Fd()), unix.FALLOC_FL_PUNCH_HOLE|unix.FALLOC_FL_KEEP_SIZE, off, n)
}
