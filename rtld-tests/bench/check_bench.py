#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Smoke test of the benchmark tooling (bench/): the generator builds a
# 3-library workload with every relocation kind it offers, and the runner's
# quick mode runs ldr and glibc's ld.so on it and writes its JSON; the
# close-call comparator (runner/paired.py) reports a paired ratio, and the
# sweep of installed programs (runner/sweep.py) its table row. Checks
# shapes and counts only, never a time: speed belongs to bench/run.sh.
# Usage: check_bench.py SOURCE_ROOT LDR WORKDIR
import json
import os
import subprocess
import sys

root, ldr, work = sys.argv[1:4]
work = os.path.realpath(work)
os.makedirs(work, exist_ok=True)
out = os.path.join(work, "results.json")
subprocess.run([sys.executable, os.path.join(root, "bench", "runner", "run.py"), "--ldr", ldr, "--work", work,
                "--quick", "--workloads", "synth:3:relr", "--no-callgrind", "--json", out],
               check=True, stdout=subprocess.DEVNULL)
res = json.load(open(out))
(wl,) = res["results"]
fail = []
want = {"RELR", "R_X86_64_64", "R_X86_64_GLOB_DAT", "R_X86_64_JUMP_SLOT", "R_X86_64_COPY",
        "R_X86_64_DTPMOD64", "R_X86_64_DTPOFF64", "R_X86_64_IRELATIVE"}
got = set(wl["info"]["relocations"])
if not want <= got:
    fail.append(f"relocation kinds missing from the workload: {sorted(want - got)}")
if not 16 <= wl["info"]["name_length"]["min"] <= wl["info"]["name_length"]["max"] <= 120:
    fail.append(f"name lengths {wl['info']['name_length']}")
for stop in ("reloc", "main", "full"):
    s = wl["stops"].get(stop, {})
    for key in ("ldr", "glibc-now", "glibc-lazy", "ldr/glibc-now", "ldr/glibc-lazy"):
        if key not in s:
            fail.append(f"{stop}: no {key}")
    if "ldr" in s and not (s["ldr"]["cpu_ms"] > 0 and s["ldr"]["minflt"] > 0 and s["ldr"]["maxrss_kib"] > 0):
        fail.append(f"{stop}: empty figures {s['ldr']}")
# Deterministic: the same seed gives the same sources.
again = os.path.join(work, "again")
subprocess.run([sys.executable, os.path.join(root, "bench", "synth", "gen.py"), again, "--libs", "3", "--relr",
                "--tls", "--ifunc", "--copy", "--syms", "50", "--refs", "100", "--relative", "200",
                "--main-refs", "20"], check=True, stdout=subprocess.DEVNULL)
for f in ("s000.c", "s002.c", "prog.c"):
    if open(os.path.join(work, "synth-3-relr", "src", f)).read() != open(os.path.join(again, "src", f)).read():
        fail.append(f"{f} differs between two generations with the same seed")
# The close-call comparator runs and reports its paired ratio (never a time).
p = subprocess.run([sys.executable, os.path.join(root, "bench", "runner", "paired.py"), "--rounds", "3",
                    "--warmup", "0", "--work", work, f"a={ldr} /bin/true", "b=/lib64/ld-linux-x86-64.so.2 /bin/true"],
                   capture_output=True, text=True)
if p.returncode != 0 or not p.stdout.startswith("a / b: median ") or "3 rounds" not in p.stdout:
    fail.append(f"paired.py: status {p.returncode}, {p.stdout!r} {p.stderr!r}")
# The sweep runs its three variants on a listed program and skips one that is
# not installed.
plist = os.path.join(work, "sweep-programs.txt")
with open(plist, "w") as f:
    f.write("# a comment\ntrue /bin/true --version\nabsent /nonexistent/prog\n")
p = subprocess.run([sys.executable, os.path.join(root, "bench", "runner", "sweep.py"), "--ldr", ldr, "--rounds", "3",
                    "--warmup", "1", "--work", work, "--programs", plist], capture_output=True, text=True)
rows = [r for r in p.stdout.splitlines() if r.startswith("| `")]
if p.returncode != 0 or len(rows) != 1 or not rows[0].startswith("| `true` | ") or rows[0].count("|") != 6:
    fail.append(f"sweep.py: status {p.returncode}, {p.stdout!r}")
if "skipping absent" not in p.stderr:
    fail.append(f"sweep.py did not report the absent program: {p.stderr!r}")
for f in fail:
    print("FAIL", f)
sys.exit(1 if fail else 0)
