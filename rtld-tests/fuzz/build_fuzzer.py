#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Builds one libFuzzer target with clang++ (the project's compiler is g++,
# which has no libFuzzer): the harness and the loader's pure sources it
# names, with AddressSanitizer and UndefinedBehaviorSanitizer, every report
# fatal. Objects of the pure sources are kept in OBJDIR and reused while
# newer than their sources (the fuzzers share them).
# DEPFILE lists every source and header the output depends on (for Meson).
# Usage: build_fuzzer.py CLANGXX SRCROOT BUILDROOT OBJDIR OUTPUT DEPFILE HARNESS [PURE_SOURCE...]
import os
import subprocess
import sys

clangxx, src_root, build_root, objdir, output, depfile, harness, *pure = sys.argv[1:]
flags = ["-std=c++20", "-O1", "-g", "-fno-omit-frame-pointer", "-fno-exceptions", "-fno-rtti",
         "-fsanitize=fuzzer-no-link,address,undefined", "-fno-sanitize-recover=all",
         "-I", os.path.join(src_root, "ldr"), "-I", src_root, "-I", build_root]
os.makedirs(objdir, exist_ok=True)
objects = []
deps_all = set()


def deps_of(dep):
    with open(dep) as f:
        return f.read().replace("\\\n", " ").split(":", 1)[1].split()


for src in [harness, *pure]:
    rel = os.path.relpath(src, src_root)
    obj = os.path.join(objdir, rel.replace("/", "_") + ".o")
    # Rebuilt when older than its source; a header change rebuilds through -MD's depfile.
    dep = obj + ".d"
    stale = not os.path.exists(obj) or os.path.getmtime(obj) < os.path.getmtime(src)
    if not stale and os.path.exists(dep):
        stale = any(os.path.getmtime(d) > os.path.getmtime(obj) for d in deps_of(dep) if os.path.exists(d))
    if stale:
        tmp = obj + f".tmp{os.getpid()}"
        subprocess.run([clangxx, *flags, "-MD", "-MF", dep, "-c", src, "-o", tmp], check=True)
        os.replace(tmp, obj)
    objects.append(obj)
    deps_all.update(deps_of(dep))
subprocess.run([clangxx, *flags, "-fsanitize=fuzzer", *objects, "-o", output], check=True)
with open(depfile, "w") as f:
    f.write(output + ": " + " ".join(sorted(deps_all)) + "\n")
