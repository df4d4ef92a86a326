// Command asyncio runs the seed's second program, asyncio.gather of
// coroutines, in Go: see [seed.Asyncio].
//
//	go run ./examples/seed/asyncio
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/crewrun/crew/examples/seed"
)

func main() {
	if err := seed.Asyncio(context.Background(), os.Stdout, 3, time.Second); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
