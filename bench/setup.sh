#!/bin/sh
# SPDX-License-Identifier: MIT
# Set-up of the loader benchmark (bench/run.sh) on Debian 12: builds ldr
# through scripts/setup.sh, then installs what the benchmark needs and is
# missing (the measured programs, valgrind for callgrind, gnuplot for the
# plot, a static libc for the spawner). Installs only Debian packages.
set -eu
cd "$(dirname "$0")/.."
EXTRA_PACKAGES="clang-14 cmake gnuplot-nox libc6-dev" sh scripts/setup.sh
