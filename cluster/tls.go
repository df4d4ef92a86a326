package cluster

import (
	"fmt"

	"github.com/nats-io/nats-server/v2/server"
)

// TLSFiles name PEM files for TLS: the certificate and key of this side, and
// the CA that signed the other side's certificate.
type TLSFiles struct {
	Cert, Key, CA string
	// Verify makes a server require client certificates signed by CA.
	Verify bool
}

// applyServer turns on TLS for clients of so when t.Cert is set.
func (t TLSFiles) applyServer(so *server.Options) error {
	if t.Cert == "" && t.Key == "" {
		if t.CA != "" || t.Verify {
			return fmt.Errorf("cluster: a TLS CA or client verification needs a certificate and key")
		}
		return nil
	}
	if t.Verify && t.CA == "" {
		return fmt.Errorf("cluster: verifying client certificates needs a CA file")
	}
	cfg, err := server.GenTLSConfig(&server.TLSConfigOpts{
		CertFile: t.Cert, KeyFile: t.Key, CaFile: t.CA, Verify: t.Verify,
	})
	if err != nil {
		return fmt.Errorf("cluster: tls %s, %s: %w", t.Cert, t.Key, err)
	}
	so.TLSConfig, so.TLSVerify, so.TLS = cfg, t.Verify, true
	return nil
}
