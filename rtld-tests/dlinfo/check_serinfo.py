#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# dlinfo under ldr against glibc's ld.so: RTLD_DI_SERINFO for several
# LD_LIBRARY_PATH values (repeats, empty and relative elements, trailing
# slashes, $ORIGIN, the root), and RTLD_DI_TLS_DATA (case tls_data, with the
# tls_data program): status, stdout and stderr identical, and glibc's output
# must show what the case is about.
# Usage: check_serinfo.py LDR PROGRAM DIR CASE
import os
import subprocess
import sys

GLIBC = "/lib64/ld-linux-x86-64.so.2"
ldr, prog, libdir, case = sys.argv[1:5]
ldr, prog, libdir = os.path.abspath(ldr), os.path.abspath(prog), os.path.abspath(libdir)

CASES = {
    "no_library_path": (None, ["  /lib/x86_64-linux-gnu (0)\n", "rpath: size="]),
    "library_path_repeats_and_relatives": ("/opt/x::/opt/x/:rel//:/:$ORIGIN/sub:/opt/y",
                                           ["  /opt/x (0)\n  . (0)\n  rel (0)\n  / (0)\n", "/sub (0)\n  /opt/y (0)\n"]),
    # tls_data (another program): RTLD_DI_TLS_DATA of a dynamic block.
    "tls_data": (None, ["before: no block\nafter: status 0, the variable's block\n"
                        "new thread: no block\nnew thread, after: status 0, the variable's block\n"]),
}


def run(argv, llp):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LD_", "LDR_"))}
    if llp is not None:
        env["LD_LIBRARY_PATH"] = llp
    p = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60, cwd="/")
    return p.returncode, p.stdout, p.stderr


llp, wanted = CASES[case]
glibc = run([GLIBC, prog, libdir], llp)
if glibc[0] != 0 or any(w not in glibc[1] for w in wanted):
    print(f"FAIL {case}: glibc's report is not the expected one: {glibc!r}")
    sys.exit(1)
got = run([ldr, prog, libdir], llp)
if got != glibc:
    print(f"FAIL {case}:\n--- ldr ---\n{got[1]}{got[2]}\n--- glibc ---\n{glibc[1]}{glibc[2]}")
    sys.exit(1)
print(f"ok {case}")
