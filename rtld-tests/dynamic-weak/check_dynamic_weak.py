#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# LD_DYNAMIC_WEAK against glibc's ld.so: a program linked with a library
# that defines `which` weakly, then one that defines it globally. Without
# the variable the first definition wins; with it (any value, even empty)
# a weak definition yields to a later global one, for relocations and for
# dlsym(RTLD_DEFAULT), and stays the answer where no global one follows.
# Status, stdout and stderr must equal glibc's, and glibc's must be the one
# below (so the case cannot pass by testing nothing). A bind cache filled
# without the variable must not answer a start with it.
# Usage: check_dynamic_weak.py LDR PROGRAM LIBDIR
import os
import subprocess
import sys
import tempfile

GLIBC = "/lib64/ld-linux-x86-64.so.2"
ldr, prog, libdir = sys.argv[1:4]
FIRST = os.path.join(os.path.abspath(libdir), "libweak_first.so")


def expected(dynamic_weak):
    which = "second (global)" if dynamic_weak else "first (weak)"
    return (f"reference which: {which}\nreference only_weak: first only_weak\n"
            f"dlsym default which: {which}\ndlsym default only_weak: first only_weak\n"
            "dlsym first which: first (weak)\n")


def run(loader, extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LD_", "LDR_"))}
    env.update(extra)
    p = subprocess.run([loader, os.path.abspath(prog), FIRST], capture_output=True, text=True, env=env, timeout=60)
    return p.returncode, p.stdout, p.stderr


failed = False
for extra, dynamic_weak in (({}, False), ({"LD_DYNAMIC_WEAK": "1"}, True), ({"LD_DYNAMIC_WEAK": ""}, True)):
    glibc = run(GLIBC, extra)
    if glibc != (0, expected(dynamic_weak), ""):
        print(f"FAIL {extra}: glibc's run is not the expected one: {glibc!r}")
        failed = True
        continue
    got = run(ldr, extra)
    if got != glibc:
        print(f"FAIL {extra}: ldr {got!r}\n  glibc {glibc!r}")
        failed = True
with tempfile.TemporaryDirectory(prefix="ldr-dynweak-") as cache:
    warm = run(ldr, {"LDR_BIND_CACHE": cache})
    filled = len(os.listdir(cache))
    got = run(ldr, {"LDR_BIND_CACHE": cache, "LD_DYNAMIC_WEAK": "1"})
    if warm != (0, expected(False), "") or filled != 1 or got != (0, expected(True), ""):
        print(f"FAIL bind cache: filled {filled} file(s), {warm!r}, then with LD_DYNAMIC_WEAK {got!r}")
        failed = True
if failed:
    sys.exit(1)
print("ok: references and dlsym as glibc's, with and without LD_DYNAMIC_WEAK")
