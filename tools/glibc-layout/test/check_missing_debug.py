#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Test: with no debug files (empty --debug-root) the generator must fail,
# write no header, and tell the user to install libc6-dbg for this glibc.
import os
import subprocess
import sys
import tempfile

gen, args = sys.argv[1], sys.argv[2:]
with tempfile.TemporaryDirectory() as tmp:
    args[args.index('--debug-root') + 1] = tmp
    out = os.path.join(tmp, 'glibc_layout.h')
    r = subprocess.run([gen] + args + ['--output', out], capture_output=True, text=True)
    print(r.stderr.strip())
    ok = (r.returncode != 0 and not os.path.exists(out)
          and 'install libc6-dbg matching glibc 2.' in r.stderr and '.build-id/' in r.stderr)
    sys.exit(0 if ok else 1)
