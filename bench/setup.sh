#!/bin/sh
# SPDX-License-Identifier: MIT
# Set-up of the loader benchmark (bench/run.sh) on Debian 12: builds ldr
# through scripts/setup.sh, then installs what the benchmark needs and is
# missing (the measured programs, valgrind for callgrind, gnuplot for the
# plot, a static libc for the spawner). Installs only Debian packages.
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh
packages="clang-14 cmake perl python3 valgrind gnuplot-nox gcc libc6-dev"
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "bench/setup: installing:$missing"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
