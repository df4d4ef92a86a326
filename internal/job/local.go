//go:build unix

package job

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// Local runs Specs as processes of this machine. The zero value is ready
// to use.
type Local struct {
	// TempDir holds the output of [Collect] jobs past what is kept in
	// memory; "" is [os.TempDir].
	TempDir string
}

// keepInMemory is the most output of one stream a Collect Result holds in
// Data; past it, the output stays in its file.
const keepInMemory = 256 << 10

// backgroundGrace is how long a streaming job's output is still read from
// the processes it left running after it exited.
const backgroundGrace = 50 * time.Millisecond

// Execute runs s until it succeeds or has run s.Retries times, and returns
// the last attempt's Result. See [Executor].
func (l *Local) Execute(ctx context.Context, s Spec, sink Sink) Result {
	if s.Output == Stream && sink == nil {
		return Result{Seq: s.Seq, ExitVal: 255, Err: "job: a streaming Spec needs a Sink", Start: time.Now()}
	}
	var res Result
	for a := 1; ; a++ {
		res = l.attempt(ctx, &s, sink)
		res.Attempts = a
		if !res.Failed() || res.Err != "" || a >= max(1, s.Retries) || ctx.Err() != nil {
			return res
		}
		res.Close()
	}
}

// attempt runs s once.
func (l *Local) attempt(ctx context.Context, s *Spec, sink Sink) Result {
	res := Result{Seq: s.Seq, Start: time.Now()}
	if ctx.Err() != nil {
		res.ExitVal, res.Killed, res.Err = 255, KilledCancel, context.Cause(ctx).Error()
		return res
	}
	var fds ioSet
	defer fds.closeAll()
	a, err := fds.open(l.dir(), s, sink)
	if err != nil {
		res.ExitVal, res.Err = 255, err.Error()
		return res
	}
	p, err := Start(s.Command, a)
	fds.closeChildEnds()
	if err != nil {
		res.ExitVal, res.Err = 255, err.Error()
		return res
	}
	res.Start = time.Now()
	stop := l.watch(ctx, p, s)
	st, _ := p.Wait()
	stop()
	res.Runtime = time.Since(res.Start)
	if fds.stdinW != nil {
		// A process the job left behind may hold its stdin unread.
		fds.stdinW.SetWriteDeadline(time.Now())
	}
	res.ExitVal, res.Signal, res.Killed = st.ExitVal, st.Signal, st.Killed
	res.UserCPU, res.SystemCPU = st.UserCPU, st.SystemCPU
	if p.Leftover() {
		// Background processes of the job may hold its output: read what
		// is there by now, then go on, as GNU parallel does.
		fds.deadline(time.Now().Add(backgroundGrace))
	}
	if res.Stdout, res.Stderr, err = fds.finish(); err != nil && res.Err == "" {
		res.Err = fmt.Sprintf("job %d: output lost: %v", s.Seq, err)
	}
	return res
}

func (l *Local) dir() string {
	if l.TempDir != "" {
		return l.TempDir
	}
	return os.TempDir()
}

// watch kills p at s's timeout or when ctx ends; stop ends the watch and
// waits for a kill under way.
func (l *Local) watch(ctx context.Context, p *Process, s *Spec) (stop func()) {
	term := s.Term
	if term == nil {
		term = DefaultTerm
	}
	var wg sync.WaitGroup
	var timer *time.Timer
	if s.Timeout > 0 {
		wg.Add(1)
		timer = time.AfterFunc(s.Timeout, func() {
			defer wg.Done()
			p.Kill(KilledTimeout, term)
		})
	}
	wg.Go(func() {
		select {
		case <-ctx.Done():
			p.Kill(KilledCancel, term)
		case <-p.Done():
		}
	})
	return func() {
		if timer != nil && timer.Stop() {
			wg.Done()
		}
		wg.Wait()
	}
}

// ioSet is one attempt's descriptors: what the child gets and what this
// side reads or writes.
type ioSet struct {
	child   []*os.File  // closed once the child has them
	ours    []*os.File  // closed at the end
	outs    [2]*os.File // Collect: the files the child writes into
	pipes   [2]*os.File // Stream, Discard: the read ends
	stdinW  *os.File    // the write end of a stdin pipe
	counts  [2]*countWriter
	copiers sync.WaitGroup
	copyErr [2]error
}

// open makes the child's descriptors for s.
func (x *ioSet) open(dir string, s *Spec, sink Sink) (Attr, error) {
	a := Attr{Env: s.Env, Dir: s.Dir, Nice: s.Nice}
	in, err := x.stdin(s.Stdin)
	if err != nil {
		return a, err
	}
	a.Stdin = in
	var files [2]*os.File
	for k := range files {
		if files[k], err = x.output(k, dir, s, sink); err != nil {
			return a, err
		}
	}
	a.Stdout, a.Stderr = files[0], files[1]
	return a, nil
}

// stdin is the child's end of its standard input: /dev/null, or a pipe
// that a goroutine fills with data.
func (x *ioSet) stdin(data []byte) (*os.File, error) {
	if len(data) == 0 {
		f, err := os.Open(os.DevNull)
		if err != nil {
			return nil, err
		}
		x.child = append(x.child, f)
		return f, nil
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("create pipe: %w", err)
	}
	x.child = append(x.child, pr)
	x.stdinW = pw
	x.copiers.Go(func() {
		// A job that does not read all of it ends the write with EPIPE,
		// or with the deadline set when it exits.
		pw.Write(data)
		pw.Close()
	})
	return pr, nil
}

// output is the child's end of stream k (0 stdout, 1 stderr).
func (x *ioSet) output(k int, dir string, s *Spec, sink Sink) (*os.File, error) {
	if s.Output == Collect {
		f, err := tempFile(dir)
		if err != nil {
			return nil, err
		}
		x.outs[k] = f
		x.ours = append(x.ours, f)
		return f, nil
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("create pipe: %w", err)
	}
	x.child = append(x.child, pw)
	x.ours = append(x.ours, pr)
	x.pipes[k] = pr
	var dst io.Writer = io.Discard
	if s.Output == Stream {
		dst = sinkWriter{seq: s.Seq, k: k, sink: sink}
	}
	x.counts[k] = &countWriter{w: dst}
	x.copiers.Go(func() {
		_, err := io.Copy(x.counts[k], pr)
		if errors.Is(err, os.ErrDeadlineExceeded) {
			err = nil
		}
		x.copyErr[k] = err
	})
	return pw, nil
}

// closeChildEnds closes the child's descriptors once it has them.
func (x *ioSet) closeChildEnds() {
	for _, f := range x.child {
		f.Close()
	}
	x.child = nil
}

// deadline stops the reads of output at t.
func (x *ioSet) deadline(t time.Time) {
	for _, pr := range x.pipes {
		if pr != nil {
			pr.SetReadDeadline(t)
		}
	}
}

// finish waits for the copiers and returns the outputs.
func (x *ioSet) finish() (stdout, stderr Output, err error) {
	x.copiers.Wait()
	var outs [2]Output
	var errs [2]error
	for k := range outs {
		switch {
		case x.outs[k] != nil:
			outs[k], errs[k] = collected(x.outs[k])
			if outs[k].File != nil {
				x.ours = removeFile(x.ours, x.outs[k]) // the Result owns it
			}
		case x.counts[k] != nil:
			outs[k], errs[k] = Output{Size: x.counts[k].n}, x.copyErr[k]
		}
	}
	return outs[0], outs[1], errors.Join(errs[0], errs[1])
}

// closeAll closes every descriptor left.
func (x *ioSet) closeAll() {
	x.closeChildEnds()
	for _, f := range x.ours {
		f.Close()
	}
	x.ours = nil
}

// collected is what a Collect job wrote into f: its bytes when small,
// else f itself, at its start.
func collected(f *os.File) (Output, error) {
	fi, err := f.Stat()
	if err != nil {
		return Output{}, err
	}
	n := fi.Size()
	if n > keepInMemory {
		_, err := f.Seek(0, io.SeekStart)
		return Output{File: f, Size: n}, err
	}
	data := make([]byte, n)
	k, err := f.ReadAt(data, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return Output{}, err
	}
	return Output{Data: data[:k], Size: int64(k)}, nil
}

func removeFile(fs []*os.File, f *os.File) []*os.File {
	for i, g := range fs {
		if g == f {
			return append(fs[:i], fs[i+1:]...)
		}
	}
	return fs
}

// tempFile is an unlinked file in dir, read and written.
func tempFile(dir string) (*os.File, error) {
	f, err := os.CreateTemp(dir, "crew-job-")
	if err != nil {
		return nil, fmt.Errorf("create output file in %s: %w", dir, err)
	}
	os.Remove(f.Name())
	return f, nil
}

// countWriter counts what goes through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// sinkWriter hands stream k to a Sink.
type sinkWriter struct {
	seq, k int
	sink   Sink
}

func (w sinkWriter) Write(p []byte) (int, error) {
	if w.k == 0 {
		w.sink.Stdout(w.seq, p)
	} else {
		w.sink.Stderr(w.seq, p)
	}
	return len(p), nil
}
