package run

import (
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"strings"
)

// createParFile creates --files' output file in dir as GNU parallel names
// it (Perl's File::Temp with the template parXXXXX and .par): five random
// letters, digits or _, mode 0600, the directory joined as Perl's
// File::Spec does ("." gives "./par...").
func createParFile(dir string) (*os.File, error) {
	const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_"
	for {
		name := []byte("par00000.par")
		for i := 3; i < 8; i++ {
			name[i] = chars[rand.IntN(len(chars))]
		}
		f, err := os.OpenFile(perlCatfile(dir, string(name)), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, err
	}
}

var (
	multiSlash = lazyRegexp(`/{2,}`)
	dotParts   = lazyRegexp(`(?:/\.)+(?:/|$)`)
)

// perlCatfile joins a directory and a file name as Perl's
// File::Spec::Unix->catfile does.
func perlCatfile(dir, file string) string {
	d := perlCanonpath(dir + "/")
	if !strings.HasSuffix(d, "/") {
		d += "/"
	}
	return d + file
}

// perlCanonpath is File::Spec::Unix->canonpath: no repeated or trailing
// slashes, no /. parts, no leading ./ (but "./" alone stays ".").
func perlCanonpath(p string) string {
	p = multiSlash().ReplaceAllString(p, "/")
	p = dotParts().ReplaceAllString(p, "/")
	if p != "./" {
		for strings.HasPrefix(p, "./") {
			p = p[2:]
		}
	}
	if strings.HasPrefix(p, "/../") {
		for strings.HasPrefix(p, "/../") {
			p = p[3:]
		}
	}
	if p == "/.." {
		p = "/"
	}
	if p != "/" {
		p = strings.TrimSuffix(p, "/")
	}
	return p
}
