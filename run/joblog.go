package run

import (
	"bufio"
	"fmt"
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
type joblog struct {
	mu sync.Mutex
	f  *os.File
	b  []byte
}

// openJoblog opens path for the run. It appends when asked to or when
// resuming (keeping the jobs already recorded), and writes the header to a
// new or empty file.
func openJoblog(path string, appendTo bool) (*joblog, error) {
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

func (l *joblog) write(seq int, start time.Time, runtime time.Duration, received int64, exitval, signal int, cmd string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.b[:0]
	b = strconv.AppendInt(b, int64(seq), 10)
	b = append(b, "\t:\t"...)
	b = strconv.AppendFloat(b, float64(start.UnixMilli())/1000, 'f', 3, 64)
	b = append(b, '\t')
	b = fmt.Appendf(b, "%10.3f", runtime.Seconds())
	b = append(b, "\t0\t"...)
	b = strconv.AppendInt(b, received, 10)
	b = append(b, '\t')
	b = strconv.AppendInt(b, int64(exitval), 10)
	b = append(b, '\t')
	b = strconv.AppendInt(b, int64(signal), 10)
	b = append(b, '\t')
	b = append(b, cmd...)
	b = append(b, '\n')
	l.b = b
	_, err := l.f.Write(b)
	return err
}

func (l *joblog) close() error { return l.f.Close() }

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
