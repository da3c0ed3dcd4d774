#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# A program that exercises threads, fork, TLS, stack permissions or
# GLIBC_TUNABLES, run under glibc's ld.so and under ldr (direct, and a copy
# whose PT_INTERP is ldr): identical status, stdout and stderr; glibc's own
# output must contain the case's marker, so both failing alike cannot pass.
# Usage: check_program.py CASE LDR BUILDDIR
import os
import shutil
import subprocess
import sys

GLIBC = "/lib64/ld-linux-x86-64.so.2"
case, ldr, build = sys.argv[1:4]
L, B = os.path.realpath(ldr), os.path.realpath(build)
PERL_THREADS = ("use threads; use threads::shared; my $sum :shared = 0; "
                "my @t = map { my $n = $_; threads->create(sub { { lock($sum); $sum += $n; } "
                "return $n * $n }) } 1..6; my @r = map { $_->join } @t; "
                "print join(',', @r), \" sum=$sum\\n\";")
CASES = {
    # name: (argv, extra environment, marker in glibc's stdout)
    "perl_threads_and_shared_data": (["/usr/bin/perl", "-e", PERL_THREADS], {}, "1,4,9,16,25,36 sum=21"),
    "fork_then_threads_tls_and_dlopen": ([f"{B}/fork_threads", f"{B}/libforktls.so"], {},
                                         "child: threads 4 ok, dlopen tls 7/8/9"),
    "dlopen_execstack_makes_thread_stacks_executable": ([f"{B}/execstack_probe", f"{B}/libexecstack.so"],
                                                        {}, "after dlopen: main rwx, thread rwx"),
    "glibc_tunables_read_after_start": ([f"{B}/tunables_after_start"],
                                        {"GLIBC_TUNABLES": "glibc.malloc.tcache_count=0:glibc.malloc.mmap_threshold=262144:glibc.malloc.arena_max=1:glibc.pthread.rseq=0:glibc.pthread.stack_cache_size=0:glibc.pthread.mutex_spin_count=7"},
                                        "rseq registered: no"),
    "glibc_tunables_defaults": ([f"{B}/tunables_after_start"], {}, "rseq registered: yes"),
}


def run(argv, extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LD_", "LDR_", "GLIBC_TUNABLES"))}
    env.update({"LC_ALL": "C"}, **extra)
    p = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)
    return p.returncode, p.stdout, p.stderr


argv, extra, marker = CASES[case]
want = run([GLIBC] + argv, extra)
if marker not in want[1]:
    print(f"FAIL {case}: glibc's run lacks {marker!r}: {want!r}")
    sys.exit(1)
got = {"direct": run([L] + argv, extra)}
copy = os.path.join(B, "." + os.path.basename(argv[0]) + ".interp-ldr")
shutil.copy(argv[0], copy)
subprocess.run(["patchelf", "--set-interpreter", L, copy], check=True)
got["interp"] = run([copy] + argv[1:], extra)
failed = False
for mode, result in got.items():
    if result != want:
        failed = True
        print(f"FAIL {case} [{mode}]\n  glibc {want!r}\n  ldr   {result!r}")
if failed:
    sys.exit(1)
print(f"ok {case}: {want[1].strip()!r}")
