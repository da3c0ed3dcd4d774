#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Builds a 30-library synthetic workload (bench/synth/gen.py: a scope long
# enough for the memo, names 16 to 120 characters, TLS, IFUNC and COPY) and
# compares every binding ldr makes (LDR_DEBUG=bindings, ldd -r's stop) with
# glibc's (LD_DEBUG=bindings, LD_BIND_NOW=1, the same stop): with
# LDR_LOOKAHEAD=1 (each group's memo questions prepared ahead) and
# LDR_LOOKAHEAD=0 (asked one at a time). glibc's lines for its own ld.so's
# relocations and its vDSO set-up (__vdso_* looked up in the vDSO) are not
# ldr's to make.
# With the lookahead on, LDR_DEBUG=statistics must show prepared lookups,
# and memo answers among them; off, none.
# Usage: check_lookahead.py SOURCE_ROOT LDR WORKDIR
import os
import re
import subprocess
import sys

root, ldr, work = sys.argv[1:4]
work = os.path.realpath(work)
os.makedirs(work, exist_ok=True)
wl = os.path.join(work, "synth-30")
prog = os.path.join(wl, "prog")
if not os.path.exists(prog):
    subprocess.run([sys.executable, os.path.join(root, "bench", "synth", "gen.py"), wl, "--libs", "30",
                    "--syms", "200", "--refs", "400", "--relative", "100", "--main-refs", "100",
                    "--tls", "--ifunc", "--copy"], check=True, stdout=subprocess.DEVNULL)
LD_SO = "/lib64/ld-linux-x86-64.so.2"


def run(argv, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("LD_", "LDR_"))}
    clean.update(env)
    return subprocess.run(argv, env=clean, capture_output=True, text=True)


def bindings(stderr):
    lines = set()
    for line in stderr.splitlines():
        m = re.match(r"\s*\d+:\s*(binding file .*)", line)
        if m and not m.group(1).startswith((f"binding file {LD_SO} ", "binding file linux-vdso.so.1 ")):
            lines.add(m.group(1))
    return lines


def stat(stderr, label):
    m = re.search(label + r": (\d+)", stderr)
    return int(m.group(1)) if m else 0


fail = []
stop = {"LD_TRACE_LOADED_OBJECTS": "1", "LD_WARN": "1"}
want = bindings(run([LD_SO, prog], dict(stop, LD_BIND_NOW="1", LD_DEBUG="bindings")).stderr)
if len(want) < 5000:
    fail.append(f"glibc made only {len(want)} bindings: the workload is not what this test needs")
for flag in ("1", "0"):
    got = run([ldr, prog], dict(stop, LD_BIND_NOW="1", LDR_LOOKAHEAD=flag, LDR_DEBUG="bindings"))
    have = bindings(got.stderr)
    if got.returncode != 0 or have != want:
        fail.append(f"LDR_LOOKAHEAD={flag}: exit {got.returncode}, {len(want - have)} of glibc's bindings "
                    f"missing, {len(have - want)} others, e.g. {sorted(want ^ have)[:2]}")
    stats = run([ldr, prog], dict(stop, LDR_LOOKAHEAD=flag, LDR_DEBUG="statistics")).stderr
    prepared, memo = stat(stats, "of which prepared in groups"), stat(stats, "of which answered by the memo")
    if flag == "1" and not (prepared > 1000 and memo > 1000):
        fail.append(f"LDR_LOOKAHEAD=1: {prepared} lookups prepared, {memo} memo answers")
    if flag == "0" and prepared != 0:
        fail.append(f"LDR_LOOKAHEAD=0: {prepared} lookups prepared")
for f in fail:
    print("FAIL", f)
sys.exit(1 if fail else 0)
