#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Runs dyn_tls with one of the TLS libraries under glibc's ld.so and under
# ldr (direct, and a copy whose interpreter is ldr); status, stdout and
# stderr must be identical, and glibc's output must show what the case is
# about (so a case where both loaders fail alike cannot pass).
# Usage: check_tls.py CASE LDR BUILDDIR
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from loaders import GLIBC, interp_copy, report_differences, run  # noqa: E402

case, ldr, build = sys.argv[1:4]
L = os.path.realpath(ldr)
B = os.path.realpath(build)
CASES = {
    "general_dynamic_tls_in_every_thread": ("libdyntls_gd.so", "thread started before dlopen: 101 102"),
    "tls_descriptors_in_every_thread": ("libdyntls_desc.so", "thread started after dlopen: 110 120"),
    "initial_exec_tls_moves_to_static_surplus": ("libdyntls_ie.so", "main thread after reopening: 101"),
    "initial_exec_tls_too_big_is_refused": ("libdyntls_bigie.so", "cannot allocate memory in static TLS block"),
    # With a malloc preloaded (malloc_spy.c), the loader's DTVs and dynamic
    # TLS blocks come from it, as glibc's __rtld_malloc_init_real binds them,
    # and no pointer from another allocator reaches its free.
    "loader_allocates_with_the_programs_malloc": (
        "libdyntls_gd.so", "malloc_spy: the loader allocated with this malloc: yes; no foreign pointer freed"),
    # A signal handler touching dynamic TLS while the loader's TLS slow path
    # is allocating for the interrupted code (tls_signal.c): no deadlock.
    "signal_handler_tls_inside_the_slow_path": ("libdyntls_gd.so", "thread: a=101, handler's b=105, b now=105"),
}
PRELOAD = {"loader_allocates_with_the_programs_malloc": "libmalloc_spy.so",
           "signal_handler_tls_inside_the_slow_path": "libmalloc_spy.so"}
PROGRAM = {"signal_handler_tls_inside_the_slow_path": ["tls_signal", "libdyntls_gd.so", "libdyntls_desc.so"]}


def bounded(argv, env):
    """run(), with a hang (a deadlock) reported as a result of its own."""
    try:
        return run(argv, env, timeout=20)
    except subprocess.TimeoutExpired:
        return ("hung for 20 s", "", "")


def main():
    lib, marker = CASES[case]
    argv = [f"{B}/{p}" for p in PROGRAM.get(case, ["dyn_tls", lib])]
    env = {"LD_PRELOAD": f"{B}/{PRELOAD[case]}"} if case in PRELOAD else None
    want = bounded([GLIBC] + argv, env)
    if marker not in want[1] + want[2]:
        print(f"FAIL {case}: glibc's run lacks {marker!r}: {want!r}")
        sys.exit(1)
    got = {"direct": bounded([L] + argv, env)}
    with tempfile.TemporaryDirectory() as tmp:
        copy = interp_copy(argv[0], L, os.path.join(tmp, "dyn_tls"))
        got["interp"] = bounded([copy] + argv[1:], env)
    if report_differences(case, want, got):
        sys.exit(1)
    print(f"ok {case}: {want[1]!r}")


if __name__ == "__main__":
    main()
