package cluster

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nkeys"
)

func TestConnectAuth(t *testing.T) {
	kp, _ := nkeys.CreateUser()
	pub, _ := kp.PublicKey()
	seed, _ := kp.Seed()
	seedFile := filepath.Join(t.TempDir(), "user.nk")
	if err := os.WriteFile(seedFile, seed, 0o600); err != nil {
		t.Fatal(err)
	}
	tok := startServer(t, ServerOptions{Auth: Auth{Token: "s3cret"}}).ClientURL()
	users := startServer(t, ServerOptions{Auth: Auth{User: "u", Password: "p", NKeys: []string{pub}}}).ClientURL()
	for _, tc := range []struct {
		name string
		o    ConnectOptions
		want string // "" = connects
	}{
		{"token", ConnectOptions{Servers: tok, Token: "s3cret"}, ""},
		{"wrong token", ConnectOptions{Servers: tok, Token: "nope"}, "the server refused the credentials"},
		{"no token", ConnectOptions{Servers: tok}, "the server requires authentication: pass --token"},
		{"user", ConnectOptions{Servers: users, User: "u", Password: "p"}, ""},
		{"wrong password", ConnectOptions{Servers: users, User: "u", Password: "x"}, "refused the credentials"},
		{"nkey", ConnectOptions{Servers: users, NKey: seedFile}, ""},
		{"missing creds", ConnectOptions{Servers: users, Creds: "/nonexistent/u.creds"}, "--creds /nonexistent/u.creds: no such file or directory"},
		{"no server", ConnectOptions{Servers: "nats://127.0.0.1:1"}, "no server answered"},
	} {
		nc, err := Connect(testCtx(t), tc.o)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: err %v, want %q", tc.name, err, tc.want)
		}
		if nc != nil {
			nc.Close()
		}
	}
}

func TestConnectNATSURL(t *testing.T) {
	s := startServer(t, ServerOptions{})
	t.Setenv("NATS_URL", s.ClientURL())
	nc, err := Connect(testCtx(t), ConnectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	nc.Close()
}

// writeCert writes a PEM certificate and key signed by ca (self-signed
// when ca is nil) and returns their paths and the certificate.
func writeCert(t *testing.T, dir, name string, ca *x509.Certificate, caKey *ecdsa.PrivateKey) (string, string, *x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: name},
		NotBefore:    time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
	}
	if ca == nil {
		tmpl.IsCA, tmpl.BasicConstraintsValid = true, true
		ca, caKey = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	kder, _ := x509.MarshalECPrivateKey(key)
	certFile, keyFile := filepath.Join(dir, name+".pem"), filepath.Join(dir, name+"-key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600)
	c, _ := x509.ParseCertificate(der)
	return certFile, keyFile, c, key
}

func TestTLSClientCertificates(t *testing.T) {
	dir := t.TempDir()
	caFile, _, ca, caKey := writeCert(t, dir, "ca", nil, nil)
	srvCert, srvKey, _, _ := writeCert(t, dir, "server", ca, caKey)
	cliCert, cliKey, _, _ := writeCert(t, dir, "client", ca, caKey)
	_, _, oca, ocaKey := writeCert(t, dir, "otherca", nil, nil)
	badCert, badKey, _, _ := writeCert(t, dir, "stranger", oca, ocaKey)
	url := startServer(t, ServerOptions{TLS: TLSFiles{Cert: srvCert, Key: srvKey, CA: caFile, Verify: true}}).ClientURL()
	for _, tc := range []struct {
		name string
		tls  TLSFiles
		ok   bool
	}{
		{"client cert of the CA", TLSFiles{Cert: cliCert, Key: cliKey, CA: caFile}, true},
		{"no client cert", TLSFiles{CA: caFile}, false},
		{"client cert of another CA", TLSFiles{Cert: badCert, Key: badKey, CA: caFile}, false},
		{"server CA unknown", TLSFiles{Cert: cliCert, Key: cliKey}, false},
	} {
		nc, err := Connect(testCtx(t), ConnectOptions{Servers: url, TLS: tc.tls})
		if (err == nil) != tc.ok {
			t.Errorf("%s: err %v, want ok=%v", tc.name, err, tc.ok)
		}
		if nc != nil {
			nc.Close()
		}
	}
}
