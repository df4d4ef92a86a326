package main

import (
	"runtime/debug"
	"testing"
)

func TestFormatVersion(t *testing.T) {
	checkout := []debug.BuildSetting{
		{Key: "vcs", Value: "git"},
		{Key: "vcs.revision", Value: "0c86701abc"},
		{Key: "vcs.time", Value: "2026-12-05T12:00:00Z"},
		{Key: "vcs.modified", Value: "true"},
	}
	for _, c := range []struct {
		name   string
		bi     *debug.BuildInfo
		linked string
		want   string
	}{
		{"no build info", nil, "", "crew (devel) go1.26.0 linux/amd64"},
		{"go install module@version",
			&debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, "",
			"crew v1.2.3 go1.26.0 linux/amd64"},
		{"built in a checkout",
			&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: checkout}, "",
			"crew (devel) (revision 0c86701abc, 2026-12-05T12:00:00Z, modified) go1.26.0 linux/amd64"},
		{"link-time version wins",
			&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: checkout[:3]}, "v2.0.0",
			"crew v2.0.0 (revision 0c86701abc, 2026-12-05T12:00:00Z) go1.26.0 linux/amd64"},
	} {
		if got := formatVersion(c.bi, c.linked, "go1.26.0", "linux/amd64"); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}
