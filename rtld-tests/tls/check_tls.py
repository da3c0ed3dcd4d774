#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Runs dyn_tls with one of the TLS libraries under glibc's ld.so and under
# ldr (direct, and a copy whose interpreter is ldr); status, stdout and
# stderr must be identical, and glibc's output must show what the case is
# about (so a case where both loaders fail alike cannot pass).
# Usage: check_tls.py CASE LDR BUILDDIR
import os
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
}
PRELOAD = {"loader_allocates_with_the_programs_malloc": "libmalloc_spy.so"}


def main():
    lib, marker = CASES[case]
    argv = [f"{B}/dyn_tls", f"{B}/{lib}"]
    env = {"LD_PRELOAD": f"{B}/{PRELOAD[case]}"} if case in PRELOAD else None
    want = run([GLIBC] + argv, env)
    if marker not in want[1] + want[2]:
        print(f"FAIL {case}: glibc's run lacks {marker!r}: {want!r}")
        sys.exit(1)
    got = {"direct": run([L] + argv, env)}
    with tempfile.TemporaryDirectory() as tmp:
        copy = interp_copy(argv[0], L, os.path.join(tmp, "dyn_tls"))
        got["interp"] = run([copy] + argv[1:], env)
    if report_differences(case, want, got):
        sys.exit(1)
    print(f"ok {case}: {want[1]!r}")


if __name__ == "__main__":
    main()
