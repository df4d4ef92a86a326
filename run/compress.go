package run

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"syscall"
)

// compressor is --compress: the programs (shell commands) that compress
// output waiting to be printed and decompress it for printing.
type compressor struct {
	shell           string
	compress, unzip string
	env             []string
	errOut          *os.File     // the programs' stderr
	warn            func(string) // reports a failed decompression
}

// compressPrograms are GNU parallel's choices for --compress, fastest
// first; the first one on $PATH is used as "P -c -1" and "P -dc".
var compressPrograms = []string{"pzstd", "lbzip2", "pbzip2", "zstd", "pixz", "lz4", "pigz", "lzop",
	"plzip", "lzip", "gzip", "lrz", "pxz", "bzip2", "lzma", "xz", "clzip"}

// compressCommands returns --compress's programs: those given, the
// decompressor by default the compressor with -dc, else the first of
// compressPrograms found (or cat, as GNU parallel falls back to).
func compressCommands(o *Options) (compress, unzip string) {
	compress, unzip = o.CompressProgram, o.DecompressProgram
	if compress != "" {
		if unzip == "" {
			unzip = compress + " -dc"
		}
		return compress, unzip
	}
	c, u := "cat", "cat"
	for _, p := range compressPrograms {
		if _, err := exec.LookPath(p); err == nil {
			c, u = p+" -c -1", p+" -dc"
			break
		}
	}
	if unzip == "" {
		unzip = u
	}
	return c, unzip
}

// start runs prog through the shell with stdin and stdout.
func (z *compressor) start(prog string, stdin, stdout *os.File) (int, error) {
	attr := &syscall.ProcAttr{Env: z.env, Files: []uintptr{stdin.Fd(), stdout.Fd(), z.errOut.Fd()}, Sys: sysProcAttr()}
	return syscall.ForkExec(z.shell, []string{z.shell, "-c", prog}, attr)
}

// open starts the decompressor on src and returns its output.
func (z *compressor) open(src io.Reader) io.Reader {
	pr, pw, err := os.Pipe()
	if err != nil {
		z.warn(fmt.Sprintf("--decompress-program: %v", err))
		return emptyReader{}
	}
	in, isFile := src.(*os.File)
	var feed sync.WaitGroup
	if !isFile {
		var inW *os.File
		if in, inW, err = os.Pipe(); err != nil {
			pr.Close()
			pw.Close()
			z.warn(fmt.Sprintf("--decompress-program: %v", err))
			return emptyReader{}
		}
		feed.Go(func() {
			io.Copy(inW, src)
			inW.Close()
		})
	}
	pid, err := z.start(z.unzip, in, pw)
	pw.Close()
	if !isFile {
		in.Close()
	}
	if err != nil {
		pr.Close()
		feed.Wait()
		z.warn(fmt.Sprintf("%s failed: %v", z.unzip, err))
		return emptyReader{}
	}
	return &unzipReader{z: z, r: pr, pid: pid, feed: &feed}
}

// unzipReader is a decompressor's output; at its end the decompressor is
// waited for, and a failure reported.
type unzipReader struct {
	z    *compressor
	r    *os.File
	pid  int
	feed *sync.WaitGroup
	done bool
}

func (u *unzipReader) Read(p []byte) (int, error) {
	if u.done {
		return 0, io.EOF
	}
	n, err := u.r.Read(p)
	if err != nil {
		u.done = true
		u.r.Close()
		u.feed.Wait()
		if ws, werr := waitPid(u.pid); werr != nil || ws.ExitStatus() != 0 || ws.Signaled() {
			u.z.warn(u.z.unzip + " failed.")
		}
		if err == io.EOF && n > 0 {
			err = nil
		}
	}
	return n, err
}

type emptyReader struct{}

func (emptyReader) Read([]byte) (int, error) { return 0, io.EOF }

// countingWriter counts what it passes on.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return c.w.Write(p)
}
