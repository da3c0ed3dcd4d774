#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Runs the negotiation programs (RPATH: plain/ = no version note, old/ = 2.1,
# new/ = 3.7) as PT_INTERP and through `ldr PROG`; exact output and status.
# Usage: check_negotiation.py CASE LDR BUILDDIR
import os
import re
import subprocess
import sys

case, ldr, build = sys.argv[1:4]
B = os.path.realpath(build)
NOTHING = ("./main_req40: error while loading shared libraries: libneg.so.1: version 4.0 or "
           f"later required by ./main_req40; found {B}/plain/libneg.so.1 (no version), "
           f"{B}/old/libneg.so.1 (version 2.1), {B}/new/libneg.so.1 (version 3.7)\n")
AUTHORITATIVE = (f"./main_user: error while loading shared libraries: libneg.so.1: version 3.5 or "
                 f"later required by {B}/libuser.so.1; found {B}/plain/libneg.so.1 (no version)\n")
DLOPEN_NOTHING = ("dlopen: libneg.so.1: version 4.0 or later required by ./main_dlopen40; found "
                  f"{B}/plain/libneg.so.1 (no version), {B}/old/libneg.so.1 (version 2.1), "
                  f"{B}/new/libneg.so.1 (version 3.7)\n")
WEAK_UNMET = ("./main_weak40: warning: libneg.so.1: version 4.0 or later requested by ./main_weak40 "
              f"(weak requirement); using {B}/plain/libneg.so.1 (no version)\n")
CASES = {
    "first_satisfying_candidate_wins": ("main_req35", 0, "libneg 3.7\n", ""),
    "nothing_satisfies_names_every_candidate": ("main_req40", 127, "", NOTHING),
    "revision_counts_when_versions_are_equal": ("main_req21", 0, "libneg 2.1\n", ""),
    "no_requirement_takes_the_first": ("main_noreq", 0, "libneg unversioned\n", ""),
    "loaded_object_is_authoritative": ("main_user", 127, "", AUTHORITATIVE),
    "dlopen_applies_the_openers_requirement": ("main_dlopen35", 0, "dlopen gave libneg 3.7\n", ""),
    "dlopen_names_every_rejected_candidate": ("main_dlopen40", 1, DLOPEN_NOTHING, ""),
    "weak_requirement_prefers_a_satisfying_candidate": ("main_weak35", 0, "libneg 3.7\n", ""),
    # Nothing is 4.0 or later: the first candidate in search order is used.
    "weak_requirement_unmet_only_warns": ("main_weak40", 0, "libneg unversioned\n", WEAK_UNMET),
}
env = {k: v for k, v in os.environ.items() if not k.startswith(("LD_", "LDR_"))}
if case == "list_shows_version_and_requirement":
    p = subprocess.run([os.path.realpath(ldr), "--list", "./main_req35"], cwd=build,
                       capture_output=True, text=True, env=env, timeout=30)
    out = re.sub(r"\(0x[0-9a-f]{16}\)", "(ADDR)", p.stdout).replace("/./", "/")
    want = ("\tlinux-vdso.so.1 (ADDR)\n"
            f"\tlibneg.so.1 => {B}/new/libneg.so.1 (ADDR) version 3.7 (required 3.5 by ./main_req35)\n")
    if (p.returncode, out, p.stderr) != (0, want, ""):
        print(f"FAIL {case}\n  want {want!r}\n  got  {(p.returncode, out, p.stderr)!r}")
        sys.exit(1)
    print(f"ok {case}")
    sys.exit(0)
prog, want_status, want_out, want_err = CASES[case]
failed = False
for mode, argv in (("interp", ["./" + prog]), ("direct", [os.path.realpath(ldr), "./" + prog])):
    p = subprocess.run(argv, cwd=build, capture_output=True, text=True, env=env, timeout=30)
    # `ldr ./prog` takes $ORIGIN from the path as given: "<dir>/./lib" (as glibc).
    got = (p.returncode, p.stdout.replace("/./", "/"), p.stderr.replace("/./", "/"))
    if got != (want_status, want_out, want_err):
        failed = True
        print(f"FAIL {case} [{mode}]\n  want {(want_status, want_out, want_err)!r}\n  got  {got!r}")
if failed:
    sys.exit(1)
print(f"ok {case}")
