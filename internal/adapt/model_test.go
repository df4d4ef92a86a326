package adapt

import (
	"testing"
	"time"
)

// TestModelJump: after a few observed tasks, an I/O-bound workload jumps to
// about cores × wall / CPU (capped at Max), a CPU-bound one stays at the
// cores.
func TestModelJump(t *testing.T) {
	tests := []struct {
		name      string
		cpu, wall time.Duration
		max, want int
	}{
		{"io 1ms cpu of 100ms", time.Millisecond, 100 * time.Millisecond, 1024, 200},
		{"io capped at max", 0, 200 * time.Millisecond, 100, 100},
		{"cpu bound", 80 * time.Millisecond, 80 * time.Millisecond, 1024, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := time.Unix(0, 0)
			c := NewController(Config{Initial: 2, Max: tt.max, Cores: 2, MaxMemory: 1 << 62,
				Now: func() time.Time { return now }})
			c.Started()
			c.Started()
			for i := range modelSamples {
				now = now.Add(tt.wall)
				c.Observe(tt.cpu, tt.wall)
				c.Finished()
				c.Started()
				if i < modelSamples-1 && c.Limit() != 2 {
					t.Fatalf("limit %d after %d observations, want 2 until %d", c.Limit(), i+1, modelSamples)
				}
			}
			if got := c.Limit(); got != tt.want {
				t.Errorf("limit %d after %d observations, want %d", got, modelSamples, tt.want)
			}
		})
	}
}
