package run

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"golang.org/x/term"
)

// Semaphore is a counting semaphore shared by processes, as GNU parallel's
// --semaphore (sem): a directory holding one file per holder, each file
// locked with flock(2) by the process that holds it. A holder that dies,
// however it dies, loses its lock with its last file descriptor, and the
// next process that counts the holders removes its file: a crashed holder
// never keeps its slot. A short-lived guard lock on the directory makes
// counting and taking a slot one atomic step, so separate processes never
// take more slots than there are.
//
// The layout is crew's own ($PARALLEL_HOME/semaphores/crew-id-NAME, next to
// GNU parallel's id-NAME): a crew semaphore and a GNU parallel semaphore of
// the same name do not count against each other.
type Semaphore struct {
	dir string
}

// ErrSemaphoreTimeout is returned by [Semaphore.Acquire] and
// [Semaphore.WaitIdle] when a negative timeout passed.
var ErrSemaphoreTimeout = errors.New("semaphore timed out")

// semaphorePrefix starts the name of each holder's file.
const semaphorePrefix = "h-"

// OpenSemaphore opens (creating it if needed) the semaphore called name in
// dir/semaphores; dir "" means [CacheDir].
func OpenSemaphore(dir, name string) (*Semaphore, error) {
	if dir == "" {
		dir = CacheDir()
	}
	d := filepath.Join(dir, "semaphores", "crew-id-"+semaphoreFileName(name))
	if err := os.MkdirAll(d, 0o777); err != nil {
		return nil, fmt.Errorf("semaphore directory must be writable: %w", err)
	}
	return &Semaphore{dir: d}, nil
}

// semaphoreFileName makes a semaphore name one file name as GNU parallel
// does: every character but - _ a-z A-Z 0-9 becomes its bytes in hex.
func semaphoreFileName(name string) string {
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c == '-' || c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%02x", c)
		}
	}
	return b.String()
}

// CacheDir is where GNU parallel keeps its semaphores: $PARALLEL_HOME
// (made if it does not exist), else $XDG_CACHE_HOME/parallel if it exists,
// else $HOME/.parallel.
func CacheDir() string {
	if h := os.Getenv("PARALLEL_HOME"); h != "" {
		if os.MkdirAll(h, 0o777) == nil {
			return h
		}
	}
	if x := os.Getenv("XDG_CACHE_HOME"); x != "" {
		if fi, err := os.Stat(filepath.Join(x, "parallel")); err == nil && fi.IsDir() {
			return filepath.Join(x, "parallel")
		}
	}
	home := os.Getenv("HOME")
	if home == "" {
		home = "/tmp" // as GNU parallel, when $HOME is not set
	}
	return filepath.Join(home, ".parallel")
}

// SemaphoreSlot is one held slot of a [Semaphore].
type SemaphoreSlot struct {
	f    *os.File
	path string
}

// AdoptSemaphoreSlot takes over a slot whose locked file another process
// acquired and handed on as f (open on path): the lock belongs to the open
// file, so the slot stays held through the handover.
func AdoptSemaphoreSlot(f *os.File, path string) *SemaphoreSlot {
	return &SemaphoreSlot{f: f, path: path}
}

// File is the slot's locked file, to hand to another process.
func (s *SemaphoreSlot) File() *os.File { return s.f }

// Path is the name of the slot's file.
func (s *SemaphoreSlot) Path() string { return s.path }

// Close closes this process's descriptor of the slot without giving the
// slot back: after handing [SemaphoreSlot.File] on, the other process holds
// it.
func (s *SemaphoreSlot) Close() error { return s.f.Close() }

// Release gives the slot back.
func (s *SemaphoreSlot) Release() error {
	err := os.Remove(s.path)
	if errors.Is(err, os.ErrNotExist) {
		err = nil
	}
	return errors.Join(err, s.f.Close())
}

// Acquire waits until fewer than n slots are held, then takes one. With
// timeout > 0 it takes a slot anyway once timeout has passed (stolen is
// then true, and more than n are held); with timeout < 0 it gives up after
// -timeout with [ErrSemaphoreTimeout]. It returns ctx's error if ctx ends
// first.
func (s *Semaphore) Acquire(ctx context.Context, n int, timeout time.Duration) (slot *SemaphoreSlot, stolen bool, err error) {
	n = max(n, 1)
	start := time.Now()
	for wait := semPollMin; ; wait = min(wait*3/2, semPollMax) {
		slot, err := s.tryAcquire(n, false)
		if slot != nil || err != nil {
			return slot, false, err
		}
		if timeout != 0 && time.Since(start) >= timeout.Abs() {
			if timeout < 0 {
				return nil, false, ErrSemaphoreTimeout
			}
			slot, err := s.tryAcquire(n, true)
			return slot, err == nil, err
		}
		if err := sleepCtx(ctx, wait); err != nil {
			return nil, false, err
		}
	}
}

// WaitIdle waits until no slot is held (sem --wait). A positive timeout
// stops waiting then without error; a negative one returns
// [ErrSemaphoreTimeout].
func (s *Semaphore) WaitIdle(ctx context.Context, timeout time.Duration) error {
	start := time.Now()
	for wait := semPollMin; ; wait = min(wait*3/2, semPollMax) {
		n, err := s.Held()
		if err != nil || n == 0 {
			return err
		}
		if timeout != 0 && time.Since(start) >= timeout.Abs() {
			if timeout < 0 {
				return ErrSemaphoreTimeout
			}
			return nil
		}
		if err := sleepCtx(ctx, wait); err != nil {
			return err
		}
	}
}

// Poll intervals while waiting: short at first, so a slot freed at once is
// taken at once, then at most semPollMax apart.
const (
	semPollMin = 2 * time.Millisecond
	semPollMax = 100 * time.Millisecond
)

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Held counts the slots held now, removing those of dead holders.
func (s *Semaphore) Held() (int, error) {
	unlock, err := s.lock()
	if err != nil {
		return 0, err
	}
	defer unlock()
	return s.count()
}

// tryAcquire takes a slot if fewer than n are held (or anyway, with
// force), or returns nil.
func (s *Semaphore) tryAcquire(n int, force bool) (*SemaphoreSlot, error) {
	unlock, err := s.lock()
	if err != nil {
		return nil, err
	}
	defer unlock()
	held, err := s.count()
	if err != nil {
		return nil, err
	}
	if held >= n && !force {
		return nil, nil
	}
	f, err := os.CreateTemp(s.dir, semaphorePrefix+"*")
	if err != nil {
		return nil, fmt.Errorf("take semaphore: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		os.Remove(f.Name())
		f.Close()
		return nil, fmt.Errorf("take semaphore: lock %s: %w", f.Name(), err)
	}
	return &SemaphoreSlot{f: f, path: f.Name()}, nil
}

// lock takes the guard lock of the directory; the returned function
// releases it.
func (s *Semaphore) lock() (func(), error) {
	f, err := os.OpenFile(filepath.Join(s.dir, "lock"), os.O_RDWR|os.O_CREATE, 0o666)
	if err != nil {
		return nil, fmt.Errorf("semaphore: %w", err)
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("semaphore: lock: %w", err)
	}
	return func() { f.Close() }, nil
}

// count counts the live holders (their files are locked) and removes the
// files of dead ones; the guard lock is held.
func (s *Semaphore) count() (int, error) {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return 0, fmt.Errorf("semaphore: %w", err)
	}
	n := 0
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), semaphorePrefix) {
			continue
		}
		p := filepath.Join(s.dir, e.Name())
		f, err := os.Open(p)
		if err != nil {
			continue // released meanwhile
		}
		// A lock held by any open file, in this process or another, makes
		// the attempt fail: the holder is alive.
		if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) != nil {
			n++
		} else {
			os.Remove(p)
		}
		f.Close()
	}
	return n, nil
}

// SemaphoreOptions make a run GNU parallel's --semaphore (sem): the command
// runs once, with no values, as one holder of a counting semaphore of
// [Options.Jobs] slots (1 unless -j is given) that separate crew processes
// share; its standard input is the run's. The run's exit status is the
// command's (128+N when signal N ended it).
type SemaphoreOptions struct {
	// Name (--id) names the semaphore; "" means the name of the terminal
	// on standard input, or "not a tty", as GNU parallel's `tty`.
	Name string
	// Timeout (--st): after Timeout > 0 of waiting, take a slot anyway
	// (a warning says so); after -Timeout < 0, give up: exit status 1.
	Timeout time.Duration
	// Background (--bg, the default without --fg) is for the caller: [Run]
	// runs the command in the foreground; crew's CLI takes the slot
	// ([AcquireSemaphore]), hands it to a copy of itself in the
	// background ([AdoptSemaphoreSlot]) and exits 0.
	Background bool
	// Wait (--wait) runs no command: it waits until no slot is held.
	Wait bool
	// Dir holds the semaphores; "" means [CacheDir].
	Dir string
	// Input (a single -a FILE) is the command's standard input instead of
	// the run's.
	Input string
	// Slot, when not nil, is the slot already held (the background copy
	// of crew): Run does not acquire another, and releases it at the end.
	Slot *SemaphoreSlot
}

// semaphoreName is the semaphore's name: --id, else what tty(1) prints for
// standard input.
func (so *SemaphoreOptions) semaphoreName(stdin any) string {
	if so.Name != "" {
		return so.Name
	}
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		if p, err := os.Readlink(fmt.Sprintf("/proc/self/fd/%d", f.Fd())); err == nil {
			return p
		}
	}
	return "not a tty"
}

// AcquireSemaphore takes a slot of the semaphore o.Semaphore names, out of
// o.Jobs, waiting as long as --st allows. It warns on s.Stderr, as GNU
// parallel, when the timeout passes; a negative one gives
// [ErrSemaphoreTimeout].
func AcquireSemaphore(ctx context.Context, o *Options, s Stdio) (*SemaphoreSlot, error) {
	so := o.Semaphore
	sem, err := OpenSemaphore(so.Dir, so.semaphoreName(s.Stdin))
	if err != nil {
		return nil, err
	}
	slot, stolen, err := sem.Acquire(ctx, o.Jobs, so.Timeout)
	if errors.Is(err, ErrSemaphoreTimeout) && s.Stderr != nil {
		fmt.Fprintf(s.Stderr, "crew run: Warning: Semaphore timed out. Exiting.\n")
	}
	if stolen && s.Stderr != nil {
		fmt.Fprintf(s.Stderr, "crew run: Warning: Semaphore timed out. Stealing the semaphore.\n")
	}
	return slot, err
}

// runSemaphore is Run for --semaphore: wait for a slot (or, with --wait,
// for all of them), run the command once, give the slot back.
func runSemaphore(ctx context.Context, o *Options, s Stdio) (Summary, error) {
	so := o.Semaphore
	if so.Wait {
		sem, err := OpenSemaphore(so.Dir, so.semaphoreName(s.Stdin))
		if err != nil {
			return Summary{ExitCode: 255}, err
		}
		err = sem.WaitIdle(ctx, so.Timeout)
		switch {
		case errors.Is(err, ErrSemaphoreTimeout):
			fmt.Fprintf(s.Stderr, "crew run: Warning: Semaphore timed out. Exiting.\n")
			return Summary{ExitCode: 1}, nil
		case ctx.Err() != nil:
			return Summary{ExitCode: 255, Interrupted: true}, nil
		case err != nil:
			return Summary{ExitCode: 255}, err
		}
		return Summary{}, nil
	}
	in := s.Stdin
	if so.Input != "" {
		f, err := os.Open(so.Input)
		if err != nil {
			return Summary{ExitCode: 255}, err
		}
		defer f.Close()
		in = f
	}
	slot := so.Slot
	if slot == nil {
		var err error
		slot, err = AcquireSemaphore(ctx, o, s)
		switch {
		case errors.Is(err, ErrSemaphoreTimeout):
			return Summary{ExitCode: 1}, nil
		case ctx.Err() != nil:
			return Summary{ExitCode: 255, Interrupted: true}, nil
		case err != nil:
			return Summary{ExitCode: 255}, err
		}
	}
	defer slot.Release()
	// One job of no values ({} is empty, nothing is appended), as GNU
	// parallel's "\0noarg".
	oc := *o
	oc.Semaphore, oc.semJob = nil, true
	oc.Sources = []Source{{Args: []string{""}, FromArgs: true}}
	oc.MaxArgs, oc.MaxArgsSet = 0, true
	oc.Jobs, oc.Limiter = 1, nil
	oc.Pipe, oc.Cat, oc.Multi, oc.Xargs, oc.Shuffle = false, false, false, false, false
	s.Stdin = in
	return Run(ctx, &oc, s)
}

// jobStdin is the standard input of the semaphore's job: the run's, as a
// file (copied through a pipe when it is not one); the returned function
// ends the copy.
func jobStdin(in io.Reader, null *os.File) (*os.File, func(), error) {
	switch f := in.(type) {
	case nil:
		return null, func() {}, nil
	case *os.File:
		return f, func() {}, nil
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, nil, fmt.Errorf("create pipe: %w", err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		io.Copy(pw, in)
		pw.Close()
	}()
	return pr, func() {
		pr.Close()
		<-done
	}, nil
}
