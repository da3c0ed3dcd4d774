#!/bin/sh
# SPDX-License-Identifier: MIT
# The main job: sets up and builds, then runs the sample programs under ldr,
# first as their PT_INTERP interpreter, then by direct invocation.
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

echo "== ldr as the interpreter (PT_INTERP = $(readelf -lW "$hello" | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p'))"
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
