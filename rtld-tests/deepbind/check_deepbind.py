#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Runs one deepbind scenario under glibc's ld.so and under ldr: status,
# stdout and stderr must be identical, and glibc's output must be the one
# below (so the scenario cannot pass by testing nothing).
# Usage: check_deepbind.py LDR PROGRAM DIR SCENARIO
import os
import subprocess
import sys

GLIBC = "/lib64/ld-linux-x86-64.so.2"
ldr, prog, libdir, scenario = sys.argv[1:5]

EXPECT = {
    "deepbind": "main: main\nplugin_calls_which: dep\nplugin_default_which: dep\ndep_calls_which: dep\n",
    "plain": "main: main\nplugin_calls_which: main\nplugin_default_which: main\ndep_calls_which: main\n",
    "dep_loaded_first": "main: main\nplugin_calls_which: dep\nplugin_default_which: dep\ndep_calls_which: main\n",
}


def run(argv):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LD_", "LDR_"))}
    p = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60)
    return p.returncode, p.stdout, p.stderr


args = [os.path.abspath(prog), os.path.abspath(libdir), scenario]
glibc = run([GLIBC] + args)
if glibc != (0, EXPECT[scenario], ""):
    print(f"FAIL {scenario}: glibc's run is not the expected one: {glibc!r}")
    sys.exit(1)
got = run([ldr] + args)
if got != glibc:
    print(f"FAIL {scenario}: ldr {got!r}\n  glibc {glibc!r}")
    sys.exit(1)
print(f"ok {scenario}")
