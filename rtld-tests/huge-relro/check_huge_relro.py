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
    expect(run([GLIBC, prog]), ["table ok", "middle file r--p"])
elif case == "ldr_moves_the_relro_to_huge_pages":
    # Anonymous only where the kernel can give huge pages; the bytes and the
    # read-only protection are the same either way.
    expect(run([ldr, prog]), ["table ok", "middle anon r--p" if thp_on() else "middle file r--p"])
elif case == "ldr_huge_relro_off_keeps_the_file_mapping":
    expect(run([ldr, prog], {"LDR_HUGE_RELRO": "0"}), ["table ok", "middle file r--p"])
else:
    sys.exit(f"unknown case {case}")
