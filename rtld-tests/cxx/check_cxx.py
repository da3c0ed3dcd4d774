#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# cxx_app under glibc's ld.so and under ldr (direct and as the interpreter
# of a copy): identical status, stdout and stderr; glibc's output must show
# the plugin finalised at dlclose and initialised again.
# Usage: check_cxx.py LDR BUILDDIR
import os
import shutil
import subprocess
import sys

GLIBC = "/lib64/ld-linux-x86-64.so.2"
L, B = (os.path.realpath(p) for p in sys.argv[1:3])
MARKERS = ["closing the plugin\nplugin: finalised\nopening it again\nplugin: initialised",
           "thread_local destructors: app 8, shapes 8, plugin 8", "grouped 1,234,567"]


def run(argv):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LD_", "LDR_"))}
    p = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=30)
    return p.returncode, p.stdout, p.stderr


argv = [f"{B}/cxx_app", f"{B}/libplugin.so"]
want = run([GLIBC] + argv)
missing = [m for m in MARKERS if m not in want[1]]
if missing:
    print(f"FAIL: glibc's run lacks {missing!r}: {want!r}")
    sys.exit(1)
got = {"direct": run([L] + argv)}
# The copy stays next to the libraries: its RUNPATH is $ORIGIN.
copy = f"{B}/cxx_app.interp-ldr"
shutil.copy(argv[0], copy)
subprocess.run(["patchelf", "--set-interpreter", L, copy], check=True)
got["interp"] = run([copy] + argv[1:])
failed = False
for mode, result in got.items():
    if result != want:
        failed = True
        print(f"FAIL [{mode}]\n  glibc {want!r}\n  ldr   {result!r}")
if failed:
    sys.exit(1)
print(f"ok: {len(want[1])} bytes, same as glibc")
