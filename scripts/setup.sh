#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs what building and testing ldr needs on Debian 12 (only what is
# missing, plus EXTRA_PACKAGES), then configures and builds the tree in BUILDDIR
# (default: build).
set -eu
cd "$(dirname "$0")/.."
builddir="${BUILDDIR:-build}"

packages="meson ninja-build g++ gcc libc6-dev pkg-config python3 libelf-dev libdw-dev \
libxxhash-dev libcriterion-dev patchelf binutils gdb file libc6-dbg dwarves \
clang libclang-rt-14-dev lld valgrind sqlite3 openssl tzdata mawk strace libpython3.11-testsuite perl xz-utils \
netbase ${EXTRA_PACKAGES:-}"
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "setup: installing:$missing"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# Quiet when it works; the end of the log when it does not (CI shows it).
log="$builddir.setup.log"
quietly() {
  if ! "$@" >"$log" 2>&1; then
    tail -n 60 "$log" >&2
    echo "setup: failed: $* (whole log: $log)" >&2
    exit 1
  fi
}
if [ -f "$builddir/build.ninja" ]; then
  quietly meson setup --reconfigure "$builddir"
else
  quietly meson setup "$builddir"
fi
quietly ninja -C "$builddir"
rm -f "$log"
echo "setup: built $builddir/ldr/ldr"
