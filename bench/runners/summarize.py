#!/usr/bin/env python3
"""Summarize bench/runners/run.sh results as Markdown: one table of every
runner in every case, the ratios crew/xargs and parallel/crew, peak RSS, and
the issue 4 targets. Usage: summarize.py RESULTS_DIR"""

import json
import os
import sys

out = sys.argv[1]
cases = [line.split() for line in open(os.path.join(out, "cases.txt")) if line.strip()]
res = {}
print("| case | runner | median s | min s | max s | wall/job µs | CPU/job µs |")
print("|---|---|---:|---:|---:|---:|---:|")
for name, jobs in cases:
    jobs = int(jobs)
    data = json.load(open(os.path.join(out, name + ".json")))
    for r in data["results"]:
        runner = r["command"]
        med = r["median"]
        cpu = r["user"] + r["system"]
        res[(name, runner)] = (med, cpu, jobs)
        per = f"{med / jobs * 1e6:,.0f}" if jobs > 1 else "-"
        cpj = f"{cpu / jobs * 1e6:,.0f}" if jobs > 1 else f"{cpu * 1e6:,.0f}"
        print(f"| {name} | {runner} | {med:.3f} | {r['min']:.3f} | {r['max']:.3f} | {per} | {cpj} |")

print()
print("Ratios of medians (wall; CPU = user+sys of the whole process tree):")
print()
print("| case | crew/xargs wall | crew/xargs CPU | parallel/crew wall | parallel/crew CPU | crew/rush wall |")
print("|---|---:|---:|---:|---:|---:|")
for name, _ in cases:
    c = res.get((name, "crew"))
    if not c:
        continue

    def ratio(a, b, i):
        return f"{a[i] / b[i]:.2f}" if a and b and b[i] > 0 else "-"

    x, p, r = res.get((name, "xargs")), res.get((name, "parallel")), res.get((name, "rush"))
    print(f"| {name} | {ratio(c, x, 0)} | {ratio(c, x, 1)} | {ratio(p, c, 0)} | {ratio(p, c, 1)} | {ratio(c, r, 0)} |")

rss = []
path = os.path.join(out, "rss.txt")
if os.path.exists(path):
    print()
    print("Peak RSS (GNU time, largest process of the tree):")
    print()
    print("| run | max RSS MiB | command |")
    print("|---|---:|---|")
    for line in open(path):
        label, kb, cmd = line.rstrip("\n").split("\t")
        mib = int(kb) / 1024 if kb else float("nan")
        rss.append((label, mib))
        print(f"| {label} | {mib:.1f} | `{cmd}` |")

print()
print("Targets (issue 4):")
print()
for name, _ in cases:
    c, x, p = res.get((name, "crew")), res.get((name, "xargs")), res.get((name, "parallel"))
    if name.startswith("sleep") and c:
        f = res.get((name, "floor"))
        floor = f" (floor, {name.split('-j')[-1]} shell background sleeps: {f[0]:.3f} s)" if f else ""
        print(f"- {name}: crew median {c[0]:.3f} s, target < 0.15 s: {'met' if c[0] < 0.15 else 'MISSED'}{floor}")
        continue
    if name == "startup" or not (c and x and p):
        continue
    rx, rp = c[0] / x[0], p[0] / c[0]
    print(f"- {name}: crew/xargs {rx:.2f} (target <= 1.1: {'met' if rx <= 1.1 else 'MISSED'}); "
          f"parallel/crew {rp:.1f} (target >= 10: {'met' if rp >= 10 else 'MISSED'})")
for label, mib in rss:
    if label.startswith("crew"):
        print(f"- peak RSS {label}: {mib:.1f} MiB, target < 30 MB: {'met' if mib * 1.048576 < 30 else 'MISSED'}")
