package compare

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestClassify(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name string
		s    Sample
		want Class
	}{
		{"sleep", Sample{Runs: 3, Wall: 600 * ms, CPU: 6 * ms, Nvcsw: 6}, IOBound},
		{"busy loop", Sample{Runs: 3, Wall: 600 * ms, CPU: 590 * ms, Nivcsw: 40}, CPUBound},
		{"half and half", Sample{Runs: 3, Wall: 600 * ms, CPU: 300 * ms, Nvcsw: 30, Nivcsw: 5}, MixedIO},
		{"busy loop on a busy machine", Sample{Runs: 3, Wall: 600 * ms, CPU: 90 * ms, CPUShare: 0.15}, CPUBound},
		{"sleep on a busy machine", Sample{Runs: 3, Wall: 600 * ms, CPU: 3 * ms, CPUShare: 0.15}, IOBound},
		// sleep 0.2 at load 8: its fork and exec cost 13ms of CPU a run,
		// which the share must not inflate into "mixed".
		{"sleep with costly spawns on a busy machine", Sample{Runs: 3, Wall: 600 * ms, CPU: 40 * ms, CPUShare: 0.15}, IOBound},
		{"half and half on a busy machine", Sample{Runs: 3, Wall: 600 * ms, CPU: 150 * ms, CPUShare: 0.5}, MixedIO},
		{"nothing measured", Sample{}, IOBound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Classify(tt.s, 2); got != tt.want {
				t.Errorf("Classify(%+v) = %s, want %s", tt.s, got, tt.want)
			}
		})
	}
}

func TestAdviceJobs(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		s        Sample
		cores    int
		wantJobs int
		model    string
	}{
		{Sample{Runs: 1, Wall: 100 * ms, CPU: 99 * ms}, 4, 4, "parallelism"},
		{Sample{Runs: 1, Wall: 100 * ms, CPU: 1 * ms}, 4, 400, "concurrency"},
		{Sample{Runs: 1, Wall: 100 * ms, CPU: 50 * ms}, 4, 8, "both"},
		{Sample{Runs: 1, Wall: 100 * ms}, 2, 1024, "concurrency"},
	}
	for _, tt := range tests {
		a := advise("cmd", tt.s, tt.cores)
		if a.Jobs != tt.wantJobs || !strings.HasPrefix(a.Model, tt.model) {
			t.Errorf("advise(%+v, %d cores): jobs %d, model %q; want %d, %s...", tt.s, tt.cores, a.Jobs, a.Model, tt.wantJobs, tt.model)
		}
		if !strings.Contains(a.String(), "Measured on") {
			t.Errorf("advice text lacks the measurement: %q", a.String())
		}
	}
}

// TestAdviseRealCommands samples a command that sleeps and one that spins.
// It asserts what load does not move: a sleeper's wall time is at least
// its sleep and its CPU time is small, and the spinner uses far more CPU
// time than the sleeper; the sleeper is classified I/O-bound, which holds
// on a busy machine too (see Sample.CPUFraction). How a spinner is
// classified depends on the CPU share measured, so that is left to
// TestClassify's fixed samples.
func TestAdviseRealCommands(t *testing.T) {
	t.Parallel()
	cores := runtime.NumCPU()
	sleeper, err := Advise(context.Background(), "sleep 0.2", AdviseOptions{Runs: 2, Jobs: []int{2 * cores}})
	if err != nil {
		t.Fatal(err)
	}
	spinner, err := Advise(context.Background(), "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done", AdviseOptions{Runs: 2, Jobs: []int{1}})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []*Advice{sleeper, spinner} {
		t.Logf("%s: %s, CPU fraction %.2f (raw %.2f, CPU share %.2f), probes %+v", a.Command, a.Class, a.CPUFrac, a.Sample.RawCPUFraction(), a.Sample.CPUShare, a.Sample.Probes)
	}
	s, p := sleeper.Sample, spinner.Sample
	if perRun := s.Wall / time.Duration(s.Runs); perRun < 200*time.Millisecond {
		t.Errorf("sleep 0.2 took %v of wall time a run, less than its sleep", perRun)
	}
	if sleeper.Class != IOBound {
		t.Errorf("sleep 0.2 classified %s, want %s", sleeper.Class, IOBound)
	}
	if p.CPU/time.Duration(p.Runs) < 10*s.CPU/time.Duration(s.Runs) {
		t.Errorf("the spinner used %v of CPU a run, not 10 times the sleeper's %v", p.CPU/time.Duration(p.Runs), s.CPU/time.Duration(s.Runs))
	}
}

func TestAdviseErrors(t *testing.T) {
	if _, err := Advise(context.Background(), "  ", AdviseOptions{}); err == nil {
		t.Error("Advise of an empty command: no error")
	}
	_, err := Advise(context.Background(), "exit 3", AdviseOptions{Runs: 1})
	if err == nil || !strings.Contains(err.Error(), `command "exit 3" failed`) {
		t.Errorf("Advise of a failing command: %v", err)
	}
}
