package adapt

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"sync"
)

// SystemMemory reports the machine's memory in use (total less available)
// and its total, in bytes, from /proc/meminfo; ok is false where that file
// is missing. A limiter of child processes (whose memory is not the Go
// runtime's) passes a Config.Memory built on it.
func SystemMemory() (used, total uint64, ok bool) {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0, 0, false
	}
	var avail uint64
	var haveTotal, haveAvail bool
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := bytes.Fields(sc.Bytes())
		if len(f) < 2 {
			continue
		}
		v, err := strconv.ParseUint(string(f[1]), 10, 64)
		if err != nil {
			continue
		}
		switch string(f[0]) {
		case "MemTotal:":
			total, haveTotal = v*1024, true
		case "MemAvailable:":
			avail, haveAvail = v*1024, true
		}
	}
	if !haveTotal || !haveAvail || avail > total {
		return 0, 0, false
	}
	return total - avail, total, true
}

// ForProcesses returns a Config for limiting child processes: memory is the
// machine's (see [SystemMemory]), bounded at 90% of it, and the limit at
// most max.
func ForProcesses(max int) Config {
	cfg := Config{Max: max}
	if _, total, ok := SystemMemory(); ok {
		cfg.MaxMemory = total / 10 * 9
		var mu sync.Mutex
		cfg.Memory = func() uint64 {
			mu.Lock()
			defer mu.Unlock()
			used, _, _ := SystemMemory()
			return used
		}
	}
	return cfg
}
