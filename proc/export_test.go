package proc

// withExe makes the pool start exe args... as its workers (to test what
// happens when a worker does not speak the protocol).
func withExe(exe string, args ...string) Option {
	return func(o *options) { o.exe, o.args = exe, args }
}

// pids returns the process ids (= process group ids) of the live workers.
func (p *Pool) pids() []int {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []int
	for c := range p.conns {
		out = append(out, c.pid)
	}
	return out
}
