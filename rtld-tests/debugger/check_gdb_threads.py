#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# gdb with libthread_db on a threaded program run by ldr (a copy whose
# PT_INTERP is ldr) and by glibc's ld.so: the breakpoint in a dlopened
# library is hit with a symbolic backtrace, the library is listed, gdb
# enables thread debugging, and the TLS variables of every thread — of the
# program and of the dlopened library — read the same under both loaders.
# Usage: check_gdb_threads.py LDR PROGRAM LIBRARY
import os
import re
import shutil
import subprocess
import sys
import tempfile

ldr, program, library = (os.path.realpath(p) for p in sys.argv[1:4])


def gdb(prog):
    cmd = ["gdb", "-nx", "-q", "-batch", "-ex", "set auto-load safe-path /",
           "-ex", "set debuginfod enabled off", "-ex", "set breakpoint pending on",
           "-ex", "break lib_stop", "-ex", "run", "-ex", "bt", "-ex", "info sharedlibrary",
           "-ex", "thread apply all print tv", "-ex", "thread apply all print lib_tv", "-ex", "kill",
           "--args", prog, library]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout


def facts(out):
    return {
        "thread debugging": "[Thread debugging using libthread_db enabled]" in out,
        "breakpoint": bool(re.search(r"^Thread 1 \S+ hit Breakpoint 1, lib_stop \(", out, re.M)),
        "frame 1 is main": bool(re.search(r"^#1\s+0x[0-9a-f]+ in main \(", out, re.M)),
        "library listed": bool(re.search(r"Yes\s+\S*/libtlsdbg\.so$", out, re.M)),
        "tls values": sorted(int(v) for v in re.findall(r"^\$\d+ = (-?\d+)$", out, re.M)),
    }


want = facts(gdb(program))
expected = {"thread debugging": True, "breakpoint": True, "frame 1 is main": True,
            "library listed": True, "tls values": [7, 11, 22, 700, 1100, 2200]}
if want != expected:
    print(f"FAIL: under glibc's ld.so gdb shows {want}, expected {expected}")
    sys.exit(1)
with tempfile.TemporaryDirectory() as tmp:
    copy = os.path.join(tmp, os.path.basename(program))
    shutil.copy(program, copy)
    subprocess.run(["patchelf", "--set-interpreter", ldr, copy], check=True)
    out = gdb(copy)
got = facts(out)
if got != want:
    print(out)
    print(f"FAIL: under ldr gdb shows {got}\n  under glibc's ld.so: {want}")
    sys.exit(1)
print(f"ok: {got}")
