package cluster

import (
	"fmt"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nkeys"
)

// Auth is what a client must present to an embedded server: a token, or
// users by password and by nkey (their public keys, "U...").
type Auth struct {
	Token    string
	User     string
	Password string
	NKeys    []string
}

func (a Auth) set() bool {
	return a.Token != "" || a.User != "" || len(a.NKeys) > 0
}

// apply configures so to require a. Users and nkeys go in the server's user
// lists, because it ignores a single user or token once nkeys are set.
func (a Auth) apply(so *server.Options) error {
	if a.Token != "" && (a.User != "" || len(a.NKeys) > 0) {
		return fmt.Errorf("cluster: a token cannot be combined with a user or nkeys")
	}
	if (a.User == "") != (a.Password == "") {
		return fmt.Errorf("cluster: user %q needs a password and a password a user", a.User)
	}
	so.Authorization = a.Token
	if a.User != "" {
		so.Users = []*server.User{{Username: a.User, Password: a.Password}}
	}
	for _, k := range a.NKeys {
		if !nkeys.IsValidPublicUserKey(k) {
			return fmt.Errorf("cluster: bad nkey %q: want a user public key (U...)", k)
		}
		so.Nkeys = append(so.Nkeys, &server.NkeyUser{Nkey: k})
	}
	return nil
}
