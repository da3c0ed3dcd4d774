#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# gdb on a program started by ldr: `info sharedlibrary` lists the program's
# library, a breakpoint in a library function is hit, and the backtrace has
# symbols. Usage: check_gdb.py MODE LDR PROGRAM LIBNAME FUNCTION
#   MODE = interp (the program's PT_INTERP is ldr) or direct (gdb --args ldr PROGRAM).
import re
import subprocess
import sys

mode, ldr, program, libname, function = sys.argv[1:6]
cmd = ["gdb", "-nx", "-q", "-batch",
       "-ex", "set breakpoint pending on",
       "-ex", "set debuginfod enabled off",
       "-ex", f"break {function}",
       "-ex", "run",
       "-ex", "info sharedlibrary",
       "-ex", "bt",
       "-ex", "kill"]
cmd += [program] if mode == "interp" else ["--args", ldr, program]
out = subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout
problems = []
if not re.search(rf"^Breakpoint 1, {function} \(", out, re.M):
    problems.append(f"breakpoint in {function} was not hit")
if not re.search(rf"^0x[0-9a-f]+\s+0x[0-9a-f]+\s+Yes\s+\S*/{re.escape(libname)}$", out, re.M):
    problems.append(f"info sharedlibrary does not list {libname}")
if not re.search(rf"^#0\s+{function} \(", out, re.M):
    problems.append("backtrace frame #0 is not the library function")
if mode == "interp" and not re.search(r"^#1\s+0x[0-9a-f]+ in main \(", out, re.M):
    problems.append("backtrace frame #1 is not main")
if problems:
    print(out)
    for p in problems:
        print("FAIL:", p)
    sys.exit(1)
print(f"gdb {mode}: breakpoint hit in {function}, {libname} listed, backtrace symbolic")
