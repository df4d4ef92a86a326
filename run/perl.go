package run

import (
	"bufio"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// perlDriver is the perl program that evaluates a run's perl expressions.
//
//go:embed perl.pl
var perlDriver string

// perlRun is the perl coprocess of a run that has perl replacement strings
// ({= =}, --rpl tags) or --filter: one perl process for the whole run, one
// request and one reply per job. Runs without them start none.
//
// Protocol (numbers in decimal, a string is its length on a line of its
// own, then its bytes):
//
//	setup:  "<expressions> <jobs or -1> <slots>\n", then each expression's code
//	reply:  "ok\n", or "err <len>\n<index> <message>" for one that does not compile
//	job:    "<seq> <slot> <args> <tasks> <filter groups>\n", the arguments,
//	        a line of (expression, argument index) pairs, then each filter
//	        group: its number of parts, each "s<len>\n<bytes>" (text) or
//	        "v<task>\n" (the value of a task)
//	reply:  "ok <skip> <filter passed>\n", then per task "<uq> <len>\n<bytes>";
//	        or "err <len>\n<index> <message>" when an expression died
type perlRun struct {
	codes   []string       // the distinct expressions; a pkPerl piece's expr indexes it
	index   map[string]int // code -> expr
	uses    []perlUse      // the pieces' (expression, position), in order of appearance
	tagUses []perlUse      // those of --tagstring, evaluated again per line with --line-buffer
	filters []*template    // --filter
	// width is the number of values of one input record when a job holds
	// several (-N, -m, -X without --colsep); 0: the job is one record.
	width int

	cmd  *exec.Cmd
	req  *os.File      // requests, to perl's descriptor 3
	rep  *bufio.Reader // replies, from its descriptor 4
	repF *os.File
	mu   sync.Mutex // one exchange at a time: the dispatcher's, and --line-buffer tags'
	buf  []byte
	once sync.Once // close
}

type perlUse struct{ expr, pos int }

// addTemplate registers the perl pieces of t and returns their uses.
func (pr *perlRun) addTemplate(t *template) []perlUse {
	if t == nil || !t.perl {
		return nil
	}
	var uses []perlUse
	for i := range t.pieces {
		p := &t.pieces[i]
		if p.kind != pkPerl {
			continue
		}
		id, ok := pr.index[p.code]
		if !ok {
			if pr.index == nil {
				pr.index = map[string]int{}
			}
			id = len(pr.codes)
			pr.index[p.code] = id
			pr.codes = append(pr.codes, p.code)
		}
		p.expr = id
		u := perlUse{id, p.pos}
		if !slices.Contains(pr.uses, u) {
			pr.uses = append(pr.uses, u)
		}
		if !slices.Contains(uses, u) {
			uses = append(uses, u)
		}
	}
	return uses
}

// needed reports whether the run needs perl at all.
func (pr *perlRun) needed() bool { return len(pr.codes) > 0 || len(pr.filters) > 0 }

// start starts perl (from $PATH) and compiles the expressions; an
// expression that does not compile is an error here, before any job.
// jobs is the number of jobs (-1 if unknown), for total_jobs(). The
// expressions' own output goes to stdout and stderr.
func (pr *perlRun) start(jobs, slots int, stdout, stderr io.Writer) error {
	path, err := exec.LookPath("perl")
	if err != nil {
		return err
	}
	reqR, reqW, err := os.Pipe()
	if err != nil {
		return err
	}
	repR, repW, err := os.Pipe()
	if err != nil {
		reqR.Close()
		reqW.Close()
		return err
	}
	pr.cmd = &exec.Cmd{
		Path:        path,
		Args:        []string{"perl", "-e", perlDriver},
		Stdout:      stdout,
		Stderr:      stderr,
		ExtraFiles:  []*os.File{reqR, repW},
		SysProcAttr: sysProcAttr(),
	}
	err = pr.cmd.Start()
	reqR.Close()
	repW.Close()
	if err != nil {
		reqW.Close()
		repR.Close()
		pr.cmd = nil
		return err
	}
	pr.req, pr.repF, pr.rep = reqW, repR, bufio.NewReaderSize(repR, 64<<10)
	b := fmt.Appendf(pr.buf[:0], "%d %d %d\n", len(pr.codes), jobs, slots)
	for _, c := range pr.codes {
		b = appendPerlString(b, c)
	}
	if _, err := pr.req.Write(b); err != nil {
		pr.close()
		return pr.lost(err)
	}
	head, err := pr.rep.ReadString('\n')
	if err != nil {
		pr.close()
		return pr.lost(err)
	}
	if head != "ok\n" {
		defer pr.close()
		return pr.replyError(head, "does not compile")
	}
	return nil
}

func appendPerlString(b []byte, s string) []byte {
	b = strconv.AppendInt(b, int64(len(s)), 10)
	b = append(b, '\n')
	return append(b, s...)
}

// lost is the error for a perl process that stopped answering (an
// expression that called exit, say).
func (pr *perlRun) lost(err error) error {
	return fmt.Errorf("perl evaluator of {= =} stopped: %w", err)
}

// replyError reads the rest of an "err" reply and names the expression.
func (pr *perlRun) replyError(head, what string) error {
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(head, "err "), "\n"))
	if !strings.HasPrefix(head, "err ") || err != nil || n < 0 {
		return pr.lost(fmt.Errorf("bad reply %q", head))
	}
	msg := make([]byte, n)
	if _, err := io.ReadFull(pr.rep, msg); err != nil {
		return pr.lost(err)
	}
	idx, text, _ := strings.Cut(string(msg), " ")
	code := ""
	if i, err := strconv.Atoi(idx); err == nil && i >= 0 && i < len(pr.codes) {
		code = pr.codes[i]
	}
	text = strings.Join(strings.Fields(strings.ReplaceAll(strings.TrimSpace(text), "\n", "; ")), " ")
	return fmt.Errorf("perl expression %q %s: %s", code, what, text)
}

// close ends the perl process: it exits when its requests end (so what
// the expressions printed is flushed), or is killed after a second (an
// expression that never returns).
func (pr *perlRun) close() {
	pr.once.Do(func() {
		if pr.cmd == nil {
			return
		}
		pr.req.Close()
		done := make(chan struct{})
		go func() {
			pr.cmd.Wait()
			close(done)
		}()
		t := time.NewTimer(time.Second)
		select {
		case <-done:
		case <-t.C:
			pr.cmd.Process.Kill()
			<-done
		}
		t.Stop()
		pr.repF.Close()
	})
}

// perlResult is what perl computed for one job.
type perlResult struct {
	vals  []perlVal
	index []int32 // expr*n + argument -> vals index, -1 if not computed
	n     int     // the job's arguments, at least 1
	skip  bool    // skip() was called, or a --filter was false
}

func (r *perlResult) value(p *piece, k int) perlVal {
	if i := r.index[p.expr*r.n+k]; i >= 0 {
		return r.vals[i]
	}
	return perlVal{}
}

// eval evaluates the job's expressions, each once per argument (GNU
// parallel caches each value per argument too), then the filters. The
// state of the expressions' package carries over from job to job, as in
// GNU parallel.
//
// The order is GNU parallel's: as it adds each input record to a job, it
// evaluates every expression on the record's values (a positional one on
// the record's n-th value, even when the job's n-th value is in another
// record); then those the command still needs.
func (pr *perlRun) eval(seq, slot int, args []string) (*perlResult, error) {
	return pr.evalUses(seq, slot, args, pr.uses, pr.filters)
}

// evalUses evaluates the given uses and filters only.
func (pr *perlRun) evalUses(seq, slot int, args []string, uses []perlUse, filters []*template) (*perlResult, error) {
	pr.mu.Lock()
	defer pr.mu.Unlock()
	n := max(len(args), 1)
	res := &perlResult{n: n, index: make([]int32, len(pr.codes)*n)}
	for i := range res.index {
		res.index[i] = -1
	}
	var tasks []int
	add := func(e, k int) {
		if res.index[e*n+k] < 0 {
			res.index[e*n+k] = int32(len(tasks) / 2)
			tasks = append(tasks, e, k)
		}
	}
	w := pr.width
	if w <= 0 || w > n {
		w = n
	}
	for base := 0; base < n; base += w {
		rw := min(w, n-base)
		for _, u := range uses {
			if u.pos == 0 {
				for c := range rw {
					add(u.expr, base+c)
				}
			} else if c, ok := perlArgIndex(u.pos, rw); ok {
				add(u.expr, base+c)
			}
		}
	}
	for _, u := range uses {
		if k, ok := perlArgIndex(u.pos, n); u.pos != 0 && ok {
			add(u.expr, k)
		}
	}
	var groups [][]filterPart
	for _, f := range filters {
		groups = append(groups, f.filterGroups(args, seq, slot, func(p *piece, k int) int {
			return int(res.index[p.expr*n+k])
		})...)
	}

	b := fmt.Appendf(pr.buf[:0], "%d %d %d %d %d\n", seq, slot, len(args), len(tasks)/2, len(groups))
	for _, a := range args {
		b = appendPerlString(b, a)
	}
	for i, t := range tasks {
		if i > 0 {
			b = append(b, ' ')
		}
		b = strconv.AppendInt(b, int64(t), 10)
	}
	b = append(b, '\n')
	for _, g := range groups {
		b = strconv.AppendInt(b, int64(len(g)), 10)
		b = append(b, '\n')
		for _, part := range g {
			if part.task >= 0 {
				b = append(b, 'v')
				b = strconv.AppendInt(b, int64(part.task), 10)
				b = append(b, '\n')
				continue
			}
			b = append(b, 's')
			b = appendPerlString(b, part.text)
		}
	}
	pr.buf = b[:0]
	if _, err := pr.req.Write(b); err != nil {
		return nil, pr.lost(err)
	}
	head, err := pr.rep.ReadString('\n')
	if err == io.EOF {
		return nil, fmt.Errorf("perl exited while evaluating the perl expressions of job %d (exit in the code?)", seq)
	}
	if err != nil {
		return nil, pr.lost(err)
	}
	var skip, pass int
	if _, err := fmt.Sscanf(head, "ok %d %d\n", &skip, &pass); err != nil {
		return nil, pr.replyError(head, "failed in job "+strconv.Itoa(seq))
	}
	res.skip = skip != 0 || pass == 0
	res.vals = make([]perlVal, len(tasks)/2)
	for i := range res.vals {
		line, err := pr.rep.ReadString('\n')
		if err != nil {
			return nil, pr.lost(err)
		}
		uq, size, ok := strings.Cut(strings.TrimSuffix(line, "\n"), " ")
		n, err := strconv.Atoi(size)
		if !ok || err != nil || n < 0 {
			return nil, pr.lost(errors.New("bad reply"))
		}
		v := make([]byte, n)
		if _, err := io.ReadFull(pr.rep, v); err != nil {
			return nil, pr.lost(err)
		}
		res.vals[i] = perlVal{s: string(v), uq: uq == "1"}
	}
	return res, nil
}

// filterPart is a piece of --filter code: text, or the value of a task.
type filterPart struct {
	text string
	task int // -1 for text
}

// filterGroups expands a --filter template without quoting. Like GNU
// parallel, the values of a replacement string for several arguments (and
// the repeats of a word with -N or -X) end up in separate pieces of code,
// each evaluated on its own: "{} > 1" with 1 and 5 is "1" and "5 > 1".
func (t *template) filterGroups(args []string, seq, slot int, task func(p *piece, k int) int) [][]filterPart {
	var groups [][]filterPart
	var cur []filterPart
	text := func(s string) {
		if n := len(cur); n > 0 && cur[n-1].task < 0 {
			cur[n-1].text += s
			return
		}
		cur = append(cur, filterPart{text: s, task: -1})
	}
	split := func() {
		groups = append(groups, cur)
		cur = nil
	}
	add := func(pieces []piece, all []string, off int) {
		for i := range pieces {
			p := &pieces[i]
			switch p.kind {
			case pkLit, pkBlank:
				text(p.lit)
			case pkSeq, pkSlot, pkTotal:
				text(string(p.appendNumber(nil, seq, slot)))
			case pkPerl:
				if p.pos != 0 {
					if k, ok := perlArgIndex(p.pos, max(len(args), 1)); ok {
						cur = append(cur, filterPart{task: task(p, k)})
					}
					continue
				}
				if len(args) == 0 {
					cur = append(cur, filterPart{task: task(p, 0)})
				}
				for i := range all {
					if i > 0 {
						split()
					}
					cur = append(cur, filterPart{task: task(p, off+i)})
				}
			case pkArgs:
				if p.pos != 0 {
					if v, ok := positional(args, p.pos); ok {
						text(p.apply(v))
					}
					continue
				}
				for i, a := range all {
					if i > 0 {
						split()
					}
					text(p.apply(a))
				}
			}
		}
	}
	if !t.ctx {
		add(t.pieces, args, 0)
	} else {
		t.words(func(word []piece, blank string) {
			if word == nil {
				text(blank)
				return
			}
			if !repeats(word) || len(args) < 2 {
				add(word, args, 0)
				return
			}
			for i := range args {
				if i > 0 {
					split()
				}
				add(word, args[i:i+1], i)
			}
		})
	}
	split()
	return groups
}

// setupPerl prepares the run's perl coprocess when its templates or
// --filter need one; without perl on $PATH that is an error before any job.
func (r *runner) setupPerl(repl Replacements) error {
	pr := &perlRun{}
	for _, t := range r.cmd.templates() {
		pr.addTemplate(t)
	}
	pr.tagUses = pr.addTemplate(r.tag)
	pr.addTemplate(r.res)
	for _, t := range r.tmpls {
		pr.addTemplate(t.name)
		pr.addTemplate(t.body)
	}
	for _, f := range r.o.Filter {
		t := parseTemplate(f, repl)
		if r.o.ContextReplace {
			t.setContext()
		}
		t.needsTotal = t.needsTotal || strings.Contains(f, "total_jobs")
		pr.addTemplate(t)
		pr.filters = append(pr.filters, t)
	}
	if !pr.needed() {
		return nil
	}
	if (r.o.MaxArgsSet && r.o.MaxArgs > 1 || r.o.Multi) && r.o.Colsep == "" && !r.o.Pipe {
		pr.width = max(len(r.o.Sources), 1)
	}
	if _, err := exec.LookPath("perl"); err != nil {
		if len(pr.codes) == 0 {
			return fmt.Errorf("--filter %q needs perl: %w", r.o.Filter[0], err)
		}
		where := strings.Join(r.o.Command, " ")
		for _, t := range []*template{r.tag, r.res} {
			if t != nil && t.perl {
				where = t.String()
			}
		}
		return fmt.Errorf("perl expression {= ... =} (or --rpl tag) in %q needs perl: %w", where, err)
	}
	r.perl = pr
	return nil
}

// needsTotal reports whether a --filter calls total_jobs().
func (pr *perlRun) needsTotal() bool {
	if pr == nil {
		return false
	}
	for _, f := range pr.filters {
		if f.needsTotal {
			return true
		}
	}
	return false
}

// perlStdio is the standard output and error of the perl process: the
// run's, behind the output lock unless they are files.
func (r *runner) perlStdio() (stdout, stderr io.Writer) {
	wrap := func(w io.Writer) io.Writer {
		if _, ok := w.(*os.File); ok {
			return w
		}
		return &lockedWriter{mu: &r.outMu, w: w}
	}
	return wrap(r.s.Stdout), wrap(r.s.Stderr)
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// evalPerl evaluates j's perl expressions (in the dispatcher, so in job
// order, as GNU parallel does) and gives j its own resolved templates.
func (r *runner) evalPerl(j *job) error {
	res, err := r.perl.eval(j.seq, j.slot, j.args)
	if err != nil {
		return err
	}
	j.skipped = res.skip
	n := len(j.args)
	if r.cmd.hasPerl() {
		j.cmd = r.cmd.resolve(n, res.value)
	}
	if r.tag != nil && r.tag.perl {
		j.tag = r.tag.resolve(n, res.value)
	}
	if r.res != nil && r.res.perl {
		j.res = r.res.resolve(n, res.value)
	}
	for i, t := range r.tmpls {
		if t.name.perl || t.body.perl {
			if j.tmpls == nil {
				j.tmpls = append([]fileTemplate(nil), r.tmpls...)
			}
			if t.name.perl {
				j.tmpls[i].name = t.name.resolve(n, res.value)
			}
			if t.body.perl {
				j.tmpls[i].body = t.body.resolve(n, res.value)
			}
		}
	}
	return nil
}

// lineTag returns, for --line-buffer, a function that gives each line of
// j its --tagstring evaluated again when that holds perl code (a time,
// say), as GNU parallel does; nil otherwise.
func (r *runner) lineTag(j *job) func() []byte {
	if r.perl == nil || r.tag == nil || !r.tag.perl {
		return nil
	}
	return func() []byte {
		res, err := r.perl.evalUses(j.seq, j.slot, j.args, r.perl.tagUses, nil)
		if err != nil {
			// The tag of the job's start stays; the error shows once
			// per line, like the line itself.
			fmt.Fprintf(r.s.Stderr, "crew run: job %d: --tagstring: %v\n", j.seq, err)
			return r.tagBytes(j)
		}
		t := r.tag.resolve(len(j.args), res.value)
		return append(t.expand(nil, j.args, j.seq, j.slot, false), '\t')
	}
}
