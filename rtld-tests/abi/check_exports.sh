#!/bin/sh
# SPDX-License-Identifier: MIT
# ldr's dynamic symbols and their version nodes must match the golden list.
set -eu
ldr="$1"; golden="$2"
nm -D --defined-only "$ldr" | awk '$2 != "A" {print $3}' | LC_ALL=C sort > "${TMPDIR:-/tmp}/ldr-exports.$$"
if LC_ALL=C sort "$golden" | diff -u - "${TMPDIR:-/tmp}/ldr-exports.$$"; then rc=0; else rc=1; fi
rm -f "${TMPDIR:-/tmp}/ldr-exports.$$"
exit $rc
