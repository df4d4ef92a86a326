package cluster

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func startServer(t *testing.T, o ServerOptions) *Server {
	t.Helper()
	if o.Listen == "" {
		o.Listen = "127.0.0.1:-1"
	}
	if o.StoreDir == "" {
		o.StoreDir = t.TempDir()
	}
	s, err := Start(testCtx(t), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Shutdown)
	return s
}

func TestRestartKeepsStream(t *testing.T) {
	ctx := testCtx(t)
	store := t.TempDir()
	s, err := Start(ctx, ServerOptions{Listen: "127.0.0.1:-1", StoreDir: store})
	if err != nil {
		t.Fatal(err)
	}
	nc, err := Connect(ctx, ConnectOptions{Servers: s.ClientURL()})
	if err != nil {
		t.Fatal(err)
	}
	js, _ := jetstream.New(nc)
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "T", Subjects: []string{"t.>"}, Storage: jetstream.FileStorage}); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := js.Publish(ctx, "t.a", []byte("x")); err != nil {
			t.Fatal(err)
		}
	}
	nc.Close()
	s.Shutdown()

	s = startServer(t, ServerOptions{StoreDir: store})
	nc, err = Connect(ctx, ConnectOptions{Servers: s.ClientURL()})
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ = jetstream.New(nc)
	st, err := js.Stream(ctx, "T")
	if err != nil {
		t.Fatal(err)
	}
	if n := st.CachedInfo().State.Msgs; n != 3 {
		t.Errorf("after restart the stream has %d messages, want 3", n)
	}
}

func TestRefusesOpenListenWithoutAuth(t *testing.T) {
	for _, l := range []string{"0.0.0.0:-1", ":-1", "example.com:4222"} {
		_, err := Start(testCtx(t), ServerOptions{Listen: l, StoreDir: t.TempDir()})
		if err == nil || !strings.Contains(err.Error(), "refusing to listen on "+l+" without authentication") {
			t.Errorf("listen %s: err %v, want a refusal", l, err)
		}
	}
}

func TestBadServerOptions(t *testing.T) {
	for _, tc := range []struct {
		o    ServerOptions
		want string
	}{
		{ServerOptions{Listen: "127.0.0.1:-1"}, "no store directory"},
		{ServerOptions{Listen: "127.0.0.1:x", StoreDir: "d"}, `bad listen address "127.0.0.1:x"`},
		{ServerOptions{Listen: "127.0.0.1:-1", StoreDir: "d", Auth: Auth{Token: "t", User: "u", Password: "p"}}, "cannot be combined"},
		{ServerOptions{Listen: "127.0.0.1:-1", StoreDir: "d", Auth: Auth{User: "u"}}, "needs a password"},
		{ServerOptions{Listen: "127.0.0.1:-1", StoreDir: "d", Auth: Auth{NKeys: []string{"SUxx"}}}, `bad nkey "SUxx"`},
		{ServerOptions{Listen: "127.0.0.1:-1", StoreDir: "d", TLS: TLSFiles{CA: "ca.pem"}}, "needs a certificate"},
	} {
		_, err := Start(testCtx(t), tc.o)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: err %v, want %q", tc.o, err, tc.want)
		}
	}
}
