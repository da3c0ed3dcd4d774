#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Runs an unmodified Debian program under ldr and under glibc's ld.so and
# requires identical status, stdout and stderr. Modes: direct (`ldr PROG`)
# and interp (a copy whose PT_INTERP is ldr, made with patchelf).
# Usage: check_program.py CASE LDR SRCDIR [ABI_PROBE DL_MODES]
import os
import re
import shutil
import subprocess
import sys
import tempfile

GLIBC = "/lib64/ld-linux-x86-64.so.2"
case, ldr, src = sys.argv[1:4]
abi_probe = sys.argv[4] if len(sys.argv) > 4 else "abi_probe"
dl_modes = sys.argv[5] if len(sys.argv) > 5 else "dl_modes"
ldr = os.path.realpath(ldr)
words = os.path.join(src, "words.txt")

CASES = {
    "true_exits_0": ["/bin/true"],
    "false_exits_1": ["/bin/false"],
    "echo_prints_arguments": ["/bin/echo", "hello", "from", "glibc"],
    "ls_lists_a_directory": ["/bin/ls", "-l", "--time-style=+", src],
    "bash_runs_a_script": ["/bin/bash", "-c", "for i in 1 2 3; do printf '%s-' $i; done; echo $((6*7))"],
    "sort_sorts_and_uniq_counts": ["/bin/bash", "-c", f"/usr/bin/sort {words} | /usr/bin/uniq -c"],
    "sort_parallel_threads": ["/usr/bin/sort", "--parallel=2", "-S", "1M", words],
    "xz_with_two_threads": ["/bin/bash", "-c", f"/usr/bin/xz -T2 -c {words} | /usr/bin/xz -dc"],
    "sha256sum_hashes": ["/usr/bin/sha256sum", words],
    "awk_counts_fields": ["/usr/bin/awk", "{n += length($0)} END {print NR, n}", words],
    "date_formats_epoch": ["/usr/bin/date", "-u", "-d", "@0", "+%Y-%m-%d %H:%M:%S %Z"],
    "perl_runs_code": ["/usr/bin/perl", "-e", "my %h = map { $_ => length } qw(a bb ccc); print join(',', map {\"$_=$h{$_}\"} sort keys %h), \"\\n\""],
    "python3_runs_code": ["/usr/bin/python3", "-c", "import hashlib, json; print(json.dumps({'sha': hashlib.sha256(b'ldr').hexdigest()[:16]}))"],
    "missing_file_error_is_the_same": ["/bin/cat", "/nonexistent/file"],
    "python3_dlopens_extension_modules": ["/usr/bin/python3", "-c", "import ctypes, sqlite3, ssl; print(ctypes.CDLL('libc.so.6').abs(-7), sqlite3.connect(':memory:').execute('select 6*7').fetchone())"],
    "python3_dlopen_error_matches": ["/usr/bin/python3", "-c", "import ctypes\ntry:\n    ctypes.CDLL('libnope.so.9')\nexcept OSError as e:\n    print(e)"],
    "python3_dlsym_and_rtld_default": ["/usr/bin/python3", "-c", "import ctypes; c = ctypes.CDLL(None); print(bool(c.getpid()), hasattr(c, 'no_such_function_xyz'))"],
    "python3_threads": ["/usr/bin/python3", "-c", "import concurrent.futures as f; print(sum(f.ThreadPoolExecutor(4).map(lambda x: x * x, range(1000))))"],
    "abi_probe_sees_what_glibc_gives_libc": [abi_probe],
    # Loader options (direct mode only): the listing of a glibc program.
    "list_shows_the_dependencies_as_glibc": ["--list", "/bin/ls"],
    "verify_accepts_a_glibc_program": ["--verify", "/bin/ls"],
    "dlopen_modes_match_glibc": [dl_modes],
    "perl_loads_xs_modules": ["/usr/bin/perl", "-MPOSIX", "-MList::Util=sum", "-e", "print sum(1..10), ' ', POSIX::floor(2.5), qq(\n)"],
}


def run(argv, env):
    p = subprocess.run(argv, capture_output=True, env=env, timeout=60)
    # Load addresses differ from run to run (ldd format "(0x...)").
    return p.returncode, re.sub(rb"\(0x[0-9a-f]+\)", b"(ADDR)", p.stdout), p.stderr


def run_patched_copy(argv, env, tmp):
    """Runs a copy of the program whose interpreter is ldr. A bash -c case
    patches bash, so the programs bash starts run under glibc's ld.so."""
    prog = os.path.join(tmp, os.path.basename(argv[0]))
    shutil.copy(argv[0], prog)
    subprocess.run(["patchelf", "--set-interpreter", ldr, prog], check=True)
    st, out, err = run([prog] + argv[1:], env)

    # The copy's own path shows where a program prints its argv[0]; the
    # interpreter is named by the copy's PT_INTERP (the ldr path).
    def normal(b):
        b = b.replace(prog.encode(), argv[0].encode())
        return b.replace(b": " + os.path.basename(ldr).encode() + b" phnum",
                         b": ld-linux-x86-64.so.2 phnum")
    return st, normal(out), normal(err)


def main():
    argv = CASES[case]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LD_", "LDR_"))}
    env.update({"LC_ALL": "C", "TZ": "UTC"})
    want = run([GLIBC] + argv, env)
    got = {"direct": run([ldr] + argv, env)}
    with tempfile.TemporaryDirectory() as tmp:
        # Loader options (--list, --verify) have no program of their own to patch.
        if not argv[0].startswith("--"):
            got["interp"] = run_patched_copy(argv, env, tmp)
    failed = False
    for mode, result in got.items():
        if result != want:
            failed = True
            print(f"FAIL {case} [{mode}]: ldr differs from glibc's ld.so")
            for name, w, g in zip(("status", "stdout", "stderr"), want, result):
                if w != g:
                    print(f"  {name}: glibc={w!r}\n  {name}:   ldr={g!r}")
    if failed:
        sys.exit(1)
    print(f"ok {case}: status {want[0]}, {len(want[1])} bytes of output, same as glibc "
          f"({', '.join(got)})")


if __name__ == "__main__":
    main()
