#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# The bind cache (LDR_BIND_CACHE, bind/bind.h) end to end: a cold start
# writes one file, a warm start answers its lookups from it, both with
# glibc's output; a changed library, a corrupt, truncated or group-writable
# file, and secure mode all mean lookups as usual, with the same output.
# The system's (ldr-cache --bind, read with --system-bind-cache): filled
# for exactly the programs named, read and never written by the loader,
# trusted only from root or the user, reporting what it cannot bind.
# Usage: check_bind.py CASE LDR CXX_BUILDDIR [LDR_CACHE_TOOL [BUILDDIR]]
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from loaders import GLIBC, NOBODY, interp_copy, make_setuid_root, program_with_undefined, run  # noqa: E402

CASE = sys.argv[1]
L, CXX = (os.path.realpath(p) for p in sys.argv[2:4])
TOOL = os.path.realpath(sys.argv[4]) if len(sys.argv) > 4 else None
TESTS = os.path.dirname(os.path.realpath(__file__)) if len(sys.argv) <= 5 else os.path.realpath(sys.argv[5])
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


def bind(sysdir, *programs):
    """ldr-cache --bind -v into sysdir: (status, stdout, stderr)."""
    return run([TOOL, "--bind", "-v", "--bind-dir", sysdir, "--ldr", L] + list(programs))


def dynsym_index(path, name):
    """The dynamic symbol index of name in path: its reference (undefined),
    or its definition of the default version."""
    out = subprocess.run(["readelf", "--dyn-syms", "-W", path], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        f = line.split()
        if len(f) < 8 or not f[0].endswith(":") or f[7].split("@")[0] != name:
            continue
        if f[6] == "UND" or "@@" in f[7] or "@" not in f[7]:
            return int(f[0][:-1])
    raise SystemExit(f"{name} not in {path}")


def sys_run(argv, sysdir, extra=None):
    env = {"LDR_DEBUG": "statistics,libs"}
    env.update(extra or {})
    return run([L, "--system-bind-cache", sysdir] + argv, env)


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
    elif CASE == "ldd_d_writes_none_ldd_r_writes_all":
        # ldd -d (LD_WARN, no LD_BIND_NOW) leaves the PLT unbound as glibc's
        # lazy relocation: no bind file then (it would lack those answers for
        # good). ldd -r binds everything and writes one that answers a later
        # run's every lookup the relocation made.
        trace = {"LD_TRACE_LOADED_OBJECTS": "1", "LD_WARN": "1"}
        ldr_run(APP, d, trace)
        expect("ldd -d: no file", len(files(d)), 0)
        ldr_run(APP, d, dict(trace, LD_BIND_NOW="1"))
        expect("ldd -r: one file", len(files(d)), 1)
        st, out, err = ldr_run(APP, d)
        # As many answers as after a cold run of the program itself.
        normal = os.path.join(d, "normal")
        os.mkdir(normal)
        ldr_run(APP, normal)
        reference = answered(ldr_run(APP, normal)[2])
        expect("a run after ldd -r: output, the answers of a cold run's file",
               (st, out, answered(err), reference > 100), run([GLIBC] + APP)[:2] + (reference, True))
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
        st, out, err = run(NOBODY + [prog] + PY[1:], {"LDR_BIND_CACHE": cache})
        expect("not setuid", (st, out), want[:2])
        expect("not setuid: a file written", len(files(cache)), 1)
        for f in files(cache):
            os.unlink(os.path.join(cache, f))
        make_setuid_root(prog)
        st, out, err = run(NOBODY + [prog] + PY[1:], {"LDR_BIND_CACHE": cache})
        expect("setuid", (st, out), want[:2])
        expect("setuid: nothing written", files(cache), [])
    elif CASE == "system_cache_filled_by_ldr_cache":
        sysdir = os.path.join(d, "var", "bind")  # made, parents included, by ldr-cache
        st, out, err = bind(sysdir, APP[0], PY[0])
        expect("bind: status, stderr", (st, err), (0, ""))
        expect("bind: one line a program", [line.split(": ")[0] for line in out.splitlines()], [APP[0], PY[0]])
        expect("bind: two files, 0644, in a 0755 directory",
               (len(files(sysdir)), {os.stat(os.path.join(sysdir, f)).st_mode & 0o777 for f in files(sysdir)},
                os.stat(sysdir).st_mode & 0o777), (2, {0o644}, 0o755))
        expect("bind: nothing left beside it", sorted(os.listdir(os.path.dirname(sysdir))), ["bind"])
        before = {f: os.stat(os.path.join(sysdir, f)).st_mtime_ns for f in files(sysdir)}
        for argv in (APP, PY):
            want = run([GLIBC] + argv)
            st, out, err = sys_run(argv, sysdir)
            expect(f"{argv[0]} warm from the system's: output", (st, out), want[:2])
            expect(f"{argv[0]} warm from the system's: answers", answered(err) > 0, True)
        # A program not in it: looked up, and the loader writes nothing there.
        copy = interp_copy(APP[0], L, f"{CXX}/cxx_app.sysbind-copy")  # beside its libraries ($ORIGIN)
        st, out, err = sys_run([copy] + APP[1:], sysdir)
        os.unlink(copy)
        expect("not bound: cold, same output", (st, out, answered(err)), run([GLIBC] + APP)[:2] + (0,))
        expect("the loader never writes it", {f: os.stat(os.path.join(sysdir, f)).st_mtime_ns
                                              for f in files(sysdir)}, before)
        # "" turns it off; the user's cache, when given, is used instead (and written).
        expect("--system-bind-cache '': cold", answered(sys_run(APP, "")[2]), 0)
        user = os.path.join(d, "user")
        os.mkdir(user)
        st, out, err = sys_run(APP, sysdir, {"LDR_BIND_CACHE": user})
        expect("user's cache wins: cold, recorded there", (answered(err), len(files(user))), (0, 1))
        # Filled again with python3, once through a symbolic link, and with
        # cxx_app through one: a program is bound as the kernel starts it,
        # from its real file ($ORIGIN is cxx_app's directory); the same closure
        # twice is one file. It then holds exactly these.
        link = os.path.join(d, "app-link")
        os.symlink(APP[0], link)
        st, out, err = bind(sysdir, PY[0], "/usr/bin/python3.11", link)
        expect("rebind: status", (st, err), (0, ""))
        expect("rebind: the same closure again", out.splitlines()[1].endswith(
            " (the same closure as an earlier program)"), True)
        expect("rebind: two files", len(files(sysdir)), 2)
        expect("rebind: cxx_app warm", answered(sys_run(APP, sysdir)[2]) > 0, True)
        expect("rebind: python3 warm", answered(sys_run(PY, sysdir)[2]) > 0, True)
        st, out, err = bind(sysdir, PY[0])
        expect("rebind python3 only: one file", (st, len(files(sysdir))), (0, 1))
        expect("rebind python3 only: cxx_app cold", answered(sys_run(APP, sysdir)[2]), 0)
    elif CASE == "system_cache_trust":
        # Trusted from root (the system's) or the user running, never when
        # others may write the file. Run as nobody (65534) to tell them apart.
        sysdir = os.path.join(d, "bind")
        os.chmod(d, 0o755)
        # cxx_app's libraries stay readable by nobody: copy the build to d.
        app = os.path.join(d, "app")
        os.mkdir(app)
        os.chmod(app, 0o755)
        for f in ("cxx_app", "libshapes.so", "libplugin.so"):  # its RUNPATH is $ORIGIN
            shutil.copy2(os.path.join(CXX, f), app)
        st, out, err = bind(sysdir, os.path.join(app, "cxx_app"))
        expect("bind", (st, err, len(files(sysdir))), (0, "", 1))
        path = os.path.join(sysdir, files(sysdir)[0])
        argv = [os.path.join(app, "cxx_app"), os.path.join(app, "libplugin.so")]
        want = run([GLIBC] + argv)
        def as_nobody():
            return run(NOBODY + [L, "--system-bind-cache", sysdir] + argv, {"LDR_DEBUG": "statistics,libs"})
        for owner, trusted in ((0, True), (65534, True), (65533, False)):
            os.chown(path, owner, owner)
            st, out, err = as_nobody()
            expect(f"owner {owner}: output", (st, out), want[:2])
            expect(f"owner {owner}: answers", answered(err) > 0, trusted)
            if not trusted:
                expect(f"owner {owner}: traced", "ignored (not owned by the user or writable by others)" in err, True)
        os.chown(path, 0, 0)
        os.chmod(path, 0o664)
        st, out, err = as_nobody()
        expect("group-writable: cold, same output", (st, out, answered(err)), want[:2] + (0,))
    elif CASE == "ldr_cache_bind_reports":
        # What cannot be bound is said, one line each, status 1; the rest
        # is installed. A strong undefined reference (ldd -r reports it and
        # goes on) stays an error at a normal start, as glibc's.
        program_with_undefined(d, "extern int missing_fn(void);\nint libfn(void) { return missing_fn(); }\n")
        cc = os.environ.get("CC", "cc")
        subprocess.run([cc, "-static", "-o", f"{d}/static", f"{d}/main.c", "-Dlibfn=getpid",
                        "-include", "unistd.h"], check=True)
        text = os.path.join(d, "script")
        open(text, "w").write("#!/bin/sh\n# a script is not an ELF program: ldr says so, as glibc's ld.so\nexit 0\n")
        sysdir = os.path.join(d, "bind")
        st, out, err = bind(sysdir, f"{d}/nonexistent", text, f"{d}/static", f"{d}/prog", APP[0])
        expect("status", st, 1)
        expect("stderr", err,
               f"ldr-cache: cannot bind {d}/nonexistent: cannot open shared object file: No such file or directory\n"
               f"ldr-cache: cannot bind {text}: invalid ELF header\n"
               f"ldr-cache: cannot bind {d}/static: statically linked\n"
               f"ldr-cache: {d}/prog: 1 undefined symbol (looked up at every start)\n")
        expect("the two bound", len(files(sysdir)), 2)
        want = run([GLIBC, f"{d}/prog"], {"LD_BIND_NOW": "1"})  # ldr binds eagerly
        st, out, err = run([L, "--system-bind-cache", sysdir, f"{d}/prog"])
        expect("prog: eager glibc's error and status", (st, err), (want[0], want[2]))
    elif CASE == "ldr_cache_bind_check_and_again":
        # The directory keeps its list of programs: --bind --check names
        # those an upgrade made stale (a library of cxx_app's, here touched),
        # and --bind without programs binds the list again.
        app = os.path.join(d, "app")
        os.mkdir(app)
        for f in ("cxx_app", "libshapes.so", "libplugin.so"):  # its RUNPATH is $ORIGIN
            shutil.copy2(os.path.join(CXX, f), app)
        prog = os.path.join(app, "cxx_app")
        sysdir = os.path.join(d, "bind")
        expect("bind", bind(sysdir, prog, PY[0])[0], 0)
        expect("the list", open(os.path.join(sysdir, "programs")).read(), f"{prog}\n{PY[0]}\n")
        check = [TOOL, "--bind", "--check", "--bind-dir", sysdir, "--ldr", L]
        expect("fresh", run(check), (0, "", ""))
        os.utime(os.path.join(app, "libshapes.so"), ns=(10**18, 10**18))
        expect("a library changed", run(check), (1, f"stale: {prog}\n", ""))
        expect("cold meanwhile", answered(sys_run([prog, APP[1]], sysdir)[2]), 0)
        st, out, err = run([TOOL, "--bind", "-v", "--bind-dir", sysdir, "--ldr", L])
        expect("bound again: the list's programs", (st, [line.split(": ")[0] for line in out.splitlines()], err),
               (0, [prog, PY[0]], ""))
        expect("fresh again", run(check), (0, "", ""))
        expect("warm again", answered(sys_run([prog, APP[1]], sysdir)[2]) > 0, True)
        empty = os.path.join(d, "none")
        expect("no list: --check", run([TOOL, "--bind", "--check", "--bind-dir", empty, "--ldr", L])[0], 2)
        expect("no list: --bind", run([TOOL, "--bind", "--bind-dir", empty, "--ldr", L])[0], 2)
    elif CASE == "system_cache_in_secure_mode":
        # A setuid-root program reads the system bind cache in secure mode,
        # root's files only. Its place, /var/cache/ldr/bind, is replaced in a
        # mount namespace of the test's own (the machine's is not touched).
        # uid_probe prints getuid(); one answer of its file is rewritten to
        # geteuid, so "uid 0" shows that the start took the file's answers.
        if subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode != 0:
            print("skip: no mount namespace here")
            sys.exit(77)
        os.chmod(d, 0o755)
        prog = interp_copy(os.path.join(TESTS, "uid_probe"), L, os.path.join(d, "uid_probe"))
        make_setuid_root(prog)
        var = os.path.join(d, "var")  # mounted on /var/cache
        sysdir = os.path.join(var, "ldr", "bind")
        expect("bind", bind(sysdir, prog)[0], 0)
        path = os.path.join(sysdir, files(sysdir)[0])

        def secure_run():
            script = 'mount --bind "$0" /var/cache && exec "$@"'
            return run(["unshare", "-m", "sh", "-c", script, var] + NOBODY + [prog])

        want = run(NOBODY + [prog])  # no namespace: the machine's place
        expect("as nobody, no system bind cache", want, (0, "uid 65534\n", ""))
        expect("root's file, as bound", secure_run(), want)
        libc = "/lib/x86_64-linux-gnu/libc.so.6"
        subprocess.run([os.path.join(TESTS, "bind_rewrite"), path, "0", str(dynsym_index(prog, "getuid")),
                        str(dynsym_index(libc, "geteuid"))], check=True)
        expect("root's file, rewritten: its answer taken", secure_run(), (0, "uid 0\n", ""))
        os.chown(path, 65534, 65534)
        expect("nobody's file: not trusted in secure mode", secure_run(), want)
    else:
        print(f"unknown case {CASE}")
        sys.exit(2)

if failures:
    print("FAIL " + CASE)
    for f in failures:
        print("  " + f)
    sys.exit(1)
print(f"ok {CASE}")
