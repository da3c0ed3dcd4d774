#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Runs an unmodified Debian program under ldr and under glibc's ld.so and
# requires identical status, stdout and stderr. Modes: direct (`ldr PROG`)
# and interp (a copy whose PT_INTERP is ldr, made with patchelf). Cases may
# read a fixture directory, and may require text in glibc's own output (so
# an empty comparison cannot pass); a documented difference names both
# outputs.
# Usage: check_program.py CASE LDR SRCDIR [ABI_PROBE DL_MODES DL_API]
import gzip
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
dl_api = sys.argv[6] if len(sys.argv) > 6 else "dl_api"
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
    # Issue 3's acceptance list, one case per item not covered above. {fix}
    # is a fixture directory made by make_fixture (fixed contents and mtimes).
    "ls_long_names_owners_through_nss": ["/bin/ls", "-l", "--time-style=long-iso", "{fix}/tree"],
    "cat_concatenates_files": ["/bin/cat", words, "{fix}/utf8.txt", words],
    "date_in_new_york": ["/usr/bin/date", "-d", "@1700000000", "+%Y-%m-%d %H:%M:%S %Z %z %A"],
    "date_in_berlin_summer": ["/usr/bin/date", "-d", "@1720000000", "+%c %Z"],
    "printf_formats_numbers": ["/usr/bin/printf", "%05d|%-4s|%x|%o|%.3f|%e|%q\\n", "42", "ab", "255", "8", "3.14159", "12345.678", "a b"],
    "seq_counts": ["/usr/bin/seq", "-s", ",", "-w", "3", "7", "40"],
    "id_names_the_user": ["/usr/bin/id"],
    "id_of_another_user": ["/usr/bin/id", "daemon"],
    "bash_builtins_arrays_pipeline_subshell": ["/bin/bash", "-c",
        'declare -a a=(3 1 2); a+=(5); s=0; for x in "${a[@]}"; do ((s += x * x)); done; '
        'printf "%s\\n" "${a[@]}" | /usr/bin/sort -n | /usr/bin/tr "\\n" " "; echo; '
        'echo "sum=$s len=${#a[@]} last=${a[-1]} pow=$((2**10)) mod=$((17 % 5))"; '
        '(cd /usr; echo "sub: $PWD"; exit 3); echo "subshell status $? in $PWD"; '
        'declare -A m=([k]=v); [[ abc == a* ]] && echo "glob ${m[k]}"; type -t cd; '
        'read -r w < ' + words + '; echo "read $w"; '
        '/bin/cat ' + words + ' | /bin/grep -c a | /usr/bin/wc -c'],
    "dash_runs_a_script": ["/bin/dash", "-c", 'x=3; while [ $x -gt 0 ]; do printf "%s " $x; x=$((x - 1)); done; echo; '
                           'set -- a b c; echo "$# $2"; echo done | /usr/bin/tr a-z A-Z; (exit 4); echo $?'],
    "sed_edits_a_stream": ["/bin/sed", "-E", "s/(a+)/[\\1]/g; 3d; $a\\\nend", words],
    "grep_perl_regex_uses_pcre2": ["/bin/grep", "-P", "-n", "^\\w(?=\\w*a)\\w+$", words],
    "awk_formats_and_sums": ["/usr/bin/awk", "{ s += length($1); c[$1]++ } END { printf \"%d %.2f %s\\n\", s, s / NR, toupper(\"x\" c[\"apple\"]) }", words],
    "perl_xs_posix_list_util_digest_md5": ["/usr/bin/perl", "-MPOSIX=floor,strftime", "-MList::Util=sum,max,first", "-MDigest::MD5=md5_hex", "-e",
        "print join(' ', sum(1..10), max(3, 9, 4), first { $_ > 2 } (1..5)), qq(\\n), floor(-2.5), ' ', strftime('%Y-%m-%d', gmtime(86400 * 365)), qq(\\n), md5_hex('ldr'), qq(\\n)"],
    "python3_imports_lib_dynload_modules": ["/usr/bin/python3", "-c",
        "import _json, ctypes, zlib, _hashlib, _sqlite3, sqlite3\n"
        "libc = ctypes.CDLL('libc.so.6')\n"
        "libc.strlen.restype = ctypes.c_size_t\n"
        "print('strlen', libc.strlen(b'hello, ldr'))\n"
        "print('json', _json.encode_basestring_ascii('caf\\u00e9'))\n"
        "print('zlib', zlib.crc32(b'ldr'), zlib.decompress(zlib.compress(b'round trip' * 50))[:10])\n"
        "print('hashlib', _hashlib.openssl_sha256(b'ldr').hexdigest())\n"
        "print('sqlite3', sqlite3.connect(':memory:').execute('select 6 * 7, upper(\"x\")').fetchone())\n"
        "import _ctypes\n"
        "for m in (_json, _ctypes, zlib, _hashlib, _sqlite3):\n"
        "    print(m.__name__, getattr(m, '__file__', 'built-in').rsplit('/', 1)[-1])"],
    "sqlite3_runs_a_query": ["/usr/bin/sqlite3", ":memory:",
        "create table t(name text, n int); insert into t values ('a', 1), ('b', 2), ('a', 3); "
        "select name, sum(n), count(*) from t group by name order by name; select hex(zeroblob(2)), length('ldr'), printf('%.3f', 2.0 / 3);"],
    "openssl_dgst_hashes": ["/usr/bin/openssl", "dgst", "-sha256", "-r", words],
    "gzip_compresses": ["/bin/gzip", "-9", "-n", "-c", words],
    "gzip_decompresses": ["/bin/gzip", "-d", "-c", "{fix}/words.txt.gz"],
    "gzip_round_trip_pipeline": ["/bin/bash", "-c", f"/bin/gzip -c {words} | /bin/gzip -dc | /usr/bin/sha256sum"],
    "getent_hosts_localhost": ["/usr/bin/getent", "hosts", "localhost"],
    "getent_passwd_root": ["/usr/bin/getent", "passwd", "root"],
    "iconv_utf8_to_utf16": ["/usr/bin/iconv", "-f", "UTF-8", "-t", "UTF-16", "{fix}/utf8.txt"],
    "iconv_utf16_to_utf8": ["/usr/bin/iconv", "-f", "UTF-16", "-t", "UTF-8", "{fix}/utf16.txt"],
    "iconv_utf8_to_iso8859_15": ["/usr/bin/iconv", "-f", "UTF-8", "-t", "ISO-8859-15", "{fix}/utf8.txt"],
    "iconv_unconvertible_error": ["/usr/bin/iconv", "-f", "UTF-8", "-t", "ISO-8859-15", "{fix}/dash.txt"],
    "locale_in_c_utf8": ["/usr/bin/locale"],
    "locale_charmap_in_c_utf8": ["/usr/bin/locale", "charmap"],
    "dl_api_matches_glibc": [dl_api, os.path.dirname(os.path.realpath(dl_api))],
    "dlmopen_new_namespace_like_glibc": [dl_api, os.path.dirname(os.path.realpath(dl_api)), "newlm"],
}

# Variables a case adds to the environment (after LC_ALL=C and TZ=UTC).
CASE_ENV = {
    "date_in_new_york": {"TZ": "America/New_York"},
    "date_in_berlin_summer": {"TZ": "Europe/Berlin"},
    "locale_in_c_utf8": {"LC_ALL": "C.UTF-8"},
    "locale_charmap_in_c_utf8": {"LC_ALL": "C.UTF-8"},
    "iconv_utf8_to_iso8859_15": {"LC_ALL": "C.UTF-8"},
    "iconv_unconvertible_error": {"LC_ALL": "C.UTF-8"},
}

# What glibc's own run must print for the case to test what its name says
# (an oracle that printed nothing useful would make the comparison empty).
CASE_EXPECT = {
    "ls_long_names_owners_through_nss":
        [b" 4242 ", b" 4343 "] + ([b" daemon nogroup ", b" nobody root ", b" root   root "]
                                  if os.geteuid() == 0 else []),
    "cat_concatenates_files": [b"caf\xc3\xa9"],
    "date_in_new_york": [b"2023-11-14 17:13:20 EST -0500 Tuesday"],
    "date_in_berlin_summer": [b"CEST"],
    "printf_formats_numbers": [b"00042|ab  |ff|10|3.142|1.234568e+04|'a b'\n"],
    "seq_counts": [b"03,10,17,24,31,38\n"],
    "sed_edits_a_stream": [b"b[a]n[a]n[a]\n", b"\nend\n"],
    "awk_formats_and_sums": [b"29 4.83 X2\n"],
    "openssl_dgst_hashes": [b"d9a85974b6eb0506161379d6cd9a9f6286ea4503c53e93ee26af4b6864c0f1de *"],
    "gzip_round_trip_pipeline": [b"d9a85974b6eb0506161379d6cd9a9f6286ea4503c53e93ee26af4b6864c0f1de  -\n"],
    "iconv_unconvertible_error": [b"ok\nem dash "],
    "id_names_the_user": [b"uid="],
    "id_of_another_user": [b"uid=1(daemon)"],
    "bash_builtins_arrays_pipeline_subshell": [b"1 2 3 5 \nsum=39", b"sub: /usr\nsubshell status 3"],
    "dash_runs_a_script": [b"3 2 1 \n3 b\nDONE\n4\n"],
    "grep_perl_regex_uses_pcre2": [b"1:pear\n"],
    "perl_xs_posix_list_util_digest_md5": [b"55 9 3\n-3 1971-01-01\n"],
    "python3_imports_lib_dynload_modules": [b"strlen 10\n", b"_json _json.cpython", b"_sqlite3 _sqlite3.cpython"],
    "sqlite3_runs_a_query": [b"a|4|2\nb|2|1\n"],
    "gzip_compresses": [b"\x1f\x8b"],
    "gzip_decompresses": [b"pear\napple\n"],
    "getent_hosts_localhost": [b"localhost"],
    "getent_passwd_root": [b"root:x:0:0:"],
    "iconv_utf8_to_utf16": ["\u20ac".encode("utf-16-le")],
    "iconv_utf16_to_utf8": ["\u20ac".encode()],
    "iconv_utf8_to_iso8859_15": [b"5 \xa4, caf\xe9, \xa6koda"],
    "locale_in_c_utf8": [b"LC_ALL=C.UTF-8\n"],
    "locale_charmap_in_c_utf8": [b"UTF-8\n"],
    "dlmopen_new_namespace_like_glibc": [b"dlmopen LM_ID_NEWLM libm.so.6: handle in namespace 1\n"],
    "dl_api_matches_glibc": [b"init: libdlt_dep\ninit: libdlt_main\n", b"dlmopen LM_ID_BASE: same handle",
                             b"libdlt_dep.so/9 libdlt_main.so/9", b"dlt_main_value() = 1027",
                             b"DLT_1.0 -> 1, DLT_2.0 -> 2, dlsym default -> 2",
                             b"RTLD_NOLOAD after closing twice: same handle"],
}

# Documented differences (docs/glibc.md): the stdout glibc's ld.so gives and
# the stdout ldr gives instead; status and stderr must still be equal.
INTENDED_DIFFERENCE = {}


def make_fixture(fix):
    """Files with fixed contents, owners and mtimes. Owners other than root
    (when running as root) make ls ask NSS for names; uid 4242 has none."""
    text = "prix: 5 \u20ac, caf\u00e9, \u0160koda\n"
    with open(os.path.join(fix, "utf8.txt"), "w", encoding="utf-8") as f:
        f.write(text)
    with open(os.path.join(fix, "utf16.txt"), "wb") as f:
        f.write(text.encode("utf-16"))
    with open(os.path.join(fix, "dash.txt"), "w", encoding="utf-8") as f:
        f.write("ok\nem dash \u2014 here\n")
    with open(words, "rb") as src, gzip.GzipFile(os.path.join(fix, "words.txt.gz"), "wb",
                                                  mtime=0) as dst:
        dst.write(src.read())
    tree = os.path.join(fix, "tree")
    os.mkdir(tree)
    owners = {"by-root": (0, 0), "by-daemon": (1, 65534), "by-nobody": (65534, 0),
              "by-unnamed": (4242, 4343)}
    for i, (name, (uid, gid)) in enumerate(sorted(owners.items())):
        path = os.path.join(tree, name)
        with open(path, "w") as f:
            f.write("x" * (100 * i + 1))
        os.chmod(path, 0o640 + i)
        if os.geteuid() == 0:
            os.chown(path, uid, gid)
        os.utime(path, (1600000000 + i, 1600000000 + 3600 * i))
    os.mkdir(os.path.join(tree, "sub"))
    os.utime(os.path.join(tree, "sub"), (1500000000, 1500000000))


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
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LD_", "LDR_", "GLIBC_"))}
    env.update({"LC_ALL": "C", "TZ": "UTC"})
    env.update(CASE_ENV.get(case, {}))
    with tempfile.TemporaryDirectory() as fix, tempfile.TemporaryDirectory() as tmp:
        make_fixture(fix)
        argv = [a.replace("{fix}", fix) for a in CASES[case]]
        want = run([GLIBC] + argv, env)
        got = {"direct": run([ldr] + argv, env)}
        # Loader options (--list, --verify) have no program of their own to patch.
        if not argv[0].startswith("--"):
            got["interp"] = run_patched_copy(argv, env, tmp)
    failed = False
    for part in CASE_EXPECT.get(case, []):
        if part not in want[1]:
            failed = True
            print(f"FAIL {case}: glibc's run does not print {part!r}; the case tests nothing")
    if case in INTENDED_DIFFERENCE:
        glibc_out, ldr_out = INTENDED_DIFFERENCE[case]
        if want[1] != glibc_out:
            failed = True
            print(f"FAIL {case}: glibc's stdout {want[1]!r}, expected {glibc_out!r}")
        want = (want[0], ldr_out, want[2])
    for mode, result in got.items():
        if result != want:
            failed = True
            print(f"FAIL {case} [{mode}]: ldr differs from glibc's ld.so")
            for name, w, g in zip(("status", "stdout", "stderr"), want, result):
                if w != g:
                    print(f"  {name}: glibc={w!r}\n  {name}:   ldr={g!r}")
    if failed:
        sys.exit(1)
    same = "differing from glibc as documented" if case in INTENDED_DIFFERENCE else "same as glibc"
    print(f"ok {case}: status {want[0]}, {len(want[1])} bytes of output, {same} ({', '.join(got)})")


if __name__ == "__main__":
    main()
