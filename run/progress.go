package run

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
)

// progress shows --bar/--eta (an mpb bar, only on a terminal) and
// --progress (a status line on stderr). A nil *progress does nothing.
type progress struct {
	p       *mpb.Progress
	bar     *mpb.Bar
	w       io.Writer
	mu      sync.Mutex
	nDone   int
	nFail   int
	running func() int
	t0      time.Time
	stop    chan struct{}
	wg      sync.WaitGroup
}

func newProgress(o *Options, s Stdio, total int, lim *Limiter) *progress {
	jobs := lim.Limit()
	showBar := (o.Bar || o.ETA) && s.StderrTerminal && !o.DryRun
	if !showBar && !o.Progress {
		return nil
	}
	pr := &progress{w: s.Stderr, t0: time.Now(), stop: make(chan struct{}), running: lim.InUse}
	if showBar {
		// The caller has checked that stderr is a terminal.
		pr.p = mpb.New(mpb.WithOutput(s.Stderr), mpb.WithWidth(60), mpb.WithAutoRefresh())
		app := []decor.Decorator{decor.Percentage(decor.WCSyncSpace)}
		if o.ETA {
			app = append(app, decor.Name(" ETA "), decor.AverageETA(decor.ET_STYLE_GO))
		}
		pr.bar = pr.p.AddBar(int64(max(total, 0)),
			mpb.PrependDecorators(decor.CountersNoUnit("%d / %d", decor.WCSyncWidth)),
			mpb.AppendDecorators(app...))
		return pr
	}
	fmt.Fprintf(pr.w, "\nComputers / CPU cores / Max jobs to run\n1:local / %d / %d\n\n"+
		"Computer:jobs running/jobs completed/%%of started jobs/Average seconds to complete\n", jobs, jobs)
	pr.wg.Add(1)
	go func() {
		defer pr.wg.Done()
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-pr.stop:
				return
			case <-t.C:
				pr.line(false)
			}
		}
	}()
	return pr
}

func (pr *progress) line(final bool) {
	pr.mu.Lock()
	defer pr.mu.Unlock()
	avg := 0.0
	if pr.nDone > 0 {
		avg = time.Since(pr.t0).Seconds() / float64(pr.nDone)
	}
	end := "\r"
	if final {
		end = "\n"
	}
	running := 0
	if pr.running != nil {
		running = pr.running()
	}
	fmt.Fprintf(pr.w, "local:%d/%d/100%%/%.1fs %s", running, pr.nDone, avg, end)
}

func (pr *progress) skipped() {
	if pr != nil && pr.bar != nil {
		pr.bar.Increment()
	}
}

func (pr *progress) done(failed bool) {
	if pr == nil {
		return
	}
	pr.mu.Lock()
	pr.nDone++
	if failed {
		pr.nFail++
	}
	pr.mu.Unlock()
	if pr.bar != nil {
		pr.bar.Increment()
	}
}

// finish removes the bar (or prints the last status line) and waits for
// the progress goroutines.
func (pr *progress) finish() {
	if pr == nil {
		return
	}
	if pr.p != nil {
		if !pr.bar.Completed() {
			pr.bar.Abort(false)
		}
		pr.p.Wait()
		return
	}
	close(pr.stop)
	pr.wg.Wait()
	pr.line(true)
}
