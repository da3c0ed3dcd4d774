#!/bin/sh
# SPDX-License-Identifier: MIT
# The main job: sets up and builds, then runs programs under ldr: unmodified
# Debian programs (ls, bash, python3) by direct invocation and through a
# patchelf'd copy, and the libc-free samples as PT_INTERP and directly.
set -eu
cd "$(dirname "$0")/.."
builddir="${BUILDDIR:-build}"
sh scripts/setup.sh
ldr="$builddir/ldr/ldr"
hello="$builddir/samples/hello"

run() {
  echo "\$ $*"
  "$@"
  echo "(exit status $?)"
  echo
}

echo "== unmodified Debian programs, ldr invoked directly"
run "$ldr" /bin/ls -l samples
run "$ldr" /bin/bash -c 'echo "bash $BASH_VERSION says $((6 * 7))"'
run "$ldr" /usr/bin/python3 -c 'import sys, hashlib; print(sys.version.split()[0], hashlib.sha256(b"ldr").hexdigest()[:16])'
echo "== a copy of /bin/ls whose PT_INTERP is ldr"
tmp=$(mktemp -d)
cp /bin/ls "$tmp/ls"
patchelf --set-interpreter "$(realpath "$ldr")" "$tmp/ls"
run "$tmp/ls" -d /usr/lib/x86_64-linux-gnu
rm -rf "$tmp"
echo "== ldr as the interpreter of a libc-free sample (PT_INTERP = $(readelf -lW "$hello" | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p'))"
run "$hello" from-interp
echo "== ldr invoked directly"
run "$ldr" "$hello" from-direct
echo "== a patchelf'd copy"
tmp=$(mktemp -d)
cp "$hello" "$tmp/hello"
cp "$builddir/samples/libgreet.so" "$tmp/"
patchelf --set-interpreter "$(realpath "$ldr")" --set-rpath '$ORIGIN' "$tmp/hello"
run "$tmp/hello" patched
rm -rf "$tmp"
echo "== ldr --list (ldd format)"
run "$ldr" --list "$hello"
echo "== LDR_DEBUG=libs,statistics"
LDR_DEBUG=libs,statistics run "$ldr" "$hello"
