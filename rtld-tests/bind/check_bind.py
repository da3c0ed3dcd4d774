#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# The bind cache (LDR_BIND_CACHE, bind/bind.h) end to end: a cold start
# writes one file, a warm start answers its lookups from it, both with
# glibc's output; a changed library, a corrupt, truncated or group-writable
# file, and secure mode all mean lookups as usual, with the same output.
# Usage: check_bind.py CASE LDR CXX_BUILDDIR
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from loaders import GLIBC, interp_copy, run  # noqa: E402

CASE = sys.argv[1]
L, CXX = (os.path.realpath(p) for p in sys.argv[2:4])
APP = [f"{CXX}/cxx_app", f"{CXX}/libplugin.so"]
PY = ["/usr/bin/python3", "-c", "import json, zlib, ctypes; print(json.dumps([zlib.crc32(b'ldr'), "
      "ctypes.CDLL(None).strlen(b'bind')]))"]
failures = []


def expect(what, got, want):
    if got != want:
        failures.append(f"{what}: got {got!r}, want {want!r}")


def answered(stderr):
    m = re.search(r"of which answered by the bind cache: (\d+)", stderr)
    return int(m.group(1)) if m else 0


def ldr_run(argv, cache, extra=None):
    env = {"LDR_BIND_CACHE": cache, "LDR_DEBUG": "statistics,libs"}
    env.update(extra or {})
    return run([L] + argv, env)


def files(d):
    return sorted(f for f in os.listdir(d) if f.endswith(".bind"))


with tempfile.TemporaryDirectory() as d:
    if CASE in ("cold_then_warm_same_output", "python_cold_then_warm"):
        argv = APP if CASE == "cold_then_warm_same_output" else PY
        want = run([GLIBC] + argv)
        st, out, err = ldr_run(argv, d)
        expect("cold status/stdout", (st, out), want[:2])
        expect("cold: nothing answered", answered(err), 0)
        expect("cold: one file written", len(files(d)), 1)
        expect("cold: written trace", " bind cache=" in err and ": written" in err, True)
        for i in range(2):
            st, out, err = ldr_run(argv, d)
            expect(f"warm {i} status/stdout", (st, out), want[:2])
            expect(f"warm {i}: answers", answered(err) > 0, True)
            expect(f"warm {i}: no new file", len(files(d)), 1)
        # Through a copy with ldr as PT_INTERP: its own closure (another
        # executable), cold then warm, same output.
        if CASE == "cold_then_warm_same_output":
            copy = interp_copy(APP[0], L, f"{CXX}/cxx_app.bind-interp")
            for i in range(2):
                st, out, err = run([copy] + APP[1:], {"LDR_BIND_CACHE": d, "LDR_DEBUG": "statistics"})
                expect(f"interp run {i}", (st, out), want[:2])
                expect(f"interp run {i} answered", answered(err) > 0, i == 1)
            os.unlink(copy)
            # --bind-cache DIR: the same file as LDR_BIND_CACHE=DIR, and wins over it.
            st, out, err = run([L, "--bind-cache", d] + argv, {"LDR_BIND_CACHE": "/nonexistent",
                                                               "LDR_DEBUG": "statistics"})
            expect("--bind-cache (no new file: the interp copy's is the second)",
                   (st, out, answered(err) > 0, len(files(d))), want[:2] + (True, 2))
    elif CASE == "changed_library_is_looked_up":
        # libshapes from a copy found first via LD_LIBRARY_PATH: touching it
        # changes the closure's identity, so the next start is cold again.
        lib = os.path.join(d, "libs")
        os.mkdir(lib)
        shutil.copy(f"{CXX}/libshapes.so", lib)
        cache = os.path.join(d, "cache")
        os.mkdir(cache)
        extra = {"LD_LIBRARY_PATH": lib}
        want = run([GLIBC] + APP, extra)
        ldr_run(APP, cache, extra)
        st, out, err = ldr_run(APP, cache, extra)
        expect("warm", (st, out, answered(err) > 0), want[:2] + (True,))
        os.utime(os.path.join(lib, "libshapes.so"), ns=(10**18, 10**18))
        st, out, err = ldr_run(APP, cache, extra)
        expect("after the change: cold, same output", (st, out, answered(err)), want[:2] + (0,))
        expect("a second file for the new closure", len(files(cache)), 2)
    elif CASE == "corrupt_or_truncated_file_ignored":
        want = run([GLIBC] + APP)
        ldr_run(APP, d)
        path = os.path.join(d, files(d)[0])
        data = bytearray(open(path, "rb").read())
        cases = {"checksum mismatch": data[:-9] + bytes([data[-9] ^ 0x40]) + data[-8:],
                 "truncated": data[:20],
                 "another closure": data[:-8],
                 "not a bind cache of this version": b"LDRBIND9" + data[8:]}
        for why, content in cases.items():
            open(path, "wb").write(content)
            st, out, err = ldr_run(APP, d)
            expect(f"{why}: output", (st, out), want[:2])
            expect(f"{why}: nothing answered", answered(err), 0)
            expect(f"{why}: traced", f"ignored ({why})" in err, True)
        # A sound file others may write is not trusted.
        open(path, "wb").write(data)
        expect("restored: answers", answered(ldr_run(APP, d)[2]) > 0, True)
        os.chmod(path, 0o664)
        st, out, err = ldr_run(APP, d)
        expect("group-writable: output", (st, out), want[:2])
        expect("group-writable: ignored", (answered(err), "ignored (not owned by the user or writable by "
                                           "others)" in err), (0, True))
    elif CASE == "secure_mode_ignores_bind_cache":
        # LDR_BIND_CACHE is an unsafe variable: a setuid program never reads
        # or writes a bind cache. A copy of Debian's python3 with ldr as its
        # interpreter (system libraries only: secure mode ignores $ORIGIN).
        os.chmod(d, 0o755)
        prog = os.path.join(d, "python3")
        interp_copy(PY[0], L, prog)
        os.chmod(prog, 0o755)
        cache = os.path.join(d, "cache")
        os.mkdir(cache)
        os.chmod(cache, 0o777)
        want = run([GLIBC] + PY)
        nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        st, out, err = run(nobody + [prog] + PY[1:], {"LDR_BIND_CACHE": cache})
        expect("not setuid", (st, out), want[:2])
        expect("not setuid: a file written", len(files(cache)), 1)
        for f in files(cache):
            os.unlink(os.path.join(cache, f))
        os.chown(prog, 0, 0)
        os.chmod(prog, 0o4755)
        st, out, err = run(nobody + [prog] + PY[1:], {"LDR_BIND_CACHE": cache})
        expect("setuid", (st, out), want[:2])
        expect("setuid: nothing written", files(cache), [])
    else:
        print(f"unknown case {CASE}")
        sys.exit(2)

if failures:
    print("FAIL " + CASE)
    for f in failures:
        print("  " + f)
    sys.exit(1)
print(f"ok {CASE}")
