#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Secure mode and executable-stack checks, each run under ldr and, as the
# oracle, under glibc's ld.so (a copy whose PT_INTERP is glibc's).
# Usage: check_process.py CASE LDR PROBE ENV_PROBE FAKE_DEP
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from loaders import GLIBC, NOBODY, setuid_copies  # noqa: E402

case, ldr, probe, env_probe, fake_dep = sys.argv[1:6]
ldr = os.path.realpath(ldr)
fake_dir = os.path.dirname(os.path.realpath(fake_dep))


def clean_env(extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LD_", "LDR_", "GLIBC_"))}
    env.update(extra)
    return env


def run(args, extra=None, as_nobody=False):
    if as_nobody:
        args = NOBODY + args
    p = subprocess.run(args, capture_output=True, text=True, env=clean_env(extra or {}), timeout=30)
    return p.returncode, p.stdout, p.stderr


def check(what, got, want):
    if got != want:
        print(f"FAIL {case} ({what})\n--- want ---\n{want}\n--- got ---\n{got}")
        sys.exit(1)


def setuid_copies_with(tmp, program, with_dep):
    """setuid_copies, and the probe's dependency beside them when with_dep."""
    copies = setuid_copies(tmp, program, ldr)
    if with_dep:
        shutil.copy(os.path.join(os.path.dirname(os.path.realpath(program)), "libprobe_dep.so"), tmp)
        os.chmod(os.path.join(tmp, "libprobe_dep.so"), 0o755)
    return copies


# glibc's ld.so fails an assertion in _dl_fini at exit for programs without
# libc (its own map is unlinked but still counted), so its status is not
# compared; its output is.
if case == "library_path_steers_normal_runs":
    for args in ([probe], [ldr, probe], [GLIBC, probe]):
        st, out, err = run(args, {"LD_LIBRARY_PATH": fake_dir})
        check(f"{args[0]} dep", out.splitlines()[0], "dep=fake")
        if args[0] != GLIBC:
            check(f"{args[0]} status", st, 0)
elif case == "secure_mode_ignores_library_path":
    # $ORIGIN of a setuid program outside trusted directories and
    # LD_LIBRARY_PATH are both ignored: the dependency cannot be found.
    with tempfile.TemporaryDirectory() as tmp:
        copies = setuid_copies_with(tmp, probe, with_dep=True)
        results = {}
        for name, prog in copies.items():
            st, out, err = run([prog], {"LD_LIBRARY_PATH": fake_dir, "LDR_LIBRARY_PATH": fake_dir},
                               as_nobody=True)
            results[name] = (st, out, err.replace(prog, "PROG"))
        want = (127, "", "PROG: error while loading shared libraries: libprobe_dep.so: "
                "cannot open shared object file: No such file or directory\n")
        check("ldr", results["ldr"], want)
        check("glibc", results["glibc"], want)
elif case == "secure_mode_strips_unsafe_environment":
    with tempfile.TemporaryDirectory() as tmp:
        copies = setuid_copies_with(tmp, env_probe, with_dep=False)
        # The preload must exist: setpriv itself is a glibc program that sees it.
        extra = {"LD_LIBRARY_PATH": "/x", "LD_PRELOAD": fake_dep, "LDR_LIBRARY_PATH": "/x",
                 "LDR_DEBUG": "libs", "GLIBC_TUNABLES": "glibc.malloc.check=1", "TMPDIR": "/x",
                 "HOME": "/home/x"}
        want = ("AT_SECURE=1\nLD_LIBRARY_PATH=(unset)\nLD_PRELOAD=(unset)\n"
                "LDR_LIBRARY_PATH=(unset)\nLDR_DEBUG=(unset)\nGLIBC_TUNABLES=\n"
                "TMPDIR=(unset)\nHOME=/home/x\n")
        st, out, err = run([copies["ldr"]], extra, as_nobody=True)
        check("ldr", (st, out, err), (0, want, ""))
        # glibc's ld.so as the oracle for the variables both loaders know. It
        # does not move auxv behind the shortened environment (libc reads its
        # own copy), so a libc-free probe cannot see AT_SECURE there. Both
        # rewrite GLIBC_TUNABLES without its SXID_ERASE tunables (here: all).
        st, out, err = run([copies["glibc"]], extra, as_nobody=True)
        keep = ("LD_LIBRARY_PATH=", "LD_PRELOAD=", "GLIBC_TUNABLES=", "TMPDIR=", "HOME=")
        check("glibc", [l for l in out.splitlines() if l.startswith(keep)],
              [l for l in want.splitlines() if l.startswith(keep)])
        # Not setuid: nothing is stripped.
        st, out, err = run([env_probe], extra)
        check("normal run", out.splitlines()[:2], ["AT_SECURE=0", "LD_LIBRARY_PATH=/x"])
elif case == "execstack_library_makes_stack_executable":
    for args in ([probe], [ldr, probe], [GLIBC, probe]):
        st, out, err = run(args, {"LD_LIBRARY_PATH": fake_dir})
        check(f"{args[0]} output", out, "dep=fake\nstack=rwxp\n")
        if args[0] != GLIBC:
            check(f"{args[0]} status", st, 0)
elif case == "plain_libraries_keep_stack_private":
    for args in ([probe], [ldr, probe], [GLIBC, probe]):
        st, out, err = run(args)
        check(f"{args[0]} output", out, "dep=real\nstack=rw-p\n")
        if args[0] != GLIBC:
            check(f"{args[0]} status", st, 0)
elif case == "origin_path_when_proc_is_missing":
    # Without /proc (an empty tmpfs over it, in a mount namespace of the
    # test's own) the kernel-started program's $ORIGIN is LD_ORIGIN_PATH,
    # trailing slashes dropped, as glibc's _dl_get_origin; unset, the
    # RUNPATH $ORIGIN/ finds nothing.
    if subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode != 0:
        print("skip: no mount namespace here")
        sys.exit(77)
    from loaders import interp_copy  # noqa: E402
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(os.path.join(os.path.dirname(os.path.realpath(probe)), "libprobe_dep.so"), tmp)
        script = 'mount -t tmpfs tmpfs /proc && cd / && exec "$@"'
        for name, interp in (("ldr", ldr), ("glibc", GLIBC)):
            prog = interp_copy(probe, interp, os.path.join(tmp, f"{name}-probe"))
            st, out, err = run(["unshare", "-m", "sh", "-c", script, "sh", prog])
            check(f"{name} without LD_ORIGIN_PATH", (out, err.replace(prog, "PROG")),
                  ("", "PROG: error while loading shared libraries: libprobe_dep.so: cannot open shared "
                   "object file: No such file or directory\n"))
            st, out, err = run(["unshare", "-m", "sh", "-c", script, "sh", prog], {"LD_ORIGIN_PATH": tmp + "///"})
            check(f"{name} with LD_ORIGIN_PATH", out.splitlines()[:1], ["dep=real"])
            if name == "ldr":
                check("ldr status", st, 0)
else:
    print("unknown case", case)
    sys.exit(2)
print("ok", case)
