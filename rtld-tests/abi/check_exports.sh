#!/bin/sh
# SPDX-License-Identifier: MIT
# ldr's dynamic symbols and version nodes: those under glibc's nodes must be
# exactly those of glibc 2.36's ld.so (exports.golden: `nm -D --defined-only
# /lib64/ld-linux-x86-64.so.2`), and ldr's own API node LDR_* must be exactly
# ldr_exports.golden. A symbol under any other node fails both comparisons.
set -eu
ldr="$1"; golden="$2"; ldr_golden="$3"
tmp="${TMPDIR:-/tmp}/ldr-exports.$$"
nm -D --defined-only "$ldr" | awk '{print $3}' | LC_ALL=C sort > "$tmp.all"
grep -v -E '^LDR_|@@?LDR_' "$tmp.all" > "$tmp.glibc" || true
grep -E '^LDR_|@@?LDR_' "$tmp.all" > "$tmp.ldr" || true
rc=0
LC_ALL=C sort "$golden" | diff -u --label 'glibc ld.so' --label 'ldr (glibc nodes)' - "$tmp.glibc" || rc=1
LC_ALL=C sort "$ldr_golden" | diff -u --label ldr_exports.golden --label 'ldr (LDR nodes)' - "$tmp.ldr" || rc=1
rm -f "$tmp.all" "$tmp.glibc" "$tmp.ldr"
exit $rc
