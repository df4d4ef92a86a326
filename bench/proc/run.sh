#!/usr/bin/env bash
# bench/proc/run.sh: crew's process pool (package proc) against Python's
# multiprocessing.Pool and concurrent.futures.ProcessPoolExecutor, and
# against the same map done with goroutines in one process, in one run on
# this machine. Writes bench/proc/RESULTS.md.
#
#   bench/proc/run.sh                      # the defaults below
#   CALLS=2000 ITEMS=20000 bench/proc/run.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.." # the bench module

CALLS=${CALLS:-5000}     # sequential calls for the round-trip latency
ITEMS=${ITEMS:-100000}   # no-op tasks in each map
RUNS=${RUNS:-21}         # runs of each fast map (median); slow ones run once
WORKERS=${WORKERS:-2}    # worker processes
CODEC_BENCHTIME=${CODEC_BENCHTIME:-20000x}

command -v python3 >/dev/null || { echo "run.sh: python3 is needed for the Python peers" >&2; exit 1; }
out=$here/../out/proc
mkdir -p "$out"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

go build -o "$out/procbench" ./proc/procbench
"$out/procbench" -calls "$CALLS" -items "$ITEMS" -runs "$RUNS" -workers "$WORKERS" >"$out/results.jsonl"
python3 "$here/pybench.py" "$CALLS" "$ITEMS" "$RUNS" "$WORKERS" >>"$out/results.jsonl"
go test -run '^$' -bench Codec -benchtime "$CODEC_BENCHTIME" ./proc/ >"$out/codec.txt"

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
python3 "$here/summarize.py" "$out/results.jsonl" "$out/codec.txt" \
  "CALLS=$CALLS ITEMS=$ITEMS RUNS=$RUNS WORKERS=$WORKERS CODEC_BENCHTIME=$CODEC_BENCHTIME bench/proc/run.sh" \
  "$load_before" "$load_after" >"$here/RESULTS.md"
echo "wrote $here/RESULTS.md"
