package compare

import (
	"context"
	"errors"
)

// runPool runs the tasks on a pool of jobs worker processes.
func runPool(ctx context.Context, n, jobs int, ts TaskSpec) error {
	return errors.New("proc pool model: not wired yet")
}
