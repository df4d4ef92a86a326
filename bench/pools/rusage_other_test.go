//go:build !unix

package pools

import "time"

// processCPU is not measured on this platform; cpu-ns/task reads 0.
func processCPU() time.Duration { return 0 }
