#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# The cache benchmark: resolving the generated libraries (gen.py) by path
# search (LD_LIBRARY_PATH over all directories, cache inhibited) versus
# through an ldr cache, under ldr, with glibc's ld.so path search as a
# reference. Interleaved rounds in rotated order after warm-up; per variant
# the median and p10/p90 of CPU time (user + sys, from wait4) and, against
# "path", the median of per-round ratios with a bootstrap 95% interval. Then
# file-related syscall counts from one `strace -f -c` run per variant (never
# timed under strace). Not a test: it asserts nothing but that runs succeed.
# Usage: run.py LDR LDR_CACHE WORKDIR [--rounds N] [--libs N] [--dirs D]
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from stats import boot_ci  # noqa: E402  (bench/stats.py)

ap = argparse.ArgumentParser()
ap.add_argument("ldr")
ap.add_argument("ldr_cache")
ap.add_argument("workdir")
ap.add_argument("--rounds", type=int, default=31)
ap.add_argument("--warmup", type=int, default=3)
ap.add_argument("--libs", type=int, default=200)
ap.add_argument("--dirs", type=int, default=20)
a = ap.parse_args()
ldr, tool, work = (os.path.realpath(p) for p in (a.ldr, a.ldr_cache, a.workdir))
here = os.path.dirname(os.path.realpath(__file__))
if not os.path.exists(os.path.join(work, "prog")):
    subprocess.run([sys.executable, os.path.join(here, "gen.py"), work, "--libs", str(a.libs),
                    "--dirs", str(a.dirs)], check=True)
dirs = open(os.path.join(work, "dirs")).read().strip()
prog = os.path.join(work, "prog")
cache = os.path.join(work, "ldr.cache")
subprocess.run([tool, "-n", "-C", cache] + dirs.split(":"), check=True)

base_env = {k: v for k, v in os.environ.items() if not k.startswith(("LD_", "LDR_"))}
VARIANTS = {
    "path": ([ldr, "--inhibit-cache", prog], {"LD_LIBRARY_PATH": dirs}),
    "cache": ([ldr, "--cache", cache, prog], {}),
    "glibc-path": (["/lib64/ld-linux-x86-64.so.2", "--inhibit-cache", prog], {"LD_LIBRARY_PATH": dirs}),
}


def cpu_ns(variant):
    argv, extra = VARIANTS[variant]
    env = dict(base_env, **extra)
    devnull = os.open(os.devnull, os.O_RDWR)
    pid = os.posix_spawn(argv[0], argv, env, file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1),
                                                           (os.POSIX_SPAWN_DUP2, devnull, 2)])
    os.close(devnull)
    _, status, ru = os.wait4(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{variant}: status {os.waitstatus_to_exitcode(status)}")
    return int((ru.ru_utime + ru.ru_stime) * 1e9)


names = list(VARIANTS)
samples = {n: [] for n in names}
for r in range(a.warmup + a.rounds):
    order = names[r % len(names):] + names[:r % len(names)]  # rotate each round
    got = {n: cpu_ns(n) for n in order}
    if r >= a.warmup:
        for n in names:
            samples[n].append(got[n])


def pct(v, q):
    s = sorted(v)
    return s[min(len(s) - 1, int(q * len(s)))]


with open("/proc/loadavg") as f:
    load = f.read().split()[:3]
print(f"{a.libs} libraries over {a.dirs} directories; {a.rounds} rounds (+{a.warmup} warm-up); "
      f"load {' '.join(load)}")
print(f"{'variant':<12} {'median ms':>10} {'p10':>8} {'p90':>8} {'ratio vs path':>14} {'95% CI':>16}")
for n in names:
    v = samples[n]
    ratios = [x / y for x, y in zip(v, samples["path"])]
    lo, hi = boot_ci(ratios)
    print(f"{n:<12} {statistics.median(v) / 1e6:>10.3f} {pct(v, .1) / 1e6:>8.3f} {pct(v, .9) / 1e6:>8.3f} "
          f"{statistics.median(ratios):>14.3f} {f'[{lo:.3f}, {hi:.3f}]':>16}")

print("\nfile-related system calls (strace -f -c, one run each):")
for n in names:
    argv, extra = VARIANTS[n]
    with tempfile.NamedTemporaryFile("r") as t:
        subprocess.run(["strace", "-f", "-c", "-o", t.name] + argv, env=dict(base_env, **extra),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        table = t.read()
    counts = {}
    for line in table.splitlines():
        m = re.match(r"\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(\d+)?\s*(\w+)$", line)
        if m:
            counts[m.group(3)] = (int(m.group(1)), int(m.group(2) or 0))
    shown = ", ".join(f"{c} {counts[c][0]} ({counts[c][1]} failed)" for c in
                      ("openat", "newfstatat", "fstat", "read", "pread64", "mmap", "close") if c in counts)
    print(f"  {n:<12} {shown}")
