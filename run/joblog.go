package run

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

const joblogHeader = "Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand\n"

// joblog writes GNU parallel's --joblog: one line per finished job, written
// as the job ends, so the log is complete for every job that ran even if
// crew is killed.
//
// A path of "-" writes the log to the run's stdout instead (as GNU parallel
// does); then the runner writes each line itself, after the job's output and
// under the output lock, so log lines never interleave with job output.
type joblog struct {
	mu     sync.Mutex
	f      *os.File // nil when the log goes to stdout
	stdout bool
}

// openJoblog opens path for the run. It appends when asked to or when
// resuming (keeping the jobs already recorded), and writes the header to a
// new or empty file.
func openJoblog(path string, appendTo bool, stdout io.Writer) (*joblog, error) {
	if path == "-" {
		if _, err := io.WriteString(stdout, joblogHeader); err != nil {
			return nil, fmt.Errorf("write joblog to stdout: %w", err)
		}
		return &joblog{stdout: true}, nil
	}
	flags := os.O_WRONLY | os.O_CREATE
	if appendTo {
		flags |= os.O_APPEND
	} else {
		flags |= os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, 0o666)
	if err != nil {
		return nil, fmt.Errorf("open joblog: %w", err)
	}
	if st, err := f.Stat(); err == nil && st.Size() == 0 {
		if _, err := f.WriteString(joblogHeader); err != nil {
			f.Close()
			return nil, fmt.Errorf("write joblog %s: %w", path, err)
		}
	}
	return &joblog{f: f}, nil
}

// line formats one job's log line.
func (l *joblog) line(seq int, start time.Time, runtime time.Duration, send, received int64, exitval, signal int, cmd string) []byte {
	var b []byte
	b = strconv.AppendInt(b, int64(seq), 10)
	b = append(b, "\t:\t"...)
	b = strconv.AppendFloat(b, float64(start.UnixMilli())/1000, 'f', 3, 64)
	b = append(b, '\t')
	b = fmt.Appendf(b, "%10.3f", runtime.Seconds())
	b = append(b, '\t')
	b = strconv.AppendInt(b, send, 10)
	b = append(b, '\t')
	b = strconv.AppendInt(b, received, 10)
	b = append(b, '\t')
	b = strconv.AppendInt(b, int64(exitval), 10)
	b = append(b, '\t')
	b = strconv.AppendInt(b, int64(signal), 10)
	b = append(b, '\t')
	b = append(b, cmd...)
	b = append(b, '\n')
	return b
}

// write appends a line to the log file (not used for stdout).
func (l *joblog) write(line []byte) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, err := l.f.Write(line)
	return err
}

func (l *joblog) close() error {
	if l.f == nil {
		return nil
	}
	return l.f.Close()
}

// readJoblog returns the sequence numbers recorded in a joblog, each with
// whether that job succeeded. A missing file is an empty log.
func readJoblog(path string) (map[int]bool, error) {
	done, _, err := readJoblogCommands(path)
	return done, err
}

// readJoblogCommands is readJoblog that also returns each job's last
// recorded command (for --retry-failed).
func readJoblogCommands(path string) (map[int]bool, map[int]string, error) {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return map[int]bool{}, map[int]string{}, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read joblog for --resume: %w", err)
	}
	defer f.Close()
	done := map[int]bool{}
	cmds := map[int]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		fields := strings.SplitN(sc.Text(), "\t", 9)
		if len(fields) < 8 {
			continue
		}
		seq, err := strconv.Atoi(fields[0])
		if err != nil {
			continue // header or a command's continuation line
		}
		ok := fields[6] == "0" && fields[7] == "0"
		done[seq] = done[seq] || ok
		if len(fields) == 9 {
			cmds[seq] = fields[8]
		}
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("read joblog %s: %w", path, err)
	}
	return done, cmds, nil
}
