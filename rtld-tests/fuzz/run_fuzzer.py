#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Runs a libFuzzer target as a test: a fixed seed and number of runs over a
# seed corpus (copied into a scratch directory the run may add to), so a
# run is repeatable; passes only when libFuzzer exits 0 having executed
# them all (a crash, a leak, a sanitizer report or a timeout fails it, with
# libFuzzer's report and the reproducer path printed). Seeds may be files
# or directories of files; "notes-of:OBJECT" is the contents of OBJECT's
# PT_NOTE segments, each behind fuzz_ldr_notes's control byte.
# Usage: run_fuzzer.py FUZZER RUNS SEED...
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile


def note_segments(path):
    """The PT_NOTE segments of an ELF64 little-endian file: (bytes, p_align)."""
    with open(path, "rb") as f:
        data = f.read()
    phoff, = struct.unpack_from("<Q", data, 32)
    phentsize, phnum = struct.unpack_from("<HH", data, 54)
    for i in range(phnum):
        p_type, _, p_offset, _, _, p_filesz, _, p_align = struct.unpack_from("<IIQQQQQQ", data, phoff + i * phentsize)
        if p_type == 4:
            yield data[p_offset:p_offset + p_filesz], p_align

fuzzer, runs, *seeds = sys.argv[1:]
with tempfile.TemporaryDirectory(prefix="ldr-fuzz-") as work:
    corpus = os.path.join(work, "corpus")
    os.makedirs(corpus)
    n = 0
    for seed in seeds:
        if seed.startswith("notes-of:"):
            for body, align in note_segments(seed[len("notes-of:"):]):
                with open(os.path.join(corpus, f"seed{n:03d}"), "wb") as f:
                    f.write(bytes([1 if align == 8 else 0]) + body)
                n += 1
            continue
        files = [os.path.join(seed, f) for f in sorted(os.listdir(seed))] if os.path.isdir(seed) else [seed]
        for f in files:
            if os.path.isfile(f):
                shutil.copy(f, os.path.join(corpus, f"seed{n:03d}"))
                n += 1
    p = subprocess.run([fuzzer, f"-runs={runs}", "-seed=1", "-max_len=65536", "-timeout=20",
                        "-rss_limit_mb=2048", f"-artifact_prefix={work}/", corpus],
                       capture_output=True, text=True, timeout=900)
    done = re.findall(r"^Done (\d+) runs", p.stderr, re.M)
    if p.returncode != 0 or not done:
        print(p.stderr[-6000:])
        for f in os.listdir(work):
            if f != "corpus":
                keep = os.path.join(tempfile.gettempdir(), os.path.basename(fuzzer) + "-" + f)
                shutil.copy(os.path.join(work, f), keep)
                print(f"reproducer kept: {keep}")
        print(f"FAIL {os.path.basename(fuzzer)}: status {p.returncode}")
        sys.exit(1)
    cov = re.findall(r"cov: (\d+)", p.stderr)
    print(f"ok {os.path.basename(fuzzer)}: {done[-1]} runs from {n} seeds, coverage {cov[-1] if cov else '?'}")
