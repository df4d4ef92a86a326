package cluster

import (
	"context"
	"fmt"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// Server is a running embedded nats-server with JetStream.
type Server struct {
	ns *server.Server
}

// Start starts a server configured by o and waits until it accepts
// clients, or until ctx is done. The caller must call [Server.Shutdown].
func Start(ctx context.Context, o ServerOptions) (*Server, error) {
	so, err := o.natsOptions()
	if err != nil {
		return nil, err
	}
	ns, err := server.NewServer(so)
	if err != nil {
		return nil, fmt.Errorf("cluster: %w", err)
	}
	ns.Start()
	for !ns.ReadyForConnections(50 * time.Millisecond) {
		if ctx.Err() != nil {
			ns.Shutdown()
			ns.WaitForShutdown()
			return nil, fmt.Errorf("cluster: server on %s not ready: %w", so.Host, context.Cause(ctx))
		}
	}
	return &Server{ns: ns}, nil
}

// ClientURL is the URL clients connect to.
func (s *Server) ClientURL() string { return s.ns.ClientURL() }

// Shutdown stops the server and waits until it has stopped; its store
// stays on disk.
func (s *Server) Shutdown() {
	s.ns.Shutdown()
	s.ns.WaitForShutdown()
}
