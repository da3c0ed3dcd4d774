#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# dl_stress under glibc's ld.so and under ldr (direct and as interpreter):
# no failure, every constructor matched by its destructor (800 each), no
# libstress object left mapped — the same report from both loaders.
# Usage: check_stress.py LDR BUILDDIR
import os
import shutil
import subprocess
import sys

GLIBC = "/lib64/ld-linux-x86-64.so.2"
L, B = (os.path.realpath(p) for p in sys.argv[1:3])
WANT = (0, "failures 0\ninitialisers 800 finalisers 800\nlibstress mappings left 0\nwalked yes, threw yes\n", "")


def run(argv):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LD_", "LDR_"))}
    p = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=100)
    return p.returncode, p.stdout, p.stderr


copy = f"{B}/dl_stress.interp-ldr"
shutil.copy(f"{B}/dl_stress", copy)
subprocess.run(["patchelf", "--set-interpreter", L, copy], check=True)
runs = {"glibc": run([GLIBC, f"{B}/dl_stress", B]), "ldr direct": run([L, f"{B}/dl_stress", B]),
        "ldr interp": run([copy, B])}
failed = [name for name, got in runs.items() if got != WANT]
for name in failed:
    print(f"FAIL [{name}]\n  want {WANT!r}\n  got  {runs[name]!r}")
if failed:
    sys.exit(1)
print("ok: glibc and ldr give the same report")
