// Command threads runs the seed's first program, threading.Thread + join, in
// Go: see [seed.Threads].
//
//	go run ./examples/seed/threads
package main

import (
	"fmt"
	"os"
	"time"

	"github.com/crewrun/crew/examples/seed"
)

func main() {
	if err := seed.Threads(os.Stdout, 3, time.Second); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
