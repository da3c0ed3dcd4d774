#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# unique_probe under glibc's ld.so and under ldr (direct and as interpreter):
# the STB_GNU_UNIQUE template static is one instance for both RTLD_LOCAL
# libraries, exactly as glibc's output says.
# Usage: check_unique.py LDR BUILDDIR
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from loaders import report_differences, three_runs  # noqa: E402

L, B = (os.path.realpath(p) for p in sys.argv[1:3])
WANT = (0, "one instance: yes, value seen through b: 101\n", "")

runs = three_runs(f"{B}/unique_probe", [B], L, f"{B}/.unique_probe.interp-ldr", timeout=30)
sys.exit(1 if report_differences("unique_probe", WANT, runs, want_name="want") else 0)
