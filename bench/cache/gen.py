#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Generates the cache benchmark's workload: N libc-free libraries
# (libbNNN.so.1) spread round-robin over D directories, and `prog`, a
# libc-free program with a DT_NEEDED entry for each (no RPATH). Library i
# lives in directory i % D, so a path search over the D directories makes on
# average (D + 1) / 2 open attempts per library. Writes only under OUTDIR.
# Usage: gen.py OUTDIR [--libs N] [--dirs D] [--cc CC]
import argparse
import os
import subprocess

ap = argparse.ArgumentParser()
ap.add_argument("outdir")
ap.add_argument("--libs", type=int, default=200)
ap.add_argument("--dirs", type=int, default=20)
ap.add_argument("--cc", default="cc")
a = ap.parse_args()
out = os.path.realpath(a.outdir)
src = os.path.join(out, "src")
os.makedirs(src, exist_ok=True)
dirs = [os.path.join(out, f"d{d:02}") for d in range(a.dirs)]
for d in dirs:
    os.makedirs(d, exist_ok=True)
flags = ["-O2", "-fPIC", "-nostdlib", "-ffreestanding", "-fno-stack-protector"]
link_names = []
for i in range(a.libs):
    name = f"libb{i:03}.so.1"
    c = os.path.join(src, f"b{i:03}.c")
    with open(c, "w") as f:
        f.write(f"int b{i:03}(int x) {{ return x + {i}; }}\n")
    so = os.path.join(dirs[i % a.dirs], name)
    subprocess.run([a.cc] + flags + ["-shared", f"-Wl,-soname,{name}", "-o", so, c], check=True)
    link_names.append(so)
main = os.path.join(src, "prog.c")
with open(main, "w") as f:
    f.write("void _start(void) {\n"
            "  __asm__ volatile(\"mov $60, %eax\\n xor %edi, %edi\\n syscall\");\n"
            "}\n")
subprocess.run([a.cc] + flags + ["-fPIE", "-pie", "-Wl,--no-as-needed", "-o", os.path.join(out, "prog"), main]
               + link_names, check=True)
with open(os.path.join(out, "dirs"), "w") as f:
    f.write(":".join(dirs) + "\n")
print(f"{a.libs} libraries in {a.dirs} directories under {out}; program {out}/prog")
