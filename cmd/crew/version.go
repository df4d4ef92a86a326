package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// version is set at link time with -ldflags "-X main.version=v1.2.3".
var version = ""

func newVersionCmd(s *streams) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print crew's version, VCS revision and Go version",
		Long: `Print crew's version on one line: the module version (set by go install
module@version, or at link time), the VCS revision and commit time the binary
was built from (when built inside a git checkout; "modified" when it had
uncommitted changes), and the Go version and platform. crew --version prints
the same line.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintln(s.out, versionLine())
			return nil
		},
	}
}

// versionLine is what crew version and crew --version print.
func versionLine() string {
	bi, _ := debug.ReadBuildInfo()
	return formatVersion(bi, version, runtime.Version(), runtime.GOOS+"/"+runtime.GOARCH)
}

// formatVersion renders the version line from the build info bi (nil when
// the binary has none) and the link-time version linked.
func formatVersion(bi *debug.BuildInfo, linked, goVersion, platform string) string {
	v := linked
	var vcs []string
	if bi != nil {
		if v == "" {
			v = bi.Main.Version
		}
		vcs = vcsFacts(bi.Settings)
	}
	if v == "" {
		v = "(devel)"
	}
	line := "crew " + v
	if len(vcs) > 0 {
		line += " (" + strings.Join(vcs, ", ") + ")"
	}
	return line + " " + goVersion + " " + platform
}

// vcsFacts lists the revision, commit time and modified flag that go build
// stamps into a binary built inside a checkout.
func vcsFacts(settings []debug.BuildSetting) []string {
	var rev, at string
	modified := false
	for _, s := range settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	var facts []string
	if rev != "" {
		facts = append(facts, "revision "+rev)
	}
	if at != "" {
		facts = append(facts, at)
	}
	if modified {
		facts = append(facts, "modified")
	}
	return facts
}

// crewVersion is the version crew was built as: set at link time, else
// the module's version, else "(devel)".
func crewVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
