#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# One of CPython's own regression tests (Debian's libpython3.11-testsuite)
# run with the interpreter under glibc's ld.so, under ldr directly (`ldr
# python3`) and as a copy whose PT_INTERP is ldr: the same exit status, number
# of tests run, verdict with failure and skip counts, and overall result
# (timings are not compared). Children the tests spawn (sys.executable) run
# under glibc's ld.so in the first two runs, under ldr in the third. Resources
# (-u) stay off, python's default. Must not pass when glibc's run fails.
# Usage: check_cpython.py TEST LDR BUILDDIR
import os
import re
import shutil
import subprocess
import sys

GLIBC = "/lib64/ld-linux-x86-64.so.2"
test, ldr, build = sys.argv[1], os.path.realpath(sys.argv[2]), os.path.realpath(sys.argv[3])


def run(*loader):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LD_", "LDR_", "PYTHON"))}
    env["LC_ALL"] = "C.UTF-8"
    p = subprocess.run([*loader, "-m", "test", "-v", test], capture_output=True,
                       text=True, env=env, timeout=190)  # three runs within the case's 600 s
    out = p.stdout + p.stderr
    ran = re.findall(r"^Ran (\d+) tests?", out, re.M)
    verdict = re.findall(r"^(OK|FAILED)\b(.*)$", out, re.M)
    result = re.findall(r"^Tests result: (\w+)", out, re.M)
    return p.returncode, ran, verdict, result, out


want = run(GLIBC, "/usr/bin/python3")
if want[3] != ["SUCCESS"] or not want[1]:
    print(f"FAIL: {test} does not pass under glibc's ld.so here; result {want[3]}:\n{want[4][-3000:]}")
    sys.exit(1)
copy = os.path.join(build, f".python3-interp-ldr.{test}")
shutil.copy("/usr/bin/python3", copy)
subprocess.run(["patchelf", "--set-interpreter", ldr, copy], check=True)
failed = False
for mode, argv in (("direct", (ldr, "/usr/bin/python3")), ("interp", (copy,))):
    got = run(*argv)
    if got[:4] != want[:4]:
        failed = True
        print(f"FAIL {test} [{mode}]\n  glibc: status {want[0]}, ran {want[1]}, {want[2]}, {want[3]}\n"
              f"  ldr:   status {got[0]}, ran {got[1]}, {got[2]}, {got[3]}\n{got[4][-4000:]}")
os.unlink(copy)
if failed:
    sys.exit(1)
print(f"ok {test}: ran {want[1]}, {want[2]}, {want[3][0]} under glibc's ld.so and ldr (direct, interpreter)")
