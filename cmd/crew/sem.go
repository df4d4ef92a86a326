package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"syscall"

	"github.com/crewrun/crew/run"
	"github.com/spf13/cobra"
)

const semUsage = "sem [--fg] [--id NAME] [--st SECS] [-j N] [--wait] command [arguments]"

const semLong = `crew sem is crew run --semaphore (as GNU parallel's sem is parallel
--semaphore): a counting semaphore for shell commands, shared by every crew
process on the machine. It waits until fewer than -j commands (default 1)
hold the semaphore, starts the command in the background and exits 0; the
command's output appears when it ends. Values from ::: and :::: are not used.

  crew sem -j 2 'sleep 1; echo 1 done'    # returns at once
  crew sem -j 2 'sleep 2; echo 2 done'    # returns at once
  crew sem -j 2 'sleep 3; echo 3 done'    # waits for a slot
  crew sem --wait                          # waits until all are done

  --fg               run the command in the foreground; exit with its status
                       crew sem --fg --id db ./migrate
  --bg               in the background (the default)
                       crew sem --bg --id gz gzip a.log
  --id NAME, --semaphore-name NAME
                     the semaphore's name (default: the terminal's name, as
                     tty prints it, or "not a tty"); set it in scripts
                       for f in *.log; do crew sem --id gz -j4 gzip $f; done
  --st SECS, --semaphore-timeout SECS
                     SECS > 0: take the semaphore anyway after SECS; SECS < 0:
                     give up after -SECS and exit 1 (1m30s style also)
                       crew sem --fg --id lock --st -10 ./task || echo busy
  -j N               N commands hold the semaphore at once (default 1: a
                     mutex); +N, -N, N% as for crew run
                       crew sem -j+0 --id cpu ./compute
  --wait             run nothing: wait until no command holds the semaphore
                       crew sem --id gz --wait
  -a FILE            FILE is the command's standard input (default: crew's)

Other crew run options (--tag, --joblog, --timeout ...) apply to the one
command. A command that crashes or is killed gives its slot back: the slot
is an flock(2) lock the kernel drops with the process.`

// semSlotEnv tells a background copy of crew the path of the semaphore slot
// it inherited as file descriptor 3.
const semSlotEnv = "CREW_SEMAPHORE_SLOT"

func newSemCmd(s *streams) *cobra.Command {
	return &cobra.Command{
		Use:                semUsage,
		Short:              "Run a command under a counting semaphore (GNU sem)",
		Long:               semLong,
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			args = append([]string{"--semaphore"}, args...)
			if _, err := run.ParseArgs(args); errors.Is(err, run.ErrHelp) {
				fmt.Fprintf(s.out, "%s\n\nUsage:\n  crew %s\n", semLong, semUsage)
				return nil
			}
			return runRun(cmd, s, args)
		},
	}
}

// semaphore prepares a --semaphore run: in the background copy of crew it
// adopts the inherited slot; otherwise, for --bg, it takes a slot, hands it
// to a background copy of crew and reports done (true).
func semaphore(ctx context.Context, s *streams, opts *run.Options) (done bool, err error) {
	so := opts.Semaphore
	if so == nil || !so.Background || so.Wait {
		return false, nil
	}
	if p := os.Getenv(semSlotEnv); p != "" {
		os.Unsetenv(semSlotEnv) // not for the job
		so.Slot = run.AdoptSemaphoreSlot(os.NewFile(3, p), p)
		return false, nil
	}
	slot, err := run.AcquireSemaphore(ctx, opts, run.Stdio{Stdin: s.in, Stderr: s.errOut})
	switch {
	case errors.Is(err, run.ErrSemaphoreTimeout):
		return true, &exitError{code: 1}
	case ctx.Err() != nil:
		return true, &exitError{code: 255}
	case err != nil:
		return true, &exitError{code: 255, err: fmt.Errorf("run: %w", err)}
	}
	// Go cannot fork: a copy of crew with the same command line runs the
	// job, holding the slot through the inherited locked file.
	exe, err := os.Executable()
	if err != nil {
		slot.Release()
		return true, &exitError{code: 255, err: fmt.Errorf("run: --bg: %w", err)}
	}
	c := exec.Command(exe, os.Args[1:]...)
	c.Args[0] = os.Args[0]
	c.Stdin, c.Stdout, c.Stderr = s.in, s.out, s.errOut
	c.ExtraFiles = []*os.File{slot.File()}
	c.Env = append(os.Environ(), semSlotEnv+"="+slot.Path())
	// Its own process group: the Ctrl-C meant for the next command at the
	// prompt does not reach it.
	c.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := c.Start(); err != nil {
		slot.Release()
		return true, &exitError{code: 255, err: fmt.Errorf("run: --bg: %w", err)}
	}
	slot.Close()
	c.Process.Release()
	return true, nil
}
