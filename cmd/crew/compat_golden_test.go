package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"unicode/utf8"
)

// GNU parallel's outcomes of the differential cases are recorded in
// compatGoldenPath, so that go test runs only crew (GNU parallel spends
// most of the test's time starting Perl). Three modes:
//
//   - default: crew is compared with the recorded outcomes; GNU parallel
//     need not be installed. Cases marked live (their output depends on
//     the machine, such as its number of cores) run GNU parallel when it
//     is installed and are skipped when it is not.
//   - CREW_COMPAT_LIVE=1 (set by .ci/run): GNU parallel runs every case
//     too; crew is compared with it, and so is the recording, so a
//     recording that no longer matches the installed GNU parallel fails.
//   - -update-golden: GNU parallel runs every case and the recording is
//     rewritten (go test ./cmd/crew -run TestCompatGNUParallel -update-golden).
//     It must be GNU parallel compatGNUVersion, the version crew follows.
const compatGoldenPath = "testdata/compat-golden.json"

// compatGNUVersion is the first line of the recording's GNU parallel's
// --version.
const compatGNUVersion = "GNU parallel 20221122"

var updateGolden = flag.Bool("update-golden", false, "record GNU parallel's outcomes of the differential cases in "+compatGoldenPath)

// compatLive reports whether GNU parallel must run every case.
func compatLive() bool {
	return *updateGolden || os.Getenv("CREW_COMPAT_LIVE") != "" || os.Getenv("CREW_COMPAT_SELF") != ""
}

// goldenFile is the recording.
type goldenFile struct {
	Parallel string                `json:"parallel"` // first line of its --version
	Cases    map[string]goldenCase `json:"cases"`
}

// goldenCase is GNU parallel's outcome of one case, with the fingerprint
// of the case it was recorded for.
type goldenCase struct {
	Key      string      `json:"key"`
	Runs     []goldenRun `json:"runs"`
	Leftover int         `json:"leftover,omitempty"` // processes left running
	Joblog   goldenText  `json:"joblog,omitempty"`
	Tree     goldenTree  `json:"tree,omitempty"`
}

type goldenRun struct {
	Stdout goldenText `json:"stdout,omitempty"`
	Stderr goldenText `json:"stderr,omitempty"`
	Code   int        `json:"code,omitempty"`
}

// goldenTree is the files a case left, by name; a name that is not UTF-8
// is recorded as "base64:" and its bytes in base64.
type goldenTree map[string]goldenText

func (g goldenTree) MarshalJSON() ([]byte, error) {
	m := make(map[string]goldenText, len(g))
	for name, content := range g {
		if !utf8.ValidString(name) {
			name = "base64:" + base64.StdEncoding.EncodeToString([]byte(name))
		}
		m[name] = content
	}
	return json.Marshal(m)
}

func (g *goldenTree) UnmarshalJSON(b []byte) error {
	var m map[string]goldenText
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	*g = make(goldenTree, len(m))
	for name, content := range m {
		if enc, ok := strings.CutPrefix(name, "base64:"); ok {
			raw, err := base64.StdEncoding.DecodeString(enc)
			if err != nil {
				return err
			}
			name = string(raw)
		}
		(*g)[name] = content
	}
	return nil
}

// goldenText is output as recorded: a JSON string when it is UTF-8, else
// {"base64": ...} (--compress writes binary files; JSON strings would
// turn their bytes into U+FFFD).
type goldenText string

func (g goldenText) MarshalJSON() ([]byte, error) {
	if utf8.ValidString(string(g)) {
		return json.Marshal(string(g))
	}
	return json.Marshal(map[string]string{"base64": base64.StdEncoding.EncodeToString([]byte(g))})
}

func (g *goldenText) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*g = goldenText(s)
		return nil
	}
	var enc struct {
		Base64 string `json:"base64"`
	}
	if err := json.Unmarshal(b, &enc); err != nil {
		return err
	}
	raw, err := base64.StdEncoding.DecodeString(enc.Base64)
	*g = goldenText(raw)
	return err
}

// compatKey fingerprints what a case runs and how it is compared, so a
// changed case does not meet an outcome recorded for its old self. The
// known difference is left out: it changes no outcome.
func compatKey(c compatCase) string {
	c.known = ""
	sum := sha256.Sum256(fmt.Appendf(nil, "%#v", c))
	return hex.EncodeToString(sum[:8])
}

func readGolden() (*goldenFile, error) {
	b, err := os.ReadFile(compatGoldenPath)
	if err != nil {
		return nil, err
	}
	var g goldenFile
	if err := json.Unmarshal(b, &g); err != nil {
		return nil, fmt.Errorf("%s: %w", compatGoldenPath, err)
	}
	return &g, nil
}

// writeGolden records the outcomes refs of cases, keeping the recorded
// outcomes of the other cases that still exist (CREW_COMPAT_CASES can
// pick a few to record anew).
func writeGolden(cases []compatCase, refs []compatOutcome) error {
	g := goldenFile{Parallel: compatGNUVersion, Cases: map[string]goldenCase{}}
	if old, err := readGolden(); err == nil {
		for _, c := range compatCases() {
			if rec, ok := old.Cases[c.name]; ok && !c.live {
				g.Cases[c.name] = rec
			}
		}
	}
	for i, c := range cases {
		if c.live {
			continue
		}
		g.Cases[c.name] = toGolden(c, &refs[i])
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", " ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(g); err != nil {
		return err
	}
	return os.WriteFile(compatGoldenPath, b.Bytes(), 0o644)
}

func toGolden(c compatCase, o *compatOutcome) goldenCase {
	g := goldenCase{Key: compatKey(c), Leftover: len(o.leftover), Joblog: goldenText(o.joblog), Tree: goldenTree{}}
	for name, content := range o.tree {
		g.Tree[name] = goldenText(content)
	}
	for _, r := range o.runs {
		g.Runs = append(g.Runs, goldenRun{Stdout: goldenText(r.stdout), Stderr: goldenText(r.stderr), Code: r.code})
	}
	return g
}

// outcome is the recorded outcome as compareCompat takes it.
func (g goldenCase) outcome() compatOutcome {
	o := compatOutcome{joblog: string(g.Joblog), tree: map[string]string{}}
	for name, content := range g.Tree {
		o.tree[name] = string(content)
	}
	for _, r := range g.Runs {
		o.runs = append(o.runs, compatRun{stdout: string(r.Stdout), stderr: string(r.Stderr), code: r.Code})
	}
	for i := range g.Leftover {
		o.leftover = append(o.leftover, fmt.Sprintf("process %d", i+1))
	}
	return o
}

// gnuParallel finds GNU parallel and checks it is one (moreutils has a
// parallel too); version is the first line of its --version.
func gnuParallel() (path, version string, err error) {
	path, err = exec.LookPath("parallel")
	if err != nil {
		return "", "", fmt.Errorf("GNU parallel (apt-get install parallel): %w", err)
	}
	out, _ := exec.Command(path, "--version").Output()
	version, _, _ = strings.Cut(string(out), "\n")
	if !strings.HasPrefix(version, "GNU parallel") {
		return "", "", fmt.Errorf("%s is not GNU parallel (moreutils?)", path)
	}
	return path, version, nil
}
