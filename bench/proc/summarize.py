"""Makes bench/proc/RESULTS.md from procbench's and pybench.py's JSON lines
and the codec benchmark's output. Usage:
summarize.py results.jsonl codec.txt command load_before load_after"""
import json
import platform
import subprocess
import sys


def dur(s):
    if s < 10e-6:
        return f"{s * 1e9:.0f} ns"
    if s < 10e-3:
        return f"{s * 1e6:.1f} µs"
    if s < 10:
        return f"{s * 1e3:.1f} ms"
    return f"{s:.2f} s"


def ratio(a, b):
    if not b:
        return "-"
    return f"{a / b:.2f}×" if a / b < 1 else f"{a / b:.1f}×"


def main():
    rows = {}
    for line in open(sys.argv[1]):
        line = line.strip()
        if line.startswith("{"):
            r = json.loads(line)
            rows[r["key"]] = r
    codec = open(sys.argv[2]).read()
    command, load_before, load_after = sys.argv[3:6]

    def cmd(args):
        try:
            return subprocess.run(args, capture_output=True, text=True).stdout.strip()
        except OSError:
            return "?"

    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    p = print
    p("# proc: process pool benchmarks")
    p()
    p("crew's process pool (package `proc`) against Python's process pools and against the")
    p("same map done with goroutines in one process, measured in one run on one machine.")
    p("Every task is a no-op (`return x`); the numbers are the cost of the pools themselves.")
    p()
    p(f"- Command (from the repository root): `{command}`")
    p(f"- Machine: {platform.machine()}, {cmd(['nproc'])} CPUs ({cpu}), {platform.system()} {platform.release()}")
    p(f"- Load average before / after: {load_before} / {load_after} (the machine is shared: absolute numbers are noisy, ratios within one run are what counts)")
    p(f"- {cmd(['go', 'version'])}; Python {platform.python_version()}; Python start method: {rows.get('py.pool.start', {}).get('label', '?')}")
    p()

    p("## Round trip of one call (2 workers, sequential calls, no-op task)")
    p()
    p("| pool | p50 | p99 | p50 vs crew |")
    p("|---|---:|---:|---:|")
    base = rows["crew.call"]["p50"]
    for k in ["crew.call", "py.pool.call", "py.ppe.call"]:
        if k in rows:
            r = rows[k]
            p(f"| {r['label']} | {dur(r['p50'])} | {dur(r['p99'])} | {ratio(r['p50'], base)} |")
    p()

    n = rows["crew.map.auto"]["n"]
    p(f"## Map of {n:,} no-op tasks on 2 workers")
    p()
    p("| how | time | per task | vs crew Map (automatic chunks) |")
    p("|---|---:|---:|---:|")
    base = rows["crew.map.auto"]["total"]
    for k in ["crew.map.auto", "crew.map.chunk1", "py.pool.map1", "py.ppe.map1", "py.pool.mapauto",
              "go.crewmap", "go.errgroup", "go.waitgroup"]:
        if k in rows:
            r = rows[k]
            note = f" (median of {r['runs']})" if r.get("runs", 1) > 1 else ""
            p(f"| {r['label']}{note} | {dur(r['total'])} | {dur(r['total'] / r['n'])} | {ratio(r['total'], base)} |")
    p()

    p("## Start-up")
    p()
    p("| pool | time to first result |")
    p("|---|---:|")
    for k in ["crew.start", "py.pool.start", "py.ppe.start"]:
        if k in rows:
            p(f"| {rows[k]['label']} | {dur(rows[k]['total'])} |")
    p()

    p("## Targets of issue 3")
    p()

    def check(name, ok, detail):
        p(f"- {name}: **{'met' if ok else 'not met'}** ({detail})")

    c, pa, pe = rows["crew.call"]["p50"], rows["py.pool.call"]["p50"], rows["py.ppe.call"]["p50"]
    check("Call round trip faster than Pool.apply and ProcessPoolExecutor.submit (p50)", c < pa and c < pe,
          f"crew {dur(c)}, Pool {dur(pa)} ({ratio(pa, c)}), executor {dur(pe)} ({ratio(pe, c)})")
    ca, c1 = rows["crew.map.auto"]["total"], rows["crew.map.chunk1"]["total"]
    pm, pp = rows["py.pool.map1"]["total"], rows["py.ppe.map1"]["total"]
    check("Map faster per task than Pool.map(chunksize=1) and ProcessPoolExecutor.map", ca < pm and ca < pp,
          f"automatic chunks {ratio(pm, ca)} and {ratio(pp, ca)} faster")
    check("... also with one task per message (WithChunkSize(1))", c1 < pm and c1 < pp,
          f"{ratio(pm, c1)} and {ratio(pp, c1)} faster")
    for k in ["go.waitgroup", "go.errgroup", "go.crewmap"]:
        g = rows[k]["total"]
        check(f"Map with automatic chunks within 3× of {rows[k]['label']}", ca <= 3 * g,
              f"crew is {ratio(ca, g)} its time")
    p()
    p("Python's Pool.map with its default chunksize (about four chunks per worker, the rule crew's")
    p("Map uses too) is in the table for reference; it is not one of the issue's targets.")
    p()

    if "floor.map2" in rows and "floor.alloc" in rows:
        p("## Where a Map's time goes")
        p()
        m2, al = rows["floor.map2"]["total"], rows["floor.alloc"]["total"]
        p(f"- The fixed cost of a Map, a round trip to each worker (a Map of 2 tasks, median of "
          f"{rows['floor.map2']['runs']}): {dur(m2)}.")
        p(f"- Allocating the {rows['floor.alloc']['n']:,}-element result slice and writing the results into it "
          f"(median of {rows['floor.alloc']['runs']}): {dur(al)}; a goroutine Map pays it too.")
        p("- The tasks themselves: about 2 ns per no-op task in a worker (the pool's own estimate).")
        p("- What the pool no longer pays: arguments and results of plain types (ints here) travel in")
        p("  memory shared with the worker, not through pipes, with no per-item encoding: the pool copies")
        p("  the arguments in (one memcpy a chunk), the worker's function reads them in place and writes")
        p("  its results in place, the pool copies them out. A Map of 100,000 ints costs about 16 small")
        p("  frames on the pipes and no per-item system call.")
        p("- The rest is scheduling: the pool and its 2 workers are 3 processes on 2 CPUs (with the")
        p("  machine's other load), so a chunk's result waits until the pool's process gets a CPU, and")
        p("  each process's Go scheduler adds its wake-ups (`strace -f -c` on `go test -bench Map ./proc`:")
        p("  about 140 system calls per Map, of which about 35 are the protocol's reads and writes and the")
        p("  rest futex, epoll and nanosleep of the three runtimes). Goroutines in one process pay none of it.")
        p("- So the ratio to crew.Map moves with the machine: while proc was tuned (issue 3), repeated runs on")
        p("  this 2-CPU VM, shared with other builds, gave crew.Map 0.3 to 0.9 ms and proc's Map 0.4 to 3 ms")
        p("  (single Maps: about 0.3 to 0.5 ms at best, 1 to 3 ms when a garbage collection of the result")
        p("  slices or another process's load falls inside), a ratio from about 1.1× to 4×, typically 2×.")
        p("  The median of many runs (RUNS) is what the table reports; compare it over several runs.")
        p()

    p("## Codec: one message of arguments, encoded and decoded")
    p()
    p("proc picks a codec per type when a function is registered: plain data (ints, floats, bools,")
    p("arrays and structs of those) is copied as one block of memory (plain-copy below; in a big Map it")
    p("is not even copied into a message but shared with the worker), strings and byte slices go as")
    p("lengths plus one block, and everything else with encoding/gob, keeping one encoder and decoder")
    p("per function and worker (gob-stream), so type descriptions cross once. gob-fresh starts a new")
    p("encoder per message; json is encoding/json; binary is hand-rolled varints (ints only).")
    p()
    p("```")
    for line in codec.splitlines():
        if line.startswith("Benchmark"):
            p(line)
    p("```")


if __name__ == "__main__":
    main()
