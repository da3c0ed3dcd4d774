#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Builds one libFuzzer target with clang++ (the project's compiler is g++,
# which has no libFuzzer): the harness and the loader's pure sources it
# names, with AddressSanitizer and UndefinedBehaviorSanitizer, every report
# fatal. Objects of the pure sources are kept in OBJDIR and reused while
# newer than their sources (the fuzzers share them: Ninja builds several at
# once, so the objects are made under a lock on OBJDIR, and each object and
# its depfile appear whole, by rename).
# DEPFILE lists every source and header the output depends on (for Meson).
# Usage: build_fuzzer.py CLANGXX SRCROOT BUILDROOT OBJDIR OUTPUT DEPFILE HARNESS [PURE_SOURCE...]
import fcntl
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
    """The files a depfile names, or None when it is missing or unreadable."""
    try:
        with open(dep) as f:
            _, sep, rest = f.read().replace("\\\n", " ").partition(":")
    except OSError:
        return None
    return rest.split() if sep else None


with open(os.path.join(objdir, ".lock"), "w") as lock:
    fcntl.flock(lock, fcntl.LOCK_EX)
    for src in [harness, *pure]:
        rel = os.path.relpath(src, src_root)
        obj = os.path.join(objdir, rel.replace("/", "_") + ".o")
        # Rebuilt when older than its source; a header change rebuilds through -MD's depfile.
        dep = obj + ".d"
        deps = deps_of(dep)
        stale = not os.path.exists(obj) or os.path.getmtime(obj) < os.path.getmtime(src) or deps is None
        if not stale:
            stale = any(os.path.getmtime(d) > os.path.getmtime(obj) for d in deps if os.path.exists(d))
        if stale:
            tmp = obj + f".tmp{os.getpid()}"
            subprocess.run([clangxx, *flags, "-MD", "-MF", tmp + ".d", "-c", src, "-o", tmp], check=True)
            os.replace(tmp + ".d", dep)
            os.replace(tmp, obj)
            deps = deps_of(dep)
        objects.append(obj)
        deps_all.update(deps or [src])
subprocess.run([clangxx, *flags, "-fsanitize=fuzzer", *objects, "-o", output], check=True)
with open(depfile, "w") as f:
    f.write(output + ": " + " ".join(sorted(deps_all)) + "\n")
