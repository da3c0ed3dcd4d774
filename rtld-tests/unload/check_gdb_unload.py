#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# gdb sees dlclose: stopped at dlclose, `info sharedlibrary` lists the
# library and its dependency; after `finish` it lists neither (ldr announced
# RT_DELETE/RT_CONSISTENT through _dl_debug_state). The libraries listed at
# both points must equal what gdb lists under glibc's ld.so.
# Usage: check_gdb_unload.py LDR UNLOAD DIR
import os
import re
import shutil
import subprocess
import sys
import tempfile

ldr, prog, libdir = sys.argv[1:4]
GDB = ["gdb", "-batch", "-nx", "-ex", "set debuginfod enabled off", "-ex", "break dlclose",
       "-ex", "run", "-ex", "info sharedlibrary", "-ex", "finish", "-ex", "info sharedlibrary"]


def libraries(argv):
    out = subprocess.run(GDB + ["--args"] + argv + [libdir, "with_dependency"], capture_output=True,
                         text=True, timeout=120).stdout
    tables = out.split("Shared Object Library")[1:]
    return [sorted(set(re.findall(r"/libunl_\w+\.so", t))) for t in tables]


def main():
    want = libraries([os.path.abspath(prog)])
    if want != [["/libunl_dep.so", "/libunl_main.so"], []]:
        print(f"gdb under glibc's ld.so did not show what this test is about: {want}")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, "unload")
        shutil.copy(prog, copy)
        subprocess.run(["patchelf", "--set-interpreter", os.path.realpath(ldr), copy], check=True)
        got = libraries([copy])
    print(f"glibc: {want}\nldr:   {got}")
    return 0 if got == want else 1


sys.exit(main())
