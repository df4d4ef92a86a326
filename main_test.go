package crew_test

import (
	"testing"

	"github.com/crewrun/crew"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// auto stands for crew.Auto() in the tests' tables of limits.
const auto = -1

// limitOpt is the option for a limit in a table: crew.Auto() for auto, no
// bound (the zero LimitOption) for 0, else crew.Limit(n).
func limitOpt(n int) crew.LimitOption {
	switch {
	case n == auto:
		return crew.Auto()
	case n == 0:
		return crew.LimitOption{}
	}
	return crew.Limit(n)
}
