package compare

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var tiny = Sizes{Tasks: 4, Wait: 10 * time.Millisecond, HashBytes: 256 << 10}

// TestRunEveryCell runs every workload under every model at tiny sizes and
// checks the report's structure; timings are not asserted.
func TestRunEveryCell(t *testing.T) {
	t.Parallel()
	var progress bytes.Buffer
	r, err := Run(context.Background(), Options{Self: self(t), Sizes: tiny, Jobs: 2, Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(r.Cells), len(Workloads)*len(Models); got != want {
		t.Fatalf("%d cells, want %d", got, want)
	}
	for _, w := range Workloads {
		for _, m := range Models {
			c, ok := r.Cell(w, m)
			if !ok {
				t.Errorf("no cell for %s/%s", w, m)
				continue
			}
			if c.Err != "" {
				t.Errorf("%s/%s: %s", w, m, c.Err)
				continue
			}
			if c.Wall <= 0 || c.Speedup <= 0 || c.PeakRSS == 0 || c.Procs < 1 {
				t.Errorf("%s/%s: wall %v, speed-up %v, peak %v, procs %d: want all positive", w, m, c.Wall, c.Speedup, c.PeakRSS, c.Procs)
			}
			wantTasks := tiny.Tasks
			if w == Noop {
				wantTasks *= 4
			}
			if c.Tasks != wantTasks {
				t.Errorf("%s/%s: %d tasks, want %d", w, m, c.Tasks, wantTasks)
			}
		}
	}
	if c, _ := r.Cell(CPU, Serial); c.Speedup != 1 {
		t.Errorf("serial speed-up over itself = %v, want 1", c.Speedup)
	}
	if c, _ := r.Cell(Sleep, Goroutines); c.Jobs != tiny.Tasks {
		t.Errorf("goroutines ran %d at once, want every task (%d)", c.Jobs, tiny.Tasks)
	}
	if c, _ := r.Cell(Sleep, Processes); c.Jobs != 2 {
		t.Errorf("processes ran %d at once, want -j 2", c.Jobs)
	}
	if got := strings.Count(progress.String(), "\n"); got != len(r.Cells) {
		t.Errorf("%d progress lines, want one per cell (%d)", got, len(r.Cells))
	}

	var table bytes.Buffer
	if err := r.WriteTable(&table); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Key Differences, measured", "Execution", "I/O-bound speed-up", "CPU-bound speed-up",
		"Resource use", "Per-task cost", "Best for", "goroutines, GOMAXPROCS=1", "proc pool (2 workers)", "crew run -j 2", "Every cell:"} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, table.String())
		}
	}

	var js bytes.Buffer
	if err := r.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(js.Bytes(), &back); err != nil {
		t.Fatalf("JSON report does not decode: %v", err)
	}
	if len(back.Cells) != len(r.Cells) || back.Machine.Cores != r.Machine.Cores {
		t.Errorf("JSON round trip: %d cells, %d cores; want %d, %d", len(back.Cells), back.Machine.Cores, len(r.Cells), r.Machine.Cores)
	}

	dir := t.TempDir()
	for _, name := range []string{"c.svg", "c.png"} {
		path := filepath.Join(dir, name)
		if err := r.SaveChart(path); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		magic := map[string]string{"c.svg": "<svg", "c.png": "\x89PNG"}[name]
		if !bytes.Contains(b[:min(len(b), 512)], []byte(magic)) {
			t.Errorf("%s does not look like %s: %q", name, filepath.Ext(name), b[:min(len(b), 40)])
		}
	}
	if err := r.SaveChart(filepath.Join(dir, "noext")); err == nil {
		t.Error("SaveChart without an extension: no error")
	}
}

func TestRunSubsetAndErrors(t *testing.T) {
	t.Parallel()
	var progress bytes.Buffer
	r, err := Run(context.Background(), Options{Self: self(t), Sizes: tiny, Workloads: []Workload{Sleep}, Models: []Model{Goroutines}, Rounds: 3, Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(progress.String(), "\n"); got != 6 || r.Rounds != 3 {
		t.Errorf("3 rounds of 2 cells: %d progress lines, report says %d rounds; want 6 and 3", got, r.Rounds)
	}
	// Serial always runs: speed-ups are over it.
	if len(r.Cells) != 2 || r.Cells[0].Model != Serial || r.Cells[1].Model != Goroutines {
		t.Errorf("cells %+v, want serial then goroutines", r.Cells)
	}
	if _, err := Run(context.Background(), Options{}); err == nil {
		t.Error("Run without Self: no error")
	}
	var out bytes.Buffer
	if err := RunCell(context.Background(), CellSpec{Model: "nope", Workload: Sleep, Sizes: tiny}, &out); err == nil || !strings.Contains(err.Error(), `unknown model "nope"`) {
		t.Errorf("RunCell with a bad model: %v", err)
	}
	if err := RunTask(context.Background(), TaskSpec{Workload: "nope"}); err == nil || !strings.Contains(err.Error(), `unknown workload "nope"`) {
		t.Errorf("RunTask with a bad workload: %v", err)
	}
	if _, err := DecodeTaskSpec("{not base64}"); err == nil {
		t.Error("DecodeTaskSpec of garbage: no error")
	}
}

// TestPython runs the seed's programs when python3 exists and otherwise
// checks the report says why they are missing.
func TestPython(t *testing.T) {
	t.Parallel()
	r := &Report{Machine: ThisMachine()}
	o := Options{Self: []string{"unused"}, Python: true, PythonWait: 20 * time.Millisecond, PythonLoop: 20000}
	if err := o.defaults(); err != nil {
		t.Fatal(err)
	}
	if err := runPython(context.Background(), &o, r); err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("python3"); err != nil {
		if r.PythonSkipped == "" {
			t.Error("python3 absent but the report does not say the Python rows were skipped")
		}
		return
	}
	if len(r.Python) != len(pyPrograms) {
		t.Fatalf("%d Python rows, want %d", len(r.Python), len(pyPrograms))
	}
	for _, c := range r.Python {
		if c.Err != "" || c.Wall <= 0 || c.Speedup <= 0 {
			t.Errorf("%s: wall %v speed-up %v err %q", c.Program, c.Wall, c.Speedup, c.Err)
		}
	}
	var table bytes.Buffer
	r.writePython(&table)
	for _, want := range []string{"threading", "asyncio", "multiprocessing", "GIL impact"} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("Python table lacks %q:\n%s", want, table.String())
		}
	}
}

func TestMedianCell(t *testing.T) {
	got := medianCell([]Cell{{Wall: 3}, {Wall: 1, Err: "boom"}, {Wall: 2}})
	if got.Wall != 3 || got.Err != "" {
		t.Errorf("median of 3s, failed, 2s = %+v, want the 3s run (failed runs count as slowest)", got)
	}
}

func TestCalibrateHash(t *testing.T) {
	if n := CalibrateHash(time.Millisecond); n < 64<<10 {
		t.Errorf("CalibrateHash(1ms) = %d, want at least 64 KiB", n)
	}
}
