#!/usr/bin/env bash
# Benchmarks crew's Group and Map against raw goroutines, errgroup, conc, pond/v2 and
# ants/v2 (bench/pools), then writes medians, benchstat and the crew/best-peer and
# crew/raw ratios. The machine is shared: passes are interleaved so that outside
# load hits every library, and the load average is recorded next to the numbers.
#
#   bench/run.sh                     # ~5 min; results in bench/pools/results/<UTC time>/
#
# Environment knobs:
#   COUNT=6          passes of workloads a-d, f and rounds of e (>= 5 for benchstat)
#   BT_TASKS=1000000x  tasks per sample in a-c (one op is one task)
#   BT_CPU=300000x   tasks per sample in d (each ~1 µs of CPU)
#   BT_MAP=30x       maps of 1M ints per sample in f
#   OUT=dir          where results go
#   RESULTS=file     markdown file whose pools section is replaced (default bench/RESULTS.md;
#                    empty: leave it alone)
#   PROFILE=1        CPU-profile crew on its worst workload (0: skip) ...
#   PROFILE_BT=3s    ... for this long
set -euo pipefail
cd "$(dirname "$0")"
bench=$(pwd)

COUNT=${COUNT:-6}
BT_TASKS=${BT_TASKS:-1000000x}
BT_CPU=${BT_CPU:-300000x}
BT_MAP=${BT_MAP:-30x}
OUT=${OUT:-$bench/pools/results/$(date -u +%Y%m%dT%H%M%SZ)}
RESULTS=${RESULTS-$bench/RESULTS.md}
PROFILE=${PROFILE:-1}
PROFILE_BT=${PROFILE_BT:-3s}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
bin=$OUT/pools.test

benchtime() {
  case $1 in
  D_*) echo "$BT_CPU" ;;
  F_*) echo "$BT_MAP" ;;
  *) echo "$BT_TASKS" ;;
  esac
}

echo "== building the benchmark binary"
go test -c -o "$bin" ./pools

# Load average every 10 s while we run, to report how noisy the machine was.
(while :; do echo "$(date -u +%H:%M:%S) $(cut -d' ' -f1-3 /proc/loadavg)"; sleep 10; done) >"$OUT/loadavg.txt" &
sampler=$!
trap 'kill "$sampler" 2>/dev/null || true' EXIT
start=$(date -u +%s)

echo "== workloads a-d, f: $COUNT interleaved passes"
: >"$OUT/abcdf.txt"
for pass in $(seq 1 "$COUNT"); do
  for w in A_NoopLimitP B_NoopLimit1000 C_NoopUnbounded D_CPULimitP F_Map; do
    bt=$(benchtime "$w")
    "$bin" -test.run '^$' -test.bench "^Benchmark${w}\$" -test.benchtime "$bt" -test.count 1 \
      -pools.rotate "$pass" >>"$OUT/abcdf.txt"
  done
  echo "   pass $pass/$COUNT done ($(($(date -u +%s) - start)) s)"
done

echo "== workload e: $COUNT rounds, one process per library"
mapfile -t libs < <(awk '$1 ~ /^BenchmarkC_NoopUnbounded\/lib=/ {
  n = $1; sub(/^BenchmarkC_NoopUnbounded\/lib=/, "", n); sub(/-[0-9]+$/, "", n); if (!seen[n]++) print n }' "$OUT/abcdf.txt")
: >"$OUT/e.txt"
for round in $(seq 1 "$COUNT"); do
  for i in "${!libs[@]}"; do
    lib=${libs[$(((i + round) % ${#libs[@]}))]}
    "$bin" -test.run '^$' -test.bench "^BenchmarkE_Sleep\$/^lib=${lib}\$" -test.benchtime 1x >>"$OUT/e.txt"
  done
  echo "   round $round/$COUNT done ($(($(date -u +%s) - start)) s)"
done

if [ "$PROFILE" = 1 ]; then
  worst=$(go run ./pools/summarize -worst "$OUT/abcdf.txt")
  echo "== CPU profile of crew on its worst workload, $worst ($PROFILE_BT)"
  "$bin" -test.run '^$' -test.bench "^Benchmark${worst}\$/^lib=crew\$" -test.benchtime "$PROFILE_BT" -test.count 1 \
    -test.cpuprofile "$OUT/crew-$worst.prof" >"$OUT/crew-$worst.txt"
  go tool pprof -top -nodecount=35 "$bin" "$OUT/crew-$worst.prof" >"$OUT/crew-$worst.pprof-top.txt" 2>&1
fi
kill "$sampler" 2>/dev/null || true
elapsed=$(($(date -u +%s) - start))

echo "== benchstat"
order='/lib@(crew raw errgroup conc pond pond-go ants serial)'
go run golang.org/x/perf/cmd/benchstat -col "$order" "$OUT/abcdf.txt" >"$OUT/benchstat-abcdf.txt"
go run golang.org/x/perf/cmd/benchstat -col "$order" "$OUT/e.txt" >"$OUT/benchstat-e.txt"

# Machine facts and the command, copied above the tables.
loads=$(awk '{print $2}' "$OUT/loadavg.txt" | sort -n)
{
  echo "Run $(date -u '+%Y-%m-%d %H:%M UTC'), ${elapsed} s: \`COUNT=$COUNT BT_TASKS=$BT_TASKS BT_CPU=$BT_CPU BT_MAP=$BT_MAP bench/run.sh\`"
  echo "(raw output, benchstat and profile: \`bench/pools/results/$(basename "$OUT")/\`)."
  echo
  echo "- Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')),"
  echo "  $(awk '/MemTotal/ {printf "%.0f GiB RAM", $2/1048576}' /proc/meminfo), $(uname -sr), $(go version | cut -d' ' -f3), GOMAXPROCS=$(nproc) (default)."
  echo "- Load average (1 min) during the run, sampled every 10 s: min $(echo "$loads" | head -1)," \
    "median $(echo "$loads" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'), max $(echo "$loads" | tail -1)" \
    "on $(nproc) CPUs — other engineers' builds and tests were running, so wall times are noisy; cpu-ns/task less so."
  echo "- crew at commit $(git -C .. rev-parse --short HEAD) ($(git -C .. log -1 --format=%s | cut -c1-70))."
  echo "- Samples: $COUNT interleaved passes of a-d and f ($BT_TASKS tasks in a-c, $BT_CPU in d, $BT_MAP maps in f, per sample);"
  echo "  $COUNT rounds of e, one process per library. Cells are medians; range % is (max-min)/median."
} >"$OUT/machine.md"

go run ./pools/summarize -machine "$OUT/machine.md" "$OUT/abcdf.txt" "$OUT/e.txt" >"$OUT/table.md"
if [ -n "$RESULTS" ]; then
  go run ./pools/summarize -machine "$OUT/machine.md" -update "$RESULTS" "$OUT/abcdf.txt" "$OUT/e.txt"
  echo "== updated $RESULTS"
fi
rm -f "$bin"
cat "$OUT/table.md"
