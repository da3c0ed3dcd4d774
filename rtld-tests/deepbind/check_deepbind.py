#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Runs one deepbind scenario under glibc's ld.so and under ldr: status,
# stdout and stderr must be identical, and glibc's output must be the one
# below (so the scenario cannot pass by testing nothing). With the debug
# category `scopes`, the scopes shown (start-up, then each object of the
# dlopen's closure: the closure first for RTLD_DEEPBIND; an object opened
# earlier with the closure added to its scopes) must be glibc's too, and so
# must the lookups and bindings `symbols,bindings` shows (eager glibc).
# Usage: check_deepbind.py LDR PROGRAM DIR SCENARIO
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from loaders import GLIBC, GLIBC_INTERNAL_LOOKUP  # noqa: E402
ldr, prog, libdir, scenario = sys.argv[1:5]

EXPECT = {
    "deepbind": "main: main\nplugin_calls_which: dep\nplugin_default_which: dep\ndep_calls_which: dep\n"
                "dep_default_plugin: found\n",
    "plain": "main: main\nplugin_calls_which: main\nplugin_default_which: main\ndep_calls_which: main\n"
             "dep_default_plugin: found\n",
    "dep_loaded_first": "main: main\nplugin_calls_which: dep\nplugin_default_which: dep\ndep_calls_which: main\n"
                        "dep_default_plugin: found\n",
    "dep_first_plugin_closed": "plugin closed\ndep_default_plugin: none\n",
}


def run(argv, extra=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LD_", "LDR_"))}
    env.update(extra or {})
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
# The scopes (dep_loaded_first: the plugin's closure added to the earlier object's).
pid = re.compile(r"^ +\d+:", re.M)
glibc_trace = pid.sub("", run([GLIBC] + args, {"LD_DEBUG": "scopes"})[2])
ldr_trace = pid.sub("", run([ldr] + args, {"LDR_DEBUG": "scopes"})[2])
if ldr_trace != glibc_trace or "libdeep_plugin.so [0]\n\t scope 0: " not in glibc_trace:
    print(f"FAIL {scenario}: scopes\n--- ldr ---\n{ldr_trace}\n--- glibc ---\n{glibc_trace}")
    sys.exit(1)
# Every lookup (relocations, dlsym) and binding as eager glibc shows them,
# but for the lookups glibc's ld.so makes for itself.


def lookups(argv, extra):
    err = run(argv, {"LD_DEBUG": "symbols,bindings", **extra})[2]
    return [line for line in pid.sub("", err).splitlines() if not GLIBC_INTERNAL_LOOKUP.search(line)]


glibc_lookups = lookups([GLIBC] + args, {"LD_BIND_NOW": "1"})
ldr_lookups = lookups([ldr] + args, {})
if ldr_lookups != glibc_lookups or not any("lookup in file=" in line for line in glibc_lookups):
    print(f"FAIL {scenario}: lookups\n--- ldr ---\n" + "\n".join(ldr_lookups) +
          "\n--- glibc ---\n" + "\n".join(glibc_lookups))
    sys.exit(1)
print(f"ok {scenario}")
