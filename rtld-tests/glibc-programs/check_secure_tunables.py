#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# GLIBC_TUNABLES in secure mode, compared with glibc's ld.so: a setuid-root
# copy of tunables_probe (a glibc program) per loader, run as nobody. glibc
# 2.36 rewrites the variable keeping only the tunables that are not
# SXID_ERASE, applies none of the SXID_IGNORE ones, and erases SXID_ERASE
# aliases (MALLOC_CHECK_) from the environment; a normal run applies them.
# Usage: check_secure_tunables.py LDR PROBE
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from loaders import GLIBC, NOBODY, setuid_copies  # noqa: E402

ldr, probe = os.path.realpath(sys.argv[1]), sys.argv[2]
TUNABLES = ("glibc.malloc.check=1:glibc.malloc.perturb=85:glibc.rtld.nns=3:no.such.tunable=1:"
            ":glibc.malloc.mmap_max=4:glibc.malloc.top_pad")
EXTRA = {"GLIBC_TUNABLES": TUNABLES, "MALLOC_CHECK_": "3", "MALLOC_MMAP_MAX_": "7",
         "MALLOC_TOP_PAD_": "4096"}
# What glibc's own runs must show, so the comparison is not vacuous.
WANT = {
    "secure": ["AT_SECURE=1",
               "GLIBC_TUNABLES=glibc.malloc.perturb=85:glibc.malloc.mmap_max=4",
               "MALLOC_CHECK_ (unset)", "MALLOC_MMAP_MAX_=7", "fresh allocation byte: 0x00"],
    "normal": ["AT_SECURE=0", "GLIBC_TUNABLES=" + TUNABLES, "MALLOC_CHECK_=3",
               "fresh allocation byte: 0xaa"],
}


def run(args, as_nobody):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LD_", "LDR_", "GLIBC_", "MALLOC_"))}
    env.update(EXTRA)
    if as_nobody:
        args = NOBODY + args
    p = subprocess.run(args, capture_output=True, text=True, env=env, timeout=30)
    return p.returncode, p.stdout, p.stderr


failed = False
with tempfile.TemporaryDirectory() as tmp:
    copies = setuid_copies(tmp, probe, ldr)
    for mode, as_nobody in (("secure", True), ("normal", False)):
        want = run([copies["glibc"]], as_nobody)
        got = run([copies["ldr"]], as_nobody)
        for line in WANT[mode]:
            if line not in want[1].splitlines():
                failed = True
                print(f"FAIL {mode}: glibc's run lacks {line!r}:\n{want[1]}")
        if got != want:
            failed = True
            print(f"FAIL {mode}: ldr differs from glibc's ld.so\n--- glibc ---\n{want}\n--- ldr ---\n{got}")
    # Direct invocation is never secure; it must still equal glibc's.
    want, got = run([GLIBC, probe], False), run([ldr, probe], False)
    if got != want:
        failed = True
        print(f"FAIL direct: ldr differs from glibc's ld.so\n--- glibc ---\n{want}\n--- ldr ---\n{got}")
if failed:
    sys.exit(1)
print("ok: GLIBC_TUNABLES is filtered and applied as glibc's ld.so does (secure, normal, direct)")
