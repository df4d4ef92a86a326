package compare

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// Workload names a kind of task.
type Workload string

// The workloads. IO tasks wait and barely compute; CPU tasks compute and
// never wait; Mixed tasks do half of each; Noop tasks do nothing, so a model
// running them shows its own cost per task.
const (
	Sleep Workload = "io-sleep" // time.Sleep
	HTTP  Workload = "io-http"  // a GET to a loopback server that waits before answering
	CPU   Workload = "cpu"      // SHA-256 over a buffer
	Mixed Workload = "mixed"    // half the wait, then half the hashing
	Noop  Workload = "noop"     // nothing: the model's own per-task cost
)

// Workloads lists the workloads in report order.
var Workloads = []Workload{Sleep, HTTP, CPU, Mixed, Noop}

// Sizes sets how big one task is.
type Sizes struct {
	Tasks     int           `json:"tasks"`      // tasks per cell
	Wait      time.Duration `json:"wait_ns"`    // what one I/O task waits
	HashBytes int           `json:"hash_bytes"` // what one CPU task hashes
}

// task is one task of workload w, ready to call.
type task func(ctx context.Context) error

var hashBuf = make([]byte, 64<<10)

// hash computes SHA-256 over n bytes (the 64 KiB buffer, repeated).
func hash(n int) {
	h := sha256.New()
	for n > 0 {
		k := min(n, len(hashBuf))
		h.Write(hashBuf[:k])
		n -= k
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// newTask returns the task of workload w; url is the loopback server for
// HTTP, and client the client to call it with.
func newTask(w Workload, s Sizes, client *http.Client, url string) (task, error) {
	switch w {
	case Sleep:
		return func(ctx context.Context) error { return sleep(ctx, s.Wait) }, nil
	case HTTP:
		return func(ctx context.Context) error { return get(ctx, client, url) }, nil
	case CPU:
		return func(ctx context.Context) error { hash(s.HashBytes); return nil }, nil
	case Mixed:
		return func(ctx context.Context) error {
			if err := sleep(ctx, s.Wait/2); err != nil {
				return err
			}
			hash(s.HashBytes / 2)
			return nil
		}, nil
	case Noop:
		return func(ctx context.Context) error { return nil }, nil
	}
	return nil, fmt.Errorf("unknown workload %q: want one of %v", w, Workloads)
}

func get(ctx context.Context, client *http.Client, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return nil
}

// server is the loopback HTTP server the io-http workload calls: it waits
// as a remote service would, then answers "ok".
type server struct {
	srv *http.Server
	URL string
}

// startServer listens on 127.0.0.1:0; each request waits for wait.
func startServer(wait time.Duration) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("start loopback server: %w", err)
	}
	s := &server{URL: "http://" + ln.Addr().String() + "/"}
	s.srv = &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if sleep(r.Context(), wait) == nil {
				io.WriteString(w, "ok\n")
			}
		}),
		ReadHeaderTimeout: 10 * time.Second,
	}
	go s.srv.Serve(ln)
	return s, nil
}

func (s *server) close() { s.srv.Close() }

// newClient returns a client that keeps up to n connections to the server,
// so concurrent calls do not queue for a connection.
func newClient(n int) *http.Client {
	return &http.Client{Transport: &http.Transport{
		MaxIdleConns:        n,
		MaxIdleConnsPerHost: n,
		MaxConnsPerHost:     0,
		IdleConnTimeout:     30 * time.Second,
	}}
}

// CalibrateHash returns how many bytes one CPU task must hash to take
// about d on this machine, measured now.
func CalibrateHash(d time.Duration) int {
	const probe = 4 << 20
	hash(probe / 4) // warm up
	start := time.Now()
	hash(probe)
	el := time.Since(start)
	if el <= 0 {
		el = time.Microsecond
	}
	n := int(float64(probe) * d.Seconds() / el.Seconds())
	return max(n, 64<<10)
}
