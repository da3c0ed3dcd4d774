#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# unique_probe under glibc's ld.so and under ldr (direct and as interpreter):
# the STB_GNU_UNIQUE template static is one instance for both RTLD_LOCAL
# libraries, exactly as glibc's output says.
# Usage: check_unique.py LDR BUILDDIR
import os
import shutil
import subprocess
import sys

GLIBC = "/lib64/ld-linux-x86-64.so.2"
L, B = (os.path.realpath(p) for p in sys.argv[1:3])
WANT = (0, "one instance: yes, value seen through b: 101\n", "")


def run(argv):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LD_", "LDR_"))}
    p = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=30)
    return p.returncode, p.stdout, p.stderr


copy = f"{B}/.unique_probe.interp-ldr"
shutil.copy(f"{B}/unique_probe", copy)
subprocess.run(["patchelf", "--set-interpreter", L, copy], check=True)
runs = {"glibc": run([GLIBC, f"{B}/unique_probe", B]), "ldr direct": run([L, f"{B}/unique_probe", B]),
        "ldr interp": run([copy, B])}
failed = [n for n, r in runs.items() if r != WANT]
for n in failed:
    print(f"FAIL [{n}]\n  want {WANT!r}\n  got  {runs[n]!r}")
sys.exit(1 if failed else 0)
