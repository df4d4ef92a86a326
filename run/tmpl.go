package run

import (
	"errors"
	"fmt"
	"os"
)

// TemplateFile is one --template FILE=NAME: before each job, FILE's
// contents with their replacement strings replaced (values unquoted) are
// written to NAME, whose replacement strings are replaced too.
type TemplateFile struct {
	Path string // FILE
	Name string // NAME
}

// fileTemplate is a --template, parsed.
type fileTemplate struct {
	name, body *template
}

// setupTemplates reads the --template files.
func (r *runner) setupTemplates(repl Replacements) error {
	for _, tf := range r.o.Templates {
		b, err := os.ReadFile(tf.Path)
		if err != nil {
			return fmt.Errorf("--template: cannot open %q: %w", tf.Path, err)
		}
		r.tmpls = append(r.tmpls, fileTemplate{name: parseTemplate(tf.Name, repl), body: parseTemplate(string(b), repl)})
	}
	return nil
}

// writeTemplates writes j's --template files, and remembers their names
// for --cleanup.
func (r *runner) writeTemplates(j *job) error {
	tmpls := r.tmpls
	if j.tmpls != nil {
		tmpls = j.tmpls
	}
	j.tmplFiles = j.tmplFiles[:0]
	for _, t := range tmpls {
		name := string(t.name.expand(nil, j.args, j.seq, j.slot, false))
		if err := os.WriteFile(name, t.body.expand(nil, j.args, j.seq, j.slot, false), 0o666); err != nil {
			return fmt.Errorf("--template: %w", err)
		}
		j.tmplFiles = append(j.tmplFiles, name)
	}
	return nil
}

// cleanTemplates is --cleanup: it removes the job's --template files.
func (r *runner) cleanTemplates(j *job) {
	if !r.o.Cleanup {
		return
	}
	for _, name := range j.tmplFiles {
		if err := os.Remove(name); err != nil && !errors.Is(err, os.ErrNotExist) {
			r.warn(fmt.Sprintf("--cleanup: %v", err))
		}
	}
}
