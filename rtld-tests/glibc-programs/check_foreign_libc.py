#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# A libc.so.6 or libm.so.6 from another build (here: this one with its
# build-id altered) must stop ldr with one line naming the file and both
# build-ids, status 127, before any of its code runs; a foreign libm.so.6
# first opened by dlopen fails that dlopen with the same text as dlerror.
# Usage: check_foreign_libc.py LDR ABI_PROBE
import os
import re
import subprocess
import sys
import tempfile

ldr, abi_probe = sys.argv[1], sys.argv[2]
failed = False


def altered_copy(lib, tmp):
    """A copy of lib in tmp with its build-id's first byte flipped: (path, old id, new id)."""
    notes = subprocess.run(["readelf", "-nW", lib], capture_output=True, text=True, check=True).stdout
    build_id = re.search(r"Build ID: ([0-9a-f]+)", notes).group(1)
    data = bytearray(open(lib, "rb").read())
    at = data.find(bytes.fromhex(build_id))
    data[at] ^= 0xFF
    foreign = os.path.join(tmp, os.path.basename(lib))
    open(foreign, "wb").write(bytes(data))
    return foreign, build_id, "%02x" % data[at] + build_id[2:]


def run(argv, libdir):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LD_", "LDR_"))}
    env["LD_LIBRARY_PATH"] = libdir
    return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=30)


def expect(what, ok, p, want):
    global failed
    if not ok:
        failed = True
        print(f"FAIL {what}: status {p.returncode}, stdout {p.stdout!r}, stderr {p.stderr!r}")
        print(f"want {want!r}")


for lib, prog in (("/lib/x86_64-linux-gnu/libc.so.6", "/bin/echo"),
                  ("/lib/x86_64-linux-gnu/libm.so.6", "/usr/bin/python3")):
    with tempfile.TemporaryDirectory() as tmp:
        foreign, build_id, altered = altered_copy(lib, tmp)
        p = run([ldr, prog, "must not run"], tmp)
        want_err = (f"{prog}: error while loading shared libraries: {foreign}: unsupported glibc "
                    f"build (build-id {altered}); ldr was generated for build-id {build_id} (")
        expect(f"start-up with a foreign {os.path.basename(lib)}",
               p.returncode == 127 and p.stdout == "" and p.stderr.startswith(want_err)
               and p.stderr.count("\n") == 1, p, want_err)
        if lib.endswith("libm.so.6"):
            # abi_probe needs no libm at start-up and dlopens it.
            p = run([ldr, abi_probe], tmp)
            want_line = (f"dlopen libm: {foreign}: unsupported glibc build (build-id {altered}); "
                         f"ldr was generated for build-id {build_id} (")
            expect("dlopen of a foreign libm.so.6",
                   p.returncode == 0 and any(l.startswith(want_line) for l in p.stdout.splitlines()),
                   p, want_line)
if failed:
    sys.exit(1)
print("ok: a foreign libc.so.6 or libm.so.6 is refused with one line and status 127, "
      "and a dlopen of a foreign libm.so.6 fails with the same text")
