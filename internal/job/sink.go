package job

import (
	"bytes"
	"context"
	"io"
)

// Sink takes the output of a job that streams it ([Stream]) while the job
// runs. Stdout and Stderr may be called from two goroutines at once; p is
// only valid during the call.
type Sink interface {
	Stdout(seq int, p []byte)
	Stderr(seq int, p []byte)
}

// Executor runs a Spec to its end. It returns when the job and every
// process of its process group have ended, or when ctx is done and the
// kill sequence has run (Killed is then KilledCancel). An executor never
// prints: output goes into the Result or to sink (which may be nil when the
// Spec does not stream).
type Executor interface {
	Execute(ctx context.Context, s Spec, sink Sink) Result
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }
