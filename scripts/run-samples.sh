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

# --- Amiga-style library versions (samples/versions, docs/version-notes.md) ---
# libgreet.so.1 is "installed" twice: 1.2 in v1/ and 2.3 in v2/; the programs
# search v1/ then v2/ (RUNPATH). A requirement skips candidates that are too old.
versions="$builddir/samples/versions"
echo "== libgreet.so.1 1.2 in v1/, 2.3 in v2/ (ldr-version shows the notes)"
for lib in "$versions"/v1/libgreet.so.1 "$versions"/v2/libgreet.so.1; do
  if [ -x "$builddir/tools/ldr-version/ldr-version" ]; then
    run "$builddir/tools/ldr-version/ldr-version" "$lib"
  fi
done
echo "== greet1, greet2, greet3 require libgreet.so.1 at least 1, 2 and 3"
for n in 1 2 3; do
  (cd "$versions" && run "./greet$n") || true
done
echo "== ldr --list shows the version each got and the requirement it met"
(cd "$versions" && run "../../ldr/ldr" --list ./greet2)
echo "== open_greet: ldr_open_library(\"libgreet.so.1\", N) at run time, then ldr_close_library"
(cd "$versions" && run ./open_greet 2 1 3) || true

# --- The same with the ldr cache (docs/cache.md) -----------------------------
# ldr-cache records both libgreet.so.1 with their versions; with --cache and
# the programs' RUNPATH ignored (--inhibit-rpath), the cache alone finds them,
# and the negotiation rejects the old ones without opening them.
echo "== with the ldr cache: ldr-cache -n -C CACHE v1 v2, then ldr --cache CACHE --inhibit-rpath PROG PROG"
cache=$(mktemp)
"$builddir/tools/ldr-cache/ldr-cache" -n -C "$cache" "$(realpath "$versions/v1")" "$(realpath "$versions/v2")"
run "$builddir/tools/ldr-cache/ldr-cache" -p -C "$cache"
for n in 1 2 3; do
  (cd "$versions" && run ../../ldr/ldr --cache "$cache" --inhibit-rpath "./greet$n" "./greet$n") || true
done
echo "== LDR_DEBUG=libs: one lookup, the old candidate rejected from the cache"
(cd "$versions" && LDR_DEBUG=libs run ../../ldr/ldr --cache "$cache" --inhibit-rpath ./greet2 ./greet2) || true
rm -f "$cache"
