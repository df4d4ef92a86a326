#!/usr/bin/env bash
# Benchmarks "crew run" against xargs -P, GNU parallel and rush, in one run
# (issue 4), and measures crew's peak RSS with 1M input lines.
#
#   bash bench/runners/run.sh                 # N=2000 jobs per case, 5 runs each
#   N=200 RUNS=3 bash bench/runners/run.sh    # a loaded machine
#
# Writes hyperfine JSON, the RSS numbers and summary.md to bench/runners/results/
# (or $OUT); CREW_BIN=path benchmarks that crew binary instead of building one. Installs hyperfine and GNU parallel with apt-get when missing.
# rush: RUSH_BIN=path uses that binary; else rush on $PATH; else
# "go install github.com/shenwei356/rush@latest" is tried once, and when that
# fails (the module proxy refuses rush here) rush is skipped with a message.
# To build rush from its source instead: git clone
# https://github.com/shenwei356/rush && (cd rush && go build -o /tmp/rush .),
# then RUSH_BIN=/tmp/rush.
#
# All runners see SHELL=/bin/sh: GNU parallel runs jobs with its parent's shell
# (hyperfine's sh), rush always with $SHELL, crew with $SHELL when a command
# needs a shell (crew execs "true {}" directly); xargs never uses a shell.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
N=${N:-2000}
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
SLEEPS=${SLEEPS:-100}      # jobs of "sleep 0.1" at -j$SLEEPS
MEM_LINES=${MEM_LINES:-1000000}
MEM_SECS=${MEM_SECS:-20}   # how long the real-jobs RSS runs last
OUT=${OUT:-$here/results}

work=$(mktemp -d "${TMPDIR:-/tmp}/crew-runners.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$OUT" "$work/bin" "$work/tmp" "$work/parallel_home"
touch "$work/parallel_home/will-cite"
export PATH="$work/bin:$PATH" PARALLEL_HOME="$work/parallel_home" TMPDIR="$work/tmp" SHELL=/bin/sh

need_apt() { # command package
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "== installing $2 with apt-get"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}
need_apt hyperfine hyperfine
need_apt parallel parallel

if [ -n "${CREW_BIN:-}" ]; then # a crew binary built elsewhere
  ln -s "$(cd "$(dirname "$CREW_BIN")" && pwd)/$(basename "$CREW_BIN")" "$work/bin/crew"
else
  echo "== building crew"
  (cd "$root" && go build -o "$work/bin/crew" ./cmd/crew)
fi

have_rush=1
if [ -n "${RUSH_BIN:-}" ]; then
  ln -s "$(cd "$(dirname "$RUSH_BIN")" && pwd)/$(basename "$RUSH_BIN")" "$work/bin/rush"
elif ! command -v rush >/dev/null 2>&1; then
  echo "== trying: go install github.com/shenwei356/rush@latest"
  if ! GOBIN="$work/bin" GOFLAGS=-mod=mod go install github.com/shenwei356/rush@latest >"$work/rush.log" 2>&1; then
    have_rush=0
    echo "rush: skipped, go install failed: $(tail -n 2 "$work/rush.log" | tr '\n' ' ')"
  fi
fi

{
  date -u '+date: %Y-%m-%dT%H:%M:%SZ'
  echo "settings: N=$N RUNS=$RUNS WARMUP=$WARMUP SLEEPS=$SLEEPS MEM_LINES=$MEM_LINES MEM_SECS=$MEM_SECS"
  echo "crew: $(crew version) (commit $(git -C "$root" rev-parse --short HEAD))"
  echo "parallel: $(parallel --version | head -n 1)"
  echo "xargs: $(xargs --version | head -n 1)"
  echo "hyperfine: $(hyperfine --version)"
  if [ "$have_rush" = 1 ]; then echo "rush: $(rush -h 2>&1 | sed -n 's/^Version: /rush /p' | head -n 1)"; else echo "rush: skipped (go install failed)"; fi
  echo "cpu: $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "kernel: $(uname -r)"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$OUT/env.txt"
cat "$OUT/env.txt"

P="parallel --will-cite"

# bench NAME JOBS name=command ...: one hyperfine run comparing the runners.
bench() {
  local name=$1 jobs=$2
  shift 2
  local args=()
  for nc in "$@"; do
    case $nc in rush=*) [ "$have_rush" = 1 ] || continue ;; esac
    args+=(-n "${nc%%=*}" "${nc#*=}")
  done
  echo "== $name ($jobs jobs)"
  hyperfine -w "$WARMUP" -r "$RUNS" -S sh --export-json "$OUT/$name.json" "${args[@]}"
  echo "$name $jobs" >>"$OUT/cases.txt"
}

: >"$OUT/cases.txt"
bench startup 1 \
  "xargs=echo 1 | xargs -n1 true" \
  "crew=echo 1 | crew run true" \
  "parallel=echo 1 | $P true" \
  "rush=echo 1 | rush 'true {}'"
for j in 2 8; do
  bench "true-j$j" "$N" \
    "xargs=seq $N | xargs -P $j -n1 true" \
    "crew=seq $N | crew run -j $j true {}" \
    "parallel=seq $N | $P -j $j true {}" \
    "rush=seq $N | rush -j $j 'true {}'"
done
bench echo-k-j8 "$N" \
  "xargs=seq $N | xargs -P 8 -n1 echo >/dev/null" \
  "crew=seq $N | crew run -k -j 8 echo {} >/dev/null" \
  "parallel=seq $N | $P -k -j 8 echo {} >/dev/null" \
  "rush=seq $N | rush -k -j 8 'echo {}' >/dev/null"
bench "sleep-j$SLEEPS" "$SLEEPS" \
  "floor=for i in \$(seq $SLEEPS); do sleep 0.1 & done; wait" \
  "xargs=seq $SLEEPS | xargs -P $SLEEPS -I{} sleep 0.1" \
  "crew=seq $SLEEPS | crew run -j $SLEEPS -N0 sleep 0.1" \
  "parallel=seq $SLEEPS | $P -j $SLEEPS -N0 sleep 0.1" \
  "rush=seq $SLEEPS | rush -j $SLEEPS 'sleep 0.1'"

# Peak RSS (kB, GNU time's "Maximum resident set size" = the largest process
# of the tree) with MEM_LINES input lines:
#  - dry-run: every line is read, turned into a command line and printed in
#    order (-k), but no process is started: the input, template and output path.
#  - jobs: real jobs (-j8 true {}, and -k echo {}) for MEM_SECS seconds, then
#    SIGINT: whether the input is streamed while jobs run (not read up front)
#    and whether finished jobs (and printed outputs) are forgotten.
: >"$OUT/rss.txt"
echo "== peak RSS, $MEM_LINES input lines"
memcase() { # label kind command...
  local label=$1 kind=$2
  shift 2
  local f="$work/time.txt" kb
  if [ "$kind" = dry ]; then
    seq "$MEM_LINES" | /usr/bin/time -v -o "$f" "$@" >/dev/null 2>"$work/rss.err" || true
  else
    seq "$MEM_LINES" | /usr/bin/time -v -o "$f" timeout -s INT "$MEM_SECS" "$@" >/dev/null 2>"$work/rss.err" || true
  fi
  kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$f")
  printf '%s\t%s\t%s\n' "$label" "$kb" "$*" >>"$OUT/rss.txt"
  printf '%-28s %8s kB  %s\n' "$label" "$kb" "$*"
}
memcase "crew dry-run -k" dry crew run --dry-run -k -j 8 echo {}
memcase "crew jobs ${MEM_SECS}s" jobs crew run -j 8 true {}
memcase "crew jobs -k ${MEM_SECS}s" jobs crew run -k -j 8 echo {}
memcase "xargs jobs ${MEM_SECS}s" jobs xargs -P 8 -n1 true
memcase "parallel jobs ${MEM_SECS}s" jobs $P -j 8 true {}
if [ "$have_rush" = 1 ]; then memcase "rush jobs ${MEM_SECS}s" jobs rush -j 8 'true {}'; fi

echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/env.txt"
python3 "$here/summarize.py" "$OUT" | tee "$OUT/summary.md"
