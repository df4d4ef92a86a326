package job

import (
	"io"
	"os"
	"time"
)

// Result is how one job ended.
type Result struct {
	// Seq is the Spec's.
	Seq int `json:"seq"`
	// Attempts is how many times the job ran (more than 1 with Retries).
	Attempts int `json:"attempts"`
	// ExitVal is the exit status of the last attempt: -1 when it was
	// killed (as GNU parallel records it), 255 when it could not start.
	ExitVal int `json:"exitval"`
	// Signal is the signal that ended it, 0 for none.
	Signal int `json:"signal,omitempty"`
	// Killed says why the executor killed it, if it did.
	Killed KillReason `json:"killed,omitempty"`
	// Err is why the job could not run at all ("" when it ran).
	Err string `json:"err,omitempty"`
	// Start is when the last attempt started; Runtime how long it ran.
	Start   time.Time     `json:"start"`
	Runtime time.Duration `json:"runtime"`
	// UserCPU and SystemCPU are the CPU time of the job and the children
	// it waited for.
	UserCPU   time.Duration `json:"usercpu,omitempty"`
	SystemCPU time.Duration `json:"systemcpu,omitempty"`
	// Stdout and Stderr are the output of the last attempt.
	Stdout Output `json:"stdout"`
	Stderr Output `json:"stderr"`
}

// Failed reports whether the job did not succeed.
func (r *Result) Failed() bool { return r.ExitVal != 0 || r.Signal != 0 }

// Close releases the files that hold the output.
func (r *Result) Close() {
	r.Stdout.Close()
	r.Stderr.Close()
}

// Output is one output stream of a job: its bytes, in Data or, when big,
// in File (an unlinked temporary file read from its start), and its size.
// With [Stream] and [Discard] only Size is set.
type Output struct {
	Data []byte   `json:"data,omitempty"`
	File *os.File `json:"-"`
	Size int64    `json:"size"`
}

// Reader reads the output from its start.
func (o *Output) Reader() io.Reader {
	if o.File != nil {
		return io.NewSectionReader(o.File, 0, o.Size)
	}
	return bytesReader(o.Data)
}

// Bytes returns the whole output, reading File if it holds it.
func (o *Output) Bytes() ([]byte, error) {
	if o.File == nil {
		return o.Data, nil
	}
	return io.ReadAll(o.Reader())
}

// Close closes File, if any.
func (o *Output) Close() {
	if o.File != nil {
		o.File.Close()
		o.File = nil
	}
}

// KillReason says why a job was killed.
type KillReason uint8

const (
	// NotKilled: the job ended by itself.
	NotKilled KillReason = iota
	// KilledTimeout: it ran past its timeout.
	KilledTimeout
	// KilledHalt: the run halted (e.g. GNU parallel's --halt now).
	KilledHalt
	// KilledCancel: the caller cancelled it.
	KilledCancel
	// KilledMemory: killed to free memory; it may run again.
	KilledMemory
	// KilledLimit: a limit command asked for the youngest job to go.
	KilledLimit
)

func (k KillReason) String() string {
	switch k {
	case NotKilled:
		return "not killed"
	case KilledTimeout:
		return "timeout"
	case KilledHalt:
		return "halt"
	case KilledCancel:
		return "cancelled"
	case KilledMemory:
		return "out of memory"
	case KilledLimit:
		return "limit"
	}
	return "unknown"
}
