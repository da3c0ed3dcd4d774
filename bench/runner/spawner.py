# SPDX-License-Identifier: MIT
# The static spawner (spawn.c) as the runner scripts use it: built into a
# work directory, then one run at a time with the figures of wait4's rusage.
# Measures nothing itself.
import os
import subprocess

HERE = os.path.dirname(os.path.realpath(__file__))


def build(work, cc="cc", rebuild=False):
    """The spawner's path in work, compiled when absent (or when rebuild)."""
    path = os.path.join(work, "spawn")
    if rebuild or not os.path.exists(path):
        subprocess.run([cc, "-static", "-O2", "-o", path, os.path.join(HERE, "spawn.c")], check=True)
    return path


def run(spawn, argv, env):
    """(status, cpu_ns, minor_faults, maxrss_kib) of one run of argv; raises
    RuntimeError when the spawner itself fails."""
    r = subprocess.run([spawn] + argv, env=env, stdout=subprocess.PIPE, text=True)
    fields = r.stdout.split()
    if r.returncode != 0 or len(fields) != 4:
        raise RuntimeError(f"spawner failed ({r.returncode}): {' '.join(argv)}")
    return tuple(int(x) for x in fields)
