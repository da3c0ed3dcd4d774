#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# dlmopen against glibc's ld.so: each case's program runs under glibc's
# ld.so and under ldr (directly, and as a copy's PT_INTERP); status, stdout
# and stderr must be equal, and glibc's stdout the one below, so that a case
# cannot pass by testing nothing. debug_traces_name_each_namespace_like_glibc
# compares the first program's LD_DEBUG traces (files, scopes, symbols,
# bindings; glibc eager, its own internal lookups left out) instead.
# Usage: check_dlmopen.py LDR BUILDDIR CASE
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from loaders import GLIBC, GLIBC_INTERNAL_LOOKUP, interp_copy, masked_trace, run  # noqa: E402

ldr, builddir, case = sys.argv[1:4]
builddir = os.path.abspath(builddir)

CASES = {
    "copies_are_isolated_per_namespace": (["namespaces"], """libns init
libns init
libns init
lmids 0 1 2, distinct handles 1
LM_ID_BASE is dlopen's object 1; the same object in its namespace 1
counters a=3 b=2
malloc: a's is the program's 1, b's its own 1
errno: a shares it 1, b has its own 1 (b sees 9)
dl_iterate_phdr: a sees the program's {n} objects 1, b sees 3
RTLD_DEFAULT ns_marker from a 42, from b 42
namespace seen from inside b: 1
a dlopen from inside b lands in namespace 1
dlopen(NULL) from inside b: the program, namespace 0
b's malloc: hello from b
[ns] stdio of b
unused namespace: libns.so: invalid target namespace in dlmopen(): Invalid argument
RTLD_GLOBAL: invalid mode: Invalid argument
the program: invalid namespace: Invalid argument
missing: libnonexistent.so: cannot open shared object file: No such file or directory
libns fini
close c 0
libns init
freed namespace reused: 2
libns fini
libns fini
libns fini
close b2 0 b 0 d 0 base 0 a 0
"""),
    "cxx_runtime_in_a_namespace": (["namespace_cxx", builddir], """cxx cxx1 caught 1 thread 8
cxx cxx2 caught 1 thread 8
cxx cxx3 caught 1 thread 8
closed 0 0
"""),
    # The second new namespace's copy first, then the first's, then the
    # program's (whose stdio line alone is flushed).
    "finalizers_run_namespace_by_namespace": (["exit_fini", builddir], """init f1
init f2
init f1
opened 1 1 1
fini f1
fini f2
fini f1
stdio fini f1
"""),
}


if case == "debug_traces_name_each_namespace_like_glibc":
    # Every object's namespace in its lines ([1], [2]); ldr's copy in each
    # ("file=ld-linux-x86-64.so.2 [1];  needed by …", its scopes, lookups and
    # bindings shown as ld.so's own [0], as glibc's l_real); dlclose's lines.
    prog = os.path.join(builddir, "namespaces")
    proxy = "file=ld-linux-x86-64.so.2 [1];  needed by /lib/x86_64-linux-gnu/libc.so.6 [1]"
    failed = False
    for cats in ("files", "scopes", "symbols", "bindings"):
        want = run([GLIBC, prog], {"LD_DEBUG": cats, "LD_BIND_NOW": "1"})
        got = run([ldr, prog], {"LD_DEBUG": cats})
        keep = lambda t: [l for l in masked_trace(t) if not GLIBC_INTERNAL_LOOKUP.search(l)]  # noqa: E731
        if want[0] != 0 or (cats == "files" and not any(l.strip() == proxy for l in keep(want[2]))):
            print(f"FAIL {cats}: glibc's trace is not the expected kind ({want[0]})")
            failed = True
        elif keep(got[2]) != keep(want[2]) or got[:2] != want[:2]:
            print(f"FAIL {cats}: ldr's trace differs:\n" + "\n".join(keep(got[2])) + "\n--- glibc ---\n" +
                  "\n".join(keep(want[2])))
            failed = True
    if failed:
        sys.exit(1)
    print("ok: LD_DEBUG files, scopes, symbols and bindings as glibc's")
    sys.exit(0)

args, expected = CASES[case]
prog = os.path.join(builddir, args[0])
glibc = run([GLIBC, prog] + args[1:])
# The program's own object count (its dependencies differ between builds).
objects = next((line.split()[5] for line in glibc[1].splitlines() if line.startswith("dl_iterate_phdr:")), "?")
expected = expected.replace("{n}", objects)
failed = False
if glibc != (0, expected, ""):
    print(f"FAIL glibc's run is not the expected one: {glibc!r}")
    failed = True
got = run([ldr, prog] + args[1:])
if got != glibc:
    print(f"FAIL ldr (direct): {got!r}\n  glibc {glibc!r}")
    failed = True
# The copy sits next to the program: its RUNPATH ($ORIGIN) finds libns.so.
copy = interp_copy(prog, os.path.abspath(ldr), os.path.join(builddir, f".{args[0]}-ldr-interp"))
got = run([copy] + args[1:])
os.unlink(copy)
if got != glibc:
    print(f"FAIL ldr (PT_INTERP): {got!r}\n  glibc {glibc!r}")
    failed = True
if failed:
    sys.exit(1)
print(f"ok: {case} as under glibc's ld.so")
