#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# One of CPython's own regression tests (Debian's libpython3.11-testsuite)
# run with the interpreter under glibc's ld.so and under ldr (`ldr python3`):
# the same number of tests run, the same verdict and skip count, and the
# same overall result. Children the tests spawn (sys.executable) run under
# glibc's ld.so in both cases.
# Usage: check_cpython.py TEST LDR
import os
import re
import subprocess
import sys

GLIBC = "/lib64/ld-linux-x86-64.so.2"
test, ldr = sys.argv[1], os.path.realpath(sys.argv[2])


def run(loader):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LD_", "LDR_", "PYTHON"))}
    env["LC_ALL"] = "C.UTF-8"
    p = subprocess.run([loader, "/usr/bin/python3", "-m", "test", "-v", test], capture_output=True,
                       text=True, env=env, timeout=900)
    out = p.stdout + p.stderr
    ran = re.findall(r"^Ran (\d+) tests?", out, re.M)
    verdict = re.findall(r"^(OK|FAILED)\b(.*)$", out, re.M)
    result = re.findall(r"^Tests result: (\w+)", out, re.M)
    return p.returncode, ran, verdict, result, out


want = run(GLIBC)
if want[3] != ["SUCCESS"] or not want[1]:
    print(f"FAIL: {test} does not pass under glibc's ld.so here; result {want[3]}:\n{want[4][-3000:]}")
    sys.exit(1)
got = run(ldr)
if got[:4] != want[:4]:
    print(f"FAIL {test}\n  glibc: status {want[0]}, ran {want[1]}, {want[2]}, {want[3]}\n"
          f"  ldr:   status {got[0]}, ran {got[1]}, {got[2]}, {got[3]}\n{got[4][-4000:]}")
    sys.exit(1)
print(f"ok {test}: ran {got[1]}, {got[2]}, {got[3][0]} under both loaders")
