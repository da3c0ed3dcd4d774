#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# A program that exercises threads, fork, TLS, stack permissions or
# GLIBC_TUNABLES, run under glibc's ld.so and under ldr (direct, and a copy
# whose PT_INTERP is ldr): identical status, stdout and stderr; glibc's own
# output must contain the case's marker, so both failing alike cannot pass.
# Usage: check_program.py CASE LDR BUILDDIR
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import loaders  # noqa: E402
from loaders import GLIBC  # noqa: E402

case, ldr, build = sys.argv[1:4]
L, B = os.path.realpath(ldr), os.path.realpath(build)
MALLOC_DEBUG = "/lib/x86_64-linux-gnu/libc_malloc_debug.so.0"
PERL_THREADS = ("use threads; use threads::shared; my $sum :shared = 0; "
                "my @t = map { my $n = $_; threads->create(sub { { lock($sum); $sum += $n; } "
                "return $n * $n }) } 1..6; my @r = map { $_->join } @t; "
                "print join(',', @r), \" sum=$sum\\n\";")
CASES = {
    # name: (argv, extra environment, lines glibc's stdout must hold)
    "perl_threads_and_shared_data": (["/usr/bin/perl", "-e", PERL_THREADS], {}, ("1,4,9,16,25,36 sum=21",)),
    "fork_then_threads_tls_and_dlopen": ([f"{B}/fork_threads", f"{B}/libforktls.so"], {},
                                         ("child: threads 4 ok, dlopen tls: inherited 9, after dlclose and dlopen 8",
                                          "parent: child exited 0, main copy 9")),
    "dlopen_execstack_makes_thread_stacks_executable": ([f"{B}/execstack_probe", f"{B}/libexecstack.so"],
                                                        {},
                                                        ("before dlopen: main rw-, running thread rw-, cached stack rw-",
                                                         "after dlopen: main rwx, running thread rwx, cached stack rwx",
                                                         "threads created after: rwx rwx")),
    "execstack_dependency_makes_thread_stacks_executable": ([f"{B}/execstack_linked", f"{B}/libexecstack.so"], {},
                                                            ("before dlopen: main rwx, running thread rwx, cached stack rwx",
                                                             "threads created after: rwx rwx")),
    "glibc_tunables_malloc": ([f"{B}/tunables_after_start"],
                              {"GLIBC_TUNABLES": "glibc.malloc.tcache_count=0:glibc.malloc.mmap_threshold=262144:"
                                                 "glibc.malloc.arena_max=1"},
                              ("200000-byte block mmapped: no", "thread block in the main heap: yes",
                               "freed small block in a fastbin: yes", "rseq registered: yes")),
    "glibc_tunables_pthread": ([f"{B}/tunables_after_start"],
                               {"GLIBC_TUNABLES": "glibc.pthread.rseq=0:glibc.pthread.stack_cache_size=0:"
                                                  "glibc.pthread.mutex_spin_count=0"},
                               ("rseq registered: no", "joined thread's stack cached: no",
                                "adaptive mutex spun: no", "200000-byte block mmapped: yes")),
    "glibc_tunables_malloc_check": ([f"{B}/tunables_after_start"],
                                    {"GLIBC_TUNABLES": "glibc.malloc.check=3", "LD_PRELOAD": MALLOC_DEBUG},
                                    ("usable size of malloc(10): 10",)),
    "glibc_tunables_env_aliases": ([f"{B}/tunables_after_start"],
                                   {"MALLOC_CHECK_": "3", "MALLOC_MMAP_THRESHOLD_": "262144", "MALLOC_ARENA_MAX": "1",
                                    "LD_PRELOAD": MALLOC_DEBUG},
                                   ("usable size of malloc(10): 10", "200000-byte block mmapped: no",
                                    "thread block in the main heap: yes")),
    "glibc_tunables_defaults": ([f"{B}/tunables_after_start"], {},
                                ("rseq registered: yes", "200000-byte block mmapped: yes",
                                 "thread block in the main heap: no", "joined thread's stack cached: yes",
                                 "freed small block in a fastbin: no", "usable size of malloc(10): 24",
                                 "adaptive mutex spun: yes")),
    # dlerror state is per thread: a dead thread's pending error is not the next one's.
    "dlerror_of_a_dead_thread_is_not_inherited": ([f"{B}/dlerror_threads"], {},
                                                  ("second thread: dlerror NULL",)),
}


def run(argv, extra):
    return loaders.run(argv, {"LC_ALL": "C", **extra}, timeout=120, drop=("GLIBC_TUNABLES", "MALLOC_"))


argv, extra, markers = CASES[case]
want = run([GLIBC] + argv, extra)
lacking = [m for m in markers if m not in want[1].splitlines()]
if want[0] != 0 or lacking:
    print(f"FAIL {case}: glibc's run (status {want[0]}) lacks {lacking!r}: {want!r}")
    sys.exit(1)
got = {"direct": run([L] + argv, extra)}
copy = loaders.interp_copy(argv[0], L, os.path.join(B, f".{case}.interp-ldr"))  # per case: cases run in parallel
got["interp"] = run([copy] + argv[1:], extra)
if loaders.report_differences(case, want, got):
    sys.exit(1)
print(f"ok {case}: {want[1].strip()!r}")
