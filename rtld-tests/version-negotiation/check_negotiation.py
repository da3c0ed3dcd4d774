#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Runs the negotiation programs (RPATH: plain/ = no version note, old/ = 2.1,
# new/ = 3.7) as PT_INTERP and through `ldr PROG`; exact output and status.
# Usage: check_negotiation.py CASE LDR BUILDDIR
import os
import subprocess
import sys

case, ldr, build = sys.argv[1:4]
B = os.path.realpath(build)
NOTHING = ("./main_req40: error while loading shared libraries: libneg.so.1: version 4.0 or "
           f"later required by ./main_req40; found {B}/plain/libneg.so.1 (no version), "
           f"{B}/old/libneg.so.1 (version 2.1), {B}/new/libneg.so.1 (version 3.7)\n")
AUTHORITATIVE = (f"./main_user: error while loading shared libraries: libneg.so.1: version 3.5 or "
                 f"later required by {B}/libuser.so.1; found {B}/plain/libneg.so.1 (no version)\n")
CASES = {
    "first_satisfying_candidate_wins": ("main_req35", 0, "libneg 3.7\n", ""),
    "nothing_satisfies_names_every_candidate": ("main_req40", 127, "", NOTHING),
    "revision_counts_when_versions_are_equal": ("main_req21", 0, "libneg 2.1\n", ""),
    "no_requirement_takes_the_first": ("main_noreq", 0, "libneg unversioned\n", ""),
    "loaded_object_is_authoritative": ("main_user", 127, "", AUTHORITATIVE),
}
prog, want_status, want_out, want_err = CASES[case]
env = {k: v for k, v in os.environ.items() if not k.startswith(("LD_", "LDR_"))}
failed = False
for mode, argv in (("interp", ["./" + prog]), ("direct", [os.path.realpath(ldr), "./" + prog])):
    p = subprocess.run(argv, cwd=build, capture_output=True, text=True, env=env, timeout=30)
    # `ldr ./prog` takes $ORIGIN from the path as given: "<dir>/./lib" (as glibc).
    got = (p.returncode, p.stdout, p.stderr.replace("/./", "/"))
    if got != (want_status, want_out, want_err):
        failed = True
        print(f"FAIL {case} [{mode}]\n  want {(want_status, want_out, want_err)!r}\n  got  {got!r}")
if failed:
    sys.exit(1)
print(f"ok {case}")
