#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Interposition end to end: a fake clock for Debian programs that does not
# reach their children (contrasted with LD_PRELOAD, which does), a malloc
# counter limited to one library of a C++ program, manifests (file and
# note) binding exactly as the options do, and every failure mode with its
# exact message and status.
# Usage: check_interpose.py CASE LDR BUILDDIR
import os
import re
import subprocess
import sys
import time

GLIBC = "/lib64/ld-linux-x86-64.so.2"
case, ldr, build = sys.argv[1:4]
L = os.path.realpath(ldr)
B = os.path.realpath(build)
F = f"{B}/libfakeclock.so"
COUNT = f"{B}/libcount.so"
PROBE = f"{B}/clock_probe"
FAKE = "1000000000"
BASH_CLOCKS = ["/bin/bash", "-c", 'printf "%(%s)T\\n" -1; date +%s']


def run(argv, extra_env=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LD_", "LDR_"))}
    env.update({"LC_ALL": "C", "TZ": "UTC"})
    env.update(extra_env or {})
    p = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=30)
    return p.returncode, p.stdout, p.stderr


def expect(got, want):
    if got != want:
        print(f"FAIL {case}\n  want {want!r}\n  got  {got!r}")
        sys.exit(1)


def is_real_clock(line):
    return abs(int(line) - time.time()) < 300


def clocks(result):
    """(fake?, real?) of the two lines `printf %(%s)T; date +%s` print."""
    status, out, err = result
    lines = out.split("\n")
    if status != 0 or len(lines) < 2:
        print(f"FAIL {case}: {result!r}")
        sys.exit(1)
    return lines[0], lines[1]


def interposed_bindings(err, program):
    """The 'interposed' binding lines, without PIDs, the program named P."""
    lines = [re.sub(r"^\s*\d+:\t", "", l) for l in err.splitlines() if "interposed by" in l]
    return [l.replace(program, "P") for l in lines]


def write_manifest(text):
    path = f"{B}/{case}.manifest"
    with open(path, "w") as f:
        f.write(text)
    return path


def usage(arg, why):
    return (1, "", f"{L}: --interpose '{arg}': {why}\nTry '{L} --help' for more information.\n")


def main():
    if case == "fake_clock_for_date":
        expect(run([L, "--interpose", f"clock_gettime={F}", "--interpose", f"time={F}",
                    "/usr/bin/date", "-u"]), (0, "Sun Sep  9 01:46:40 UTC 2001\n", ""))
    elif case == "child_process_sees_the_real_clock":
        mine, child = clocks(run([L, "--interpose", f"time={F}", "--interpose", f"gettimeofday={F}"]
                                 + BASH_CLOCKS))
        expect((mine, is_real_clock(child)), (FAKE, True))
    elif case == "ld_preload_leaks_into_the_child":
        for loader in (GLIBC, L):
            mine, child = clocks(run([loader] + BASH_CLOCKS, {"LD_PRELOAD": F}))
            expect((loader, mine, child), (loader, FAKE, FAKE))
    elif case == "system_preload_file_like_glibc":
        # /etc/ld.so.preload (comments, tabs, a missing object) in a mount
        # namespace of the test's own, over a tmpfs /etc of links to the
        # machine's: both loaders preload the same, report the same, and the
        # children (glibc's) see it too.
        if subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode != 0:
            print("skip: no mount namespace here")
            sys.exit(77)
        import tempfile
        with tempfile.TemporaryDirectory() as t:
            with open(f"{t}/ld.so.preload", "w") as fh:
                fh.write(f"# the system's preloads\n/nonexistent/libgone.so\t{F} # the fake clock\n#{F}\n")
            script = ('set -e; T=$0; mkdir -p "$T/orig"; mount --bind /etc "$T/orig"; mount -t tmpfs tmpfs /etc; '
                      'for f in "$T"/orig/* "$T"/orig/.[!.]*; do if [ -e "$f" ] || [ -L "$f" ]; then '
                      'ln -s "$f" /etc/; fi; done; rm -f /etc/ld.so.preload; '
                      'cp "$T/ld.so.preload" /etc/ld.so.preload; exec "$@"')
            results = [run(["unshare", "-m", "sh", "-c", script, t, loader] + BASH_CLOCKS) for loader in (GLIBC, L)]
        # The third line's comment is past the window glibc's comment scan
        # keeps (preload_file.h): "#PATH" is tried as a name.
        errors = "".join(f"ERROR: ld.so: object '{name}' from /etc/ld.so.preload cannot be preloaded "
                         "(cannot open shared object file): ignored.\n" for name in ("/nonexistent/libgone.so", f"#{F}"))
        expect(results[0], (0, f"{FAKE}\n{FAKE}\n", errors * 2))
        expect(results[1], results[0])
    elif case == "preload_option_is_not_inherited":
        for loader in (GLIBC, L):  # glibc's --preload does not leak either
            mine, child = clocks(run([loader, "--preload", F] + BASH_CLOCKS))
            expect((loader, mine, is_real_clock(child)), (loader, FAKE, True))
    elif case == "malloc_counted_in_one_library_only":
        expect(run([L, "--interpose", f"malloc={COUNT}", "--interpose-in", "libwidget.so",
                    "--interpose", f"_Znwm={COUNT}", "--interpose-in", "libwidget.so",
                    f"{B}/main_widgets"]),
               (0, "widgets 12 string 100\n", "libcount: 3 malloc, 2 new\n"))
    elif case == "ld_preload_counts_every_object":
        status, out, err = run([GLIBC, f"{B}/main_widgets"], {"LD_PRELOAD": COUNT})
        m = re.fullmatch(r"libcount: (\d+) malloc, (\d+) new\n", err)
        expect((status, out, bool(m) and int(m[1]) >= 8 and int(m[2]) >= 2),
               (0, "widgets 12 string 100\n", True))
    elif case in ("manifest_file_gives_the_same_bindings", "manifest_note_gives_the_same_bindings"):
        debug = {"LDR_DEBUG": "bindings"}
        want = run([L, "--interpose", f"time={F}:fake_time", "--interpose-in", "clock_probe", PROBE], debug)
        want_bindings = interposed_bindings(want[2], PROBE)
        expect(len(want_bindings), 1)
        if case == "manifest_file_gives_the_same_bindings":
            m = write_manifest("# fake clock for clock_probe only\n\n"
                               "interpose time=$ORIGIN/libfakeclock.so:fake_time in clock_probe  # here\n")
            runs = {"manifest": (run([L, "--manifest", m, PROBE], debug), PROBE)}
        else:
            note = f"{B}/clock_probe_note"
            runs = {"note interp": (run([note], debug), note),
                    "note direct": (run([L, note], debug), note)}
        for name, (got, prog) in runs.items():
            expect((name, got[0], got[1].split("\n")[0], interposed_bindings(got[2], prog)),
                   (name, 0, FAKE, want_bindings))
            expect((name, is_real_clock(got[1].split("\n")[1])), (name, True))
    elif case == "bindings_debug_shows_interposed_references":
        status, out, err = run([L, "--interpose", f"time={F}:fake_time", PROBE], {"LDR_DEBUG": "bindings"})
        expect(interposed_bindings(err, PROBE),
               [f"binding file P [0] to {F} [0]: normal symbol `time' [GLIBC_2.2.5] interposed by `fake_time'"])
    elif case == "missing_library_fails":
        expect(run([L, "--interpose", f"time={B}/libnope.so", PROBE]),
               (127, "", f"{PROBE}: error while loading shared libraries: {B}/libnope.so: cannot open "
                         "shared object file: No such file or directory\n"))
    elif case == "missing_replacement_fails":
        expect(run([L, "--interpose", f"time={F}:no_such_fn", PROBE]),
               (127, "", f"{PROBE}: symbol lookup error: {F}: undefined symbol: no_such_fn "
                         f"(interposition time={F}:no_such_fn)\n"))
    elif case == "unreferenced_symbol_fails":
        expect(run([L, "--interpose", f"clock_settime={F}:fake_time", PROBE]),
               (127, "", f"{PROBE}: interposition error: clock_settime={F}:fake_time: no loaded "
                         "object references clock_settime\n"))
    elif case == "unknown_object_in_limit_fails":
        expect(run([L, "--interpose", f"time={F}", "--interpose-in", "libnothere.so.1", PROBE]),
               (127, "", f"{PROBE}: interposition error: time={F}: no loaded object is named libnothere.so.1\n"))
    elif case == "object_not_referencing_fails":
        expect(run([L, "--interpose", f"time={F}", "--interpose-in", "libc.so.6", PROBE]),
               (127, "", f"{PROBE}: interposition error: time={F}: libc.so.6 does not reference time\n"))
    elif case == "optional_rule_only_warns":
        status, out, err = run([L, "--interpose-optional", f"clock_settime={F}:fake_time", PROBE])
        expect((status, err), (0, f"{PROBE}: warning: interposition clock_settime={F}:fake_time: no loaded "
                                  "object references clock_settime (optional rule ignored)\n"))
        expect(is_real_clock(out.split("\n")[0]), True)
    elif case == "malformed_rule_is_a_usage_error":
        expect(run([L, "--interpose", "time", PROBE]), usage("time", "missing '=' between symbol and library"))
        expect(run([L, "--interpose", f"time@={F}", PROBE]), usage(f"time@={F}", "empty version after '@'"))
        expect(run([L, "--interpose", f"time={F}:", PROBE]), usage(f"time={F}:", "empty replacement name after ':'"))
    elif case == "malformed_manifest_names_the_line":
        m = write_manifest("# line 1\ninterpose time=$ORIGIN/libfakeclock.so\nmock time\n")
        expect(run([L, "--manifest", m, PROBE]),
               (127, "", f"{PROBE}: interposition error: {m}:3: unknown directive "
                         "(expected 'preload' or 'interpose')\n"))
        m = write_manifest("interpose time=$ORIGIN/libfakeclock.so in\n")
        expect(run([L, "--manifest", m, PROBE]),
               (127, "", f"{PROBE}: interposition error: {m}:1: directive without an argument\n"))
    elif case == "missing_manifest_fails":
        expect(run([L, "--manifest", "/nonexistent/manifest", PROBE]),
               (127, "", f"{PROBE}: interposition error: /nonexistent/manifest: cannot open manifest: "
                         "No such file or directory\n"))
    elif case == "versioned_rule_matches_only_that_version":
        status, out, err = run([L, "--interpose", f"time@GLIBC_2.2.5={F}", PROBE])
        expect((status, out.split("\n")[0], err), (0, FAKE, ""))
        expect(run([L, "--interpose", f"time@GLIBC_9.9={F}", PROBE]),
               (127, "", f"{PROBE}: interposition error: time@GLIBC_9.9={F}: no loaded object references time\n"))
    elif case == "set_function_in_a_glibc_program":
        want = (0, "previous is the original: 1\nrebound: 4242\n"
                   "second call returns the first replacement: 1\nthrough to the original: 4343\n"
                   "library opened later: 4343\nrestore returns the wrapper: 1\n"
                   "restored in the program: 1, in the library: 1\nunknown name: (nil)\n", "")
        expect(run([L, f"{B}/setfn_glibc", f"{B}/libgetpid_probe.so"]), want)
    elif case == "set_function_in_a_libc_free_program":
        want = (0, "before: hello / hello\nprevious is the original\nreplaced: HELLO! / HELLO!\n"
                   "restore returns the replacement\nrestored: hello / hello\n", "")
        expect(run([f"{B}/setfn_nolibc"]), want)
        expect(run([L, f"{B}/setfn_nolibc"]), want)
    elif case == "set_function_races_dlopen_safely":
        expect(run([L, f"{B}/setfn_threads", f"{B}/libgetpid_probe.so"]),
               (0, "bad results: 0\nrestored: 1 1\n", ""))
    elif case == "set_function_is_null_under_glibc":
        expect(run([GLIBC, f"{B}/setfn_glibc"]), (0, "not under ldr\n", ""))
    else:
        print(f"unknown case {case}")
        sys.exit(2)
    print(f"ok {case}")


if __name__ == "__main__":
    main()
