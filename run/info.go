package run

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// GNUVersion is the version of GNU parallel whose options and behaviour
// crew run follows; --minversion compares against it.
const GNUVersion = 20221122

// Info is information that crew run prints instead of running jobs. When
// several are asked for, the one GNU parallel answers first wins: the
// order of the constants.
type Info uint8

const (
	// InfoNone asks for no information: a run.
	InfoNone Info = iota
	// InfoCitation (--citation) tells how to cite GNU parallel.
	InfoCitation
	// InfoSockets (--number-of-sockets) is the number of CPU sockets.
	InfoSockets
	// InfoCPUs (--number-of-cpus, obsolete) is the number of cores.
	InfoCPUs
	// InfoCores (--number-of-cores) is the number of physical cores.
	InfoCores
	// InfoThreads (--number-of-threads) is the number of hardware threads.
	InfoThreads
	// InfoMaxLineLength (--max-line-length-allowed) is the longest
	// command line the system runs.
	InfoMaxLineLength
	// InfoVersion (--version) is crew's version; cmd/crew prints it.
	InfoVersion
	// InfoMinVersion (--minversion V) prints GNUVersion; the exit status
	// is 255 if it is older than V.
	InfoMinVersion
)

// WriteInfo writes the information o.Info asks for (all but InfoVersion,
// which is the caller's) to w, as GNU parallel prints it, and returns the
// exit status. getenv looks up the environment (os.Getenv): like GNU
// parallel, $PARALLEL_CPUINFO and $PARALLEL_LSCPU replace /proc/cpuinfo
// and lscpu's output in the CPU counts, for testing.
func WriteInfo(w io.Writer, o *Options, getenv func(string) string) (int, error) {
	var err error
	code := 0
	switch o.Info {
	case InfoCitation:
		_, err = io.WriteString(w, citation)
	case InfoSockets, InfoCPUs, InfoCores, InfoThreads:
		t := CPUTopology(getenv)
		n := map[Info]int{InfoSockets: t.Sockets, InfoCPUs: t.Cores, InfoCores: t.Cores, InfoThreads: t.Threads}[o.Info]
		_, err = fmt.Fprintln(w, n)
	case InfoMaxLineLength:
		_, err = fmt.Fprintln(w, MaxLineLength())
	case InfoMinVersion:
		_, err = fmt.Fprintln(w, GNUVersion)
		if GNUVersion < o.MinVersion {
			code = 255
		}
	default:
		return 255, fmt.Errorf("no information of kind %d", o.Info)
	}
	return code, err
}

// citation is --citation's text: crew has no citation notice to silence,
// but it follows GNU parallel, which asks to be cited.
const citation = `crew run shows no citation notice: --citation and --will-cite are accepted
for scripts written for GNU parallel, and no jobs are run with --citation.

crew run follows GNU parallel 20221122. If you use it to process data for a
publication, please cite GNU parallel:

  Tange, O. (2022, November 22). GNU Parallel 20221122 ('Херсо́н').
  Zenodo. https://doi.org/10.5281/zenodo.7347980
`

// Topology is the machine's CPUs as GNU parallel counts them, each count
// limited to the CPUs this process may run on (taskset).
type Topology struct {
	Sockets, Cores, Threads int
}

// CPUTopology counts the CPU sockets, physical cores and hardware threads
// as GNU parallel 20221122 does on Linux: from $PARALLEL_CPUINFO or
// $PARALLEL_LSCPU when set (GNU parallel's testing hooks), else from
// /sys/devices/system/cpu, else /proc/cpuinfo; without any, every count
// is the number of usable CPUs.
func CPUTopology(getenv func(string) string) Topology {
	var t Topology
	active := 0
	switch {
	case getenv("PARALLEL_CPUINFO") != "":
		t = readCPUInfo(getenv("PARALLEL_CPUINFO"))
	case getenv("PARALLEL_LSCPU") != "":
		t = readLscpu(getenv("PARALLEL_LSCPU"))
	default:
		if p := getenv("PARALLEL_CPUPREFIX"); p != "" && readable(p+"/cpu0/topology/thread_siblings") {
			t = readTopology(p)
		} else {
			t = readTopology("/sys/devices/system/cpu")
			if t.Sockets == 0 || t.Cores == 0 || t.Threads == 0 {
				if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
					t = readCPUInfo(string(b))
				}
			}
		}
	}
	if getenv("PARALLEL_CPUINFO") == "" {
		active = allowedCPUs()
	}
	if t.Sockets == 0 && t.Cores == 0 && t.Threads == 0 {
		n := max(allowedCPUs(), 1)
		t = Topology{n, n, n}
	}
	if t.Sockets == 0 {
		t.Sockets = 1
	}
	if t.Threads == 0 {
		t.Threads = t.Cores
	}
	if active == 0 {
		active = t.Threads
	}
	return Topology{min(t.Sockets, active), min(t.Cores, active), min(t.Threads, active)}
}

func readable(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	f.Close()
	return true
}

// readTopology counts like GNU parallel's read_topology: sockets are the
// distinct physical_package_id, cores the distinct thread_siblings, threads
// the cpuN directories from cpu0 up to the first missing one.
func readTopology(prefix string) Topology {
	sockets, siblings := map[string]bool{}, map[string]bool{}
	threads := 0
	for ; ; threads++ {
		b, err := os.ReadFile(fmt.Sprintf("%s/cpu%d/topology/physical_package_id", prefix, threads))
		if err != nil {
			break
		}
		sockets[string(b)] = true
	}
	for n := 0; ; n++ {
		b, err := os.ReadFile(fmt.Sprintf("%s/cpu%d/topology/thread_siblings", prefix, n))
		if err != nil {
			threads = n
			break
		}
		siblings[string(b)] = true
	}
	return Topology{Sockets: len(sockets), Cores: len(siblings), Threads: threads}
}

// readCPUInfo counts like GNU parallel's read_cpuinfo: distinct "physical
// id"s, distinct (physical id, core id) pairs, "processor" lines.
func readCPUInfo(s string) Topology {
	var t Topology
	phys := map[string]bool{}
	cores := map[[2]string]bool{}
	physID := ""
	for _, line := range strings.Split(s, "\n") {
		if rest, ok := strings.CutPrefix(line, "physical id"); ok {
			if i := strings.IndexByte(rest, ':'); i >= 0 {
				physID = rest[i+1:]
				if !phys[physID] {
					phys[physID] = true
					t.Sockets++
				}
			}
		}
		if rest, ok := strings.CutPrefix(line, "core id"); ok {
			if i := strings.IndexByte(rest, ':'); i >= 0 && !cores[[2]string{physID, rest[i+1:]}] {
				cores[[2]string{physID, rest[i+1:]}] = true
				t.Cores++
			}
		}
		if len(line) >= 9 && strings.EqualFold(line[:9], "processor") {
			if i := strings.IndexByte(line, ':'); i >= 0 {
				if v := strings.TrimLeft(line[i+1:], perlSpace); v != "" && v[0] >= '0' && v[0] <= '9' {
					t.Threads++
				}
			}
		}
	}
	if t.Cores == 0 {
		t.Cores = t.Threads
	}
	if t.Sockets == 0 {
		t.Sockets = 1
	}
	return t
}

// readLscpu counts like GNU parallel's read_lscpu: threads from "CPU(s):",
// cores from threads / "Thread(s) per core:", sockets from "Socket(s):".
func readLscpu(s string) Topology {
	var t Topology
	perCore := 0
	num := func(line, prefix string) (int, bool) {
		rest, ok := strings.CutPrefix(line, prefix)
		if !ok {
			return 0, false
		}
		f := strings.Fields(rest)
		if len(f) == 0 {
			return 0, false
		}
		n, err := strconv.Atoi(f[0])
		return n, err == nil
	}
	for _, line := range strings.Split(s, "\n") {
		if n, ok := num(line, "CPU(s):"); ok {
			t.Threads = n
		}
		if n, ok := num(line, "Thread(s) per core:"); ok {
			perCore = n
		}
		for _, p := range []string{"Socket(s):", "CPU socket(s):"} {
			if n, ok := num(line, p); ok {
				t.Sockets = n
			}
		}
	}
	if perCore > 0 && t.Threads > 0 {
		t.Cores = t.Threads / perCore
	}
	return t
}

// allowedCPUs is the number of CPUs in this process's affinity mask, as
// GNU parallel reads it from Cpus_allowed in /proc/self/status.
func allowedCPUs() int {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "Cpus_allowed:"); ok {
			n := 0
			for _, c := range strings.ReplaceAll(strings.TrimSpace(rest), ",", "") {
				v, err := strconv.ParseUint(string(c), 16, 8)
				if err == nil {
					for ; v != 0; v &= v - 1 {
						n++
					}
				}
			}
			return n
		}
	}
	return 0
}

// MaxLineLength is the longest command line GNU parallel finds it can run
// (--max-line-length-allowed): it searches, from 324 bytes up in steps of
// 16 and then by halves to within 1%, for the longest "sh -c 'echo ccc...
// && true'" that starts. crew runs the same search, asking the kernel's
// limits instead of starting each candidate: one argument may hold at
// most 32 pages, all arguments and the environment ARG_MAX bytes.
func MaxLineLength() int {
	page := syscall.Getpagesize()
	argMax := 32 * page // the kernel's floor for ARG_MAX
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_STACK, &rl); err == nil && rl.Cur != ^uint64(0) {
		argMax = max(argMax, int(min(rl.Cur/4, 1<<40)))
	} else if err == nil {
		argMax = max(argMax, 6<<20) // Linux caps an unlimited stack's ARG_MAX at 3/4 of 8 MiB
	}
	// GNU parallel probes with a clean environment: PATH, HOME and a few
	// more; count theirs, and the pointers to every string.
	env := 0
	for _, k := range []string{"PATH", "SSH_AUTH_SOCK", "SSH_AGENT_PID", "KRB5CCNAME", "LC_CTYPE", "HOME", "LOGNAME", "SSHPASS"} {
		if v, ok := os.LookupEnv(k); ok {
			env += len(k) + len(v) + 2 + 8
		}
	}
	fits := func(n int) bool {
		// sh -c "<echo> ccc... && true": the line is n bytes long plus
		// " && true" and its NUL.
		arg := n + len(" && true") + 1
		return arg <= 32*page && arg+len("/bin/sh")+1+len("-c")+1+3*8+env <= argMax
	}
	const upper = 100_000_000
	n := 324
	for {
		if n > upper {
			return n
		}
		n *= 16
		if !fits(n) {
			break
		}
	}
	lo, hi := n/16, n
	for !(lo == hi || lo == hi-1 || float64(lo)/float64(hi) > 0.99) {
		mid := (hi-lo)/2 + lo
		if fits(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// UsableLineLength is what GNU parallel uses of MaxLineLength for -m, -X
// and --xargs: room for 3000 bytes of wrapping, halved for hex quoting.
func UsableLineLength() int {
	return (MaxLineLength() - 3000) / 2
}
