#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# A libc.so.6 from another build (here: this one with its build-id altered)
# must stop ldr with one line naming the file and both build-ids, status
# 127, before any of its code runs. Usage: check_foreign_libc.py LDR
import os
import re
import shutil
import subprocess
import sys
import tempfile

ldr = sys.argv[1]
libc = "/lib/x86_64-linux-gnu/libc.so.6"
notes = subprocess.run(["readelf", "-nW", libc], capture_output=True, text=True, check=True).stdout
build_id = re.search(r"Build ID: ([0-9a-f]+)", notes).group(1)
with tempfile.TemporaryDirectory() as tmp:
    data = bytearray(open(libc, "rb").read())
    at = data.find(bytes.fromhex(build_id))
    data[at] ^= 0xFF
    foreign = os.path.join(tmp, "libc.so.6")
    open(foreign, "wb").write(bytes(data))
    altered = "%02x" % data[at] + build_id[2:]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LD_", "LDR_"))}
    env["LD_LIBRARY_PATH"] = tmp
    p = subprocess.run([ldr, "/bin/echo", "must not run"], capture_output=True, text=True,
                       env=env, timeout=30)
    want_err = (f"/bin/echo: error while loading shared libraries: {foreign}: unsupported glibc "
                f"build (build-id {altered}); ldr was generated for build-id {build_id} (")
    ok = p.returncode == 127 and p.stdout == "" and p.stderr.startswith(want_err) \
        and p.stderr.count("\n") == 1
    if not ok:
        print(f"FAIL: status {p.returncode}, stdout {p.stdout!r}, stderr {p.stderr!r}")
        print(f"want stderr starting {want_err!r}")
        sys.exit(1)
print("ok: a foreign libc.so.6 is refused with one line and status 127")
