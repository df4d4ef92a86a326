package compare

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteTable writes the seed's "Key Differences" table with this run's
// numbers in place of its claims, then every cell in detail.
func (r *Report) WriteTable(w io.Writer) error {
	m := r.Machine
	fmt.Fprintf(w, "Key Differences, measured: %d cores (%s), %s/%s, %s\n", m.Cores, orUnknown(m.CPU), m.OS, m.Arch, m.Go)
	if m.Load != "" {
		fmt.Fprintf(w, "load average at the start: %s (above %d, other programs competed for the cores)\n", m.Load, m.Cores)
	}
	fmt.Fprintf(w, "%d tasks per cell; I/O tasks wait %v; CPU tasks hash %s; process models run %d at once\n\n",
		r.Sizes.Tasks, r.Sizes.Wait, bytesStr(uint64(r.Sizes.HashBytes)), r.Jobs)

	models := r.models()
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(feature string, cell func(Model) string) {
		parts := []string{feature}
		for _, md := range models {
			parts = append(parts, cell(md))
		}
		fmt.Fprintln(tw, strings.Join(parts, "\t")+"\t")
	}
	row("Feature", func(md Model) string { return md.Title(r.Jobs) })
	row("Execution", r.execution)
	row("I/O-bound speed-up", func(md Model) string { return r.speedups(md, Sleep, HTTP) })
	row("CPU-bound speed-up", func(md Model) string { return r.speedups(md, CPU) })
	row("Mixed speed-up", func(md Model) string { return r.speedups(md, Mixed) })
	row("CPU use (CPU-bound)", func(md Model) string {
		c, ok := r.Cell(CPU, md)
		if !ok || c.Err != "" {
			return "-"
		}
		return fmt.Sprintf("%.1f of %d cores", c.Util*float64(m.Cores), m.Cores)
	})
	row("Resource use", func(md Model) string {
		c, ok := r.Cell(CPU, md)
		if !ok || c.Err != "" {
			return "-"
		}
		s := fmt.Sprintf("%d proc, %s", c.Procs, bytesStr(c.PeakRSS))
		if n, ok := r.Cell(Noop, md); ok && n.Startup > 0 {
			s += ", start " + durStr(n.Startup)
		}
		return s
	})
	row("Per-task cost", func(md Model) string {
		c, ok := r.Cell(Noop, md)
		if !ok || c.Err != "" {
			return "-"
		}
		return durStr(c.PerTask)
	})
	row("GIL-like limit", r.gilLike)
	row("Best for", r.bestFor)
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(r.Python) > 0 || r.PythonSkipped != "" {
		fmt.Fprintln(w)
		r.writePython(w)
	}
	fmt.Fprintln(w, "\nEvery cell:")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "workload\tmodel\ttasks\tat once\twall\tspeed-up\tCPU\tCPU util\tpeak mem\tprocs\tper task\t")
	for _, c := range r.Cells {
		if c.Err != "" {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\terror: %s\t\t\t\t\t\t\t\n", c.Workload, c.Model, c.Tasks, c.Jobs, c.Err)
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%.1fx\t%s\t%.0f%%\t%s\t%d\t%s\t\n", c.Workload, c.Model, c.Tasks, c.Jobs,
			durStr(c.Wall), c.Speedup, durStr(c.CPU), 100*c.Util, bytesStr(c.PeakRSS), c.Procs, durStr(c.PerTask))
	}
	return tw.Flush()
}

func (r *Report) writePython(w io.Writer) {
	if r.PythonSkipped != "" {
		fmt.Fprintf(w, "Python (the seed's programs): skipped, %s\n", r.PythonSkipped)
		return
	}
	fmt.Fprintln(w, "The seed's programs, run with python3 (3 tasks each):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "Feature\tserial\tthreading\tasyncio\tmultiprocessing\t")
	get := func(kind, model string) (PyCell, bool) {
		for _, c := range r.Python {
			if c.Kind == kind && c.Model == model {
				return c, c.Err == ""
			}
		}
		return PyCell{}, false
	}
	line := func(name string, f func(kind, model string) string) {
		parts := []string{name}
		for _, model := range []string{"serial", "threading", "asyncio", "multiprocessing"} {
			parts = append(parts, f("", model))
		}
		fmt.Fprintln(tw, strings.Join(parts, "\t")+"\t")
	}
	speed := func(kind string) func(string, string) string {
		return func(_, model string) string {
			c, ok := get(kind, model)
			if !ok {
				return "-"
			}
			return fmt.Sprintf("%.1fx (%s)", c.Speedup, durStr(c.Wall))
		}
	}
	line("I/O-bound speed-up", speed("io"))
	line("CPU-bound speed-up", speed("cpu"))
	line("GIL impact", func(_, model string) string {
		c, ok := get("cpu", model)
		switch {
		case model == "asyncio":
			return "n/a (one thread)"
		case !ok:
			return "-"
		case model == "serial":
			return "baseline"
		}
		busy := c.Util * float64(r.Machine.Cores)
		if busy < 1.2 {
			return fmt.Sprintf("capped: %.1f cores busy", busy)
		}
		return fmt.Sprintf("none: %.1f cores busy", busy)
	})
	line("Resource use", func(_, model string) string {
		c, ok := get("io", model)
		if !ok {
			return "-"
		}
		return fmt.Sprintf("%d proc, %s", c.Procs, bytesStr(c.PeakRSS))
	})
	tw.Flush()
}

// models are the models that ran, in report order.
func (r *Report) models() []Model {
	var out []Model
	for _, md := range Models {
		for _, c := range r.Cells {
			if c.Model == md {
				out = append(out, md)
				break
			}
		}
	}
	return out
}

func (r *Report) speedups(md Model, ws ...Workload) string {
	var parts []string
	for _, w := range ws {
		c, ok := r.Cell(w, md)
		if !ok {
			continue
		}
		if c.Err != "" {
			parts = append(parts, "error")
			continue
		}
		parts = append(parts, fmt.Sprintf("%.1fx", c.Speedup))
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, " / ")
}

// execution says, from the CPU-bound cell's CPU time over its wall time,
// whether tasks ran one at a time, interleaved on one core, or at the same
// time on several.
func (r *Report) execution(md Model) string {
	if md == Serial {
		return "one at a time"
	}
	c, ok := r.Cell(CPU, md)
	if !ok || c.Err != "" || c.Wall <= 0 {
		return "-"
	}
	// More CPU time than wall time: more than one core at once.
	busy := c.CPU / c.Wall
	if busy < 1.2 {
		return fmt.Sprintf("interleaved (%.1f core)", busy)
	}
	return fmt.Sprintf("simultaneous (%.1f cores)", busy)
}

// gilLike says whether the model kept CPU-bound tasks to one core, as
// Python's GIL keeps threads: CPU time no more than wall time.
func (r *Report) gilLike(md Model) string {
	if md == Serial {
		return "-"
	}
	c, ok := r.Cell(CPU, md)
	if !ok || c.Err != "" || c.Wall <= 0 {
		return "-"
	}
	if r.Machine.Cores > 1 && c.CPU/c.Wall < 1.2 {
		return "yes: one core"
	}
	return "no"
}

// bestFor reads the speed-ups: a model is good for a kind of task when it
// gets most of the speed-up the best model got for it.
func (r *Report) bestFor(md Model) string {
	if md == Serial {
		return "baseline"
	}
	good := func(w Workload) bool {
		c, ok := r.Cell(w, md)
		if !ok || c.Err != "" {
			return false
		}
		best := 0.0
		for _, o := range r.Cells {
			if o.Workload == w && o.Err == "" {
				best = max(best, o.Speedup)
			}
		}
		return best > 1.3 && c.Speedup >= 0.7*best
	}
	io, cpu := good(Sleep) || good(HTTP), good(CPU)
	switch {
	case io && cpu:
		return "I/O- and CPU-bound"
	case io:
		return "I/O-bound"
	case cpu:
		return "CPU-bound"
	}
	return "neither here"
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown CPU"
	}
	return s
}

func durStr(s float64) string {
	d := time.Duration(s * float64(time.Second))
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.2fs", d.Seconds())
	case d >= time.Millisecond:
		return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
	case d >= time.Microsecond:
		return fmt.Sprintf("%.1fµs", float64(d)/float64(time.Microsecond))
	default:
		return fmt.Sprintf("%dns", d.Nanoseconds())
	}
}

func bytesStr(b uint64) string {
	switch {
	case b >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(b)/(1<<30))
	case b >= 1<<20:
		return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20))
	default:
		return fmt.Sprintf("%.0f KiB", float64(b)/(1<<10))
	}
}
