#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Runs one scenario of `unload` under glibc's ld.so, under ldr directly and
# through a copy whose PT_INTERP is ldr; status, stdout and stderr must be
# identical, and glibc's own output must show what the scenario is about.
# Usage: check_unload.py LDR UNLOAD DIR SCENARIO
#        check_unload.py LDR API DIR api GOLDEN — the ldr_* API: under glibc's
#        ld.so it must be absent; under ldr the output must equal GOLDEN
#        (DIR written as <DIR>).
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from loaders import GLIBC, masked_trace  # noqa: E402

ldr, prog, libdir, scenario = sys.argv[1:5]
prog = os.path.abspath(prog)  # messages name the program as it was run

# What glibc's run must contain, so a scenario cannot pass by testing nothing.
EXPECT = {
    "with_dependency": ["dlclose main\nfini main\nfini dep\n  main: maps=0 phdr=0 r_debug=0\n"
                        "  dep: maps=0 phdr=0 r_debug=0\ninit dep\ninit main\nmain_value=41\n"],
    "opened_twice": ["dlclose main (1 of 2)\n  main: maps=1 phdr=1 r_debug=1\n",
                     "dlclose main (2 of 2)\nfini main\nfini dep\n"],
    "shared_dependency": ["dlclose main\nfini main\n  main: maps=0", "  dep: maps=1",
                          "dlclose other\nfini other\nfini dep\n"],
    "dependency_opened_directly": ["dlclose main\nfini main\n  main: maps=0 phdr=0 r_debug=0\n"
                                   "  dep: maps=1", "dlclose dep\nfini dep\n"],
    "diamond_order": ["dlclose root\nfini root\n"],
    "nodelete": ["dlclose leaf (RTLD_NODELETE)\n  leaf: maps=1",
                 "dlclose main (NOLOAD|NODELETE)\n  main: maps=1", "nodel: maps=1"],
    "relocation_dependency": ["ref_value=14\ndlclose glob\n  glob: maps=1",
                              "dlclose ref\nfini ref\nfini glob\n  glob: maps=0"],
    "default_lookup_from_executable": ["found: 1\ndlclose glob\n  glob: maps=1"],
    "unique_symbol": ["unique_value=6\ndlclose unique\n  unique: maps=1"],
    "thread_dtor": ["dlclose tlsdtor\n  tlsdtor: maps=1", "thread dtor ran\n  tlsdtor: maps=1",
                    "dlclose leaf\nfini tlsdtor\nfini leaf\n  tlsdtor: maps=0"],
    "threads_cycle_while_others_walk": ["threads done\n  root: maps=0 phdr=0 r_debug=0\n"
                                        "  main: maps=0", "  leaf: maps=0 phdr=0 r_debug=0\n"],
    "repeated_cycles": ["anonymous mappings grew 0 KiB, RssAnon grew at most 8 KiB\n"
                        "  root: maps=0 phdr=0 r_debug=0\n  dep: maps=0"],
}


def run(argv, extra=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LD_", "LDR_"))}
    env["LC_ALL"] = "C"
    env.update(extra or {})
    p = subprocess.run(argv, capture_output=True, env=env, timeout=60)
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


def check_api(golden):
    want_glibc = (0, "ldr API available: no\n", "")
    with open(golden) as f:
        want = (0, f.read(), "")
    ok = True
    glibc = run([GLIBC, prog, libdir])
    if glibc != want_glibc:
        ok = False
        print(f"--- glibc's ld.so: expected the API to be absent\n{glibc}")
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, "api")
        shutil.copy(prog, copy)
        subprocess.run(["patchelf", "--set-interpreter", os.path.realpath(ldr), copy], check=True)
        for mode, argv in (("direct", [ldr, prog, libdir]), ("interp", [copy, libdir])):
            st, out, err = run(argv)
            out = out.replace(copy, prog)  # the requester is named by the path it ran as
            got = (st, out.replace(os.path.realpath(libdir), "<DIR>").replace(libdir, "<DIR>"), err)
            if got != want:
                ok = False
                print(f"--- {mode}: expected\n{want[1]}--- got status {got[0]}\n{got[1]}{got[2]}")
            elif mode == "direct":
                print(got[1], end="")
    return 0 if ok else 1


def main():
    if scenario == "api":
        return check_api(sys.argv[5])
    args = [libdir, scenario]
    want = run([GLIBC, prog] + args)
    ok = True
    for needle in EXPECT[scenario]:
        if needle not in want[1]:
            print(f"glibc's output lacks {needle!r}:\n{want[1]}")
            ok = False
    got = {"direct": run([ldr, prog] + args)}
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, "unload")
        shutil.copy(prog, copy)
        subprocess.run(["patchelf", "--set-interpreter", os.path.realpath(ldr), copy], check=True)
        got["interp"] = run([copy] + args)
    for mode, res in got.items():
        if res != want:
            ok = False
            print(f"--- {mode} differs from glibc's ld.so")
            print(f"glibc: status {want[0]}\n{want[1]}{want[2]}")
            print(f"ldr:   status {res[0]}\n{res[1]}{res[2]}")
    # LD_DEBUG=files: every open, relocation dependency, init, fini and
    # destroyed link map as glibc shows them (eager glibc; PIDs and addresses
    # masked). Not where threads interleave their lines.
    if not scenario.startswith(("thread", "threads_")):
        def files_trace(argv, extra):
            st, out, err = run(argv, {"LD_DEBUG": "files", **extra})
            return st, out, "\n".join(masked_trace(err))
        want_trace = files_trace([GLIBC, prog] + args, {"LD_BIND_NOW": "1"})
        got_trace = files_trace([ldr, prog] + args, {})
        if got_trace != want_trace or "opening file=" not in want_trace[2]:
            ok = False
            print(f"--- LD_DEBUG=files differs from glibc's ld.so\nglibc:\n{want_trace[2]}\nldr:\n{got_trace[2]}")
    if ok:
        print(want[1], end="")
    return 0 if ok else 1


sys.exit(main())
