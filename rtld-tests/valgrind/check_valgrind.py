#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# valgrind --tool=memcheck on programs run by ldr (copies whose PT_INTERP is
# ldr) and by glibc's ld.so: the same exit status, stdout and ERROR SUMMARY
# — ldr adds no error memcheck would report.
# Usage: check_valgrind.py CASE LDR BUILDDIR   (BUILDDIR: the rtld-tests build dir)
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from loaders import interp_copy  # noqa: E402

case, ldr, build = sys.argv[1:4]
L = os.path.realpath(ldr)
B = os.path.realpath(build)
CASES = {
    "ls_long_listing": ["/bin/ls", "-l", "/usr/share/common-licenses"],
    "sort_with_threads": ["/usr/bin/sort", "--parallel=2", "-S", "1M", "/etc/services"],
    "cxx_threads_exceptions_unload": [f"{B}/cxx/cxx_app", f"{B}/cxx/libplugin.so"],
    "dynamic_tls_descriptors": [f"{B}/tls/dyn_tls", f"{B}/tls/libdyntls_desc.so"],
    "initial_exec_tls_after_start": [f"{B}/tls/dyn_tls", f"{B}/tls/libdyntls_ie.so"],
}


def memcheck(argv):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LD_", "LDR_"))}
    env["LC_ALL"] = "C"
    p = subprocess.run(["valgrind", "--tool=memcheck", "--error-exitcode=99"] + argv,
                       capture_output=True, text=True, env=env, timeout=600)
    summary = re.findall(r"ERROR SUMMARY: .*", p.stderr)
    return p.returncode, p.stdout, summary[-1] if summary else p.stderr[-2000:]


argv = CASES[case]
want = memcheck(argv)
if want[0] == 99 or "ERROR SUMMARY: 0 errors" not in want[2]:
    print(f"note: memcheck reports errors under glibc's ld.so too: {want[2]}")
# The copy sits next to the original (RUNPATH $ORIGIN still finds the
# libraries), named per case: two cases share a program and run in parallel.
copy = os.path.join(os.path.dirname(argv[0]), f".{os.path.basename(argv[0])}.{case}.vg-ldr") \
    if argv[0].startswith(B) else None
with tempfile.TemporaryDirectory() as tmp:
    if copy is None:
        copy = os.path.join(tmp, os.path.basename(argv[0]))
    try:
        got = memcheck([interp_copy(argv[0], L, copy)] + argv[1:])
    finally:
        if os.path.exists(copy):
            os.unlink(copy)
if got != want:
    print(f"FAIL {case}\n  glibc {want!r}\n  ldr   {got!r}")
    sys.exit(1)
print(f"ok {case}: {got[2]}")
