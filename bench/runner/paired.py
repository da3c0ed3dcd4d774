#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# A close call between two commands, for when the runner's 21 rounds among
# four variants cannot resolve a few per cent (perl against lazy glibc read
# 0.99-1.07 there, 0.986 here): the two alternate, their order swapped every
# round, each forked by the static spawner (spawn.c) with stdout and stderr
# on /dev/null and no LD_*/LDR_* variable but those given; reported: the
# paired ratio A / B of CPU time (user + sys) per round, its median with the
# bootstrap 95 % interval (bench/stats.py), quartiles, and each command's
# median. Asserts nothing; never a timed test.
# Usage: paired.py [--rounds N] [--warmup N] [--stop full|reloc] [--work DIR]
#                  'A=[VAR=VALUE ...] LOADER PROGRAM ARGS' 'B=...'
#   --stop reloc adds ldd -r's environment (LD_TRACE_LOADED_OBJECTS=1
#   LD_WARN=yes LD_BIND_NOW=1): load and relocate only, for ldr and glibc's
#   ld.so alike; a variant given LD_BIND_NOW= (empty) relocates lazily, as
#   ldd -d (glibc leaves the PLT unbound, and so does ldr in that mode).
# Example: paired.py --rounds 401 'ldr=build/ldr/ldr /usr/bin/perl -e 1' \
#                    'lazy=/lib64/ld-linux-x86-64.so.2 /usr/bin/perl -e 1'
import argparse
import os
import shlex
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from stats import boot_ci  # noqa: E402  (bench/stats.py)
import spawner  # noqa: E402  (bench/runner/spawner.py)


def parse(spec):
    label, _, cmd = spec.partition("=")
    argv = shlex.split(cmd)
    env = {}
    while argv and "=" in argv[0] and not argv[0].startswith("/"):
        k, _, v = argv.pop(0).partition("=")
        env[k] = v
    if not label or not argv:
        sys.exit(f"paired.py: expected LABEL=[VAR=VALUE ...] COMMAND, got {spec!r}")
    return label, argv, env


def main():
    ap = argparse.ArgumentParser(description="paired CPU-time comparison of two commands")
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--rounds", type=int, default=401)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--stop", choices=["full", "reloc"], default="full")
    ap.add_argument("--work", default="build/bench-work", help="where the spawner is built")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    spawn = spawner.build(a.work)
    variants = [parse(a.a), parse(a.b)]
    base = {k: v for k, v in os.environ.items() if not k.startswith(("LD_", "LDR_"))}
    if a.stop == "reloc":
        base.update(LD_TRACE_LOADED_OBJECTS="1", LD_WARN="yes", LD_BIND_NOW="1")
    cpu = {label: [] for label, _, _ in variants}
    for r in range(a.warmup + a.rounds):
        for label, argv, env in variants if r % 2 == 0 else variants[::-1]:
            status, cpu_ns, _, _ = spawner.run(spawn, argv, {**base, **env})
            if status != 0:
                sys.exit(f"paired.py: {label} exited with status {status}")
            if r >= a.warmup:
                cpu[label].append(cpu_ns / 1e6)
    (la, _, _), (lb, _, _) = variants
    ratios = sorted(x / y for x, y in zip(cpu[la], cpu[lb]))
    lo, hi = boot_ci(ratios)
    n = len(ratios)
    print(f"{la} / {lb}: median {statistics.median(ratios):.4f} (95 % interval {lo:.4f}-{hi:.4f}), "
          f"quartiles {ratios[n // 4]:.3f}-{ratios[3 * n // 4]:.3f}, {n} rounds; "
          f"CPU medians {statistics.median(cpu[la]):.3f} / {statistics.median(cpu[lb]):.3f} ms")


if __name__ == "__main__":
    main()
