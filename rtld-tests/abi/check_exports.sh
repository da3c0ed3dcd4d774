#!/bin/sh
# SPDX-License-Identifier: MIT
# ldr's dynamic symbols and version nodes must be exactly those of glibc 2.36's
# ld.so (exports.golden: `nm -D --defined-only /lib64/ld-linux-x86-64.so.2`).
set -eu
ldr="$1"; golden="$2"
nm -D --defined-only "$ldr" | awk '{print $3}' | LC_ALL=C sort > "${TMPDIR:-/tmp}/ldr-exports.$$"
if LC_ALL=C sort "$golden" | diff -u - "${TMPDIR:-/tmp}/ldr-exports.$$"; then rc=0; else rc=1; fi
rm -f "${TMPDIR:-/tmp}/ldr-exports.$$"
exit $rc
