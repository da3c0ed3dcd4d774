#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# cxx_app under glibc's ld.so and under ldr (direct and as the interpreter
# of a copy): identical status, stdout and stderr; glibc's output must show
# the plugin finalised at dlclose and initialised again.
# Usage: check_cxx.py LDR BUILDDIR
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from loaders import report_differences, three_runs  # noqa: E402

L, B = (os.path.realpath(p) for p in sys.argv[1:3])
MARKERS = ["closing the plugin\nplugin: finalised\nopening it again\nplugin: initialised",
           "thread_local destructors: app 8, shapes 8, plugin 8", "grouped 1,234,567"]

# The copy stays next to the libraries: its RUNPATH is $ORIGIN.
runs = three_runs(f"{B}/cxx_app", [f"{B}/libplugin.so"], L, f"{B}/cxx_app.interp-ldr", timeout=30)
want = runs.pop("glibc")
missing = [m for m in MARKERS if m not in want[1]]
if missing:
    print(f"FAIL: glibc's run lacks {missing!r}: {want!r}")
    sys.exit(1)
if report_differences("cxx_app", want, runs):
    sys.exit(1)
print(f"ok: {len(want[1])} bytes, same as glibc")
