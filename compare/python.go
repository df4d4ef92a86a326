package compare

import (
	"bytes"
	"cmp"
	"context"
	"embed"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The seed's three programs (io_*.py, with the delay read from argv and the
// elapsed time printed), a serial baseline, and CPU-bound twins with a loop
// in place of the sleep.
//
//go:embed python/*.py
var pythonFS embed.FS

// PyCell is one of the seed's Python programs, measured.
type PyCell struct {
	Program string  `json:"program"` // e.g. io_threading.py
	Kind    string  `json:"kind"`    // "io" or "cpu"
	Model   string  `json:"model"`   // serial, threading, asyncio, multiprocessing
	Tasks   int     `json:"tasks"`
	Wall    float64 `json:"wall_s"` // as the program measured itself
	Speedup float64 `json:"speedup"`
	CPU     float64 `json:"cpu_s"`
	Util    float64 `json:"cpu_util"`
	PeakRSS uint64  `json:"peak_rss_bytes"`
	Procs   int     `json:"procs"`
	Err     string  `json:"error,omitempty"`
}

var pyPrograms = []struct{ kind, model string }{
	{"io", "serial"}, {"io", "threading"}, {"io", "asyncio"}, {"io", "multiprocessing"},
	{"cpu", "serial"}, {"cpu", "threading"}, {"cpu", "multiprocessing"},
}

func runPython(ctx context.Context, o *Options, r *Report) error {
	py, err := exec.LookPath("python3")
	if err != nil {
		r.PythonSkipped = "python3 is not on PATH"
		return nil
	}
	// python3 may be a launcher (pyenv's shim is a shell script that
	// starts more processes): measure the interpreter itself.
	if out, err := exec.CommandContext(ctx, py, "-c", "import sys; print(sys.executable)").Output(); err == nil {
		if exe := strings.TrimSpace(string(out)); exe != "" {
			py = exe
		}
	}
	dir, err := os.MkdirTemp("", "crew-compare-py")
	if err != nil {
		return fmt.Errorf("compare: python programs: %w", err)
	}
	defer os.RemoveAll(dir)
	for _, p := range pyPrograms {
		name := p.kind + "_" + p.model + ".py"
		src, err := pythonFS.ReadFile("python/" + name)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name), src, 0o644); err != nil {
			return fmt.Errorf("compare: python programs: %w", err)
		}
	}
	runs := make([][]PyCell, len(pyPrograms))
	for round := range o.Rounds {
		for i, p := range pyPrograms {
			c, err := runPyProgram(ctx, o, py, dir, p.kind, p.model)
			if err != nil {
				return err
			}
			runs[i] = append(runs[i], c)
			if o.Progress != nil {
				fmt.Fprintf(o.Progress, "compare: round %d/%d python3 %-24s %8.3fs\n", round+1, o.Rounds, c.Program, c.Wall)
			}
		}
	}
	serial := map[string]float64{}
	for i, p := range pyPrograms {
		s := slices.Clone(runs[i])
		slices.SortStableFunc(s, func(a, b PyCell) int { return cmp.Compare(pyRank(a), pyRank(b)) })
		c := s[len(s)/2]
		if p.model == "serial" {
			serial[p.kind] = c.Wall
		}
		if c.Wall > 0 && serial[p.kind] > 0 {
			c.Speedup = serial[p.kind] / c.Wall
		}
		r.Python = append(r.Python, c)
	}
	return nil
}

// pyRank orders runs by wall time, failed ones last.
func pyRank(c PyCell) float64 {
	if c.Err != "" {
		return math.Inf(1)
	}
	return c.Wall
}

// runPyProgram runs one of the programs and measures it.
func runPyProgram(ctx context.Context, o *Options, py, dir, kind, model string) (PyCell, error) {
	name := kind + "_" + model + ".py"
	arg := strconv.FormatFloat(o.PythonWait.Seconds(), 'f', -1, 64)
	if kind == "cpu" {
		arg = strconv.Itoa(o.PythonLoop)
	}
	c := PyCell{Program: name, Kind: kind, Model: model, Tasks: 3}
	cmd := exec.CommandContext(ctx, py, filepath.Join(dir, name), arg)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return c, fmt.Errorf("compare: start %s: %w", py, err)
	}
	s := sampleTree(ctx, cmd.Process.Pid, 5*time.Millisecond)
	werr := cmd.Wait()
	wall := time.Since(start)
	peak, procs := s.finish()
	if ctx.Err() != nil {
		return c, ctx.Err()
	}
	u := usageOf(cmd.ProcessState)
	c.CPU = u.CPU().Seconds()
	c.Util = c.CPU / wall.Seconds() / float64(runtime.NumCPU())
	c.PeakRSS, c.Procs = max(peak, u.MaxRSS), max(procs, 1)
	if werr != nil {
		c.Err = fmt.Sprintf("%s: %v %s", name, werr, lastLine(errb.String()))
	} else if v, ok := elapsed(out.String()); ok {
		c.Wall = v
	} else {
		c.Err = fmt.Sprintf("%s printed no elapsed time", name)
	}
	return c, nil
}

func elapsed(out string) (float64, bool) {
	for _, line := range strings.Split(out, "\n") {
		if v, ok := strings.CutPrefix(line, "elapsed "); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return f, err == nil
		}
	}
	return 0, false
}
