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

// TestAdviseRealCommands samples a command that sleeps and one that spins
// and checks how they are classified. The thresholds are far from what
// either measures, and a busy machine is allowed for (Sample.CPUShare).
func TestAdviseRealCommands(t *testing.T) {
	cores := runtime.NumCPU()
	tests := []struct {
		name, cmd string
		want      Class
	}{
		{"sleep", "sleep 0.2", IOBound},
		{"busy loop", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done", CPUBound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// One probe past the cores for the sleeper; the spinner's
			// probe is a single copy, to keep the test's CPU time small.
			jobs := []int{2 * cores}
			if tt.want == CPUBound {
				jobs = []int{1}
			}
			a, err := Advise(context.Background(), tt.cmd, AdviseOptions{Runs: 2, Jobs: jobs})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: CPU fraction %.2f (raw %.2f, CPU share %.2f), probes %+v", tt.cmd, a.CPUFrac, a.Sample.RawCPUFraction(), a.Sample.CPUShare, a.Sample.Probes)
			if a.Class != tt.want {
				t.Errorf("%q classified %s, want %s (CPU fraction %.2f)", tt.cmd, a.Class, tt.want, a.CPUFrac)
			}
		})
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
