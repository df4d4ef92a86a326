//go:build race

package adapt

// The simulations are single-goroutine arithmetic: the race detector finds
// nothing in them and makes them ten times slower, so under -race they run
// shorter (see TestSettles).
const raceEnabled = true
