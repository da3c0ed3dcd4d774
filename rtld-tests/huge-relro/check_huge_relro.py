#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# usage: check_huge_relro.py CASE LDR PROG — runs the big-RELRO program under
# glibc's ld.so or ldr and checks its report (see big_relro.c); or runs
# clang's compiler proper (libLLVM: 7.5 MiB of RELRO, vtables the compiler
# calls through) under both and compares the objects it writes.
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

GLIBC = "/lib64/ld-linux-x86-64.so.2"


def thp_on():
    try:
        with open("/sys/kernel/mm/transparent_hugepage/enabled") as f:
            return "[never]" not in f.read()
    except OSError:
        return False


def run(argv, extra=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LD_", "LDR_"))}
    env.update(extra or {})
    p = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        sys.exit(f"FAIL: {argv} exited {p.returncode}: {p.stderr.strip()}")
    return p.stdout.splitlines()


def expect(got, want):
    if got != want:
        sys.exit(f"FAIL: got {got}, want {want}")
    print("ok:", " / ".join(got))


case, ldr, prog = sys.argv[1:4]
if case == "glibc_maps_the_relro_from_the_file":
    expect(run([GLIBC, prog])[:2], ["table ok", "middle file r--p"])  # its start: where mmap put it
elif case == "ldr_moves_the_relro_to_huge_pages":
    # Anonymous only where the kernel can give huge pages; the bytes and the
    # read-only protection are the same either way.
    # ldr also loads the object so that its RELRO starts a huge page.
    want = ["table ok", "middle anon r--p", "start aligned"] if thp_on() else ["table ok", "middle file r--p"]
    expect(run([ldr, prog])[:len(want)], want)
elif case == "ldr_huge_relro_off_keeps_the_file_mapping":
    expect(run([ldr, prog], {"LDR_HUGE_RELRO": "0"})[:2], ["table ok", "middle file r--p"])
elif case == "clang_compiles_the_same_object_under_ldr":
    clang = shutil.which("clang-14") or shutil.which("clang")
    if clang is None:
        sys.exit("FAIL: clang is not installed (scripts/setup.sh installs it)")
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "t.cc")
        with open(src, "w") as f:
            f.write("#include <map>\n#include <string>\n#include <vector>\n"
                    "template <int N> struct T { virtual int f() { return N; } };\n"
                    "int g(std::map<std::string, std::vector<int>>& m) { m[\"a\"].push_back(1);"
                    " return T<3>().f() + static_cast<int>(m.size()); }\n")
        # The driver's -cc1 command line, run directly: the driver would exec
        # clang again through its PT_INTERP (glibc's), not under ldr.
        plan = subprocess.run([clang, "-###", "-O2", "-c", src, "-o", "OUT.o"], capture_output=True, text=True)
        cc1 = [shlex.split(l) for l in plan.stderr.splitlines() if '"-cc1"' in l][0]
        objects = []
        for loader, extra in ((GLIBC, {}), (ldr, {})):
            out = os.path.join(d, f"{len(objects)}.o")
            argv = [loader, cc1[0]] + [out if a == "OUT.o" else a for a in cc1[1:]]
            run(argv, extra)
            with open(out, "rb") as f:
                objects.append(f.read())
        if objects[0] != objects[1]:
            sys.exit("FAIL: the objects clang wrote under glibc's ld.so and under ldr differ")
        print(f"ok: the same {len(objects[0])}-byte object")
else:
    sys.exit(f"unknown case {case}")
