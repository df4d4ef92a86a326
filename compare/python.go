package compare

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
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
	dir, err := os.MkdirTemp("", "crew-compare-py")
	if err != nil {
		return fmt.Errorf("compare: python programs: %w", err)
	}
	defer os.RemoveAll(dir)
	serial := map[string]float64{}
	for _, p := range pyPrograms {
		name := p.kind + "_" + p.model + ".py"
		src, err := pythonFS.ReadFile("python/" + name)
		if err != nil {
			return err
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, src, 0o644); err != nil {
			return fmt.Errorf("compare: python programs: %w", err)
		}
		arg := strconv.FormatFloat(o.PythonWait.Seconds(), 'f', -1, 64)
		if p.kind == "cpu" {
			arg = strconv.Itoa(o.PythonLoop)
		}
		c := PyCell{Program: name, Kind: p.kind, Model: p.model, Tasks: 3}
		cmd := exec.CommandContext(ctx, py, path, arg)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		start := time.Now()
		if err := cmd.Start(); err != nil {
			return fmt.Errorf("compare: start %s: %w", py, err)
		}
		s := sampleTree(ctx, cmd.Process.Pid, 5*time.Millisecond)
		werr := cmd.Wait()
		wall := time.Since(start)
		peak, procs := s.finish()
		if ctx.Err() != nil {
			return ctx.Err()
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
		if p.model == "serial" {
			serial[p.kind] = c.Wall
		}
		if c.Wall > 0 && serial[p.kind] > 0 {
			c.Speedup = serial[p.kind] / c.Wall
		}
		r.Python = append(r.Python, c)
		if o.Progress != nil {
			fmt.Fprintf(o.Progress, "compare: python3 %-24s %8.3fs  %5.1fx\n", name, c.Wall, c.Speedup)
		}
	}
	return nil
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
