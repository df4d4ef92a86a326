package cluster

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/nats-io/nats.go"
)

// DefaultURL is the server [Connect] uses when neither
// [ConnectOptions.Servers] nor $NATS_URL names one.
const DefaultURL = "nats://127.0.0.1:4222"

// ConnectOptions say how to reach a NATS server, spelled as natscli's flags
// (-s/--server, --creds, --nkey, --user, --password, --token, --tlscert,
// --tlskey, --tlsca).
type ConnectOptions struct {
	// Servers is a comma-separated list of URLs; empty means $NATS_URL,
	// then [DefaultURL].
	Servers  string
	Creds    string // a credentials file (user JWT and nkey seed)
	NKey     string // a file holding a user's nkey seed
	User     string
	Password string
	Token    string
	TLS      TLSFiles // Cert and Key: a client certificate; CA: the server's
	Name     string   // the connection's name, shown by the server
}

// Connect connects to the server o names; it gives up when ctx is done or
// after about 5 seconds. Its errors name the server and say what was wrong:
// credentials refused, a missing file, no server answering.
func Connect(ctx context.Context, o ConnectOptions) (*nats.Conn, error) {
	urls := o.Servers
	if urls == "" {
		urls = os.Getenv("NATS_URL")
	}
	if urls == "" {
		urls = DefaultURL
	}
	opts, err := o.natsOptions(ctx)
	if err != nil {
		return nil, err
	}
	nc, err := nats.Connect(urls, opts...)
	if err != nil {
		return nil, connectError(urls, o, err)
	}
	return nc, nil
}

func (o ConnectOptions) natsOptions(ctx context.Context) ([]nats.Option, error) {
	timeout := 5 * time.Second
	if d, ok := ctx.Deadline(); ok {
		timeout = time.Until(d)
	}
	if timeout <= 0 {
		return nil, fmt.Errorf("cluster: connect: %w", context.Cause(ctx))
	}
	opts := []nats.Option{nats.Timeout(timeout), nats.Name(o.Name)}
	for _, ff := range [][2]string{{"--creds", o.Creds}, {"--nkey", o.NKey},
		{"--tlscert", o.TLS.Cert}, {"--tlskey", o.TLS.Key}, {"--tlsca", o.TLS.CA}} {
		flag, f := ff[0], ff[1]
		if f == "" {
			continue
		}
		if _, err := os.Stat(f); err != nil {
			return nil, fmt.Errorf("cluster: %s %s: %w", flag, f, errors.Unwrap(err))
		}
	}
	if o.Creds != "" {
		opts = append(opts, nats.UserCredentials(o.Creds))
	}
	if o.NKey != "" {
		opt, err := nats.NkeyOptionFromSeed(o.NKey)
		if err != nil {
			return nil, fmt.Errorf("cluster: --nkey %s: %w", o.NKey, err)
		}
		opts = append(opts, opt)
	}
	if o.User != "" {
		opts = append(opts, nats.UserInfo(o.User, o.Password))
	}
	if o.Token != "" {
		opts = append(opts, nats.Token(o.Token))
	}
	if o.TLS.Cert != "" || o.TLS.Key != "" {
		opts = append(opts, nats.ClientCert(o.TLS.Cert, o.TLS.Key))
	}
	if o.TLS.CA != "" {
		opts = append(opts, nats.RootCAs(o.TLS.CA))
	}
	return opts, nil
}

// connectError says in words why connecting to urls failed.
func connectError(urls string, o ConnectOptions, err error) error {
	switch {
	case errors.Is(err, nats.ErrAuthorization) && o.Creds == "" && o.NKey == "" && o.User == "" && o.Token == "":
		return fmt.Errorf("cluster: connect to %s: the server requires authentication: pass --token, --user/--password, --nkey or --creds: %w", urls, err)
	case errors.Is(err, nats.ErrAuthorization):
		return fmt.Errorf("cluster: connect to %s: the server refused the credentials: %w", urls, err)
	case errors.Is(err, nats.ErrNoServers):
		return fmt.Errorf("cluster: connect to %s: no server answered: %w", urls, err)
	}
	return fmt.Errorf("cluster: connect to %s: %w", urls, err)
}
