package compare

import (
	"fmt"
	"image/color"
	"io"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// SaveChart draws the speed-up of every model over serial and writes it to
// path, as SVG or PNG by the extension. Two panels, each on its own scale:
// tasks that wait (where the ideal is one times the number of tasks) and
// tasks that compute (where it is the number of cores).
func (r *Report) SaveChart(path string) error {
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".svg" && ext != ".png" {
		return fmt.Errorf("chart %s: want a .svg or .png file name", path)
	}
	models := r.models()
	if len(models) == 0 {
		return fmt.Errorf("chart %s: no measured cells to draw", path)
	}
	m := r.Machine
	left, err := r.panel("Tasks that wait", []Workload{Sleep, HTTP}, models,
		float64(r.Sizes.Tasks), fmt.Sprintf("%d tasks at once", r.Sizes.Tasks))
	if err != nil {
		return fmt.Errorf("chart %s: %w", path, err)
	}
	right, err := r.panel("Tasks that compute", []Workload{CPU, Mixed}, models,
		float64(m.Cores), fmt.Sprintf("%d cores", m.Cores))
	if err != nil {
		return fmt.Errorf("chart %s: %w", path, err)
	}
	left.Y.Label.Text = "speed-up over serial (×)"

	w, h := 12*vg.Inch, 6*vg.Inch
	var c interface {
		vg.CanvasSizer
		io.WriterTo
	}
	if ext == ".svg" {
		c = vgsvg.New(w, h)
	} else {
		c = vgimg.PngCanvas{Canvas: vgimg.New(w, h)}
	}
	dc := draw.New(c)
	title := fmt.Sprintf("crew compare: %d tasks per cell, %d cores (%s/%s, %s)", r.Sizes.Tasks, m.Cores, m.OS, m.Arch, m.Go)
	if m.Load != "" {
		title += ", load " + m.Load
	}
	sty := draw.TextStyle{Color: color.Black, Font: plot.DefaultFont, XAlign: draw.XCenter, YAlign: draw.YTop}
	sty.Font.Size = vg.Points(13)
	sty.Handler = plot.DefaultTextHandler
	dc.FillText(sty, vg.Point{X: w / 2, Y: h - vg.Points(6)}, title)
	dc.Max.Y -= vg.Points(26)
	tiles := draw.Tiles{Rows: 1, Cols: 2, PadX: vg.Points(24), PadTop: vg.Points(4), PadBottom: vg.Points(4), PadLeft: vg.Points(4), PadRight: vg.Points(8)}
	canvases := plot.Align([][]*plot.Plot{{left, right}}, tiles, dc)
	left.Draw(canvases[0][0])
	right.Draw(canvases[0][1])

	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("chart %s: %w", path, err)
	}
	if _, err := c.WriteTo(f); err != nil {
		f.Close()
		return fmt.Errorf("chart %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("chart %s: %w", path, err)
	}
	return nil
}

// panel is one group of bars per workload, one bar per model, with a
// dashed line at the ideal speed-up.
func (r *Report) panel(title string, workloads []Workload, models []Model, ideal float64, idealLabel string) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = title
	p.Y.Min = 0
	top := ideal
	var names []string
	var ws []Workload
	for _, w := range workloads {
		for _, md := range models {
			if c, ok := r.Cell(w, md); ok {
				top = max(top, c.Speedup)
				if len(ws) == 0 || ws[len(ws)-1] != w {
					ws = append(ws, w)
					names = append(names, string(w))
				}
			}
		}
	}
	if len(ws) == 0 {
		p.Title.Text += " (not measured)"
		return p, nil
	}
	// Room above the bars for the legend.
	p.Y.Max = top * (1.15 + 0.07*float64(len(models)+1))
	width := vg.Points(300 / float64(len(ws)*(len(models)+1)))
	for i, md := range models {
		vals := make(plotter.Values, len(ws))
		for j, w := range ws {
			if c, ok := r.Cell(w, md); ok && c.Err == "" {
				vals[j] = c.Speedup
			}
		}
		bars, err := plotter.NewBarChart(vals, width)
		if err != nil {
			return nil, err
		}
		bars.LineStyle.Width = 0
		bars.Color = plotutil.Color(i)
		bars.Offset = width * vg.Length(float64(i)-float64(len(models)-1)/2)
		p.Add(bars)
		p.Legend.Add(md.Title(r.Jobs), bars)
	}
	line, err := plotter.NewLine(plotter.XYs{{X: -0.5, Y: ideal}, {X: float64(len(ws)) - 0.5, Y: ideal}})
	if err != nil {
		return nil, err
	}
	line.LineStyle.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	line.LineStyle.Color = color.Gray{Y: 100}
	p.Add(line)
	p.Legend.Add("ideal: "+idealLabel, line)
	p.Legend.Top = true
	p.NominalX(names...)
	p.Add(plotter.NewGrid())
	return p, nil
}
