package cluster

import (
	"fmt"
	"net"
	"strconv"

	"github.com/nats-io/nats-server/v2/server"
)

// DefaultListen is where [Start] listens for clients when
// [ServerOptions.Listen] is empty: loopback only.
const DefaultListen = "127.0.0.1:4222"

// ServerOptions configure an embedded nats-server with JetStream.
type ServerOptions struct {
	// Listen is the client address, host:port (port -1: a random port).
	// Empty means [DefaultListen].
	Listen string
	// StoreDir holds JetStream's file storage; a server restarted on the
	// same directory keeps its streams and their messages. Required.
	StoreDir string
	// HTTP is the monitoring address, host:port; empty turns it off.
	HTTP string
	// Auth is what clients must present. A server that listens beyond
	// loopback without it refuses to start.
	Auth Auth
	// TLS, when its Cert is set, makes clients connect with TLS.
	TLS TLSFiles
}

// natsOptions turns o into the server's own options.
func (o ServerOptions) natsOptions() (*server.Options, error) {
	if o.StoreDir == "" {
		return nil, fmt.Errorf("cluster: no store directory: set StoreDir (--store)")
	}
	listen := o.Listen
	if listen == "" {
		listen = DefaultListen
	}
	host, port, err := splitHostPort(listen)
	if err != nil {
		return nil, fmt.Errorf("cluster: bad listen address %q: %w", listen, err)
	}
	if !isLoopback(host) && !o.Auth.set() {
		return nil, fmt.Errorf("cluster: refusing to listen on %s without authentication: set a token, user/password or nkey", listen)
	}
	so := &server.Options{
		Host: host, Port: port,
		JetStream: true, StoreDir: o.StoreDir,
		NoLog: true, NoSigs: true,
	}
	if o.HTTP != "" {
		if so.HTTPHost, so.HTTPPort, err = splitHostPort(o.HTTP); err != nil {
			return nil, fmt.Errorf("cluster: bad monitoring address %q: %w", o.HTTP, err)
		}
	}
	if err := o.Auth.apply(so); err != nil {
		return nil, err
	}
	if err := o.TLS.applyServer(so); err != nil {
		return nil, err
	}
	return so, nil
}

// splitHostPort splits host:port; the port may be -1 (random).
func splitHostPort(addr string) (string, int, error) {
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, err
	}
	port, err := strconv.Atoi(p)
	if err != nil || port < -1 || port > 65535 {
		return "", 0, fmt.Errorf("bad port %q", p)
	}
	return host, port, nil
}

// isLoopback reports whether host names only this machine; an empty host
// (all interfaces) and other names do not.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
