#!/bin/sh
# SPDX-License-Identifier: MIT
# The loader benchmark in one command: set-up (bench/setup.sh), then ldr
# against glibc's ld.so (bench/runner/run.py) on the synthetic and Debian
# workloads. Writes BUILDDIR/bench-work/results.{md,json} and benchmarks.svg
# (CPU time against the number of libraries); extra arguments go to run.py
# (e.g. --quick, --rounds N, --workloads synth:50,clang-14).
# Measures; asserts nothing. Run nothing else meanwhile on a small machine.
set -eu
cd "$(dirname "$0")/.."
builddir="${BUILDDIR:-build}"
sh bench/setup.sh
out="$builddir/bench-work"
mkdir -p "$out"
exec python3 bench/runner/run.py --ldr "$builddir/ldr/ldr" --work "$out" \
  --markdown "$out/results.md" --json "$out/results.json" --plot "$out/benchmarks.svg" "$@"
