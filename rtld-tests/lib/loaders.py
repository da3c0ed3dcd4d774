# SPDX-License-Identifier: MIT
# Shared by test drivers that compare ldr with glibc's ld.so: one program
# run under glibc's ld.so, under `ldr PROG` and as a copy whose PT_INTERP is
# ldr, in an environment without LD_*/LDR_* variables. Runs, compares nothing.
import os
import re
import shutil
import subprocess

GLIBC = "/lib64/ld-linux-x86-64.so.2"

# A line of LD_DEBUG=symbols/bindings for a lookup glibc's ld.so makes for
# itself (the vDSO's symbols, its malloc and error handlers), which ldr makes
# untraced: traces compared with glibc's leave these out.
GLIBC_INTERNAL_LOOKUP = re.compile(r"(`|symbol=)(__vdso_\w+|calloc|free|malloc|realloc|_dl_catch_\w+|_dl_signal_\w+)[;']")

# Prefix that runs a command as nobody (the suites run as root).
NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def masked_trace(stderr):
    """The lines of an LD_DEBUG trace without their PID prefixes, every hex
    address written ADDR: two loaders' traces compare line for line."""
    return [re.sub(r"0x[0-9a-f]+", "ADDR", re.sub(r"^ +\d+:", "", line)) for line in stderr.splitlines()]


def run(argv, extra_env=None, timeout=60, drop=()):
    """(status, stdout, stderr) of argv with LD_*/LDR_* (and the `drop`
    prefixes) removed from the environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LD_", "LDR_") + tuple(drop))}
    env.update(extra_env or {})
    p = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def interp_copy(program, ldr, copy):
    """Copies program to copy with ldr as its PT_INTERP; returns copy."""
    shutil.copy(program, copy)
    subprocess.run(["patchelf", "--set-interpreter", ldr, copy], check=True)
    return copy


def make_setuid_root(path):
    """Makes path a setuid-root program: started by nobody, it runs in secure mode."""
    os.chown(path, 0, 0)
    os.chmod(path, 0o4755)


def setuid_copies(tmp, program, ldr):
    """Setuid-root copies of program in tmp (made searchable by nobody), one
    with ldr as its PT_INTERP and one with glibc's: {"ldr": path, "glibc": path}."""
    os.chmod(tmp, 0o755)
    copies = {}
    for name, interp in (("ldr", ldr), ("glibc", GLIBC)):
        copies[name] = interp_copy(program, interp, os.path.join(tmp, f"{name}-{os.path.basename(program)}"))
        make_setuid_root(copies[name])
    return copies


def report_differences(label, want, got, want_name="glibc"):
    """Prints a FAIL line for each mode of got ({mode: result}) whose result
    differs from want (glibc's, or the expected one); True when any did."""
    failed = False
    for mode, result in got.items():
        if result != want:
            failed = True
            print(f"FAIL {label} [{mode}]\n  {want_name} {want!r}\n  got   {result!r}")
    return failed


def three_runs(program, args, ldr, copy, extra_env=None, timeout=60):
    """{"glibc", "ldr direct", "ldr interp"} -> (status, stdout, stderr)."""
    interp_copy(program, ldr, copy)
    return {"glibc": run([GLIBC, program] + args, extra_env, timeout),
            "ldr direct": run([ldr, program] + args, extra_env, timeout),
            "ldr interp": run([copy] + args, extra_env, timeout)}


MAIN_CALLING_LIBFN = "extern int libfn(void);\nint main(int c, char **v) { (void)v; return c > 3 ? libfn() : 0; }\n"


def program_with_undefined(d, lib_source):
    """Builds d/libu.so from lib_source (defining libfn, referring to symbols
    nothing defines) and d/prog, which needs it ($ORIGIN) and calls libfn
    only with three arguments or more; returns d/prog."""
    for name, text in (("lib.c", lib_source), ("main.c", MAIN_CALLING_LIBFN)):
        with open(os.path.join(d, name), "w") as f:
            f.write(text)
    cc = os.environ.get("CC", "cc")
    subprocess.run([cc, "-shared", "-fPIC", "-o", f"{d}/libu.so", f"{d}/lib.c"], check=True)
    subprocess.run([cc, "-o", f"{d}/prog", f"{d}/main.c", f"-L{d}", "-lu", "-Wl,-rpath,$ORIGIN",
                    "-Wl,--allow-shlib-undefined"], check=True)
    return f"{d}/prog"
