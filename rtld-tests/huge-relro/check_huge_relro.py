#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# usage: check_huge_relro.py CASE LDR PROG — runs the big-RELRO program under
# glibc's ld.so or ldr and checks its report (see big_relro.c).
import os
import subprocess
import sys

GLIBC = "/lib64/ld-linux-x86-64.so.2"


def thp_on():
    try:
        with open("/sys/kernel/mm/transparent_hugepage/enabled") as f:
            return "[never]" not in f.read()
    except OSError:
        return False


def run(argv, extra=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LD_", "LDR_"))}
    env.update(extra or {})
    p = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        sys.exit(f"FAIL: {argv} exited {p.returncode}: {p.stderr.strip()}")
    return p.stdout.splitlines()


def expect(got, want):
    if got != want:
        sys.exit(f"FAIL: got {got}, want {want}")
    print("ok:", " / ".join(got))


case, ldr, prog = sys.argv[1:4]
if case == "glibc_maps_the_relro_from_the_file":
    expect(run([GLIBC, prog])[:2], ["table ok", "middle file r--p"])  # its start: where mmap put it
elif case == "ldr_moves_the_relro_to_huge_pages":
    # Anonymous only where the kernel can give huge pages; the bytes and the
    # read-only protection are the same either way.
    # ldr also loads the object so that its RELRO starts a huge page.
    want = ["table ok", "middle anon r--p", "start aligned"] if thp_on() else ["table ok", "middle file r--p"]
    expect(run([ldr, prog])[:len(want)], want)
elif case == "ldr_huge_relro_off_keeps_the_file_mapping":
    expect(run([ldr, prog], {"LDR_HUGE_RELRO": "0"})[:2], ["table ok", "middle file r--p"])
else:
    sys.exit(f"unknown case {case}")
