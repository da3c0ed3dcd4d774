#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Full runs of many installed programs against lazy glibc: the breadth check
# of issue 6's "never slower than glibc's default lazy mode on any workload",
# where run.py measures four workloads in depth. Per program three variants
# alternate, their order rotated every round: `cold` (ldr, no bind cache:
# --system-bind-cache ""), `bind` (ldr with a user bind cache, LDR_BIND_CACHE,
# warm after the warm-up rounds) and `lazy` (glibc's ld.so, its default), each
# forked by the static spawner (spawn.c) with stdout and stderr on /dev/null
# and no LD_*/LDR_* variable. Reported per program: the paired ratios
# cold/lazy and bind/lazy (median, bootstrap 95 % interval), CPU medians and
# minor faults. Programs not installed are skipped. Asserts nothing; never a
# timed test.
# Usage: sweep.py --ldr LDR [--rounds N] [--warmup N] [--work DIR]
#                 [--programs FILE] [--markdown FILE]
import argparse
import os
import shlex
import shutil
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from stats import boot_ci  # noqa: E402  (bench/stats.py)
import spawner  # noqa: E402  (bench/runner/spawner.py)

HERE = os.path.dirname(os.path.realpath(__file__))
GLIBC = "/lib64/ld-linux-x86-64.so.2"
VARIANTS = ["cold", "bind", "lazy"]


def programs(path):
    """(name, argv) per line `NAME PROGRAM ARGS...`; '#' starts a comment."""
    out = []
    with open(path) as f:
        for line in f:
            words = shlex.split(line, comments=True)
            if len(words) < 2:
                continue
            name, prog, args = words[0], words[1], words[2:]
            real = shutil.which(prog) if "/" not in prog else prog
            if real is None or not os.access(real, os.X_OK):
                print(f"skipping {name}: {prog} is not installed", file=sys.stderr)
                continue
            out.append((name, [os.path.realpath(real)] + args))
    return out


def run(spawn, argv, env):
    """CPU ms and minor faults of one run, which must succeed."""
    status, cpu_ns, minflt, _ = spawner.run(spawn, argv, env)
    if status != 0:
        sys.exit(f"sweep.py: status {status}: {' '.join(argv)}")
    return cpu_ns / 1e6, minflt


def measure(spawn, ldr, argv, bind_dir, rounds, warmup):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("LD_", "LDR_"))}
    cmds = {
        "cold": ([ldr, "--system-bind-cache", ""] + argv, base),
        "bind": ([ldr, "--system-bind-cache", ""] + argv, {**base, "LDR_BIND_CACHE": bind_dir}),
        "lazy": ([GLIBC] + argv, base),
    }
    cpu = {v: [] for v in VARIANTS}
    faults = {v: [] for v in VARIANTS}
    for r in range(warmup + rounds):
        k = r % len(VARIANTS)
        for v in VARIANTS[k:] + VARIANTS[:k]:
            ms, flt = run(spawn, *cmds[v])
            if r >= warmup:
                cpu[v].append(ms)
                faults[v].append(flt)
    return cpu, faults


def ratio(cpu, a, b):
    rs = sorted(x / y for x, y in zip(cpu[a], cpu[b]))
    lo, hi = boot_ci(rs)
    return f"{statistics.median(rs):.3f} ({lo:.3f}–{hi:.3f})"


def main():
    ap = argparse.ArgumentParser(description="full runs of installed programs, ldr against lazy glibc")
    ap.add_argument("--ldr", required=True)
    ap.add_argument("--rounds", type=int, default=61)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--work", default="build/bench-work")
    ap.add_argument("--programs", default=os.path.join(HERE, "sweep-programs.txt"))
    ap.add_argument("--markdown")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    spawn = spawner.build(a.work)
    lines = ["| program | cold ÷ lazy | bind ÷ lazy | CPU ms cold / bind / lazy | minor faults cold / bind / lazy |",
             "|---|---|---|---|---|"]
    for name, argv in programs(a.programs):
        with tempfile.TemporaryDirectory(prefix="ldr-sweep-bind-") as bind_dir:
            cpu, faults = measure(spawn, os.path.abspath(a.ldr), argv, bind_dir, a.rounds, a.warmup)
        med = " / ".join(f"{statistics.median(cpu[v]):.2f}" for v in VARIANTS)
        flt = " / ".join(f"{statistics.median(faults[v]):.0f}" for v in VARIANTS)
        line = f"| `{name}` | {ratio(cpu, 'cold', 'lazy')} | {ratio(cpu, 'bind', 'lazy')} | {med} | {flt} |"
        print(line, flush=True)
        lines.append(line)
    if a.markdown:
        with open(a.markdown, "w") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
