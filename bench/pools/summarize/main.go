// Command summarize turns the output of bench/run.sh (go test -bench text, read
// with golang.org/x/perf/benchfmt) into the markdown tables of bench/RESULTS.md:
// per-workload medians of ns/task, cpu-ns/task, B/task and allocs/task for every
// library, and a summary with the ratios crew/best peer and crew/raw.
//
// Usage:
//
//	summarize [-machine facts.md] [-update RESULTS.md] [-worst] results.txt...
//
// With -update the generated text replaces what lies between the lines
// "<!-- pools:begin -->" and "<!-- pools:end -->" in that file, so sections
// others keep in the same file are left alone. With -worst it prints only the
// benchmark name of crew's worst workload (largest crew/best-peer ratio), for
// run.sh to profile.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"

	"golang.org/x/perf/benchfmt"
)

// workload is one row of the summary: a top-level benchmark of bench/pools.
type workload struct {
	base  string // benchmark name without "Benchmark"
	label string
}

var workloads = []workload{
	{"A_NoopLimitP", "a) 1M no-op tasks, limit = GOMAXPROCS"},
	{"B_NoopLimit1000", "b) 1M no-op tasks, limit 1000"},
	{"C_NoopUnbounded", "c) 1M no-op tasks, unbounded"},
	{"D_CPULimitP", "d) ~1 µs CPU tasks, limit = GOMAXPROCS"},
	{"E_Sleep", "e) 100k tasks sleeping 10 ms, limit 10k"},
	{"F_Map", "f) map over 1M ints (per element)"},
}

// Libraries that are not peers: crew itself and the serial floor.
const (
	crewLib   = "crew"
	rawLib    = "raw"
	serialLib = "serial"
)

const (
	beginMarker = "<!-- pools:begin -->"
	endMarker   = "<!-- pools:end -->"
)

// samples holds every value read, by workload, library and unit.
type samples map[string]map[string]map[string][]float64

func main() {
	machine := flag.String("machine", "", "markdown `file` with the command and machine facts, copied above the tables")
	update := flag.String("update", "", "replace the pools section of this markdown `file` instead of printing")
	worst := flag.Bool("worst", false, "print only the benchmark name of crew's worst workload")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: summarize [-machine facts.md] [-update RESULTS.md] [-worst] results.txt...")
		os.Exit(2)
	}
	s, err := read(flag.Args())
	if err != nil {
		fmt.Fprintln(os.Stderr, "summarize:", err)
		os.Exit(1)
	}
	if *worst {
		name, ok := s.worst()
		if !ok {
			fmt.Fprintln(os.Stderr, "summarize: no workload has results for crew and a peer")
			os.Exit(1)
		}
		fmt.Println(name)
		return
	}
	var out bytes.Buffer
	if *machine != "" {
		facts, err := os.ReadFile(*machine)
		if err != nil {
			fmt.Fprintln(os.Stderr, "summarize:", err)
			os.Exit(1)
		}
		out.Write(facts)
		out.WriteString("\n")
	}
	s.write(&out)
	if *update == "" {
		os.Stdout.Write(out.Bytes())
		return
	}
	if err := replaceSection(*update, out.Bytes()); err != nil {
		fmt.Fprintln(os.Stderr, "summarize:", err)
		os.Exit(1)
	}
}

func read(files []string) (samples, error) {
	s := samples{}
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		r := benchfmt.NewReader(f, name)
		for r.Scan() {
			res, ok := r.Result().(*benchfmt.Result)
			if !ok {
				continue
			}
			base, parts := res.Name.Parts()
			lib := ""
			for _, p := range parts {
				if v, ok := bytes.CutPrefix(p, []byte("/lib=")); ok {
					lib = string(v)
				}
			}
			if lib == "" {
				continue
			}
			w := string(base)
			if s[w] == nil {
				s[w] = map[string]map[string][]float64{}
			}
			if s[w][lib] == nil {
				s[w][lib] = map[string][]float64{}
			}
			for _, v := range res.Values {
				unit, val := v.Unit, v.Value
				if v.OrigUnit != "" {
					unit, val = v.OrigUnit, v.OrigValue
				}
				s[w][lib][unit] = append(s[w][lib][unit], val)
			}
		}
		err = r.Err()
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", name, err)
		}
	}
	return s, nil
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	ys := slices.Clone(xs)
	slices.Sort(ys)
	if n := len(ys); n%2 == 1 {
		return ys[n/2]
	} else {
		return (ys[n/2-1] + ys[n/2]) / 2
	}
}

// spread is (max-min)/median in percent: how noisy a cell is.
func spread(xs []float64) float64 {
	m := median(xs)
	if len(xs) < 2 || m == 0 {
		return 0
	}
	return 100 * (slices.Max(xs) - slices.Min(xs)) / m
}

func (s samples) med(w, lib, unit string) float64 { return median(s[w][lib][unit]) }

// peers returns the libraries measured in workload w other than crew and serial.
func (s samples) peers(w string) []string {
	var out []string
	for lib := range s[w] {
		if lib != crewLib && lib != serialLib {
			out = append(out, lib)
		}
	}
	slices.Sort(out)
	return out
}

// best returns the peer with the smallest median of unit in workload w.
func (s samples) best(w, unit string) (string, float64) {
	name, v := "", math.Inf(1)
	for _, lib := range s.peers(w) {
		if m := s.med(w, lib, unit); m < v {
			name, v = lib, m
		}
	}
	return name, v
}

func (s samples) worst() (string, bool) {
	name, ratio := "", 0.0
	for _, w := range workloads {
		if w.base == "E_Sleep" || s[w.base][crewLib] == nil {
			continue // e is bound by the runtime's timers, not by the library
		}
		_, b := s.best(w.base, "ns/task")
		if r := s.med(w.base, crewLib, "ns/task") / b; r > ratio {
			name, ratio = w.base, r
		}
	}
	return name, name != ""
}

// verdict holds crew's figures for one workload against the best peers.
type verdict struct {
	base                         string
	crewNs, bestNs, rawNs        float64
	crewCPU, bestCPU, rawCPU     float64
	crewAllocs, bestAllocs       float64
	bestName, cpuName, allocName string
}

func (s samples) verdict(w string) verdict {
	v := verdict{base: w}
	v.crewNs = s.med(w, crewLib, "ns/task")
	v.bestName, v.bestNs = s.best(w, "ns/task")
	v.rawNs = s.med(w, rawLib, "ns/task")
	v.crewCPU = s.med(w, crewLib, "cpu-ns/task")
	v.cpuName, v.bestCPU = s.best(w, "cpu-ns/task")
	v.rawCPU = s.med(w, rawLib, "cpu-ns/task")
	v.crewAllocs = s.med(w, crewLib, "allocs/task")
	v.allocName, v.bestAllocs = s.best(w, "allocs/task")
	return v
}

// met says which parts of the target hold, e.g. "wall no, cpu yes, allocs yes";
// for the unbounded workload also whether crew stays within 1.25× of raw.
func (v verdict) met() string {
	word := func(ok bool) string {
		if ok {
			return "yes"
		}
		return "**no**"
	}
	m := fmt.Sprintf("wall %s, cpu %s, allocs %s", word(v.crewNs <= v.bestNs*1.05),
		word(v.crewCPU <= v.bestCPU*1.05), word(allocsOK(v.crewAllocs, v.bestAllocs)))
	if v.base == "C_NoopUnbounded" {
		m += fmt.Sprintf("; ≤ 1.25× raw: wall %s, cpu %s", word(v.crewNs <= v.rawNs*1.25), word(v.crewCPU <= v.rawCPU*1.25))
	}
	return m
}

// allocsOK is the allocation half of the target: crew allocates no more than the
// best peer, within 5% or 0.01 allocs/task (amortised setup of one batch).
func allocsOK(crew, best float64) bool {
	return crew <= best*1.05 || crew-best < 0.01
}

func (s samples) write(out io.Writer) {
	fmt.Fprintf(out, "### Summary: crew against the best peer and raw goroutines (medians)\n\n")
	fmt.Fprintf(out, "| workload | crew ns/task | best peer ns/task | crew/best | crew/raw | crew cpu-ns/task | best peer cpu-ns/task | crew/best cpu | crew/raw cpu | crew allocs/task | fewest peer allocs/task | target met |\n")
	fmt.Fprintf(out, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n")
	for _, w := range workloads {
		if s[w.base][crewLib] == nil || len(s.peers(w.base)) == 0 {
			continue
		}
		v := s.verdict(w.base)
		fmt.Fprintf(out, "| %s | %s | %s (%s) | %s | %s | %s | %s (%s) | %s | %s | %s | %s (%s) | %s |\n",
			w.label, num(v.crewNs), num(v.bestNs), v.bestName, ratio(v.crewNs, v.bestNs), ratio(v.crewNs, v.rawNs),
			num(v.crewCPU), num(v.bestCPU), v.cpuName, ratio(v.crewCPU, v.bestCPU), ratio(v.crewCPU, v.rawCPU),
			num(v.crewAllocs), num(v.bestAllocs), v.allocName, v.met())
	}
	fmt.Fprintf(out, "\nTargets: crew's median ns/task at most 1.05× the best peer's (\"wall\"; \"cpu\" applies the same\n"+
		"bound to cpu-ns/task, which other processes on a shared machine disturb less) and allocs/task at\n"+
		"most the fewest peer's (+5%% or +0.01); for c) also crew ≤ 1.25× raw goroutines + WaitGroup.\n"+
		"Peers are every library row except crew and serial.\n")

	for _, w := range workloads {
		libs := s.libsBy(w.base, "ns/task")
		if len(libs) == 0 {
			continue
		}
		fmt.Fprintf(out, "\n### %s\n\n", w.label)
		if w.base == "E_Sleep" {
			s.writeSleep(out, w.base, libs)
			continue
		}
		fmt.Fprintf(out, "| library | ns/task | range %% | cpu-ns/task | B/task | allocs/task | samples |\n")
		fmt.Fprintf(out, "|---|---:|---:|---:|---:|---:|---:|\n")
		for _, lib := range libs {
			ns := s[w.base][lib]["ns/task"]
			fmt.Fprintf(out, "| %s | %s | %.0f | %s | %s | %s | %d |\n", bold(lib), num(median(ns)), spread(ns),
				num(s.med(w.base, lib, "cpu-ns/task")), num(s.med(w.base, lib, "B/task")),
				num(s.med(w.base, lib, "allocs/task")), len(ns))
		}
	}
}

func (s samples) writeSleep(out io.Writer, w string, libs []string) {
	fmt.Fprintf(out, "One process per library per round; peaks sampled every 1 ms with runtime/metrics.\n\n")
	fmt.Fprintf(out, "| library | wall ms | range %% | CPU ms | peak HeapInuse MB | peak StackInuse MB | peak Sys MB | peak RSS MB | peak goroutines | B/task | allocs/task | samples |\n")
	fmt.Fprintf(out, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, lib := range libs {
		wall := s[w][lib]["wall-ms"]
		fmt.Fprintf(out, "| %s | %s | %.0f | %s | %s | %s | %s | %s | %s | %s | %s | %d |\n", bold(lib),
			num(median(wall)), spread(wall), num(s.med(w, lib, "cpu-ms")),
			num(s.med(w, lib, "peak-heap-MB")), num(s.med(w, lib, "peak-stack-MB")),
			num(s.med(w, lib, "peak-sys-MB")), num(s.med(w, lib, "peak-rss-MB")),
			num(s.med(w, lib, "peak-goroutines")), num(s.med(w, lib, "B/task")),
			num(s.med(w, lib, "allocs/task")), len(wall))
	}
}

// libsBy returns the libraries of workload w sorted by the median of unit.
func (s samples) libsBy(w, unit string) []string {
	var libs []string
	for lib := range s[w] {
		libs = append(libs, lib)
	}
	slices.SortFunc(libs, func(a, b string) int {
		ma, mb := s.med(w, a, unit), s.med(w, b, unit)
		if ma != mb {
			if ma < mb {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	return libs
}

func bold(lib string) string {
	if lib == crewLib {
		return "**crew**"
	}
	return lib
}

func ratio(a, b float64) string {
	if b == 0 || math.IsNaN(a) || math.IsNaN(b) || math.IsInf(b, 0) {
		return "–"
	}
	return fmt.Sprintf("%.2f×", a/b)
}

// num prints three significant digits without exponents for the magnitudes here.
func num(v float64) string {
	switch a := math.Abs(v); {
	case math.IsNaN(v):
		return "–"
	case v == 0:
		return "0"
	case a >= 1000:
		return thousands(math.Round(v))
	case a >= 100:
		return fmt.Sprintf("%.0f", v)
	case a >= 10:
		return fmt.Sprintf("%.1f", v)
	case a >= 1:
		return fmt.Sprintf("%.2f", v)
	default:
		d := int(math.Ceil(-math.Log10(a))) + 2 // three significant digits
		return fmt.Sprintf("%.*f", min(d, 8), v)
	}
}

func thousands(v float64) string {
	s := fmt.Sprintf("%.0f", v)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// replaceSection writes text between the pools markers of the markdown file.
func replaceSection(name string, text []byte) error {
	old, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	begin := bytes.Index(old, []byte(beginMarker))
	end := bytes.Index(old, []byte(endMarker))
	if begin < 0 || end < begin {
		return errors.New(name + ": no " + beginMarker + " … " + endMarker + " section to replace")
	}
	var b bytes.Buffer
	b.Write(old[:begin+len(beginMarker)])
	b.WriteString("\n")
	b.Write(text)
	b.Write(old[end:])
	return os.WriteFile(name, b.Bytes(), 0o644)
}
