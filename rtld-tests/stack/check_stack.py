#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# usage: check_stack.py LDR PROBE — runs the probe under glibc's ld.so
# (eager) and under ldr with address randomization off (setarch -R: the same
# stack top for both) and checks that ldr's start wrote no deeper into the
# stack than glibc's plus half a page. Today ldr is ~0.9 KiB deeper on this
# libc-only program (its CPU-features path: ldr_main's 1.5 KiB Diag and the
# 1.5 KiB CPUID cache) and shallower on python3; session 4's loader was
# 3.4 KiB deeper (a path buffer, writers' buffers, a rejection list).
import os
import subprocess
import sys

GLIBC = "/lib64/ld-linux-x86-64.so.2"
SLACK = 2048


def run(argv, env):
    return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60)


def depth(loader, probe, extra):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **extra}
    p = run(["setarch", "x86_64", "-R", loader, probe], env)
    if p.returncode == 0:
        return int(p.stdout.strip())
    # Randomization cannot be turned off here (a container's seccomp filter,
    # say): the stack top then moves within its page from run to run, and
    # the shallowest of many runs stands for each loader.
    seen = []
    for _ in range(25):
        p = run([loader, probe], env)
        if p.returncode != 0:
            sys.exit(f"FAIL: {loader} {probe} exited {p.returncode}: {p.stderr.strip()}")
        seen.append(int(p.stdout.strip()))
    return min(seen)


ldr, probe = sys.argv[1:3]
glibc = depth(GLIBC, probe, {"LD_BIND_NOW": "1"})
mine = depth(ldr, probe, {})
print(f"deepest stack byte below the top: glibc {glibc}, ldr {mine}")
if mine > glibc + SLACK:
    sys.exit(f"FAIL: ldr's start reaches {mine - glibc} bytes deeper into the stack than glibc's")
print("ok")
