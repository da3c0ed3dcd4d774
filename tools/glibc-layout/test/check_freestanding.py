#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Test: the freestanding TU that uses glibc_layout.h has no undefined symbols
# (no memcpy, no libstdc++), so the loader can include the header as is.
import subprocess, sys

nm, lib = sys.argv[1], sys.argv[2]
out = subprocess.run([nm, '-u', lib], check=True, capture_output=True, text=True).stdout
undef = [l.split()[-1] for l in out.splitlines() if l.strip() and not l.endswith(':')]
if undef:
    print('undefined symbols in', lib, ':', ' '.join(undef))
    sys.exit(1)
print('ok: no undefined symbols in', lib)
