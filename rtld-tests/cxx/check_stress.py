#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# dl_stress under glibc's ld.so and under ldr (direct and as interpreter):
# no failure, every constructor matched by its destructor (800 each), no
# libstress object left mapped — the same report from both loaders.
# Usage: check_stress.py LDR BUILDDIR
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from loaders import report_differences, three_runs  # noqa: E402

L, B = (os.path.realpath(p) for p in sys.argv[1:3])
WANT = (0, "failures 0\ninitialisers 800 finalisers 800\nlibstress mappings left 0\nwalked yes, threw yes\n", "")

runs = three_runs(f"{B}/dl_stress", [B], L, f"{B}/dl_stress.interp-ldr", timeout=100)
if report_differences("dl_stress", WANT, runs, want_name="want"):
    sys.exit(1)
print("ok: glibc and ldr give the same report")
