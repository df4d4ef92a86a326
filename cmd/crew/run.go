package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"

	"github.com/crewrun/crew/run"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

const runUsage = "run [options] [command [arguments]] [::: values...] [:::: files...]"

const runLong = `crew run runs a command once per input, many at a time. It speaks GNU
parallel's options and runs with the per-job cost of xargs -P.

Options come first; the first word that is not an option starts the command,
which runs until the first ::: or :::: (options after the command belong to
the command, as in GNU parallel).

INPUT
  ::: a b c          values given on the command line; several ::: groups give
                     their cross product (the last one varies fastest)
                       crew run echo {1}{2} ::: a b ::: 1 2      # a1 a2 b1 b2
  :::: file          values from a file, one per line ("-" = standard input)
                       crew run wc -l :::: list.txt
  :::+ / ::::+       link this source to the previous one (pairwise, stops at
                     the shorter)
                       crew run echo {1}={2} ::: a b :::+ 1 2    # a=1 b=2
  (none)             standard input, one value per line, read as jobs start
                       find . -name '*.log' | crew run gzip
  -a, --arg-file F   values from file F (may be repeated)
                       crew run -a hosts.txt ping -c1
  --link, --xapply   take one value from each source per job, wrapping the
                     shorter sources
                       crew run --link echo ::: a b c ::: 1 2    # a 1, b 2, c 1
  -0, --null         input items end with NUL instead of newline
                       find . -print0 | crew run -0 ls -l
  -d, --delimiter D  input items end with D: any string, with printf's
                     escapes (\n \t \r \0 \NNN \xHH); also splits ::: values
                       printf 'a,b' | crew run -d , echo
                       crew run -d '\r\n' echo :::: dos.txt
  -E STR             stop reading an input source at the value STR
                       printf 'a\nEND\nb\n' | crew run -E END echo   # a
  -e[STR], --eof[=STR]
                     the same as -E STR; STR is the next word unless that
                     looks like an option; none, "" or 0 stop nothing
                       printf 'a\nEND\nb\n' | crew run -eEND echo     # a
  -r, --no-run-if-empty
                     skip inputs that are empty or only blanks
                       printf 'a\n\n' | crew run -r echo
  --trim n|l|r|lr    remove blanks around values (left, right, both; with
                     --colsep the default is lr, else n)
                       crew run --trim lr echo '[{}]' ::: ' a '
  --arg-sep S, --arg-file-sep S
                     use S instead of ::: / ::::
                       crew run --arg-sep ,, echo ,, a b
  -C, --colsep RE    split each value into columns {1} {2} ... on the regular
                     expression RE (columns are trimmed)
                       crew run -C , echo {2} {1} ::: 'a,b'     # b a
  --csv              read each value as a CSV record: "..." quoting ("" is a
                     quote; a quoted field may hold the separator and
                     newlines), fields split at --colsep's first byte
                     (default ","); a malformed record stops the run; not
                     with --pipe
                       crew run --csv echo {2} :::: table.csv
  -N, -n, --max-args N
                     N values per job ({1}..{N}); -N0 reads one, passes none;
                     with -N a word holding {} repeats per value
                       crew run -N2 echo {2} {1} ::: a b c d
  --header :         the first value of each source names its columns: {name}
                     (also {name.} {name/} ...), split on TAB unless --colsep;
                     with --results, directories are named after the columns;
                     --header 0: {file} is the values of :::: file
                       crew run --header : --colsep , echo {user} :::: users.csv
  -m                 many values per command line, spread evenly over the job
                     slots (reads all input first)
                       crew run -m -j4 gzip ::: *.log      # 4 gzip runs
  --xargs            like -m, but fill each command line (up to its length
                     limit) instead of spreading over the job slots
                       find . -name '*.o' | crew run --xargs rm
  -X                 like -m, and a word holding {} repeats per value
                       crew run -X echo '[{}]' ::: a b      # [a] [b]
  -s, --max-chars N  command lines shorter than N bytes (as GNU parallel
                     estimates them: values quoted, K=1024, k=1000); with
                     -m, -X, --xargs (and -N) lines hold as many inputs as
                     fit; an input too long alone stops the run (exit 255)
                       crew run -s 4096 --xargs rm :::: list.txt
  -x, --exit         check lines against the limit (-s, else GNU parallel's
                     usable maximum, see --show-limits) and stop at one too
                     long even with one input
                       crew run -x -m echo :::: list.txt
  --pipe             split standard input into blocks, one per job, on the
                     job's standard input (nothing is appended to the command)
                       cat big.log | crew run --pipe grep ERROR
  --block SIZE       block size for --pipe (default 1M; K=1024, k=1000); a
                     block holds whole records
                       cat big.csv | crew run --pipe --block 10M wc -l
  --cat              with --pipe: put each block in a temporary file named by
                     {} (appended if absent; it is $PARALLEL_TMP) instead of
                     on stdin
                       cat big | crew run --pipe --cat sort -o {}.s {}
  --recend STR       record end for --pipe (default \n; '' cuts blocks at
                     exactly SIZE); with -N n, n records per block
                       seq 100 | crew run --pipe -N10 paste -sd+
  --recstart STR     record start for --pipe: blocks are cut where --recend is
                     followed by --recstart (either alone: before or after
                     it); both take \n \t \r \0 escapes
                       cat x.fa | crew run --pipe --recstart '>' -N100 ./align
  --regexp           --recstart and --recend are regular expressions, in Go's
                     RE2 syntax (GNU parallel's are Perl's: RE2 has no
                     lookaround or backreferences); ^ and $ match at lines
                       crew run --pipe --regexp --recstart '^>' -N1 ./a <x.fa
  --remove-rec-sep, --removerecsep, --rrs
                     remove the separators from each block: every --recend
                     followed by --recstart, a --recstart at its start and a
                     --recend at its end
                       printf 'a;b;' | crew run --pipe --recend ';' --rrs cat
  -L N, -l[N], --max-lines[=N]
                     with --pipe: records of N lines (blocks hold a multiple;
                     with -N m, m*N lines); otherwise N input lines per job, a
                     line ending in a blank continuing on the next one (-L
                     also implies -X; -l alone, -l0: one line)
                       seq 10 | crew run --pipe -L3 paste -sd+   # 1+...+9, 10
                       printf 'a \nb\nc\n' | crew run -L1 echo    # a b, c
  --header RE        with --pipe and --pipe-part: the input's header, given to
                     every job before its block: : is the first line, N the
                     first N lines, else RE (Go syntax) at the start of input
                       cat big.csv | crew run --pipe --header : ./load
  --skip-first-line  drop the first line of the input (with --pipe-part, of
                     each file) before anything else reads it
                       crew run --pipe --skip-first-line --header : ./load < x
  --round-robin, --roundrobin, --round
                     with --pipe: start only -j jobs, each reading many blocks:
                     a block goes to a job ready for more (with -k: to each in
                     turn); a job gets the header once; one that gets no block
                     counts, but its output is not shown
                       cat big | crew run --pipe --round-robin -j4 ./slow-start
  --pipe-part, --pipepart
                     --pipe for the files of -a and ::::, cut at record borders
                     by seeking, without crew reading them (no -N, -L); --block
                     -N makes N blocks per job slot (default -10; --round-robin
                     is -1)
                       crew run --pipe-part -a big.log --block -1 grep -c ERR
  --block-timeout T, --bt T
                     with --pipe: when reading a block takes longer than T
                     (whole seconds, at least 1), cut one from what has come
                       tail -f app.log | crew run --pipe --bt 5 ./ship
  --fifo             like --cat, but {} is a named pipe the job must open and
                     read (crew gives up on it when the job ends unopened)
                       cat big | crew run --pipe --fifo wc -l {}
  --group-by COL     with --pipe: a record is the lines with the same value in
                     column COL (a number, or a name: the first line is then a
                     header, given to every job); split on --colsep, TAB by
                     default (GNU parallel's Perl expressions are not taken)
                       sort -k1,1 x.tsv | crew run --pipe --group-by 1 -N1 ./one
  --shard COL, --bin COL
                     with --pipe: one job per job slot, all at once; each line
                     goes to the job its column COL picks (split on --colsep,
                     "," by default): --shard by a hash, so equal values meet;
                     --bin by the value as the job number (n+jobs is job n)
                       crew run --pipe --shard 1 -j4 'sort | uniq -c' < x.csv
  --tee              with --pipe or --pipe-part: every job gets all of the
                     input; one job per value of :::, all at once (-j defaults
                     to unlimited, and must allow them all)
                       seq 99 | crew run --pipe --tee --tag 'grep -c {}' ::: 1 2
  (no command)       each input is itself a command line
                       crew run ::: 'echo a' 'sleep 1'

REPLACEMENT STRINGS (values are shell-quoted: a file named "a b; rm x" is one
safe argument; a command without any gets the values appended, as in parallel)
  {}     the value             {.}   without extension     {/}  basename
  {//}   dirname               {/.}  basename, no ext.     {#}  job number
  {%}    job slot (1..-j)      {n}   n-th value/column ({-1} = last, {0} =
                                     all), also {n.} {n/} {n//} {n/.}: every
                                     string above has its {n...} form (-I {x}
                                     gives {1x}; -I XX has none)
                       crew run convert {} {.}.png ::: a.jpg b.jpg
  --plus             also {..} {...} (two, three extensions off), {+.} {+..}
                     {+...} (the extensions), {+/} (the directory part),
                     {/..} {/...}, {##} (number of jobs), {0#} {0%} (zero-
                     padded {#} {%}), and {n..} etc.; reads all input first
                     for {##} and {0#}
                       crew run --plus echo {..} {+..} ::: a.tar.gz  # a tar.gz
                     and bash-like ones: {:-str} (str if empty), {:n}, {:p:n}
                     (substrings), {#re} {##re} {%re} {%%re} (remove a
                     shortest/longest prefix/suffix), {/re/s} {//re/s}
                     (replace first/all), {^s} {^^s} {,s} {,,s} (case);
                     regular expressions are Go's (RE2)
                       crew run --plus echo {%.gz} {:-none} ::: a.gz
                     and, with perl, {choose_k} (skip jobs whose values are
                     not increasing) and {uniq} (skip jobs with a value twice)
                       crew run --plus echo {choose_k} ::: a b c ::: a b c
  -I S               use S instead of {}          crew run -I @ mv @ @.bak ::: f
  -i[S], --replace[=S]
                     -I S (S is the next word unless that looks like an
                     option); without S, {}
                       crew run -i -k echo x{} ::: a         # xa
  --er S, --bnr S, --dnr S, --bner S, --seqreplace S, --slotreplace S
                     rename {.} {/} {//} {/.} {#} {%}
                       crew run --er EXT echo EXT ::: a.txt      # a
  -q, --quote        each command word is one argument; no shell parsing
                       crew run -q awk '{print $1}' ::: f1 f2
  {= perl =}         the value after the perl code ran on it, as in GNU
                     parallel: $_ holds the value, the code changes it;
                     quoted like other values unless the code calls uq()
                       crew run mv {} {= s/\.jpeg$/.jpg/ =} ::: a.jpeg
                       crew run echo {= '$_=uc($_)' =} ::: a      # A
                     {=n perl =} does it on the n-th value ({=-1 perl =}
                     the last); with --header :, {=name perl =}
                       crew run -C , echo {=2 s/^0+// =} ::: a,007  # 7
                     the code may use $job->seq() (or seq()), $job->slot()
                     (slot()), @arg ($arg[1] is the first value), Q() and
                     pQ() (shell and perl quoting), uq(), total_jobs()
                     (reads all input first), skip() (the job does not run,
                     exit value -2, counted as failed), hash(), and
                     yyyy_mm_dd_hh_mm_ss() yyyy_mm_dd() hh_mm_ss() hhmmss()
                     (and the other forms GNU parallel has); its variables
                     live from job to job in one perl process per run
                       crew run echo {#} {= '$_=seq()*2' =} ::: a b
                       crew run echo '{= $seen{$_}++ and skip() =}' ::: a b a
                     with --line-buffer, perl code in --tagstring runs again
                     for each line
                       crew run --lb --tagstring '{= $_=hh_mm_ss() =}' ./job ::: a
                     (needs perl on $PATH, as GNU parallel does; runs
                     without perl expressions start no perl)
  --rpl 'TAG perl'   TAG is a replacement string for the perl code (several
                     --rpl allowed; one may redefine {} or {.}); a TAG that
                     starts with { also has positional forms ({2..} for
                     {..}); with a (regular expression) in TAG, the text it
                     matches is $$1 (groups $$1, $$2 ...) in the code (Go's
                     RE2 syntax for that expression)
                       crew run --rpl '{..} s:\.[^.]+$::' echo {..} ::: a.b.c
                       crew run --rpl '{%(.*?)} s/$$1//' echo {%.gz} ::: a.gz
  --parens LR        use the halves of LR instead of {= =} around perl code
                       crew run --parens ,,,, echo ,,s/I/O/g,, ::: FII  # FOO
  --filter 'perl'    run only the jobs for which the perl code is true once
                     its replacement strings are in (unquoted); the others
                     are skipped as by skip()
                       crew run --filter '{1} < {2}' echo ::: 1 2 ::: 1 2

SCHEDULING
  -j, -P, --jobs N   run N jobs at once; N% of the CPUs; +N / -N relative to
                     the CPUs; 0 = as many as possible; auto = adapt to
                     the jobs' throughput as they run (default: CPUs)
                       crew run -j 8 gzip ::: *.log
                       crew run -j 200% ...     crew run -j -1 ...
                       crew run -j auto curl -sO ::: $URLS
  --shuf             run the jobs in random order (reads all input first)
                       crew run --shuf ./probe ::: hosts
  --delay T          wait T between job starts (seconds, or 1m30s style)
                       crew run --delay 0.5 curl -O ::: $URLS
                     Tauto: adapt it, 30% longer after a failed job, 10%
                     shorter after a successful one ("auto" alone is 0)
                       crew run --delay 1auto --retries 5 curl -fO ::: $URLS
  --timeout T|P%     kill a job running longer than T, or than P% of the
                     median runtime of the successful jobs so far
                       crew run --timeout 10 ./probe ::: hosts
  --retries N        run a failing job up to N times in all; only the last
                     attempt's output is printed
                       crew run --retries 3 ./flaky ::: 1 2 3
  --halt WHEN,WHY=N  stop early: WHEN = soon (start no more jobs) or now (kill
                     running jobs); WHY = fail, success or done; N a count or
                     a percentage (also 0, 1, 2, -1, -2 as in parallel)
                       crew run --halt now,fail=1 ./test ::: a b c
                       crew run --halt soon,success=1 ./try ::: mirrors
  --termseq S        how jobs are killed: SIGNAL,ms,... (default
                     TERM,200,TERM,100,TERM,50,KILL,25)
                       crew run --timeout 5 --termseq INT,1000,KILL,25 ...
  --nice N           run jobs with niceness N (through nice(1))
                       crew run --nice 10 xz ::: *.tar
  --memfree SIZE     start no new job while free memory is below SIZE; below
                     half of it, kill the youngest job and run it again later
                       crew run --memfree 1G ./big ::: inputs
  --memsuspend SIZE  below 2*SIZE of available memory, suspend the younger
                     jobs (SIGSTOP; SIGCONT when memory is back): below SIZE
                     only the oldest runs; no job starts below SIZE (+ the
                     --memfree SIZE) while one runs; 0 = off
                       crew run --memsuspend 2G ./big ::: inputs
  --load MAX         start no job while the load is MAX or more: processes
                     running or waiting for disk right now (GNU parallel's
                     measure, not the 1-minute average); N, N% of the CPUs,
                     +N, -N, or a file holding one (read again on change)
                       crew run --load 80% ./compute ::: inputs
                       crew run --load maxload.txt ./compute ::: inputs
  --noswap           start no job while the machine swaps both in and out
                       crew run --noswap ./big ::: inputs
  --limit "CMD ARGS" run CMD before each job start and every second: exit 0
                     start, 1 wait, 2 also kill the youngest job (it fails;
                     --retries runs it again); $SSHLOGIN is ":"; built in:
                     "mem SIZE", "load N", "io PERCENT" (busiest disk)
                       crew run --limit 'test $(ls /tmp/locks | wc -l) -lt 4' ./job ::: a b
                       crew run --limit 'io 50' cp {} /backup ::: files

OUTPUT
  --group            each job's output in one piece when it ends (default):
                     stdout, then stderr; never interleaved
                       crew run --group 'echo start; sleep 1; echo end' ::: a b
  -k, --keep-order   print outputs in input order (jobs still run in parallel)
                       crew run -k -j4 'sleep {}; echo {}' ::: 3 1 2
  --no-keep-order, --nok
                     cancel -k (from a profile, say), wherever it is
                       PARALLEL=-k crew run --nok ./job ::: a b
  --line-buffer, --lb
                     print whole lines as jobs produce them (lines of jobs mix;
                     with -k, the oldest job's lines go out live and later
                     jobs' lines wait their turn)
                       crew run --lb ./long-job ::: a b
  -u, --ungroup      connect jobs to the output directly (fastest; may mix
                     within lines; disables --tag)
                       crew run -u make -C ::: dir1 dir2
  --latest-line, --ll
                     one terminal row per job showing the latest line it
                     printed (stdout and stderr), redrawn in place; cut at
                     the terminal's width with ">"; rows in input order with
                     -k; finished rows scroll off when jobs outnumber rows
                       crew run --ll --tag ./download ::: $URLS
  --tag              prefix each output line with the values and a TAB
                       crew run --tag wc -l ::: a.txt b.txt
  --tagstring STR    prefix each line with STR (replacement strings allowed)
                       crew run --tagstring '[{#}]' ./job ::: a b
  --color            each job's lines in a colour of their own (not with -u;
                     with --line-buffer, whole lines only)
                       crew run --color --tag ping -c3 ::: host1 host2
  --ctag, --ctagstring STR
                     --color with --tag, --color with --tagstring STR
                       crew run --ctag ./probe ::: a b
  --color-failed, --cf
                     print the output of failed jobs white on red (not with
                     -u or --line-buffer)
                       crew run --cf ./test ::: *.t
  --results DIR      also save output to DIR/1/<value>/{stdout,stderr,seq}
                     (one level per source); with replacement strings, to
                     that path (+.err, +.seq), or to that directory if it
                     ends in /; NAME.csv or NAME.tsv writes one table of all
                     jobs (Seq ... Command V1 ... Stdout Stderr), -.csv to stdout
                       crew run --results out/ ./job ::: a b
  --files, --output-as-files
                     save each job's stdout in a file in --tmpdir
                     (parXXXXX.par, kept) and print its name instead (its
                     stderr is lost); with --results DIR, print the name of
                     the results file; not with -u
                       crew run --files sort ::: a.txt b.txt | xargs cat
  -v                 print each command before its output
                       crew run -v gzip ::: a.log b.log
  -t, --verbose      print each command on stderr as it starts
                       crew run -t rm ::: old1 old2
  --dry-run          print the commands, run nothing
                       crew run --dry-run mv {} {.}.bak ::: a.txt
  --shell-quote      print each job's command line shell-quoted instead of
                     running it (once more per repeat); handy for composing
                     commands for crew run or ssh
                       crew run --shell-quote echo ::: a        # 'echo a'
  --wd DIR, --workdir DIR
                     run jobs in DIR (made if missing; replacement strings
                     allowed); "..." is a new directory per job under
                     ~/.parallel/tmp, removed when the job ends; "." the
                     current one
                       crew run --wd out/{/.} ./build {} ::: src/*.c
  --compress         compress output waiting to be printed (--group, the
                     default) and the files of --files and --results, with
                     the first of pzstd, lbzip2, pbzip2, zstd, pixz, lz4,
                     pigz, lzop, plzip, lzip, gzip, ... found (as GNU
                     parallel); a failing compressor fails the job (255)
                       crew run --compress ./chatty ::: a b
  --compress-program P, --decompress-program P
                     compress with shell command P (implies --compress);
                     decompress with P (default: the compressor with -dc)
                       crew run --compress-program 'zstd -3' ./chatty ::: a
  --tmpdir DIR       where output too big for memory waits (default $TMPDIR)
                       crew run --tmpdir /var/tmp ./chatty ::: a b

RECORDS AND PROGRESS
  --joblog FILE      log every finished job to FILE (tab-separated: Seq Host
                     Starttime JobRuntime Send Receive Exitval Signal Command);
                     +FILE appends; - writes it to stdout
                       crew run --joblog jobs.log ./job ::: a b
  --resume           with --joblog: skip jobs already in the log
                       crew run --joblog jobs.log --resume ./job ::: a b
  --resume-failed    with --joblog: rerun failed jobs, skip the others
                       crew run --joblog jobs.log --resume-failed ./job ::: a b
  --retry-failed     with --joblog: run the failed jobs of the log again, with
                     the commands recorded there (command line is ignored)
                       crew run --joblog jobs.log --retry-failed
  --bar, --eta       progress bar / with estimated time left (only when stderr
                     is a terminal; reads all input first to count jobs)
                       crew run --bar gzip ::: *.log
  --total-jobs N, --total N
                     the number of jobs --bar, --eta and {##} show: input
                     is not read ahead to count them
                       slow-producer | crew run --total 1000 --bar ./job
  --progress         status line on stderr: running/completed/avg seconds
                       crew run --progress ./job ::: a b
  --will-cite        accepted and ignored, for scripts written for parallel
                     (see also --citation)
  --env NAME         accepted; local jobs inherit the whole environment
  --process-slot-var NAME
                     set $NAME to the job slot minus one in each job
                       crew run --process-slot-var=GPU ./train ::: a b
  -h, --help         this help

CONFIGURATION (read before the command line's options, which win)
  ~/.parallel/config default options, as words a shell would split, one or
                     more per line (# starts a comment line); also read:
                     /etc/parallel/config, config in $PARALLEL_HOME,
                     $XDG_CONFIG_HOME/parallel and ~/.parallelrc; words that
                     are not options go in front of the command
                       echo '-j4 --tag' > ~/.parallel/config
  $PARALLEL          default options after the files' (quote with \ or "")
                       PARALLEL='-k -j1' crew run echo ::: b a
  -J, --profile NAME read ~/.parallel/NAME (also in $PARALLEL_HOME ...; ./NAME
                     or /path as given) instead of the config files; may be
                     repeated, later ones win
                       echo '--nice 10 -j1' > ~/.parallel/slow
                       crew run -J slow xz ::: *.tar
  --plain            ignore the profiles and $PARALLEL
                       crew run --plain echo ::: a

INFORMATION (printed instead of a run, except --show-limits)
  -V, --version      crew's version and the GNU parallel version it follows
                       crew run --version | head -1       # crew run VERSION
  --minversion V     print 20221122 (the GNU parallel version crew run
                     follows); exit 255 if that is older than V
                       crew run --minversion 20170422 >/dev/null && echo ok
  --number-of-cpus, --number-of-cores, --number-of-threads,
  --number-of-sockets
                     count the machine's physical cores, hardware threads or
                     CPU sockets, as GNU parallel does
                       crew run --number-of-cores
  --max-line-length-allowed
                     the longest command line the system runs
                       crew run --max-line-length-allowed     # 130329 on Linux
  --show-limits      print that and the usable maximum (see -s), then run
                       crew run --show-limits -r true < /dev/null
  --citation         how to cite GNU parallel (no jobs run); --will-cite and
                     --citation are accepted: crew shows no notice
                       crew run --citation
  --gnu              accepted: crew run always behaves like GNU parallel
  --silent           do not print commands (cancels -v wherever it is)
                       PARALLEL=-v crew run --silent echo ::: a
SCRIPTS AND FILES
  --shebang, --hashbang
                     crew run as a script's interpreter (must be the first
                     option): the script's lines after the #! line are the
                     input, its arguments follow the command
                       #!/usr/bin/crew run --shebang -r wget
                       https://example.com/a.tar.gz
                     with env -S, the words of the #! line come one by one:
                       #!/usr/bin/env -S crew run --shebang --colsep ' ' echo {2}
  --shebang-wrap     run a script once per argument, in parallel: put crew
                     before the script's own interpreter on its #! line;
                     with --pipe, the script reads blocks of stdin (or of the
                     files given as arguments)
                       #!/usr/bin/crew run --shebang-wrap /usr/bin/python3
                       #!/usr/bin/env -S crew run --shebang-wrap --pipe /usr/bin/perl -n
  --template FILE=NAME, --tmpl FILE=NAME
                     before each job write FILE to NAME, with the replacement
                     strings of both replaced (values unquoted; {= =} too)
                       crew run --tmpl job.tmpl={#}.conf ./prog {#}.conf ::: a b
  --cleanup          remove the --template files when each job ends
                       crew run --cleanup --tmpl t.sql=q{#}.sql psql -f q{#}.sql ::: 1 2

TERMINAL
  --tty              give each job the terminal (/dev/tty) as stdin, for
                     programs that talk to the user; implies -j1 and -u
                     unless -j or --group is given; jobs stay in crew's
                     process group, so a --timeout or --halt signals the job
                     but not what it started
                       crew run --tty vim ::: a.txt b.txt
  -o, --open-tty     the same, without the -j1 and -u defaults
                       crew run -o -j4 ./ask-password ::: hosts
  -p, --interactive  ask before each job: print "COMMAND ?..." on stderr
                     and run it only if the answer read from the terminal
                     starts with y or Y (others are skipped: exit value -2,
                     counted as failed)
                       crew run -p rm ::: *.bak

SEMAPHORE (as GNU parallel's sem; crew sem is crew run --semaphore)
  --semaphore, --sem run the command once, as one of at most -j (default 1)
                     holders of a semaphore shared by all crew processes;
                     in the background (crew exits 0 once it holds a slot)
                     unless --fg; no ::: values are used; the job reads
                     crew's stdin (or the one -a FILE)
                       crew run --semaphore -j4 --id gz gzip big.log
  --fg               wait for the command; exit with its status
                       crew run --semaphore --fg --id db ./migrate
  --bg               run it in the background (the default)
                       crew run --semaphore --bg --id gz gzip a.log
  --id NAME, --semaphore-name NAME
                     the semaphore (default: the terminal's name, or "not a
                     tty"); kept in $PARALLEL_HOME/semaphores/crew-id-NAME
                       crew run --id pod2html --fg pod2html foo.pod
  --st SECS, --semaphore-timeout SECS
                     SECS > 0: take a slot anyway after SECS; SECS < 0: give
                     up after -SECS and exit 1
                       crew run --id lock --fg --st -10 ./task || echo busy
  --wait             run nothing; wait until no command holds the semaphore
                       crew run --id gz --wait
                     any of these implies --semaphore; a holder that dies
                     gives its slot back (an flock(2) lock)

EXIT STATUS (as GNU parallel)
  0 all jobs succeeded; 1-100 that many jobs failed; 101 more than 100 failed;
  255 other errors (bad option, unreadable input, interrupted). With --halt:
  fail=1 gives the failing job's status, N% the percentage that failed,
  success=N gives 0.

Jobs run directly (no shell) when the command needs none after substitution;
otherwise with -c through $PARALLEL_SHELL, else the shell crew was started
from (as GNU parallel: bash at a bash prompt), else $SHELL, else /bin/sh.
Each job runs in its own process group: on a timeout, --halt now, Ctrl-C or
SIGTERM the whole group gets the --termseq signals, and nothing is left
running. Job stdin is /dev/null. Environment: PARALLEL_SEQ, PARALLEL_JOBSLOT, PARALLEL_PID.`

func newRunCmd(s *streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:                runUsage,
		Short:              "Run a command for each input, in parallel (GNU parallel options)",
		Long:               runLong,
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRun(cmd, s, args)
		},
		// Options are parsed by package run, so cobra cannot complete
		// them itself: offer run's option names for a word that starts
		// with "-", files otherwise.
		ValidArgsFunction: func(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			if !strings.HasPrefix(toComplete, "-") {
				return nil, cobra.ShellCompDirectiveDefault
			}
			var names []string
			for _, aliases := range run.OptionNames() {
				for _, n := range aliases {
					if strings.HasPrefix(n, toComplete) {
						names = append(names, n)
					}
				}
			}
			return names, cobra.ShellCompDirectiveNoFileComp
		},
	}
	return cmd
}

func runRun(cmd *cobra.Command, s *streams, args []string) error {
	opts, err := run.ParseCommandLine(args, os.Getenv)
	if errors.Is(err, run.ErrHelp) {
		fmt.Fprintf(s.out, "%s\n\nUsage:\n  crew %s\n", runLong, runUsage)
		return nil
	}
	if err != nil {
		return &exitError{code: 255, err: fmt.Errorf("run: %w", err)}
	}
	if opts.Info == run.InfoVersion {
		fmt.Fprint(s.out, runVersion())
		return nil
	}
	if opts.Info != run.InfoNone {
		code, err := run.WriteInfo(s.out, opts, os.Getenv)
		if err != nil {
			return &exitError{code: 255, err: fmt.Errorf("run: %w", err)}
		}
		if code != 0 {
			return &exitError{code: code}
		}
		return nil
	}
	if len(opts.Command) == 0 && len(opts.Sources) == 0 && !opts.RetryFailed && opts.Semaphore == nil && isTerminal(s.in) {
		return &exitError{code: 255, err: errors.New("run: missing command: give a command, or input that is commands (see crew run --help)")}
	}
	if done, err := semaphore(cmd.Context(), s, opts); done {
		return err
	}
	st := run.Stdio{Stdin: s.in, Stdout: s.out, Stderr: s.errOut, StderrTerminal: isTerminal(s.errOut)}
	sum, err := run.Run(cmd.Context(), opts, st)
	if err != nil {
		return &exitError{code: 255, err: fmt.Errorf("run: %w", err)}
	}
	if sum.ExitCode != 0 {
		return &exitError{code: sum.ExitCode}
	}
	return nil
}

// runVersion is crew run --version: crew's version on the first line
// ("crew run VERSION"), then what crew run is. It must not pass for GNU
// parallel's.
func runVersion() string {
	return fmt.Sprintf(`crew run %s
crew run is the command runner of crew (github.com/crewrun/crew); it is
not GNU parallel, but it accepts GNU parallel's options and follows the
behaviour of GNU parallel %d (--minversion compares against it).
Built with %s for %s/%s.
`, crewVersion(), run.GNUVersion, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
