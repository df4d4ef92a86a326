package compare

import (
	"fmt"
	"image/color"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
)

// SaveChart draws the speed-up of every model over serial, one group of
// bars per workload, and writes it to path; the extension (.svg, .png,
// .pdf...) picks the format.
func (r *Report) SaveChart(path string) error {
	p := plot.New()
	m := r.Machine
	p.Title.Text = fmt.Sprintf("Speed-up over serial, %d tasks per workload, %d cores (%s/%s)", r.Sizes.Tasks, m.Cores, m.OS, m.Arch)
	p.Y.Label.Text = "speed-up (×)"
	p.Y.Min = 0

	var workloads []Workload
	for _, w := range Workloads {
		if w == Noop { // its speed-ups say nothing: the tasks are empty
			continue
		}
		for _, c := range r.Cells {
			if c.Workload == w {
				workloads = append(workloads, w)
				break
			}
		}
	}
	models := r.models()
	if len(workloads) == 0 || len(models) == 0 {
		return fmt.Errorf("chart %s: no measured cells to draw", path)
	}
	width := vg.Points(60 / float64(len(models)+1))
	for i, md := range models {
		vals := make(plotter.Values, len(workloads))
		for j, w := range workloads {
			if c, ok := r.Cell(w, md); ok && c.Err == "" {
				vals[j] = c.Speedup
			}
		}
		bars, err := plotter.NewBarChart(vals, width)
		if err != nil {
			return fmt.Errorf("chart %s: %w", path, err)
		}
		bars.LineStyle.Width = 0
		bars.Color = plotutil.Color(i)
		bars.Offset = width * vg.Length(float64(i)-float64(len(models)-1)/2)
		p.Add(bars)
		p.Legend.Add(md.Title(r.Jobs), bars)
	}
	// The ideal for the seed's claims: N× for waiting, cores× for computing.
	for _, ref := range []struct {
		y     float64
		label string
	}{{float64(m.Cores), fmt.Sprintf("%d cores", m.Cores)}, {float64(r.Sizes.Tasks), fmt.Sprintf("%d tasks", r.Sizes.Tasks)}} {
		l, err := plotter.NewLine(plotter.XYs{{X: -0.5, Y: ref.y}, {X: float64(len(workloads)) - 0.5, Y: ref.y}})
		if err != nil {
			return fmt.Errorf("chart %s: %w", path, err)
		}
		l.LineStyle.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		l.LineStyle.Color = color.Gray{Y: 120}
		p.Add(l)
		p.Legend.Add("ideal: "+ref.label, l)
	}
	names := make([]string, len(workloads))
	for i, w := range workloads {
		names[i] = string(w)
	}
	p.NominalX(names...)
	p.Legend.Top = true
	p.Legend.Left = true
	p.Add(plotter.NewGrid())

	ext := strings.ToLower(filepath.Ext(path))
	if ext == "" {
		return fmt.Errorf("chart %s: no file extension to pick a format by (.svg, .png)", path)
	}
	if err := p.Save(10*vg.Inch, 6*vg.Inch, path); err != nil {
		return fmt.Errorf("chart %s: %w", path, err)
	}
	return nil
}
